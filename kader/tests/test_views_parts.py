"""Scope and kwaliteitssysteem edited on the step pages; deleting parts; sending a version back."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kader import services
from kader.models import Deelplan, Doel, Mensgroep, PdcaFase, Status, Uitgangspunt, Verantwoordelijkheid, WetOfNorm
from lib import tenancy
from lib.concurrency import CONFLICT_MESSAGE, STALE_MESSAGE

from .test_views import BASE, adopted_version, client_for, fill_the_other_steps, fresh, step_url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def rows(personas: Any, model: Any, **filters: Any) -> list[Any]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return list(model.objects.filter(**filters).order_by("volgorde", "pk"))


def add_url(versie: Any, part: str) -> str:
    return reverse("kader:part_add", kwargs={"pk": versie.pk, "part": part})


def edit_url(part: str, obj: Any) -> str:
    return reverse("kader:part_edit", kwargs={"part": part, "pk": obj.pk})


def delete_url(part: str, obj: Any) -> str:
    return reverse("kader:part_delete", kwargs={"part": part, "pk": obj.pk})


def prefixed(obj: Any, **data: Any) -> dict[str, Any]:
    return {f"{obj.pk}-{name}": value for name, value in {**data, "version": obj.version}.items()}


def new(part: str, **data: Any) -> dict[str, Any]:
    return {f"nieuw-{part}-{name}": value for name, value in data.items()}


# --- scope ------------------------------------------------------------------------------------


def test_the_scope_page_edits_the_bedrijfsmiddelen_and_refuses_an_unknown_one(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "thema_eigenaar")
    page = client.get(step_url(versie, "scope")).content.decode()
    assert "Bedrijfsmiddelen opslaan" in page and "Groep mensen toevoegen" in page and "Wet of norm toevoegen" in page
    response = client.post(
        step_url(versie, "scope"), {"bedrijfsmiddelen": ["mensen", "gebouwen"], "version": versie.version}, follow=True
    )
    assert "zijn opgeslagen" in response.content.decode()
    assert fresh(personas, versie.pk).bedrijfsmiddelen == ["mensen", "gebouwen"]
    response = client.post(step_url(versie, "scope"), {"bedrijfsmiddelen": ["raketten"], "version": versie.version + 1})
    assert response.status_code == 200
    assert "utrecht-form-field--invalid" in response.content.decode()
    assert fresh(personas, versie.pk).bedrijfsmiddelen == ["mensen", "gebouwen"]


def test_a_mensgroep_is_rewritten_then_deleted_after_confirmation_with_history(personas: Any) -> None:
    versie = personas.kader_of()
    groep = rows(personas, Mensgroep, versie=versie)[0]
    client = client_for(personas, "coordinator")
    response = client.post(
        edit_url("mensgroepen", groep),
        prefixed(groep, soort=groep.soort, moet_weten="Kent de huisregels."),
        follow=True,
    )
    assert "is opgeslagen" in response.content.decode()
    assert rows(personas, Mensgroep, pk=groep.pk)[0].moet_weten == "Kent de huisregels."
    confirm = client.get(delete_url("mensgroepen", groep)).content.decode()
    assert "Weet u zeker" in confirm and "Ja, verwijderen" in confirm
    assert rows(personas, Mensgroep, pk=groep.pk), "opening the confirmation deletes nothing"
    response = client.post(delete_url("mensgroepen", groep), {"version": groep.version + 1}, follow=True)
    assert "is verwijderd" in response.content.decode()
    assert not rows(personas, Mensgroep, pk=groep.pk)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        event = apps.get_model("kader", "MensgroepEvent").objects.get(pgh_obj_id=groep.pk, pgh_label="delete")
    assert event.moet_weten == "Kent de huisregels."
    assert event.pgh_context["action"] == "kader.delete.mensgroepen"


def test_a_deelplan_with_its_file_is_added_downloaded_and_the_file_removed(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    data = new("deelplannen", thema="integriteit", titel="Gedragscode", eigenaar="HR", status="vastgesteld", link="")
    data["nieuw-deelplannen-bestand"] = SimpleUploadedFile("gedragscode.pdf", PDF, content_type="application/pdf")
    response = client.post(add_url(versie, "deelplannen"), data, follow=True)
    assert "is toegevoegd" in response.content.decode()
    (plan,) = rows(personas, Deelplan, versie=versie)
    assert (plan.titel, plan.bestandsnaam, plan.bestandstype) == ("Gedragscode", "gedragscode.pdf", "application/pdf")
    download = client.get(reverse("kader:deelplan_file", kwargs={"pk": plan.pk}))
    assert download.content == PDF and "attachment" in download["Content-Disposition"]
    assert "gedragscode.pdf" in download["Content-Disposition"]
    # removing the file of an adopted plan leaves it without link or file: refused at the field
    response = client.post(
        edit_url("deelplannen", plan),
        prefixed(plan, thema="integriteit", titel="Gedragscode", status="vastgesteld", bestand_verwijderen="on"),
    )
    assert "Een vastgesteld deelplan heeft een link of een bestand." in response.content.decode()
    assert rows(personas, Deelplan, pk=plan.pk)[0].bestandsnaam == "gedragscode.pdf"
    client.post(
        edit_url("deelplannen", plan),
        prefixed(plan, thema="integriteit", titel="Gedragscode", status="in_ontwikkeling", bestand_verwijderen="on"),
    )
    saved = rows(personas, Deelplan, pk=plan.pk)[0]
    assert (saved.status, saved.bestandsnaam, saved.bestand) == ("in_ontwikkeling", None, None)
    assert client.get(reverse("kader:deelplan_file", kwargs={"pk": plan.pk})).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ\x90\x00", "Een deelplan kan een PDF-, Word- (.docx) of ODF-bestand (.odt) zijn."),
        ("plan.pdf", b"PK\x03\x04rest", "Een deelplan kan een PDF-, Word- (.docx) of ODF-bestand (.odt) zijn."),
        ("plan.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "Het bestand is groter dan 10 MB."),
    ],
)
def test_a_bad_plan_file_is_refused_at_the_field_and_nothing_is_stored(
    personas: Any, name: str, content: bytes, message: str
) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    data = new("deelplannen", thema="integriteit", titel="Gedragscode", status="in_ontwikkeling")
    data["nieuw-deelplannen-bestand"] = SimpleUploadedFile(name, content)
    response = client.post(add_url(versie, "deelplannen"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and 'id="id_nieuw-deelplannen-bestand_error"' in page
    assert not rows(personas, Deelplan, versie=versie), "the plan itself is not stored either"


def test_a_law_not_applicable_needs_a_reason(personas: Any) -> None:
    versie = personas.kader_of()
    wet = rows(personas, WetOfNorm, versie=versie)[0]
    client = client_for(personas, "coordinator")
    fields = {"thema": wet.thema, "naam": wet.naam, "toelichting": wet.toelichting}
    response = client.post(edit_url("wetten", wet), prefixed(wet, **fields, van_toepassing="nee", reden=""))
    page = response.content.decode()
    assert "Geef aan waarom deze wet of norm niet van toepassing is." in page
    assert f'id="id_{wet.pk}-reden_error"' in page
    assert rows(personas, WetOfNorm, pk=wet.pk)[0].van_toepassing is None
    client.post(edit_url("wetten", wet), prefixed(wet, **fields, van_toepassing="nee", reden="Geen camera's."))
    saved = rows(personas, WetOfNorm, pk=wet.pk)[0]
    assert (saved.van_toepassing, saved.reden, saved.version) == (False, "Geen camera's.", wet.version + 1)


def test_a_law_of_the_gemeente_is_added_and_a_duplicate_refused(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    data = new("wetten", thema="integriteit", naam="Wet bescherming klokkenluiders", van_toepassing="ja")
    client.post(add_url(versie, "wetten"), data)
    assert rows(personas, WetOfNorm, versie=versie, naam="Wet bescherming klokkenluiders")[0].van_toepassing is True
    response = client.post(add_url(versie, "wetten"), data)
    assert "Deze wet of norm staat al bij dit thema." in response.content.decode()
    assert len(rows(personas, WetOfNorm, versie=versie, naam="Wet bescherming klokkenluiders")) == 1


# --- kwaliteitssysteem ------------------------------------------------------------------------


def test_the_pdca_phases_are_described_but_never_added_or_deleted(personas: Any) -> None:
    versie = personas.kader_of()
    fase = rows(personas, PdcaFase, versie=versie)[0]
    client = client_for(personas, "coordinator")
    client.post(edit_url("pdca", fase), prefixed(fase, wat="Jaarplan maken.", wanneer="September", wie="Coördinator"))
    saved = rows(personas, PdcaFase, pk=fase.pk)[0]
    assert (saved.wat, saved.wanneer, saved.wie) == ("Jaarplan maken.", "September", "Coördinator")
    assert client.post(add_url(versie, "pdca"), new("pdca", wat="Vijfde fase")).status_code == 404
    assert client.get(delete_url("pdca", fase)).status_code == 404
    assert client.post(delete_url("pdca", fase), {"version": saved.version}).status_code == 404
    assert len(rows(personas, PdcaFase, versie=versie)) == 4


def test_the_responsibility_matrix_grows_from_cells_and_refuses_a_double_cell(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    client.post(
        add_url(versie, "verantwoordelijkheden"),
        new("verantwoordelijkheden", rol="__nieuw__", nieuwe_rol="Coördinator", nieuwe_activiteit="Jaarplan", aard="A"),
    )
    # a second role for the same activity: the activity is chosen from the matrix's own list
    page = client.get(step_url(versie, "kwaliteitssysteem")).content.decode()
    assert '<option value="Jaarplan">Jaarplan</option>' in page and '<option value="Coördinator">' in page
    client.post(
        add_url(versie, "verantwoordelijkheden"),
        new("verantwoordelijkheden", nieuwe_rol="Thema-eigenaar", activiteit="Jaarplan", aard="R"),
    )
    page = client.get(step_url(versie, "kwaliteitssysteem")).content.decode()
    assert '<th class="utrecht-table__header-cell" scope="col">Thema-eigenaar</th>' in page
    assert '<th class="utrecht-table__header-cell" scope="row">Jaarplan</th>' in page
    response = client.post(
        add_url(versie, "verantwoordelijkheden"),
        new("verantwoordelijkheden", rol="Coördinator", activiteit="Jaarplan", aard="I"),
    )
    assert "Deze rol heeft al een aandeel in deze activiteit." in response.content.decode()
    assert [v.aard for v in rows(personas, Verantwoordelijkheid, versie=versie)] == ["A", "R"]


def test_the_matrix_refuses_a_second_a_and_a_role_typed_in_another_case(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    url = add_url(versie, "verantwoordelijkheden")
    client.post(url, new("verantwoordelijkheden", nieuwe_rol="Directie", nieuwe_activiteit="Audit", aard="A"))
    response = client.post(url, new("verantwoordelijkheden", nieuwe_rol="College", activiteit="Audit", aard="A"))
    assert "Deze activiteit heeft al een eindverantwoordelijke (A)" in response.content.decode()
    client.post(url, new("verantwoordelijkheden", nieuwe_rol="directie ", nieuwe_activiteit="Jaarplan", aard="R"))
    cells = rows(personas, Verantwoordelijkheid, versie=versie)
    assert sorted({c.rol for c in cells}) == ["Directie"], "no second column for the same role"
    response = client.post(url, new("verantwoordelijkheden", aard="R"))
    assert "Kies er een uit de lijst of typ een nieuwe." in response.content.decode()
    assert len(rows(personas, Verantwoordelijkheid, versie=versie)) == 2


def test_the_governance_variant_is_chosen_and_an_example_explanation_adopted(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    page = client.get(step_url(versie, "kwaliteitssysteem")).content.decode()
    assert "Governance opslaan" in page and "Toelichting overnemen" in page
    client.post(
        step_url(versie, "kwaliteitssysteem"),
        {"governance": "centraal", "governance_toelichting": "", "version": versie.version},
    )
    response = client.post(
        reverse("kader:adopt_example", kwargs={"pk": versie.pk}),
        {"part": "governance_toelichting", "example": "domeinen"},
    )
    assert response["Location"] == step_url(versie, "kwaliteitssysteem")
    saved = fresh(personas, versie.pk)
    assert saved.governance == "centraal" and (saved.governance_toelichting or "").startswith(
        "De eigenaren van de thema"
    )
    response = client.post(step_url(versie, "kwaliteitssysteem"), {"governance": "alleen", "version": saved.version})
    assert "utrecht-form-field--invalid" in response.content.decode()
    assert fresh(personas, versie.pk).governance == "centraal"


# --- goals and uitgangspunten: delete ---------------------------------------------------------


def test_an_own_goal_can_be_deleted_a_starting_goal_not(personas: Any) -> None:
    versie = personas.kader_of()
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        eigen = services.add_part(versie=versie, by=by, model=Doel, titel="Evenementen beschermen")
    start = rows(personas, Doel, versie=versie, sleutel__isnull=False)[0]
    client = client_for(personas, "coordinator")
    assert "markeer het als niet relevant" in client.get(delete_url("doelen", start)).content.decode()
    response = client.post(delete_url("doelen", start), {"version": start.version}, follow=True)
    assert "markeer het als niet relevant" in response.content.decode()
    assert rows(personas, Doel, pk=start.pk)
    client.post(delete_url("doelen", eigen), {"version": eigen.version})
    assert not rows(personas, Doel, pk=eigen.pk)


def test_an_uitgangspunt_is_deleted_with_its_links(personas: Any) -> None:
    versie = personas.kader_of()
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        punt = services.adopt_example_uitgangspunten(versie=versie, by=by, groep="beleid")[0]
    client = client_for(personas, "coordinator")
    assert "Verwijderen" in client.get(step_url(versie, "uitgangspunten")).content.decode()
    client.post(delete_url("uitgangspunten", punt), {"version": punt.version})
    assert not rows(personas, Uitgangspunt, pk=punt.pk)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not apps.get_model("kader", "UitgangspuntDoel").objects.filter(uitgangspunt_id=punt.pk).exists()


# --- refusals ---------------------------------------------------------------------------------


def test_a_stale_edit_or_delete_is_refused_with_the_conflict_message(personas: Any) -> None:
    versie = personas.kader_of()
    groep = rows(personas, Mensgroep, versie=versie)[0]
    client = client_for(personas, "coordinator")
    client.post(edit_url("mensgroepen", groep), prefixed(groep, soort=groep.soort, moet_weten="Eerste."))
    response = client.post(edit_url("mensgroepen", groep), prefixed(groep, soort=groep.soort, moet_weten="Tweede."))
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    assert rows(personas, Mensgroep, pk=groep.pk)[0].moet_weten == "Eerste."
    response = client.post(delete_url("mensgroepen", groep), {"version": groep.version}, follow=True)
    assert str(STALE_MESSAGE) in response.content.decode()
    assert rows(personas, Mensgroep, pk=groep.pk)


def test_no_part_of_an_adopted_version_changes_through_any_page(personas: Any) -> None:
    versie = adopted_version(personas)
    client = client_for(personas, "coordinator")
    page = client.get(step_url(versie, "scope")).content.decode()
    assert "Groep mensen toevoegen" not in page and "Verwijderen" not in page and "Opslaan" not in page
    groep = rows(personas, Mensgroep, versie=versie)[0]
    frozen = "Versie 1 is vastgesteld en kan niet meer worden gewijzigd"
    response = client.post(
        edit_url("mensgroepen", groep), prefixed(groep, soort=groep.soort, moet_weten="Later."), follow=True
    )
    assert frozen in response.content.decode()
    client.post(
        add_url(versie, "verantwoordelijkheden"), new("verantwoordelijkheden", rol="X", activiteit="Y", aard="R")
    )
    assert frozen in client.get(delete_url("mensgroepen", groep)).content.decode()
    client.post(delete_url("mensgroepen", groep), {"version": groep.version})
    assert rows(personas, Mensgroep, pk=groep.pk)[0].moet_weten == groep.moet_weten
    assert len(rows(personas, Verantwoordelijkheid, versie=versie)) == 1


@pytest.mark.parametrize("role", ["bestuurder", "auditor"])
def test_readers_see_the_parts_without_any_edit_form(personas: Any, role: str) -> None:
    versie = personas.kader_of()
    client = client_for(personas, role)
    page = client.get(step_url(versie, "scope")).content.decode()
    assert "Arbeidsomstandighedenwet" in page and "Opslaan" not in page and "Groep mensen toevoegen" not in page
    groep = rows(personas, Mensgroep, versie=versie)[0]
    assert client.post(edit_url("mensgroepen", groep), prefixed(groep, soort=groep.soort)).status_code == 403


def test_the_definitions_of_a_step_are_shown_as_help(personas: Any) -> None:
    versie = personas.kader_of()
    page = client_for(personas, "auditor").get(step_url(versie, "scope")).content.decode()
    assert "Begrippen bij deze stap" in page and "<dfn>Bedrijfsmiddelen</dfn>" in page


# --- send back --------------------------------------------------------------------------------


def test_a_version_under_decision_is_sent_back_to_concept(personas: Any) -> None:
    versie = personas.kader_of()
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        services.edit(
            versie=fresh(personas, versie.pk), by=by, expected_version=versie.version, visie="V", visie_onderbouwing="O"
        )
    fill_the_other_steps(personas, versie)
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        services.submit_for_decision(versie=fresh(personas, versie.pk), by=by)
    url = reverse("kader:send_back", kwargs={"pk": versie.pk})
    assert (
        "Terugzetten naar concept" in client_for(personas, "bestuurder").get(reverse("kader:overview")).content.decode()
    )
    assert client_for(personas, "thema_eigenaar").post(url).status_code == 403
    response = client_for(personas, "bestuurder").post(url, follow=True)
    assert "teruggezet naar concept" in response.content.decode()
    assert fresh(personas, versie.pk).status == Status.CONCEPT
    response = client_for(personas, "bestuurder").post(url, follow=True)
    assert "alleen een versie die ter besluitvorming ligt" in response.content.decode()


# --- query budgets ----------------------------------------------------------------------------


def test_query_counts_of_the_part_actions(personas: Any, django_assert_num_queries: Any) -> None:
    versie = personas.kader_of()
    groep = rows(personas, Mensgroep, versie=versie)[0]
    client = client_for(personas, "coordinator")
    # version; step activities; mensgroepen, deelplannen, wetten
    with django_assert_num_queries(BASE + 5):
        assert client.get(step_url(versie, "scope")).status_code == 200
    # version; step activities; pdca, verantwoordelijkheden
    with django_assert_num_queries(BASE + 4):
        assert client.get(step_url(versie, "kwaliteitssysteem")).status_code == 200
    # row + version; the view's savepoint; uniqueness; the service's savepoint; versioned UPDATE;
    # two releases (pghistory sets its context in the same statements)
    with django_assert_num_queries(BASE + 7):
        data = prefixed(groep, soort=groep.soort, moet_weten="Nieuw.")
        assert client.post(edit_url("mensgroepen", groep), data).status_code == 302
    # version; the matrix's roles and activities (the form's lists); the view's savepoint; highest
    # order; the spelling the matrix already has; uniqueness; the one-A rule (in a savepoint +
    # release of Django's own); the service's savepoint; INSERT; two releases
    with django_assert_num_queries(BASE + 13):
        data = new("verantwoordelijkheden", nieuwe_rol="A", nieuwe_activiteit="B", aard="R")
        assert client.post(add_url(versie, "verantwoordelijkheden"), data).status_code == 302
    # row + version (confirmation page)
    with django_assert_num_queries(BASE + 1):
        assert client.get(delete_url("mensgroepen", groep)).status_code == 200
    # row + version; savepoint; DELETE (with the history trigger); release
    with django_assert_num_queries(BASE + 4):
        assert client.post(delete_url("mensgroepen", groep), {"version": groep.version + 1}).status_code == 302


def test_a_thema_eigenaar_changes_only_the_laws_and_plans_of_their_own_themes(personas: Any) -> None:
    versie = personas.kader_of()  # the persona owns informatiebeveiliging
    eigen = rows(personas, WetOfNorm, versie=versie, thema="informatiebeveiliging")[0]
    ander = rows(personas, WetOfNorm, versie=versie, thema="integriteit")[0]
    client = client_for(personas, "thema_eigenaar")
    page = client.get(step_url(versie, "scope")).content.decode()
    assert edit_url("wetten", eigen) in page and edit_url("wetten", ander) not in page
    for wet in (eigen, ander):
        fields = {"thema": wet.thema, "naam": wet.naam, "van_toepassing": "ja"}
        client.post(edit_url("wetten", wet), prefixed(wet, **fields))
    assert rows(personas, WetOfNorm, pk=eigen.pk)[0].van_toepassing is True
    assert rows(personas, WetOfNorm, pk=ander.pk)[0].van_toepassing is None
    # nor by moving a row of their own into someone else's theme
    saved = rows(personas, WetOfNorm, pk=eigen.pk)[0]
    response = client.post(edit_url("wetten", saved), prefixed(saved, thema="integriteit", naam=saved.naam))
    assert "waarvan u geen eigenaar bent" in response.content.decode()
    assert rows(personas, WetOfNorm, pk=eigen.pk)[0].thema == "informatiebeveiliging"
    response = client.post(
        add_url(versie, "deelplannen"), new("deelplannen", thema="integriteit", titel="Gedragscode", status="ontbreekt")
    )
    assert 'id="id_nieuw-deelplannen-thema_error"' in response.content.decode()
    client.post(
        add_url(versie, "deelplannen"),
        new("deelplannen", thema="informatiebeveiliging", titel="IB-beleid", status="ontbreekt"),
    )
    assert [p.titel for p in rows(personas, Deelplan, versie=versie)] == ["IB-beleid"]
    assert "waarvan u geen eigenaar bent" in client.get(delete_url("wetten", ander)).content.decode()
    client.post(delete_url("wetten", ander), {"version": ander.version})
    assert rows(personas, WetOfNorm, pk=ander.pk)
    # the coördinator changes every theme
    coordinator = client_for(personas, "coordinator")
    coordinator.post(
        edit_url("wetten", ander), prefixed(ander, thema=ander.thema, naam=ander.naam, van_toepassing="ja")
    )
    assert rows(personas, WetOfNorm, pk=ander.pk)[0].van_toepassing is True


# --- example library --------------------------------------------------------------------------


def test_examples_are_adopted_with_one_action_and_not_twice(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    url = reverse("kader:adopt_examples", kwargs={"pk": versie.pk})
    assert "Voorbeelden overnemen" in client.get(step_url(versie, "uitgangspunten")).content.decode()
    response = client.post(url, {"part": "uitgangspunten", "key": "beleid"})
    assert response["Location"] == step_url(versie, "uitgangspunten") + "#uitgangspunten-kop"
    beleid = rows(personas, Uitgangspunt, versie=versie, groep="beleid")
    assert len(beleid) == 4 and all(rows(personas, Uitgangspunt, pk=p.pk) for p in beleid)
    client.post(url, {"part": "deelplannen", "key": "continuiteit"})
    client.post(url, {"part": "pdca"})
    client.post(url, {"part": "verantwoordelijkheden"})
    again = client.post(url, {"part": "deelplannen", "key": "continuiteit"}, follow=True)
    assert "staat er al in" in again.content.decode()
    assert [(p.titel, p.status) for p in rows(personas, Deelplan, versie=versie)] == [
        ("Bedrijfscontinuïteitsplan", "ontbreekt")
    ]
    assert all(f.wat for f in rows(personas, PdcaFase, versie=versie))
    assert len(rows(personas, Verantwoordelijkheid, versie=versie)) == 8
    response = client.post(url, {"part": "deelplannen", "key": "ruimtevaart"}, follow=True)
    assert "Dit voorbeeld bestaat niet." in response.content.decode()
    # a thema-eigenaar adopts only the examples of their own themes
    eigenaar = client_for(personas, "thema_eigenaar")
    eigenaar.post(url, {"part": "deelplannen", "key": "integriteit"})
    eigenaar.post(url, {"part": "deelplannen", "key": "informatiebeveiliging"})
    assert {p.thema for p in rows(personas, Deelplan, versie=versie)} == {"continuiteit", "informatiebeveiliging"}
