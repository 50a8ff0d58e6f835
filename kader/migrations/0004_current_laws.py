"""The legal framework of versions still being worked on gets the current names of changed laws.

The Bouwbesluit 2012 and the Besluit omgevingsrecht were replaced on 1 January 2024 by the
Omgevingswet with the Besluit bouwwerken leefomgeving; Richtlijn (EU) 2016/1148 by NIS2 and the
Cyberbeveiligingswet. Adopted and expired versions keep what was adopted (they are frozen). Row-level
security is forced for the owner too, so each gemeente is bound in turn.
"""

from django.db import migrations

RENAMED = (
    # (old name, new name, what it replaced, why it matters)
    (
        "Bouwbesluit 2012",
        "Besluit bouwwerken leefomgeving (Bbl)",
        "Bouwbesluit 2012 (tot 1 januari 2024)",
        "Eisen aan de brandveiligheid van gebouwen en het gebruik ervan.",
    ),
    (
        "Besluit omgevingsrecht",
        "Omgevingswet en Omgevingsbesluit",
        "Besluit omgevingsrecht (tot 1 januari 2024)",
        "Vergunningen en meldingen voor brandveilig gebruik.",
    ),
    (
        "Richtlijn (EU) 2016/1148 (NIB)",
        "Richtlijn (EU) 2022/2555 (NIS2) en de Cyberbeveiligingswet",
        "Richtlijn (EU) 2016/1148 (NIB) en de Wet beveiliging netwerk- en informatiesystemen (Wbni)",
        "Zorgplicht en meldplicht voor de beveiliging van netwerk- en informatiesystemen.",
    ),
)

UPDATE = """
UPDATE kader_wetofnorm w SET naam = %s, vervangt = %s, toelichting = %s, version = w.version + 1
FROM kader_kaderversie v
WHERE w.versie_id = v.id AND v.status IN ('concept', 'ter_besluitvorming') AND w.naam = %s
  AND NOT EXISTS (SELECT 1 FROM kader_wetofnorm o WHERE o.versie_id = w.versie_id AND o.thema = w.thema AND o.naam = %s)
"""


def rename(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.platform', 'on', true)")
        cursor.execute("SELECT id FROM organisations_gemeente")
        gemeenten = [row[0] for row in cursor.fetchall()]
        for gemeente in gemeenten:
            cursor.execute("SELECT set_config('app.gemeente', %s, true)", [str(gemeente)])
            for old, new, vervangt, toelichting in RENAMED:
                cursor.execute(UPDATE, [new, vervangt, toelichting, old, new])
        cursor.execute("SELECT set_config('app.gemeente', '', true), set_config('app.platform', '', true)")


class Migration(migrations.Migration):
    dependencies = [("kader", "0003_onderdelen_regels"), ("organisations", "0001_initial")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
