from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import User
from lib import tenancy
from organisations.models import Gemeente, Membership

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_login_per_role_and_a_second_gemeente() -> None:
    call_command("load_demo")
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
        noorderhaven = Gemeente.objects.get(cbs_code="GM9902")
    with tenancy.bound(gemeente=zuiderveen.pk):
        roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"coordinator", "thema_eigenaar", "bestuurder", "ketenpartner", "melder", "auditor"}
    with tenancy.bound(gemeente=noorderhaven.pk):
        assert Membership.objects.get().user.email == "coordinator@noorderhaven.example"
    assert User.objects.get(email="beheer@kapstok.example").is_platform_admin
    assert User.objects.get(email="coordinator@zuiderveen.example").check_password("demo-Zuiderveen-2026")


def test_loading_the_demo_twice_with_if_empty_changes_nothing() -> None:
    call_command("load_demo")
    count = User.objects.count()
    call_command("load_demo", "--if-empty")
    assert User.objects.count() == count
