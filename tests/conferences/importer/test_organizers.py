"""Organisers as the organising sentence prints them."""

import pytest

from conferences.importer.organizers import split_organizations
from tests.conferences.importer.pages import propose

TRAINING = "tổ chức Hội nghị tập huấn công tác nhân quyền năm 2024 cho cán bộ các sở, ngành."


@pytest.mark.parametrize(
    "subject, organizers",
    [
        ("Sở Tư pháp tỉnh Nghệ An", ["Sở Tư pháp tỉnh Nghệ An"]),
        (
            "Bộ Tư pháp phối hợp với Bộ Thông tin và Truyền thông",
            ["Bộ Tư pháp", "Bộ Thông tin và Truyền thông"],
        ),
        (
            "Sở Tư pháp tỉnh Quảng Ngãi phối hợp cùng UBND huyện Sơn Hà",
            ["Sở Tư pháp tỉnh Quảng Ngãi", "UBND huyện Sơn Hà"],
        ),
        (
            "Trung tâm Công nghệ thông tin Thanh Hóa phối hợp với Trường Đào tạo, bồi dưỡng "
            "cán bộ quản lý đã",
            ["Trung tâm Công nghệ thông tin Thanh Hóa", "Trường Đào tạo, bồi dưỡng cán bộ quản lý"],
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch tỉnh Hậu Giang",
            ["Sở Văn hóa, Thể thao và Du lịch tỉnh Hậu Giang"],
        ),
        (
            "Ban Chỉ đạo về Nhân quyền (viết tắt là BCĐNQ) tỉnh Bình Định phối hợp với Văn phòng "
            "Thường trực (viết tắt là VPTT) BCĐNQ Chính phủ",
            [
                "Ban Chỉ đạo về Nhân quyền (viết tắt là BCĐNQ) tỉnh Bình Định",
                "Văn phòng Thường trực (viết tắt là VPTT) BCĐNQ Chính phủ",
            ],
        ),
        (
            "Ban Tuyên giáo Trung ương và Ban Chỉ đạo Nhân quyền của Chính phủ phối hợp với "
            "Tỉnh ủy Hòa Bình",
            [
                "Ban Tuyên giáo Trung ương",
                "Ban Chỉ đạo Nhân quyền của Chính phủ",
                "Tỉnh ủy Hòa Bình",
            ],
        ),
        (
            "Viện Nghiên cứu Quyền con người, Bộ Công an cùng các cơ quan liên quan",
            ["Viện Nghiên cứu Quyền con người, Bộ Công an"],
        ),
        (
            "Sở Tư pháp chủ trì, phối hợp với Hội Luật gia tỉnh",
            ["Sở Tư pháp", "Hội Luật gia tỉnh"],
        ),
    ],
)
def test_organisers_of_x_phối_hợp_với_y_tổ_chức(subject, organizers):
    data = propose(f"Ngày 5/9, tại tỉnh Nghệ An, {subject} {TRAINING}")
    assert data["organizers"] == organizers


def test_dates_venues_and_cited_plans_before_the_organiser_are_not_organisers():
    data = propose(
        "Thực hiện Kế hoạch số 21/KH-UBND ngày 06/2/2023 của UBND tỉnh; sáng 20/4/2023, tại "
        "Công an tỉnh, Ban Chỉ đạo về Nhân quyền tỉnh Nghệ An " + TRAINING
    )
    assert data["organizers"] == ["Ban Chỉ đạo về Nhân quyền tỉnh Nghệ An"]


def test_do_x_tổ_chức():
    data = propose(
        "Hội nghị tập huấn công tác nhân quyền do Ban Chỉ đạo Nhân quyền tỉnh phối hợp với "
        "Công an tỉnh tổ chức ngày 5/9 tại tỉnh Nghệ An với 200 đại biểu tham dự."
    )
    assert data["organizers"] == ["Ban Chỉ đạo Nhân quyền tỉnh", "Công an tỉnh"]


def test_khai_giảng_is_an_organising_verb():
    data = propose(
        "Sáng ngày 06-10-2021, Học viện Chính trị quốc gia Hồ Chí Minh khai giảng lớp Bồi "
        "dưỡng kiến thức quyền con người năm 2021 cho giảng viên các trường chính trị."
    )
    assert data["organizers"] == ["Học viện Chính trị quốc gia Hồ Chí Minh"]


@pytest.mark.parametrize(
    "verb",
    ["tổ chức 2 lớp tập huấn", "tổ chức hai lớp tập huấn", "tổ chức bế mạc lớp tập huấn"],
)
def test_a_count_of_classes_or_a_closing_after_the_organising_verb(verb):
    data = propose(
        f"Ngày 9/9, Ban Dân tộc tỉnh Tuyên Quang {verb} kiến thức về quyền con người cho người "
        "có uy tín tại huyện Lâm Bình và huyện Na Hang."
    )
    assert data["organizers"] == ["Ban Dân tộc tỉnh Tuyên Quang"]


def test_a_unit_keeps_its_parent_after_a_comma_unless_it_names_its_owner():
    assert split_organizations("Cục Báo chí, Bộ Thông tin và Truyền thông") == [
        "Cục Báo chí, Bộ Thông tin và Truyền thông"
    ]
    assert split_organizations("Ban Tuyên giáo Trung ương, Bộ Ngoại giao") == [
        "Ban Tuyên giáo Trung ương",
        "Bộ Ngoại giao",
    ]


def test_the_headlines_organiser_when_the_body_has_no_organising_sentence():
    data = propose(
        "Tham dự lớp tập huấn có ông Nguyễn Hữu Hạnh, Giám đốc Sở Thông tin và Truyền thông "
        "tỉnh Sóc Trăng, cùng 70 đại biểu các sở, ngành.",
        title="Sở TTTT Sóc Trăng tổ chức tập huấn kiến thức về quyền con người",
    )
    assert data["organizers"] == ["Sở TTTT Sóc Trăng"]


def test_a_place_in_the_headline_is_not_an_organiser():
    data = propose(
        "Tham dự buổi tập huấn hôm nay (20/4) có ông Nguyễn Văn Kỷ, Phó Chánh Văn phòng "
        "Thường trực Ban Chỉ đạo về Nhân quyền Chính phủ.",
        title="Bình Định tổ chức tập huấn công tác nhân quyền",
    )
    assert data["organizers"] == []


def test_a_speech_at_the_opening_is_not_an_organising_sentence():
    data = propose(
        "Ông Nguyễn Thanh Sơn, Chánh Văn phòng Nhân quyền phát biểu khai mạc hội nghị tập "
        "huấn công tác nhân quyền tại Ninh Thuận ngày 22/12."
    )
    assert data["organizers"] == []
