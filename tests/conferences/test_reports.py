"""Report numbers against a small archive counted by hand (see `make_sample`)."""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from archive.dates import Precision
from archive.models import Region
from conferences import reports
from conferences.charts import report_charts
from conferences.models import Figure, Format, Organizer, Participation, Qualifier, Scope
from tests.factories import (
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_participation,
    make_province,
)

pytestmark = pytest.mark.django_db

NORTH = Region.NORTHERN_MIDLANDS
DELTA = Region.RED_RIVER_DELTA


def figure(conference, article, kind, value, qualifier=Qualifier.EXACT):
    return Figure.objects.create(
        conference=conference,
        article=article,
        passage=article.body,
        kind=kind,
        value=value,
        qualifier=qualifier,
        as_printed=str(value),
    )


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
    ha_noi = make_province("Hà Nội", region=DELTA, kind="city")
    make_province("Lai Châu", region=NORTH)  # no conference: no row

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
    figure(c1, a1, Figure.Kind.ATTENDEES, 300)
    figure(c1, a2, Figure.Kind.ATTENDEES, 300)
    figure(c1, a1, Figure.Kind.CONNECTION_POINTS, 20, Qualifier.APPROX)
    figure(c4, a1, Figure.Kind.ATTENDEES, 3100)
    figure(c4, a2, Figure.Kind.ATTENDEES, 3000)
    figure(c4, a1, Figure.Kind.CONNECTION_POINTS, 114)

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
        phu_tho=phu_tho, vinh_phuc=vinh_phuc, hoa_binh=hoa_binh, ha_noi=ha_noi, organizer=organizer
    )


@pytest.fixture
def sample():
    return make_sample()


def report_for(**params):
    form = reports.ReportForm(params)
    assert form.is_valid(), form.errors
    return reports.build_report(form)


def values(report, attribute="value"):
    """{row label: [cells..., total]} plus the totals row under "Tổng"."""
    return {line[0]: line[1:] for line in report.value_rows(attribute)[1:]}


def test_conferences_by_current_unit(sample):
    report = report_for()
    assert report.columns == [2023, 2024, 2025, None]
    assert values(report) == {
        "Hà Nội": [0, 1, 0, 1, 2],
        "Phú Thọ": [2, 0, 1, 0, 3],
        "Không rõ tỉnh, thành phố": [0, 1, 0, 0, 1],
        "Tổng": [2, 2, 1, 1, 6],
    }


def test_conferences_by_unit_as_it_was(sample):
    report = report_for(unit="former")
    assert values(report) == {
        "Hà Nội": [0, 1, 0, 1, 2],
        "Hòa Bình (nay thuộc Phú Thọ)": [1, 0, 0, 0, 1],
        "Phú Thọ": [0, 0, 1, 0, 1],
        "Vĩnh Phúc (nay thuộc Phú Thọ)": [1, 0, 0, 0, 1],
        "Không rõ tỉnh, thành phố": [0, 1, 0, 0, 1],
        "Tổng": [2, 2, 1, 1, 6],
    }


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
    assert values(report) == {
        "Hà Nội": [None, 3100, None, 104, 3204],
        "Phú Thọ": [650, None, None, None, 650],
        "Không rõ tỉnh, thành phố": [None, None, None, None, None],
        "Tổng": [650, 3100, None, 104, 3854],
    }
    # c3 (Phú Thọ 2025) and c6 (no province) have no figure: counted apart, never as 0.
    assert values(report, "missing") == {
        "Hà Nội": [0, 0, 0, 0, 0],
        "Phú Thọ": [0, 0, 1, 0, 1],
        "Không rõ tỉnh, thành phố": [0, 1, 0, 0, 1],
        "Tổng": [0, 1, 1, 0, 2],
    }
    # c2 "hơn 350", c5 "khoảng 104", c4 sources disagree; c1's two sources agree.
    assert values(report, "approximate") == {
        "Hà Nội": [0, 1, 0, 1, 2],
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
    assert values(report) == {
        "Gia Lai": [0, 0, 1, 0, 1],
        "Lai Châu": [1, 0, 0, 0, 1],
        "Phú Thọ": [0, 1, 1, 0, 2],
        "Quảng Ninh": [0, 0, 1, 0, 1],
        "Vĩnh Long": [0, 0, 0, 1, 1],
        "Tổng": [1, 1, 3, 1, 6],
    }
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
    ],
)
def test_invalid_params_are_form_errors(params):
    assert not reports.ReportForm(params).is_valid()


def test_csv_export_is_the_table(sample):
    report = report_for(measure="attendees")
    text = reports.write_csv(reports.report_csv_lines(report))
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text[1:])))
    table = [["" if v is None else str(v) for v in line] for line in report.value_rows()]
    start = lines.index(table[0])
    assert lines[start : start + len(table)] == table
    assert ["Số hội nghị không có số liệu"] in lines


def test_csv_neutralises_formulas():
    text = reports.write_csv([["=HYPERLINK(1)", "+1", "-2", "@x", "ok", 5]])
    assert text == "\ufeff'=HYPERLINK(1),'+1,'-2,'@x,ok,5\r\n"


def test_charts_show_the_totals(sample):
    per_year, ranked = report_charts(report_for())
    assert [(b.label, b.display) for b in per_year.bars] == [
        ("2023", "2"),
        ("2024", "2"),
        ("2025", "1"),
        ("Không rõ năm", "1"),
    ]
    assert [b.label for b in ranked.bars] == ["Phú Thọ", "Hà Nội"]
    assert ranked.bars[0].width > ranked.bars[1].width
    assert per_year.description == "2023: 2; 2024: 2; 2025: 1; Không rõ năm: 1."
