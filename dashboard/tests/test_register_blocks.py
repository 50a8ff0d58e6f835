"""The start page's blocks of the registers: risks and measures, actions and incidents, each number
read from its capability in a fixed number of queries and linking to the filtered list behind it."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acties.models import Verbeteractie
from acties.tests import world as acties_world
from dashboard.blocks import STAAF, Rij, Tabel
from dashboard.tests.pages import home, section
from incidenten.tests import world as incidenten_world
from ivp.tests.programma_world import world_of
from lib import tenancy
from risicos import services
from risicos.models import Dreiging, Risico
from risicos.tests import world as risicos_world
from tests.factories import make_partner

pytestmark = pytest.mark.django_db

BASE = 6  # the shell of every page (tests/test_query_budgets.py)


def rows(block: str) -> dict[str, tuple[str, int]]:
    """Each table row of a block: its label -> (its link, its number)."""
    found = re.findall(
        r'<th class="utrecht-table__header-cell" scope="row">(?:<svg.*?</svg> )?(?:<a class="utrecht-link" href="([^"]*)">)?'
        r'(.*?)(?:</a>)?</th>\s*<td[^>]*><span class="kapstok-staaf__getal">(\d+)</span>',
        block,
        re.S,
    )
    return {label: (href, int(n)) for href, label, n in found}


def test_the_coordinator_sees_risks_per_level_and_measures_per_status_with_the_lists_behind_them(
    personas: Any,
) -> None:
    pk = risicos_world.risico_pk(personas)  # net level "Midden" (2 × 3), one implemented measure
    with risicos_world.bound(personas):
        Risico.objects.filter(pk=pk).update(volgende_review=timezone.localdate() - datetime.timedelta(days=1))
    block = section(home(personas, "coordinator"), "risicos")
    register, maatregelen = reverse("risicos:risicos"), reverse("risicos:maatregelen")
    levels = rows(block)
    with risicos_world.bound(personas):
        risico = Risico.objects.select_related("matrix").get(pk=pk)
        naam = risico.matrix.niveaus[risico.netto_niveau]["naam"]
    assert levels[naam] == (f"{register}?niveau={risico.netto_niveau}", 1)
    assert levels["Geïmplementeerd"] == (f"{maatregelen}?status=geimplementeerd", 1)
    assert levels["Voorgesteld"] == (f"{maatregelen}?status=voorgesteld", 0)
    assert "Risico's per niveau (netto, anders bruto): 1 risico" in block
    assert (
        f'<a class="utrecht-link" href="{register}?review=te-laat">1 risico waarvan de beoordeling te laat is</a>'
        in block
    )
    assert "0 risico's die opnieuw beoordeeld moeten worden" in block
    assert "0 acceptaties die verlopen zijn of binnen 30 dagen verlopen" in block


def test_before_the_register_is_started_the_block_says_so(personas: Any) -> None:
    by = personas.coordinator_b
    client = Client()
    client.force_login(by.user)
    block = section(html.unescape(client.get(reverse("dashboard:home")).content.decode()), "risicos")
    assert "Het risicoregister is nog niet ingericht." in block and "<table" not in block


def test_late_actions_are_counted_and_link_to_the_late_ones(personas: Any) -> None:
    late = acties_world.actie(personas, eigenaar="coordinator")
    acties_world.actie(personas, eigenaar="coordinator", titel="Nog op tijd")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        Verbeteractie.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=2))
    block = section(home(personas, "bestuurder"), "acties")
    lijst = reverse("acties:lijst")
    assert re.search(rf'<a class="utrecht-link" href="{lijst}">\d+ lopende acties</a>', block)
    assert f'<a class="utrecht-link" href="{lijst}?te_laat=on">1 actie is te laat</a>' in block


def test_the_incident_trend_counts_the_last_twelve_whole_months_against_the_twelve_before(personas: Any) -> None:
    today = timezone.localdate()
    first_of_this_month = today.replace(day=1)
    incidenten_world.melding(personas, datum=first_of_this_month - datetime.timedelta(days=1), ernst="ernstig")
    incidenten_world.melding(personas, datum=first_of_this_month - datetime.timedelta(days=40))
    incidenten_world.melding(personas, datum=first_of_this_month - datetime.timedelta(days=400))
    incidenten_world.melding(personas, datum=today)  # this month: not yet in a whole month
    block = section(home(personas, "coordinator"), "incidenten")
    assert "Alle incidenten van de gemeente. 2 incidenten in " in block
    assert "1 meer dan in de twaalf maanden ervoor (1); daarvan 1 was ernstig of zeer ernstig." in block
    van = first_of_this_month.replace(year=first_of_this_month.year - 1)
    tot = first_of_this_month - datetime.timedelta(days=1)
    assert f'href="{reverse("incidenten:rode_draden")}?van={van}&tot={tot}"' in block


def test_a_thema_eigenaar_counts_the_incidents_of_their_themes(personas: Any) -> None:
    block = section(home(personas, "thema_eigenaar"), "incidenten")
    assert "De incidenten van uw thema's: Informatiebeveiliging." in block


@pytest.mark.parametrize("role", ["melder", "ketenpartner"])
def test_who_reads_no_register_gets_none_of_these_blocks(personas: Any, role: str) -> None:
    body = home(personas, role)
    assert all(section(body, slug) == "" for slug in ("risicos", "acties", "incidenten"))


def more_risks(personas: Any, n: int) -> None:
    by = personas.members["coordinator"]
    with risicos_world.bound(personas):
        for i in range(n):
            services.add_risico(
                by=by,
                titel=f"Risico {i}",
                scenario="Iemand doet iets wat niet mag.",
                dreiging=Dreiging.objects.get(sleutel="inbraak"),
                themas=["fysieke_beveiliging"],
                bruto_kans=1 + i % 5,
                bruto_impact=1 + (i * 2) % 5,
                bedrijfsmiddelen=[],
            )


def test_the_blocks_cost_the_same_queries_however_large_the_registers(personas: Any) -> None:
    risicos_world.risico_pk(personas)
    client = Client()
    client.force_login(personas.user("auditor"))
    client.get(reverse("dashboard:home"))

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("dashboard:home")).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    more_risks(personas, 5)
    acties_world.grow(personas, 5)
    incidenten_world.grow(personas, 5)
    for i in range(5):
        make_partner(personas.gemeente_a, f"Partner {i}")
    assert count() == few


def test_the_plan_block_counts_the_goals_per_judgement_and_the_late_actions_of_the_programme(personas: Any) -> None:
    world = world_of(personas)  # a goal and a 2027 programme with two actions
    world.add("Te laat", status="lopend", eind=datetime.date(2020, 1, 31))
    block = section(home(personas, "bestuurder"), "ivp")
    monitoring = reverse("ivp:monitoring")
    goals = rows(block)
    assert set(goals) == {"Op koers", "Niet op koers", "Bereikt", "Nog niet te beoordelen", "Nog geen meting"}
    assert sum(n for _link, n in goals.values()) == 1
    assert all(link == (monitoring if n else "") for link, n in goals.values())
    assert re.search(
        rf'<a class="utrecht-link" href="{monitoring}">1 actie van het uitvoeringsprogramma {world.programma.jaar} '
        r"is te laat \(van 3\)</a>",
        block,
    )


def test_without_a_plan_the_block_says_so(personas: Any) -> None:
    client = Client()
    client.force_login(personas.coordinator_b.user)
    block = section(html.unescape(client.get(reverse("dashboard:home")).content.decode()), "ivp")
    assert "Er is nog geen veiligheidsplan." in block


def test_the_bars_beside_the_numbers_are_scaled_to_the_largest() -> None:
    table = Tabel("Soorten", "Soort", "Aantal", (Rij("a", 4), Rij("b", 1), Rij("c", 0)))
    assert [bar for _rij, bar in table.staven] == [STAAF, STAAF // 4, 0]
    assert Tabel("Leeg", "Soort", "Aantal", (Rij("a", 0),)).staven == [(Rij("a", 0), 0)]
