import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_filters_opens_a_conference_and_follows_a_source(page, live_server, archive):
    page.goto(f"{live_server.url}/conferences/")
    page.get_by_label("Tỉnh, thành phố").select_option("phu-tho")
    page.get_by_label("Năm").select_option("2023")
    page.get_by_role("button", name="Lọc").click()

    expect(page).to_have_url(re.compile(r"province=phu-tho.*year=2023|year=2023.*province=phu-tho"))
    expect(page.get_by_role("status")).to_contain_text("1 hội nghị")
    expect(page.get_by_text("Hội nghị Hà Nội năm 2023")).to_have_count(0)
    expect(page.get_by_text("Hội nghị Phú Thọ năm 2024")).to_have_count(0)

    page.get_by_role(
        "link", name="Hội nghị tập huấn công tác nhân quyền năm 2023 tại Vĩnh Phúc"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hội nghị tập huấn công tác nhân quyền năm 2023 tại Vĩnh Phúc"
    )
    expect(page.get_by_text("Vĩnh Phúc (nay thuộc Phú Thọ)").first).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("3.100")

    sources = page.get_by_role("region", name="Nguồn tin")
    sources.get_by_role("link", name="Vĩnh Phúc tập huấn công tác nhân quyền").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vĩnh Phúc tập huấn công tác nhân quyền"
    )
    expect(page.get_by_text("Báo Thời Đại").first).to_be_visible()


def test_removing_a_chip_keeps_the_other_filter(page, live_server, archive):
    page.goto(f"{live_server.url}/conferences/?province=phu-tho&year=2023")
    page.get_by_role("link", name=re.compile("Tỉnh, thành phố: Phú Thọ")).click()
    expect(page).to_have_url(re.compile(r"/conferences/\?year=2023$"))
    expect(page.get_by_role("status")).to_contain_text("2 hội nghị")


def test_search_without_diacritics(page, live_server, archive):
    page.goto(live_server.url)
    search = page.get_by_role("search")
    search.get_by_role("searchbox").fill("nguyen van ky")
    search.get_by_role("button").click()
    results = page.get_by_role("region", name="Quan chức")
    expect(results.get_by_role("link", name="Nguyễn Văn Kỷ")).to_be_visible()
    expect(results.locator("mark")).to_have_text("Nguyễn Văn Kỷ")

    page.get_by_label(re.compile("Từ khóa")).fill("vinh phuc")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("region", name="Hội nghị").get_by_role("link").first).to_contain_text(
        "Vĩnh Phúc"
    )


def test_language_switch_keeps_the_page_and_an_english_link_stays_english(
    page, live_server, archive, browser
):
    conference_url = archive["conference"].get_absolute_url()
    page.goto(f"{live_server.url}{conference_url}")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator(".facts")).to_contain_text("3.100")
    main_nav = page.get_by_role("navigation", name="Điều hướng chính")
    expect(main_nav.get_by_role("link", name="Hội nghị", exact=True)).to_be_visible()
    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()

    expect(page).to_have_url(f"{live_server.url}/en{conference_url}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".facts")).to_contain_text("3,100")
    # The interface strings come from the English catalog (locale/en).
    main_nav = page.get_by_role("navigation", name="Main navigation")
    expect(main_nav.get_by_role("link", name="Conferences", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Hội nghị", exact=True)).to_have_count(0)
    # Content without an English version is marked as Vietnamese.
    expect(page.get_by_role("heading", level=1).locator('[lang="vi"]')).to_have_text(
        "Hội nghị tập huấn công tác nhân quyền năm 2023 tại Vĩnh Phúc"
    )

    # Following a link stays in English.
    main_nav.get_by_role("link", name="Conferences", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/en/conferences/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # A shared English link opens in English for a reader who never chose a language,
    # whatever their browser prefers.
    reader = browser.new_context(locale="vi-VN")
    shared = reader.new_page()
    shared.goto(f"{live_server.url}/en{conference_url}")
    expect(shared.locator("html")).to_have_attribute("lang", "en")
    shared.get_by_role("navigation", name="Language").get_by_role("link", name="Tiếng Việt").click()
    expect(shared).to_have_url(f"{live_server.url}{conference_url}")
    expect(shared.locator("html")).to_have_attribute("lang", "vi")
    reader.close()


def test_a_source_link_opens_the_article_at_the_highlighted_passage(page, live_server, archive):
    # A long article, so that the passage is well below the top of the page.
    article = archive["article"]
    article.body = "\n\n".join(["Đoạn mở đầu không liên quan."] * 40 + [article.body])
    article.save()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}{archive['conference'].get_absolute_url()}")

    people = page.get_by_role("region", name="Người tham dự")
    people.locator("summary", has_text="Nguồn").first.click()
    people.get_by_role("link", name="Vĩnh Phúc tập huấn công tác nhân quyền").first.click()

    expect(page).to_have_url(re.compile(r"/articles/[\w-]+/#passage-[0-9a-f]{12}$"))
    target = page.locator("mark.passage:target")
    expect(target).to_have_count(1)
    expect(target).to_have_text("Thiếu tướng Nguyễn Văn Kỷ, Phó Cục trưởng Cục Đối ngoại")
    expect(target).to_be_in_viewport()
    # Highlighted: the marked passage has its own background, stronger when targeted.
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # Every other cited passage of the article is marked too, but not targeted.
    expect(page.locator("mark.passage")).not_to_have_count(1)
