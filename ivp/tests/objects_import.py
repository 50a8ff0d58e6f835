"""An import of gemeente A waiting for its confirmation, for the sweeps (tests/routes.py, tests/test_api_sweep.py)."""

from __future__ import annotations

from typing import Any

from lib import tenancy


def an_import(p: Any) -> Any:
    """A small police file read and previewed (made once per test), nothing stored yet."""
    from ivp import imports
    from ivp.models import Analyseimport
    from ivp.opendata.sample import sample_bulk_csv

    p.ivp_of()
    by = p.members["coordinator"]
    with tenancy.bound(gemeente=p.gemeente_a.pk, user=by.user_id):
        existing = Analyseimport.objects.filter(gemeente_id=p.gemeente_a.pk).values_list("pk", flat=True).first()
        if existing is not None:
            return existing
        data = sample_bulk_csv(120, gemeente_code=p.gemeente_a.cbs_code, gemeente_naam="Aastad", seed=1)
        return imports.start_upload(by=by, bestandsnaam="47018NED.csv", data=data).pk
