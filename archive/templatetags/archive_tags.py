"""Template helpers for the public pages: figures, highlighted snippets and JSON-LD."""

import functools
import json
import re
import unicodedata

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import get_script_prefix
from django.utils import formats, numberformat, translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from archive.lib.search import query_words, quoted_phrases, unquoted
from archive.lib.text import fold, squash
from people.models import RANK_NAMES

register = template.Library()
CURSORS = ("after", "before")  # see archive.lib.pagination.paginate
PAGE_PARAMETERS = ("page", *CURSORS)

# Inside <script> a "</script>" or "<!--" in the data would end or confuse the element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def grouped(value):
    """3100 → "3.100" in Vietnamese, "3,100" in English (Django's vi locale has no grouping)."""
    if value is None or value == "":
        return ""
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR"),
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


@register.simple_tag
def figure(value, qualifier=""):
    """A reported number with its qualifier: "hơn 350", "khoảng 104", "3.100"."""
    if value is None:
        return ""
    number = grouped(value)
    if qualifier == "more_than":
        return _("hơn %(number)s") % {"number": number}
    if qualifier == "approx":
        return _("khoảng %(number)s") % {"number": number}
    return number


@register.simple_tag(takes_context=True)
def page_json_ld(context, site_name):
    """The page's schema.org data (`json_ld` in the context), or the WebSite by default."""
    data = context.get("json_ld") or {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": str(site_name),
        "url": context["request"].build_absolute_uri("/"),
    }
    return json_ld(data)


def json_ld(data):
    """A schema.org <script type="application/ld+json"> block, safe to embed in HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return mark_safe(
        '<script type="application/ld+json">' + text.translate(_SCRIPT_ESCAPES) + "</script>"
    )


def _letter_variants():
    """{"a": "aàáảãạăằ…", "d": "dđ", …}: every precomposed Latin letter, by the ASCII
    letter it folds to."""
    variants = {}
    for code in range(0xC0, 0x1F00):
        char = chr(code)
        base = fold(char)
        if char.isalpha() and char.islower() and len(base) == 1 and base.isascii():
            variants.setdefault(base, base)
            variants[base] += char
    return {base: f"[{chars}]" for base, chars in variants.items()}


_VARIANTS = _letter_variants()


def _spelled(word):
    """A folded word as a pattern matching any accented spelling of it."""
    return "".join(_VARIANTS.get(c, re.escape(c)) for c in word)


@functools.lru_cache(maxsize=512)
def _query_pattern(query):
    """A regular expression for `query` in unfolded text, as search matches it (archive.lib
    .search): each quoted phrase as a whole; the other words at the start of a word, whole
    except the last — preferring all of them together, in order, where they are."""
    phrases = quoted_phrases(query)
    loose = query_words(unquoted(query))
    end = "(?![^\\W_])"
    alternatives = [r"\s+".join(_spelled(w) for w in phrase) + end for phrase in phrases]
    if loose:
        *whole, last = loose
        if whole and not phrases:
            together = [_spelled(w) for w in whole] + [_spelled(last)]
            alternatives.append(r"\s+".join(together[:-1]) + end + r"\s+" + together[-1])
        alternatives += [f"{_spelled(w)}{end}" for w in whole] + [_spelled(last)]
    if not alternatives:
        return None
    return re.compile(f"(?<![^\\W_])(?:{'|'.join(alternatives)})", re.IGNORECASE)


@register.simple_tag
def highlight(text, query, width=0):
    """`text` with every accent-insensitive match of `query`'s words wrapped in <mark>
    (neighbouring words in one).

    With `width`, only an excerpt of about that many characters around the first match.
    """
    text = unicodedata.normalize("NFC", str(text or ""))
    pattern = _query_pattern(query or "")
    spans = []
    for match in pattern.finditer(text) if pattern else ():
        if spans and not text[spans[-1][1] : match.start()].strip():
            spans[-1] = (spans[-1][0], match.end())
        else:
            spans.append(match.span())
    lo, hi = 0, len(text)
    if width and len(text) > width:
        centre = spans[0][0] if spans else 0
        lo = max(0, centre - width // 3)
        hi = min(len(text), lo + width)
        if lo and " " in text[lo:centre]:
            lo = text.index(" ", lo) + 1
        if hi < len(text) and " " in text[centre:hi]:
            hi = text.rindex(" ", centre, hi)
    parts, cursor = [], lo
    for span_start, span_end in spans:
        if span_start < cursor or span_end > hi:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:hi]))
    prefix = "… " if lo else ""
    suffix = " …" if hi < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


@register.filter
def nfc(value):
    """Composed Unicode (Django's own "Tiếng Việt" label comes decomposed)."""
    return unicodedata.normalize("NFC", str(value))


@register.filter
def get_param(mapping, key):
    """`request.GET|get_param:name`: a value looked up by a variable key."""
    return mapping.get(key, "")


@register.simple_tag(takes_context=True)
def query_without(context, *names):
    """The current query string without the given parameters (and without `page` and the
    page cursors)."""
    params = context["request"].GET.copy()
    for name in (*names, *PAGE_PARAMETERS):
        params.pop(name, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_with(context, **values):
    """The current query string with the given parameters replaced; the page cursors,
    which belong to one page of one list, go unless given."""
    params = context["request"].GET.copy()
    for name in CURSORS:
        params.pop(name, None)
    for name, value in values.items():
        params[name] = value
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def in_language(context, language, with_query=True):
    """This page's address in `language`: English under /en/, Vietnamese unprefixed (the
    paths are otherwise the same), with the query string unless `with_query` is false."""
    request = context["request"]
    path = request.path_info
    if current := translation.get_language_from_path(path):
        path = path[len(current) + 1 :] or "/"
    if language != settings.LANGUAGE_CODE:
        path = f"/{language}{path}"
    query = request.META.get("QUERY_STRING", "") if with_query else ""
    return get_script_prefix().rstrip("/") + path + (f"?{query}" if query else "")


def _english_of(obj, field):
    """The editors' English for `obj.<field>` on an English page, else None."""
    if translation.get_language() != "en":
        return None
    return getattr(obj, f"{field}_en", "") or None


@register.simple_tag
def localized(obj, field="name"):
    """`obj.<field>` in the page's language: on English pages the editors' English
    (`<field>_en`) where there is one, else the Vietnamese original marked lang="vi"."""
    english = _english_of(obj, field)
    if english:
        return english
    original = getattr(obj, field)
    if translation.get_language() == "vi":
        return original
    return format_html('<span lang="vi">{}</span>', original)


@register.simple_tag
def original(obj, field="name", element="p"):
    """On an English page showing the editors' English, the Vietnamese original beside it."""
    if not _english_of(obj, field):
        return ""
    return format_html(
        '<{} class="original" lang="vi"><span class="visually-hidden">{}</span>{}</{}>',
        element,
        _("Nguyên văn tiếng Việt:"),
        getattr(obj, field),
        element,
    )


@register.filter
def differs(printed, name):
    """Whether the words an article printed differ from the record's name other than by
    capitals or spacing (then the page quotes them)."""
    return squash(str(printed)).casefold() != squash(str(name)).casefold()


@register.filter
def rank(value):
    """A rank as printed, in the page's language (the ranks are a fixed vocabulary); an
    unknown one stays Vietnamese, marked as such on English pages."""
    if translation.get_language() == "vi" or not value:
        return value
    if fold(value) in RANK_NAMES:
        return str(RANK_NAMES[fold(value)])
    return format_html('<span lang="vi">{}</span>', value)


@register.filter
def page_numbers(page, around=2):
    """The page numbers a pager offers: the first, the last, and `around` on each side of
    the current page, with None where numbers are left out."""
    last, current = page.paginator.num_pages, page.number
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    numbers = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers
