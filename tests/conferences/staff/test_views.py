import csv
import datetime
import io
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from archive.lib import caching
from archive.lib.dates import Precision
from conferences.models import Qualifier
from tests.conferences.staff.test_reports import make_sample
from tests.factories import PASSWORD, make_conference, make_province, make_staff

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def reader():
    """Signed in, but not staff."""
    return User.objects.create_user("reader", password=PASSWORD)


@pytest.fixture
def staff_client(viewer_client):
    return viewer_client


@pytest.fixture
def sample():
    return make_sample()


# --- Access ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["report", "report-csv", "report-xlsx", "report-json", "conferences-csv"]
)
def test_anonymous_goes_to_login(client, name):
    url = reverse(f"staff:{name}") + "?measure=attendees"
    response = client.get(url)
    assert response.status_code == 302
    login = reverse("admin:login")
    assert response["Location"].startswith(login + "?next=")
    assert "measure%3Dattendees" in response["Location"]


@pytest.mark.parametrize(
    "name", ["report", "report-csv", "report-xlsx", "report-json", "conferences-csv"]
)
def test_signed_in_non_staff_is_forbidden(client, name):
    client.force_login(reader())
    assert client.get(reverse(f"staff:{name}")).status_code == 403


@pytest.mark.parametrize("who", ["viewer_client", "editor_client", "admin_client"])
def test_staff_see_the_report(request, sample, who):
    response = request.getfixturevalue(who).get(reverse("staff:report"))
    assert response.status_code == 200
    assert table_text(response.content.decode())[-1][:6] == ["Tổng", "2", "2", "1", "1", "6"]


# --- The page -------------------------------------------------------------------------


def table_text(html):
    """The report table's rows as lists of cell texts (links and notes flattened)."""
    table = html.split('<table class="report', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in r] for r in cells]


def test_report_page_shows_the_counts(staff_client, sample):
    response = staff_client.get(reverse("staff:report"))
    assert table_text(response.content.decode()) == [
        ["Tỉnh, thành phố", "2023", "2024", "2025", "Không rõ năm", "Tổng", "2025 so với 2024"],
        ["Hà Nội", "0", "1", "0", "1", "2", "-1"],
        ["Lai Châu", "0", "0", "0", "0", "0", "0"],
        ["Phú Thọ", "2", "0", "1", "0", "3", "+1"],
        ["Không rõ tỉnh, thành phố", "0", "1", "0", "0", "1", "-1"],
        ["Tổng", "2", "2", "1", "1", "6", "-1"],
    ]
    assert b'href="/conferences/?province=phu-tho&amp;year=2023"' in response.content


@pytest.mark.parametrize("params", [{}, {"unit": "former"}, {"organizer": "ban-chi-dao"}])
def test_cell_links_list_exactly_the_conferences_counted(staff_client, sample, params):
    report = staff_client.get(reverse("staff:report"), params).context["report"]
    cells = [cell for row in report.rows for cell in row.cells if cell.url]
    assert len(cells) >= 2
    for cell in cells:
        listed = staff_client.get(cell.url).context["page_obj"].paginator.count
        assert listed == cell.conferences, cell.url


def test_attendees_page_shows_missing_and_uncertain(staff_client, sample):
    response = staff_client.get(reverse("staff:report"), {"measure": "attendees"})
    # Thousands are grouped the locale's way ("3.100" or "3100"): compare without grouping.
    rows = [[c.replace(".", "") for c in row] for row in table_text(response.content.decode())]
    # "0": none held; "—": held, but none gave the figure.
    assert rows[2] == ["Lai Châu", "0", "0", "0", "0", "0", "0"]
    assert rows[3] == ["Phú Thọ", "650 ≈1", "0", "— thiếu 1", "0", "650 thiếu 1 ≈1", "—"]
    assert rows[-1] == [
        "Tổng",
        "650 ≈1",
        "3100 thiếu 1 ≈1",
        "— thiếu 1",
        "104 ≈1",
        "3854 thiếu 2 ≈3",
        "—",
    ]


def test_charts_are_accessible_inline_svg(staff_client, sample):
    html = staff_client.get(reverse("staff:report")).content.decode()
    svgs = re.findall(r"<svg [^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg and "aria-label=" in svg
        assert "<title " in svg and "<desc " in svg
    assert "2023: 2; 2024: 2; 2025: 1; Không rõ năm: 1." in svgs[0]
    # The print styles live in a stylesheet (no inline <style> under the CSP).
    assert 'href="/static/staff.css"' in html and "<style" not in html
    assert "@media print" in (settings.BASE_DIR / "static" / "staff.css").read_text()


def test_region_view(staff_client, sample):
    response = staff_client.get(reverse("staff:report"), {"by": "region"})
    rows = table_text(response.content.decode())
    assert rows[0][0] == "Vùng (toàn quốc)"
    assert rows[1] == ["Trung du và miền núi phía Bắc", "2", "0", "1", "0", "3", "+1"]


def test_drafts_are_not_counted(staff_client):
    province = make_province("Hà Nội")
    make_conference(province=province, on=datetime.date(2024, 1, 1), published=False)
    response = staff_client.get(reverse("staff:report"))
    assert table_text(response.content.decode()) == [
        ["Tỉnh, thành phố", "Tổng"],
        ["Hà Nội", "0"],
        ["Tổng", "0"],
    ]
    hidden = staff_client.get(reverse("staff:report"), {"hide_empty": "1"}).content.decode()
    assert "Không có hội nghị nào khớp với bộ lọc." in hidden


@pytest.mark.parametrize(
    "params", [{"from": "abc"}, {"measure": "x"}, {"from": "2025", "to": "2020"}]
)
def test_bad_params_show_the_error_and_the_unfiltered_report(staff_client, sample, params):
    response = staff_client.get(reverse("staff:report"), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert table_text(html)[-1] == ["Tổng", "2", "2", "1", "1", "6", "-1"]


def test_a_mistyped_year_names_the_field_and_the_expected_form(staff_client, sample):
    response = staff_client.get(reverse("staff:report"), {"from": "abc"})
    html = response.content.decode()
    assert (
        '<li><a href="#id_from">Từ năm</a> (<code>from</code>): “abc” không phải là năm; '
        "cần một năm gồm bốn chữ số, từ 1945 đến 2100, ví dụ 2024.</li>"
    ) in html
    assert 'aria-invalid="true"' in html and 'value="abc"' in html


@pytest.mark.parametrize("name", ["report-csv", "report-xlsx", "report-json", "conferences-csv"])
def test_bad_params_in_exports_are_400(staff_client, name):
    response = staff_client.get(reverse(f"staff:{name}"), {"to": "abc"})
    assert response.status_code == 400
    assert response.content.decode() == (
        "Đến năm (to): “abc” không phải là năm; cần một năm gồm bốn chữ số, từ 1945 đến "
        "2100, ví dụ 2024."
    )


def test_export_links_carry_the_filters_shown(staff_client):
    params = {"measure": "attendees", "from": "2020"}
    html = staff_client.get(reverse("staff:report"), params).content.decode()
    for name in ["report-xlsx", "report-csv", "report-json", "conferences-csv"]:
        assert f'href="{reverse(f"staff:{name}")}?measure=attendees&amp;from=2020"' in html


# --- Exports --------------------------------------------------------------------------


def page_numbers(page):
    """The page's table as the exports hold it: the number of each cell (notes and
    thousands separators dropped, "—" as empty), the row label first."""

    def number(text):
        first = text.split(" ")[0].replace(".", "")
        return "" if first == "—" else first

    return [[row[0]] + [number(c) for c in row[1:]] for row in page[1:]]


def test_csv_equals_the_table_shown(staff_client, sample):
    params = {"measure": "attendees", "unit": "former"}
    page = table_text(staff_client.get(reverse("staff:report"), params).content.decode())
    response = staff_client.get(reverse("staff:report-csv"), params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="so-dai-bieu_don-vi-tai-thoi-diem_{today}.csv"'
    )
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    header, *lines = list(csv.reader(io.StringIO(raw[1:])))
    # One header row; each number followed by its missing and approximate counts.
    assert header[:4] == [
        "Tỉnh, thành phố",
        "2023",
        "2023: số hội nghị không có số liệu",
        "2023: số liệu ước lượng",
    ]
    numbers = [[line[0], *line[1:-1:3], line[-1]] for line in lines]
    assert numbers == page_numbers(page)
    phu_tho = next(line for line in lines if line[0] == "Phú Thọ")
    assert phu_tho[7:10] == ["", "1", "0"]  # 2025: held, no figure, one missing


def test_xlsx_equals_the_table_shown(staff_client, sample):
    params = {"measure": "attendees", "from": "2023", "to": "2024"}
    page = table_text(staff_client.get(reverse("staff:report"), params).content.decode())
    response = staff_client.get(reverse("staff:report-xlsx"), params)
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    table, filters = workbook.worksheets
    header, *lines = list(table.iter_rows(values_only=True))
    assert header[0] == "Tỉnh, thành phố" and header[-1] == "2024 so với 2023"
    numbers = [[line[0], *line[1:-1:3], line[-1]] for line in lines]
    shown = [
        [c if c == "" or c[0].isalpha() else int(c) for c in row] for row in page_numbers(page)
    ]
    assert [[None if v is None else v for v in row] for row in numbers] == [
        [None if c == "" else c for c in row] for row in shown
    ]
    assert next(line for line in lines if line[0] == "Hà Nội")[4] == 3100  # a number
    described = dict(filters.iter_rows(values_only=True))
    assert described["Số liệu"] == "Số đại biểu"
    assert described["Từ năm"] == "2023" and described["Đến năm"] == "2024"
    assert described["Địa chỉ báo cáo"].endswith("/staff/?measure=attendees&from=2023&to=2024")


def test_json_equals_the_table(staff_client, sample):
    response = staff_client.get(reverse("staff:report-json"), {"measure": "officials"})
    data = json.loads(response.content)
    assert data["columns"] == [2023, 2024, 2025, None]
    rows = {
        row["key"]: [c["value"] for c in row["cells"]] + [row["total"]["value"]]
        for row in data["rows"]
    }
    assert rows == {
        "ha-noi": [0, 2, 0, 0, 2],
        "lai-chau": [0, 0, 0, 0, 0],
        "phu-tho": [2, 0, 0, 0, 2],
        None: [0, 0, 0, 0, 0],
    }
    assert data["change_years"] == [2025, 2024]
    assert [row["change"] for row in data["rows"]] == [-2, 0, 0, 0]
    assert data["total"]["value"] == 3


def test_conferences_csv_lists_what_is_counted(staff_client, sample):
    response = staff_client.get(reverse("staff:conferences-csv"), {"from": "2023", "to": "2023"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(lines) == 3  # header, c1 (Vĩnh Phúc), c2 (Hòa Bình)
    by_province = {line[3]: line for line in lines[1:]}
    assert by_province["Vĩnh Phúc"][4] == "Phú Thọ"
    assert by_province["Hòa Bình"][1] == "2023"  # year precision stays a year
    assert by_province["Hòa Bình"][8:10] == ["350", "hơn"]
    assert by_province["Vĩnh Phúc"][11] == "Ban Chỉ đạo Nhân quyền Chính phủ"


def test_conferences_csv_neutralises_formulas(staff_client):
    make_conference("=cmd|' /C calc'!A0", on=datetime.date(2024, 1, 1))
    response = staff_client.get(reverse("staff:conferences-csv"))
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[1][0] == "'=cmd|' /C calc'!A0"


# --- Queries --------------------------------------------------------------------------


def make_grid(provinces, years, start=0):
    for p in range(start, start + provinces):
        current = make_province(f"Tỉnh {p}")
        former = make_province(f"Tỉnh cũ {p}", current=False, successor=current)
        for year in range(2019, 2019 + years):
            make_conference(
                province=former if year % 2 else current,
                on=datetime.date(year, 1, 1),
                precision=Precision.YEAR,
                attendees=100,
                attendees_qualifier=Qualifier.EXACT,
            )


def count_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("staff:report"), params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("measure", ["conferences", "attendees", "connection_points", "officials"])
@pytest.mark.parametrize("unit", ["current", "former"])
def test_query_count_does_not_grow_with_provinces_and_years(staff_client, measure, unit):
    params = {"measure": measure, "unit": unit}
    make_grid(3, 2)
    small = count_queries(staff_client, params)
    make_grid(20, 6, start=3)
    assert count_queries(staff_client, params) == small
    # session, user, organiser choices, grouped measure, provinces; officials totals +3.
    assert small <= 8


def test_export_query_counts_are_bounded(staff_client, django_assert_max_num_queries):
    make_grid(20, 6)
    with django_assert_max_num_queries(6):  # 5, and the archive's version
        staff_client.get(reverse("staff:report-csv"), {"measure": "attendees"})
    with django_assert_max_num_queries(6):
        staff_client.get(reverse("staff:conferences-csv"))


# --- Cache ----------------------------------------------------------------------------


def report_queries(client, params=None):
    """The SQL of one view of the report that reads the archive (not the session, the
    user or the archive's version, which every view reads once)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("staff:report"), params or {})
    assert response.status_code == 200
    others = ("django_session", '"auth_user"', caching.VERSION_TABLE)
    return response, [q["sql"] for q in queries if not any(o in q["sql"] for o in others)]


@pytest.mark.parametrize("measure", ["conferences", "attendees", "officials"])
def test_a_repeated_view_reads_nothing_from_the_archive(staff_client, sample, measure):
    first, queries = report_queries(staff_client, {"measure": measure})
    assert queries
    again, queries = report_queries(staff_client, {"measure": measure})
    assert queries == []
    assert again.content == first.content


def test_a_save_shows_in_the_next_view(staff_client, sample):
    assert table_text(staff_client.get(reverse("staff:report")).content.decode())[-1][-2] == "6"
    make_conference(province=sample.ha_noi, on=datetime.date(2024, 9, 9))
    rows = table_text(staff_client.get(reverse("staff:report")).content.decode())
    assert rows[1] == ["Hà Nội", "0", "2", "0", "1", "3", "-2"]
    assert rows[-1][-2] == "7"


def test_each_language_has_its_own_copy(staff_client, sample):
    params = {"measure": "attendees", "by": "region"}
    vietnamese = table_text(staff_client.get(reverse("staff:report"), params).content.decode())
    english = table_text(staff_client.get(f"/en{reverse('staff:report')}", params).content.decode())
    assert vietnamese[-1][:3] == ["Tổng", "650 ≈1", "3.100 thiếu 1 ≈1"]
    assert english[-1][:3] == ["Total", "650 ≈1", "3,100 missing 1 ≈1"]
    assert (vietnamese[1][0], english[1][0]) == (
        "Trung du và miền núi phía Bắc",
        "Northern Midlands and Mountains",
    )


def test_the_form_shows_what_this_reader_typed_over_a_cached_report(client, sample):
    """Only the report is shared between readers; the form echoes each request."""
    first_user, second_user = make_staff("Viewers", "first"), make_staff("Viewers", "second")
    client.force_login(first_user)
    first = client.get(reverse("staff:report"), {"from": "2023"}).content.decode()
    client.force_login(second_user)
    response, queries = report_queries(client, {"from": "02023", "measure": "conferences"})
    html = response.content.decode()
    assert queries == []
    assert 'name="from" value="02023"' in html and 'value="02023"' not in first
    assert table_text(html) == table_text(first)


def test_exports_share_the_cached_report(staff_client, sample):
    staff_client.get(reverse("staff:report"), {"measure": "attendees"})
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(reverse("staff:report-json"), {"measure": "attendees"})
        staff_client.get(reverse("staff:report-csv"), {"measure": "attendees"})
    assert not [q for q in queries if "conferences_conference" in q["sql"]]


def test_views_of_a_measure_share_its_query(staff_client, sample):
    """Other units, rows, years and regions of a measure already counted are worked out
    without reading the conferences again."""

    def reads_conferences(params):
        _response, queries = report_queries(staff_client, {"measure": "attendees", **params})
        return any("conferences_conference" in sql for sql in queries)

    assert reads_conferences({})
    assert not reads_conferences({"unit": "former"})
    assert not reads_conferences({"by": "region", "from": "2023"})
    assert not reads_conferences({"region": "red-river-delta", "to": "2024", "unit": "former"})
    # Another organiser, scope or format is another selection of conferences.
    assert reads_conferences({"scope": "national"})
    assert not reads_conferences({"scope": "national", "by": "region", "from": "2024"})
    assert reads_conferences({"format": "online"})
    assert reads_conferences({"organizer": "ban-chi-dao"})


# --- Getting there --------------------------------------------------------------------


def test_the_admin_home_links_the_report(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()
    card = html.split('id="staff-reports"', 1)[1].split("</div>", 1)[0]
    assert f'<a href="{reverse("staff:report")}">Hội nghị theo địa phương và năm</a>' in card


def test_the_site_header_links_the_report_for_staff_only(client):
    link = f'<a href="{reverse("staff:report")}"'
    assert link not in client.get(reverse("conferences:list")).content.decode()
    client.force_login(reader())
    assert link not in client.get(reverse("conferences:list")).content.decode()
    client.force_login(make_staff("Viewers", "viewer"))
    assert link in client.get(reverse("conferences:list")).content.decode()


def test_several_provinces_from_the_query_string(staff_client, sample):
    response = staff_client.get(
        reverse("staff:report") + "?province=ha-noi&province=lai-chau&from=2024&to=2024"
    )
    html = response.content.decode()
    assert table_text(html) == [
        ["Tỉnh, thành phố", "2024", "Tổng", "2024 so với 2023"],
        ["Hà Nội", "1", "1", "+1"],
        ["Lai Châu", "0", "0", "0"],
        ["Tổng", "1", "1", "+1"],
    ]
    assert html.count("checked") == 2 and '<details class="provinces" open>' in html
    assert 'href="/staff/report.xlsx?province=ha-noi&amp;province=lai-chau&amp;from=2024' in html
    # The charts say whose totals they are.
    assert "Số hội nghị theo năm, các đơn vị đã chọn" in html
