"""A session from preparing to the plan: questions of every kind, participants on their phones
(no account, no JavaScript), the facilitator live, and the results in the prioritising."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bijeenkomsten import services
from bijeenkomsten.models import Antwoord, Bijeenkomst, Deelnemer, Inbreng, Resultaat, Soort, Stem
from ivp.models import Prioritering
from lib import tenancy

from .world import Sessie, sessie_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessie(personas: Any) -> Sessie:
    return sessie_of(personas)


def member(personas: Any, role: str = "coordinator") -> Client:
    client = Client()
    client.force_login(personas.user(role))
    client.get(reverse("dashboard:home"))
    return client


def rows_of(sessie: Sessie, model: Any) -> list[Any]:
    with tenancy.bound(gemeente=sessie.personas.gemeente_a.pk):
        return list(model.objects.filter(gemeente=sessie.personas.gemeente_a))


def test_a_coordinator_prepares_a_session_with_a_question_through_the_pages(personas: Any) -> None:
    client = member(personas)
    plan = personas.ivp_of()
    response = client.post(
        reverse("bijeenkomsten:new"),
        {"plan": plan.pk, "titel": "Jaarbespreking", "datum": "2027-03-01", "doelgroep": "inwoners"},
    )
    assert response.status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        bijeenkomst = Bijeenkomst.objects.get(titel="Jaarbespreking")
        themas = list(plan.prioriteringen.values_list("thema_id", flat=True)[:3])
    assert len(bijeenkomst.code) == 8 and set(bijeenkomst.code) <= set(services.ALPHABET)
    response = client.post(
        reverse("bijeenkomsten:vraag_add", kwargs={"pk": bijeenkomst.pk}),
        {"soort": "punten", "tekst": "Waar moet het geld heen?", "themas": themas, "as_x": "Impact", "as_y": "Invloed"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(bijeenkomst.get_absolute_url()).content.decode()
    assert "Waar moet het geld heen?" in page
    assert bijeenkomst.code_display in page
    assert client.get(reverse("bijeenkomsten:qr", kwargs={"pk": bijeenkomst.pk})).content.startswith(b"<svg")


def test_a_question_about_themes_of_another_gemeente_is_refused(personas: Any, sessie: Sessie) -> None:
    from ivp import services as ivp_services

    coordinator_b = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=coordinator_b.user_id):
        ivp_services.start_ivp(by=coordinator_b)
    client = member(personas)
    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        from ivp.models import Thema

        foreign = list(Thema.objects.values_list("pk", flat=True)[:2])
    response = client.post(
        reverse("bijeenkomsten:vraag_add", kwargs={"pk": sessie.bijeenkomst.pk}),
        {"soort": "schaal", "tekst": "Ernst", "themas": foreign, "as_x": "Impact", "as_y": "Invloed"},
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert len(rows_of(sessie, services.Vraag)) == 5


def test_participants_join_without_an_account_and_answer_every_kind_of_question(sessie: Sessie) -> None:
    a, b = sessie.join("Ans"), sessie.join()
    themas = sessie.themas

    sessie.open(Soort.SCHAAL)
    page = a.get(sessie.url()).content.decode()
    assert "Hoe ernstig is dit?" in page and "weet niet" in page
    vraag = sessie.vragen[Soort.SCHAAL]
    answer = {themas[0]: "5", themas[1]: "4", themas[2]: "weet-niet", themas[3]: "1"}
    assert a.post(sessie.url("antwoorden", pk=vraag.pk), answer).status_code == 302
    assert b.post(sessie.url("antwoorden", pk=vraag.pk), {**answer, themas[0]: "3"}).status_code == 302
    # changing the answer while the question is open replaces it
    assert b.post(sessie.url("antwoorden", pk=vraag.pk), {**answer, themas[0]: "4"}).status_code == 302

    sessie.open(Soort.PUNTEN)
    vraag = sessie.vragen[Soort.PUNTEN]
    points = {themas[0]: "40", themas[1]: "30", themas[2]: "20", themas[3]: "10"}
    assert a.post(sessie.url("antwoorden", pk=vraag.pk), points).status_code == 302

    sessie.open(Soort.RANGORDE)
    vraag = sessie.vragen[Soort.RANGORDE]
    ranks = {themas[0]: "2", themas[1]: "1", themas[2]: "4", themas[3]: "3"}
    assert a.post(sessie.url("antwoorden", pk=vraag.pk), ranks).status_code == 302

    sessie.open(Soort.MATRIX)
    vraag = sessie.vragen[Soort.MATRIX]
    grid = {f"{t}-{axis}": "3" for t in themas for axis in "xy"} | {f"{themas[0]}-x": "5"}
    assert a.post(sessie.url("antwoorden", pk=vraag.pk), grid).status_code == 302

    sessie.open(Soort.OPEN)
    vraag = sessie.vragen[Soort.OPEN]
    assert (
        a.post(sessie.url("inbreng_add", pk=vraag.pk), {"tekst": "<script>alert(1)</script> Meer licht"}).status_code
        == 302
    )
    with tenancy.bound(gemeente=sessie.personas.gemeente_a.pk):
        idee = Inbreng.objects.get()
    assert b.post(sessie.url("stemmen", pk=idee.pk)).status_code == 302
    page = b.get(sessie.url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Meer licht" in page and "<script>alert(1)" not in page
    assert "Stem intrekken" in page

    assert len(rows_of(sessie, Antwoord)) == 5
    assert len(rows_of(sessie, Deelnemer)) == 2
    assert len(rows_of(sessie, Stem)) == 1

    presenter = member(sessie.personas)
    stand_url = reverse("bijeenkomsten:presentatie_stand", kwargs={"pk": sessie.bijeenkomst.pk})
    stand = presenter.get(stand_url, HTTP_HX_REQUEST="true").content.decode()
    assert "2 deelnemers" in stand and "1 stem" in stand and "<html" not in stand
    assert "<html" in presenter.get(stand_url).content.decode()  # opened by itself: the whole page

    sessie.close()
    results = {(str(r.vraag_id), str(r.onderwerp)): r for r in rows_of(sessie, Resultaat)}
    schaal = sessie.vragen[Soort.SCHAAL].pk
    assert results[(str(schaal), themas[0])].gemiddelde == Decimal("4.50")
    assert results[(str(schaal), themas[2])].gemiddelde is None  # only "weet niet"
    assert results[(str(sessie.vragen[Soort.PUNTEN].pk), themas[0])].gemiddelde == Decimal("40.00")
    assert results[(str(sessie.vragen[Soort.RANGORDE].pk), themas[1])].gemiddelde == Decimal("1.00")
    matrix = results[(str(sessie.vragen[Soort.MATRIX].pk), themas[0])]
    assert (matrix.x, matrix.y) == (Decimal("5.00"), Decimal("3.00"))

    # closed: joining and answering stop, with a Dutch message
    late = Client()
    response = late.get(sessie.url())
    assert response.status_code == 410 and "gesloten" in response.content.decode()
    response = a.post(sessie.url("antwoorden", pk=sessie.vragen[Soort.SCHAAL].pk), answer)
    assert response.status_code in (404, 409, 410)


def test_the_results_appear_on_the_priorities_page_and_become_a_criterion(sessie: Sessie) -> None:
    themas = sessie.themas
    client = sessie.join()
    sessie.open(Soort.SCHAAL)
    vraag = sessie.vragen[Soort.SCHAAL]
    client.post(sessie.url("antwoorden", pk=vraag.pk), {themas[0]: "5", themas[1]: "2", themas[2]: "3", themas[3]: "4"})
    sessie.close()
    coordinator = member(sessie.personas)
    plan = sessie.bijeenkomst.plan
    page = coordinator.get(reverse("ivp:prioriteiten", kwargs={"pk": plan.pk})).content.decode()
    assert "Uit bijeenkomsten" in page and "Overnemen als score voor ernst" in page
    response = coordinator.post(reverse("bijeenkomsten:overnemen", kwargs={"pk": vraag.pk}))
    assert response.status_code == 302
    with tenancy.bound(gemeente=sessie.personas.gemeente_a.pk):
        ernst = dict(Prioritering.objects.filter(plan=plan, thema_id__in=themas).values_list("thema_id", "ernst"))
    assert {str(k): v for k, v in ernst.items()} == {themas[0]: 5, themas[1]: 2, themas[2]: 3, themas[3]: 4}


def test_a_session_is_copied_with_its_questions(sessie: Sessie) -> None:
    client = member(sessie.personas)
    response = client.post(
        reverse("bijeenkomsten:copy", kwargs={"pk": sessie.bijeenkomst.pk}),
        {"titel": "Bespreking 2028", "datum": "2028-02-01"},
    )
    assert response.status_code == 302
    with tenancy.bound(gemeente=sessie.personas.gemeente_a.pk):
        kopie = Bijeenkomst.objects.get(titel="Bespreking 2028")
        assert kopie.vragen.count() == 5
        assert kopie.code != sessie.bijeenkomst.code
        assert kopie.status == "voorbereid"


def test_a_facilitator_hides_a_remark_from_the_phones(sessie: Sessie) -> None:
    sessie.open(Soort.OPEN)
    a, b = sessie.join(), sessie.join()
    a.post(sessie.url("inbreng_add", pk=sessie.vragen[Soort.OPEN].pk), {"tekst": "Iets ongepasts"})
    with tenancy.bound(gemeente=sessie.personas.gemeente_a.pk):
        idee = Inbreng.objects.get()
    assert "Iets ongepasts" in b.get(sessie.url()).content.decode()
    member(sessie.personas).post(reverse("bijeenkomsten:inbreng_hide", kwargs={"pk": idee.pk}))
    assert "Iets ongepasts" not in b.get(sessie.url()).content.decode()


def test_a_melder_and_a_ketenpartner_see_no_sessions_and_a_bestuurder_cannot_prepare(sessie: Sessie) -> None:
    url = sessie.bijeenkomst.get_absolute_url()
    assert member(sessie.personas, "melder").get(url).status_code == 403
    assert member(sessie.personas, "ketenpartner").get(url).status_code == 403
    bestuurder = member(sessie.personas, "bestuurder")
    assert bestuurder.get(url).status_code == 200
    assert bestuurder.post(reverse("bijeenkomsten:open", kwargs={"pk": sessie.bijeenkomst.pk})).status_code == 403


def test_the_results_export_to_a_spreadsheet_and_csv_without_running_a_formula(sessie: Sessie) -> None:
    import io

    from openpyxl import load_workbook

    themas = sessie.themas
    client = sessie.join()
    sessie.open(Soort.SCHAAL)
    client.post(
        sessie.url("antwoorden", pk=sessie.vragen[Soort.SCHAAL].pk),
        {themas[0]: "5", themas[1]: "2", themas[2]: "3", themas[3]: "4"},
    )
    sessie.open(Soort.OPEN)
    client.post(sessie.url("inbreng_add", pk=sessie.vragen[Soort.OPEN].pk), {"tekst": '=HYPERLINK("http://x")'})
    coordinator = member(sessie.personas)
    kwargs = {"pk": sessie.bijeenkomst.pk}
    csv = coordinator.get(reverse("bijeenkomsten:resultaten_export", kwargs={**kwargs, "formaat": "csv"}))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Hoe ernstig is dit?" in text and ";5,00;" in text
    assert "'=HYPERLINK" in text
    xlsx = coordinator.get(reverse("bijeenkomsten:resultaten_export", kwargs={**kwargs, "formaat": "xlsx"}))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    assert (
        coordinator.get(reverse("bijeenkomsten:resultaten_export", kwargs={**kwargs, "formaat": "pdf"})).status_code
        == 404
    )


def test_an_idea_becomes_an_action_of_the_programme_once(sessie: Sessie) -> None:
    from ivp.models import Actie, Thema

    client = sessie.join()
    sessie.open(Soort.OPEN)
    client.post(sessie.url("inbreng_add", pk=sessie.vragen[Soort.OPEN].pk), {"tekst": "Buurtpreventie-app starten"})
    with tenancy.bound(gemeente=sessie.personas.gemeente_a.pk):
        idee = Inbreng.objects.get()
        thema = Thema.objects.get(code="1.3")
    coordinator = member(sessie.personas)
    url = reverse("bijeenkomsten:inbreng_actie", kwargs={"pk": idee.pk})
    page = coordinator.get(url).content.decode()
    assert "Buurtpreventie-app starten" in page and "uitvoeringsprogramma 2027" in page
    data = {
        "thema": thema.pk,
        "actiepunt": "Buurtpreventie-app starten",
        "status": "gepland",
        "voortgang": "0",
        "schaal": "lokaal",
    }
    response = coordinator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenancy.bound(gemeente=sessie.personas.gemeente_a.pk):
        actie = Actie.objects.get(actiepunt="Buurtpreventie-app starten")
        assert Inbreng.objects.get().actie_id == actie.pk
    assert coordinator.post(url, data).status_code == 302  # a second time: to the action, nothing new
    with tenancy.bound(gemeente=sessie.personas.gemeente_a.pk):
        assert Actie.objects.filter(actiepunt="Buurtpreventie-app starten").count() == 1
    assert (
        "Bekijk de actie"
        in coordinator.get(reverse("bijeenkomsten:resultaten", kwargs={"pk": sessie.bijeenkomst.pk})).content.decode()
    )


def test_the_report_is_a_tagged_pdf_a_with_every_question_and_the_ideas(sessie: Sessie) -> None:
    import io

    import pikepdf

    from kader.tests.test_documents import pdf_pages, squash, struct_types

    themas = sessie.themas
    client = sessie.join()
    sessie.open(Soort.SCHAAL)
    client.post(
        sessie.url("antwoorden", pk=sessie.vragen[Soort.SCHAAL].pk),
        {themas[0]: "5", themas[1]: "2", themas[2]: "3", themas[3]: "4"},
    )
    sessie.open(Soort.OPEN)
    client.post(sessie.url("inbreng_add", pk=sessie.vragen[Soort.OPEN].pk), {"tekst": "Meer licht in het park"})
    sessie.close()
    response = member(sessie.personas).get(reverse("bijeenkomsten:rapport_pdf", kwargs={"pk": sessie.bijeenkomst.pk}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('.pdf"')
    pdf = pikepdf.open(io.BytesIO(response.content))
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
    assert str(pdf.Root.Lang) == "nl" and {"/H1", "/H2", "/Table", "/TH", "/TD"} <= struct_types(pdf)
    text = squash(" ".join(pdf_pages(response.content)))
    for line in ("Hoe ernstig is dit?", "Meer licht in het park", "5,0", "1 deelnemer"):
        assert squash(line) in text, line
