"""Full-text search over the folded `search_text` of articles and conferences.

A query matches where its words occur in order, each word whole except the last, which may
be the start of a word ("vinh phu" finds "Vĩnh Phúc", "d" finds "Đà Nẵng"). PostgreSQL
answers from a stored `search_vector` column (`to_tsvector('simple', search_text)`, a
generated column behind a GIN index, added by the migrations), so no plan parses text per
row. SQLite applies the same rule as a regular expression, after a LIKE that lets it skip
most rows cheaply.
"""

import re

from django.db.models import BooleanField, F, Func

from .text import fold

_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 12


def query_words(query):
    """The folded words of a query, as both backends split them."""
    return _WORD.findall(fold(query))[:MAX_WORDS]


class Matches(Func):
    """True where the model's folded text column matches `query` (see the module docstring).

    Filter with it directly: `Article.objects.filter(Matches("vinh phuc"))`. A query without
    words matches nothing.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, query, text="search_text"):
        super().__init__(F(text))
        self.words = query_words(query)

    def as_postgresql(self, compiler, connection):
        if not self.words:
            return "FALSE", []
        # The vector sits beside the text column, in the same (possibly joined) table.
        table = self.source_expressions[0].alias
        vector = f"{compiler.quote_name(table)}.{compiler.quote_name('search_vector')}"
        *whole, last = self.words
        tsquery = " <-> ".join([*whole, f"{last}:*"])
        return f"{vector} @@ to_tsquery('simple'::regconfig, %s)", [tsquery]

    def as_sql(self, compiler, connection, **extra):
        if not self.words:
            return "0 = 1", []
        text, params = compiler.compile(self.source_expressions[0])
        longest = max(self.words, key=len)
        pattern = r"(?<![^\W_])" + r"[\W_]+".join(self.words)
        return (
            f"({text} LIKE %s AND {text} REGEXP %s)",
            [*params, f"%{longest}%", *params, pattern],
        )
