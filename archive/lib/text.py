"""Vietnamese-aware text helpers shared by models, search and the importer."""

import hashlib
import re
import unicodedata

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")
# Ranks and honorifics that precede a name and must not affect a name search.
NAME_PREFIXES = (
    "đại tướng",
    "thượng tướng",
    "trung tướng",
    "thiếu tướng",
    "đại tá",
    "thượng tá",
    "trung tá",
    "thiếu tá",
    "đồng chí",
    "ông",
    "bà",
    "anh",
    "chị",
)


def nfc(text):
    return unicodedata.normalize("NFC", text or "")


def squash(text):
    """Collapse every run of whitespace (including NBSP) into one space."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text):
    """Lowercase, remove diacritics (đ→d) and collapse spaces: the search key.

    NFD input and either tone-mark placement ("Hòa"/"Hoà") fold alike.
    """
    text = unicodedata.normalize("NFKD", (text or "").translate(_D_MAP))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text.casefold()).strip()


def vi_slugify(text):
    """ASCII slug: "Nguyễn Văn Kỷ" → "nguyen-van-ky", "Đắk Lắk" → "dak-lak"."""
    return slugify(fold(text))


def strip_name_prefix(text):
    """Drop a leading rank or honorific: "Thiếu tướng Nguyễn Văn Kỷ" → "Nguyễn Văn Kỷ"."""
    text = squash(text)
    folded_prefixes = sorted((fold(p) for p in NAME_PREFIXES), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for prefix in folded_prefixes:
            if fold(text).startswith(prefix + " "):
                text = text[len(prefix) + 1 :].lstrip()
                changed = True
                break
    return text


def name_sort_key(full_name):
    """Vietnamese directories sort by the given name (the last word), then the rest."""
    words = fold(full_name).split()
    if not words:
        return ""
    return " ".join([words[-1], *words[:-1]])


_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+)(?![\d]|[.,]\d)")


def numbers_as_printed(text):
    """[(as printed, value)] for the whole numbers in `text`, Vietnamese style (a dot or a
    comma groups thousands): "hơn 1.200 người tại 63 điểm cầu" → [("1.200", 1200), ("63", 63)]."""
    return [(number, int(re.sub(r"[.,]", "", number))) for number in _NUMBER.findall(text or "")]


def printed_numbers(text):
    """The values of `numbers_as_printed(text)`: "3.100 đại biểu" → [3100]."""
    return [value for _printed, value in numbers_as_printed(text)]


def passage_anchor(passage):
    """A stable HTML id for a quoted passage: "passage-" and a digest of its words, so that
    every fact quoting the same words points at the same place in the article."""
    digest = hashlib.sha256(squash(passage).encode()).hexdigest()[:12]
    return f"passage-{digest}"
