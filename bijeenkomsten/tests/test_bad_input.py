"""Bad input of participants: a clear Dutch message, nothing stored half-way, and the session
keeps working for everyone else."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bijeenkomsten import services, views_deelnemer
from bijeenkomsten.models import Antwoord, Codepoging, Deelnemer, Inbreng, Soort, Stem
from lib import tenancy

from .world import Sessie, past, sessie_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessie(personas: Any) -> Sessie:
    return sessie_of(personas)


def stored(sessie: Sessie, model: Any) -> int:
    with tenancy.bound(gemeente=sessie.personas.gemeente_a.pk):
        return int(model.objects.count())


def test_an_unknown_code_is_told_and_counted_and_a_flood_of_guesses_is_stopped(
    sessie: Sessie, monkeypatch: Any
) -> None:
    monkeypatch.setattr(views_deelnemer, "MAX_FAILED", 3)
    client = Client()
    response = client.post(reverse("bijeenkomsten:meedoen"), {"code": "abcd-efgh"})
    assert response.status_code == 302 and response["Location"].endswith("/doe-mee/ABCDEFGH")
    for _ in range(3):
        response = client.get(reverse("bijeenkomsten:meedoen_code", kwargs={"code": "ZZZZ2222"}))
        assert response.status_code == 404
        assert "Er is geen open bijeenkomst met deze code" in response.content.decode()
    response = client.get(reverse("bijeenkomsten:meedoen_code", kwargs={"code": "ZZZZ3333"}))
    assert response.status_code == 429 and "Te veel pogingen" in response.content.decode()
    # the right code is refused as well until the window has passed: guessing gains nothing
    assert client.get(sessie.url()).status_code == 429
    assert Codepoging.objects.count() == 3
    # typed with dashes, spaces and small letters, the code of another address still works
    other = Client(REMOTE_ADDR="10.0.0.9")
    typed = sessie.bijeenkomst.code.lower()
    response = other.get(reverse("bijeenkomsten:meedoen_code", kwargs={"code": f"{typed[:4]}-{typed[4:]}"}))
    assert response.status_code == 200 and "Wat we bewaren" in response.content.decode()


def test_a_closed_prepared_or_expired_session_cannot_be_joined(personas: Any) -> None:
    prepared = sessie_of(personas, open_it=False)
    assert Client().get(prepared.url()).status_code == 410
    assert Client().post(prepared.url(), {"naam": "", "organisatie": ""}).status_code == 410
    expired = sessie_of(personas)
    with expired.bound():
        type(expired.bijeenkomst).objects.filter(pk=expired.bijeenkomst.pk).update(datum=past(2))
    response = Client().post(expired.url(), {"naam": "", "organisatie": ""})
    assert response.status_code == 410 and "gesloten" in response.content.decode()
    assert stored(expired, Deelnemer) == 0


@pytest.mark.parametrize(
    ("soort", "waarde", "message"),
    [
        (Soort.PUNTEN, ["40", "30", "20", "5"], "De punten tellen op tot 95; verdeel er precies 100."),
        (Soort.PUNTEN, ["40", "30", "20", "-10"], "Zorg ervoor dat deze waarde minstens 0 is."),
        (Soort.PUNTEN, ["40", "30", "20", "99999999999999999999"], "Zorg ervoor dat deze waarde hoogstens 100 is."),
        (Soort.RANGORDE, ["1", "1", "2", "3"], "Elke plaats mag maar één keer voorkomen"),
        (Soort.SCHAAL, ["5", "4", "9", "1"], "Selecteer een geldige keuze"),
        (Soort.SCHAAL, ["5", "4", "3\x00", "1"], "Selecteer een geldige keuze"),
    ],
)
def test_a_wrong_answer_is_refused_in_dutch_and_nothing_is_stored(
    sessie: Sessie, soort: str, waarde: list[str], message: str
) -> None:
    client = sessie.join()
    vraag = sessie.open(soort)
    response = client.post(sessie.url("antwoorden", pk=vraag.pk), dict(zip(sessie.themas, waarde, strict=True)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored(sessie, Antwoord) == 0


def test_an_answer_to_a_question_that_is_not_open_is_refused(sessie: Sessie) -> None:
    client = sessie.join()
    sessie.open(Soort.SCHAAL)
    punten = sessie.vragen[Soort.PUNTEN]
    response = client.post(sessie.url("antwoorden", pk=punten.pk), dict.fromkeys(sessie.themas, "25"))
    assert response.status_code == 409 and services.NOT_OPEN_MESSAGE in response.content.decode()
    assert stored(sessie, Antwoord) == 0


def test_a_question_of_another_session_is_not_found_for_a_participant(personas: Any) -> None:
    first, second = sessie_of(personas), sessie_of(personas)
    client = first.join()
    vraag = second.open(Soort.SCHAAL)
    response = client.post(first.url("antwoorden", pk=vraag.pk), dict.fromkeys(second.themas, "3"))
    assert response.status_code == 404
    assert stored(first, Antwoord) == 0


def test_without_joining_nobody_answers(sessie: Sessie) -> None:
    vraag = sessie.open(Soort.SCHAAL)
    response = Client().post(sessie.url("antwoorden", pk=vraag.pk), dict.fromkeys(sessie.themas, "3"))
    assert response.status_code == 302 and response["Location"] == sessie.url()
    assert stored(sessie, Antwoord) == 0


@pytest.mark.parametrize(
    ("tekst", "message"),
    [
        ("   ", "Dit veld is verplicht."),
        ("x" * 501, "niet meer dan 500 tekens"),
        ("Meer\x00licht", "Null-tekens zijn niet toegestaan."),
    ],
)
def test_an_empty_oversized_or_odd_remark_is_refused(sessie: Sessie, tekst: str, message: str) -> None:
    client = sessie.join()
    vraag = sessie.open(Soort.OPEN)
    response = client.post(sessie.url("inbreng_add", pk=vraag.pk), {"tekst": tekst})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored(sessie, Inbreng) == 0


def test_a_flood_from_one_phone_is_refused_while_others_go_on(sessie: Sessie, monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "ACTIONS_PER_MINUTE", 3)
    flooder, other = sessie.join(), sessie.join()
    vraag = sessie.open(Soort.OPEN)
    url = sessie.url("inbreng_add", pk=vraag.pk)
    for n in range(3):
        assert flooder.post(url, {"tekst": f"Idee {n}"}).status_code == 302
    response = flooder.post(url, {"tekst": "Nog een idee"})
    assert response.status_code == 400 and services.FLOOD_MESSAGE in response.content.decode()
    assert other.post(url, {"tekst": "Mijn idee"}).status_code == 302
    assert stored(sessie, Inbreng) == 4


def test_a_vote_counts_once_and_a_second_press_takes_it_back(sessie: Sessie) -> None:
    author, voter = sessie.join(), sessie.join()
    vraag = sessie.open(Soort.OPEN)
    author.post(sessie.url("inbreng_add", pk=vraag.pk), {"tekst": "Meer licht"})
    with tenancy.bound(gemeente=sessie.personas.gemeente_a.pk):
        idee = Inbreng.objects.get()
    url = sessie.url("stemmen", pk=idee.pk)
    assert voter.post(url).status_code == 302
    assert stored(sessie, Stem) == 1
    assert voter.post(url).status_code == 302
    assert stored(sessie, Stem) == 0
    response = author.post(url)
    assert response.status_code == 400 and "eigen inbreng" in response.content.decode()
    assert stored(sessie, Stem) == 0
