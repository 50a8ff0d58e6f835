"""Workflows of a bijeenkomst: prepare, run live, close with results, and what participants do.

Functions for members take the acting membership (``by``) and refuse what its role may not do.
Functions for participants take the ``Deelnemer`` that the participant's cookie bound
(``lib.tenancy`` with ``participant=``); row-level security lets them reach nothing else, and
refuses an answer to a question that is not open even if this code were wrong.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from ivp.models import Actie, Plan, Thema
from lib import permissions, tenancy
from lib.concurrency import save_versioned
from lib.errors import StateConflict
from organisations.models import Membership

from .models import (
    CODE_LENGTH,
    MAX_INBRENG,
    Antwoord,
    Bijeenkomst,
    Deelnemer,
    Inbreng,
    Resultaat,
    Soort,
    Status,
    Stem,
    Vraag,
    VraagStatus,
)

# Letters and digits that cannot be mistaken for each other on a projector (no 0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SCALE = range(1, 6)
POINTS = 100
# A participant may send this many answers, remarks and votes per minute.
ACTIONS_PER_MINUTE = 30
INBRENG_PER_QUESTION = 10
CLOSED_MESSAGE = "Deze bijeenkomst is gesloten; er kan niet meer worden meegedaan."
NOT_OPEN_MESSAGE = "Deze vraag is niet (meer) open."
FLOOD_MESSAGE = "U stuurt te veel in korte tijd. Wacht een minuut en probeer het dan opnieuw."


def _context(by: Membership, action: str) -> Any:
    return pghistory.context(user=by.user_id, action=f"bijeenkomsten.{action}")


def _may(by: Membership, capability: str, obj: Any = None) -> None:
    if obj is not None:
        permissions.require_same_gemeente(by, obj.gemeente_id)
    permissions.require(by, capability)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normal_code(typed: str) -> str:
    """A typed code as stored: capitals, without spaces or dashes ('abcd-efgh' → 'ABCDEFGH')."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())[: CODE_LENGTH + 2]


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def expired(bijeenkomst: Bijeenkomst, today: datetime.date | None = None) -> bool:
    """An open session that was not closed counts as closed from the second day after its date."""
    today = today or timezone.localdate()
    return bijeenkomst.datum < today - datetime.timedelta(days=1)


def joinable(bijeenkomst: Bijeenkomst) -> bool:
    return bijeenkomst.status == Status.OPEN and not expired(bijeenkomst)


# --- prepare ----------------------------------------------------------------------------------


def _ensure_preparing(bijeenkomst: Bijeenkomst) -> None:
    if bijeenkomst.status == Status.GESLOTEN:
        raise StateConflict("Een gesloten bijeenkomst kan niet meer worden gewijzigd; maak een kopie.")


def prepare(*, by: Membership, plan: Plan, titel: str, datum: datetime.date, doelgroep: str) -> Bijeenkomst:
    """A new session for a plan, with a fresh join code."""
    _may(by, "bijeenkomsten.prepare", plan)
    bijeenkomst = Bijeenkomst(gemeente_id=by.gemeente_id, plan=plan, titel=titel, datum=datum, doelgroep=doelgroep)
    bijeenkomst.full_clean(exclude=["gemeente", "code", "plan"])
    with _context(by, "prepare"):
        return _insert_with_code(bijeenkomst)


def _insert_with_code(bijeenkomst: Bijeenkomst) -> Bijeenkomst:
    for _ in range(5):  # a clash of two random codes is rare; try again with another
        bijeenkomst.code = _new_code()
        try:
            with transaction.atomic():
                bijeenkomst.save(force_insert=True)
            return bijeenkomst
        except IntegrityError:
            continue
    raise StateConflict("Er kon geen vrije deelnamecode worden gemaakt; probeer het opnieuw.")


def edit(*, by: Membership, bijeenkomst: Bijeenkomst, expected_version: int, **fields: Any) -> Bijeenkomst:
    _may(by, "bijeenkomsten.prepare", bijeenkomst)
    _ensure_preparing(bijeenkomst)
    for name, value in fields.items():
        if name not in Bijeenkomst.EDIT_FIELDS:
            raise ValueError(name)
        setattr(bijeenkomst, name, value)
    bijeenkomst.full_clean(exclude=["gemeente", "code", "plan", "gekopieerd_van"])
    with transaction.atomic(), _context(by, "edit"):
        save_versioned(bijeenkomst, expected_version=expected_version, fields=list(fields))
    return bijeenkomst


def onderwerpen_of(
    by: Membership, *, thema_ids: Sequence[Any] = (), actie_ids: Sequence[Any] = ()
) -> list[dict[str, str]]:
    """Themes or actions of the gemeente with their names, in the plan's order, as a question keeps them."""
    if actie_ids:
        acties = Actie.objects.visible_to(by).filter(pk__in=list(actie_ids)).order_by("thema__code", "actiepunt")
        found = [{"id": str(a.pk), "naam": a.actiepunt} for a in acties]
        wanted = len(set(map(str, actie_ids)))
    else:
        themas = Thema.objects.visible_to(by).filter(pk__in=list(thema_ids)).order_by("veld__nummer", "volgorde")
        found = [{"id": str(t.pk), "naam": f"{t.code} {t.naam}"} for t in themas]
        wanted = len(set(map(str, thema_ids)))
    if len(found) != wanted:
        raise ValidationError({"onderwerpen": "Kies alleen thema's en acties van uw eigen gemeente."})
    return found


def _check_vraag(vraag: Vraag) -> None:
    errors: dict[str, str] = {}
    if vraag.soort != Soort.OPEN and len(vraag.onderwerpen) < 2:
        errors["onderwerpen"] = "Kies ten minste twee thema's (of acties) om over te stemmen."
    if vraag.soort == Soort.OPEN and vraag.onderwerpen:
        errors["onderwerpen"] = "Een open vraag heeft geen thema's; deelnemers schrijven zelf hun inbreng."
    if vraag.onderwerp_acties and vraag.soort != Soort.RANGORDE:
        errors["onderwerpen"] = "Acties kunnen alleen in een rangorde worden gezet; kies voor de andere vragen thema's."
    if vraag.criterium and vraag.soort != Soort.SCHAAL:
        errors["criterium"] = "Alleen een schaalvraag kan meetellen voor een criterium van de prioritering."
    if len(vraag.onderwerpen) > 40:
        errors["onderwerpen"] = (
            "Kies ten hoogste 40 thema's of acties; een vraag met meer is op een telefoon niet te doen."
        )
    if errors:
        raise ValidationError(errors)


def add_vraag(*, by: Membership, bijeenkomst: Bijeenkomst, **fields: Any) -> Vraag:
    _may(by, "bijeenkomsten.prepare", bijeenkomst)
    _ensure_preparing(bijeenkomst)
    volgorde = (bijeenkomst.vragen.aggregate(m=Max("volgorde"))["m"] or 0) + 1
    vraag = Vraag(gemeente_id=by.gemeente_id, bijeenkomst=bijeenkomst, volgorde=volgorde, **fields)
    vraag.full_clean(exclude=["gemeente", "bijeenkomst"])
    _check_vraag(vraag)
    with transaction.atomic(), _context(by, "vraag.add"):
        vraag.save(force_insert=True)
    return vraag


def edit_vraag(*, by: Membership, vraag: Vraag, expected_version: int, **fields: Any) -> Vraag:
    _may(by, "bijeenkomsten.prepare", vraag)
    _ensure_preparing(vraag.bijeenkomst)
    if vraag.status != VraagStatus.GEPLAND:
        raise StateConflict("Een vraag die al open is geweest, kan niet meer worden gewijzigd.")
    for name, value in fields.items():
        setattr(vraag, name, value)
    vraag.full_clean(exclude=["gemeente", "bijeenkomst"])
    _check_vraag(vraag)
    with transaction.atomic(), _context(by, "vraag.edit"):
        save_versioned(vraag, expected_version=expected_version, fields=list(fields))
    return vraag


def delete_vraag(*, by: Membership, vraag: Vraag) -> None:
    _may(by, "bijeenkomsten.prepare", vraag)
    _ensure_preparing(vraag.bijeenkomst)
    if vraag.status != VraagStatus.GEPLAND:
        raise StateConflict("Een vraag die al open is geweest, heeft antwoorden; die blijft staan.")
    with transaction.atomic(), _context(by, "vraag.delete"):
        vraag.delete()


def copy(*, by: Membership, source: Bijeenkomst, titel: str, datum: datetime.date) -> Bijeenkomst:
    """A new session with the questions of an earlier one (the names of its themes brought up to date)."""
    _may(by, "bijeenkomsten.prepare", source)
    themas = {str(t.pk): f"{t.code} {t.naam}" for t in Thema.objects.visible_to(by)}
    with transaction.atomic(), _context(by, "copy"):
        kopie = Bijeenkomst(
            gemeente_id=by.gemeente_id,
            plan=source.plan,
            titel=titel,
            datum=datum,
            doelgroep=source.doelgroep,
            gekopieerd_van=source,
        )
        kopie.full_clean(exclude=["gemeente", "code", "plan", "gekopieerd_van"])
        _insert_with_code(kopie)
        for vraag in source.vragen.all():
            onderwerpen = [
                {"id": o["id"], "naam": themas.get(o["id"], o["naam"])}
                for o in vraag.onderwerpen
                if vraag.onderwerp_acties or o["id"] in themas
            ]
            Vraag.objects.create(
                gemeente_id=by.gemeente_id,
                bijeenkomst=kopie,
                volgorde=vraag.volgorde,
                soort=vraag.soort,
                tekst=vraag.tekst,
                toelichting=vraag.toelichting,
                onderwerpen=onderwerpen,
                onderwerp_acties=vraag.onderwerp_acties,
                criterium=vraag.criterium,
                as_x=vraag.as_x,
                as_y=vraag.as_y,
            )
    return kopie


# --- run live ---------------------------------------------------------------------------------


def open_session(*, by: Membership, bijeenkomst: Bijeenkomst) -> Bijeenkomst:
    """Let participants join (voorbereid → open)."""
    _may(by, "bijeenkomsten.prepare", bijeenkomst)
    if bijeenkomst.status != Status.VOORBEREID:
        raise StateConflict("Deze bijeenkomst is al geopend of gesloten.")
    if not bijeenkomst.vragen.exists():
        raise ValidationError("Voeg eerst een vraag toe; een bijeenkomst zonder vragen kan niet open.")
    with transaction.atomic(), _context(by, "open"):
        _set_status(bijeenkomst, Status.OPEN, geopend_op=timezone.now())
    return bijeenkomst


def _set_status(obj: Any, status: str, **extra: Any) -> None:
    updated = (
        type(obj)
        .objects.filter(pk=obj.pk, status=obj.status)
        .update(status=status, version=F("version") + 1, updated_at=timezone.now(), **extra)
    )
    if updated == 0:
        raise StateConflict("Iemand anders heeft de status net gewijzigd; laad de pagina opnieuw.")
    obj.status = status
    obj.version += 1
    for name, value in extra.items():
        setattr(obj, name, value)


def open_vraag(*, by: Membership, vraag: Vraag) -> Vraag:
    """Open one question; the question open before it closes (one at a time on the phones)."""
    _may(by, "bijeenkomsten.prepare", vraag)
    bijeenkomst = vraag.bijeenkomst
    if not joinable(bijeenkomst):
        raise StateConflict("Open eerst de bijeenkomst; daarna opent u de vragen een voor een.")
    if vraag.status == VraagStatus.OPEN:
        return vraag
    with transaction.atomic(), _context(by, "vraag.open"):
        others = bijeenkomst.vragen.filter(status=VraagStatus.OPEN).exclude(pk=vraag.pk)
        others.update(status=VraagStatus.GESLOTEN, version=F("version") + 1, updated_at=timezone.now())
        _set_status(vraag, VraagStatus.OPEN)
    return vraag


def close_vraag(*, by: Membership, vraag: Vraag) -> Vraag:
    _may(by, "bijeenkomsten.prepare", vraag)
    if vraag.status != VraagStatus.OPEN:
        raise StateConflict("Deze vraag is niet open.")
    with transaction.atomic(), _context(by, "vraag.close"):
        _set_status(vraag, VraagStatus.GESLOTEN)
    return vraag


def hide_inbreng(*, by: Membership, inbreng: Inbreng, verborgen: bool = True) -> Inbreng:
    """Hide a remark from the presenter view and the phones (or show it again)."""
    _may(by, "bijeenkomsten.prepare", inbreng)
    with transaction.atomic(), _context(by, "inbreng.hide" if verborgen else "inbreng.show"):
        Inbreng.objects.filter(pk=inbreng.pk).update(
            verborgen=verborgen, version=F("version") + 1, updated_at=timezone.now()
        )
    inbreng.verborgen = verborgen
    return inbreng


def close_session(*, by: Membership, bijeenkomst: Bijeenkomst) -> Bijeenkomst:
    """Close every question and the session; keep its results with the plan."""
    _may(by, "bijeenkomsten.prepare", bijeenkomst)
    if bijeenkomst.status == Status.GESLOTEN:
        raise StateConflict("Deze bijeenkomst is al gesloten.")
    with transaction.atomic(), _context(by, "close"):
        bijeenkomst.vragen.filter(status=VraagStatus.OPEN).update(
            status=VraagStatus.GESLOTEN, version=F("version") + 1, updated_at=timezone.now()
        )
        _set_status(bijeenkomst, Status.GESLOTEN, gesloten_op=timezone.now())
        _keep_results(bijeenkomst)
    return bijeenkomst


def _keep_results(bijeenkomst: Bijeenkomst) -> None:
    rows = []
    for vraag, figures in tally(bijeenkomst).items():
        for f in figures.get("onderwerpen", []):
            rows.append(
                Resultaat(
                    gemeente_id=bijeenkomst.gemeente_id,
                    bijeenkomst=bijeenkomst,
                    vraag=vraag,
                    onderwerp=f["id"],
                    naam=f["naam"][:300],
                    antwoorden=f["antwoorden"],
                    gemiddelde=f.get("gemiddelde"),
                    x=f.get("x"),
                    y=f.get("y"),
                )
            )
    Resultaat.objects.bulk_create(rows)


def _avg(values: list[float]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def tally(bijeenkomst: Bijeenkomst) -> dict[Vraag, dict[str, Any]]:
    """Per question: participants who answered and, per theme or action, the figures so far.

    Two queries (the questions, their answers), whatever the number of participants.
    schaal: average of 1–5 ("weet niet" left out); punten: average points; rangorde: average place
    (1 is first); matrix: average x and y. Open questions: the visible remarks with their votes.
    """
    vragen = list(bijeenkomst.vragen.all())
    answers: dict[Any, list[Any]] = defaultdict(list)
    for vraag_id, waarde in Antwoord.objects.filter(vraag__bijeenkomst=bijeenkomst).values_list("vraag_id", "waarde"):
        answers[vraag_id].append(waarde)
    result: dict[Vraag, dict[str, Any]] = {}
    for vraag in vragen:
        given = answers.get(vraag.pk, [])
        per: dict[str, list[Any]] = defaultdict(list)
        for waarde in given:
            if vraag.soort == Soort.RANGORDE:
                for place, key in enumerate(waarde, start=1):
                    per[key].append(place)
            else:
                for key, value in waarde.items():
                    if value is not None:
                        per[key].append(value)
        figures = []
        for o in vraag.onderwerpen:
            values = per.get(o["id"], [])
            row: dict[str, Any] = {"id": o["id"], "naam": o["naam"], "antwoorden": len(values)}
            if vraag.soort == Soort.MATRIX:
                row["x"] = _avg([v[0] for v in values])
                row["y"] = _avg([v[1] for v in values])
            else:
                row["gemiddelde"] = _avg(values)
            figures.append(row)
        if vraag.soort == Soort.RANGORDE:
            figures.sort(key=lambda r: (r["gemiddelde"] is None, r["gemiddelde"] or 0))
        elif vraag.soort in (Soort.SCHAAL, Soort.PUNTEN):
            figures.sort(key=lambda r: (r["gemiddelde"] is None, -(r["gemiddelde"] or 0)))
        result[vraag] = {"antwoorden": len(given), "onderwerpen": figures}
    return result


def inbreng_per_vraag(by: Membership, bijeenkomst: Bijeenkomst) -> dict[Any, list[Inbreng]]:
    """The remarks of the session per question, most votes first (``aantal_stemmen``); one query."""
    found: dict[Any, list[Inbreng]] = {}
    remarks = (
        Inbreng.objects.visible_to(by)
        .filter(vraag__bijeenkomst=bijeenkomst)
        .annotate(aantal_stemmen=Count("stemmen"))
        .order_by("-aantal_stemmen", "created_at")
    )
    for item in remarks:
        found.setdefault(item.vraag_id, []).append(item)
    return found


# --- participants -----------------------------------------------------------------------------


def join(*, bijeenkomst: Bijeenkomst, naam: str = "", organisatie: str = "") -> tuple[Deelnemer, str]:
    """A new participant of an open session; returns them and the secret for their cookie."""
    if not joinable(bijeenkomst):
        raise StateConflict(CLOSED_MESSAGE)
    secret = secrets.token_urlsafe(32)
    # From here on this request acts as the new participant (row-level security sees their row).
    tenancy.bind(join_code=bijeenkomst.code, participant=secret_hash(secret))
    deelnemer = Deelnemer(
        gemeente_id=bijeenkomst.gemeente_id,
        bijeenkomst=bijeenkomst,
        token_hash=secret_hash(secret),
        naam=naam.strip()[:100],
        organisatie=organisatie.strip()[:150],
    )
    deelnemer.save(force_insert=True)
    return deelnemer, secret


def _count(deelnemer: Deelnemer) -> None:
    """Refuse a flood from one participant: at most ACTIONS_PER_MINUTE writes per minute."""
    now = timezone.now()
    fresh = deelnemer.venster_start is None or now - deelnemer.venster_start >= datetime.timedelta(minutes=1)
    if not fresh and deelnemer.venster_acties >= ACTIONS_PER_MINUTE:
        raise ValidationError(FLOOD_MESSAGE)
    if fresh:
        deelnemer.venster_start, deelnemer.venster_acties = now, 1
    else:
        deelnemer.venster_acties += 1
    Deelnemer.objects.filter(pk=deelnemer.pk).update(
        venster_start=deelnemer.venster_start, venster_acties=deelnemer.venster_acties
    )


def _ensure_open(deelnemer: Deelnemer, vraag: Vraag) -> None:
    bijeenkomst = deelnemer.bijeenkomst
    if vraag.bijeenkomst_id != bijeenkomst.pk:
        raise PermissionDenied("Deze vraag hoort niet bij uw bijeenkomst.")
    if not joinable(bijeenkomst):
        raise StateConflict(CLOSED_MESSAGE)
    if vraag.status != VraagStatus.OPEN:
        raise StateConflict(NOT_OPEN_MESSAGE)


def clean_answer(vraag: Vraag, waarde: Any) -> Any:
    """The answer in its stored shape, or a ValidationError saying in Dutch what is wrong."""
    ids = [o["id"] for o in vraag.onderwerpen]
    if vraag.soort == Soort.RANGORDE:
        if not isinstance(waarde, list) or sorted(map(str, waarde)) != sorted(ids):
            raise ValidationError("Zet elk onderwerp precies één keer in de rangorde.")
        return [str(v) for v in waarde]
    if not isinstance(waarde, dict) or set(map(str, waarde)) != set(ids):
        raise ValidationError("Beantwoord de vraag voor elk onderwerp.")
    if vraag.soort == Soort.SCHAAL:
        for value in waarde.values():
            if value is not None and (isinstance(value, bool) or value not in SCALE):
                raise ValidationError("Kies per onderwerp een score van 1 tot en met 5, of 'weet niet'.")
    elif vraag.soort == Soort.PUNTEN:
        for value in waarde.values():
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= POINTS:
                raise ValidationError("Geef per onderwerp een heel aantal punten van 0 tot en met 100.")
        total = sum(waarde.values())
        if total != POINTS:
            raise ValidationError(f"De punten tellen op tot {total}; verdeel er precies {POINTS}.")
    elif vraag.soort == Soort.MATRIX:
        for value in waarde.values():
            if (
                not isinstance(value, list | tuple)
                or len(value) != 2
                or any(isinstance(v, bool) or v not in SCALE for v in value)
            ):
                raise ValidationError(
                    f"Plaats elk thema op beide assen ({vraag.as_x} en {vraag.as_y}) van 1 tot en met 5."
                )
        return {str(k): list(v) for k, v in waarde.items()}
    else:
        raise ValidationError("Op een open vraag geeft u inbreng, geen antwoord.")
    return {str(k): v for k, v in waarde.items()}


def answer(*, deelnemer: Deelnemer, vraag: Vraag, waarde: Any) -> Antwoord:
    """Store or change the participant's answer while the question is open."""
    _ensure_open(deelnemer, vraag)
    cleaned = clean_answer(vraag, waarde)
    _count(deelnemer)
    found, _created = Antwoord.objects.update_or_create(
        vraag=vraag,
        deelnemer=deelnemer,
        defaults={"waarde": cleaned, "updated_at": timezone.now()},
        create_defaults={"waarde": cleaned, "gemeente_id": deelnemer.gemeente_id},
    )
    return found


def add_inbreng(*, deelnemer: Deelnemer, vraag: Vraag, tekst: str) -> Inbreng:
    _ensure_open(deelnemer, vraag)
    if vraag.soort != Soort.OPEN:
        raise ValidationError("Bij deze vraag geeft u een antwoord, geen opmerking.")
    tekst = (tekst or "").replace("\x00", "").strip()
    if not tekst:
        raise ValidationError({"tekst": "Schrijf uw opmerking of idee; een lege inbreng wordt niet bewaard."})
    if len(tekst) > MAX_INBRENG:
        raise ValidationError({"tekst": f"Houd het kort: ten hoogste {MAX_INBRENG} tekens (nu {len(tekst)})."})
    if Inbreng.objects.filter(vraag=vraag, deelnemer=deelnemer).count() >= INBRENG_PER_QUESTION:
        raise ValidationError(f"U heeft bij deze vraag al {INBRENG_PER_QUESTION} keer inbreng gegeven.")
    _count(deelnemer)
    return Inbreng.objects.create(gemeente_id=deelnemer.gemeente_id, vraag=vraag, deelnemer=deelnemer, tekst=tekst)


def vote(*, deelnemer: Deelnemer, inbreng: Inbreng) -> bool:
    """Vote for a remark, or take the vote back; returns whether the participant now votes for it."""
    _ensure_open(deelnemer, inbreng.vraag)
    if inbreng.deelnemer_id == deelnemer.pk:
        raise ValidationError("Op uw eigen inbreng kunt u niet stemmen.")
    _count(deelnemer)
    deleted, _ = Stem.objects.filter(inbreng=inbreng, deelnemer=deelnemer).delete()
    if deleted:
        return False
    Stem.objects.create(gemeente_id=deelnemer.gemeente_id, inbreng=inbreng, deelnemer=deelnemer)
    return True


# --- results into the plan --------------------------------------------------------------------


def adopt_scores(*, by: Membership, vraag: Vraag) -> tuple[int, int]:
    """Set the criterion of a closed scale question to its rounded averages in the plan's priorities.

    Returns (adopted, skipped): themes a thema-eigenaar does not own, or without an answer, are skipped.
    """
    from ivp import services as ivp_services
    from ivp.models import Prioritering

    _may(by, "ivp.edit", vraag)
    if vraag.soort != Soort.SCHAAL or not vraag.criterium:
        raise ValidationError("Alleen een schaalvraag die bij een criterium hoort, kan worden overgenomen.")
    if vraag.bijeenkomst.status != Status.GESLOTEN:
        raise StateConflict("Sluit eerst de bijeenkomst; daarna staan haar uitkomsten vast.")
    plan = vraag.bijeenkomst.plan
    plan.ensure_concept()
    averages = {
        str(r.onderwerp): r.gemiddelde
        for r in Resultaat.objects.filter(vraag=vraag, gemiddelde__isnull=False)
        if r.gemiddelde is not None
    }
    adopted = 0
    rows = (
        Prioritering.objects.visible_to(by).filter(plan=plan, thema_id__in=list(averages)).select_related("thema__veld")
    )
    for row in rows:
        score = int(averages[str(row.thema_id)].quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if not ivp_services.may_change_thema(by, row.thema):
            continue
        row.plan = plan
        ivp_services.edit_prioritering(
            by=by, prioritering=row, expected_version=row.version, **{vraag.criterium: max(1, min(5, score))}
        )
        adopted += 1
    return adopted, len(averages) - adopted


def idea_to_actie(
    *, by: Membership, inbreng: Inbreng, programma: Any, thema: Thema, actiepunt: str, **fields: Any
) -> Actie:
    """Turn a participant's idea into an action of the uitvoeringsprogramma; the idea keeps the link."""
    from ivp import services as ivp_services

    _may(by, "ivp.edit", inbreng)
    if inbreng.actie_id is not None:
        raise StateConflict("Van deze inbreng is al een actie gemaakt.")
    with transaction.atomic(), _context(by, "inbreng.actie"):
        actie = ivp_services.add_actie(by=by, programma=programma, thema=thema, actiepunt=actiepunt, **fields)
        updated = Inbreng.objects.filter(pk=inbreng.pk, actie__isnull=True).update(
            actie=actie, version=F("version") + 1, updated_at=timezone.now()
        )
        if updated == 0:
            raise StateConflict("Van deze inbreng is net al een actie gemaakt.")
    inbreng.actie = actie
    return actie
