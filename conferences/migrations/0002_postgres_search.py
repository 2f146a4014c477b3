"""PostgreSQL only: trigram indexes so substring search on the folded columns uses an
index instead of scanning every row. SQLite searches the same columns without them."""

from django.db import migrations

TRIGRAM_INDEXES = {
    "archive_article_search_trgm": ("archive_article", "search_text"),
    "conferences_conference_search_trgm": ("conferences_conference", "search_text"),
    "conferences_topic_name_trgm": ("conferences_topic", "name_folded"),
    "people_official_name_trgm": ("people_official", "name_folded"),
    "people_organization_search_trgm": ("people_organization", "search_text"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, (table, column) in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("people", "0001_initial"),
        ("conferences", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
