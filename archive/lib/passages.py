"""Quoted passages marked in the text they quote: what a citation's "Nguồn" link lands on."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import passage_anchor, squash


class PassageMarker:
    """Marks each passage where it first occurs in the texts given to `mark()`, in page
    order: `<mark class="passage" id="passage-…">`. Overlapping passages share one <mark>;
    each passage after the first gets an empty anchor where it starts."""

    def __init__(self, passages):
        self.passages = {passage_anchor(p): squash(p) for p in passages if squash(p)}
        self.placed = set()

    def mark(self, text):
        text = squash(text)
        spans = []
        for anchor, passage in self.passages.items():
            start = text.find(passage) if anchor not in self.placed else -1
            if start >= 0:
                spans.append((start, start + len(passage), anchor))
                self.placed.add(anchor)
        spans.sort()
        parts, cursor, i = [], 0, 0
        while i < len(spans):
            start, end, anchor = spans[i]
            starts = []
            i += 1
            while i < len(spans) and spans[i][0] < end:
                starts.append((spans[i][0], spans[i][2]))
                end = max(end, spans[i][1])
                i += 1
            parts.append(escape(text[cursor:start]))
            inner, position = [], start
            for nested_start, nested_anchor in starts:
                inner.append(escape(text[position:nested_start]))
                inner.append(f'<span class="passage-anchor" id="{nested_anchor}"></span>')
                position = nested_start
            inner.append(escape(text[position:end]))
            parts.append(f'<mark class="passage" id="{anchor}">{"".join(inner)}</mark>')
            cursor = end
        parts.append(escape(text[cursor:]))
        return mark_safe("".join(parts))

    def unplaced(self):
        """[(anchor, passage)] for the passages found in none of the texts marked so far
        (quoted from the saved page, beside the article's text)."""
        return [(a, p) for a, p in self.passages.items() if a not in self.placed]
