"""The kader's own Word template moves to documents.Sjabloon (soort "kader"), with its history.

Rows keep their id, version, dates and uploader; the history rows of kader_kadersjabloonevent
are copied in their order (pgh_id), so the history of every template stays complete. The copy
runs as the owner role: row-level security is lifted for the four tables while it runs (it is
FORCEd on gemeente tables, for the owner too) and history triggers are off, so the copy itself
is not recorded as a new upload. lib.tenancy installs the policies again after migrate.
"""

from django.db import migrations

_TABLES = ("kader_kadersjabloon", "kader_kadersjabloonevent", "documents_sjabloon", "documents_sjabloonevent")
_OPEN = [f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY" for table in _TABLES]
_CLOSE = [f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY" for table in _TABLES]
# Django's foreign keys are checked at commit; a table with checks pending cannot be altered, so
# they are checked now, before the history triggers are switched on again.
_CHECKED_ENABLE = [
    "SET CONSTRAINTS ALL IMMEDIATE",
    "ALTER TABLE documents_sjabloon ENABLE TRIGGER USER",
    "SET CONSTRAINTS ALL DEFERRED",
]

FORWARD = [
    *_OPEN,
    "ALTER TABLE documents_sjabloon DISABLE TRIGGER USER",
    "INSERT INTO documents_sjabloon (id, version, gemeente_id, created_at, updated_at, bestandsnaam, grootte, geupload_door_id, soort, bestand) SELECT id, version, gemeente_id, created_at, updated_at, bestandsnaam, grootte, geupload_door_id, 'kader', bestand FROM kader_kadersjabloon",
    "INSERT INTO documents_sjabloonevent (pgh_created_at, pgh_label, pgh_obj_id, pgh_context, pgh_context_id, id, version, gemeente_id, created_at, updated_at, bestandsnaam, grootte, geupload_door_id, soort) SELECT pgh_created_at, pgh_label, pgh_obj_id, pgh_context, pgh_context_id, id, version, gemeente_id, created_at, updated_at, bestandsnaam, grootte, geupload_door_id, 'kader' FROM kader_kadersjabloonevent ORDER BY pgh_id",
    *_CHECKED_ENABLE,
    *_CLOSE,
]

BACKWARD = [
    # The foreign keys of the recreated kader tables are added at the end of this migration and
    # check every row then; the gemeente registry shows its rows to the platform setting only.
    "SELECT set_config('app.platform', 'on', true)",
    *_OPEN,
    "ALTER TABLE kader_kadersjabloon DISABLE TRIGGER USER",
    "ALTER TABLE documents_sjabloon DISABLE TRIGGER USER",
    "INSERT INTO kader_kadersjabloon (id, version, gemeente_id, created_at, updated_at, bestandsnaam, grootte, geupload_door_id, bestand) SELECT id, version, gemeente_id, created_at, updated_at, bestandsnaam, grootte, geupload_door_id, bestand FROM documents_sjabloon WHERE soort = 'kader'",
    "INSERT INTO kader_kadersjabloonevent (pgh_created_at, pgh_label, pgh_obj_id, pgh_context, pgh_context_id, id, version, gemeente_id, created_at, updated_at, bestandsnaam, grootte, geupload_door_id) SELECT pgh_created_at, pgh_label, pgh_obj_id, pgh_context, pgh_context_id, id, version, gemeente_id, created_at, updated_at, bestandsnaam, grootte, geupload_door_id FROM documents_sjabloonevent WHERE soort = 'kader' ORDER BY pgh_id",
    "DELETE FROM documents_sjabloonevent WHERE soort = 'kader'",
    "DELETE FROM documents_sjabloon WHERE soort = 'kader'",
    "SET CONSTRAINTS ALL IMMEDIATE",
    "ALTER TABLE documents_sjabloon ENABLE TRIGGER USER",
    "ALTER TABLE kader_kadersjabloon ENABLE TRIGGER USER",
    "SET CONSTRAINTS ALL DEFERRED",
    *_CLOSE,
]


class Migration(migrations.Migration):
    dependencies = [
        ("kader", "0004_current_laws"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.RemoveField(
            model_name="kadersjabloonevent",
            name="pgh_obj",
        ),
        migrations.RemoveField(
            model_name="kadersjabloonevent",
            name="gemeente",
        ),
        migrations.RemoveField(
            model_name="kadersjabloonevent",
            name="geupload_door",
        ),
        migrations.DeleteModel(
            name="KaderSjabloon",
        ),
        migrations.DeleteModel(
            name="KaderSjabloonEvent",
        ),
    ]
