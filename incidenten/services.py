"""Setting up the registration and reporting an incident: every page, API operation and command calls these."""

from __future__ import annotations

import datetime
from typing import Any

import pghistory
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from acties import services as acties_services
from acties.models import Bron
from lib import permissions
from lib.concurrency import save_versioned
from lib.errors import StateConflict
from organisations.models import Membership
from risicos import services as risicos_services
from risicos.models import Maatregel, Risico

from .content import MELDPLICHT, SOORTEN
from .models import Incident, IncidentMaatregel, IncidentRisico, IncidentSoort, Instelling, RodeDraden
from .rode_draden import Periode

NOT_STARTED = "De incidentregistratie van deze gemeente is nog niet ingericht; de coördinator doet dat."
FUTURE = "Een incident dat nog moet gebeuren kunt u niet melden; kies vandaag of een dag die voorbij is."
TOO_OLD = "Meld incidenten van de laatste tien jaar; kies een latere datum."
LATER_TODAY = "Dit tijdstip is nog niet geweest; kies een tijdstip dat voorbij is."
OLDEST_YEARS = 10
NOT_YOUR_THEME = (
    "U bent thema-eigenaar van andere thema's: u behandelt alleen incidenten van uw eigen thema's. "
    "Een incident zonder thema behandelt de coördinator."
)


def _context(by: Membership, action: str) -> Any:
    return pghistory.context(user=by.user_id, action=f"incidenten.{action}")


def instelling(gemeente_id: Any) -> Instelling | None:
    return Instelling.objects.filter(gemeente_id=gemeente_id).first()


def _require_started(by: Membership) -> Instelling:
    found = instelling(by.gemeente_id)
    if found is None:
        raise StateConflict(NOT_STARTED)
    return found


def start(*, by: Membership, bewaartermijn_maanden: int) -> Instelling:
    """Set up the gemeente's registration with the starting list of kinds (content.SOORTEN)."""
    permissions.require(by, "incidenten.beheer")
    if instelling(by.gemeente_id) is not None:
        raise StateConflict("De incidentregistratie is al ingericht.")
    made = Instelling(gemeente_id=by.gemeente_id, bewaartermijn_maanden=bewaartermijn_maanden)
    made.full_clean(exclude=["gemeente"])
    with transaction.atomic(), _context(by, "start"):
        made.save(force_insert=True)
        IncidentSoort.objects.bulk_create(
            IncidentSoort(
                gemeente_id=by.gemeente_id,
                sleutel=sleutel,
                naam=naam,
                thema=thema,
                meldplicht=sleutel in MELDPLICHT,
                volgorde=n,
            )
            for n, (sleutel, naam, thema) in enumerate(SOORTEN, start=1)
        )
    return made


def check_moment(datum: datetime.date, tijd: datetime.time | None, now: datetime.datetime | None = None) -> None:
    """An incident happened: not in the future, and within the last ten years."""
    now = timezone.localtime(now)
    today = now.date()
    if datum > today:
        raise ValidationError({"datum": FUTURE})
    if datum < today.replace(year=today.year - OLDEST_YEARS, day=min(today.day, 28)):
        raise ValidationError({"datum": TOO_OLD})
    if tijd is not None and datum == today and tijd > now.time():
        raise ValidationError({"tijd": LATER_TODAY})


def meld(*, by: Membership, **fields: Any) -> Incident:
    """A report by ``by``: a kind that can be chosen and an asset of the own gemeente, at a moment that was."""
    permissions.require(by, "incidenten.melden")
    _require_started(by)
    unknown = set(fields) - set(Incident.MELD_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    soort = fields["soort"]
    if soort.gemeente_id != by.gemeente_id or not soort.actief:
        raise ValidationError({"soort": "Kies een van de soorten in de lijst."})
    bedrijfsmiddel = fields.get("bedrijfsmiddel")
    if bedrijfsmiddel is not None and bedrijfsmiddel.gemeente_id != by.gemeente_id:
        raise ValidationError({"bedrijfsmiddel": "Kies een bedrijfsmiddel van de eigen gemeente."})
    check_moment(fields["datum"], fields.get("tijd"))
    incident = Incident(gemeente_id=by.gemeente_id, melder=by, thema=soort.thema, datalek=soort.meldplicht, **fields)
    incident.full_clean(exclude=["gemeente", "melder"])
    with transaction.atomic(), _context(by, "meld"):
        incident.save(force_insert=True)
    return incident


def may_handle(by: Membership, incident: Incident) -> bool:
    """The coördinator handles every report; a thema-eigenaar those of their themes."""
    if not permissions.allowed("incidenten.behandelen", role=by.role):
        return False
    return by.role == "coordinator" or (bool(incident.thema) and incident.thema in by.themes)


def behandel(*, by: Membership, incident: Incident, expected_version: int, **fields: Any) -> Incident:
    """Its status, whether a report to the police was made, the aftercare and the handling (compare-and-swap)."""
    permissions.require(by, "incidenten.behandelen")
    permissions.require_same_gemeente(by, incident.gemeente_id)
    if not may_handle(by, incident):
        raise PermissionDenied(NOT_YOUR_THEME)
    unknown = set(fields) - set(Incident.BEHANDEL_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.full_clean(exclude=["gemeente", "melder", "soort", "bedrijfsmiddel"])
    with transaction.atomic(), _context(by, "behandel"):
        save_versioned(incident, expected_version=expected_version, fields=list(fields))
    return incident


# --- the registration's settings and kinds (the coördinator) -----------------------------------


def edit_instelling(*, by: Membership, expected_version: int, bewaartermijn_maanden: int) -> Instelling:
    """A new retention period: the next run of ``manage.py bewaartermijn`` applies it."""
    permissions.require(by, "incidenten.beheer")
    found = _require_started(by)
    found.bewaartermijn_maanden = bewaartermijn_maanden
    found.full_clean(exclude=["gemeente"])
    with transaction.atomic(), _context(by, "instelling"):
        save_versioned(found, expected_version=expected_version, fields=["bewaartermijn_maanden"])
    return found


SAME_NAME = "Er is al een soort incident met deze naam."


def _check_soort(soort: IncidentSoort) -> None:
    soort.full_clean(exclude=["gemeente"])
    others = IncidentSoort.objects.filter(gemeente_id=soort.gemeente_id, naam__iexact=soort.naam.strip())
    if others.exclude(pk=soort.pk).exists():
        raise ValidationError({"naam": SAME_NAME})


def _save_soort(soort: IncidentSoort, save: Any) -> None:
    try:
        with transaction.atomic():
            save()
    except IntegrityError as error:  # the same name, given by someone else at the same moment
        raise ValidationError({"naam": SAME_NAME}) from error


def add_soort(*, by: Membership, **fields: Any) -> IncidentSoort:
    """A kind of the gemeente's own, at the end of the list."""
    permissions.require(by, "incidenten.beheer")
    _require_started(by)
    unknown = set(fields) - set(IncidentSoort.EDIT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    if "volgorde" not in fields:
        last = IncidentSoort.objects.filter(gemeente_id=by.gemeente_id).order_by("-volgorde").first()
        fields["volgorde"] = (last.volgorde + 1) if last else 1
    soort = IncidentSoort(gemeente_id=by.gemeente_id, **fields)
    _check_soort(soort)
    with _context(by, "soort"):
        _save_soort(soort, lambda: soort.save(force_insert=True))
    return soort


def edit_soort(*, by: Membership, soort: IncidentSoort, expected_version: int, **fields: Any) -> IncidentSoort:
    """Rename a kind, give it another theme, or switch it off; reports made before keep their theme."""
    permissions.require(by, "incidenten.beheer")
    permissions.require_same_gemeente(by, soort.gemeente_id)
    unknown = set(fields) - set(IncidentSoort.EDIT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    for name, value in fields.items():
        setattr(soort, name, value)
    _check_soort(soort)
    with _context(by, "soort_edit"):
        _save_soort(soort, lambda: save_versioned(soort, expected_version=expected_version, fields=list(fields)))
    return soort


# --- what an incident teaches about risks and measures (its handler) ---------------------------

ALREADY_LINKED = "Dit incident is hier al aan gekoppeld."
OTHER_GEMEENTE = "Kies een risico of maatregel van de eigen gemeente."


def _may_handle(by: Membership, incident: Incident) -> None:
    permissions.require(by, "incidenten.behandelen")
    permissions.require_same_gemeente(by, incident.gemeente_id)
    if not may_handle(by, incident):
        raise PermissionDenied(NOT_YOUR_THEME)


def koppel(*, by: Membership, incident: Incident, obj: Any, herbeoordelen: bool = False) -> Any:
    """Record that the incident says something about risk or measure ``obj`` of the same gemeente. With
    ``herbeoordelen`` the risk is flagged for review: the incident shows it is other than thought."""
    _may_handle(by, incident)
    if not isinstance(obj, Risico | Maatregel) or obj.gemeente_id != by.gemeente_id:
        raise ValidationError({"object": OTHER_GEMEENTE})
    model, field = (IncidentRisico, "risico") if isinstance(obj, Risico) else (IncidentMaatregel, "maatregel")
    if model.objects.filter(incident=incident, **{field: obj}).exists():
        raise ValidationError({"object": ALREADY_LINKED})
    try:
        with transaction.atomic(), _context(by, f"koppel_{field}"):
            link = model.objects.create(gemeente_id=by.gemeente_id, incident=incident, **{field: obj})
    except IntegrityError as error:  # linked by someone else at the same moment
        raise ValidationError({"object": ALREADY_LINKED}) from error
    if herbeoordelen and isinstance(obj, Risico):
        # No free text in the reason: it stays in the history after the incident's texts are removed.
        reden = f"Incident “{incident.soort}” van {incident.datum:%d-%m-%Y}"
        risicos_services.flag_for_review(by=by, risico=obj, reason=reden)
    return link


def ontkoppel(*, by: Membership, link: IncidentRisico | IncidentMaatregel) -> None:
    """Remove an incident's link to a risk or measure; the history keeps it (a flag for review stays)."""
    _may_handle(by, link.incident)
    field = "risico" if isinstance(link, IncidentRisico) else "maatregel"
    with transaction.atomic(), _context(by, f"ontkoppel_{field}"):
        link.delete()


# --- follow-up actions ----------------------------------------------------------------------------


def actie(*, by: Membership, incident: Incident, **fields: Any) -> Any:
    """A follow-up action of the report, made by its handler; the action names the report by its kind and
    date only, so no personal data outlives the retention period in it."""
    _may_handle(by, incident)
    fields.setdefault("thema", incident.thema)
    return acties_services.add(
        by=by, bron=Bron.INCIDENT, bron_id=incident.pk, bron_titel=f"Incident: {incident}", **fields
    )


# --- rode draden: the coördinator's conclusions on a period --------------------------------------


def rode_draden(*, by: Membership, periode: Periode) -> RodeDraden:
    """The analysis of ``periode``: the one already kept for it, else a new one without conclusions."""
    permissions.require(by, "incidenten.beheer")
    _require_started(by)
    found = RodeDraden.objects.filter(gemeente_id=by.gemeente_id, van=periode.van, tot=periode.tot).first()
    if found is not None:
        return found
    analyse = RodeDraden(gemeente_id=by.gemeente_id, van=periode.van, tot=periode.tot)
    analyse.full_clean(exclude=["gemeente"])
    try:
        with transaction.atomic(), _context(by, "rode_draden"):
            analyse.save(force_insert=True)
    except IntegrityError:  # made at the same moment by someone else: theirs
        return RodeDraden.objects.get(gemeente_id=by.gemeente_id, van=periode.van, tot=periode.tot)
    return analyse


def conclusies(*, by: Membership, analyse: RodeDraden, expected_version: int, conclusies: str) -> RodeDraden:
    permissions.require(by, "incidenten.beheer")
    permissions.require_same_gemeente(by, analyse.gemeente_id)
    analyse.conclusies = conclusies
    analyse.full_clean(exclude=["gemeente"], validate_constraints=False)
    with transaction.atomic(), _context(by, "conclusies"):
        save_versioned(analyse, expected_version=expected_version, fields=["conclusies"])
    return analyse


def rode_draden_actie(*, by: Membership, analyse: RodeDraden, **fields: Any) -> Any:
    """An action the coördinator draws from the analysis's conclusions."""
    permissions.require(by, "incidenten.beheer")
    permissions.require_same_gemeente(by, analyse.gemeente_id)
    return acties_services.add(by=by, bron=Bron.RODE_DRADEN, bron_id=analyse.pk, bron_titel=str(analyse), **fields)


# --- the retention period (manage.py bewaartermijn) ---------------------------------------------

VERWIJDERD = "[Verwijderd: de bewaartermijn van persoonsgegevens is verstreken.]"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the month's last day where that month is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def verwijder_persoonsgegevens(gemeente_id: Any, *, today: datetime.date) -> int:
    """Remove the free texts and the reporter of every report older than the gemeente's retention period,
    also from their earlier versions in the history; the removal itself is recorded there. Runs bound to
    the gemeente (row-level security); a second run the same day finds nothing left to remove.
    Returns the number of reports."""
    found = instelling(gemeente_id)
    if found is None:
        return 0
    grens = months_before(today, found.bewaartermijn_maanden)
    moment = timezone.make_aware(datetime.datetime.combine(grens, datetime.time.min))
    verlopen = Incident.objects.filter(
        gemeente_id=gemeente_id, persoonsgegevens_verwijderd_op__isnull=True, created_at__lt=moment
    )
    ids = list(verlopen.values_list("pk", flat=True))
    if not ids:
        return 0
    cleared = {"omschrijving": VERWIJDERD, "nazorg": "", "afhandeling": "", "melder": None}
    context = pghistory.context(action="incidenten.bewaartermijn", bewaartermijn=found.bewaartermijn_maanden)
    with transaction.atomic(), context:
        # The earlier versions first: the removal's own event then shows only what it did.
        apps.get_model("incidenten", "IncidentEvent").objects.filter(pgh_obj_id__in=ids).update(**cleared)
        Incident.objects.filter(pk__in=ids).update(
            **cleared, persoonsgegevens_verwijderd_op=today, version=F("version") + 1
        )
    return len(ids)
