"""The demo gemeente's kader: version 1 complete and adopted, version 2 a concept that differs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import User
from kader import progress
from kader.compare import compare
from kader.models import KaderVersie, Status
from lib import tenancy
from organisations.models import Gemeente

pytestmark = pytest.mark.django_db


def test_the_demo_loads_an_adopted_kader_and_a_newer_concept() -> None:
    call_command("load_demo")
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
        noorderhaven = Gemeente.objects.get(cbs_code="GM9902")
    with tenancy.bound(gemeente=zuiderveen.pk):
        eerste, tweede = KaderVersie.objects.order_by("nummer")
        assert (eerste.status, tweede.status) == (Status.VASTGESTELD, Status.CONCEPT)
        assert eerste.vastgesteld_door == "College van B en W" and eerste.besluitkenmerk
        # complete: nothing would stop version 1 at "ter besluitvorming", and no gaps
        assert progress.missing_parts(eerste) == []
        assert progress.gaps(eerste) == {"doelen_zonder_uitgangspunt": [], "uitgangspunten_zonder_doel": []}
        assert all(state.complete for state in progress.steps(eerste))
        changed = {difference.onderdeel for difference in compare(eerste, tweede)}
        assert {"Visie", "Scope: deelplannen", "Kwaliteitssysteem: verantwoordelijkheden"} <= changed
    with tenancy.bound(gemeente=noorderhaven.pk):
        assert not KaderVersie.objects.exists()


def test_every_step_page_of_the_demo_kader_opens(client: Any) -> None:
    call_command("load_demo")
    client.force_login(User.objects.get(email="coordinator@zuiderveen.example"))
    client.get("/")  # the first request stores the active gemeente
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
    with tenancy.bound(gemeente=zuiderveen.pk):
        versies = list(KaderVersie.objects.all())
    for versie in versies:
        for stap in ("visie", "scope", "doelen", "uitgangspunten", "kwaliteitssysteem"):
            response = client.get(f"/kader/versies/{versie.pk}/{stap}")
            assert response.status_code == 200, (versie, stap)
