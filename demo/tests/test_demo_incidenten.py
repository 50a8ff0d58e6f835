"""The demo's incidents and actions: reports handled, a data breach reported to the Autoriteit, links to the
register with risks flagged for review, follow-up and audit actions of which one is overdue."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acties.models import Verbeteractie
from incidenten.models import Incident, IncidentMaatregel, IncidentRisico
from lib import tenancy
from organisations.models import Gemeente, Membership

pytestmark = pytest.mark.django_db


def test_the_demo_incidents_are_handled_linked_and_followed_up_with_actions() -> None:
    call_command("load_demo")
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
    today = timezone.localdate()
    with tenancy.bound(gemeente=zuiderveen.pk):
        assert Incident.objects.count() == 6
        datalek = Incident.objects.get(soort__sleutel="datalek")
        assert datalek.datalek and datalek.ap_melding == "gemeld" and datalek.ap_gemeld_op is not None
        assert IncidentRisico.objects.filter(risico__herbeoordelen=True).count() == 2
        assert IncidentMaatregel.objects.count() == 3
        acties = list(Verbeteractie.objects.all())
        melder = Membership.objects.get(role="melder").user
    assert {a.bron for a in acties} == {"incident", "audit"}
    assert sum(a.te_laat for a in acties) == 1
    assert sum(a.status == "afgerond" for a in acties) == 1
    overdue = next(a for a in acties if a.te_laat)
    assert overdue.deadline < today and overdue.eigenaar_id is not None

    client = Client()
    client.force_login(melder)
    page = client.get(reverse("acties:mijn")).content.decode()
    assert overdue.titel in page and "(te laat)" in page
