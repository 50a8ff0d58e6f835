"""The one-page infographic of a plan: the SVG, its text alternative, its colours and its limits."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from typing import Any

import pytest

from ivp.infographic import (
    STANDAARD_KLEUR,
    Doel,
    Infographic,
    Kerncijfer,
    Prioriteit,
    infographic_svg,
    infographic_tekst,
)

from .svg import NS, Tekst, contrast, met_klasse, parse, teksten, viewbox

WIT = "#ffffff"


def plan(**extra: Any) -> Infographic:
    """An ordinary plan: five priorities with one or two goals, four key figures, six partners."""
    gegevens: dict[str, Any] = {
        "gemeente": "Gemeente Súdwest-Fryslân",
        "titel": "Integraal veiligheidsplan",
        "periode": "2027–2030",
        "primaire_kleur": "#5b2c86",
        "kerncijfers": [
            Kerncijfer("Woninginbraken", Decimal("3.4"), "per 1.000 woningen", "dalend", True),
            Kerncijfer("Meldingen overlast", 1234, "meldingen", "stijgend", False),
            Kerncijfer("Inwoners die zich veilig voelen", Decimal("81.5"), "%", "gelijk"),
            Kerncijfer("Ondermijningssignalen", 87, "signalen", "stijgend", True),
        ],
        "prioriteiten": [
            Prioriteit(
                "Ondermijning",
                [
                    Doel("Meer signalen van ondermijning worden opgepakt", 40, 80, "signalen", 2030, 62, True),
                    Doel("Alle horecaondernemers kennen het meldpunt", 35, 90, "%", 2029, 50, False),
                ],
            ),
            Prioriteit("Woninginbraken", [Doel("Minder woninginbraken", Decimal("4.1"), Decimal("2.5"), "", 2030)]),
            Prioriteit("Personen met verward gedrag", [Doel("Snellere opvang bij E33-meldingen", 48, 24, "uur", 2028)]),
            Prioriteit("Jeugd en veiligheid", [Doel("Minder jongeren in aanraking met politie", 120, 90, "", 2030)]),
            Prioriteit("Cybercriminaliteit", [Doel("Inwoners herkennen phishing", 40, 70, "%", 2030)]),
        ],
        "partners": ["Politie", "Openbaar Ministerie", "Veiligheidsregio", "GGD", "Woningcorporatie", "RIEC"],
    }
    gegevens.update(extra)
    return Infographic(**gegevens)


LANG = "Bestuurlijke aanpak van ondermijnende criminaliteit op bedrijventerreinen en in het buitengebied " * 2


def te_veel() -> Infographic:
    """Seven priorities with three very long goals each, six key figures and thirty partners."""
    doel = Doel(LANG, 10**9, 2 * 10**9, "inwoners per vierkante kilometer", 2030, 1.5 * 10**9, False)
    return plan(
        gemeente="Gemeente " + "Zoeterwoude-Rijndijk " * 8,
        titel="Integraal veiligheidsplan van de samenwerkende gemeenten in de regio Holland Rijnland",
        prioriteiten=[Prioriteit(f"Thema {n} {LANG}", [doel, doel, doel]) for n in range(1, 8)],
        kerncijfers=[Kerncijfer("Heel lang label " * 8, 10**12 + 0.5, "eenheid " * 8, "stijgend", False)] * 6,
        partners=[f"Partnerorganisatie met een lange naam nummer {n}" for n in range(30)],
    )


def badges(svg: str) -> list[str]:
    """The numbers in the priority badges, in order."""
    return re.findall(r'text-anchor="middle" fill="#[0-9a-f]{6}">(\d+)</text>', svg)


def zichtbare_tekst(svg: str) -> str:
    return " ".join(t.tekst for t in teksten(parse(svg)))


# --- an image with a text alternative ------------------------------------------------------------


def test_it_is_an_a4_image_with_a_title_and_the_full_text_as_description() -> None:
    data = plan()
    root = parse(infographic_svg(data))

    assert viewbox(root) == (0, 0, 210, 297)
    assert root.get("role") == "img"
    titel, beschrijving = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert titel is not None and beschrijving is not None
    assert root.get("aria-labelledby") == f"{titel.get('id')} {beschrijving.get('id')}"
    assert titel.text == "Integraal veiligheidsplan 2027–2030 – Gemeente Súdwest-Fryslân"
    assert beschrijving.text == infographic_tekst(data)


def test_the_text_alternative_reads_as_dutch_sentences_about_everything_on_it() -> None:
    tekst = infographic_tekst(plan())

    assert tekst.startswith("Integraal veiligheidsplan 2027–2030, Gemeente Súdwest-Fryslân.\n\nKerncijfers:\n")
    assert "Woninginbraken: 3,4 per 1.000 woningen, dalend, gunstig." in tekst
    assert "Meldingen overlast: 1.234 meldingen, stijgend, ongunstig." in tekst
    assert "Inwoners die zich veilig voelen: 81,5%, gelijk." in tekst
    assert (
        "1. Ondermijning.\nDoel: Meer signalen van ondermijning worden opgepakt "
        "(nulmeting 40 signalen, doel 80 signalen in 2030; nu 62 signalen, op koers)." in tekst
    )
    assert (
        "Doel: Alle horecaondernemers kennen het meldpunt (nulmeting 35%, doel 90% in 2029; nu 50%, niet op koers)."
        in tekst
    )
    assert tekst.endswith("Samen met: Politie, Openbaar Ministerie, Veiligheidsregio, GGD, Woningcorporatie en RIEC.")


def test_the_text_alternative_has_what_did_not_fit_on_the_page() -> None:
    data = te_veel()
    svg = infographic_svg(data)

    tekst = infographic_tekst(data)
    assert all(f"{n}. Thema {n}" in tekst for n in range(1, 8))
    assert tekst.count("Doel: ") == 21
    assert "Partnerorganisatie met een lange naam nummer 29" in tekst
    assert "nummer 29" not in zichtbare_tekst(svg)


def test_hostile_gemeente_theme_and_goal_texts_are_escaped() -> None:
    boos = "<script>alert(\"x\")</script> & 'co'"
    data = plan(
        gemeente=boos,
        titel=boos,
        prioriteiten=[Prioriteit(boos, [Doel(boos, 1, 2, boos, 2030)])],
        kerncijfers=[Kerncijfer(boos, 1, boos)],
        partners=[boos],
    )
    svg = infographic_svg(data)

    root = parse(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert "<script>" not in svg
    assert boos in str(getattr(root.find(f"{NS}desc"), "text", ""))
    assert "&lt;script&gt;" in svg


# --- the page never overflows -------------------------------------------------------------------


def binnen_de_pagina(tekst: Tekst) -> bool:
    return tekst.x >= 0 and tekst.rechts <= 210 and tekst.boven >= 0 and tekst.onder <= 297


@pytest.mark.parametrize("data", [plan(), te_veel()], ids=["ordinary", "seven-by-three-very-long"])
def test_no_text_is_placed_outside_the_page(data: Infographic) -> None:
    alle_teksten = teksten(parse(infographic_svg(data)))

    assert alle_teksten
    assert [t for t in alle_teksten if not binnen_de_pagina(t)] == []
    assert all(t.x >= 12 - 0.01 and t.rechts <= 198 + 0.01 for t in alle_teksten)  # within the margins


def test_priorities_stay_above_the_partners_at_the_bottom() -> None:
    alle_teksten = teksten(parse(infographic_svg(te_veel())))

    samen_met = next(t for t in alle_teksten if t.tekst == "Samen met")
    prioriteiten = next(t for t in alle_teksten if t.tekst == "Prioriteiten en doelen")
    tussen = [t for t in alle_teksten if prioriteiten.y < t.y < samen_met.y]
    assert tussen
    assert max(t.onder for t in tussen) < samen_met.boven


def test_text_lines_do_not_overlap() -> None:
    alle_teksten = teksten(parse(infographic_svg(te_veel())))

    def regel(t: Tekst) -> tuple[float, float]:  # accented capitals to descenders, in Noto Sans
        return t.y - 0.75 * t.grootte, t.y + 0.22 * t.grootte

    for i, a in enumerate(alle_teksten):
        for b in alle_teksten[i + 1 :]:
            naast_elkaar = a.rechts <= b.x or b.rechts <= a.x
            boven_elkaar = regel(a)[1] <= regel(b)[0] or regel(b)[1] <= regel(a)[0]
            assert naast_elkaar or boven_elkaar, (a, b)


def test_it_says_how_many_more_priorities_goals_key_figures_and_partners_there_are() -> None:
    data = te_veel()
    svg = infographic_svg(data)

    getoond = badges(svg)
    assert 1 <= len(getoond) < 7
    zichtbaar = zichtbare_tekst(svg)
    rest = 7 - len(getoond)
    assert f"en {rest} meer prioriteiten met {3 * rest} doelen" in zichtbaar
    assert "en 2 meer kerncijfers" in zichtbaar
    laatste_regel = max(teksten(parse(svg)), key=lambda t: t.y).tekst
    assert re.search(r"nummer \d+ en \d+ meer$", laatste_regel), laatste_regel
    assert len(met_klasse(parse(svg), "band")) == 1


def test_an_ordinary_plan_shows_everything_without_en_meer() -> None:
    svg = infographic_svg(plan())

    assert badges(svg) == ["1", "2", "3", "4", "5"]
    zichtbaar = zichtbare_tekst(svg)
    assert " meer " not in zichtbaar
    for tekst in ("Ondermijning", "Cybercriminaliteit", "1.234", "nu 50%, niet op koers", "RIEC"):
        assert tekst in zichtbaar


def test_a_priority_with_more_goals_than_fit_shows_some_and_counts_the_rest() -> None:
    doelen = [Doel(f"Doel {n} " + LANG, 1, 2, "", 2030) for n in range(1, 13)]
    svg = infographic_svg(plan(prioriteiten=[Prioriteit("Eén thema met heel veel doelen", doelen)]))

    zichtbaar = zichtbare_tekst(svg)
    getoond = len(re.findall(r"\bDoel \d+ ", zichtbaar))
    assert 1 <= getoond < 12
    assert f"en {12 - getoond} meer doelen" in zichtbaar


def test_a_theme_name_of_a_hundred_thousand_characters_is_cut_to_two_lines() -> None:
    svg = infographic_svg(plan(prioriteiten=[Prioriteit("Ondermijning" * 10_000, [])]))

    thema = [t for t in teksten(parse(svg)) if t.grootte == 4.2 and t.x == 21]  # theme names: 4.2 mm, indented
    assert 1 <= len(thema) <= 2
    assert thema[-1].tekst.endswith("…") and thema[-1].tekst != "…"


def test_a_plan_without_priorities_says_so() -> None:
    svg = infographic_svg(plan(prioriteiten=[], kerncijfers=[], partners=[]))

    assert "Nog geen prioriteiten." in zichtbare_tekst(svg)
    assert "Er zijn nog geen prioriteiten." in infographic_tekst(plan(prioriteiten=[]))


def test_a_huge_key_figure_is_shortened_to_fit_its_tile() -> None:
    svg = infographic_svg(plan(kerncijfers=[Kerncijfer("Inwoners", 1_234_567_890_123, "", "gelijk")]))

    assert "1.234,6 mld" in zichtbare_tekst(svg)


def test_a_key_figure_with_an_unknown_trend_is_refused() -> None:
    with pytest.raises(ValueError, match="trend"):
        trend: Any = "omhoog"  # not one of the trends the type allows: the check at run time
        Kerncijfer("Woninginbraken", 3, "", trend)


# --- colours --------------------------------------------------------------------------------------


def band_en_teksten(svg: str) -> tuple[str, float, list[Tekst]]:
    root = parse(svg)
    band = met_klasse(root, "band")[0]
    hoogte = float(band.get("height") or 0)
    return band.get("fill") or "", hoogte, [t for t in teksten(root) if t.onder <= hoogte]


@pytest.mark.parametrize("kleur", ["", "red", "#12345", "#gggggg", "#5b2c86; fill:url(x)", None])
def test_an_invalid_primary_colour_falls_back_to_the_default(kleur: str | None) -> None:
    svg = infographic_svg(plan(primaire_kleur=kleur))

    assert band_en_teksten(svg)[0] == STANDAARD_KLEUR
    assert "url(" not in svg


def test_a_short_hex_colour_is_accepted() -> None:
    assert band_en_teksten(infographic_svg(plan(primaire_kleur="#F0A")))[0] == "#ff00aa"


@pytest.mark.parametrize("kleur", ["#5b2c86", "#ffdd00", "#777777", "#00ff00", "#0000ff", "#ffffff", "#000000"])
def test_text_keeps_4_5_to_1_contrast_on_and_with_the_primary_colour(kleur: str) -> None:
    svg = infographic_svg(plan(primaire_kleur=kleur))

    band, _, op_band = band_en_teksten(svg)
    assert band == kleur and op_band
    assert all(contrast(t.kleur or "", band) >= 4.5 for t in op_band)
    root = parse(svg)
    op_wit = [t for t in teksten(root) if t not in op_band and not _in_badge(t)]
    assert all(contrast(t.kleur or "", WIT) >= 4.5 for t in op_wit), {t.kleur for t in op_wit}
    badges_ = [(a, b) for g in root.iter(f"{NS}g") for a, b in itertools.pairwise(g) if a.tag == f"{NS}circle"]
    assert len(badges_) == 5
    for cirkel, nummer in badges_:
        assert nummer.tag == f"{NS}text" and (nummer.text or "").isdigit()
        assert contrast(nummer.get("fill") or "", cirkel.get("fill") or "") >= 4.5


def _in_badge(tekst: Tekst) -> bool:
    return tekst.tekst.isdigit() and tekst.grootte == 3.6
