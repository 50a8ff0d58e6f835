"""manage.py herinneringen: each owner one Dutch e-mail with their new points, each point once."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from herinneringen import services
from herinneringen.models import VerstuurdeHerinnering
from lib import tenancy
from risicos import services as risicos_services
from risicos.tests import world as risicos_world

from . import world

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("herinneringen", *args, stdout=out)
    return out.getvalue()


def mail_to(address: str) -> Any:
    found = [m for m in mail.outbox if m.to == [address]]
    assert len(found) == 1, [m.to for m in mail.outbox]
    return found[0]


def sent(personas: Any) -> list[Any]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return list(VerstuurdeHerinnering.objects.order_by("titel"))


def test_each_owner_gets_one_dutch_email_with_their_own_points_and_a_second_run_sends_nothing(
    personas: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://kapstok.example.nl"
    register = world.build(personas)

    output = run()

    assert len(mail.outbox) == 3
    bestuurder = mail_to("bestuurder@aastad.example")
    assert "Gemeente Aastad" in bestuurder.subject and "1 punt vraagt uw aandacht" in bestuurder.subject
    assert "Acceptaties van uw risico's die binnenkort verlopen" in bestuurder.body
    assert f"https://kapstok.example.nl/risicos/register/{register.expiring.pk}" in bestuurder.body
    assert "Phishing" not in bestuurder.body and "Beedorp" not in bestuurder.body
    assert "https://kapstok.example.nl/account/herinneringen" in bestuurder.body  # how to switch them off
    html, mimetype = bestuurder.alternatives[0]
    assert mimetype == "text/html" and '<html lang="nl">' in html and "Inbraak in het stadhuis" in html

    coordinator = mail_to("coordinator@aastad.example")
    assert "Risico's waarvan de beoordeling te laat is" in coordinator.body
    assert "Phishing bij de balie (sinds" in coordinator.body
    assert "Stroomuitval" not in coordinator.body  # due in 200 days, beyond the 30 days
    assert "Geheim risico van Beedorp" not in coordinator.body
    assert "Geheim risico van Beedorp" in mail_to("coordinator@beedorp.example").body
    assert "[1/2] Gemeente Aastad: 2 e-mail(s) verstuurd, 2 punt(en)" in output
    assert "Klaar: 3 e-mail(s) met 3 punt(en)." in output
    assert [h.titel for h in sent(personas)] == ["Inbraak in het stadhuis", "Phishing bij de balie"]

    again = run()

    assert len(mail.outbox) == 3
    assert "Klaar: 0 e-mail(s) met 0 punt(en)." in again


def test_a_point_whose_date_moves_is_new_and_the_horizon_is_an_option(personas: Any) -> None:
    register = world.build(personas)
    run()
    mail.outbox.clear()
    with risicos_world.bound(personas):
        risicos_services.Risico.objects.filter(pk=register.overdue.pk).update(
            volgende_review=timezone.localdate() - datetime.timedelta(days=2)
        )

    run("--gemeente", "gm9001")

    assert [m.to for m in mail.outbox] == [["coordinator@aastad.example"]]
    assert "Phishing bij de balie" in mail.outbox[0].body
    mail.outbox.clear()

    run("--gemeente", "GM9001", "--dagen", "365")

    assert [m.to for m in mail.outbox] == [["coordinator@aastad.example"]]
    body = mail.outbox[0].body
    assert "Risico's die binnenkort opnieuw beoordeeld moeten worden" in body and "Stroomuitval (op" in body
    assert "Phishing" not in body  # sent before


def test_who_switched_reminders_off_left_or_has_no_address_gets_nothing(personas: Any) -> None:
    world.build(personas)
    bestuurder = personas.members["bestuurder"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=bestuurder.user_id):
        services.zet_voorkeur(bestuurder, aan=False)
    coordinator_b = personas.coordinator_b.user
    coordinator_b.is_active = False
    coordinator_b.save(update_fields=["is_active"])

    run()

    assert [m.to for m in mail.outbox] == [["coordinator@aastad.example"]]
    assert [h.titel for h in sent(personas)] == ["Phishing bij de balie"]


def test_a_dry_run_names_the_recipients_and_sends_and_records_nothing(personas: Any) -> None:
    world.build(personas)

    output = run("--proef")

    assert mail.outbox == []
    assert sent(personas) == []
    assert "2 e-mail(s) zou versturen, 2 punt(en) aan bestuurder@aastad.example, coordinator@aastad.example" in output
    assert "(proef: niets verstuurd)" in output


def test_an_email_that_cannot_be_sent_is_not_recorded_and_goes_out_with_the_next_run(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.build(personas)
    original = services.EmailMultiAlternatives.send

    def refuse_the_coordinator(self: Any, *args: Any, **kwargs: Any) -> int:
        if self.to == ["coordinator@aastad.example"]:
            raise ConnectionRefusedError("mail server down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(services.EmailMultiAlternatives, "send", refuse_the_coordinator)
    with pytest.raises(CommandError, match="1 e-mail\\(s\\) konden niet worden verstuurd"):
        run()
    assert sorted(m.to[0] for m in mail.outbox) == ["bestuurder@aastad.example", "coordinator@beedorp.example"]
    assert [h.titel for h in sent(personas)] == ["Inbraak in het stadhuis"]

    monkeypatch.setattr(services.EmailMultiAlternatives, "send", original)
    mail.outbox.clear()
    run()

    assert [m.to for m in mail.outbox] == [["coordinator@aastad.example"]]


def test_a_run_that_read_the_points_before_another_run_recorded_them_sends_nothing(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs at the same moment: the second waits on the person's lock and reads again."""
    world.build(personas)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        seen_before = services._nieuwe_punten(timezone.localdate(), 30)  # what the second run read
    run()
    mail.outbox.clear()
    monkeypatch.setattr(services, "_nieuwe_punten", lambda today, dagen: seen_before)

    uitkomst = services.versturen(personas.gemeente_a, today=timezone.localdate(), dagen=30)

    assert (uitkomst.emails, uitkomst.punten) == (0, 0)
    assert mail.outbox == []


def test_each_record_is_in_the_history_as_the_reminder_commands_work(personas: Any) -> None:
    world.build(personas)
    run("--gemeente", "GM9001")

    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        events = list(apps.get_model("herinneringen", "VerstuurdeHerinneringEvent").objects.order_by("titel"))
    assert [(e.pgh_label, e.titel) for e in events] == [
        ("insert", "Inbraak in het stadhuis"),
        ("insert", "Phishing bij de balie"),
    ]
    assert all(e.pgh_context["command"] == "herinneringen" for e in events)
    assert events[0].pgh_context["user"] == personas.members["bestuurder"].user_id


def test_the_points_of_a_gemeente_cost_the_same_queries_whatever_the_register_size(personas: Any) -> None:
    world.build(personas)
    today = timezone.localdate()

    def count() -> int:
        with tenancy.bound(gemeente=personas.gemeente_a.pk), CaptureQueriesContext(connection) as ctx:
            punten = services._nieuwe_punten(today, 30)
        assert punten
        return len(ctx.captured_queries)

    small = count()
    coordinator = personas.members["coordinator"]
    with risicos_world.bound(personas):
        for i in range(20):
            world._risico(coordinator, f"Nog een risico {i}", coordinator, today - datetime.timedelta(days=i))
    assert count() == small == 4  # acceptances, reviews, actions, the points sent before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--dagen", "-1"), "--dagen ligt tussen 0 en 365."),
        (("--dagen", "veel"), "--dagen verwacht een aantal dagen, niet 'veel'."),
        (("--datum", "31-12-2026"), "--datum verwacht een datum als 2026-12-31"),
        (("--gemeente", "GM0000"), "Onbekende gemeente(n): GM0000."),
    ],
)
def test_wrong_options_are_refused_in_dutch_and_nothing_is_sent(
    personas: Any, args: tuple[str, ...], message: str
) -> None:
    world.build(personas)
    with pytest.raises(CommandError) as refused:
        run(*args)
    assert message in str(refused.value)
    assert mail.outbox == []
