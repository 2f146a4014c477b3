"""Issue 17's targets in a real browser: an editor goes from a pasted article to a published
conference, correcting one figure and one role, in at most six screens, all in Vietnamese,
without horizontal scrolling at 1,280 px and with no serious accessibility violation; every
change form with inline rows fits 1,280 px (and 1,024 px)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conferences.models import Conference, Participation
from tests.archive.test_admin_vietnamese import PATTERN
from tests.browser.test_validators import AXE, WCAG
from tests.factories import PASSWORD, make_official, make_province, make_public

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = """Quảng Trị tập huấn công tác nhân quyền năm 2024

15/06/2024 09:30

Ngày 14/6, tại thành phố Đông Hà, Ban Chỉ đạo về Nhân quyền tỉnh Quảng Trị phối hợp với \
Văn phòng Thường trực Ban Chỉ đạo Nhân quyền Chính phủ tổ chức Hội nghị tập huấn công tác \
nhân quyền năm 2024 theo hình thức trực tiếp kết hợp trực tuyến.

Dự Hội nghị có 200 đại biểu tại điểm cầu chính của tỉnh. Tổng cộng có 1.350 đại biểu dự \
tại 47 điểm cầu.

Tại Hội nghị, Đại tá Phạm Văn Mẫu, Phó Cục trưởng Cục Đối ngoại, Bộ Công an truyền đạt \
các chuyên đề về: công tác nhân quyền trong tình hình mới; kỹ năng đấu tranh phản bác các \
quan điểm sai trái về nhân quyền.

Phát biểu tại phiên bế mạc, ông Lê Văn Thử, Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo về \
Nhân quyền tỉnh đề nghị các cơ quan, đơn vị tiếp tục quán triệt các nội dung đã được tập \
huấn.
"""


@pytest.fixture
def editor_page(browser, live_server, editor):
    # axe is injected as a script, which the admin's Content-Security-Policy rightly blocks.
    context = browser.new_context(
        bypass_csp=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.locator("#id_username").fill(editor.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    yield page
    context.close()


def problems_on(page):
    """Horizontal scrolling, serious accessibility violations and English on this screen."""
    page.wait_for_load_state("load")
    found = []
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    if width > viewport:
        found.append(f"{width} px wide at {viewport} px")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)",
        WCAG,
    )
    found += [
        f"{v['id']} ({v['impact']}) {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    english = sorted(set(PATTERN.findall(page.locator("body").inner_text())))
    if english:
        found.append(f"English: {english}")
    return found


def test_from_a_pasted_article_to_a_published_conference_in_six_screens(
    editor_page, live_server, browser
):
    make_province("Quảng Trị")
    page, screens = editor_page, {}

    # 1. The import page: paste the article.
    page.goto(live_server.url + reverse("importer:import"))
    screens["paste"] = problems_on(page)
    page.get_by_label("Dán nội dung bài báo").fill(ARTICLE)
    page.get_by_role("button", name="Phân tích").click()

    # 2. The review: the proposal beside the source. Correct one figure and one role.
    expect(page.get_by_role("heading", name="Bài báo nguồn")).to_be_visible()
    screens["review"] = problems_on(page)
    attendees = page.get_by_label("Số đại biểu")
    expect(attendees).to_have_value("200")  # the main venue only; the article totals 1.350
    attendees.fill("1350")
    named = page.locator('input[value="Lê Văn Thử"]')
    row = page.locator("#officials-group .review-row", has=named)
    expect(row.get_by_label("Vai trò")).to_have_value("speaker")
    row.get_by_label("Vai trò").select_option(label="phát biểu bế mạc")
    page.get_by_role("button", name="Xác nhận và tạo bản nháp").click()

    # 3. The draft conference, with a message saying what was made and what publishing does.
    message = page.locator(".messagelist .success")
    expect(message).to_contain_text("Đã tạo bản nháp hội nghị")
    expect(message).to_contain_text("Lưu và công bố")
    screens["draft"] = problems_on(page)
    conference = Conference.objects.get()
    assert (conference.attendees, conference.status) == (1350, "draft")
    roles = set(Participation.objects.values_list("official__full_name", "role"))
    assert ("Lê Văn Thử", "closing_speech") in roles

    # 4. The preview: the public page under a draft banner, with the publish button.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Xem trước").click()
    preview = opened.value
    expect(preview.locator(".preview-banner")).to_contain_text("Bản nháp — chưa công khai.")
    expect(preview.locator("main")).to_contain_text("1.350")
    screens["preview"] = problems_on(preview)
    preview.get_by_role("button", name=re.compile("Công bố cùng 1 bài báo nguồn")).click()

    # 5. Back on the conference page: published, with its source article.
    expect(preview.locator(".messagelist .success")).to_contain_text("Đã công bố")
    screens["published"] = problems_on(preview)

    assert screens == {name: [] for name in screens}
    assert len(screens) <= 6
    conference.refresh_from_db()
    assert conference.is_published and conference.articles.get().is_published

    # A reader now sees the conference and the people it names.
    reader = browser.new_context(locale="vi-VN").new_page()
    reader.goto(live_server.url + conference.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(conference.name)
    expect(reader.locator("main")).to_contain_text("Lê Văn Thử")
    reader.context.close()


@pytest.mark.parametrize("width", [1280, 1024])
def test_every_change_form_with_inline_rows_fits_the_screen(editor_page, archive, width):
    page = editor_page
    page.set_viewport_size({"width": width, "height": 900})
    forms = {
        "conference": archive["conference"],
        "official": archive["conference"].participations.get().official,
        "organisation": archive["organization"],
        "article": archive["article"],
    }
    wide = {}
    for name, record in forms.items():
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        page.goto(page.url.split("/admin/")[0] + url)
        expect(page.locator("#content-main form")).to_be_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide[name] = scroll_width
    assert wide == {}


def test_a_row_added_in_the_review_is_matched_through_the_search_box(editor_page, live_server):
    """The review's rows are added and removed in the browser (the admin's inline script),
    and a new row's "already in the archive" box searches as the editor types."""
    known = make_public(make_official("Lê Văn Thử"))
    page = editor_page
    page.goto(live_server.url + reverse("importer:import"))
    page.get_by_label("Dán nội dung bài báo").fill(ARTICLE)
    page.get_by_role("button", name="Phân tích").click()
    officials = page.locator("#officials-group")
    rows = officials.locator(".review-row.has_original")
    expect(rows).to_have_count(2)
    # The extractor matched Lê Văn Thử; remove the row, then add him back by hand.
    named = page.locator('input[value="Lê Văn Thử"]')
    rows.filter(has=named).get_by_label("Bỏ dòng này").check()
    officials.get_by_role("button", name="Thêm một quan chức").click()
    added = officials.locator(".review-row.dynamic-officials").last
    added.get_by_label("Họ tên").fill("Lê Văn Thử")
    added.get_by_label("Vai trò").select_option(label="phát biểu bế mạc")
    added.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("le van thu")
    page.locator(".select2-results__option", has_text="Lê Văn Thử").click()
    assert problems_on(page) == []
    page.get_by_role("button", name="Xác nhận và tạo bản nháp").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Đã tạo bản nháp hội nghị")
    rows = Participation.objects.filter(official=known).values_list("role", flat=True)
    assert list(rows) == ["closing_speech"]
