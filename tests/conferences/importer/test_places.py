"""Where the training took place: venue phrases, the host province, and places that are not it."""

import pytest

from conferences.importer.places import find_places
from tests.conferences.importer.pages import propose

ORGANISED = "Ban Chỉ đạo về Nhân quyền tỉnh tổ chức hội nghị tập huấn công tác nhân quyền năm 2024"


@pytest.mark.parametrize(
    "venue, province, city",
    [
        ("tại Lai Châu", "Lai Châu", None),
        ("ở tỉnh Ninh Thuận", "Ninh Thuận", None),
        ("tại TPHCM", "Hồ Chí Minh", None),
        ("tại TP.HCM", "Hồ Chí Minh", None),
        ("tại TP. Hồ Chí Minh", "Hồ Chí Minh", None),
        ("tại Thành phố Đà Nẵng", "Đà Nẵng", None),
        ("tại Thừa Thiên Huế", "Thừa Thiên Huế", None),
        ("tại thành phố Bến Tre, tỉnh Bến Tre", "Bến Tre", "Bến Tre"),
        ("tại TP Đà Lạt (tỉnh Lâm Đồng)", "Lâm Đồng", "Đà Lạt"),
        ("tại thành phố Vinh (Nghệ An)", "Nghệ An", "Vinh"),
    ],
)
def test_a_venue_phrase(venue, province, city):
    data = propose(f"Ngày 5/9, {venue}, {ORGANISED}.")
    assert (data["province"], data["city"]) == (province, city)


def test_a_district_is_not_a_city():
    data = propose(
        "Sáng ngày 24/4/2025, Sở Tư pháp tỉnh Quảng Ngãi phối hợp cùng UBND huyện Sơn Hà tổ "
        "chức tập huấn kiến thức pháp luật về quyền con người tại hội trường UBND huyện."
    )
    assert (data["province"], data["city"]) == ("Quảng Ngãi", None)


def test_a_venue_at_the_provincial_police_takes_the_organisers_province():
    data = propose(
        "Sáng 20/4/2023, tại Công an tỉnh, Ban Chỉ đạo về Nhân quyền tỉnh Bình Định tổ chức "
        "Hội nghị tập huấn công tác nhân quyền năm 2023 cho khoảng 120 đại biểu."
    )
    assert data["province"] == "Bình Định"


def test_the_headlines_province_when_the_body_names_none():
    data = propose(
        "Ngày 4/9, Ban Chỉ đạo công tác thông tin đối ngoại tỉnh tổ chức Hội nghị tập huấn "
        "công tác thông tin đối ngoại và nhân quyền năm 2024.",
        title="Hà Tĩnh: Tập huấn công tác thông tin đối ngoại và nhân quyền năm 2024",
    )
    assert data["province"] == "Hà Tĩnh"


def test_participating_provinces_are_not_the_venue():
    data = propose(
        "Sáng ngày 06-10-2021, Học viện Chính trị quốc gia Hồ Chí Minh khai giảng lớp Bồi "
        "dưỡng kiến thức quyền con người năm 2021 cho giảng viên trường chính trị các tỉnh "
        "từ Quảng Bình trở ra phía Bắc."
    )
    assert data["province"] is None


def test_a_list_of_participating_provinces_is_not_the_venue():
    data = propose(
        "Khoá tập huấn về quyền con người có 35 phóng viên các cơ quan báo chí các tỉnh Lâm "
        "Đồng, Đà Nẵng, Khánh Hòa, Đồng Nai tham dự."
    )
    assert data["province"] is None


def test_the_outlets_province_in_a_caption_or_byline_is_not_the_venue():
    data = propose(
        "Từ ngày 17 đến 27-12, Cục Thông tin đối ngoại tổ chức lớp tập huấn về quyền con "
        "người trên nền tảng trực tuyến cho phóng viên trên cả nước.",
        "Phóng viên Báo Thái Nguyên tác nghiệp tại cơ sở",
        "Báo chí có vai trò quan trọng trong việc bảo vệ quyền con người ở mỗi địa phương.",
        byline="Thái Nguyên",
    )
    assert data["province"] is None
    assert any("tỉnh nào" in w for w in data["warnings"])


def test_hồ_chí_minh_in_an_institutions_name_is_not_a_place():
    assert find_places("Học viện Chính trị quốc gia Hồ Chí Minh khai giảng lớp") == []
    assert [p[2] for p in find_places("tại Thành phố Hồ Chí Minh")] == ["Hồ Chí Minh"]


def test_a_lower_case_word_is_not_a_province():
    assert find_places("cán bộ ở các tỉnh hà nam") == []
