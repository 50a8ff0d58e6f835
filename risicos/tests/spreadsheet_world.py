"""An import of gemeente A's risk register waiting for its confirmation, for the sweeps (tests/routes.py)."""

from __future__ import annotations

from typing import Any

from lib import tenancy

from . import world


def an_import(p: Any) -> Any:
    """The register's risks exported as CSV with one title changed, read and previewed; nothing stored yet."""
    from risicos.spreadsheets import export, imports
    from risicos.spreadsheets.columns import REGISTERS
    from risicos.spreadsheets.models import Registerimport
    from risicos.spreadsheets.plan import namen

    world.risico_pk(p)
    by = p.members["coordinator"]
    with tenancy.bound(gemeente=p.gemeente_a.pk, user=by.user_id):
        existing = Registerimport.objects.filter(gemeente_id=p.gemeente_a.pk).values_list("pk", flat=True).first()
        if existing is not None:
            return existing
        register = REGISTERS["risicos"]
        from risicos.models import Risico

        rows = list(Risico.objects.filter(gemeente_id=p.gemeente_a.pk).select_related("eigenaar__user"))
        data = export.as_csv(register, rows, namen(by, register))
        data = data.replace(b"Inbraak in het stadhuis", b"Inbraak in het oude stadhuis")
        return imports.start(by=by, register="risicos", bestandsnaam="risicos.csv", data=data).pk
