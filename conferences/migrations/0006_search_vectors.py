"""PostgreSQL only: the stored search vectors behind archive.search.Matches.

Each searchable table gets `search_vector`, a generated column holding
`to_tsvector('simple', …)` of its folded `search_text` with every run of non-alphanumerics
turned into one space (so both backends split words alike), and a GIN index on it. The
trigram indexes on those two `search_text` columns served substring search and go.
Django's models do not declare the column: PostgreSQL fills it on every write, and no query
but Matches reads it.
"""

from django.db import migrations

TABLES = ["archive_article", "conferences_conference"]
VECTOR = (
    "to_tsvector('simple'::regconfig, regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g'))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS ({VECTOR}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_vector ON {table} "
            "USING gin (search_vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} "
            "USING gin (search_text gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("conferences", "0005_listing_indexes")]

    operations = [migrations.RunPython(create, drop)]
