"""Indexes in the admin change lists' order over whole tables, drafts included (0005's
cover published rows only): the admin reads a page's ids straight off them, at any
depth, as an index-only scan. Raw SQL for NULLS LAST, as in 0005."""

from django.db import migrations

INDEXES = {
    "archive_article_admin": ("archive_article", "outlet_published_at DESC{nulls}, title, id"),
    "archive_article_outlet_admin": (
        "archive_article",
        "outlet_id, outlet_published_at DESC{nulls}, title, id",
    ),
    "conferences_conference_admin": ("conferences_conference", "start_date DESC{nulls}, id"),
}


def create(apps, schema_editor):
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    for name, (table, columns) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns.format(nulls=nulls)})"
        )


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("conferences", "0006_search_vectors")]

    operations = [migrations.RunPython(create, drop)]
