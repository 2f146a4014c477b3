import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.lib.text import passage_anchor
from archive.models import ArticleImage, SourceDocument
from conferences.models import ConferenceFact, ConferenceSource, Organizer
from people.models import OrganizationAlias
from tests.factories import (
    cite,
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_outlet,
    make_participation,
    make_province,
    make_public,
)
from tests.pages import json_ld

pytestmark = pytest.mark.django_db

D = datetime.date
SEARCH = reverse("archive:search")
ARTICLES = reverse("archive:article-list")


def dated(day, **kwargs):
    moment = datetime.datetime(day.year, day.month, day.day, 8, 30, tzinfo=datetime.UTC)
    return make_article(outlet_published_at=moment, outlet_published_precision="minute", **kwargs)


@pytest.fixture
def phu_tho():
    unit = make_province("Phú Thọ", former=False, slug="phu-tho")
    unit.vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=unit)
    unit.hoa_binh = make_province("Hòa Bình", current=False, successor=unit)
    return unit


# --- Home ---------------------------------------------------------------------------------


def test_home_shows_latest_published_counts_and_ways_in(
    client, phu_tho, django_assert_max_num_queries
):
    for day in range(1, 8):
        make_conference(f"Hội nghị {day}", on=D(2023, 3, day), province=phu_tho.vinh_phuc)
    make_conference("Bản nháp", on=D(2024, 1, 1), published=False)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("archive:home"))
    html = response.content.decode()
    assert response.context["conference_count"] == 7
    assert "Bản nháp" not in html
    assert "?province=phu-tho" in html  # the current unit counts its former units
    assert "?year=2023" in html
    assert "?year=2024" not in html  # only a draft was held then
    assert json_ld(response)["@type"] == "WebSite"


# --- Articles -----------------------------------------------------------------------------


def test_article_list_filters_by_outlet_and_year(client, django_assert_max_num_queries):
    thoi_dai, other = make_outlet("Báo Thời Đại", slug="thoi-dai"), make_outlet()
    dated(D(2023, 4, 12), title="Thời Đại 2023", outlet=thoi_dai)
    dated(D(2024, 4, 12), title="Thời Đại 2024", outlet=thoi_dai)
    dated(D(2023, 4, 12), title="Báo khác 2023", outlet=other)
    dated(D(2023, 5, 1), title="Nháp 2023", outlet=thoi_dai, published=False)
    # The archive's version, the outlet, year and province choices (cached), count and rows.
    with django_assert_max_num_queries(6):
        response = client.get(ARTICLES, {"outlet": "thoi-dai", "year": "2023"})
    assert [a.title for a in response.context["page_obj"]] == ["Thời Đại 2023"]


def test_article_list_bad_input(client):
    dated(D(2023, 4, 12), title="Một bài")
    assert client.get(ARTICLES, {"year": "abc"}).status_code == 400
    assert client.get(ARTICLES, {"outlet": "khong-co"}).status_code == 400
    past = client.get(ARTICLES, {"page": "5"})
    assert past.status_code == 404
    assert "Danh sách có 1 trang" in past.content.decode()


def test_article_detail(client, django_assert_max_num_queries):
    document = SourceDocument.objects.create(file_name="000_x.txt", content="Trang gốc")
    article = dated(
        D(2023, 4, 12),
        title="Tập huấn nhân quyền",
        outlet=make_outlet("Báo Thời Đại"),
        byline="Minh Anh",
        lead="Sapo của bài.",
        body="Đoạn một.\n\n  Đoạn   hai.  ",
        url="https://thoidai.com.vn/bai.html",
        source_document=document,
    )
    ArticleImage.objects.create(article=article, order=1, caption="Quang cảnh", credit="Minh Anh")
    ArticleImage.objects.create(article=article, order=2, caption="Đại biểu", credit="TTXVN")
    reported = make_conference("Hội nghị được đưa tin", on=D(2023, 4, 12))
    cite(reported, article)
    cite(make_conference("Hội nghị nháp", on=D(2023, 1, 1), published=False), article)
    with django_assert_max_num_queries(5):
        response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "<p>Đoạn hai.</p>" in html
    assert "Sapo của bài." in html
    assert "Quang cảnh" in html and "Ảnh: TTXVN" in html
    assert "Hội nghị được đưa tin" in html
    assert "Hội nghị nháp" not in html
    assert 'href="https://thoidai.com.vn/bai.html"' in html
    assert reverse("archive:source-document", kwargs={"file_name": "000_x.txt"}) in html
    data = json_ld(response)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Tập huấn nhân quyền"
    assert data["publisher"]["name"] == "Báo Thời Đại"
    assert data["about"][0]["name"] == "Hội nghị được đưa tin"


def test_supplied_title_is_marked(client):
    article = make_article("Tiêu đề biên tập viên đặt", title_supplied=True)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Tiêu đề do lưu trữ đặt" in html


def test_draft_article_is_404_and_unlisted(client):
    draft = make_article("Bài nháp", published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Bài nháp" not in client.get(ARTICLES).content.decode()


# --- Provinces ----------------------------------------------------------------------------


def test_province_list_pairs_current_and_former_units(
    client, phu_tho, django_assert_max_num_queries
):
    make_conference("Ở Vĩnh Phúc", on=D(2023, 1, 1), province=phu_tho.vinh_phuc)
    make_conference("Ở Hòa Bình", on=D(2023, 1, 2), province=phu_tho.hoa_binh)
    make_province("Hà Nội")
    with django_assert_max_num_queries(3):
        response = client.get(reverse("archive:province-list"))
    current = {p.name: p for p in response.context["current_units"]}
    assert set(current) == {"Phú Thọ", "Hà Nội"}
    assert {p.name for p in current["Phú Thọ"].former_units} == {"Vĩnh Phúc", "Hòa Bình"}
    assert current["Phú Thọ"].total == 2
    assert "nay thuộc Phú Thọ" in response.content.decode()


def test_current_province_detail_includes_former_units_by_year(
    client, phu_tho, django_assert_max_num_queries
):
    make_conference("Vĩnh Phúc 2023", on=D(2023, 4, 12), province=phu_tho.vinh_phuc)
    make_conference("Hòa Bình 2024", on=D(2024, 4, 12), province=phu_tho.hoa_binh)
    make_conference("Hòa Bình nháp", on=D(2024, 5, 1), province=phu_tho.hoa_binh, published=False)
    with django_assert_max_num_queries(4):
        response = client.get(phu_tho.get_absolute_url())
    html = response.content.decode()
    assert "Vĩnh Phúc 2023" in html and "Hòa Bình 2024" in html
    assert "Hòa Bình nháp" not in html
    assert html.index(">2024<") < html.index(">2023<")


def test_former_province_detail_says_what_it_became(client, phu_tho):
    make_conference("Vĩnh Phúc 2023", on=D(2023, 4, 12), province=phu_tho.vinh_phuc)
    make_conference("Hòa Bình 2024", on=D(2024, 4, 12), province=phu_tho.hoa_binh)
    response = client.get(phu_tho.vinh_phuc.get_absolute_url())
    html = response.content.decode()
    assert "Vĩnh Phúc 2023" in html and "Hòa Bình 2024" not in html
    assert "từ 1/7/2025 thuộc" in html
    assert json_ld(response)["containedInPlace"]["name"] == "Phú Thọ"


def test_unknown_province_is_404(client):
    url = reverse("archive:province-detail", kwargs={"slug": "khong-co"})
    assert client.get(url).status_code == 404


# --- Search -------------------------------------------------------------------------------


def test_search_without_diacritics_finds_every_type(client, phu_tho):
    make_conference(
        "Hội nghị tập huấn tại Vĩnh Phúc", on=D(2023, 4, 12), province=phu_tho.vinh_phuc
    )
    make_public(make_official("Nguyễn Văn Vĩnh"))
    org = make_public(make_organization("Tỉnh ủy Vĩnh Phúc"))
    make_article("Tin Vĩnh Phúc", body="Tập huấn ở Vĩnh Phúc.")
    response = client.get(SEARCH, {"q": "vinh"})
    found = {group["key"]: group["rows"] for group in response.context["results"]}
    assert [c.name for c in found["conferences"]] == ["Hội nghị tập huấn tại Vĩnh Phúc"]
    assert [o.full_name for o in found["officials"]] == ["Nguyễn Văn Vĩnh"]
    assert found["organizations"] == [org]
    assert [a.title for a in found["articles"]] == ["Tin Vĩnh Phúc"]
    assert "<mark>Vĩnh</mark>" in response.content.decode()


def test_search_finds_no_official_or_organisation_that_only_drafts_cite(client):
    make_official("Nguyễn Văn Vĩnh")
    make_organization("Tỉnh ủy Vĩnh Phúc")
    response = client.get(SEARCH, {"q": "vinh"})
    assert response.context["total"] == 0


def test_search_hides_drafts(client):
    make_conference("Hội nghị nháp Quy Nhơn", on=D(2023, 1, 1), published=False)
    make_article("Bài nháp Quy Nhơn", published=False)
    response = client.get(SEARCH, {"q": "quy nhon"})
    assert response.context["total"] == 0
    assert "nháp" not in response.content.decode()


def test_search_ranks_exact_and_prefix_matches_first(client):
    make_public(make_organization("Văn phòng Bộ Công an"))
    exact = make_public(make_organization("Bộ Công an"))
    prefix = make_public(make_organization("Bộ Công an tỉnh"))
    response = client.get(SEARCH, {"q": "bo cong an"})
    rows = {g["key"]: g["rows"] for g in response.context["results"]}["organizations"]
    assert rows[:2] == [exact, prefix]


def test_search_by_alias_and_ignoring_rank(client):
    org = make_public(make_organization("Ban Chỉ đạo Nhân quyền Chính phủ"))
    OrganizationAlias.objects.create(
        organization=org, name="Ban Chỉ đạo về Nhân quyền của Chính phủ"
    )
    make_public(make_official("Nguyễn Văn Kỷ"))
    groups = {
        g["key"]: g["rows"]
        for g in client.get(SEARCH, {"q": "ve nhan quyen cua"}).context["results"]
    }
    assert groups["organizations"] == [org]
    groups = {
        g["key"]: g["rows"]
        for g in client.get(SEARCH, {"q": "Thiếu tướng Nguyễn Văn Kỷ"}).context["results"]
    }
    assert [o.full_name for o in groups["officials"]] == ["Nguyễn Văn Kỷ"]


def test_search_filters_by_year_and_province(client, phu_tho):
    hanoi = make_province("Hà Nội")
    make_conference("Tập huấn Vĩnh Phúc 2023", on=D(2023, 1, 1), province=phu_tho.vinh_phuc)
    make_conference("Tập huấn Vĩnh Phúc 2024", on=D(2024, 1, 1), province=phu_tho.vinh_phuc)
    make_conference("Tập huấn Hà Nội 2023", on=D(2023, 1, 1), province=hanoi)
    response = client.get(SEARCH, {"q": "tap huan", "year": "2023", "province": "phu-tho"})
    rows = {g["key"]: g["rows"] for g in response.context["results"]}["conferences"]
    assert [c.name for c in rows] == ["Tập huấn Vĩnh Phúc 2023"]


def test_search_bad_input(client):
    assert client.get(SEARCH, {"q": "x", "year": "abc"}).status_code == 400
    assert client.get(SEARCH, {"q": "x", "province": "khong-co"}).status_code == 400
    empty = client.get(SEARCH)
    assert empty.status_code == 200 and empty.context["results"] is None
    long = client.get(SEARCH, {"q": "a" * 500})
    assert long.status_code == 400


def test_search_query_count_is_bounded(client, django_assert_max_num_queries):
    for i in range(10):
        conference = make_conference(f"Tập huấn {i}", on=D(2023, 1, i + 1))
        org = make_organization(f"Tập huấn tổ chức {i}")
        OrganizationAlias.objects.create(organization=org, name=f"Tên khác tập huấn {i}")
        article = make_article(f"Tập huấn bài {i}", outlet=make_outlet())
        Organizer.objects.create(
            conference=conference, organization=org, article=article, passage=article.body
        )
    with django_assert_max_num_queries(8):  # 7, and the archive's version
        response = client.get(SEARCH, {"q": "tap huan"})
    assert response.context["total"] == 30


def test_highlight_keeps_the_original_text_and_escapes():
    from archive.templatetags.archive_tags import highlight

    assert highlight("Hoà Bình <b>", "hoa binh") == "<mark>Hoà Bình</mark> &lt;b&gt;"
    assert highlight("Đắk Lắk", "dak") == "<mark>Đắk</mark> Lắk"


def test_source_document_is_served_unchanged(client):
    document = SourceDocument.objects.create(file_name="000_x.txt", content="Nguyên văn <html>")
    make_article(source_document=document)
    response = client.get(reverse("archive:source-document", kwargs={"file_name": "000_x.txt"}))
    assert response.content.decode() == "Nguyên văn <html>"


def test_every_page_has_canonical_and_open_graph(client, phu_tho):
    conference = make_conference("Hội nghị", on=D(2023, 1, 1))
    article = make_article()
    ConferenceSource.objects.create(conference=conference, article=article, passage=article.body)
    urls = [
        reverse("archive:home"),
        reverse("archive:article-list"),
        article.get_absolute_url(),
        reverse("archive:province-list"),
        phu_tho.get_absolute_url(),
        reverse("archive:search") + "?q=hoi",
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        assert "django_session" not in sql and "auth_user" not in sql, url
        assert '<link rel="canonical"' in html, url
        assert '<meta property="og:title"' in html, url
        assert '<meta name="description" content="' in html, url
        json_ld(client.get(url))


def test_years_are_not_grouped_like_numbers_in_english(client, phu_tho):
    make_conference("Ở Vĩnh Phúc", on=D(2023, 4, 12), province=phu_tho.vinh_phuc)
    for url in (reverse("archive:home"), phu_tho.get_absolute_url()):
        html = client.get(f"/en{url}").content.decode()
        assert "2,023" not in html, url
        assert re.search(r">2023\b", html), url


def test_language_switch_links_to_the_same_page_in_the_other_language(client):
    html = client.get(reverse("conferences:list"), {"year": "2023"}).content.decode()
    assert '<a href="/en/conferences/?year=2023" lang="en" hreflang="en">' in html
    english = client.get("/en/conferences/", {"year": "2023"}).content.decode()
    assert '<a href="/conferences/?year=2023" lang="vi" hreflang="vi">' in english


def test_pages_name_their_other_language_version(client):
    """hreflang alternates (without the query, like the canonical link), Vietnamese the
    default."""
    html = client.get(reverse("archive:province-list")).content.decode()
    english = client.get("/en/provinces/").content.decode()
    for page in (html, english):
        assert '<link rel="alternate" hreflang="vi" href="http://testserver/provinces/">' in page
        assert '<link rel="alternate" hreflang="en" href="http://testserver/en/provinces/">' in page
        assert (
            '<link rel="alternate" hreflang="x-default" href="http://testserver/provinces/">'
            in page
        )
    assert '<link rel="canonical" href="http://testserver/en/provinces/">' in english


@pytest.mark.django_db
def test_anonymous_pages_set_no_cookie(client):
    response = client.get(reverse("conferences:list"))
    assert response.status_code == 200
    assert not response.cookies


def test_the_language_is_the_address_not_the_browser_or_a_cookie(client):
    response = client.get(
        reverse("archive:home"),
        headers={"accept-language": "en-US,en", "cookie": "django_language=en"},
    )
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()
    english = client.get("/en/", headers={"accept-language": "vi"})
    assert english["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode()
    # Links on an English page stay English.
    assert 'href="/en/conferences/"' in english.content.decode()
    assert client.get("/en/conferences/").status_code == 200
    assert client.get("/vi/conferences/").status_code == 404


# --- Quoted passages on the article page (issue 18) -------------------------------------


def test_article_marks_every_passage_a_public_fact_quotes(client):
    body = (
        "Ngày 12/4, tại Vĩnh Phúc, hội nghị tập huấn có 300 đại biểu.\n\n"
        "Thiếu tướng Nguyễn Văn Kỷ phát biểu khai mạc."
    )
    article = make_article("Tin Vĩnh Phúc", body=body)
    conference = make_conference("Hội nghị Vĩnh Phúc", on=D(2023, 4, 12))
    cite(conference, article, "Ngày 12/4, tại Vĩnh Phúc")
    ConferenceFact.objects.create(
        conference=conference, kind="date", as_printed="Ngày 12/4", article=article,
        passage="Ngày 12/4, tại Vĩnh Phúc",
    )  # fmt: skip
    make_participation(
        conference, make_official("Nguyễn Văn Kỷ"), article, passage="Nguyễn Văn Kỷ phát biểu"
    )
    hidden = make_conference("Hội nghị nháp", published=False)
    cite(hidden, article, "300 đại biểu")

    html = client.get(article.get_absolute_url()).content.decode()

    for passage in ("Ngày 12/4, tại Vĩnh Phúc", "Nguyễn Văn Kỷ phát biểu"):
        assert f'<mark class="passage" id="{passage_anchor(passage)}">{passage}</mark>' in html
    assert html.count(f'id="{passage_anchor("Ngày 12/4, tại Vĩnh Phúc")}"') == 1
    assert passage_anchor("300 đại biểu") not in html  # a draft's fact is not shown


def test_a_passage_from_the_saved_page_is_shown_beside_the_article(client):
    document = SourceDocument.objects.create(
        file_name="trang.txt",
        content="Bài chính.\nTin liên quan: Ngày 11/8, tại Trà Vinh, tập huấn.",
    )
    article = make_article("Bài chính", body="Bài chính.", source_document=document)
    teaser = "Ngày 11/8, tại Trà Vinh, tập huấn."
    cite(make_conference("Hội nghị Trà Vinh"), article, teaser, relation="mentions")
    html = client.get(article.get_absolute_url()).content.decode()
    beside = html[html.index('id="beside-heading"') :]
    assert f'<mark class="passage" id="{passage_anchor(teaser)}">{teaser}</mark>' in beside


def test_article_page_offers_its_citation(client):
    outlet = make_outlet("Báo Thời Đại")
    article = make_article(
        "Tin Vĩnh Phúc",
        outlet=outlet,
        outlet_published_at=datetime.datetime(2023, 4, 12, 3, tzinfo=datetime.UTC),
        outlet_published_precision="minute",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    block = html[html.index('id="cite-heading"') :]
    assert (
        "“Tin Vĩnh Phúc”. Báo Thời Đại. 12/4/2023. Lưu trữ hội nghị tập huấn nhân quyền." in block
    )
    assert "publisher = {Báo Thời Đại}" in block and "year = {2023}" in block


def test_every_page_names_a_favicon_that_exists(client):
    html = client.get(reverse("archive:home")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html)[1]
    assert icon.endswith("favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == icon
    assert (settings.BASE_DIR / "static" / "favicon.svg").read_text().startswith("<svg")


def test_former_units_named_like_todays_are_told_apart_in_the_province_choices(client):
    bac_ninh = make_province("Bắc Ninh", former=False, slug="bac-ninh")
    make_province("Bắc Ninh", current=False, successor=bac_ninh, slug="bac-ninh-cu")
    make_province("Bắc Giang", current=False, successor=bac_ninh, slug="bac-giang")
    for url in (reverse("conferences:list"), ARTICLES, SEARCH, reverse("people:official-list")):
        html = client.get(url).content.decode()
        assert '<option value="bac-ninh-cu">Bắc Ninh (cũ, đến 30/6/2025)</option>' in html, url
        assert '<option value="bac-ninh">Bắc Ninh</option>' in html, url
        assert '<option value="bac-giang">Bắc Giang (nay thuộc Bắc Ninh)</option>' in html, url
        labels = re.findall(r'<option value="[^"]+">([^<]+)</option>', html)
        assert len(labels) == len(set(labels)), url


@pytest.mark.parametrize(
    "url",
    [
        reverse("conferences:list"),
        ARTICLES,
        reverse("people:official-list"),
        reverse("people:organization-list"),
    ],
)
def test_a_field_error_is_what_the_field_points_to(client, url):
    """aria-describedby names the error paragraph, so screen readers read it."""
    response = client.get(url, {"year": "abc", "kind": "abc"})
    assert response.status_code == 400
    html = response.content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert described
    for target in described:
        assert re.search(rf'<p class="field-error" id="{target}">', html), target


def test_province_page_says_its_region_is_the_archives_classification(client):
    quang_ninh = make_province(
        "Quảng Ninh", former=False, slug="quang-ninh", kind="city", full_name="Thành phố Quảng Ninh"
    )
    earlier = make_province("Quảng Ninh", current=False, successor=quang_ninh, slug="quang-ninh-cu")
    html = client.get(earlier.get_absolute_url()).content.decode()
    assert 'Đồng bằng sông Hồng <span class="note classified">(lưu trữ xếp theo' in html
    assert "Tỉnh Quảng Ninh là đơn vị hành chính đến 30/6/2025; từ 1/7/2025 là" in html
    assert "Thành phố Quảng Ninh</a>" in html
