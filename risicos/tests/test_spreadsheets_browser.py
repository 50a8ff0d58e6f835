"""The spreadsheet pages in a real browser: the upload forms (also in their error state) and a
preview with changes and errors — no axe violations (WCAG 2.2 AA)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lib import tenancy

from . import spreadsheet_world, world
from .test_browser import _check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_upload_forms_and_a_preview_with_changes_and_errors_have_no_axe_violations(
    personas: Any, live_server: Any
) -> None:
    from risicos.spreadsheets import imports

    changed = spreadsheet_world.an_import(personas)
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        data = "Kenmerk;Naam;Soort;Omschrijving;Eigenaar;Locatie;Categorie in de scope van het kader;"
        data += "Vertrouwelijkheid;Integriteit;Beschikbaarheid;Thema's\r\n"
        data += f"{world.bedrijfsmiddel_pk(personas)};Stadhuis;gebouw;;;Markt 2;;hoog;;;Fysieke beveiliging\r\n"
        data += ";Kasteel;burcht;=1+1;;;;;;;\r\n"
        wrong = imports.start(by=by, register="bedrijfsmiddelen", bestandsnaam="middelen.csv", data=data.encode())
    detail = [reverse("risicos:import_detail", kwargs={"pk": pk}) for pk in (changed, wrong.pk)]
    forms = [reverse(f"risicos:{name}_import") for name in ("risicos", "bedrijfsmiddelen", "maatregelen")]
    problems = _check(personas, live_server, "coordinator", detail)
    problems += _check(personas, live_server, "coordinator", forms, submit=True)
    assert not problems, "\n".join(problems)
