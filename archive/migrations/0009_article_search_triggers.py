"""SQLite only: put back the triggers that keep the articles' word index current.

SQLite drops a table's triggers when Django rebuilds the table, and 0004 (the address
check) rebuilds `archive_article`: on a database that had the search index already
(conferences 0006), article search stopped seeing new and edited articles. The statements
are idempotent and refill the index (archive.lib.search.sqlite_fts_statements)."""

from django.db import migrations

from archive.lib.search import sqlite_fts_statements


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in sqlite_fts_statements("archive_article"):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_editors_delete_uncited_people"),
        ("conferences", "0006_search_vectors"),
    ]

    operations = [migrations.RunPython(restore_triggers, migrations.RunPython.noop)]
