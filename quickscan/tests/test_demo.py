"""The demo's quickscan: three completed scans over two years with mostly rising levels and one dip, an action
for the dip, and a concept; the development page shows them."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from acties.models import Verbeteractie
from lib import tenancy
from organisations.models import Gemeente, Membership
from quickscan.models import Quickscan, Status
from quickscan.stand import volwassenheid

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_completed_scans_over_two_years_a_dip_an_action_and_a_concept() -> None:
    call_command("load_demo")
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
    with tenancy.bound(gemeente=zuiderveen.pk):
        scans = list(Quickscan.objects.order_by("peildatum"))
        coordinator = Membership.objects.get(gemeente=zuiderveen, role="coordinator")
        stand = volwassenheid(coordinator)
        acties = list(Verbeteractie.objects.filter(bron="quickscan"))
    assert [s.status for s in scans] == [Status.AFGEROND] * 3 + [Status.CONCEPT]
    assert (scans[2].peildatum - scans[0].peildatum).days > 540, "spread over (almost) two years"
    assert stand is not None and stand.gemiddelde is not None and stand.vorige_gemiddelde is not None
    assert stand.gemiddelde > stand.vorige_gemiddelde, "mostly rising"
    assert [a.bron_id for a in acties] == [scans[2].pk]
    client = Client()
    client.force_login(coordinator.user)
    page = client.get(reverse("quickscan:ontwikkeling")).content.decode()
    assert "Fysieke beveiliging – Bewustwording" in page
