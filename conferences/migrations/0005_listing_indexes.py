"""Indexes in the public lists' sort order, for published rows only, so a page of the
newest conferences or articles (filtered by outlet or not) is read straight off an index.
Raw SQL because Django's Index cannot say NULLS LAST, which SQLite does not accept."""

from django.db import migrations

INDEXES = {
    "archive_article_listing": (
        "archive_article",
        "outlet_published_at DESC{nulls}, title, id",
    ),
    "archive_article_outlet_listing": (
        "archive_article",
        "outlet_id, outlet_published_at DESC{nulls}, title, id",
    ),
    "conferences_conference_listing": (
        "conferences_conference",
        # The list breaks ties by folded text, too long for a B-tree entry: an
        # incremental sort finishes the order.
        "start_date DESC{nulls}, id",
    ),
}


def create(apps, schema_editor):
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    for name, (table, columns) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns.format(nulls=nulls)}) "
            "WHERE status = 'published'"
        )


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_roles"),
        ("conferences", "0004_topic_updated_at"),
    ]

    operations = [migrations.RunPython(create, drop)]
