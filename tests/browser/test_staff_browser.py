"""A member of staff, in a real browser: from login to a province report as XLSX in
three clicks; the report fits a phone; it passes axe and the Nu HTML checker."""

import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.test_validators import AXE, VNU, WCAG
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server):
    page.goto(live_server.url + reverse("admin:login"))
    page.locator("#id_username").fill("viewer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#staff-reports")).to_be_visible()


def test_from_login_to_two_provinces_in_2024_as_xlsx_in_three_clicks(
    page, live_server, archive, viewer, tmp_path
):
    log_in(page, live_server)
    # 1. The report, from the card at the top of the admin home.
    page.locator("#staff-reports").get_by_role(
        "link", name="Hội nghị theo địa phương và năm"
    ).click()
    # 2. The year and two provinces, then "Xem báo cáo".
    page.get_by_label("Từ năm").fill("2024")
    page.get_by_label("Đến năm").fill("2024")
    page.locator("details.provinces summary").click()
    page.get_by_label("Hà Nội").check()
    page.get_by_label("Phú Thọ").check()
    page.get_by_role("button", name="Xem báo cáo").click()
    table = page.locator("table.report")
    expect(table.locator("tbody tr")).to_have_count(2)
    shown = [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr, tfoot tr").all()
    ]
    assert shown == [
        ["Hà Nội", "0", "0", "-1"],
        ["Phú Thọ", "1", "1", "0"],
        ["Tổng", "1", "1", "-1"],
    ]
    # 3. The XLSX link.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bảng (Excel, XLSX)").click()
    assert download.value.suggested_filename.startswith("so-hoi-nghi_2024_ha-noi-phu-tho_")
    path = tmp_path / "report.xlsx"
    download.value.save_as(path)
    workbook = load_workbook(path)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows == [
        ("Tỉnh, thành phố", "2024", "Tổng", "2024 so với 2023"),
        ("Hà Nội", 0, 0, -1),
        ("Phú Thọ", 1, 1, 0),
        ("Tổng", 1, 1, -1),
    ]
    filters = dict(workbook.worksheets[1].iter_rows(values_only=True))
    assert filters["Tỉnh, thành phố"] == "Hà Nội, Phú Thọ"


REPORTS = [
    "/staff/",
    "/staff/?measure=attendees&unit=former&province=phu-tho",
    "/staff/?by=region&measure=connection_points",
    "/staff/?from=abc",
]


def test_the_report_fits_a_phone(page, live_server, archive, viewer):
    log_in(page, live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in REPORTS:
        page.goto(live_server.url + path)
        page.locator("details.provinces summary").click()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_report_passes_axe(browser, live_server, archive, viewer, width):
    context = browser.new_context(bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)
    problems = []
    for path in [*REPORTS, reverse("admin:index")]:
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => r.violations)",
            WCAG,
        )
        problems += [
            f"{path}: {v['id']} ({v['impact']}) {v['nodes'][0]['target']}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
    context.close()
    assert problems == []


def test_the_report_passes_the_nu_html_checker(page, live_server, archive, viewer, tmp_path):
    log_in(page, live_server)
    files = []
    for index, path in enumerate(REPORTS):
        response = page.request.get(live_server.url + path)
        file = tmp_path / f"report{index}.html"
        file.write_bytes(response.body())
        files.append(str(file))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
