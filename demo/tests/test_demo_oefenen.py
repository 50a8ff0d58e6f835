"""The demo's programme of trainen, oefenen en testen: spread over last year, this year and the next two, done
and planned, one overdue, scenarios from the register, findings with an action; and the awareness of two
years with one afdeling under 100 %."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acties.models import Verbeteractie
from lib import tenancy
from oefenen import stand
from oefenen.models import Deelname, Oefening
from organisations.models import Gemeente, Membership

pytestmark = pytest.mark.django_db


def test_the_demo_programme_spans_four_years_and_learns_from_its_exercises() -> None:
    call_command("load_demo")
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
    today = timezone.localdate()
    with tenancy.bound(gemeente=zuiderveen.pk):
        oefeningen = list(Oefening.objects.all())
        acties = list(Verbeteractie.objects.filter(bron="oefening"))
        deelname = {(d.jaar, d.afdeling): (d.medewerkers, d.deelgenomen) for d in Deelname.objects.all()}
        coordinator = Membership.objects.get(role="coordinator", user__email="coordinator@zuiderveen.example")
        dit_jaar = stand.uitvoering(coordinator, today.year)
        vorig_jaar = stand.uitvoering(coordinator, today.year - 1)
    years = {o.datum.year for o in oefeningen}
    assert {today.year - 1, today.year + 1, today.year + 2} <= years
    assert {o.status for o in oefeningen} == {"gepland", "uitgevoerd", "vervallen"}
    assert sum(o.te_laat for o in oefeningen) == 1
    assert sum(o.scenario_id is not None for o in oefeningen) >= 3
    assert all(o.bevindingen for o in oefeningen if o.status == "uitgevoerd")
    (actie,) = acties
    assert actie.bron_id in {o.pk for o in oefeningen} and not actie.te_laat
    assert {jaar for jaar, _afdeling in deelname} == {today.year - 1, today.year}
    assert vorig_jaar.percentage == 100
    assert dit_jaar.afdelingen_onder == 1 and dit_jaar.percentage is not None and dit_jaar.percentage < 100

    client = Client()
    client.force_login(coordinator.user)
    page = client.get(reverse("oefenen:bewustwording")).content.decode()
    assert "Nog niet iedereen" in page and "Sociaal Domein" in page
    assert "(te laat)" in client.get(reverse("oefenen:programma")).content.decode()
