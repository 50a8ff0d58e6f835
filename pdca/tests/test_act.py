"""Act: the coördinator takes the findings marked for the kader into its next version — the open concept, or a
new concept started from the adopted version — after a confirmation, all at once; the kader's overview shows
what its open version took up."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from kader.models import KaderVersie
from kader.tests.test_views import adopted_version, submitted_version
from lib import tenancy
from lib.errors import StateConflict
from pdca import services
from pdca.models import Bevinding

from . import world

pytestmark = pytest.mark.django_db


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def stored(personas: Any, pk: Any) -> Bevinding:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Bevinding.objects.select_related("verwerkt_in").get(pk=pk)


def versions(personas: Any) -> list[tuple[int, str]]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return list(KaderVersie.objects.order_by("nummer").values_list("nummer", "status"))


def test_chosen_findings_go_into_the_open_concept_after_a_confirmation_and_the_kader_shows_them(
    personas: Any,
) -> None:
    personas.kader_of()  # version 1, a concept
    chosen = world.bevinding(personas, tekst="Toegangspassen worden niet ingenomen bij vertrek")
    left = world.bevinding(personas, tekst="Cameratoezicht is niet beschreven")
    not_for_kader = world.bevinding(personas, tekst="Goede opkomst", soort="sterk_punt", voor_kader=False)
    client = client_of(personas, "coordinator")
    act = client.get(reverse("pdca:act")).content.decode()
    assert "ze gaan naar versie 1" in act and html.escape(chosen.tekst) in act and html.escape(left.tekst) in act
    assert not_for_kader.tekst not in act

    confirm = client.get(reverse("pdca:opnemen"), {"bevinding": [str(chosen.pk)]}).content.decode()
    assert "versie 1 van het kader" in confirm and html.escape(chosen.tekst) in confirm
    assert html.escape(left.tekst) not in confirm
    assert stored(personas, chosen.pk).verwerkt_in_id is None  # the confirmation page changes nothing

    done = client.post(reverse("pdca:opnemen"), {"bevinding": [str(chosen.pk)]})
    assert done.status_code == 302 and done["Location"] == reverse("kader:overview") + "#versie-1"
    taken = stored(personas, chosen.pk)
    assert taken.verwerkt_in is not None and taken.verwerkt_in.nummer == 1
    assert taken.version == chosen.version + 1
    assert stored(personas, left.pk).verwerkt_in_id is None
    assert versions(personas) == [(1, "concept")]

    overview = client.get(reverse("kader:overview")).content.decode()
    assert "Opgenomen voor deze versie" in overview and html.escape(chosen.tekst) in overview
    assert html.escape(left.tekst) not in overview
    assert reverse("pdca:activiteit", args=[chosen.activiteit_id]) in overview
    act = client.get(reverse("pdca:act")).content.decode()
    assert "verwerkt in" in act and "1 bevinding." in act
    activity = client.get(reverse("pdca:activiteit", args=[chosen.activiteit_id])).content.decode()
    assert "Verwerkt in" in activity and "versie 1 van het kader" in activity
    # taken up, it is no longer changed
    edit = client.post(
        reverse("pdca:bevinding", args=[chosen.pk]),
        {"version": str(taken.version), "tekst": "Anders", "soort": "observatie"},
    )
    assert edit.status_code == 302 and stored(personas, chosen.pk).tekst == chosen.tekst
    events = apps.get_model("pdca", "BevindingEvent")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        last = events.objects.filter(pgh_obj_id=chosen.pk).order_by("-pgh_id").first()
    assert last.pgh_context["action"] == "pdca.kader" and last.verwerkt_in_id == taken.verwerkt_in_id


def test_without_an_open_version_a_new_concept_is_started_from_the_adopted_one(personas: Any) -> None:
    adopted_version(personas)
    bevinding = world.bevinding(personas)
    client = client_of(personas, "coordinator")
    confirm = client.get(reverse("pdca:opnemen"), {"bevinding": str(bevinding.pk)}).content.decode()
    assert "als kopie van de vastgestelde versie 1" in confirm
    assert client.post(reverse("pdca:opnemen"), {"bevinding": str(bevinding.pk)}).status_code == 302
    assert versions(personas) == [(1, "vastgesteld"), (2, "concept")]
    taken = stored(personas, bevinding.pk)
    assert taken.verwerkt_in is not None and taken.verwerkt_in.nummer == 2
    versie_events = apps.get_model("kader", "KaderVersieEvent")
    bevinding_events = apps.get_model("pdca", "BevindingEvent")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        made = versie_events.objects.get(pgh_obj_id=taken.verwerkt_in_id, pgh_label="insert")
        update = bevinding_events.objects.filter(pgh_obj_id=bevinding.pk).order_by("-pgh_id").first()
    # the history names both: the new version the kader began, and the findings taken into it
    assert made.pgh_context["action"] == "kader.new_version" and update.pgh_context["action"] == "pdca.kader"


def test_a_version_ter_besluitvorming_or_no_kader_at_all_refuses_with_a_dutch_message(personas: Any) -> None:
    bevinding = world.bevinding(personas)
    client = client_of(personas, "coordinator")
    url = reverse("pdca:opnemen")
    page = client.get(url, {"bevinding": str(bevinding.pk)}).content.decode()
    assert "De gemeente heeft nog geen strategisch kader" in page and "Ja, neem op" not in page
    refused = client.post(url, {"bevinding": str(bevinding.pk)}, follow=True)
    assert services.NO_KADER in refused.content.decode()
    submitted_version(personas)
    assert "ligt ter besluitvorming" in client.get(reverse("pdca:act")).content.decode()
    refused = client.post(url, {"bevinding": str(bevinding.pk)}, follow=True)
    assert "ligt ter besluitvorming" in refused.content.decode()
    assert stored(personas, bevinding.pk).verwerkt_in_id is None
    assert versions(personas) == [(1, "ter_besluitvorming")]


def test_all_or_nothing_a_finding_taken_up_meanwhile_refuses_the_whole_choice(personas: Any) -> None:
    personas.kader_of()
    first, second = world.bevinding(personas, tekst="Een"), world.bevinding(personas, tekst="Twee")
    coordinator = personas.members["coordinator"]
    with world.bound(personas):
        services.neem_op(by=coordinator, ids=[first.pk])
        with pytest.raises(StateConflict):
            services.neem_op(by=coordinator, ids=[first.pk, second.pk])
    assert stored(personas, second.pk).verwerkt_in_id is None
    refused = client_of(personas, "coordinator").post(
        reverse("pdca:opnemen"), {"bevinding": [str(first.pk), str(second.pk)]}
    )
    assert refused.status_code == 400 and "intussen al opgenomen" in refused.content.decode()
    assert stored(personas, second.pk).verwerkt_in_id is None
    nothing = client_of(personas, "coordinator").post(reverse("pdca:opnemen"), {})
    assert nothing.status_code == 400 and "Kies een of meer bevindingen" in nothing.content.decode()
    bad = client_of(personas, "coordinator").get(reverse("pdca:opnemen"), {"bevinding": "geen-id"})
    assert bad.status_code == 400 and "Kies bevindingen uit de lijst." in bad.content.decode()


@pytest.mark.parametrize("role", ["thema_eigenaar", "bestuurder", "auditor", "melder"])
def test_only_the_coordinator_takes_findings_into_the_kader(personas: Any, role: str) -> None:
    personas.kader_of()
    bevinding = world.bevinding(personas)
    client = client_of(personas, role)
    assert client.get(reverse("pdca:act")).status_code == 403
    assert client.post(reverse("pdca:opnemen"), {"bevinding": str(bevinding.pk)}).status_code == 403
    assert stored(personas, bevinding.pk).verwerkt_in_id is None


def test_another_gemeente_cannot_take_gemeente_as_findings_into_its_own_kader(personas: Any) -> None:
    personas.kader_of()
    bevinding = world.bevinding(personas)
    b = client_of(personas, "coordinator_b")
    assert bevinding.tekst not in b.get(reverse("pdca:act")).content.decode()
    refused = b.post(reverse("pdca:opnemen"), {"bevinding": str(bevinding.pk)})
    assert refused.status_code == 400
    assert stored(personas, bevinding.pk).verwerkt_in_id is None
