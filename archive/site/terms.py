"""What a search asks for: its words, and the phrases whose words must appear together and
in order — the quoted parts of the query, or the whole query when it is the name of a
person or an organisation in the archive ("nguyen van ky" is a name, not three words
anywhere in a text: "Nguyễn Thị…", "Phạm Văn…" and "cùng kỳ").

Used by the search page and by every list that takes `?q=`, so that both find the same rows.
"""

from dataclasses import dataclass

from archive.lib.search import has_phrase, query_words, quoted_phrases
from archive.lib.text import fold, strip_name_prefix
from people.models import Official, Organization

PHRASE_WINDOW = 2_000


@dataclass(frozen=True)
class Terms:
    query: str
    phrases: tuple = ()  # folded word tuples that must occur together, in order
    is_name: bool = False

    def search(self, queryset):
        """The rows of `queryset` (articles or conferences) that hold the query's words
        and every phrase of it.

        The word index has no positions, so a phrase is checked by reading the text: of
        the newest PHRASE_WINDOW rows holding the words, not of every one (PostgreSQL took
        a phrase for rare and read all 270,000 articles holding "cục", "đối" and "ngoại"
        at `large`, 5 s)."""
        matches = queryset.search(self.query, whole_words=self.finished)
        if not self.phrases:
            return matches
        newest = matches.order_by(*queryset.model._meta.ordering, "pk").values("pk")
        return self.narrow(queryset.filter(pk__in=newest[:PHRASE_WINDOW]))

    def narrow(self, queryset, text="search_text"):
        """`queryset` (rows matching the words) limited to rows holding every phrase."""
        for words in self.phrases:
            queryset = queryset.filter(has_phrase(words, text))
        return queryset

    @property
    def finished(self):
        """Whether the last word is complete (a name, or a closing quote), not the start
        of a word still being typed: fewer rows then hold the words."""
        return self.is_name or self.query.rstrip().endswith(('"', "”"))

    @property
    def whole_phrase(self):
        """The query's words together, for ranking rows that hold them so first; None for
        a query of one word."""
        words = tuple(query_words(self.query))
        return words if len(words) > 1 else None

    @property
    def highlighted(self):
        """The query as the highlight tag should read it: a name as one quoted phrase."""
        if self.is_name:
            return f'"{" ".join(self.phrases[0])}"'
        return self.query


def name_of(query):
    """The query read as a name: without a leading rank or honorific, folded."""
    return fold(strip_name_prefix(query))


def read(query, known_names=None):
    """The Terms of `query`. `known_names`: folded names already known to be names (the
    search page has just looked them up); otherwise the archive is asked."""
    phrases = quoted_phrases(query)
    if phrases:
        return Terms(query, tuple(phrases))
    name = name_of(query)
    words = tuple(query_words(name))
    if len(words) < 2:
        return Terms(query)
    if known_names is None:
        is_name = (
            Official.objects.public().filter(name_folded=name).exists()
            or Organization.objects.public().matching_name(name).exists()
        )
    else:
        is_name = name in known_names
    return Terms(query, (words,), True) if is_name else Terms(query)
