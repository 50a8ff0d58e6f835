"""Rode draden: a period of incidents against the period before, the patterns, the conclusions, their
actions and the document."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from acties.models import Verbeteractie
from documents.data import placeholder_paths, placeholders_markdown
from documents.models import Documentsoort, Sjabloon
from incidenten import documents, services
from incidenten.models import IncidentSoort, RodeDraden
from incidenten.rode_draden import Periode, analyse
from kader.tests.test_documents import docx_text, pdf_pages, plain_types, squash, struct_types, template_with
from lib import tenancy

from . import world

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 2
PERIOD = Periode(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
BALIE = "Publieksbalie stadhuis"


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def on(month: int, day: int = 10, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, day)


@pytest.fixture
def reports(personas: Any) -> None:
    """Aggression at the desk rose sharply (six in March, two the year before), burglary fell (one
    against four), data breaches stayed at two; one report of gemeente B in the same year."""
    for day in range(6):
        locatie = BALIE if day % 2 else " publieksbalie STADHUIS "
        ernst = "ernstig" if day < 2 else "aanzienlijk"
        world.melding(personas, datum=on(3, day + 1), locatie=locatie, ernst=ernst)
    for month in (4, 9):
        world.melding(personas, datum=on(month, year=YEAR - 1), locatie="Sporthal")
    world.melding(personas, sleutel="inbraak", datum=on(6), locatie="Gemeentewerf")
    for month in (1, 2, 5, 7):
        world.melding(personas, sleutel="inbraak", datum=on(month, year=YEAR - 1), locatie="Gemeentewerf")
    for year in (YEAR, YEAR - 1):
        world.melding(personas, sleutel="datalek", datum=on(11, year=year), locatie="")
    b = personas.gemeente_b
    with tenancy.bound(gemeente=b.pk, user=personas.coordinator_b.user_id):
        member = personas.coordinator_b
        if services.instelling(b.pk) is None:
            services.start(by=member, bewaartermijn_maanden=24)
        soort = IncidentSoort.objects.get(gemeente_id=b.pk, sleutel="agressie")
        for _ in range(5):
            services.meld(
                by=member, soort=soort, datum=on(3), omschrijving="Geheim van Beedorp", ernst="gering", locatie=BALIE
            )


def figures(personas: Any, role: str = "coordinator", periode: Periode = PERIOD) -> Any:
    with world.bound(personas, role):
        return analyse(personas.members[role], periode)


# --- the periods --------------------------------------------------------------------------------------


def test_the_period_before_has_the_same_length_in_whole_months_or_else_in_days() -> None:
    assert PERIOD.vorige() == Periode(on(1, 1, YEAR - 1), on(12, 31, YEAR - 1))
    assert PERIOD.label == str(YEAR) and PERIOD.vorige().label == str(YEAR - 1)
    quarter = Periode(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert quarter.vorige() == Periode(datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
    assert quarter.label == "januari t/m maart 2026"
    days = Periode(datetime.date(2026, 3, 3), datetime.date(2026, 4, 2))
    assert days.vorige() == Periode(datetime.date(2026, 1, 31), datetime.date(2026, 3, 2))
    assert days.label == "3 maart 2026 t/m 2 april 2026"
    leap = Periode(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert leap.vorige() == Periode(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))


# --- the figures and the patterns ---------------------------------------------------------------------


def test_the_figures_count_by_kind_theme_place_and_month_beside_the_year_before(personas: Any, reports: Any) -> None:
    found = figures(personas)
    assert (found.totaal.nu, found.totaal.toen) == (8, 7)
    assert (found.ernstig.nu, found.ernstig.toen) == (2, 0)
    kinds = {r.label: (r.nu, r.toen, r.signaal) for r in found.soorten}
    assert kinds == {
        "Agressie of geweld tegen een medewerker": (6, 2, "stijging"),
        "Inbraak of een poging daartoe": (1, 4, "daling"),
        "Datalek": (1, 1, ""),
    }
    themes = {r.label: (r.nu, r.toen) for r in found.themas}
    assert themes == {"Personele beveiliging": (6, 2), "Fysieke beveiliging": (1, 4), "Informatiebeveiliging": (1, 1)}
    places = {r.label: (r.nu, r.toen, r.signaal) for r in found.plaatsen}
    assert places[BALIE] == (6, 0, "stijging"), "the same place typed in another case is one"
    assert places["Gemeentewerf"] == (1, 4, "daling")
    assert len(found.maanden) == 12 and found.maanden[2].label == f"maart {YEAR}"
    assert (found.maanden[2].nu, found.maanden[2].signaal) == (6, "piek")
    assert (found.maanden[0].nu, found.maanden[0].toen) == (0, 1)
    assert found.signalen[0] == "Publieksbalie stadhuis: 6 incidenten, in de periode ervoor geen."
    assert "Agressie of geweld tegen een medewerker: 6 incidenten, in de periode ervoor 2 (een stijging van 200%)." in (
        found.signalen
    )
    assert any("een daling van 75%" in s for s in found.signalen)
    assert any(s.startswith(f"maart {YEAR}: 6 incidenten") for s in found.signalen)


def test_a_place_where_it_keeps_happening_is_a_pattern_even_without_a_rise(personas: Any) -> None:
    for year in (YEAR, YEAR - 1):
        for month in (2, 6, 10):
            world.melding(personas, datum=on(month, year=year), locatie="Parkeergarage")
    (row,) = figures(personas).plaatsen
    assert (row.nu, row.toen, row.signaal) == (3, 3, "terugkerend")
    assert "Parkeergarage: 3 incidenten op deze plaats" in " ".join(figures(personas).signalen)


def test_a_thema_eigenaar_counts_only_the_incidents_of_their_themes(personas: Any, reports: Any) -> None:
    found = figures(personas, "thema_eigenaar")
    assert (found.totaal.nu, found.totaal.toen) == (1, 1)
    assert [r.label for r in found.soorten] == ["Datalek"]
    assert "Informatiebeveiliging" in found.scope


def test_the_figures_take_four_queries_however_many_incidents_there_are(personas: Any, reports: Any) -> None:
    member = personas.members["coordinator"]
    with world.bound(personas), CaptureQueriesContext(connection) as small:
        analyse(member, PERIOD)
    for month in range(1, 13):
        world.melding(personas, datum=on(month, 20), locatie=f"Plek {month}", sleutel="diefstal")
    with world.bound(personas), CaptureQueriesContext(connection) as large:
        analyse(member, PERIOD)
    assert len(small.captured_queries) == len(large.captured_queries) == 4


# --- the page --------------------------------------------------------------------------------------------


def test_the_page_shows_last_year_by_default_and_the_chosen_period_with_its_patterns(
    personas: Any, reports: Any
) -> None:
    client = client_of(personas, "bestuurder")
    default = client.get(reverse("incidenten:rode_draden"))
    last_year = timezone.localdate().year - 1
    assert default.status_code == 200 and f"{last_year} naast {last_year - 1}" in default.content.decode()
    page = client.get(reverse("incidenten:rode_draden"), {"van": str(PERIOD.van), "tot": str(PERIOD.tot)})
    html = page.content.decode()
    assert page.status_code == 200
    assert f"{YEAR} naast {YEAR - 1}" in html and "stijging" in html and "komt terug" not in html
    assert escape("Geheim van Beedorp") not in html and "Conclusies schrijven" not in html, "a reader keeps nothing"


@pytest.mark.parametrize(
    ("van", "tot", "message"),
    [
        ("2026-03-01", "2026-02-01", "Deze datum ligt vóór het begin van de periode"),
        ("2020-01-01", "2025-12-31", "Kies een periode van hoogstens vijf jaar."),
        ("2026-13-45", "2026-12-31", "Vul een geldige datum in"),
        ("2026-01-01\x00", "2026-12-31", "Vul een geldige datum in"),
        ("0001-01-01", "0001-12-31", "Vul een datum in tussen"),
        ("", "2026-12-31", "Vul de datum in."),
    ],
)
def test_an_impossible_period_gets_a_dutch_message(personas: Any, van: str, tot: str, message: str) -> None:
    world.started(personas)
    response = client_of(personas, "coordinator").get(reverse("incidenten:rode_draden"), {"van": van, "tot": tot})
    assert response.status_code == 400
    assert escape(message) in response.content.decode()


@pytest.mark.parametrize("role", ["melder", "ketenpartner"])
def test_who_does_not_read_the_incidents_gets_no_rode_draden(personas: Any, reports: Any, role: str) -> None:
    kept = world.analyse_pk(personas)
    client = client_of(personas, role)
    for url in (
        reverse("incidenten:rode_draden"),
        reverse("incidenten:analyse", kwargs={"pk": kept}),
        reverse("incidenten:analyse_docx", kwargs={"pk": kept}),
        reverse("incidenten:analyse_pdf", kwargs={"pk": kept}),
    ):
        assert client.get(url).status_code == 403, url


# --- keeping an analysis, its conclusions and actions -------------------------------------------------


def test_the_coordinator_keeps_one_analysis_per_period_and_writes_its_conclusions(personas: Any, reports: Any) -> None:
    client = client_of(personas, "coordinator")
    period = {"van": str(PERIOD.van), "tot": str(PERIOD.tot)}
    first = client.post(reverse("incidenten:analyse_nieuw"), period)
    again = client.post(reverse("incidenten:analyse_nieuw"), period)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    with world.bound(personas):
        kept = RodeDraden.objects.get()
    assert first["Location"] == reverse("incidenten:analyse", kwargs={"pk": kept.pk})
    text = "De agressie aan de balie verdrievoudigde.\nWe trainen de baliemedewerkers."
    saved = client.post(first["Location"], {"version": kept.version, "conclusies": text})
    assert saved.status_code == 302
    with world.bound(personas):
        kept.refresh_from_db()
        events = list(
            apps.get_model("incidenten", "RodeDradenEvent").objects.filter(pgh_obj_id=kept.pk).order_by("pgh_id")
        )
    assert kept.conclusies == text.replace("\n", "\r\n") or kept.conclusies == text
    assert [e.pgh_context["action"] for e in events] == ["incidenten.rode_draden", "incidenten.conclusies"]
    page = client.get(first["Location"]).content.decode()
    assert f"Rode draden {YEAR}" in page and "verdrievoudigde" in page


def test_a_stale_or_too_long_conclusion_changes_nothing(personas: Any, reports: Any) -> None:
    pk = world.analyse_pk(personas)
    client = client_of(personas, "coordinator")
    url = reverse("incidenten:analyse", kwargs={"pk": pk})
    first = client.post(url, {"version": 1, "conclusies": "Eerste versie"})
    assert first.status_code == 302
    stale = client.post(url, {"version": 1, "conclusies": "Over de eerste heen"})
    too_long = client.post(url, {"version": 2, "conclusies": "x" * 5001})
    assert stale.status_code == too_long.status_code == 400
    assert "Gebruik hoogstens 5000 tekens." in too_long.content.decode()
    with world.bound(personas):
        assert RodeDraden.objects.get(pk=pk).conclusies == "Eerste versie"


def test_readers_see_the_analysis_but_only_the_coordinator_keeps_and_changes_it(personas: Any, reports: Any) -> None:
    pk = world.analyse_pk(personas)
    url = reverse("incidenten:analyse", kwargs={"pk": pk})
    for role in ("bestuurder", "auditor", "thema_eigenaar"):
        client = client_of(personas, role)
        assert client.get(url).status_code == 200
        assert client.post(url, {"version": 1, "conclusies": "Van een lezer"}).status_code == 403
        period = {"van": str(PERIOD.van), "tot": str(PERIOD.tot)}
        assert client.post(reverse("incidenten:analyse_nieuw"), period).status_code == 403
        assert client.get(reverse("incidenten:analyse_actie", kwargs={"pk": pk})).status_code == 403
    with world.bound(personas):
        assert RodeDraden.objects.count() == 1 and RodeDraden.objects.get().conclusies == ""


def test_another_gemeente_finds_no_analysis_of_gemeente_a(personas: Any, reports: Any) -> None:
    pk = world.analyse_pk(personas)
    client = client_of(personas, "coordinator_b")
    for name in ("analyse", "analyse_actie", "analyse_docx", "analyse_pdf"):
        assert client.get(reverse(f"incidenten:{name}", kwargs={"pk": pk})).status_code == 404, name


def test_a_conclusion_becomes_an_action_listed_on_the_analysis_and_leading_back_to_it(
    personas: Any, reports: Any
) -> None:
    pk = world.analyse_pk(personas)
    client = client_of(personas, "coordinator")
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    response = client.post(
        reverse("incidenten:analyse_actie", kwargs={"pk": pk}),
        {
            "titel": "Training omgaan met agressie aan de balie",
            "resultaat": "Alle baliemedewerkers volgden de training.",
            "eigenaar": str(personas.members["thema_eigenaar"].pk),
            "deadline": str(deadline),
            "thema": "informatiebeveiliging",
            "status": "open",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with world.bound(personas):
        actie = Verbeteractie.objects.get()
    assert (actie.bron, actie.bron_id) == ("rode_draden", pk)
    assert actie.bron_url == reverse("incidenten:analyse", kwargs={"pk": pk})
    assert actie.bron_titel.startswith("Rode draden ")
    page = client.get(reverse("incidenten:analyse", kwargs={"pk": pk})).content.decode()
    assert "Training omgaan met agressie aan de balie" in page


# --- the document --------------------------------------------------------------------------------------


def test_the_sample_has_exactly_the_documented_placeholders_and_the_docs_show_them() -> None:
    assert placeholder_paths(documents.sample_context()) == {p.naam for p in documents.PLACEHOLDERS}
    assert len({p.naam for p in documents.PLACEHOLDERS}) == len(documents.PLACEHOLDERS)
    text = (Path(settings.BASE_DIR) / "docs" / "incidenten.md").read_text()
    assert placeholders_markdown(documents.PLACEHOLDERS) in text


def test_the_default_template_passes_its_own_check() -> None:
    documents.WORD.check_upload("rode_draden.docx", documents.WORD.default_bytes())


def _kept(personas: Any) -> RodeDraden:
    with world.bound(personas):
        kept = services.rode_draden(by=personas.members["coordinator"], periode=PERIOD)
        return services.conclusies(
            by=personas.members["coordinator"],
            analyse=kept,
            expected_version=kept.version,
            conclusies="De balie vraagt aandacht.\n\nInbraken namen af na het nieuwe hek.",
        )


def test_the_data_of_the_document_is_plain_and_documented(personas: Any, reports: Any) -> None:
    kept = _kept(personas)
    with world.bound(personas):
        kept = RodeDraden.objects.select_related("gemeente").get(pk=kept.pk)
        data = documents.document_context(personas.members["coordinator"], kept)
    assert json.loads(json.dumps(data)) == data
    assert plain_types(data) <= {dict, list, str, int, bool, type(None)}
    assert placeholder_paths(data) <= {p.naam for p in documents.PLACEHOLDERS}
    assert data["conclusies"] == ["De balie vraagt aandacht.", "Inbraken namen af na het nieuwe hek."]
    assert data["samenvatting"]["tekst"].startswith(f"In {YEAR} zijn 8 incidenten gemeld, in {YEAR - 1} 7.")


def test_the_analysis_as_word_and_as_tagged_pdf_a_holds_the_figures_and_the_conclusions(
    personas: Any, reports: Any
) -> None:
    kept = _kept(personas)
    client = client_of(personas, "bestuurder")
    word = client.get(reverse("incidenten:analyse_docx", kwargs={"pk": kept.pk}))
    assert word.status_code == 200
    assert word["Content-Disposition"] == (
        f'attachment; filename="rode-draden-gemeente-aastad-{PERIOD.van}-{PERIOD.tot}.docx"'
    )
    text = docx_text(word.content)
    for line in (
        "Rode draden in de incidenten",
        "Agressie of geweld tegen een medewerker | 6 | 2 | +4 (+200%) | stijging",
        "Inbraken namen af na het nieuwe hek.",
        f"maart {YEAR} | 6 | 0 | +6 | piek",
    ):
        assert line in text, line
    assert "Geheim van Beedorp" not in text
    response = client.get(reverse("incidenten:analyse_pdf", kwargs={"pk": kept.pk}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf = pikepdf.open(io.BytesIO(response.content))
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
    assert str(pdf.Root.Lang) == "nl" and meta["dc:title"].startswith("Rode draden in de incidenten – Gemeente Aastad")
    assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= struct_types(pdf)
    body = squash(" ".join(pdf_pages(response.content)))
    for line in ("Agressie of geweld tegen een medewerker 6 2 +4 (+200%) stijging", "De balie vraagt aandacht."):
        assert squash(line) in body, line


# --- the gemeente's own Word template -------------------------------------------------------------------


def upload(client: Client, name: str, data: bytes, version: int | str = 0) -> Any:
    bestand = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("incidenten:sjabloon"), {"bestand": bestand, "version": version})


def own_templates(personas: Any, gemeente: Any = None) -> list[tuple[str, int]]:
    with tenancy.bound(gemeente=(gemeente or personas.gemeente_a).pk):
        return [(s.bestandsnaam, s.version) for s in Sjabloon.objects.filter(soort=Documentsoort.RODE_DRADEN)]


def test_the_template_page_shows_the_placeholders_and_gives_the_default_template(personas: Any) -> None:
    client = client_of(personas, "coordinator")
    assert reverse("incidenten:sjabloon") in client.get(reverse("incidenten:rode_draden")).content.decode()
    body = client.get(reverse("incidenten:sjabloon")).content.decode()
    for placeholder in documents.PLACEHOLDERS:
        assert f'<code class="utrecht-code">{escape(placeholder.naam)}</code>' in body
    download = client.get(reverse("incidenten:sjabloon_download"))
    assert download.content == documents.WORD.default_bytes()
    assert download["Content-Disposition"] == 'attachment; filename="rode-draden-standaardsjabloon.docx"'


def test_an_own_template_is_checked_stored_used_and_removed_and_a_bad_one_changes_nothing(
    personas: Any, reports: Any
) -> None:
    client = client_of(personas, "coordinator")
    bad = upload(client, "fout.docx", template_with("{{ samenvatting.wethouder }}"))
    assert bad.status_code == 200 and "veld dat niet bestaat: ‘wethouder’" in bad.content.decode()
    not_word = upload(client, "lijst.docx", b"naam;aantal\n")
    assert not_word.status_code == 200 and own_templates(personas) == []
    own = template_with("Huisstijl Aastad", "{{ titel }} in {{ periode }}: {{ samenvatting.totaal }} incidenten")
    assert upload(client, "huisstijl.docx", own).status_code == 302
    assert own_templates(personas) == [("huisstijl.docx", 1)]
    assert own_templates(personas, personas.gemeente_b) == []
    kept = _kept(personas)
    text = docx_text(
        client_of(personas, "auditor").get(reverse("incidenten:analyse_docx", kwargs={"pk": kept.pk})).content
    )
    assert text.split("\n")[-2:] == ["Huisstijl Aastad", f"Rode draden in de incidenten in {YEAR}: 8 incidenten"]
    stale = upload(client, "ouder.docx", own, version=0)
    assert stale.status_code == 200 and own_templates(personas) == [("huisstijl.docx", 1)]

    confirm = client.get(reverse("incidenten:sjabloon_delete"))
    assert "huisstijl.docx" in confirm.content.decode()
    assert client.post(reverse("incidenten:sjabloon_delete"), {"version": 1}).status_code == 302
    assert own_templates(personas) == []


@pytest.mark.parametrize("role", ["thema_eigenaar", "bestuurder", "auditor", "melder"])
def test_only_the_coordinator_manages_the_template(personas: Any, role: str) -> None:
    client = client_of(personas, role)
    assert reverse("incidenten:sjabloon") not in client.get(reverse("incidenten:rode_draden")).content.decode()
    for name in ("incidenten:sjabloon", "incidenten:sjabloon_download", "incidenten:sjabloon_delete"):
        assert client.get(reverse(name)).status_code == 403, name
    assert upload(client, "huisstijl.docx", template_with("{{ titel }}")).status_code == 403
    assert own_templates(personas) == []
