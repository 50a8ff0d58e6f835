"""Pages of the risk matrix: the current version and a change with its dry run."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.http import AuthenticatedHttpRequest
from lib.errors import StateConflict
from lib.forms import add_errors
from lib.permissions import requires

from . import heatmap, services
from .forms import (
    MatrixForm,
)
from .models import (
    Matrix,
)
from .pages import crumbs, current_matrix, may, not_started

# --- the matrix -------------------------------------------------------------------------------


@requires("risicos.view")
def matrix_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Queries: the versions of the matrix (the current one first).
    versies = list(Matrix.objects.visible_to(request.membership).order_by("-nummer"))
    matrix = next((m for m in versies if m.status == "actueel"), None)
    if matrix is None:
        return not_started(request)
    grid = [[0] * matrix.impact_size for _ in range(matrix.kans_size)]
    context = {
        "matrix": matrix,
        "rows": heatmap.rows(matrix, grid, "x"),
        "tolerantie": matrix.niveau_naam(matrix.tolerantie),
        "versies": versies,
        "may_change": may(request, "risicos.matrix"),
        "breadcrumbs": crumbs(("Risicomatrix", None)),
    }
    return render(request, "risicos/matrix.html", context)


MAX_CROSSINGS_SHOWN = 50


@requires("risicos.matrix")
def matrix_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 (POST ``stap=bekijken``): the dry run with the mapping; step 2 (``stap=toepassen``): apply."""
    matrix = current_matrix(request)
    if matrix is None:
        return not_started(request)
    form = MatrixForm(
        request.POST if request.method == "POST" else None, old=matrix, initial=MatrixForm.initial_of(matrix)
    )
    plan = None
    if request.method == "POST" and form.is_valid() and form.cleaned_data["nummer"] != matrix.nummer:
        form.add_error(
            None, f"De matrix is intussen gewijzigd (nu versie {matrix.nummer}); bekijk de gevolgen opnieuw."
        )
        form.data = {**form.data, "nummer": str(matrix.nummer)}  # the next look is on the current version
    elif request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_matrix_change(by=request.membership, **form.plan_fields())
        except ValidationError as error:
            add_errors(form, error)
        if plan is not None and request.POST.get("stap") == "toepassen":
            if request.POST.get("voorbeeld") != _digest(plan):
                form.add_error(
                    None, "U heeft na het bekijken iets gewijzigd. Bekijk de gevolgen hieronder en pas dan toe."
                )
            else:
                nieuw = _apply(request, form, plan)
                if nieuw is not None:
                    messages.success(
                        request,
                        f"Risicomatrix versie {nieuw.nummer} geldt nu; de scores van {plan.risicos} risico's zijn omgezet.",
                    )
                    return redirect("risicos:matrix")
                plan = None
    return render(request, "risicos/matrix_change.html", _change_context(form, matrix, plan))


def _change_context(form: MatrixForm, matrix: Matrix, plan: services.Wijziging | None) -> dict[str, Any]:
    """The change form, and after a look the plan: per class old → new, per level the counts, the crossings."""
    context: dict[str, Any] = {
        "form": form,
        "matrix": matrix,
        "plan": plan,
        "voorbeeld": _digest(plan) if plan is not None else "",
        "breadcrumbs": crumbs(("Risicomatrix", reverse("risicos:matrix")), ("Wijzigen", None)),
    }
    if plan is not None:
        context.update(
            kans_map=_mapping_rows(matrix.kans_labels, plan.nieuw.kans_labels, plan.kans_map),
            impact_map=_mapping_rows(matrix.impact_labels, plan.nieuw.impact_labels, plan.impact_map),
            per_niveau=sorted(plan.per_niveau.items()),
            over_de_lijn=plan.over_de_lijn[:MAX_CROSSINGS_SHOWN],
            meer_over_de_lijn=max(0, len(plan.over_de_lijn) - MAX_CROSSINGS_SHOWN),
        )
    return context


def _digest(plan: services.Wijziging) -> str:
    """What the dry run showed: applying anything else asks for a new look first."""
    nieuw = plan.nieuw
    shown = [nieuw.kans_labels, nieuw.impact_labels, nieuw.niveaus, nieuw.raster, nieuw.tolerantie]
    shown += [sorted(plan.kans_map.items()), sorted(plan.impact_map.items())]
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def _apply(request: AuthenticatedHttpRequest, form: MatrixForm, plan: services.Wijziging) -> Matrix | None:
    try:
        return services.apply_matrix_change(
            by=request.membership, wijziging=plan, expected_nummer=form.cleaned_data["nummer"]
        )
    except StateConflict as error:
        form.add_error(None, error.message)
        return None


def _mapping_rows(old: list[str], new: list[str], mapping: dict[int, int]) -> list[dict[str, Any]]:
    return [
        {"klasse": c, "label": label, "nieuw": mapping[c], "keuzes": list(enumerate(new, start=1))}
        for c, label in enumerate(old, start=1)
    ]
