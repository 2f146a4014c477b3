"""Full-text search over the folded `search_text` of articles and conferences.

A query matches where all its words occur, each word whole except the last, which may be
the start of a word ("vinh phu" finds "Vĩnh Phúc", "d" finds "Đà Nẵng"); a word is a run of
letters and digits. Not a phrase: PostgreSQL's GIN index holds no word positions, and
checking them for common words ("hội nghị tập huấn năm 2019") read a row per candidate,
seconds at a million articles. PostgreSQL answers from a stored `search_vector` column (a generated
`to_tsvector('simple', …)` behind a GIN index), so no plan parses text per row; SQLite from
an FTS5 table. Both are created by conferences/migrations/0006_search_vectors.py.
"""

import re

from django.db import NotSupportedError
from django.db.models import BooleanField, F, Func, Q

from .text import fold

_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
MAX_WORDS = 12


def query_words(query):
    """The folded words of a query, as both backends split them."""
    return _WORD.findall(fold(query))[:MAX_WORDS]


def unquoted(query):
    """`query` without its quoted parts."""
    return _QUOTED.sub(" ", query)


def quoted_phrases(query):
    """The folded words of each quoted part of `query` that has two words or more."""
    phrases = (query_words(part) for part in _QUOTED.findall(query))
    return [tuple(words) for words in phrases if len(words) > 1]


def phrase_pattern(words):
    """A regular expression finding the folded `words` together, in order and whole, in
    folded text: the same syntax for PostgreSQL's `~` and Python's `re` (SQLite's REGEXP)."""
    joined = r"\s+".join(re.escape(word) for word in words)
    return rf"(^|[^a-z0-9]){joined}([^a-z0-9]|$)"


def has_phrase(words, text="search_text"):
    """A condition: the folded column `text` holds `words` together and in order. The word
    index has no positions; this reads the text, so apply it to rows already matched."""
    return Q(**{f"{text}__regex": phrase_pattern(words)})


class Matches(Func):
    """True where the model's folded text column matches `query` (see the module docstring).

    Filter with it directly: `Article.objects.filter(Matches("vinh phuc"))`. A query without
    words matches nothing.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, query, text="search_text", *, whole_words=False):
        super().__init__(F(text))
        self.words = query_words(query)
        # A finished query (a name, a quoted phrase) asks for its last word whole too.
        self.last_prefix = not whole_words

    def as_postgresql(self, compiler, connection):
        if not self.words:
            return "FALSE", []
        # The vector sits beside the text column, in the same (possibly joined) table.
        table = self.source_expressions[0].alias
        vector = f"{compiler.quote_name(table)}.{compiler.quote_name('search_vector')}"
        *whole, last = self.words
        tsquery = " & ".join([*whole, f"{last}:*" if self.last_prefix else last])
        return f"{vector} @@ to_tsquery('simple'::regconfig, %s)", [tsquery]

    def as_sqlite(self, compiler, connection):
        if not self.words:
            return "0 = 1", []
        column = self.source_expressions[0]
        model = column.target.model
        fts = f"{model._meta.db_table}_fts"
        pk = f"{compiler.quote_name(column.alias)}.{compiler.quote_name(model._meta.pk.column)}"
        *whole, last = self.words
        words = " ".join(
            [*(f'"{w}"' for w in whole), f'"{last}" *' if self.last_prefix else f'"{last}"']
        )
        return f"{pk} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)", [words]

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("Matches needs PostgreSQL or SQLite.")


def sqlite_fts_statements(table):
    """SQL for an FTS5 index of `table`.search_text, kept current by triggers, filled now."""
    fts = f"{table}_fts"
    delete = (
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
    )
    insert = f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text);"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text, "
        f"content='{table}', content_rowid='id', prefix='1 2')",  # fast "d", "ng"
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_text ON {table} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]
