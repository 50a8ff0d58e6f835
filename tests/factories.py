"""Building test data under row-level security (every write binds its gemeente)."""

from __future__ import annotations

from typing import Any

from accounts.models import ApiToken, User
from lib import tenancy
from organisations.models import Gemeente, Invitation, Membership, PartnerOrganisatie, hash_code

PASSWORD = "correct-horse-battery-staple-42"
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2a1c7e10000000049454e44ae426082"
)


def make_gemeente(name: str, cbs_code: str, **kwargs: Any) -> Gemeente:
    gemeente = Gemeente(name=name, cbs_code=cbs_code, **kwargs)
    with tenancy.bound(platform=True, gemeente=gemeente.pk):
        gemeente.save()
    return gemeente


def make_user(email: str, *, full_name: str = "", platform_admin: bool = False) -> User:
    return User.objects.create_user(
        email, PASSWORD, full_name=full_name or email.split("@")[0].title(), is_platform_admin=platform_admin
    )


def make_partner(gemeente: Gemeente, name: str) -> PartnerOrganisatie:
    with tenancy.bound(gemeente=gemeente.pk):
        return PartnerOrganisatie.objects.create(gemeente=gemeente, name=name)


def make_member(gemeente: Gemeente, user: User, role: str, **kwargs: Any) -> Membership:
    with tenancy.bound(gemeente=gemeente.pk):
        membership = Membership.objects.create(gemeente=gemeente, user=user, role=role, **kwargs)
    membership.gemeente = gemeente
    return membership


def make_token(membership: Membership, name: str = "test") -> tuple[ApiToken, str]:
    raw, key_hash, hint = ApiToken.generate()
    with tenancy.bound(gemeente=membership.gemeente_id):
        token = ApiToken.objects.create(
            gemeente_id=membership.gemeente_id, membership=membership, name=name, key_hash=key_hash, key_hint=hint
        )
    return token, raw


def make_invitation(gemeente: Gemeente, email: str, role: str, code: str = "") -> Invitation:
    code = code or Invitation.new_code()
    with tenancy.bound(gemeente=gemeente.pk):
        return Invitation.objects.create(gemeente=gemeente, email=email, role=role, code_hash=hash_code(code))


def add_a_row_of_every_part(personas: Any) -> None:
    """Gemeente A's kader gets a deelplan with a file, a responsibility and an uitgangspunt with a goal.

    The starting set has the other parts already; the API sweeps and the fuzz run find an object
    of every kind this way.
    """
    from kader import services
    from kader.models import Deelplan, Doel, Uitgangspunt, Verantwoordelijkheid

    versie, by = personas.kader_of(), personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        services.add_part(
            by=by,
            versie=versie,
            model=Deelplan,
            thema="informatiebeveiliging",
            titel="Plan van Aastad",
            bestand=("plan.pdf", b"%PDF-1.4 Aastad"),
        )
        services.add_part(
            by=by, versie=versie, model=Verantwoordelijkheid, rol="Coördinator", activiteit="Jaarplan", aard="A"
        )
        doel = Doel.objects.filter(versie=versie)[0]
        services.add_part(by=by, versie=versie, model=Uitgangspunt, groep="beleid", tekst="Eén kader.", doelen=[doel])


def add_ivp(personas: Any) -> Any:
    """Gemeente A's veiligheidsplan 2027–2030 (a concept) with a figure, a goal, and a programme for
    2027 whose actions are carried out by the gemeente and by partner A (the ketenpartner's).

    Returns the plan. The sweeps and the API tests find an object of every IVP kind this way.
    """
    import datetime
    from decimal import Decimal

    from ivp import services
    from ivp.models import Indicator, Plan, Thema

    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        existing = Plan.objects.filter(gemeente_id=personas.gemeente_a.pk).first()
        if existing is not None:
            return existing
        plan = services.start_ivp(by=by, startjaar=2027)
        indicator = Indicator.objects.get(gemeente_id=personas.gemeente_a.pk, bronsleutel="bbv:woninginbraak")
        for jaar, waarde in ((2024, "3.4"), (2025, "3.1")):
            services.set_meting(by=by, indicator=indicator, jaar=jaar, waarde=Decimal(waarde))
        services.set_inwonertal(by=by, jaar=2025, aantal=42000)
        doel = services.add_doelstelling(
            by=by,
            plan=plan,
            thema=indicator.thema,
            wat="Minder woninginbraken",
            indicator=indicator,
            streefwaarde=Decimal("2.5"),
            deadline=datetime.date(2030, 12, 31),
            eigenaar="Team Veiligheid",
        )
        programma = services.start_programma(by=by, plan=plan, jaar=2027)
        services.add_actie(
            by=by,
            programma=programma,
            thema=indicator.thema,
            doelstelling=doel,
            actiepunt="Buurtpreventie uitbreiden",
            organisatie=personas.partner_a,
            eind=datetime.date(2027, 12, 31),
        )
        services.add_actie(
            by=by,
            programma=programma,
            thema=Thema.objects.get(gemeente_id=personas.gemeente_a.pk, code="4.2"),
            actiepunt="Voorlichting rookmelders",
        )
    return plan


def make_taak(membership: Membership, titel: str = "Cijfers importeren", **fields: Any) -> Any:
    """A background task of the member's gemeente in the state ``fields`` give (default: waiting)."""
    from background.models import Achtergrondtaak

    fields.setdefault("soort", "test.import")
    with tenancy.bound(gemeente=membership.gemeente_id, user=membership.user_id):
        return Achtergrondtaak.objects.create(
            gemeente_id=membership.gemeente_id, aangemaakt_door=membership, titel=titel, **fields
        )
