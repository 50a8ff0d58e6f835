"""The gemeente's own Word template of a kind of document: read, upload (checked), delete.

The capability decides who may (its view requires its template capability); these functions
take the acting user for the history and the version the page showed, so two coördinators
cannot silently replace each other's template.
"""

from __future__ import annotations

import re
from typing import Any

import pghistory
from django.db import IntegrityError, transaction

from documents.models import Sjabloon
from documents.word import WordTemplates
from lib.concurrency import StaleVersionError, save_versioned
from lib.querysets import Member

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def template_of(membership: Member | None, soort: str) -> Sjabloon | None:
    """The gemeente's own template of ``soort`` (without its bytes) and who uploaded it, or None."""
    queryset = Sjabloon.objects.visible_to(membership).filter(soort=soort)
    return queryset.select_related("geupload_door").defer("bestand").first()


def templates_of(membership: Member | None, soorten: list[str]) -> dict[str, Sjabloon]:
    """The gemeente's own templates of ``soorten`` (without their bytes) and who uploaded them, by kind."""
    queryset = Sjabloon.objects.visible_to(membership).filter(soort__in=soorten)
    return {s.soort: s for s in queryset.select_related("geupload_door").defer("bestand")}


def template_bytes_of(membership: Member | None, soort: str) -> tuple[str, bytes] | None:
    """File name and bytes of the gemeente's own template of ``soort``, or None."""
    queryset = Sjabloon.objects.visible_to(membership).filter(soort=soort)
    row = queryset.values_list("bestandsnaam", "bestand").first()
    return (row[0], bytes(row[1])) if row else None


def clean_name(name: str) -> str:
    """The file name without folders and control characters, at most 200 characters."""
    base = re.split(r"[\\/]", name)[-1]
    return _CONTROL.sub("", base).strip()[-200:] or "sjabloon.docx"


def upload_template(
    *, kind: WordTemplates, gemeente: Any, by: Any, name: str, data: bytes, expected_version: int | None
) -> Sjabloon:
    """Check a template of ``kind`` and make it the gemeente's own (new, or replacing the current one).

    ``expected_version`` is the version of the template the uploader saw (None: none). A
    different current state raises StaleVersionError; a bad template a DocumentError
    (documents.errors), every render slot taken RenderBusy. Either way nothing changes.
    """
    kind.check_upload(name, data)
    fields = {"bestand": data, "bestandsnaam": clean_name(name), "grootte": len(data), "geupload_door": by}
    with transaction.atomic(), pghistory.context(user=by.pk, action=f"{kind.soort}.template.upload"):
        current = Sjabloon.objects.select_for_update().filter(gemeente=gemeente, soort=kind.soort).first()
        if current is None:
            if expected_version:
                raise StaleVersionError
            try:
                with transaction.atomic():
                    return Sjabloon.objects.create(gemeente=gemeente, soort=kind.soort, **fields)
            except IntegrityError:  # someone else uploaded one at the same moment
                raise StaleVersionError from None
        if expected_version != current.version:
            raise StaleVersionError
        for field, value in fields.items():
            setattr(current, field, value)
        save_versioned(current, expected_version=current.version, fields=list(fields))
        return current


def delete_template(*, soort: str, gemeente: Any, by: Any, expected_version: int) -> None:
    """Remove the gemeente's own template of ``soort`` (documents use the default again)."""
    with transaction.atomic(), pghistory.context(user=by.pk, action=f"{soort}.template.delete"):
        rows = Sjabloon.objects.filter(gemeente=gemeente, soort=soort, version=expected_version)
        deleted, _rows = rows.delete()
        if not deleted:
            raise StaleVersionError
