"""The word indexes behind archive.lib.search.Matches, one per database.

PostgreSQL: each searchable table gets `search_vector`, a generated column holding
`to_tsvector('simple', …)` of its folded `search_text` with every run of non-alphanumerics
turned into one space (so that both databases split words alike), and a GIN index on it.
The trigram indexes on those two `search_text` columns served substring search and go.

SQLite: each gets an FTS5 table `<table>_fts` over `search_text` (external content, the
unicode61 tokenizer), kept up to date by triggers.

Django's models do not declare either: the database maintains them on every write, and
no query but Matches reads them. SQLite drops a table's triggers when Django rebuilds the
table (some later AlterField): a migration that does so must run
`sqlite_fts_statements` again; tests/archive/test_search.py checks the triggers exist.
"""

from django.db import migrations

from archive.lib.search import sqlite_fts_statements

TABLES = ["archive_article", "conferences_conference"]
VECTOR = (
    "to_tsvector('simple'::regconfig, regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g'))"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            for sql in sqlite_fts_statements(table):
                schema_editor.execute(sql)
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
                f"GENERATED ALWAYS AS ({VECTOR}) STORED"
            )
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_vector ON {table} "
                "USING gin (search_vector)"
            )
            # The table was rewritten: the planner needs the new column's word statistics.
            schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            for suffix in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")
        elif vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} "
                "USING gin (search_text gin_trgm_ops)"
            )


class Migration(migrations.Migration):
    dependencies = [("conferences", "0005_listing_indexes")]

    operations = [migrations.RunPython(create, drop)]
