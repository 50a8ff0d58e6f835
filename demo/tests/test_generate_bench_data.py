"""The bench data command: recognisable, complete, usable by the load script, and never twice."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from demo.management.commands.generate_bench_data import BENCH_PASSWORD, bench_users
from kader.models import KaderVersie
from lib import tenancy
from organisations.models import Gemeente, Membership, PartnerOrganisatie, Role

pytestmark = pytest.mark.django_db


def generate(tmp_path: Path, gemeenten: int = 2, members: int = 8) -> dict:
    tokens = tmp_path / "tokens.json"
    call_command("generate_bench_data", gemeenten=gemeenten, members=members, tokens_file=str(tokens))
    return json.loads(tokens.read_text())


def test_it_creates_the_requested_gemeenten_with_members_partners_and_history(tmp_path):
    generate(tmp_path, gemeenten=3, members=8)
    with tenancy.bound(platform=True):
        gemeenten = list(Gemeente.objects.filter(cbs_code__in=["GM8001", "GM8002", "GM8003"]))
    assert len(gemeenten) == 3
    for gemeente in gemeenten:
        with tenancy.bound(gemeente=gemeente.pk):
            assert Membership.objects.filter(gemeente=gemeente).count() == 8
            assert PartnerOrganisatie.objects.filter(gemeente=gemeente).count() == 5
            assert apps.get_model("organisations", "MembershipEvent").objects.filter(pgh_label="update").exists()
    assert User.objects.filter(email="platform@bench.example", is_platform_admin=True).exists()


def test_each_gemeente_has_one_known_login_per_role(tmp_path):
    generate(tmp_path)
    for role in Role.values:
        user = User.objects.get(email=f"{role}@g0002.bench.example")
        assert user.check_password(BENCH_PASSWORD)
        with tenancy.bound(user=user.pk):
            assert Membership.objects.get(user=user).role == role


def test_the_tokens_file_gives_working_api_tokens(client, tmp_path):
    data = generate(tmp_path, gemeenten=2, members=7)
    first = data["gemeenten"][0]
    response = client.get("/api/v1/leden", headers={"Authorization": f"Bearer {first['token']}"})
    assert response.status_code == 200
    assert len(response.json()) == 7
    assert first["lid_id"] in {lid["id"] for lid in response.json()}


def test_it_refuses_a_database_that_already_has_bench_data(tmp_path):
    generate(tmp_path)
    with pytest.raises(CommandError, match="al benchmarkgegevens"):
        generate(tmp_path)
    assert bench_users().count() == 2 * 8 + 1


def test_it_refuses_fewer_members_than_roles(tmp_path):
    with pytest.raises(CommandError, match="minstens 6"):
        generate(tmp_path, members=5)
    assert not bench_users().exists()


def test_every_gemeente_gets_the_demo_kader_and_the_tokens_file_names_its_concept(tmp_path):
    data = generate(tmp_path, gemeenten=2, members=6)
    for entry in data["gemeenten"]:
        with tenancy.bound(platform=True):
            gemeente = Gemeente.objects.get(cbs_code=entry["cbs_code"])
        with tenancy.bound(gemeente=gemeente.pk):
            statuses = dict(KaderVersie.objects.values_list("pk", "status"))
        assert sorted(statuses.values()) == ["concept", "vastgesteld"]
        assert statuses[UUID(entry["kader_id"])] == "concept"


def test_the_first_gemeente_gets_a_veiligheidsplan_of_the_asked_size(tmp_path):
    from ivp.models import Actie, Meting, Thema

    tokens = tmp_path / "tokens.json"
    call_command("generate_bench_data", gemeenten=2, members=6, ivp="30x2x50", tokens_file=str(tokens))
    data = json.loads(tokens.read_text())
    first, second = data["gemeenten"]
    with tenancy.bound(platform=True):
        g1, g2 = (Gemeente.objects.get(cbs_code=g["cbs_code"]) for g in (first, second))
    with tenancy.bound(gemeente=g1.pk):
        assert Thema.objects.count() == 30
        assert Actie.objects.filter(programma_id=first["programma_id"]).count() == 50
        assert Meting.objects.filter(indicator__bronsleutel__startswith="bench:").count() == 30 * 2 * 12
    with tenancy.bound(gemeente=g2.pk):
        assert Actie.objects.filter(programma_id=second["programma_id"]).count() == 20
    from bijeenkomsten.models import Bijeenkomst, Deelnemer

    for entry, gemeente in ((first, g1), (second, g2)):
        with tenancy.bound(gemeente=gemeente.pk):
            held = Bijeenkomst.objects.get(pk=entry["bijeenkomst_id"])
            assert held.status == "gesloten" and Deelnemer.objects.filter(bijeenkomst=held).count() == 25


def test_it_refuses_a_veiligheidsplan_size_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="THEMA'SxJARENxACTIES"):
        call_command("generate_bench_data", gemeenten=1, members=6, ivp="veel", tokens_file=str(tmp_path / "t.json"))


def test_the_first_gemeente_gets_a_risk_register_of_the_asked_size(tmp_path):
    from risicos.models import Maatregel, MaatregelRisico, Risico

    tokens = tmp_path / "tokens.json"
    call_command("generate_bench_data", gemeenten=2, members=6, risicos="30x70", tokens_file=str(tokens))
    first = json.loads(tokens.read_text())["gemeenten"][0]
    with tenancy.bound(platform=True):
        gemeente = Gemeente.objects.get(cbs_code=first["cbs_code"])
    with tenancy.bound(gemeente=gemeente.pk):
        assert Risico.objects.count() == 30 and Maatregel.objects.count() == 70
        assert not Risico.objects.filter(bruto_niveau__isnull=True).exists()
        assert not Maatregel.objects.filter(risico_links__isnull=True).exists()  # every measure is on a risk
        busiest = max(Risico.objects.all(), key=lambda r: MaatregelRisico.objects.filter(risico=r).count())
        assert first["risico_id"] == str(busiest.pk)
        assert apps.get_model("risicos", "RisicoEvent").objects.count() == 30


def test_it_refuses_a_risk_register_that_is_not_risks_x_measures(tmp_path):
    with pytest.raises(CommandError, match="RISICO'SxMAATREGELEN"):
        call_command("generate_bench_data", gemeenten=1, members=6, risicos="veel", tokens_file=str(tmp_path / "t"))
    assert not bench_users().exists()


def test_the_first_gemeente_gets_the_asked_number_of_incidents_and_every_bench_path_can_be_filled(tmp_path):
    from bench.pages import PAGES
    from bench.queries import IDS
    from incidenten.models import Incident, RodeDraden

    tokens = tmp_path / "tokens.json"
    call_command("generate_bench_data", gemeenten=2, members=6, incidenten=40, tokens_file=str(tokens))
    first, second = json.loads(tokens.read_text())["gemeenten"]
    with tenancy.bound(platform=True):
        g1, g2 = (Gemeente.objects.get(cbs_code=g["cbs_code"]) for g in (first, second))
    with tenancy.bound(gemeente=g1.pk):
        assert Incident.objects.count() == 40
        kept = RodeDraden.objects.get(pk=first["analyse_id"])
        assert kept.van.year == kept.tot.year == timezone.localdate().year - 1
        assert Incident.objects.filter(datum__lt=first["drie_jaar_terug"]).count() == 0
    with tenancy.bound(gemeente=g2.pk):
        assert Incident.objects.count() == 200
    for page in PAGES:
        assert page.path.format(**{key: first[key] for key in IDS}, n=1)


def test_it_refuses_a_number_of_incidents_out_of_range(tmp_path):
    with pytest.raises(CommandError, match="incidenten"):
        call_command("generate_bench_data", gemeenten=1, members=6, incidenten=-1, tokens_file=str(tmp_path / "t.json"))
