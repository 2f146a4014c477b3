"""PostgreSQL: `search_vector` without word positions (`strip`), kept in the row.

Nothing reads the positions (search asks for all words in any order, no phrase, no
ts_rank), and with them an article's vector was 2.3 kB, stored out of line: a search
that walks the newest articles checking each vector read the TOAST table for every row
(330 ms for "hội nghị tập huấn năm 2019"). Stripped, it is half that, and STORAGE MAIN
keeps it in the row while the long text columns move out of line. The column is added
and given MAIN in one ALTER TABLE, so the table is rewritten once, already with MAIN.
(The GIN index goes with the dropped column.)
SQLite's FTS5 tables are untouched.
"""

from django.db import migrations

TABLES = ["archive_article", "conferences_conference"]
WORDS = "regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g')"


def vector_sql(table, vector, storage):
    return [
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({vector}) STORED, "
        f"ALTER COLUMN search_vector SET STORAGE {storage}",
        f"CREATE INDEX {table}_search_vector ON {table} USING gin (search_vector)",
        f"ANALYZE {table}",
    ]


def strip_positions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            for sql in vector_sql(table, f"strip(to_tsvector('simple'::regconfig, {WORDS}))", "MAIN"):
                schema_editor.execute(sql)


def keep_positions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            for sql in vector_sql(table, f"to_tsvector('simple'::regconfig, {WORDS})", "EXTENDED"):
                schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("conferences", "0007_admin_indexes")]

    operations = [migrations.RunPython(strip_positions, keep_positions)]
