"""The demo's PDCA cycle: last year done, this year under way with a late report, next year planned; findings
that became actions, findings for the kader and one taken up into the kader's concept."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from acties.models import Verbeteractie
from lib import tenancy
from organisations.models import Gemeente
from pdca.models import Activiteit, Bevinding

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_years_of_the_cycle_with_findings_actions_and_one_taken_into_the_kader() -> None:
    call_command("load_demo")
    today = timezone.localdate()
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
    with tenancy.bound(gemeente=zuiderveen.pk):
        vorig = list(Activiteit.objects.filter(gepland_op__year=today.year - 1))
        dit = list(Activiteit.objects.filter(gepland_op__year=today.year))
        volgend = list(Activiteit.objects.filter(gepland_op__year=today.year + 1))
        taken = list(Bevinding.objects.filter(verwerkt_in__isnull=False).select_related("verwerkt_in"))
        waiting = Bevinding.objects.filter(voor_kader=True, verwerkt_in__isnull=True).count()
        bronnen = set(
            Verbeteractie.objects.filter(bron_id__in=[a.pk for a in vorig + dit]).values_list("bron", flat=True)
        )
        sources = {a.soort for a in vorig if a.bevindingen.exists()}
    assert vorig and all(a.status == "uitgevoerd" for a in vorig)
    assert {a.fase for a in vorig} == {"plan", "do", "check", "act"}
    assert sum(a.te_laat(today) for a in dit) == (
        1 if any(a.soort == "rapportage" and a.gepland_op < today for a in dit) else 0
    )
    assert volgend and all(a.status == "gepland" for a in volgend)
    assert {"interne_audit", "evaluatie", "managementreview"} <= sources
    assert [(b.verwerkt_in.nummer, b.verwerkt_in.status) for b in taken if b.verwerkt_in] == [(2, "concept")]
    assert waiting >= 1
    assert {"audit", "managementreview"} <= bronnen

    client = Client()
    client.force_login(User.objects.get(email="coordinator@zuiderveen.example"))
    client.get("/")
    assert taken[0].tekst in client.get(reverse("kader:overview")).content.decode()
    for url in (reverse("pdca:kalender"), reverse("pdca:act"), reverse("pdca:plannen")):
        assert client.get(url).status_code == 200, url
