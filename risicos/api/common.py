"""What the operations of the risk register's API share: path parameters, OpenAPI additions, ETag and
Location, pagination, finding the current matrix, and naming a service's refusal after the API field.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from ninja import Path

from accounts.http import AuthenticatedHttpRequest
from api import operations
from api.operations import (  # noqa: F401  # shared by the operations of the register
    FORBIDDEN,
    LOCATION_HEADER,
    PAGINATION_HEADERS,
    changed_extra,
    check_dates,
    created,
    created_extra,
    deleted_extra,
    filter_data,
    one,
    page_of,
    tagged,
)
from lib.errors import StateConflict
from lib.permissions import require
from organisations.api import ThemaCode  # noqa: F401  # the schemas of the register take it from here

from .. import services
from ..models import Acceptatie, Bedrijfsmiddel, Dreiging, Matrix

TAGS = ["risico's"]
PAGE_SIZE, MAX_PAGE_SIZE = 25, 100
MAX_IDS = 500  # ids in one list of links

BEDRIJFSMIDDEL_ID = Path(..., description="Id van het bedrijfsmiddel.")
DREIGING_ID = Path(..., description="Id van de dreiging.")
MATRIX_ID = Path(..., description="Id van de versie van de risicomatrix.")
RISICO_ID = Path(..., description="Id van het risico.")
ACCEPTATIE_ID = Path(..., description="Id van de acceptatie.")
MAATREGEL_ID = Path(..., description="Id van de maatregel.")
TOETS_ID = Path(..., description="Id van de toets.")
TEGENSTRIJDIGHEID_ID = Path(..., description="Id van de tegenstrijdigheid.")

# The codes of the models' choices (risicos/tests/test_api.py checks they match the models).
SoortCode = Literal["persoon", "gebouw", "terrein", "locatie", "systeem", "informatie", "installatie", "overig"]
ScopeCode = Literal[
    "mensen",
    "gebouwen",
    "terreinen",
    "locaties",
    "systemen",
    "instrumenten",
    "installaties",
    "informatie_digitaal",
    "informatie_fysiek",
]
KlasseCode = Literal["laag", "midden", "hoog"]
BehandelingCode = Literal["verminderen", "accepteren", "vermijden", "overdragen"]
MaatregelSoortCode = Literal["O", "B", "E", "R"]
FunctieCode = Literal["preventief", "repressief", "herstellend"]
SchakelCode = Literal[
    "ontmoedigen", "afschermen", "tegenhouden", "detecteren", "vertragen", "intervenieren", "continuiteit"
]
MaatregelStatusCode = Literal["voorgesteld", "gepland", "in_uitvoering", "geimplementeerd", "getoetst", "vervallen"]
ResultaatCode = Literal["effectief", "deels", "niet"]
GatCode = Literal["detectie_zonder_interventie", "interventie_zonder_detectie", "niets_vertraagt", "geen_continuiteit"]
MatrixStatusCode = Literal["actueel", "vervangen"]
MethodeCode = Literal["standaard", "nrb"]
DreigingSleutel = Literal[
    "inbraak",
    "diefstal",
    "vandalisme",
    "agressie",
    "bedreiging_ambtsdragers",
    "ondermijning",
    "spionage",
    "sabotage",
    "phishing",
    "ransomware",
    "datalek_opzet",
    "fraude",
    "misbruik_insider",
    "brand",
    "stroomuitval",
    "technisch_falen",
    "natuur",
    "epidemie",
    "menselijke_fout",
]
StandCode = Literal["geldig", "verlopen", "herbeoordelen", "ingetrokken"]


NOT_STARTED = {"$ref": "#/components/responses/Conflict"}  # the register has not started yet


def read_extra(*, tagged: bool = False, paged: bool = False, needs_register: bool = False) -> dict[str, Any]:  # noqa: F811
    """``openapi_extra`` of a read of the register (api.operations.read_extra), with 409 where the
    register must have started."""
    extra = operations.read_extra(tagged=tagged, paged=paged)
    if needs_register:
        extra["responses"][409] = NOT_STARTED
    return extra


def reader(request: AuthenticatedHttpRequest) -> None:
    """Reading the register needs ``risicos.view`` (a ketenpartner or melder gets 403)."""
    require(request.membership, "risicos.view")


def current_matrix(request: AuthenticatedHttpRequest) -> Matrix:
    """The gemeente's current matrix; 409 while the register has not started."""
    matrix = Matrix.objects.visible_to(request.membership).filter(status="actueel").first()
    if matrix is None:
        raise StateConflict(services.NOT_STARTED)
    return matrix


# --- refusals named after the API's fields ----------------------------------------------------------

# A service's name of a field -> the (Python) name of the API field that carries it.
API_FIELDS = {
    "risicos": "risico_ids",
    "bedrijfsmiddelen": "bedrijfsmiddel_ids",
    "doelen": "doel_ids",
    "uitgangspunten": "uitgangspunt_ids",
    "wetten": "wet_ids",
    "dreiging": "dreiging_id",
    "eigenaar": "eigenaar_id",
    "andere": "andere_id",
    "kans_map": "kans_omzetting",
    "impact_map": "impact_omzetting",
    "tolerantie": "risicobereidheid",
    "risico": NON_FIELD_ERRORS,  # the risk of the path itself (an unscored risk is not accepted)
}


# Constraints over more than one column whose refusal is about one field of the API.
CONSTRAINT_FIELDS = {
    "risicos_bedrijfsmiddel_naam_unique": "naam",
    "risicos_dreiging_naam_unique": "naam",
    "risicos_acceptatie_periode": "geldig_tot",
}


def _constraint_fields() -> dict[str, str]:
    """The message of each of those constraints -> its field."""
    return {
        str(constraint.violation_error_message): CONSTRAINT_FIELDS[constraint.name]
        for model in (Acceptatie, Bedrijfsmiddel, Dreiging)
        for constraint in model._meta.constraints
        if constraint.name in CONSTRAINT_FIELDS
    }


def _field_of(name: str, error: ValidationError) -> str:
    if name == NON_FIELD_ERRORS:
        return _constraint_fields().get(" ".join(error.messages), name)
    return API_FIELDS.get(name, name)


@contextmanager
def writing() -> Iterator[None]:
    """One write of the API: all of it or nothing (the request's transaction commits the answer,
    also a refusal), and a refusal of a service named after the API field that carries the value."""
    try:
        with transaction.atomic():
            yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed: dict[str, Any] = {}
        for name, errors in error.error_dict.items():
            for one_error in errors:
                renamed.setdefault(_field_of(name, one_error), []).append(one_error)
        raise ValidationError(renamed) from error
