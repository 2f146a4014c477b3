"""Event dates: how outlets print them, where the year comes from, dates that are not it."""

import pytest

from conferences.importer.dates import days_in
from tests.conferences.importer.pages import propose


@pytest.mark.parametrize(
    "text, day, month, year",
    [
        ("Ngày 22/12, tại tỉnh", 22, 12, None),
        ("Sáng 15-6, Ban Chỉ đạo", 15, 6, None),
        ("ngày 18-8, Sở Tư pháp", 18, 8, None),
        ("Sáng 20/4/2023, tại Công an tỉnh", 20, 4, 2023),
        ("Sáng ngày 06-10-2021, Học viện", 6, 10, 2021),
        ("Tham dự buổi tập huấn hôm nay (20/4) có", 20, 4, None),
        ("từ ngày 06 đến ngày 08-10-2021", 6, 10, 2021),
        ("Từ ngày 17 đến 27-12, Cục", 17, 12, None),
        ("Trong hai ngày 5-6/9, tại Hà Nội", 5, 9, None),
        ("ngày 30 tháng 5 năm 2022", 30, 5, 2022),
        ("chiều 12.4.2024, Ban Tuyên giáo", 12, 4, 2024),
    ],
    ids=lambda v: str(v),
)
def test_an_event_day_as_printed(text, day, month, year):
    [found] = days_in(text)
    assert (found.day, found.month, found.year) == (day, month, year)


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Kế hoạch số 41/KH-STP ngày 13/4/2024 của Sở Tư pháp",
        "Kết luận số 71-KL/TW, ngày 16/02/2024 của Bộ Chính trị",
        "Chương trình phối hợp số 04/CTPH-BTP ký kết ngày 12/3/2024",
        "Chỉ thị số 44-CT/TW ngày 20-7-2010 của Ban Bí thư",
        "theo Kế hoạch của UBND tỉnh ngày 14/9/2022",
        "Quyết định ban hành ngày 06/2/2023 của UBND tỉnh",
        "là thành viên của 7/9 điều ước cốt lõi",
    ],
)
def test_a_cited_document_date_or_a_fraction_is_not_an_event_day(text):
    assert days_in(text) == []


def test_the_plan_dates_of_a_preamble_are_not_the_event_date():
    data = propose(
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 14/9/2022 của UBND tỉnh về tuyên truyền quyền "
        "con người, sáng ngày 21/10/2024, Sở Tư pháp tổ chức Hội nghị tập huấn kiến thức pháp "
        "luật về quyền con người tại thành phố Vinh, tỉnh Nghệ An."
    )
    assert data["event_date"] == "2024-10-21"


def test_the_year_comes_from_the_events_name():
    data = propose(
        "Sáng 15/5, Sở Tư pháp tỉnh Nghệ An tổ chức Hội nghị tập huấn bồi dưỡng kiến thức về "
        "quyền con người năm 2025 cho cán bộ, công chức các sở, ngành."
    )
    assert data["event_date"] == "2025-05-15"


def test_a_day_level_publication_line_fixes_a_missing_year():
    data = propose(
        "Thứ Hai, 14/10/2024, 09:15",
        "Ngày 12/10, tại tỉnh Nghệ An, Ban Chỉ đạo về Nhân quyền tỉnh tổ chức hội nghị tập "
        "huấn công tác nhân quyền cho cán bộ cơ sở.",
    )
    assert data["published"] == "2024-10-14"
    assert data["event_date"] == "2024-10-12"


def test_an_event_weeks_after_an_early_january_publication_is_last_years():
    data = propose(
        "05/01/2024 08:00",
        "Ngày 28/12, tại tỉnh Nghệ An, Ban Chỉ đạo về Nhân quyền tỉnh tổ chức hội nghị tập "
        "huấn công tác nhân quyền cho cán bộ cơ sở.",
    )
    assert data["event_date"] == "2023-12-28"


def test_a_month_crawl_stamp_does_not_fix_the_year_and_the_day_stays_as_printed():
    data = propose(
        " date 2023-04 Minh Châu Nhà báo",
        "Tham dự buổi tập huấn hôm nay (20/4) có ông Lê Văn Tâm, Phó Chủ tịch UBND tỉnh Kon "
        "Tum, Trưởng Ban Chỉ đạo Nhân quyền tỉnh Kon Tum.",
    )
    assert data["published"] is None
    assert data["event_date"] is None
    assert any("20/4" in w and "năm" in w for w in data["warnings"])


def test_an_unrelated_year_in_the_body_does_not_date_the_event():
    data = propose(
        "Ngày 22/12, tại Ninh Thuận, Văn phòng Thường trực tổ chức hội nghị tập huấn công tác "
        "nhân quyền khu vực miền Trung, Tây Nguyên.",
        "Năm 2020 vừa qua, Việt Nam được đánh giá là quốc gia ứng phó hiệu quả với dịch bệnh.",
    )
    assert data["event_date"] is None


def test_only_a_year_from_the_headline_naming_the_training():
    data = propose(
        "Phát biểu khai mạc tại Hội nghị, Thứ trưởng Bộ Tư pháp Nguyễn Văn Bình cho biết, "
        "hội nghị nhằm phổ biến các nội dung của Đề án truyền thông về quyền con người.",
        title="Tập huấn công tác thông tin đối ngoại về quyền con người năm 2023",
    )
    assert data["event_date"] == "2023"


def test_no_date_at_all_is_null_with_a_warning():
    data = propose(
        "Vừa qua, Sở Tư pháp tỉnh Nghệ An đã tổ chức lớp bồi dưỡng kiến thức về nhân quyền "
        "cho cán bộ, công chức các sở, ban, ngành của tỉnh."
    )
    assert data["event_date"] is None
    assert any("ngày diễn ra" in w for w in data["warnings"])
