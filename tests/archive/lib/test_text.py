import unicodedata

import pytest

from archive.lib.text import fold, name_sort_key, strip_name_prefix, vi_slugify


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vĩnh Phúc", "vinh phuc"),
        ("Đặng Xuân Hồng", "dang xuan hong"),
        ("ĐẮK LẮK", "dak lak"),
        ("Hòa Bình", "hoa binh"),
        ("Hoà Bình", "hoa binh"),  # the other tone-mark placement
        (unicodedata.normalize("NFD", "Nguyễn Văn Kỷ"), "nguyen van ky"),
        ("  Lai\u00a0Châu \n", "lai chau"),
    ],
)
def test_fold_removes_diacritics_case_and_extra_space(text, expected):
    assert fold(text) == expected


def test_slug_is_ascii_with_d_for_dj():
    assert vi_slugify("Nguyễn Văn Kỷ") == "nguyen-van-ky"
    assert vi_slugify("Đinh Tiến Dũng") == "dinh-tien-dung"
    assert vi_slugify("Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"


def test_name_sorts_by_given_name_first():
    assert name_sort_key("Nguyễn Văn Kỷ") == "ky nguyen van"
    names = ["Nguyễn Văn Kỷ", "Bùi Thanh Hà", "Đinh Tiến Dũng", "Lê Quốc Hùng"]
    assert sorted(names, key=name_sort_key) == [
        "Đinh Tiến Dũng",
        "Bùi Thanh Hà",
        "Lê Quốc Hùng",
        "Nguyễn Văn Kỷ",
    ]


@pytest.mark.parametrize(
    "text",
    ["Thiếu tướng Nguyễn Văn Kỷ", "đồng chí Nguyễn Văn Kỷ", "Ông Nguyễn Văn Kỷ", "Nguyễn Văn Kỷ"],
)
def test_rank_and_honorific_prefixes_are_dropped(text):
    assert strip_name_prefix(text) == "Nguyễn Văn Kỷ"
