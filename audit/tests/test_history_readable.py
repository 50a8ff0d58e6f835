"""The history reads as Dutch: labels, choice labels, related rows by name, actions, text changes."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pghistory
import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from kader import services as kader_services
from lib import tenancy
from organisations.models import Gemeente, Membership, PartnerOrganisatie
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = reverse("audit:history")
EXPORT = reverse("audit:history_export")
# Codes the database stores, never shown to a person.
CODES = re.compile(r"\b[a-z]+_[a-z_]+\b")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(html: str) -> str:
    """What the page says: the text without tags, attributes and visually hidden ids."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r'<span class="kapstok-visually-hidden">id [^<]*</span>', " ", main)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def _csv(client: Client, query: str = "") -> list[dict[str, str]]:
    response = client.get(EXPORT + query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:]), delimiter=";"))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_fields_without_a_label_of_their_own_and_related_rows_read_as_dutch(personas: Any) -> None:
    token = personas.token_of("coordinator")
    client = _client(personas.user("coordinator"))

    html = client.get(PAGE + "?type=accounts.apitoken").content.decode()
    text = _text(html)
    assert "Begin van de sleutel" in text
    assert "Lidmaatschap — Coordinator (coordinator@aastad.example) — Coördinator" in text
    assert "API-token: token coordinator (kap_" in text  # the token's own description
    for internal in ("Key hint", "Membership", "Api-token", str(token.membership_id)):
        assert internal not in text
    (row,) = _csv(client, "?type=accounts.apitoken")
    assert "Lidmaatschap: — → Coordinator (coordinator@aastad.example) — Coördinator" in row["Wijzigingen"]
    assert str(token.membership_id) not in row["Wijzigingen"]


def test_choice_values_inside_arrays_read_as_their_labels(personas: Any) -> None:
    a = personas.gemeente_a
    factories.make_invitation(a, "eigenaar@aastad.example", "thema_eigenaar")
    with tenancy.bound(gemeente=a.pk):
        Gemeente.objects.filter(pk=a.pk).update(mfa_required_roles=["coordinator", "thema_eigenaar"])
        Membership.objects.filter(pk=personas.members["thema_eigenaar"].pk).update(
            themes=["informatiebeveiliging", "fysieke_beveiliging", "veilige_woon_leefomgeving"]
        )
    client = _client(personas.user("auditor"))  # the coördinator now needs a second factor first

    text = _text(client.get(PAGE).content.decode())
    export = " ".join(" ".join(row.values()) for row in _csv(client))

    for shown in (text, export):
        assert "Coördinator, Thema-eigenaar" in shown
        assert "Informatiebeveiliging, Fysieke beveiliging, Veilige woon- en leefomgeving" in shown
        assert "Thema-eigenaar" in shown  # the invitation's role
        words = re.sub(r"\S+@\S+", " ", shown)  # e-mail addresses may hold underscores
        assert not CODES.findall(words), CODES.findall(words)


def test_a_person_a_field_points_at_is_shown_by_name(personas: Any) -> None:
    a = personas.gemeente_a
    inviter = personas.user("coordinator")
    with tenancy.bound(gemeente=a.pk):
        factories.make_invitation(a, "gast@aastad.example", "melder")
        from organisations.models import Invitation

        Invitation.objects.filter(email="gast@aastad.example").update(invited_by=inviter)
    text = _text(_client(inviter).get(PAGE + "?type=organisations.invitation&actie=update").content.decode())
    assert "Uitgenodigd door — Coordinator (coordinator@aastad.example)" in text
    assert f"Uitgenodigd door — {inviter.pk}" not in text


def test_a_related_row_of_another_gemeente_is_never_described(personas: Any) -> None:
    # A row of B that points at a row of A (a foreign key check does not look at row-level
    # security): B's history must not describe A's row.
    b = personas.gemeente_b
    user = factories.make_user("wijkagent@beedorp.example", full_name="Wim Wijkagent")
    with tenancy.bound(gemeente=b.pk):
        Membership.objects.create(gemeente=b, user=user, role="ketenpartner", partner=personas.partner_a)
    client = _client(personas.user("coordinator_b"))
    text = _text(client.get(PAGE).content.decode())
    export = " ".join(" ".join(row.values()) for row in _csv(client))
    for shown in (text, export):
        assert "Wim Wijkagent" in shown
        assert "Politie Eenheid Aa" not in shown
        assert str(personas.partner_a.pk) not in shown
        assert "Partnerorganisatie (verwijderd of onbekend)" in shown


def test_a_changed_long_text_marks_the_inserted_and_deleted_words(personas: Any) -> None:
    versie = personas.kader_of()
    coordinator = personas.user("coordinator")
    first = "Wij beveiligen samen. Iedereen weet wat er van hem wordt verwacht."
    second = "Wij beveiligen samen met de ketenpartners. Iedereen weet wat er wordt verwacht."
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        versie = kader_services.edit(
            versie=versie, by=personas.members["coordinator"], expected_version=versie.version, visie=first
        )
        kader_services.edit(
            versie=versie, by=personas.members["coordinator"], expected_version=versie.version, visie=second
        )
    client = _client(coordinator)

    html = client.get(PAGE + "?type=kader.kaderversie&actie=update").content.decode()

    inserted = re.findall(r'<ins class="kapstok-diff__insert">(.*?)</ins>', html)
    deleted = re.findall(r'<del class="kapstok-diff__delete">(.*?)</del>', html)
    strip = lambda parts: [re.sub(r"<span[^>]*>[^<]*</span>", "", p).strip() for p in parts]  # noqa: E731
    assert strip(inserted) == ["met de ketenpartners"]
    assert strip(deleted) == ["van hem"]
    assert '<span class="kapstok-visually-hidden">toegevoegd: </span>' in html
    assert '<span class="kapstok-visually-hidden">verwijderd: </span>' in html
    rows = [row for row in _csv(client, "?type=kader.kaderversie&actie=update") if second in row["Wijzigingen"]]
    assert rows and f"Visie: {first} → {second}" in rows[0]["Wijzigingen"]


def test_a_foreign_key_shows_the_description_of_the_row_it_points_at(personas: Any) -> None:
    versie = personas.kader_of()
    client = _client(personas.user("coordinator"))
    html = client.get(PAGE + "?type=kader.doel").content.decode()
    assert "Versie — Kader versie 1 (Concept)" in _text(html)
    assert str(versie.pk) not in html
    export = _csv(client, "?type=kader.doel")
    assert export and all("Versie: — → Kader versie 1 (Concept)" in row["Wijzigingen"] for row in export)
    assert all(str(versie.pk) not in " ".join(row.values()) for row in export)


def test_a_short_value_is_shown_before_and_after_without_marks(personas: Any) -> None:
    coordinator = personas.user("coordinator")
    with pghistory.context(user=coordinator.pk), tenancy.bound(gemeente=personas.gemeente_a.pk):
        PartnerOrganisatie.objects.filter(pk=personas.partner_a.pk).update(name="Politie Eenheid Aa-Noord")
    html = _client(coordinator).get(PAGE + "?actie=update").content.decode()
    assert "<ins" not in html and "<del" not in html


def test_the_start_of_the_kader_is_one_action_with_a_dutch_description(personas: Any) -> None:
    personas.kader_of()
    client = _client(personas.user("coordinator"))
    event_models = [m for m in apps.get_models() if getattr(m, "pgh_tracked_model", None) and "kader" in m._meta.label]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        changes = sum(m._default_manager.filter(pgh_context__action="kader.start").count() for m in event_models)
    assert changes > 20

    text = _text(client.get(PAGE).content.decode())

    assert f"Coordinator — Strategisch kader begonnen — {changes} wijzigingen" in text
    assert text.count("— Strategisch kader begonnen —") == 1
    assert "Versie — Kader versie 1 (Concept)" in text  # a foreign key by its description


@pytest.mark.parametrize(
    ("context", "description"),
    [
        (
            {"origin": "web", "method": "POST", "url": "/ergens", "action": "nog.onbekend"},
            "Wijziging via de webapplicatie",
        ),
        ({"origin": "api", "method": "PATCH"}, "Wijziging via de API"),
        ({"origin": "command", "command": "iets_nieuws"}, "Wijziging door een beheeropdracht"),
        ({"origin": "command", "command": "load_demo"}, "Demogegevens geladen"),
        ({"action": "kader.adopt", "origin": "web"}, "Kader vastgesteld"),
    ],
)
def test_an_action_is_described_by_its_name_or_else_by_where_it_came_from(
    personas: Any, context: dict[str, Any], description: str
) -> None:
    coordinator = personas.user("coordinator")
    with pghistory.context(user=coordinator.pk, **context), tenancy.bound(gemeente=personas.gemeente_a.pk):
        PartnerOrganisatie.objects.create(gemeente=personas.gemeente_a, name="Nieuwe partner")
    client = _client(coordinator)
    text = _text(client.get(PAGE + "?type=organisations.partnerorganisatie").content.decode())
    assert f"Coordinator — {description} — 1 wijziging" in text
    (row,) = [row for row in _csv(client, "?type=organisations.partnerorganisatie") if "Nieuwe" in row["Omschrijving"]]
    assert row["Actie"] == description


def test_the_demo_history_groups_a_new_version_into_one_readable_action() -> None:
    call_command("load_demo")
    coordinator = User.objects.get(email="coordinator@zuiderveen.example")
    with tenancy.bound(user=coordinator.pk):
        gemeente_id = Membership.objects.get(user=coordinator).gemeente_id
    event_models = [m for m in apps.get_models() if getattr(m, "pgh_tracked_model", None) and hasattr(m, "pgh_obj")]
    with tenancy.bound(gemeente=gemeente_id):
        contexts = {
            context_id
            for m in event_models
            for context_id in m._default_manager.filter(pgh_context__action="kader.new_version").values_list(
                "pgh_context_id", flat=True
            )
        }
        changes = sum(m._default_manager.filter(pgh_context__action="kader.new_version").count() for m in event_models)
    (context_id,) = contexts
    assert changes > 100
    client = _client(coordinator)

    first_page = client.get(PAGE).content.decode()
    action = client.get(PAGE + f"?handeling={context_id}").content.decode()
    export = _csv(client)

    assert re.search(r"\d+ acties, pagina 1 van \d+\.", first_page)
    text = _text(action)
    assert f"Inge Bosman — Nieuwe versie van het kader begonnen — {changes} wijzigingen" in text
    assert "Versie — Kader versie 2 (Concept)" in text
    assert "Gebaseerd op — Kader versie 1 (Vastgesteld)" in text
    assert "Informatie in digitale vorm" in text
    assert "Status — In ontwikkeling" in text
    for shown in (text, " ".join(" ".join(row.values()) for row in export)):
        shown = re.sub(r"https?://\S+|\S+@\S+", " ", shown)  # addresses may hold underscores
        assert not CODES.findall(shown), sorted(set(CODES.findall(shown)))[:10]
    assert {row["Actie"] for row in export if row["Actie-id"] == str(context_id)} == {
        "Nieuwe versie van het kader begonnen"
    }
