"""The revision of a gemeente's data moves with every committed write, whatever path it takes,
and only then; page parts cached under it reach no other person, gemeente or browser."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from lib import revisions, tenancy
from lib.models import Revision
from lib.tenancy import gemeente_models
from organisations.models import PartnerOrganisatie

pytestmark = pytest.mark.django_db(transaction=True)


def revision_of(gemeente: Any) -> int:
    with tenancy.bound(gemeente=gemeente.pk):
        return revisions.current(gemeente.pk)[0]


def test_every_gemeente_table_but_the_history_tables_carries_the_trigger() -> None:
    expected = {
        m._meta.db_table
        for m in gemeente_models()
        if not hasattr(m, "pgh_tracked_model") and m._meta.db_table != revisions.TABLE
    }
    assert set(revisions.tables()) == expected
    assert {"ivp_actie", "kader_kaderversie", "organisations_gemeente"} <= expected
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
            [revisions.TRIGGER],
        )
        found = {row[0] for row in cursor.fetchall()}
    assert found == expected


def test_a_committed_write_moves_the_revision_once_and_only_of_its_gemeente(personas: Any) -> None:
    a, b = personas.gemeente_a, personas.gemeente_b
    start_a, start_b = revision_of(a), revision_of(b)

    with tenancy.bound(gemeente=a.pk):
        partner = PartnerOrganisatie.objects.create(gemeente=a, name="Woonstichting Aastad")
    assert revision_of(a) == start_a + 1

    with tenancy.bound(gemeente=a.pk):  # three statements, one transaction: one step
        PartnerOrganisatie.objects.filter(pk=partner.pk).update(name="Woonstichting Aastad-Noord")
        PartnerOrganisatie.objects.filter(pk=partner.pk).update(name="Woonstichting Aastad-Zuid")
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE organisations_partnerorganisatie SET name = 'Woonstichting' WHERE id = %s", [partner.pk]
            )
    assert revision_of(a) == start_a + 2

    with tenancy.bound(gemeente=a.pk):
        PartnerOrganisatie.objects.filter(pk=partner.pk).delete()
    assert revision_of(a) == start_a + 3
    assert revision_of(b) == start_b


def test_a_rolled_back_write_leaves_the_revision_as_it_was(personas: Any) -> None:
    a = personas.gemeente_a
    start = revision_of(a)
    with pytest.raises(RuntimeError), tenancy.bound(gemeente=a.pk):
        PartnerOrganisatie.objects.create(gemeente=a, name="Tijdelijk")
        raise RuntimeError
    assert revision_of(a) == start


def test_using_an_api_token_does_not_move_the_revision_but_revoking_it_does(personas: Any) -> None:
    from accounts.models import ApiToken

    a = personas.gemeente_a
    token = personas.token_of("coordinator")
    start = revision_of(a)
    with tenancy.bound(gemeente=a.pk):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at="2026-12-01T12:00:00Z")
    assert revision_of(a) == start
    with tenancy.bound(gemeente=a.pk):
        ApiToken.objects.filter(pk=token.pk).update(revoked_at="2026-12-01T12:00:00Z")
    assert revision_of(a) == start + 1


def test_a_gemeente_sees_only_its_own_revision_rows(personas: Any) -> None:
    a, b = personas.gemeente_a, personas.gemeente_b
    for gemeente in (a, b):
        with tenancy.bound(gemeente=gemeente.pk):
            PartnerOrganisatie.objects.create(gemeente=gemeente, name="Zorgpartner")
    with tenancy.bound(gemeente=a.pk):
        assert set(Revision.objects.values_list("gemeente_id", flat=True)) == {a.pk}
        with pytest.raises(Exception, match="row-level security"), transaction.atomic():
            Revision.objects.create(gemeente=b, xact=1)


def test_compacting_keeps_the_revision_and_leaves_one_row(personas: Any, monkeypatch: Any) -> None:
    a = personas.gemeente_a
    for n in range(4):
        with tenancy.bound(gemeente=a.pk):
            PartnerOrganisatie.objects.create(gemeente=a, name=f"Partner {n}")
    before = revision_of(a)
    monkeypatch.setattr(revisions, "COMPACT_AFTER", 2)
    with tenancy.bound(gemeente=a.pk):
        assert revisions.current(a.pk) == (before, True)  # compacted, so this transaction wrote
    with tenancy.bound(gemeente=a.pk):
        assert Revision.objects.count() == 1
    assert revision_of(a) == before
    with tenancy.bound(gemeente=a.pk):
        PartnerOrganisatie.objects.create(gemeente=a, name="Nog een partner")
    assert revision_of(a) == before + 1


# --- the cache -----------------------------------------------------------------------------------


class Renders:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> Any:
        self.count += 1
        return mark_safe(f"<p>versie {self.count}</p>")  # noqa: S308


def request_of(member: Any, path: str = "/monitoring", method: str = "get", csrf: str = "a" * 32) -> Any:
    request = getattr(RequestFactory(), method)(path)
    request.membership = member
    request.COOKIES["csrftoken"] = csrf
    request.META["CSRF_COOKIE"] = csrf
    return request


def test_a_part_is_rendered_once_per_revision_member_query_and_browser(personas: Any) -> None:
    coordinator, partner = personas.members["coordinator"], personas.members["ketenpartner"]
    coordinator_b = personas.coordinator_b
    render = Renders()

    def part(member: Any, **kwargs: Any) -> str:
        with tenancy.bound(gemeente=member.gemeente_id):
            return str(revisions.cached(request_of(member, **kwargs), "test", render))

    assert part(coordinator) == "<p>versie 1</p>"
    assert part(coordinator) == "<p>versie 1</p>"  # from the cache
    assert part(partner) == "<p>versie 2</p>"  # another member of the same gemeente
    assert part(coordinator_b) == "<p>versie 3</p>"  # another gemeente
    assert part(coordinator, path="/monitoring?thema=1") == "<p>versie 4</p>"  # another query
    assert part(coordinator, csrf="b" * 32) == "<p>versie 5</p>"  # another browser
    assert part(coordinator, method="post") == "<p>versie 6</p>"  # only GET uses the cache
    assert part(coordinator, method="post") == "<p>versie 7</p>"
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        PartnerOrganisatie.objects.create(gemeente=personas.gemeente_a, name="Brandweer")
    assert part(coordinator) == "<p>versie 8</p>"  # the gemeente changed
    assert part(coordinator_b) == "<p>versie 3</p>"  # the other gemeente did not


def test_a_transaction_that_wrote_neither_reads_nor_fills_the_cache(personas: Any) -> None:
    coordinator = personas.members["coordinator"]
    render = Renders()
    gemeente = personas.gemeente_a

    class Undo(Exception):
        pass

    def rolled_back(render_with: Any, *, write_first: bool) -> str:
        shown = []
        with pytest.raises(Undo), tenancy.bound(gemeente=gemeente.pk):
            if write_first:
                PartnerOrganisatie.objects.create(gemeente=gemeente, name="Onbekend")
            shown.append(str(revisions.cached(request_of(coordinator), "test", render_with)))
            raise Undo
        return shown[0]

    def writing_render() -> Any:
        PartnerOrganisatie.objects.create(gemeente=gemeente, name="Tijdens het tonen")
        return render()

    assert rolled_back(render, write_first=True) == "<p>versie 1</p>"
    assert rolled_back(render, write_first=True) == "<p>versie 2</p>"  # not kept
    assert rolled_back(writing_render, write_first=False) == "<p>versie 3</p>"  # not kept either
    with tenancy.bound(gemeente=gemeente.pk):
        assert str(revisions.cached(request_of(coordinator), "test", render)) == "<p>versie 4</p>"
    with tenancy.bound(gemeente=gemeente.pk):
        assert str(revisions.cached(request_of(coordinator), "test", render)) == "<p>versie 4</p>"
