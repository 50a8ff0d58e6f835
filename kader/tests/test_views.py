"""The kader pages: who sees and does what, the guided flow, read-only after adoption."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.timezone import localdate

from kader import content, services
from kader.models import Deelplan, Doel, KaderVersie, PdcaFase, StapActiviteit, Status, Verantwoordelijkheid, WetOfNorm
from lib import tenancy

pytestmark = pytest.mark.django_db
# Every authenticated request: session, user, savepoint, set_config, membership, release (see
# tests/test_query_budgets.py).
BASE = 6


def client_for(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    client.get(reverse("dashboard:home"))  # the first request stores the active gemeente
    return client


def fresh(personas: Any, pk: Any) -> KaderVersie:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return KaderVersie.objects.get(pk=pk)


def step_url(versie: KaderVersie, stap: str = "visie") -> str:
    return reverse("kader:step", kwargs={"pk": versie.pk, "stap": stap})


def fill_the_other_steps(personas: Any, versie: KaderVersie) -> None:
    """Everything submit needs besides the vision (those steps get their editors later)."""
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        versie = KaderVersie.objects.get(pk=versie.pk)
        services.edit(
            versie=versie, by=by, expected_version=versie.version, bedrijfsmiddelen=["mensen"], governance="centraal"
        )
        WetOfNorm.objects.filter(versie=versie).update(van_toepassing=True)
        Doel.objects.filter(versie=versie).update(relevant=True)
        for groep in content.VOORBEELD_UITGANGSPUNTEN:
            services.adopt_example_uitgangspunten(versie=versie, by=by, groep=groep)
        PdcaFase.objects.filter(versie=versie).update(wat="Jaarplan opstellen")
        Verantwoordelijkheid.objects.create(
            gemeente_id=versie.gemeente_id, versie=versie, rol="Coördinator", activiteit="Jaarplan", aard="A"
        )


def submitted_version(personas: Any) -> KaderVersie:
    """Gemeente A's version 1, complete and ter besluitvorming (submitted today)."""
    versie = personas.kader_of()
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        versie = services.edit(
            versie=fresh(personas, versie.pk),
            by=by,
            expected_version=fresh(personas, versie.pk).version,
            visie="Veilig werken.",
            visie_onderbouwing="Past bij ons.",
        )
    fill_the_other_steps(personas, versie)
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        return services.submit_for_decision(versie=fresh(personas, versie.pk), by=by)


def adopted_version(personas: Any) -> KaderVersie:
    """Gemeente A's version 1, complete and adopted today."""
    versie = submitted_version(personas)
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        return services.adopt(versie=versie, on=localdate(), body="College van B en W", reference="B-1", by=by)


# --- access per role --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar", "bestuurder", "auditor"])
def test_readers_see_the_overview_and_the_step_pages(personas: Any, role: str) -> None:
    versie = personas.kader_of()
    client = client_for(personas, role)
    assert "Versie 1 (concept)" in client.get(reverse("kader:overview")).content.decode()
    for stap in content.STAP_BY_KEY:
        response = client.get(step_url(versie, stap))
        assert response.status_code == 200, stap
        assert escape(content.STAP_BY_KEY[stap].doel) in response.content.decode()


@pytest.mark.parametrize("role", ["melder", "ketenpartner"])
def test_melder_and_ketenpartner_may_not_open_the_kader(personas: Any, role: str) -> None:
    versie = personas.kader_of()
    client = client_for(personas, role)
    assert client.get(reverse("kader:overview")).status_code == 403
    assert client.get(step_url(versie)).status_code == 403
    assert client.post(reverse("kader:submit", kwargs={"pk": versie.pk})).status_code == 403


def test_without_a_kader_the_coordinator_can_start_one_and_the_bestuurder_only_reads(personas: Any) -> None:
    bestuurder = client_for(personas, "bestuurder")
    page = bestuurder.get(reverse("kader:overview")).content.decode()
    assert "nog geen kader" in page and "Kader starten" not in page
    assert bestuurder.post(reverse("kader:start")).status_code == 403
    coordinator = client_for(personas, "coordinator")
    assert "Kader starten" in coordinator.get(reverse("kader:overview")).content.decode()
    response = coordinator.post(reverse("kader:start"), follow=True)
    assert "Versie 1 (concept)" in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert KaderVersie.objects.filter(gemeente=personas.gemeente_a).count() == 1


def test_the_bestuurder_reads_the_visie_without_forms_and_may_not_post(personas: Any) -> None:
    versie = personas.kader_of()
    assert versie.get_absolute_url() == step_url(versie)
    client = client_for(personas, "bestuurder")
    page = client.get(step_url(versie)).content.decode()
    assert "Visie opslaan" not in page and "Overnemen" not in page and "Bijwerken" not in page
    response = client.post(step_url(versie), {"visie": "Van de bestuurder", "version": versie.version})
    assert response.status_code == 403
    assert fresh(personas, versie.pk).visie is None


def test_the_auditor_may_not_record_a_vaststelling(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "auditor")
    assert client.get(reverse("kader:adopt", kwargs={"pk": versie.pk})).status_code == 403


def test_gemeente_b_gets_404_on_the_kader_of_a(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator_b")
    assert client.get(step_url(versie)).status_code == 404
    assert client.post(step_url(versie), {"visie": "Overname", "version": 1}).status_code == 404
    for name in ("submit", "new_version", "adopt_example", "adopt"):
        assert client.post(reverse(f"kader:{name}", kwargs={"pk": versie.pk})).status_code == 404, name
    assert "Kader starten" in client.get(reverse("kader:overview")).content.decode()
    assert fresh(personas, versie.pk).visie is None


# --- the guided flow --------------------------------------------------------------------------


def test_the_whole_flow_from_start_to_comparing_two_versions(personas: Any) -> None:
    coordinator = client_for(personas, "coordinator")
    coordinator.post(reverse("kader:start"))
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        versie = KaderVersie.objects.get(gemeente=personas.gemeente_a)
    # Edit the vision.
    response = coordinator.post(
        step_url(versie), {"visie": "Wij werken veilig.", "visie_onderbouwing": "Past bij ons.", "version": 1}
    )
    assert response.status_code == 302
    assert fresh(personas, versie.pk).visie == "Wij werken veilig."
    # Adopt an example: it replaces the vision text.
    coordinator.post(
        reverse("kader:adopt_example", kwargs={"pk": versie.pk}), {"part": "visie", "example": "samenhang"}
    )
    assert fresh(personas, versie.pk).visie == content.VOORBEELDEN_VISIE["samenhang"]
    # Tick off an activity.
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        activiteit = StapActiviteit.objects.filter(versie=versie, stap="visie").order_by("volgorde").first()
    assert activiteit is not None
    coordinator.post(
        reverse("kader:activity", kwargs={"pk": activiteit.pk}),
        {f"{activiteit.pk}-gedaan_op": localdate().isoformat(), f"{activiteit.pk}-notitie": "Met de wethouder"},
    )
    page = coordinator.get(step_url(versie)).content.decode()
    assert "Met de wethouder" in page and str(personas.user("coordinator")) in page
    # Submitting lists what is missing and changes nothing.
    response = coordinator.post(reverse("kader:submit", kwargs={"pk": versie.pk}))
    assert response.status_code == 200
    assert "Scope: er zijn geen bedrijfsmiddelen binnen de scope gekozen." in response.content.decode()
    assert fresh(personas, versie.pk).status == Status.CONCEPT
    # Complete the other steps, submit, adopt as bestuurder.
    fill_the_other_steps(personas, versie)
    coordinator.post(reverse("kader:submit", kwargs={"pk": versie.pk}))
    assert fresh(personas, versie.pk).status == Status.TER_BESLUITVORMING
    bestuurder = client_for(personas, "bestuurder")
    adopt_url = reverse("kader:adopt", kwargs={"pk": versie.pk})
    form = {
        "vastgesteld_op": localdate().isoformat(),
        "vastgesteld_door": "College van B en W",
        "besluitkenmerk": "Z-1",
    }
    assert bestuurder.post(adopt_url, form).status_code == 302
    adopted = fresh(personas, versie.pk)
    assert (adopted.status, adopted.besluitkenmerk) == (Status.VASTGESTELD, "Z-1")
    assert "Z-1" in bestuurder.get(reverse("kader:overview")).content.decode()
    # A new version, changed, then compared.
    coordinator.post(reverse("kader:new_version", kwargs={"pk": versie.pk}))
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        nieuw = KaderVersie.objects.get(gemeente=personas.gemeente_a, nummer=2)
    coordinator.post(
        step_url(nieuw),
        {"visie": "Nieuwe visie.", "visie_onderbouwing": "Past bij ons.", "version": nieuw.version},
    )
    response = coordinator.get(reverse("kader:compare"), {"van": str(versie.pk), "naar": str(nieuw.pk)})
    page = response.content.decode()
    marks = re.compile(r'<span class="kapstok-visually-hidden">[^<]*</span>|<[^>]+>')
    text = marks.sub("", page)  # long texts have their changed words marked up
    assert "Nieuwe visie." in text and "Visie" in text
    assert "Deze versies zijn inhoudelijk gelijk" not in page


def test_the_adopt_form_is_not_offered_for_a_concept(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    url = reverse("kader:adopt", kwargs={"pk": versie.pk})
    page = client.get(url).content.decode()
    assert "Versie 1 is concept. Alleen een versie die ter besluitvorming ligt, kan worden vastgesteld." in page
    assert "Vaststelling vastleggen</button>" not in page
    page = client.post(url, {"vastgesteld_op": localdate().isoformat(), "vastgesteld_door": "Raad"}).content.decode()
    assert "Alleen een versie die ter besluitvorming ligt" in page
    assert fresh(personas, versie.pk).status == Status.CONCEPT


def test_the_adopt_form_shows_dutch_errors_at_the_fields(personas: Any) -> None:
    versie = submitted_version(personas)
    client = client_for(personas, "coordinator")
    url = reverse("kader:adopt", kwargs={"pk": versie.pk})
    page = client.post(url, {}).content.decode()
    assert "Dit veld is verplicht." in page and "<title>Niet opgeslagen:" in page
    future = (localdate() + datetime.timedelta(days=3)).isoformat()
    page = client.post(url, {"vastgesteld_op": future, "vastgesteld_door": "Raad"}).content.decode()
    assert "Deze datum ligt in de toekomst." in page
    before = (localdate() - datetime.timedelta(days=30)).isoformat()
    page = client.post(url, {"vastgesteld_op": before, "vastgesteld_door": "Raad"}).content.decode()
    assert "vóór de dag waarop de versie ter besluitvorming is aangeboden" in page
    assert 'id="id_vastgesteld_op_error"' in page
    assert fresh(personas, versie.pk).status == Status.TER_BESLUITVORMING


def test_a_stale_edit_of_the_visie_is_refused_with_the_dutch_message(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    client.post(step_url(versie), {"visie": "Eerste", "version": 1})
    response = client.post(step_url(versie), {"visie": "Tweede, op oude gegevens", "version": 1})
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert fresh(personas, versie.pk).visie == "Eerste"


def test_an_unknown_example_or_a_future_date_changes_nothing(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    response = client.post(
        reverse("kader:adopt_example", kwargs={"pk": versie.pk}),
        {"part": "visie", "example": "bestaat-niet"},
        follow=True,
    )
    assert "Dit voorbeeld bestaat niet." in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        activiteit = StapActiviteit.objects.filter(versie=versie).first()
    assert activiteit is not None
    future = (localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("kader:activity", kwargs={"pk": activiteit.pk}), {f"{activiteit.pk}-gedaan_op": future}, follow=True
    )
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert StapActiviteit.objects.get(pk=activiteit.pk).gedaan_op is None
    assert fresh(personas, versie.pk).visie is None
    assert client.get(step_url(versie, "bestaat-niet")).status_code == 404
    assert client.post(step_url(versie, "doelen"), {"visie": "Via de doelen"}).status_code == 405
    assert fresh(personas, versie.pk).visie is None


def test_an_adopted_version_is_read_only_and_posts_change_nothing(personas: Any) -> None:
    versie = adopted_version(personas)
    client = client_for(personas, "coordinator")
    page = client.get(step_url(versie)).content.decode()
    assert "Visie opslaan" not in page and "Overnemen" not in page and "Bijwerken" not in page
    response = client.post(step_url(versie), {"visie": "Achteraf", "version": versie.version}, follow=True)
    assert "Versie 1 is vastgesteld en kan niet meer worden gewijzigd." in response.content.decode()
    client.post(reverse("kader:adopt_example", kwargs={"pk": versie.pk}), {"part": "visie", "example": "minimaal"})
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        activiteit = StapActiviteit.objects.filter(versie=versie).first()
    assert activiteit is not None
    response = client.post(
        reverse("kader:activity", kwargs={"pk": activiteit.pk}), {f"{activiteit.pk}-gedaan_op": localdate().isoformat()}
    )
    assert response.status_code == 302
    after = fresh(personas, versie.pk)
    assert (after.visie, after.version) == ("Veilig werken.", versie.version)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert StapActiviteit.objects.get(pk=activiteit.pk).gedaan_op is None


# --- query budgets ----------------------------------------------------------------------------


def test_the_pages_stay_within_their_query_budgets(personas: Any, django_assert_num_queries: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    # versions; for the open version: progress, and what is missing (undecided laws, a relevant
    # goal, an uitgangspunt, the two gap lists, undescribed phases, a responsibility); what the apps
    # above took up into it (kader.hooks: the findings of pdca)
    with django_assert_num_queries(BASE + 10):
        assert client.get(reverse("kader:overview")).status_code == 200
    # version; activities of the step with who did them
    with django_assert_num_queries(BASE + 2):
        assert client.get(step_url(versie)).status_code == 200
    # version; activities; bedrijfsmiddelen come with the version; mensgroepen; deelplannen; wetten
    with django_assert_num_queries(BASE + 5):
        assert client.get(step_url(versie, "scope")).status_code == 200
    # version; activities; goals (with their forms)
    with django_assert_num_queries(BASE + 3):
        assert client.get(step_url(versie, "doelen")).status_code == 200
    # version; activities; uitgangspunten (none yet, so no prefetch of their goals); the goals to
    # link in the forms; the two gap lists
    with django_assert_num_queries(BASE + 6):
        assert client.get(step_url(versie, "uitgangspunten")).status_code == 200
    # versions (the form's choices)
    with django_assert_num_queries(BASE + 1):
        assert client.get(reverse("kader:compare")).status_code == 200


def test_the_comparison_speaks_dutch_and_marks_the_changed_words_of_long_texts(personas: Any) -> None:
    first = adopted_version(personas)
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        second = services.new_version(by=by, from_version=first)
        second = services.edit(
            by=by,
            versie=second,
            expected_version=second.version,
            visie="Veilig werken. De gemeente betrekt voortaan ook haar ketenpartners.",
            bedrijfsmiddelen=["mensen", "informatie_digitaal"],
        )
        plan = services.add_part(by=by, versie=second, model=Deelplan, thema="integriteit", titel="Gedragscode")
        services.edit_part(by=by, obj=plan, expected_version=plan.version, status="in_ontwikkeling")
    client = client_for(personas, "auditor")
    page = client.get(reverse("kader:compare"), {"van": str(first.pk), "naar": str(second.pk)}).content.decode()
    for internal in ("in_ontwikkeling", "informatie_digitaal", "bedrijfsmiddelen", "Key hint", "Membership"):
        assert internal not in page, internal
    assert "Informatie in digitale vorm" in page and "Integriteit – Gedragscode" in page
    assert (
        '<ins class="kapstok-diff__insert"><span class="kapstok-visually-hidden">toegevoegd: </span>De gemeente' in page
    )
