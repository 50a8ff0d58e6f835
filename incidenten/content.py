"""The kinds of incident a gemeente starts its registration with; it may rename, add and switch them off.

Each has a key (so the catalogue can be recognised later), a Dutch name and the security theme whose
thema-eigenaar handles it (empty: the coördinator).
"""

from __future__ import annotations

SOORTEN: tuple[tuple[str, str, str], ...] = (
    ("agressie", "Agressie of geweld tegen een medewerker", "personele_beveiliging"),
    ("bedreiging_ambtsdrager", "Bedreiging van een ambtsdrager", "personele_beveiliging"),
    ("intimidatie", "Intimidatie", "personele_beveiliging"),
    ("inbraak", "Inbraak of een poging daartoe", "fysieke_beveiliging"),
    ("diefstal", "Diefstal", "fysieke_beveiliging"),
    ("vandalisme", "Vandalisme of vernieling", "fysieke_beveiliging"),
    ("datalek", "Datalek", "informatiebeveiliging"),
    ("phishing", "Phishing of andere misleiding", "informatiebeveiliging"),
    ("malware", "Malware of ransomware", "informatiebeveiliging"),
    ("integriteit", "Integriteitsschending", "integriteit"),
    ("verstoring", "Verstoring van de dienstverlening", "continuiteit"),
    ("overig", "Iets anders", ""),
)

# The kinds whose reports are data breaches: 72 hours to report them to the Autoriteit Persoonsgegevens.
MELDPLICHT = frozenset({"datalek"})
