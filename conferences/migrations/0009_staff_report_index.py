"""An index from which the staff report groups the published conferences by province and
year without reading their wide rows (text, search vectors): PostgreSQL reads it alone (an
index-only scan; run VACUUM ANALYZE on the table after a bulk load). Raw SQL because
SQLite takes no INCLUDE columns (and Django warns about them on every check): there they
are key columns."""

from django.db import migrations

COLUMNS = "attendees, attendees_qualifier, connection_points, scope, format"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        columns = f"province_id, start_date) INCLUDE (id, {COLUMNS}"
    else:
        columns = f"province_id, start_date, {COLUMNS}"  # the row id is in every index
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS conference_report ON conferences_conference ({columns}) "
        "WHERE status = 'published'"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS conference_report")


class Migration(migrations.Migration):
    dependencies = [("conferences", "0008_compact_search_vectors")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
