"""Report numbers against a small archive counted by hand (see `make_sample`)."""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive.lib import caching
from archive.lib.dates import Precision
from archive.models import Region
from conferences.models import (
    Conference,
    Figure,
    Format,
    Organizer,
    Participation,
    Qualifier,
    Scope,
)
from conferences.staff import reports
from conferences.staff.charts import report_charts
from tests.factories import (
    make_article,
    make_conference,
    make_figure,
    make_official,
    make_organization,
    make_participation,
    make_province,
)

pytestmark = pytest.mark.django_db

NORTH = Region.NORTHERN_MIDLANDS
DELTA = Region.RED_RIVER_DELTA


def make_sample():
    """Today's Phú Thọ (new unit) took in Vĩnh Phúc and Hòa Bình; Hà Nội is unchanged.

    current units   2023          2024            2025  unknown
    Phú Thọ         c1 VP, c2 HB                  c3
    Hà Nội                        c4              c5 (undated)
    no province                   c6
    plus a draft in Hà Nội 2024 that must never count.
    """
    phu_tho = make_province("Phú Thọ", former=False, region=NORTH)
    vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=phu_tho, region=DELTA)
    hoa_binh = make_province("Hòa Bình", current=False, successor=phu_tho, region=NORTH)
    make_province("Phú Thọ", current=False, successor=phu_tho, region=NORTH)  # no conference
    ha_noi = make_province("Hà Nội", region=DELTA, kind="city")
    lai_chau = make_province("Lai Châu", region=NORTH)  # no conference: a row of zeros

    day, year = Precision.DAY, Precision.YEAR
    c1 = make_conference(
        province=vinh_phuc,
        on=datetime.date(2023, 4, 12),
        attendees=300,
        attendees_qualifier=Qualifier.EXACT,
        connection_points=20,
        format=Format.ONLINE,
    )
    c2 = make_conference(
        province=hoa_binh,
        on=datetime.date(2023, 1, 1),
        precision=year,
        attendees=350,
        attendees_qualifier=Qualifier.MORE_THAN,
    )
    make_conference(province=phu_tho, on=datetime.date(2025, 8, 1), precision=day)  # c3
    c4 = make_conference(
        province=ha_noi,
        on=datetime.date(2024, 5, 1),
        attendees=3100,
        attendees_qualifier=Qualifier.EXACT,
        connection_points=114,
        scope=Scope.NATIONAL,
    )
    make_conference(province=ha_noi, attendees=104, attendees_qualifier=Qualifier.APPROX)  # c5
    make_conference(on=datetime.date(2024, 3, 3))  # c6
    make_conference(
        province=ha_noi,
        on=datetime.date(2024, 6, 1),
        published=False,
        attendees=999,
        attendees_qualifier=Qualifier.EXACT,
        connection_points=999,
    )

    a1, a2 = make_article(), make_article()
    # Two sources agree on c1's attendees; they disagree on c4's (3.100 vs 3.000).
    make_figure(c1, a1, Figure.Kind.ATTENDEES, 300)
    make_figure(c1, a2, Figure.Kind.ATTENDEES, 300)
    make_figure(c1, a1, Figure.Kind.CONNECTION_POINTS, 20, Qualifier.APPROX)
    make_figure(c4, a1, Figure.Kind.ATTENDEES, 3100)
    make_figure(c4, a2, Figure.Kind.ATTENDEES, 3000)
    make_figure(c4, a1, Figure.Kind.CONNECTION_POINTS, 114)

    organizer = make_organization("Ban Chỉ đạo Nhân quyền Chính phủ", slug="ban-chi-dao")
    for conference, article in [(c1, a1), (c4, a1), (c4, a2)]:
        Organizer.objects.create(
            conference=conference,
            organization=organizer,
            article=article,
            passage=article.body,
            as_printed=organizer.name,
        )

    o1, o2, o3 = make_official(), make_official(), make_official()
    make_participation(c1, o1, a1, role=Participation.Role.CHAIR)
    make_participation(c1, o1, a1, role=Participation.Role.SPEAKER)
    make_participation(c1, o2, a1)
    make_participation(c2, o1, a1)
    make_participation(c4, o3, a1)
    make_participation(c4, o1, a1)
    Participation.objects.create(
        conference=c4,
        organization=organizer,
        article=a1,
        passage=a1.body,
        role=Participation.Role.PRESENTER,
    )
    return SimpleNamespace(
        phu_tho=phu_tho,
        vinh_phuc=vinh_phuc,
        hoa_binh=hoa_binh,
        ha_noi=ha_noi,
        lai_chau=lai_chau,
        organizer=organizer,
    )


@pytest.fixture
def sample():
    return make_sample()


def report_for(**params):
    form = reports.ReportForm(params)
    assert form.is_valid(), form.errors
    return reports.build_report(form)


def values(report, attribute="number"):
    """{row label: [cells..., total]} plus the totals row under "Tổng"."""
    lines = [(row.label, row.cells, row.total) for row in report.rows]
    lines.append(("Tổng", report.column_totals, report.total))
    return {
        label: [getattr(c, attribute) for c in [*cells, total]] for label, cells, total in lines
    }


def test_conferences_by_current_unit(sample):
    report = report_for()
    assert report.columns == [2023, 2024, 2025, None]
    # Every current unit has a row: Lai Châu held none.
    assert values(report) == {
        "Hà Nội": [0, 1, 0, 1, 2],
        "Lai Châu": [0, 0, 0, 0, 0],
        "Phú Thọ": [2, 0, 1, 0, 3],
        "Không rõ tỉnh, thành phố": [0, 1, 0, 0, 1],
        "Tổng": [2, 2, 1, 1, 6],
    }
    assert [row.label for row in report.rows][-1] == "Không rõ tỉnh, thành phố"


def test_conferences_by_unit_as_it_was(sample):
    report = report_for(unit="former")
    # Every unit in force in 2023–2025, the former Phú Thọ told apart from today's.
    assert values(report) == {
        "Hà Nội": [0, 1, 0, 1, 2],
        "Hòa Bình (nay thuộc Phú Thọ)": [1, 0, 0, 0, 1],
        "Lai Châu": [0, 0, 0, 0, 0],
        "Phú Thọ (cũ)": [0, 0, 0, 0, 0],
        "Phú Thọ": [0, 0, 1, 0, 1],
        "Vĩnh Phúc (nay thuộc Phú Thọ)": [1, 0, 0, 0, 1],
        "Không rõ tỉnh, thành phố": [0, 1, 0, 0, 1],
        "Tổng": [2, 2, 1, 1, 6],
    }


def test_units_at_the_time_are_those_in_force_in_the_years_shown(sample):
    before_the_merger = values(report_for(unit="former", **{"from": "2023", "to": "2024"}))
    assert "Phú Thọ (cũ)" in before_the_merger and "Phú Thọ" not in before_the_merger
    after = values(report_for(unit="former", **{"from": "2026", "to": "2026"}))
    assert set(after) == {"Hà Nội", "Lai Châu", "Phú Thọ", "Tổng"}


def test_regions_are_all_listed_even_without_conferences(sample):
    report = report_for(by="region", **{"from": "1990", "to": "1990"})
    assert values(report) == {
        "Trung du và miền núi phía Bắc": [0, 0],
        "Đồng bằng sông Hồng": [0, 0],
        "Tổng": [0, 0],
    }


def test_empty_rows_can_be_hidden(sample):
    report = report_for(hide_empty="1")
    assert "Lai Châu" not in values(report)
    assert report.hidden_rows == 1
    assert values(report)["Tổng"] == [2, 2, 1, 1, 6]


def test_several_provinces(sample):
    report = report_for(province=["ha-noi", "lai-chau"])
    assert report.columns == [2024, None]
    assert values(report) == {
        "Hà Nội": [1, 1, 2],
        "Lai Châu": [0, 0, 0],
        "Tổng": [1, 1, 2],
    }
    assert ("Tỉnh, thành phố", "Hà Nội, Lai Châu") in report.filters


def test_a_current_unit_chosen_covers_its_former_units(sample):
    current = values(report_for(province=["phu-tho"]))
    assert current == {"Phú Thọ": [2, 0, 1, 3], "Tổng": [2, 0, 1, 3]}
    former = values(report_for(province=["phu-tho"], unit="former"))
    assert former == {
        "Hòa Bình (nay thuộc Phú Thọ)": [1, 0, 0, 1],
        "Phú Thọ (cũ)": [0, 0, 0, 0],
        "Phú Thọ": [0, 0, 1, 1],
        "Vĩnh Phúc (nay thuộc Phú Thọ)": [1, 0, 0, 1],
        "Tổng": [2, 0, 1, 3],
    }
    by_region = values(report_for(province=["phu-tho"], by="region", unit="former"))
    assert by_region["Đồng bằng sông Hồng"] == [1, 0, 0, 1]  # Vĩnh Phúc, as it was


def test_change_against_the_year_before(sample):
    report = report_for(**{"from": "2023", "to": "2024"})
    assert report.change_years == (2024, 2023)
    changes = {row.label: row.change for row in report.rows}
    assert changes == {"Hà Nội": 1, "Lai Châu": 0, "Phú Thọ": -2, "Không rõ tỉnh, thành phố": 1}
    assert report.total_change == 0
    # The year before is counted even when it is not shown.
    alone = report_for(**{"from": "2024", "to": "2024"})
    assert {row.label: row.change for row in alone.rows} == changes
    assert alone.total_change == 0


def test_change_of_distinct_officials_and_of_sums_without_figures(sample):
    officials = report_for(measure="officials", **{"from": "2024", "to": "2024"})
    assert {row.label: row.change for row in officials.rows}["Phú Thọ"] == -2
    assert officials.total_change == 0  # two people each year
    attendees = report_for(measure="attendees", **{"from": "2025", "to": "2025"})
    # Phú Thọ 2025: a conference without the figure, so no comparison.
    assert {row.label: row.change for row in attendees.rows}["Phú Thọ"] is None
    assert {row.label: row.change for row in attendees.rows}["Hà Nội"] == -3100


@pytest.mark.parametrize("measure", ["conferences", "attendees", "connection_points", "officials"])
def test_current_and_former_totals_agree(sample, measure):
    current, former = report_for(measure=measure), report_for(measure=measure, unit="former")
    assert current.total == former.total
    assert current.column_totals == former.column_totals


def test_rows_link_cells_to_the_public_list(sample):
    report = report_for()
    phu_tho = next(row for row in report.rows if row.label == "Phú Thọ")
    assert phu_tho.cells[0].url == "/conferences/?province=phu-tho&year=2023"
    assert phu_tho.cells[1].url == ""  # nothing to list


def test_cell_links_carry_the_filters_the_public_list_knows(sample):
    report = report_for(organizer="ban-chi-dao", scope="national")
    ha_noi = next(row for row in report.rows if row.label == "Hà Nội")
    assert ha_noi.cells[0].url == (
        "/conferences/?province=ha-noi&year=2024&scope=national&organizer=ban-chi-dao"
    )


def test_no_links_when_the_public_list_cannot_filter_alike(sample):
    report = report_for(scope="unknown")
    assert report.total.value == 5
    assert all(not cell.url for row in report.rows for cell in row.cells)


def test_attendees_sum_the_agreed_figures_and_say_what_is_missing(sample):
    report = report_for(measure="attendees")
    # 0: no conference held; None: conferences held, none gave the figure.
    assert values(report) == {
        "Hà Nội": [0, 3100, 0, 104, 3204],
        "Lai Châu": [0, 0, 0, 0, 0],
        "Phú Thọ": [650, 0, None, 0, 650],
        "Không rõ tỉnh, thành phố": [0, None, 0, 0, None],
        "Tổng": [650, 3100, None, 104, 3854],
    }
    # c3 (Phú Thọ 2025) and c6 (no province) have no figure: counted apart, never as 0.
    assert values(report, "missing") == {
        "Hà Nội": [0, 0, 0, 0, 0],
        "Lai Châu": [0, 0, 0, 0, 0],
        "Phú Thọ": [0, 0, 1, 0, 1],
        "Không rõ tỉnh, thành phố": [0, 1, 0, 0, 1],
        "Tổng": [0, 1, 1, 0, 2],
    }
    # c2 "hơn 350", c5 "khoảng 104", c4 sources disagree; c1's two sources agree.
    assert values(report, "approximate") == {
        "Hà Nội": [0, 1, 0, 1, 2],
        "Lai Châu": [0, 0, 0, 0, 0],
        "Phú Thọ": [1, 0, 0, 0, 1],
        "Không rõ tỉnh, thành phố": [0, 0, 0, 0, 0],
        "Tổng": [1, 1, 0, 1, 3],
    }


def test_connection_points(sample):
    report = report_for(measure="connection_points")
    assert values(report)["Tổng"] == [20, 114, None, None, 134]
    assert values(report, "missing")["Tổng"] == [1, 1, 1, 1, 4]
    assert values(report, "approximate")["Tổng"] == [1, 0, 0, 0, 1]


def test_officials_are_counted_once_per_cell_row_and_column(sample):
    report = report_for(measure="officials")
    assert values(report) == {
        "Hà Nội": [0, 2, 0, 0, 2],
        "Lai Châu": [0, 0, 0, 0, 0],
        "Phú Thọ": [2, 0, 0, 0, 2],
        "Không rõ tỉnh, thành phố": [0, 0, 0, 0, 0],
        # o1 spoke in both provinces and both years: three people, not four.
        "Tổng": [2, 2, 0, 0, 3],
    }


def test_year_range_drops_undated_conferences_and_keeps_empty_years(sample):
    report = report_for(**{"from": "2024", "to": "2026"})
    assert report.columns == [2024, 2025, 2026]
    assert values(report)["Tổng"] == [2, 1, 0, 3]


def test_region_follows_the_unit_shown(sample):
    # Vĩnh Phúc lay in the Red River Delta; today it is part of Phú Thọ (northern midlands).
    assert values(report_for(region=DELTA))["Tổng"][-1] == 2
    former = values(report_for(region=DELTA, unit="former"))
    assert former["Vĩnh Phúc (nay thuộc Phú Thọ)"][-1] == 1
    assert former["Tổng"][-1] == 3


def test_organizer_counts_each_conference_once(sample):
    report = report_for(organizer="ban-chi-dao")
    assert values(report)["Tổng"] == [1, 1, 2]  # c4 has the organiser from two sources


def test_scope_and_format(sample):
    assert values(report_for(scope="national"))["Tổng"][-1] == 1
    assert values(report_for(format="online"))["Tổng"][-1] == 1


def test_vietnam_by_region(sample):
    report = report_for(by="region")
    assert values(report) == {
        "Trung du và miền núi phía Bắc": [2, 0, 1, 0, 3],
        "Đồng bằng sông Hồng": [0, 1, 0, 1, 2],
        "Không rõ tỉnh, thành phố": [0, 1, 0, 0, 1],
        "Tổng": [2, 2, 1, 1, 6],
    }


def test_the_seed_archive_counted_by_hand():
    """The five articles: Lai Châu 2022, Vĩnh Phúc 2023 and Hòa Bình 2024 (now Phú Thọ),
    Quảng Ninh 2024 (only the year is known), Bình Định 2024 (now Gia Lai), and Trà Vinh
    (now Vĩnh Long) mentioned in passing without a date."""
    call_command("load_archive", verbosity=0)
    report = report_for()
    assert report.columns == [2022, 2023, 2024, None]
    assert len(report.rows) == 34  # every current unit
    counted = {label: row for label, row in values(report).items() if row[-1]}
    assert counted == {
        "Gia Lai": [0, 0, 1, 0, 1],
        "Lai Châu": [1, 0, 0, 0, 1],
        "Phú Thọ": [0, 1, 1, 0, 2],
        "Quảng Ninh": [0, 0, 1, 0, 1],
        "Vĩnh Long": [0, 0, 0, 1, 1],
        "Tổng": [1, 1, 3, 1, 6],
    }
    # Before the merger, the 63 units of the time.
    assert len(report_for(unit="former", **{"from": "2022", "to": "2024"}).rows) == 63
    attendees = report_for(measure="attendees")
    # 3.100 (exact) + khoảng 104 + hơn 350; three conferences give no figure.
    assert attendees.total.as_dict() == {
        "value": 3554,
        "conferences": 6,
        "missing": 3,
        "approximate": 2,
    }


def test_no_conferences():
    report = report_for()
    assert (report.rows, report.columns, report.total.value) == ([], [], 0)


@pytest.mark.parametrize(
    "params",
    [
        {"measure": "everything"},
        {"unit": "ancient"},
        {"from": "abc"},
        {"from": "2025", "to": "2020"},
        {"to": "99999"},
        {"region": "atlantis"},
        {"organizer": "no-such-org"},
        {"format": "csv"},
        {"province": ["ha-noi", "atlantis"]},
        {"province": ["vinh-phuc-cu"]},  # a former unit: choose today's, which covers it
    ],
)
def test_invalid_params_are_form_errors(sample, params):
    assert not reports.ReportForm(params).is_valid()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "abc",
            "“abc” không phải là năm; cần một năm gồm bốn chữ số, từ 1945 đến 2100, ví dụ 2024.",
        ),
        ("24", "cần một năm gồm bốn chữ số, từ 1945 đến 2100, ví dụ 2024."),
        ("20244", "cần một năm gồm bốn chữ số, từ 1945 đến 2100, ví dụ 2024."),
    ],
)
def test_a_mistyped_year_says_what_is_expected(value, message):
    form = reports.ReportForm({"from": value})
    assert not form.is_valid()
    assert form.errors["from"] == [message]


def test_export_has_one_header_row_and_the_notes_in_their_own_columns(sample):
    report = report_for(measure="attendees", **{"from": "2023", "to": "2025"})
    header = report.export_header()
    assert header[:4] == [
        "Tỉnh, thành phố",
        "2023",
        "2023: số hội nghị không có số liệu",
        "2023: số liệu ước lượng",
    ]
    assert header[-4:] == [
        "Tổng",
        "Tổng: số hội nghị không có số liệu",
        "Tổng: số liệu ước lượng",
        "2025 so với 2024",
    ]
    rows = {row[0]: row[1:] for row in report.export_rows()}
    # Phú Thọ: 650 (one "hơn 350"); 2024 none held; 2025 held, no figure; total.
    assert rows["Phú Thọ"] == [650, 0, 1, 0, 0, 0, None, 1, 0, 650, 1, 1, None]
    assert rows["Lai Châu"] == [0] * 12 + [0]
    assert list(rows)[-1] == "Tổng"
    assert all(len(row) == len(header) - 1 for row in rows.values())


def test_file_names_say_measure_filters_and_date(sample):
    form = reports.ReportForm(
        {"measure": "attendees", "from": "2024", "to": "2024", "province": ["phu-tho", "ha-noi"]}
    )
    assert form.is_valid()
    today = timezone.localdate().isoformat()
    assert form.file_name("so-dai-bieu", "xlsx") == f"so-dai-bieu_2024_ha-noi-phu-tho_{today}.xlsx"
    form = reports.ReportForm(
        {"unit": "former", "by": "region", "from": "2020", "scope": "national"}
    )
    assert form.is_valid()
    assert form.file_name("so-hoi-nghi", "csv") == (
        f"so-hoi-nghi_theo-vung_don-vi-tai-thoi-diem_2020-_toan-quoc_{today}.csv"
    )


def test_charts_show_the_totals(sample):
    per_year, ranked = report_charts(report_for(), nationwide=True)
    assert [(b.label, b.display) for b in per_year.bars] == [
        ("2023", "2"),
        ("2024", "2"),
        ("2025", "1"),
        ("Không rõ năm", "1"),
    ]
    assert [b.label for b in ranked.bars] == ["Phú Thọ", "Hà Nội"]
    assert ranked.bars[0].width > ranked.bars[1].width
    assert per_year.description == "2023: 2; 2024: 2; 2025: 1; Không rõ năm: 1."


def test_cached_report_is_kept_until_the_archive_changes(sample):
    form = reports.ReportForm({"measure": "attendees"})
    assert form.is_valid()
    first = reports.cached_report(form)
    with CaptureQueriesContext(connection) as queries, caching.request_scope():
        form = reports.ReportForm({"measure": "attendees"})
        assert form.is_valid()
        again = reports.cached_report(form)
    # The archive's version only (once per request): the organiser choices are cached too.
    assert len(queries) == 1
    assert again.total.as_dict() == first.total.as_dict()
    make_conference(
        province=sample.ha_noi,
        on=datetime.date(2024, 9, 9),
        attendees=5,
        attendees_qualifier=Qualifier.EXACT,
    )
    changed = reports.cached_report(form)
    assert changed.total.value == first.total.value + 5


def test_cache_key_names_each_filter_once(sample):
    def key(**params):
        form = reports.ReportForm(params)
        assert form.is_valid()
        return form.cache_key()

    assert key() == key(measure="conferences", unit="current", by="province")
    assert key(**{"from": "2023"}) == key(**{"from": "02023"})
    assert (
        key(organizer="ban-chi-dao")
        == "measure=conferences&unit=current&by=province&organizer=ban-chi-dao"
    )
    keys = [
        key(),
        key(measure="attendees"),
        key(unit="former"),
        key(by="region"),
        key(**{"from": "2023"}),
        key(**{"to": "2023"}),
        key(region=NORTH),
        key(organizer="ban-chi-dao"),
        key(scope="national"),
        key(format="online"),
    ]
    assert len(set(keys)) == len(keys)


def test_charts_of_a_sum_show_the_share_without_the_figure(sample):
    per_year, missing, ranked = report_charts(report_for(measure="attendees"), nationwide=True)
    assert per_year.title == "Số đại biểu theo năm, cả nước"
    assert missing.title == "Tỷ lệ hội nghị không có số liệu theo năm, cả nước"
    # 2024: c6 of c4 and c6; 2025: c3 alone; c5 (no date) gave its figure.
    assert [(b.label, b.display) for b in missing.bars] == [
        ("2023", "0%"),
        ("2024", "50%"),
        ("2025", "100%"),
        ("Không rõ năm", "0%"),
    ]
    assert missing.bars[2].height == 2 * missing.bars[1].height  # scaled to 100 %
    assert [b.label for b in ranked.bars] == ["Hà Nội", "Phú Thọ"]  # Lai Châu held none


def test_charts_of_chosen_units_say_so(sample):
    charts = report_charts(report_for(province=["ha-noi"]), nationwide=False)
    assert charts[0].title == "Số hội nghị theo năm, các đơn vị đã chọn"


# --- Views derived from one query ------------------------------------------------------


def counted_by_the_database(form):
    """{(row, year): (value, conferences, missing, approximate)} grouped in SQL with every
    filter applied there: what the report showed when each view was its own query."""
    data = form.cleaned_data
    measure, unit, by = data["measure"], data["unit"], data["by"]
    conferences = form.filter(Conference.objects.all())
    keys = {"row": reports.row_key(unit, by), "year": ExtractYear("start_date")}
    if measure == reports.Measure.OFFICIALS:
        aggregates = {
            "value": Count("participations__official", distinct=True),
            "conferences": Count("pk", distinct=True),
        }
    else:
        aggregates = reports.measure_aggregates(measure)

    def counts(*group_by):
        groups = conferences.annotate(**{k: keys[k] for k in group_by}).order_by()
        groups = (
            groups.values(*group_by).annotate(**aggregates)
            if group_by
            else [groups.aggregate(**aggregates)]
        )
        return {
            tuple(g[k] for k in group_by): (
                g["value"],
                g["conferences"],
                g.get("missing", 0),
                g.get("approximate", 0),
            )
            for g in groups
        }

    return counts("row", "year"), counts("row"), counts("year"), counts()


def shown(report):
    def numbers(cell):
        return (cell.value, cell.conferences, cell.missing, cell.approximate)

    cells = {
        (row.key, year): numbers(cell)
        for row in report.rows
        for year, cell in zip(report.columns, row.cells, strict=True)
        if cell.conferences
    }
    rows = {(row.key,): numbers(row.total) for row in report.rows if row.total.conferences}
    years = {
        (year,): numbers(cell)
        for year, cell in zip(report.columns, report.column_totals, strict=True)
        if cell.conferences
    }
    return cells, rows, years, {(): numbers(report.total)}


def tricky_names():
    """A unit whose name needs escaping, and a figure over a thousand with its notes."""
    province = make_province("Bà Rịa <& Vũng Tàu>", slug="ba-ria")
    make_conference(
        province=province,
        on=datetime.date(2024, 2, 2),
        attendees=12345,
        attendees_qualifier=Qualifier.APPROX,
    )
    make_conference(province=province, on=datetime.date(2024, 3, 3))


def test_every_view_equals_its_own_grouped_query(sample):
    """Units as they are or were, regions, year ranges and a region are worked out in
    Python from one cached query per measure, organiser, scope and format; the numbers
    must be those of a query with every filter in SQL."""
    tricky_names()
    make_conference(
        province=sample.hoa_binh, on=datetime.date(2025, 1, 1), precision=Precision.YEAR
    )
    views = itertools.product(
        [m for m, _label in reports.Measure.CHOICES],
        ["current", "former"],
        ["province", "region"],
        [
            {},
            {"region": NORTH},
            {"region": DELTA, "to": "2023"},
            {"from": "2024"},
            {"from": "2023", "to": "2024"},
            {"organizer": "ban-chi-dao"},
            {"format": "online", "from": "2023"},
            {"scope": "national", "organizer": "ban-chi-dao", "region": DELTA},
            {"scope": "provincial", "format": "in_person", "to": "2024"},
            {"format": "unknown"},
            {"province": ["phu-tho"]},
            {"province": ["ha-noi", "phu-tho"], "from": "2023", "region": NORTH},
        ],
    )
    for measure, unit, by, filters in views:
        params = {"measure": measure, "unit": unit, "by": by, **filters}
        form = reports.ReportForm(params)
        assert form.is_valid(), params
        expected = counted_by_the_database(form)
        assert shown(reports.build_report(form)) == expected, params
