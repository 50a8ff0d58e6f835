"""The veiligheidsplan, its uitvoeringsprogramma and the voortgangsrapportage as Word and PDF/A, and the page of
the gemeente's own Word templates of the three.

One render per document kind and format (each by another reader of the plan), plus one with the gemeente's own
template; the rest checks the data, the queries, the refusals and the template page without rendering.
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from documents.data import placeholder_paths, placeholders_markdown
from documents.models import Documentsoort, Sjabloon
from documents.tests.busy import slots_taken_elsewhere
from ivp import services
from ivp.choices import ActieStatus, Niveau
from ivp.documents import KINDS, links, plan, programma, rapportage
from ivp.infographic_data import infographic_of
from ivp.models import Actie, Doelstelling, Indicator, Plan, Prioritering, Programma, Thema
from kader.tests.test_documents import (
    docx_text,
    pdf_pages,
    pdf_table_problems,
    plain_types,
    squash,
    struct_types,
    template_with,
)
from lib import tenancy
from lib.concurrency import STALE_MESSAGE
from tests import factories

pytestmark = pytest.mark.django_db

DOCUMENT_ROUTES = [
    "ivp:document_docx",
    "ivp:document_pdf",
    "ivp:rapportage_docx",
    "ivp:rapportage_pdf",
    "ivp:infographic",
    "ivp:infographic_svg",
    "ivp:infographic_png",
]
PROGRAMMA_ROUTES = ["ivp:programma_docx", "ivp:programma_pdf"]


# --- the world ---------------------------------------------------------------------------------------


def client_for(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    client.get(reverse("dashboard:home"))  # the first request stores the active gemeente
    return client


def bound(personas: Any) -> Any:
    return tenancy.bound(gemeente=personas.gemeente_a.pk, user=personas.members["coordinator"].user_id)


def fill(personas: Any) -> Plan:
    """Gemeente A's plan (tests.factories.add_ivp) with its chapters written, the goal's theme a priority with its
    story, fire safety on beheersniveau, the results of a previous plan, and the partner's action under way."""
    by = personas.members["coordinator"]
    with bound(personas):
        plan_a = Plan.objects.get(pk=personas.ivp_of().pk)
        services.edit_plan(
            by=by,
            plan=plan_a,
            expected_version=plan_a.version,
            afbakening="Dit plan gaat over de openbare veiligheid in Aastad.",
            visie="Aastad is een gemeente waar iedereen zich veilig voelt.",
            organisatie="De coördinator OOV voert de regie.",
            budget="Jaarlijks € 250.000 voor de prioriteiten.",
            evaluatieaanpak="Elk jaar een voortgangsrapportage aan de raad.",
        )
        Plan.objects.filter(pk=plan_a.pk).update(
            evaluatie_invoer=[
                {
                    "thema": "1.3 Veelvoorkomende criminaliteit",
                    "wat": "Minder fietsdiefstal",
                    "indicator": "Fietsdiefstal",
                    "eenheid": "per 1.000 inwoners",
                    "nulmeting": "5.2",
                    "streefwaarde": "4",
                    "laatste": "4.4",
                    "laatste_periode": "2025",
                    "oordeel": "Niet op koers",
                }
            ]
        )
        doel = Doelstelling.objects.select_related("thema__veld", "indicator").get(plan=plan_a)
        assert doel.indicator is not None
        services.set_meting(by=by, indicator=doel.indicator, jaar=2026, waarde=Decimal("2.4"))  # the target reached
        thema = doel.thema
        services.edit_thema(
            by=by, thema=thema, expected_version=thema.version, verhaal="Meer aangiften na de campagne."
        )
        for code, niveau, reden in (
            (thema.code, Niveau.PRIORITEIT, "Woninginbraak raakt inwoners hard."),
            ("4.2", Niveau.BEHEERSNIVEAU, "De veiligheidsregio heeft dit goed op orde."),
        ):
            p = Prioritering.objects.select_related("thema__veld", "plan").get(plan=plan_a, thema__code=code)
            services.edit_prioritering(
                by=by,
                prioritering=p,
                expected_version=p.version,
                omvang=4,
                ernst=5,
                trend=3,
                beleving=4,
                invloed=3,
                niveau=niveau,
                onderbouwing=reden,
            )
        actie = Actie.objects.select_related("thema__veld", "programma").get(actiepunt="Buurtpreventie uitbreiden")
        services.edit_actie(
            by=by,
            actie=actie,
            expected_version=actie.version,
            activiteit="Nieuwe buurtpreventieteams werven",
            obe_type="organisatorisch",
            budget=Decimal("12500"),
            eind=datetime.date(2030, 12, 31),
            status=ActieStatus.LOPEND,
            voortgang=40,
            evaluatie="Drie nieuwe buurten doen mee.",
        )
        return Plan.objects.select_related("gemeente", "gebaseerd_op").get(pk=plan_a.pk)


@pytest.fixture
def plan_a(personas: Any) -> Plan:
    return fill(personas)


def programma_of(personas: Any) -> Programma:
    with bound(personas):
        return Programma.objects.select_related("gemeente", "plan", "gebaseerd_op").get(plan=personas.ivp_of())


def grow(personas: Any, plan_a: Plan, n: int = 6) -> None:
    """More of everything the documents show: priorities, indicators with figures, goals and actions."""
    by = personas.members["coordinator"]
    with bound(personas):
        programma_a = Programma.objects.get(plan=plan_a)
        for i, p in enumerate(
            Prioritering.objects.select_related("thema__veld", "plan").filter(plan=plan_a, niveau__isnull=True)[:n]
        ):
            services.edit_prioritering(
                by=by, prioritering=p, expected_version=p.version, niveau=Niveau.PRIORITEIT, onderbouwing="Extra."
            )
            indicator = services.add_indicator(by=by, thema=p.thema, naam=f"Extra indicator {i}")
            for jaar in (2023, 2024, 2025):
                services.set_meting(by=by, indicator=indicator, jaar=jaar, waarde=Decimal(10 + i + jaar % 10))
            doel = services.add_doelstelling(
                by=by, plan=plan_a, thema=p.thema, wat=f"Extra doel {i}", indicator=indicator, streefwaarde=Decimal(5)
            )
            partner = factories.make_partner(personas.gemeente_a, f"Extra partner {i}")
            services.add_actie(
                by=by,
                programma=programma_a,
                thema=p.thema,
                doelstelling=doel,
                actiepunt=f"Extra actie {i}",
                organisatie=partner,
                budget=Decimal(1000),
            )


# --- the data of the documents -------------------------------------------------------------------------------


DOCUMENT_MODULES = [plan, programma, rapportage]


@pytest.mark.parametrize("module", DOCUMENT_MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_the_sample_of_each_document_is_plain_data_with_exactly_the_documented_placeholders(module: Any) -> None:
    sample = module.sample_context()
    assert json.loads(json.dumps(sample)) == sample
    assert plain_types(sample) <= {dict, list, str, int, bool, type(None)}
    assert placeholder_paths(sample) == {p.naam for p in module.PLACEHOLDERS}
    assert len({p.naam for p in module.PLACEHOLDERS}) == len(module.PLACEHOLDERS)


def test_the_data_of_gemeente_as_documents_is_plain_and_documented(personas: Any, plan_a: Plan) -> None:
    with bound(personas):
        contexts = {
            plan: plan.document_context(plan_a),
            programma: programma.document_context(programma_of(personas)),
            rapportage: rapportage.document_context(plan_a, rapportage.programma_for(plan_a, None)),
        }
    for module, data in contexts.items():
        assert json.loads(json.dumps(data)) == data
        assert plain_types(data) <= {dict, list, str, int, bool, type(None)}
        assert placeholder_paths(data) <= {p.naam for p in module.PLACEHOLDERS}, module.__name__
    ivp = contexts[plan]
    assert [t["thema"] for t in ivp["analyse"]] == ["1.3 Veelvoorkomende criminaliteit"]
    assert ivp["analyse"][0]["verhaal"] == "Meer aangiften na de campagne."
    woninginbraak = next(i for i in ivp["analyse"][0]["indicatoren"] if i["naam"] == "Diefstallen uit woning")
    assert (woninginbraak["laatste"], woninginbraak["laatste_periode"]) == ("2,4 per 1.000 inwoners", "2026")
    assert [len(n["themas"]) for n in ivp["prioriteiten"]] == [1, 0, 1]
    assert ivp["doelen"][0]["doelen"][0]["nulmeting"] == "3,1 per 1.000 inwoners"
    assert contexts[programma]["totaal"] == {
        "acties": 2,
        "budget": "€ 12.500",
        "zonder_budget": 1,
        "lokaal": 2,
        "bovenlokaal": 0,
    }
    assert contexts[rapportage]["jaar"] == 2027


def test_the_placeholder_documentation_is_the_generated_table_of_each_document() -> None:
    text = (Path(settings.BASE_DIR) / "docs" / "ivp-documenten.md").read_text()
    for module in DOCUMENT_MODULES:
        assert placeholders_markdown(module.PLACEHOLDERS) in text, module.__name__


@pytest.mark.parametrize("soort", list(KINDS))
def test_the_default_template_of_each_document_passes_its_own_check(soort: str) -> None:
    kind = KINDS[soort]
    kind.word.check_upload(f"{soort}.docx", kind.word.default_bytes())


def test_gathering_the_data_needs_the_same_queries_for_a_small_and_a_large_plan(personas: Any, plan_a: Plan) -> None:
    def count() -> list[int]:
        counts = []
        with bound(personas):
            fresh = Plan.objects.select_related("gemeente", "gebaseerd_op").get(pk=plan_a.pk)
            programma_a = programma_of(personas)
            for gather in (
                lambda: plan.document_context(fresh),
                lambda: plan._rows(fresh, series=True),
                lambda: programma.document_context(programma_a),
                lambda: rapportage.document_context(fresh, rapportage.programma_for(fresh, None)),
                lambda: infographic_of(fresh),
            ):
                with CaptureQueriesContext(connection) as queries:
                    gather()
                counts.append(len(queries))
        return counts

    small = count()
    grow(personas, plan_a)
    # the latest measurements of the goals take two queries (their ids, then the figures)
    assert count() == small == [5, 6, 1, 6, 6]


# --- the veiligheidsplan --------------------------------------------------------------------------------------


def test_the_plan_as_word_holds_its_chapters_analysis_priorities_and_goals(personas: Any, plan_a: Plan) -> None:
    response = client_for(personas, "bestuurder").get(reverse("ivp:document_docx", kwargs={"pk": plan_a.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="integraal-veiligheidsplan-gemeente-aastad-2027-2030-versie-1-concept.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    assert document.core_properties.title == "Integraal veiligheidsplan"
    assert document.core_properties.language == "nl-NL"
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [
        "1 Afbakening en leeswijzer",
        "2 Visie en ambitie",
        "3 Evaluatie van de vorige periode",
        "4 Veiligheidsanalyse",
        "5 Prioriteiten",
        "6 Doelen",
        "7 Organisatie en regie",
        "8 Middelen en budget",
        "9 Monitoren en evalueren",
    ]
    text = docx_text(response.content)
    for line in (
        "Integraal veiligheidsplan 2027–2030 – Gemeente Aastad – versie 1 – CONCEPT",
        "Dit plan gaat over de openbare veiligheid in Aastad.",
        "1.3 Veelvoorkomende criminaliteit | Minder fietsdiefstal (indicator: Fietsdiefstal) | 5,2 per 1.000 inwoners",
        "Meer aangiften na de campagne.",
        "Diefstallen uit woning (objectief (registraties)) | 2,4 per 1.000 inwoners (2026) | — |",
        "1.3 Veelvoorkomende criminaliteit | 3,8 | 4 | 5 | 3 | 4 | 3 | Woninginbraak raakt inwoners hard.",
        "4.2 Brandveiligheid | 3,8 | 4 | 5 | 3 | 4 | 3 | De veiligheidsregio heeft dit goed op orde.",
        "Minder woninginbraken (indicator: Diefstallen uit woning)",
        "2,5 per 1.000 inwoners | 31 december 2030 | Team Veiligheid | 2,4 per 1.000 inwoners (2026) | Bereikt",
        "Elk jaar een voortgangsrapportage aan de raad.",
    ):
        assert line in text, line


def test_the_plan_as_pdf_is_tagged_pdf_a_with_trend_charts_and_the_infographic_as_last_page(
    personas: Any, plan_a: Plan
) -> None:
    response = client_for(personas, "ketenpartner").get(reverse("ivp:document_pdf", kwargs={"pk": plan_a.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = pikepdf.open(io.BytesIO(response.content))
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
    title = "Integraal veiligheidsplan 2027–2030 – Gemeente Aastad – versie 1 (concept)"
    assert meta["dc:title"] == title and str(pdf.Root.Lang) == "nl"
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD"} <= struct_types(pdf)
    pages = pdf_pages(response.content)
    last = squash(pages[-1])  # the infographic: its texts are separate words
    for text in ("Prioriteiten en doelen", "Diefstallen uit woning", "Samen met Politie Eenheid Aa"):
        assert squash(text) in last, text
    assert "Pagina" not in last  # a page of its own, without header and page number
    for number, page in enumerate(pages[:-1], start=1):
        assert f"Pagina {number} van {len(pages)}" in page
    body = squash(" ".join(pages[:-1]))
    for line in (
        "Dit plan gaat over de openbare veiligheid in Aastad.",
        "Cijfers: Diefstallen uit woning",  # the table alternative of the chart
        "2024 3,4 2025 3,1 2026 2,4",
        "Diefstallen uit woning: gedaald van 3,4 per 1.000 inwoners in 2024",  # the chart's summary
        "Woninginbraak raakt inwoners hard.",
        "Minder woninginbraken",
    ):
        assert squash(line) in body, line


def test_the_tables_of_the_pdfs_fit_the_page_and_keep_their_words_and_captions_together(
    personas: Any, plan_a: Plan
) -> None:
    grow(personas, plan_a, n=3)
    with bound(personas):
        fresh = Plan.objects.select_related("gemeente", "gebaseerd_op").get(pk=plan_a.pk)
        layouts = {
            "plan": plan.layout_pdf(fresh),
            "programma": programma.layout_pdf(programma_of(personas)),
            "rapportage": rapportage.layout_pdf(fresh, rapportage.programma_for(fresh, None)),
        }
    for name, layout in layouts.items():
        problems = pdf_table_problems(layout)
        assert not problems, f"{name}:\n" + "\n".join(problems)


# --- the uitvoeringsprogramma and the voortgangsrapportage ------------------------------------------------------


def test_the_programme_as_word_lists_the_actions_per_veld_and_theme_with_the_budget(
    personas: Any, plan_a: Plan
) -> None:
    programma_a = programma_of(personas)
    url = reverse("ivp:programma_docx", kwargs={"pk": programma_a.pk})
    response = client_for(personas, "ketenpartner").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="uitvoeringsprogramma-gemeente-aastad-2027-concept.docx"')
    document = docx.Document(io.BytesIO(response.content))
    width, height = document.sections[0].page_width, document.sections[0].page_height
    assert width is not None and height is not None and width > height  # landscape
    text = docx_text(response.content)
    for line in (
        "Uitvoeringsprogramma 2027",
        "Veilige woon- en leefomgeving | 1 | € 12.500",
        "Fysieke veiligheid | 1 | € 0",
        "Totaal | 2 | € 12.500",
        "Buurtpreventie uitbreiden | Nieuwe buurtpreventieteams werven (doel: Minder woninginbraken) | Organisatorisch"
        " | Politie Eenheid Aa | Lokaal | 31 december 2030 | € 12.500 | Loopt | 40%",
        "Voorlichting rookmelders | — | — | Gemeente | Lokaal | — | — | Gepland | 0%",
    ):
        assert line in text, line


def test_the_programme_as_pdf_is_pdf_a_with_the_actions(personas: Any, plan_a: Plan) -> None:
    programma_a = programma_of(personas)
    response = client_for(personas, "auditor").get(reverse("ivp:programma_pdf", kwargs={"pk": programma_a.pk}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    meta = pikepdf.open(io.BytesIO(response.content)).open_metadata()
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
    text = squash(" ".join(pdf_pages(response.content)))
    for line in ("Uitvoeringsprogramma 2027", "Buurtpreventie uitbreiden", "€ 12.500", "Voorlichting rookmelders"):
        assert squash(line) in text, line


def test_the_report_as_word_sums_up_and_judges_each_goal_and_groups_the_actions(personas: Any, plan_a: Plan) -> None:
    response = client_for(personas, "auditor").get(reverse("ivp:rapportage_docx", kwargs={"pk": plan_a.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        'filename="voortgangsrapportage-gemeente-aastad-2027-2030-2027.docx"'
    )
    text = docx_text(response.content)
    for line in (
        "Het plan heeft 1 doel: 1 bereikt, 0 op koers, 0 niet op koers en 0 nog niet te beoordelen.",
        "Het uitvoeringsprogramma 2027 heeft 2 acties: 0 afgerond, 1 lopend, 0 te laat, 0 stilstaand,"
        " 1 nog niet begonnen en 0 gestopt.",
        "Minder woninginbraken (indicator: Diefstallen uit woning)",
        "(2026) | Bereikt",
        "Lopen op tijd (1)",
        "Buurtpreventie uitbreiden | 1.3 Veelvoorkomende criminaliteit | Politie Eenheid Aa | 31 december 2030 | 40%",
        "Drie nieuwe buurten doen mee.",
        "Te laat (0)",
    ):
        assert line in text, line


def test_the_report_as_pdf_is_pdf_a_with_the_summary_first(personas: Any, plan_a: Plan) -> None:
    url = reverse("ivp:rapportage_pdf", kwargs={"pk": plan_a.pk}) + "?jaar=2027"
    response = client_for(personas, "bestuurder").get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    meta = pikepdf.open(io.BytesIO(response.content)).open_metadata()
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
    pages = pdf_pages(response.content)
    assert squash("Samenvatting Het plan heeft 1 doel") in squash(pages[0])
    assert squash("Drie nieuwe buurten doen mee.") in squash(" ".join(pages))


def test_the_report_of_a_year_without_programme_is_not_found(personas: Any, plan_a: Plan) -> None:
    client = client_for(personas, "coordinator")
    for jaar in ("2029", "twee", "99999999999999999999"):
        url = reverse("ivp:rapportage_docx", kwargs={"pk": plan_a.pk}) + f"?jaar={jaar}"
        assert client.get(url).status_code == 404, jaar


def test_a_plan_without_programme_reports_that_it_has_none(personas: Any, plan_a: Plan) -> None:
    with bound(personas):
        Actie.objects.all().delete()
        Programma.objects.all().delete()
        data = rapportage.document_context(plan_a, rapportage.programma_for(plan_a, None))
    assert data["jaar"] is None
    assert "Er is nog geen uitvoeringsprogramma." in data["samenvatting"]["tekst"]
    assert data["acties"] == {"afgerond": [], "lopend": [], "te_laat": [], "stil": []}


def test_overdue_and_stalled_actions_are_told_apart(personas: Any, plan_a: Plan) -> None:
    with bound(personas):
        Actie.objects.filter(actiepunt="Voorlichting rookmelders").update(
            status=ActieStatus.LOPEND, eind=datetime.date(2020, 1, 1)
        )
        Actie.objects.filter(actiepunt="Buurtpreventie uitbreiden").update(
            voortgang_op=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        )
        data = rapportage.document_context(plan_a, rapportage.programma_for(plan_a, "2027"))
    assert [a["actiepunt"] for a in data["acties"]["te_laat"]] == ["Voorlichting rookmelders"]
    assert [a["actiepunt"] for a in data["acties"]["stil"]] == ["Buurtpreventie uitbreiden"]
    assert data["acties"]["stil"][0]["evaluatie"] == "Drie nieuwe buurten doen mee."


# --- who may -------------------------------------------------------------------------------------------------


def test_another_gemeente_finds_none_of_the_documents(personas: Any, plan_a: Plan) -> None:
    client = client_for(personas, "coordinator_b")
    for name in DOCUMENT_ROUTES:
        assert client.get(reverse(name, kwargs={"pk": plan_a.pk})).status_code == 404, name
    for name in PROGRAMMA_ROUTES:
        assert client.get(reverse(name, kwargs={"pk": programma_of(personas).pk})).status_code == 404, name


def test_a_melder_may_not_read_the_documents(personas: Any, plan_a: Plan) -> None:
    client = client_for(personas, "melder")
    for name in DOCUMENT_ROUTES:
        assert client.get(reverse(name, kwargs={"pk": plan_a.pk})).status_code == 403, name
    for name in PROGRAMMA_ROUTES:
        assert client.get(reverse(name, kwargs={"pk": programma_of(personas).pk})).status_code == 403, name


def test_when_every_render_slot_is_taken_a_document_is_refused_at_once(personas: Any, plan_a: Plan) -> None:
    client = client_for(personas, "coordinator")
    with slots_taken_elsewhere():
        for name in ("ivp:document_docx", "ivp:rapportage_pdf", "ivp:infographic_png"):
            response = client.get(reverse(name, kwargs={"pk": plan_a.pk}))
            assert response.status_code == 503 and response["Retry-After"] == "5", name


def test_the_links_to_the_documents_point_at_them_and_the_template_page_only_for_the_coordinator(
    personas: Any, plan_a: Plan
) -> None:
    from django.template.loader import render_to_string

    coordinator, bestuurder = personas.members["coordinator"], personas.members["bestuurder"]
    html = render_to_string("ivp/includes/document_links.html", {"links": links.plan_links(plan_a, coordinator)})
    for name in ("ivp:document_docx", "ivp:document_pdf", "ivp:infographic"):
        assert f'href="{reverse(name, kwargs={"pk": plan_a.pk})}"' in html
    assert reverse("ivp:sjabloon") in html
    assert reverse("ivp:sjabloon") not in str(links.plan_links(plan_a, bestuurder))
    report = dict(links.rapportage_links(plan_a, 2027))
    assert report["Voortgangsrapportage als PDF (PDF/A)"].endswith("/voortgangsrapportage.pdf?jaar=2027")
    assert len(links.programma_links(programma_of(personas))) == 2
    assert render_to_string("ivp/includes/document_links.html", {"links": []}).strip() == ""


# --- the gemeente's own templates ----------------------------------------------------------------------------


def upload(client: Client, soort: str, name: str, data: bytes, version: int | str = 0) -> Any:
    bestand = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(
        reverse("ivp:sjabloon"), {"soort": soort, f"{soort}-bestand": bestand, f"{soort}-version": version}
    )


def own_templates(personas: Any) -> list[tuple[str, str, int]]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return sorted(
            (s.soort, s.bestandsnaam, s.version)
            for s in Sjabloon.objects.filter(gemeente=personas.gemeente_a).exclude(soort=Documentsoort.KADER)
        )


def test_the_template_page_shows_each_document_with_its_placeholders_and_default_template(personas: Any) -> None:
    client = client_for(personas, "coordinator")
    body = client.get(reverse("ivp:sjabloon")).content.decode()
    for kind in KINDS.values():
        assert f'id="{kind.soort}-kop">{kind.label}</h2>' in body
        for placeholder in kind.placeholders:
            assert f'<code class="utrecht-code">{escape(placeholder.naam)}</code>' in body
        download = client.get(reverse("ivp:sjabloon_download") + f"?soort={kind.soort}")
        assert download.content == kind.word.default_bytes()
        assert download["Content-Disposition"] == f'attachment; filename="{kind.default_name}"'
    assert body.count("De gemeente gebruikt het standaardsjabloon.") == 3
    assert client.get(reverse("ivp:sjabloon_download") + "?soort=kader").status_code == 404


def test_an_own_template_is_checked_stored_and_used_for_that_document_only(personas: Any, plan_a: Plan) -> None:
    client = client_for(personas, "coordinator")
    own = template_with("Huisstijl Aastad", "{{ titel }} {{ plan.periode }} van {{ gemeente }}")
    response = upload(client, "ivp", "huisstijl.docx", own)
    assert response.status_code == 302
    assert own_templates(personas) == [("ivp", "huisstijl.docx", 1)]
    page = client.get(reverse("ivp:sjabloon")).content.decode()
    assert "huisstijl.docx" in page and page.count("De gemeente gebruikt het standaardsjabloon.") == 2
    text = docx_text(client.get(reverse("ivp:document_docx", kwargs={"pk": plan_a.pk})).content)
    assert text.split("\n")[-2:] == ["Huisstijl Aastad", "Integraal veiligheidsplan 2027–2030 van Gemeente Aastad"]
    bad = upload(client, "uitvoeringsprogramma", "fout.docx", template_with("{{ plan.wethouder }}"))
    assert bad.status_code == 200
    assert "veld dat niet bestaat: ‘wethouder’" in bad.context["sections"][1]["form"].errors["bestand"][0]
    assert 'id="uitvoeringsprogramma-fouten"' in bad.content.decode()
    assert own_templates(personas) == [("ivp", "huisstijl.docx", 1)]


def test_a_template_that_fails_on_the_real_data_gets_a_page_that_says_why(personas: Any, plan_a: Plan) -> None:
    data = template_with("{{ analyse[3].thema }}")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):  # stored directly: the sample has one theme too few
        Sjabloon.objects.create(
            gemeente=personas.gemeente_a,
            soort=Documentsoort.IVP,
            bestand=data,
            bestandsnaam="oud.docx",
            grootte=len(data),
            geupload_door=personas.user("coordinator"),
        )
    response = client_for(personas, "bestuurder").get(reverse("ivp:document_docx", kwargs={"pk": plan_a.pk}))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Het Word-document kon niet worden gemaakt met het eigen sjabloon van de gemeente." in body
    assert "onderdeel 3 van een lijst" in body and "Vraag de coördinator" in body


def test_deleting_an_own_template_asks_first_and_needs_the_version_shown(personas: Any) -> None:
    client = client_for(personas, "coordinator")
    url = reverse("ivp:sjabloon_delete")
    assert "er is niets te verwijderen" in client.get(url + "?soort=voortgangsrapportage").content.decode().lower()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        Sjabloon.objects.create(
            gemeente=personas.gemeente_a,
            soort=Documentsoort.VOORTGANGSRAPPORTAGE,
            bestand=b"x",
            bestandsnaam="rapport.docx",
            grootte=1,
            geupload_door=personas.user("coordinator"),
        )
    page = client.get(url + "?soort=voortgangsrapportage").content.decode()
    assert "rapport.docx" in page and 'name="soort" value="voortgangsrapportage"' in page
    stale = client.post(url, {"soort": "voortgangsrapportage", "version": 7}, follow=True)
    assert str(STALE_MESSAGE) in stale.content.decode()
    assert own_templates(personas) == [("voortgangsrapportage", "rapport.docx", 1)]
    client.post(url, {"soort": "voortgangsrapportage", "version": 1})
    assert own_templates(personas) == []


@pytest.mark.parametrize("role", ["thema_eigenaar", "bestuurder", "auditor", "ketenpartner", "melder"])
def test_only_the_coordinator_manages_the_templates(personas: Any, role: str) -> None:
    client = client_for(personas, role)
    for name in ("ivp:sjabloon", "ivp:sjabloon_download", "ivp:sjabloon_delete"):
        assert client.get(reverse(name)).status_code == 403, name
    assert upload(client, "ivp", "eigen.docx", template_with("{{ gemeente }}")).status_code == 403
    assert own_templates(personas) == []


def test_another_gemeente_sees_and_removes_nothing_of_the_own_templates(personas: Any) -> None:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        Sjabloon.objects.create(
            gemeente=personas.gemeente_a,
            soort=Documentsoort.IVP,
            bestand=b"geheim",
            bestandsnaam="aastad.docx",
            grootte=6,
            geupload_door=personas.user("coordinator"),
        )
    client = client_for(personas, "coordinator_b")
    assert "aastad.docx" not in client.get(reverse("ivp:sjabloon")).content.decode()
    assert client.get(reverse("ivp:sjabloon_download")).content == KINDS["ivp"].word.default_bytes()
    assert client.post(reverse("ivp:sjabloon_delete"), {"soort": "ivp", "version": 1}).status_code == 302
    assert own_templates(personas) == [("ivp", "aastad.docx", 1)]


def test_themes_and_indicators_of_other_plans_stay_out_of_the_plan(personas: Any, plan_a: Plan) -> None:
    """Only the priorities of this plan count: a theme with a goal but no priority is not analysed."""
    with bound(personas):
        data = plan.document_context(plan_a)
        themas = Thema.objects.filter(prioriteringen__plan=plan_a, prioriteringen__niveau=Niveau.PRIORITEIT)
        indicatoren = Indicator.objects.filter(thema__in=themas).count()
    assert sum(len(t["indicatoren"]) for t in data["analyse"]) == indicatoren
