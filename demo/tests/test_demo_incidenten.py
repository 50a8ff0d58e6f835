"""The demo's incidents and actions: reports handled, a data breach reported to the Autoriteit, links to the
register with risks flagged for review, follow-up and audit actions of which one is overdue."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acties.models import Verbeteractie
from demo import incidenten_historie as historie
from demo.incidenten import MELDINGEN
from incidenten.models import Incident, IncidentMaatregel, IncidentRisico, RodeDraden
from incidenten.rode_draden import Periode, analyse
from lib import tenancy
from organisations.models import Gemeente, Membership

pytestmark = pytest.mark.django_db


def test_the_demo_incidents_are_handled_linked_and_followed_up_with_actions() -> None:
    call_command("load_demo")
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
    today = timezone.localdate()
    with tenancy.bound(gemeente=zuiderveen.pk):
        assert Incident.objects.count() == len(MELDINGEN) + historie.aantal(today)
        years = set(Incident.objects.values_list("datum__year", flat=True))
        datalek = Incident.objects.filter(soort__sleutel="datalek").order_by("-datum").first()
        assert datalek is not None
        assert datalek.datalek and datalek.ap_melding == "gemeld" and datalek.ap_gemeld_op is not None
        assert IncidentRisico.objects.filter(risico__herbeoordelen=True).count() == 2
        assert IncidentMaatregel.objects.count() == 3
        acties = list(Verbeteractie.objects.all())
        melder = Membership.objects.get(role="melder").user
    assert years >= {today.year - 2, today.year - 1}, "reports over two years and more, so trends show"
    # (other sources of the demo, such as an exercise, have actions too: demo/oefenen.py)
    assert {"incident", "audit", "rode_draden"} <= {a.bron for a in acties}
    assert sum(a.te_laat for a in acties) == 1
    assert sum(a.status == "afgerond" for a in acties) == 1
    overdue = next(a for a in acties if a.te_laat)
    assert overdue.deadline < today and overdue.eigenaar_id is not None

    client = Client()
    client.force_login(melder)
    page = client.get(reverse("acties:mijn")).content.decode()
    assert overdue.titel in page and "(te laat)" in page


def test_the_demo_analysis_of_last_year_shows_patterns_and_has_conclusions_and_actions() -> None:
    call_command("load_demo")
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
    with tenancy.bound(gemeente=zuiderveen.pk):
        kept = RodeDraden.objects.get()
        coordinator = Membership.objects.get(role="coordinator")
        found = analyse(coordinator, Periode(kept.van, kept.tot))
        acties = Verbeteractie.objects.filter(bron="rode_draden", bron_id=kept.pk).count()
    assert kept.van.year == timezone.localdate().year - 1 and kept.conclusies
    assert acties == 2
    signals = {row.label: row.signaal for row in found.soorten}
    assert signals["Agressie of geweld tegen een medewerker"] == "stijging"
    assert signals["Inbraak of een poging daartoe"] == "daling"
    assert any(row.signaal == "piek" for row in found.maanden)
    client = Client()
    client.force_login(coordinator.user)
    page = client.get(reverse("incidenten:analyse", kwargs={"pk": kept.pk}))
    assert page.status_code == 200 and "stijging" in page.content.decode()
