"""Where a training took place: the province (as the archive names it) and the city.

The venue is what the report says: "tại Lai Châu", "ở Ninh Thuận", "tại thành phố Bến Tre,
tỉnh Bến Tre", "tại TP Đà Lạt (tỉnh Lâm Đồng)". Without one, the province whose story it is:
the headline's ("Hậu Giang: ..."), else the first province in the sentence that announces
the event, but never a participating one ("các tỉnh Lâm Đồng, Đà Nẵng, ...").
"""

import re

from archive.lib.text import fold

from .facts import Fact
from .vocab import CURRENT_PROVINCES, FORMER_PROVINCES, fold_keep

PLACES = {}
for _name, _aliases in FORMER_PROVINCES.items():
    for _spelling in [_name, *_aliases]:
        PLACES[fold(_spelling)] = _name
for _name in CURRENT_PROVINCES:
    PLACES.setdefault(fold(_name), _name)
_PLACE_RE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(PLACES, key=len, reverse=True)) + r")(?!\w)"
)
# Cities that are provinces themselves: "tại Thành phố Đà Nẵng" names the province.
PROVINCE_CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
# "Hồ Chí Minh" in full is the city only after "TP"/"Thành phố"; elsewhere it is the man's
# name in an institution's ("Học viện Chính trị quốc gia Hồ Chí Minh").
_CITY_WORD_BEFORE = re.compile(r"(?:TP\.?|[Tt]hành phố)\s*$")

# The venue phrase before a province: "tại Lai Châu", "ở tỉnh Ninh Thuận", "tại TP. Cần Thơ".
_VENUE_BEFORE = re.compile(r"\b(?:tại|ở)\s+(?:tỉnh\s+|[Tt]hành phố\s+|TP\.?\s*)?$")
# A city venue: "tại thành phố Bến Tre", "tại TP Đà Lạt".
_CITY_VENUE = re.compile(
    r"\b(?:tại|ở)\s+(?:[Tt]hành phố|TP\.?)\s*(?P<city>[A-ZĐ][^\W\d_]*(?:\s[A-ZĐ][^\W\d_]*){0,2})"
)
# The province printed after the city: "…Bến Tre, tỉnh Bến Tre", "…Đà Lạt (tỉnh Lâm Đồng)".
_PROVINCE_AFTER_CITY = re.compile(r"^\s*(?:,\s*|\(\s*)(?:tỉnh\s+)?")
# Provinces that take part rather than host: "các tỉnh Lâm Đồng, Đà Nẵng", "từ Quảng Bình
# trở ra phía Bắc".
_PARTICIPANTS_BEFORE = re.compile(r"(?:các tỉnh|các địa phương|\btừ)\s+(?:[^\s,.;]+\s+){0,1}$")
# A headline about a province: "Hậu Giang: ...", "Bình Định tổ chức ...", "Tỉnh X ...".
_HEADLINE_PLACE = re.compile(r"^(?:[Tt]ỉnh\s+|TP\.?\s*|[Tt]hành phố\s+)?(?=\S)")


def find_places(text):
    """[(start, end, canonical name)] for each province named in `text` (any case)."""
    folded = fold_keep(text)
    found = []
    for match in _PLACE_RE.finditer(folded):
        original = text[match.start() : match.end()]
        if not (original[:1].isupper() or original.startswith("TP")):
            continue
        name = PLACES[match.group(1)]
        spelled_out = fold(original) == "ho chi minh"
        if spelled_out and not _CITY_WORD_BEFORE.search(text[: match.start()]):
            continue
        found.append((match.start(), match.end(), name))
    return found


def is_place(name):
    return fold(name) in PLACES


def event_place(main, sentences, title):
    """(province Fact | None, city Fact | None) for the event."""
    ordered = ([main] if main else []) + [s for s in sentences if s is not main]
    city = province = None
    for sentence in ordered:
        city, province = _city_venue(sentence.text)
        if city:
            break
    province = province or _province_venue(ordered)
    if province is None and title:
        province = _headline_province(title)
    if province is None and main:
        province = _first_host_province(main.text)
    return province, city


def _city_venue(text):
    """(city Fact, province Fact | None) from "tại thành phố X[, tỉnh Y]"."""
    match = _CITY_VENUE.search(text)
    if not match:
        return None, None
    city, printed = match["city"], match.group().split(None, 1)[1]
    # "tại Thành phố Đà Nẵng", "tại TP.HCM": a city that is a province is the province.
    named = find_places(text[match.start() + match.group().index(printed) :])
    if named and named[0][0] == 0 and named[0][2] in PROVINCE_CITIES:
        return None, Fact(named[0][2], text, printed)
    if is_place(city) and PLACES[fold(city)] in PROVINCE_CITIES:
        return None, Fact(PLACES[fold(city)], text, printed)
    city_fact = Fact(city, text, printed)
    after = _PROVINCE_AFTER_CITY.match(text[match.end() :])
    if after:
        places = find_places(text[match.end() + after.end() :])
        if places and places[0][0] == 0:
            return city_fact, Fact(places[0][2], text, places[0][2])
    if is_place(city):  # "thành phố Bến Tre": the capital of the province of that name
        return city_fact, Fact(PLACES[fold(city)], text, city)
    return city_fact, None


def _province_venue(sentences):
    for sentence in sentences:
        text = sentence.text
        for start, _end, name in find_places(text):
            if _VENUE_BEFORE.search(text[max(0, start - 20) : start]):
                return Fact(name, text, name)
    return None


def _headline_province(title):
    start = _HEADLINE_PLACE.match(title).end()
    places = find_places(title[start:])
    if places and places[0][0] == 0:
        rest = title[start + places[0][1] :]
        if rest[:1] in (":", "-", "–", ",") or re.match(r"\s+[-–:]|\s+[^\W\d_A-ZĐ]", rest):
            return Fact(places[0][2], title, places[0][2])
    return None


def _first_host_province(text):
    """The first province named in the sentence that announces the event, unless it is one
    of the provinces taking part."""
    places = find_places(text)
    for i, (start, end, name) in enumerate(places):
        listed = (i + 1 < len(places) and places[i + 1][0] - end <= 2) or (
            i and start - places[i - 1][1] <= 2
        )
        if listed or _PARTICIPANTS_BEFORE.search(text[max(0, start - 30) : start]):
            continue
        return Fact(name, text, name)
    return None
