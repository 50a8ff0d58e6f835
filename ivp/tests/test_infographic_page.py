"""The infographic of a plan: its data from the database, the page with the SVG and its text version, and the
SVG and PNG downloads."""

from __future__ import annotations

import io
import struct
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from ivp.choices import Niveau
from ivp.infographic import infographic_tekst
from ivp.infographic_data import infographic_of
from ivp.models import Actie, Plan, Prioritering
from ivp.tests.charts.svg import NS, parse
from ivp.tests.test_documents import bound, client_for, fill, grow
from ivp.views_documents import _png_width
from lib import tenancy
from organisations.models import Gemeente
from tests import factories
from tests.browser import launch_browser
from tests.test_accessibility import browser_context, logged_in_client
from tests.test_table_reflow import MEASURE, NARROW

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_a(personas: Any) -> Plan:
    return fill(personas)


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


# --- the data ------------------------------------------------------------------------------------------


def test_the_infographic_shows_the_gemeente_its_colour_the_priorities_goals_figures_and_partners(
    personas: Any, plan_a: Plan
) -> None:
    with tenancy.bound(platform=True, gemeente=personas.gemeente_a.pk):
        Gemeente.objects.filter(pk=personas.gemeente_a.pk).update(primary_colour="#5b2c86")
    with bound(personas):
        data = infographic_of(Plan.objects.select_related("gemeente").get(pk=plan_a.pk))
    assert (data.gemeente, data.titel, data.periode, data.primaire_kleur) == (
        "Gemeente Aastad",
        "Integraal veiligheidsplan",
        "2027–2030",
        "#5b2c86",
    )
    assert [p.thema for p in data.prioriteiten] == ["Veelvoorkomende criminaliteit"]  # not beheersniveau
    (doel,) = data.prioriteiten[0].doelen
    assert (doel.tekst, doel.nulwaarde, doel.streefwaarde, doel.eenheid, doel.jaar) == (
        "Minder woninginbraken",
        Decimal("3.1"),
        Decimal("2.5"),
        "per 1.000 inwoners",
        2030,
    )
    assert (doel.laatste_waarde, doel.op_koers) == (Decimal("2.4"), True)  # reached
    (cijfer,) = data.kerncijfers
    assert (cijfer.label, cijfer.waarde, cijfer.trend, cijfer.trend_is_goed) == (
        "Diefstallen uit woning",
        Decimal("2.4"),
        "dalend",
        True,
    )
    assert data.partners == ["Politie Eenheid Aa"]  # who carries out the programme's actions


def test_without_partners_on_actions_the_infographic_names_the_gemeentes_partners(personas: Any, plan_a: Plan) -> None:
    factories.make_partner(personas.gemeente_a, "Brandweer Aa")
    with bound(personas):
        on_actions = infographic_of(Plan.objects.select_related("gemeente").get(pk=plan_a.pk)).partners
        Actie.objects.update(organisatie=None)
        without = infographic_of(Plan.objects.select_related("gemeente").get(pk=plan_a.pk)).partners
    assert on_actions == ["Politie Eenheid Aa"]
    assert without == ["Brandweer Aa", "Politie Eenheid Aa"]


def test_the_infographic_shows_at_most_four_key_figures(personas: Any, plan_a: Plan) -> None:
    grow(personas, plan_a)
    with bound(personas):
        data = infographic_of(Plan.objects.select_related("gemeente").get(pk=plan_a.pk))
        priorities = Prioritering.objects.filter(plan=plan_a, niveau=Niveau.PRIORITEIT).count()
    assert len(data.prioriteiten) == priorities == 7
    assert len(data.kerncijfers) == 4
    assert "Extra partner 0" in data.partners and "Politie Eenheid Aa" in data.partners


# --- the page -------------------------------------------------------------------------------------------


def test_the_page_shows_the_svg_inline_with_its_title_and_the_text_version(personas: Any, plan_a: Plan) -> None:
    response = client_for(personas, "ketenpartner").get(reverse("ivp:infographic", kwargs={"pk": plan_a.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    start, end = body.index("<svg"), body.index("</svg>") + len("</svg>")
    svg = parse(body[start:end])
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "infographic-titel infographic-beschrijving"
    title = svg.find(f"{NS}title")
    assert title is not None and title.text == "Integraal veiligheidsplan 2027–2030 – Gemeente Aastad"
    with bound(personas):
        tekst = infographic_tekst(infographic_of(Plan.objects.select_related("gemeente").get(pk=plan_a.pk)))
    details = body[body.index("<details") : body.index("</details>")]
    assert "Tekstversie van de infographic" in details
    for alinea in tekst.split("\n\n"):
        assert alinea.split("\n")[0] in details
    assert "/static/ivp/infographic.css" in body  # the print rules: only the infographic, on one A4
    for name in ("ivp:infographic_svg", "ivp:infographic_png", "ivp:document_pdf"):
        assert reverse(name, kwargs={"pk": plan_a.pk}) in body


def test_the_print_stylesheet_puts_only_the_infographic_on_one_a4() -> None:
    css = Path(str(finders.find("ivp/infographic.css"))).read_text()
    printing = css[css.index("@media print") :]
    assert "size: A4" in printing and "margin: 0" in printing
    assert ":not(.kapstok-infographic)" in printing and "display: none" in printing
    assert "inline-size: 210mm" in printing and "block-size: 296mm" in printing


# --- the downloads -------------------------------------------------------------------------------------------


def test_the_svg_download_is_an_svg_attachment_with_a_safe_name(personas: Any, plan_a: Plan) -> None:
    response = client_for(personas, "bestuurder").get(reverse("ivp:infographic_svg", kwargs={"pk": plan_a.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="infographic-gemeente-aastad-2027-2030.svg"'
    assert parse(response.content.decode()).find(f"{NS}desc") is not None


def test_the_png_is_1240_pixels_wide_unless_print_quality_is_asked_and_never_wider(personas: Any, plan_a: Plan) -> None:
    client = client_for(personas, "auditor")
    url = reverse("ivp:infographic_png", kwargs={"pk": plan_a.pk})
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="infographic-gemeente-aastad-2027-2030-1240px.png"'
    assert png_size(response.content) == (1240, 1754)
    assert png_size(client.get(url + "?breedte=99999").content) == (2480, 3508)  # capped: A4 at 300 dpi
    assert [_png_width(asked) for asked in (None, "", "abc", "2480", "10", "-5", "1e9")] == [
        1240,
        1240,
        1240,
        2480,
        320,
        320,
        1240,
    ]


@pytest.mark.parametrize("name", ["ivp:infographic", "ivp:infographic_svg", "ivp:infographic_png"])
def test_the_infographic_is_refused_to_a_melder_and_unknown_to_another_gemeente(
    personas: Any, plan_a: Plan, name: str
) -> None:
    url = reverse(name, kwargs={"pk": plan_a.pk})
    assert client_for(personas, "melder").get(url).status_code == 403
    response = client_for(personas, "coordinator_b").get(url)
    assert response.status_code == 404 and "Aastad" not in response.content.decode()


def test_a_plan_without_priorities_has_an_infographic_that_says_so(personas: Any) -> None:
    plan_a = personas.ivp_of()  # as started: no theme placed on a level yet
    body = client_for(personas, "thema_eigenaar").get(reverse("ivp:infographic", kwargs={"pk": plan_a.pk}))
    assert "Er zijn nog geen prioriteiten." in body.content.decode()


# --- in the browser ----------------------------------------------------------------------------------------


@pytest.mark.browser
def test_at_320_pixels_nothing_scrolls_sideways_and_the_infographic_prints_on_one_a4_page(
    personas: Any, live_server: Any, transactional_db: Any
) -> None:
    plan_a = fill(personas)
    client = logged_in_client(personas.user("coordinator"))  # before the browser starts (see test_table_reflow)
    urls = [reverse("ivp:infographic", kwargs={"pk": plan_a.pk}), reverse("ivp:sjabloon")]
    problems: list[str] = []
    with launch_browser() as browser:
        context = browser_context(browser, client, live_server.url)
        try:
            page = context.new_page()
            page.set_viewport_size(NARROW)
            for url in urls:
                response = page.goto(url)
                assert response is not None and response.status == 200, url
                page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
                problems += [f"{url}: {problem}" for problem in page.evaluate(MEASURE)]
            page.goto(urls[0])
            page.emulate_media(media="print")
            printed = page.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            context.close()
    assert not problems, "\n".join(problems)
    pdf = pikepdf.open(io.BytesIO(printed))
    assert len(pdf.pages) == 1
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4, in millimetres
