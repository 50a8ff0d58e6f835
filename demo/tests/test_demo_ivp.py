"""The demo veiligheidsplan: adopted, analysed from the police sample, carried out with partners."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from ivp import services
from ivp.models import Actie, Doelstelling, Indicator, Meting, Plan, Prioritering
from ivp.monitoring import goal_statuses
from lib import tenancy
from organisations.models import Gemeente, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def zuiderveen() -> Gemeente:
    call_command("load_demo")
    with tenancy.bound(platform=True):
        return Gemeente.objects.get(cbs_code="GM9901")


def _an_adopted_plan_2027_2030_with_three_to_five_priorities_and_smart_goals(zuiderveen: Gemeente) -> None:
    with tenancy.bound(gemeente=zuiderveen.pk):
        plan = Plan.objects.get(status="vastgesteld")
        assert (plan.startjaar, plan.eindjaar, plan.vastgesteld_door) == (2027, 2030, "gemeenteraad")
        priorities = Prioritering.objects.filter(plan=plan, niveau="prioriteit")
        assert 3 <= priorities.count() <= 5
        for p in priorities:
            goals = Doelstelling.objects.filter(plan=plan, thema=p.thema)
            assert goals.exists(), p.thema
            assert all(g.indicator_id and g.streefwaarde is not None and g.deadline and g.eigenaar for g in goals)


def _the_analysis_comes_from_the_police_sample_down_to_wijken_and_buurten(zuiderveen: Gemeente) -> None:
    with tenancy.bound(gemeente=zuiderveen.pk):
        woninginbraak = Indicator.objects.get(bronsleutel="politie:misdrijf:1.1.1:GeregistreerdeMisdrijven_1")
        assert woninginbraak.thema.code == "1.3"
        years = set(Meting.objects.filter(indicator=woninginbraak, gebied="").values_list("jaar", flat=True))
        assert years == set(range(2012, 2024))
        assert Meting.objects.filter(indicator=woninginbraak, gebied__startswith="BU9901").exists()


def _actions_of_the_police_and_the_fire_brigade_whose_logins_can_update_them(zuiderveen: Gemeente) -> None:
    with tenancy.bound(gemeente=zuiderveen.pk):
        acties = Actie.objects.filter(programma__jaar=2027).select_related("organisatie")
        owners = {a.organisatie.name for a in acties if a.organisatie}
        assert {"Politie Eenheid Oost-Nederland", "Veiligheidsregio Zuiderveen-Vallei"} <= owners
        wijkagent = Membership.objects.select_related("gemeente").get(user__email="wijkagent@zuiderveen.example")
        own = acties.filter(organisatie=wijkagent.partner).first()
        assert own is not None and own.voortgang > 0
    with tenancy.bound(gemeente=zuiderveen.pk, user=wijkagent.user_id):
        services.update_voortgang(by=wijkagent, actie=own, expected_version=own.version, voortgang=90)


def _monitoring_shows_progress_late_and_stalled_actions_and_judged_goals(zuiderveen: Gemeente) -> None:
    with tenancy.bound(gemeente=zuiderveen.pk):
        acties = Actie.objects.filter(programma__jaar=2027)
        assert acties.overdue(timezone.localdate()).exists()
        assert acties.stalled(timezone.now()).exists()
        assert acties.filter(status="afgerond").exists()
        plan = Plan.objects.get(status="vastgesteld")
        doelen = list(Doelstelling.objects.filter(plan=plan).select_related("indicator", "plan"))
        labels = {status.label for _d, status in goal_statuses(doelen)}
    assert "Nog geen meting" not in labels
    assert len(labels) >= 2, labels
    assert datetime.date(2030, 12, 31) in {d.deadline for d in doelen}


def _the_risk_register_shows_every_analysis(zuiderveen: Gemeente) -> None:
    """The assets named in the product's story, over 40 risks and 80 measures, and every analysis has
    something to show: covered chains, gaps, overlap, a conflict, an acceptance about to expire,
    an expired one and overdue reviews."""
    from risicos import analysis
    from risicos import services as risico_services
    from risicos.models import (
        Acceptatie,
        Bedrijfsmiddel,
        Maatregel,
        MaatregelDoel,
        Risico,
        Tegenstrijdigheid,
        ThemaMaatregel,
        ThemaRisico,
    )

    today = timezone.localdate()
    with tenancy.bound(gemeente=zuiderveen.pk):
        names = set(Bedrijfsmiddel.objects.values_list("naam", flat=True))
        assert {"Stadhuis", "KCC-balie", "Raadzaal", "Burgemeester", "ICT-omgeving", "Archief", "Gemeentewerf"} <= names
        assert Risico.objects.count() >= 40 and Maatregel.objects.count() >= 80
        risicos = Risico.objects.all()
        gaps = analysis.gap_counts(risicos)
        assert gaps["detectie_zonder_interventie"] > 0 and gaps["geen_continuiteit"] > 0
        brand = Risico.objects.get(titel="Brand in het archief")
        chain = analysis.keten(brand)
        assert chain.tegenstrijdig and "blusinstallatie" in " ".join(m.titel.lower() for m in chain.op_papier)
        inbraak = analysis.keten(Risico.objects.get(titel="Inbraak in het stadhuis buiten kantoortijd"))
        assert {"detecteren", "intervenieren", "tegenhouden", "vertragen"} <= inbraak.covered
        ransomware = analysis.keten(Risico.objects.get(titel="Ransomware legt de ICT-omgeving plat"))
        assert "continuiteit" in ransomware.covered
        assert any(
            len(m) > 1
            for m in analysis.keten(Risico.objects.get(titel="Agressie van een bezoeker aan de balie")).overlap.values()
        )
        standen = [risico_services.stand(a, a.risico, today) for a in Acceptatie.objects.select_related("risico")]
        assert any(s.verlopen for s in standen)
        assert any(
            a.geldig_tot <= today + datetime.timedelta(days=30) and a.geldig_tot >= today
            for a in Acceptatie.objects.all()
        )
        assert Risico.objects.filter(volgende_review__lt=today).count() >= 3
        assert Tegenstrijdigheid.objects.exists() and MaatregelDoel.objects.exists()
        assert Risico.objects.filter(netto_niveau__isnull=True).exists()  # one scored inherent only
        linked = set(ThemaRisico.objects.values_list("thema__code", "risico__titel"))
        assert ("5.3", "Ransomware legt de ICT-omgeving plat") in linked and len(linked) >= 5
        assert ThemaMaatregel.objects.filter(thema__code="5.3").count() == 2


def test_the_demo_veiligheidsplan_is_adopted_analysed_carried_out_and_monitored(zuiderveen: Gemeente) -> None:
    """One load of the demo (it takes seconds), every promise of the demo plan checked on it."""
    _an_adopted_plan_2027_2030_with_three_to_five_priorities_and_smart_goals(zuiderveen)
    _the_analysis_comes_from_the_police_sample_down_to_wijken_and_buurten(zuiderveen)
    _monitoring_shows_progress_late_and_stalled_actions_and_judged_goals(zuiderveen)
    _actions_of_the_police_and_the_fire_brigade_whose_logins_can_update_them(zuiderveen)
    _the_risk_register_shows_every_analysis(zuiderveen)


def test_the_demo_has_a_closed_start_meeting_with_25_participants_and_a_prepared_review(zuiderveen: Gemeente) -> None:
    from bijeenkomsten.models import Antwoord, Bijeenkomst, Deelnemer, Inbreng, Resultaat, Stem

    with tenancy.bound(gemeente=zuiderveen.pk):
        start = Bijeenkomst.objects.get(status="gesloten")
        assert start.datum < timezone.localdate()
        assert Deelnemer.objects.filter(bijeenkomst=start).count() == 25
        assert Antwoord.objects.filter(vraag__bijeenkomst=start).count() == 4 * 25
        assert Inbreng.objects.filter(vraag__bijeenkomst=start).count() == 6
        assert Stem.objects.filter(inbreng__vraag__bijeenkomst=start).count() == 14 + 9 + 11 + 12 + 6 + 8
        ernst = Resultaat.objects.filter(bijeenkomst=start, vraag__criterium="ernst")
        assert ernst.count() == 8 and all(r.antwoorden > 15 for r in ernst)
        review = Bijeenkomst.objects.get(status="voorbereid")
        assert review.vragen.count() == 5 and review.gekopieerd_van_id == start.pk
