"""The same event reported twice is one conference with two sources; different events never
merge, however alike their reports."""

import io
import json

import pytest
from django.core.management import call_command

from conferences.models import Conference, ConferenceSource
from tests.conferences.importer.pages import page
from tests.factories import make_province

pytestmark = pytest.mark.django_db

NINH_THUAN = (
    "Hội nghị tập huấn công tác nhân quyền khu vực miền Trung, Tây Nguyên đã khai mạc, ông "
    "Nguyễn Thanh Sơn, Chánh Văn phòng Nhân quyền nhấn mạnh tại lễ khai mạc diễn ra ở Ninh "
    "Thuận ngày 22/12."
)
SECOND_PARAGRAPH = (
    "Các đại biểu được trao đổi nhiều kinh nghiệm bảo đảm quyền con người ở địa phương trong "
    "tình hình mới."
)


@pytest.fixture(autouse=True)
def provinces():
    for name in ("Ninh Thuận", "Bình Định", "Kon Tum", "Lâm Đồng"):
        make_province(name)


def imported(tmp_path, name, *paragraphs, title="Tập huấn công tác nhân quyền"):
    path = tmp_path / f"{name}.txt"
    path.write_text(page(*paragraphs, SECOND_PARAGRAPH, title=title), encoding="utf-8")
    out = io.StringIO()
    call_command("import_article", str(path), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_a_reprint_without_the_year_is_a_second_source_of_the_same_conference(tmp_path):
    first = imported(tmp_path, "a", "Thứ Ba, 22/12/2020, 16:08", NINH_THUAN)
    second = imported(tmp_path, "b", NINH_THUAN)
    assert first["existing_conference"] is None and first["event_date"] == "2020-12-22"
    conference = Conference.objects.get()
    assert second["existing_conference"] == conference.slug
    assert second["match_reasons"] == [
        "cùng tỉnh Ninh Thuận",
        "cùng ngày 22/12",
        "cùng quan chức Nguyễn Thanh Sơn",
    ]
    assert ConferenceSource.objects.filter(conference=conference).count() == 2


def test_the_same_day_and_city_match_although_the_head_counts_differ(tmp_path):
    text = (
        "Ngày 30/5, tại TP Đà Lạt (tỉnh Lâm Đồng), Học viện Chính trị khai giảng lớp tập huấn "
        "về quyền con người cho {n} cán bộ, phóng viên các cơ quan báo chí."
    )
    imported(tmp_path, "a", text.format(n=35))
    second = imported(tmp_path, "b", text.format(n=45))
    assert second["existing_conference"] == Conference.objects.get().slug
    assert "cùng địa điểm Đà Lạt" in second["match_reasons"]


def test_the_same_outlet_and_day_in_two_provinces_are_two_events(tmp_path):
    lead = (
        "Tham dự buổi tập huấn hôm nay (20/4) có ông Lê Văn Tâm, Phó Chủ tịch UBND tỉnh {p}, "
        "Trưởng Ban Chỉ đạo Nhân quyền tỉnh {p}."
    )
    imported(tmp_path, "a", " date 2023-04 Minh Châu Nhà báo", lead.format(p="Bình Định"))
    second = imported(tmp_path, "b", " date 2023-05 Minh Châu Nhà báo", lead.format(p="Kon Tum"))
    assert second["existing_conference"] is None
    assert Conference.objects.count() == 2


def test_a_day_and_month_alone_do_not_merge_and_the_editor_is_told(tmp_path):
    imported(
        tmp_path,
        "a",
        "Ngày 20/4, Ban Chỉ đạo về Nhân quyền tỉnh Bình Định tổ chức hội nghị tập huấn công "
        "tác nhân quyền cho cán bộ cơ sở.",
    )
    second = imported(
        tmp_path,
        "b",
        "Ngày 20/4, Sở Tư pháp tỉnh Bình Định tổ chức lớp bồi dưỡng kiến thức về quyền con "
        "người cho công chức tư pháp.",
    )
    assert second["existing_conference"] is None
    assert any("Có thể cùng hội nghị" in w for w in second["warnings"])


def test_another_year_is_another_event_even_with_the_same_official(tmp_path):
    lead = (
        "Sáng 20/4/{y}, Ban Chỉ đạo về Nhân quyền tỉnh Bình Định tổ chức Hội nghị tập huấn công "
        "tác nhân quyền. Đồng chí Lâm Hải Giang, Phó Chủ tịch UBND tỉnh chủ trì Hội nghị."
    )
    imported(tmp_path, "a", lead.format(y=2023))
    second = imported(tmp_path, "b", lead.format(y=2024))
    assert second["existing_conference"] is None


def test_another_day_is_another_event(tmp_path):
    lead = (
        "Ngày {d}, tại tỉnh Bình Định, Ban Chỉ đạo về Nhân quyền tỉnh tổ chức Hội nghị tập huấn "
        "công tác nhân quyền. Đồng chí Lâm Hải Giang, Phó Chủ tịch UBND tỉnh chủ trì Hội nghị."
    )
    imported(tmp_path, "a", lead.format(d="20/4"))
    second = imported(tmp_path, "b", lead.format(d="21/4"))
    assert second["existing_conference"] is None


def test_the_same_full_date_in_the_same_province_is_the_same_event(tmp_path):
    lead = (
        "Sáng 20/4/2023, tại Công an tỉnh, Ban Chỉ đạo về Nhân quyền tỉnh Bình Định tổ chức "
        "Hội nghị tập huấn công tác nhân quyền năm 2023 cho {n}."
    )
    imported(tmp_path, "a", lead.format(n="lãnh đạo các sở, ngành"))
    second = imported(tmp_path, "b", lead.format(n="cán bộ cơ sở"))
    assert second["existing_conference"] == Conference.objects.get().slug
    assert second["match_reasons"] == ["cùng tỉnh Bình Định", "cùng ngày 20/4/2023"]
