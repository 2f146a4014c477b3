"""fixtures/provinces.json against the brief (docs/domain.md) and the `vietnam_provinces` package.

Pure JSON checks: no database needed.
"""

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from vietnam_provinces import Province as PackageProvince
from vietnam_provinces import VietNamDivisionType
from vietnam_provinces.legacy import Province as LegacyPackageProvince

from archive.lib.text import fold, vi_slugify
from archive.models import Province, Region

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "provinces.json"
KEYS = [
    "slug",
    "name",
    "full_name",
    "code",
    "kind",
    "region",
    "valid_from",
    "valid_until",
    "successor",
    "aliases",
]

# The spec, copied from the brief ("Provinces, and the 2025 merger").
UNCHANGED = {
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
}
# Units the merger left whole but that became centrally-run cities: like a merged unit
# that kept its name, the earlier status is its own record ("quang-ninh-cu", a province),
# so that a conference points to the unit as it was on its day.
KIND_CHANGED = {"Quảng Ninh"}
# Thừa Thiên Huế became the city of Huế in January 2025 (docs/domain.md), before
# the merger: its own record ends on 31 December 2024, and Huế's begins the next day.
HUE_CHANGE = {"thua-thien-hue": (None, "2024-12-31"), "hue": ("2025-01-01", None)}
MERGED = {
    "Tuyên Quang": {"Hà Giang", "Tuyên Quang"},
    "Lào Cai": {"Yên Bái", "Lào Cai"},
    "Thái Nguyên": {"Bắc Kạn", "Thái Nguyên"},
    "Phú Thọ": {"Vĩnh Phúc", "Hòa Bình", "Phú Thọ"},
    "Bắc Ninh": {"Bắc Giang", "Bắc Ninh"},
    "Hưng Yên": {"Thái Bình", "Hưng Yên"},
    "Hải Phòng": {"Hải Dương", "Hải Phòng"},
    "Ninh Bình": {"Hà Nam", "Ninh Bình", "Nam Định"},
    "Quảng Trị": {"Quảng Bình", "Quảng Trị"},
    "Đà Nẵng": {"Quảng Nam", "Đà Nẵng"},
    "Quảng Ngãi": {"Kon Tum", "Quảng Ngãi"},
    "Gia Lai": {"Gia Lai", "Bình Định"},
    "Khánh Hòa": {"Ninh Thuận", "Khánh Hòa"},
    "Lâm Đồng": {"Lâm Đồng", "Đắk Nông", "Bình Thuận"},
    "Đắk Lắk": {"Đắk Lắk", "Phú Yên"},
    "Hồ Chí Minh": {"Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"},
    "Đồng Nai": {"Đồng Nai", "Bình Phước"},
    "Tây Ninh": {"Tây Ninh", "Long An"},
    "Cần Thơ": {"Cần Thơ", "Sóc Trăng", "Hậu Giang"},
    "Vĩnh Long": {"Bến Tre", "Vĩnh Long", "Trà Vinh"},
    "Đồng Tháp": {"Tiền Giang", "Đồng Tháp"},
    "Cà Mau": {"Bạc Liêu", "Cà Mau"},
    "An Giang": {"An Giang", "Kiên Giang"},
}
FORMER_CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
# The brief's six, plus the three that the package's official data (2026-09) lists as
# centrally-run cities ("Thành phố Quảng Ninh", "Thành phố Bắc Ninh", "Thành phố Đồng Nai").
CURRENT_CITIES = FORMER_CITIES | {"Huế", "Quảng Ninh", "Bắc Ninh", "Đồng Nai"}
# Vietnam's six socio-economic regions before the merger (provinces per region).
FORMER_REGION_SIZES = {
    "northern-midlands": 14,
    "red-river-delta": 11,
    "north-central": 14,
    "central-highlands": 5,
    "southeast": 6,
    "mekong-delta": 13,
}


def _short(official_name):
    return official_name.removeprefix("Thành phố ").removeprefix("Tỉnh ")


@pytest.fixture(scope="module")
def text():
    return FIXTURE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def records(text):
    return json.loads(text)


@pytest.fixture(scope="module")
def by_slug(records):
    return {r["slug"]: r for r in records}


@pytest.fixture(scope="module")
def former(records):
    """The 63 units in force on 30 June 2025."""
    return [
        r
        for r in records
        if (r["valid_from"] or "") < "2025-07-01" and (r["valid_until"] or "9") >= "2025-06-30"
    ]


@pytest.fixture(scope="module")
def current(records):
    return [r for r in records if r["valid_until"] is None]


@pytest.fixture(scope="module")
def merged_away(records):
    return [r for r in records if r["valid_until"] is not None]


def test_counts(records, former, current, merged_away):
    assert len(records) == 88
    assert len(former) == 63
    assert len(current) == 34
    assert len(merged_away) == 54
    assert len([r for r in current if r["valid_from"] == "2025-07-01"]) == 24


def test_file_format(text, records):
    assert [list(r) for r in records] == [KEYS] * len(records)
    assert [r["slug"] for r in records] == sorted(r["slug"] for r in records)
    assert text == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def test_field_values_are_valid_choices(records):
    for r in records:
        assert r["kind"] in Province.Kind.values, r["slug"]
        assert r["region"] in Region.values, r["slug"]
        prefix = "Thành phố" if r["kind"] == "city" else "Tỉnh"
        assert r["full_name"] == f"{prefix} {r['name']}", r["slug"]
        if r["slug"] in HUE_CHANGE:
            assert (r["valid_from"], r["valid_until"]) == HUE_CHANGE[r["slug"]]
            continue
        assert r["valid_from"] in (None, "2025-07-01"), r["slug"]
        assert r["valid_until"] in (None, "2025-06-30"), r["slug"]
        assert (r["valid_until"] is None) == (r["successor"] is None), r["slug"]


def test_strings_are_nfc(records):
    for r in records:
        for value in [r["name"], r["full_name"], *r["aliases"]]:
            assert unicodedata.is_normalized("NFC", value), (r["slug"], value)


def test_unchanged_units_are_one_record_valid_throughout(records):
    throughout = [r for r in records if r["valid_from"] is None and r["valid_until"] is None]
    assert {r["name"] for r in throughout} == UNCHANGED - KIND_CHANGED - {"Huế"}
    assert len(throughout) == len(UNCHANGED - KIND_CHANGED - {"Huế"})
    assert all(r["successor"] is None for r in throughout)


def test_units_whose_kind_changed_keep_their_earlier_status(by_slug):
    """A unit that is a city today but was a province before has a record for each status
    (as Bắc Ninh and Đồng Nai, merged, have)."""
    for name in KIND_CHANGED | {"Bắc Ninh", "Đồng Nai"}:
        slug = vi_slugify(name)
        earlier, today = by_slug[f"{slug}-cu"], by_slug[slug]
        assert (earlier["kind"], earlier["full_name"]) == ("province", f"Tỉnh {name}")
        assert (today["kind"], today["full_name"]) == ("city", f"Thành phố {name}")
        assert earlier["successor"] == slug


def test_hue(by_slug):
    hue, earlier = by_slug["hue"], by_slug["thua-thien-hue"]
    assert (hue["name"], hue["full_name"], hue["kind"]) == ("Huế", "Thành phố Huế", "city")
    assert (earlier["full_name"], earlier["kind"]) == ("Tỉnh Thừa Thiên Huế", "province")
    assert earlier["successor"] == "hue" and earlier["code"] == hue["code"]
    # An article that still says "Thừa Thiên Huế" after 2024 means the city.
    assert "Thừa Thiên Huế" in hue["aliases"] and "Thừa Thiên - Huế" in earlier["aliases"]


def test_successors_exist_and_are_current(by_slug, merged_away):
    for r in merged_away:
        successor = by_slug[r["successor"]]
        assert successor["valid_until"] is None, r["slug"]
        expected = "2025-01-01" if r["slug"] == "thua-thien-hue" else "2025-07-01"
        assert successor["valid_from"] == expected, r["slug"]


def test_mapping_matches_the_brief(current, merged_away, by_slug):
    new_units = {r["name"]: r["slug"] for r in current if r["valid_from"] == "2025-07-01"}
    assert set(new_units) == set(MERGED) | KIND_CHANGED
    for name, components in MERGED.items():
        predecessors = {r["name"] for r in merged_away if r["successor"] == new_units[name]}
        assert predecessors == components, name


def test_seed_provinces_map_to_their_successors(by_slug):
    assert by_slug["vinh-phuc"]["successor"] == "phu-tho"
    assert by_slug["hoa-binh"]["successor"] == "phu-tho"
    assert by_slug["phu-tho-cu"]["successor"] == "phu-tho"
    assert by_slug["binh-dinh"]["successor"] == "gia-lai"


def test_slugs_are_unique_and_follow_the_rule(records, by_slug):
    assert len(by_slug) == len(records)
    for r in records:
        expected = vi_slugify(r["name"])
        if r["successor"] and by_slug[r["successor"]]["name"] == r["name"]:
            expected += "-cu"
        assert r["slug"] == expected
    assert {"phu-tho-cu", "ho-chi-minh-cu", "vinh-phuc", "ba-ria-vung-tau"} <= set(by_slug)


def test_current_units_agree_with_vietnam_provinces(current):
    package = {f"{p.code.value:02d}": p for p in PackageProvince.iter_all()}
    assert {r["code"] for r in current} == set(package)
    for r in current:
        official = package[r["code"]]
        assert r["full_name"] == official.name
        assert r["name"] == _short(official.name)
        is_city = official.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG
        assert (r["kind"] == "city") == is_city, r["slug"]


def test_former_codes_agree_with_the_packages_legacy_data(former):
    legacy = {f"{p.code.value:02d}": p for p in LegacyPackageProvince.iter_all()}
    assert {r["code"] for r in former} == set(legacy)
    for r in former:
        # The package writes "Hoà Bình"; fold() treats both tone placements alike.
        assert fold(r["name"]) == fold(_short(legacy[r["code"]].name)), r["slug"]


def test_successors_agree_with_the_packages_conversion(merged_away, by_slug):
    for r in merged_away:
        targets = PackageProvince.search_from_legacy(code=int(r["code"]))
        codes = {f"{t.province.code.value:02d}" for t in targets}
        assert by_slug[r["successor"]]["code"] in codes, r["slug"]


def test_kinds(merged_away, current):
    # A merged-away record keeps its kind before the merger; Hà Nội is unchanged (current).
    assert {r["name"] for r in merged_away if r["kind"] == "city"} == FORMER_CITIES - {"Hà Nội"}
    assert {r["name"] for r in current if r["kind"] == "city"} == CURRENT_CITIES


def test_regions(former, merged_away, by_slug):
    assert Counter(r["region"] for r in former) == FORMER_REGION_SIZES
    assert by_slug["ha-noi"]["region"] == "red-river-delta"
    assert by_slug["bac-giang"]["region"] == "northern-midlands"
    # Resolution 81/2023/QH15 and the statistics office count Quảng Ninh in the delta.
    assert by_slug["quang-ninh"]["region"] == "red-river-delta"
    assert by_slug["binh-thuan"]["region"] == "north-central"
    assert by_slug["ninh-thuan"]["region"] == "north-central"
    assert by_slug["lam-dong-cu"]["region"] == "central-highlands"
    # A merged unit takes the region of the component whose name it kept.
    for r in merged_away:
        successor = by_slug[r["successor"]]
        if successor["name"] == r["name"]:
            assert successor["region"] == r["region"], successor["slug"]


def test_aliases(by_slug):
    assert by_slug["ho-chi-minh"]["aliases"] == [
        "TP.HCM",
        "TP. Hồ Chí Minh",
        "Thành phố Hồ Chí Minh",
        "Sài Gòn",
    ]
    assert by_slug["ha-noi"]["aliases"] == ["TP. Hà Nội"]
    assert by_slug["ba-ria-vung-tau"]["aliases"] == ["Bà Rịa–Vũng Tàu", "BR-VT"]
