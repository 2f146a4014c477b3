import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, reverse
from django.utils import translation
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec

from archive.api import urls as api_urls
from archive.api.views import openapi_document
from archive.lib import caching
from archive.lib.dates import Precision
from archive.lib.pagination import LATEST
from archive.models import Article
from conferences.models import Figure, Format, Participation, Scope
from people.models import Rank
from tests.factories import (
    cite,
    make_article,
    make_conference,
    make_conference_topic,
    make_official,
    make_organization,
    make_organizer,
    make_outlet,
    make_participation,
    make_position,
    make_province,
    make_public,
    make_topic,
)

pytestmark = pytest.mark.django_db

BODY = (
    "Ngày 12/4, Văn phòng Thường trực về Nhân quyền tổ chức hội nghị tập huấn. "
    "Thiếu tướng Nguyễn Văn Kỷ, Phó Cục trưởng Cục Đối ngoại, Bộ Công an chủ trì. "
    "Hơn 350 đại biểu dự. Chuyên đề Công tác nhân quyền trong tình hình mới."
)


@pytest.fixture
def world(db):
    """Three published conferences (one in a unit merged away in 2025) and a draft."""
    w = SimpleNamespace()
    w.phu_tho = make_province("Phú Thọ", former=False, slug="phu-tho")
    w.vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=w.phu_tho, slug="vinh-phuc")
    w.old_phu_tho = make_province("Phú Thọ", current=False, successor=w.phu_tho, slug="phu-tho-cu")
    w.ha_noi = make_province("Hà Nội", slug="ha-noi")

    w.outlet = make_outlet("Báo Thời Đại", website="thoidai.com.vn")
    w.article = make_article(
        "Tập huấn công tác nhân quyền tại Vĩnh Phúc",
        outlet=w.outlet,
        body=BODY,
        byline="Minh Anh",
        outlet_published_at=datetime.datetime(2023, 4, 12, 11, 4, tzinfo=datetime.UTC),
        outlet_published_precision=Article.TimePrecision.MINUTE,
    )
    w.second = make_article("Vĩnh Phúc tập huấn nhân quyền", body="Khoảng 360 đại biểu dự.")
    w.draft_article = make_article("Bài chưa công bố", published=False, body="Bản nháp bí mật.")

    w.office = make_organization("Văn phòng Thường trực về Nhân quyền")
    w.ministry = make_organization("Bộ Ngoại giao")
    w.secret_org = make_organization("Tổ chức chỉ có trong bản nháp")
    w.ky = make_official("Nguyễn Văn Kỷ")
    w.dung = make_official("Phạm Văn Dũng")
    w.topic = make_topic("Công tác nhân quyền trong tình hình mới")
    w.other_topic = make_topic("Quyền con người trong Hiến pháp")

    w.vinh_phuc_2023 = make_conference(
        "Hội nghị tập huấn công tác nhân quyền tỉnh Vĩnh Phúc",
        on=datetime.date(2023, 4, 12),
        date_as_printed="ngày 12/4",
        province=w.vinh_phuc,
        venue="Vĩnh Yên",
        format=Format.IN_PERSON,
        scope=Scope.PROVINCIAL,
        attendees=350,
        attendees_qualifier="more_than",
    )
    cite(w.vinh_phuc_2023, w.article)
    cite(w.vinh_phuc_2023, w.second)
    cite(w.vinh_phuc_2023, w.draft_article)
    Figure.objects.create(
        conference=w.vinh_phuc_2023,
        article=w.article,
        passage="Hơn 350 đại biểu dự.",
        kind=Figure.Kind.ATTENDEES,
        value=350,
        qualifier="more_than",
        as_printed="Hơn 350 đại biểu",
    )
    Figure.objects.create(
        conference=w.vinh_phuc_2023,
        article=w.second,
        passage="Khoảng 360 đại biểu dự.",
        kind=Figure.Kind.ATTENDEES,
        value=360,
        qualifier="approx",
        as_printed="Khoảng 360 đại biểu",
    )
    make_organizer(w.vinh_phuc_2023, w.office, w.article)
    make_participation(
        w.vinh_phuc_2023,
        w.ky,
        w.article,
        role=Participation.Role.CHAIR,
        rank_as_printed="Thiếu tướng",
        title_as_printed="Phó Cục trưởng Cục Đối ngoại, Bộ Công an",
    )
    Participation.objects.create(
        conference=w.vinh_phuc_2023,
        organization=w.ministry,
        article=w.article,
        passage=w.article.body,
        role=Participation.Role.PRESENTER,
    )
    # A fact resting only on an unpublished article stays hidden.
    make_participation(w.vinh_phuc_2023, w.dung, w.draft_article, role=Participation.Role.ATTENDEE)
    make_conference_topic(w.vinh_phuc_2023, w.topic, w.article)
    make_position(
        w.ky,
        w.article,
        title="Phó Cục trưởng",
        organization=w.ministry,
        as_printed="Phó Cục trưởng Cục Đối ngoại, Bộ Công an",
        observed_on=datetime.date(2023, 4, 12),
        observed_precision=Precision.DAY,
    )
    make_position(w.ky, w.draft_article, title="Cục trưởng", organization=w.ministry)
    Rank.objects.create(
        official=w.ky,
        article=w.article,
        passage=w.article.body,
        rank="Thiếu tướng",
        observed_on=datetime.date(2023, 4, 12),
        observed_precision=Precision.DAY,
    )

    w.phu_tho_2024 = make_conference(
        "Hội nghị tập huấn nhân quyền khu vực Trung du, miền núi Bắc Bộ",
        on=datetime.date(2024, 1, 1),
        precision=Precision.YEAR,
        province=w.old_phu_tho,
        format=Format.ONLINE,
        scope=Scope.REGIONAL,
    )
    w.ha_noi_2023 = make_conference(
        "Hội nghị tập huấn toàn quốc đợt 2",
        on=datetime.date(2023, 8, 23),
        province=w.ha_noi,
        format=Format.HYBRID,
        scope=Scope.NATIONAL,
    )
    cite(w.ha_noi_2023, w.second)
    make_organizer(w.ha_noi_2023, w.ministry, w.second)
    make_participation(w.ha_noi_2023, w.dung, w.second)
    make_conference_topic(w.ha_noi_2023, w.other_topic, w.second)

    # The draft shares every filterable trait with vinh_phuc_2023.
    w.draft = make_conference(
        "Hội nghị nháp Vĩnh Phúc",
        published=False,
        on=datetime.date(2023, 5, 5),
        province=w.vinh_phuc,
        format=Format.IN_PERSON,
        scope=Scope.PROVINCIAL,
    )
    cite(w.draft, w.article)
    make_organizer(w.draft, w.office, w.article)
    make_organizer(w.draft, w.secret_org, w.article)
    make_participation(w.draft, w.ky, w.article, role=Participation.Role.OPENING_SPEECH)
    Participation.objects.create(
        conference=w.draft,
        organization=w.secret_org,
        article=w.article,
        passage=w.article.body,
        role=Participation.Role.PRESENTER,
    )
    make_conference_topic(w.draft, w.topic, w.article)
    return w


def get(client, name, slug=None, **params):
    url = reverse(f"api:{name}", kwargs={"slug": slug} if slug else None)
    return client.get(url, params)


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def conference_slugs(client, **params):
    return set(slugs(get(client, "conference-list", **params)))


# --- Index and routing ----------------------------------------------------------------


def test_index_links_every_list_endpoint(client, world):
    data = get(client, "index").json()
    assert data["endpoints"]["conferences"] == "http://testserver" + reverse("api:conference-list")
    for url in data["endpoints"].values():
        assert client.get(url).status_code == 200
    assert data["openapi"] == "http://testserver" + reverse("api:openapi")


def test_unknown_api_path_is_a_json_404(client, db):
    response = client.get("/api/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Không tìm thấy.", "field": None}


def test_writes_are_refused(client, world):
    response = client.post(reverse("api:conference-list"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "error" in response.json()


def test_responses_allow_cross_origin_reads(client, world):
    assert get(client, "conference-list")["Access-Control-Allow-Origin"] == "*"
    assert get(client, "conference-list", year="abc")["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/nothing/")["Access-Control-Allow-Origin"] == "*"


def test_head_answers_as_get(client, world):
    response = client.head(reverse("api:conference-list"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_errors_are_translated(client, world):
    """English at /en/api/, as every English page is under /en/."""
    with translation.override("en"):
        assert get(client, "conference-list", year="abc").json() == {
            "error": "“year” must be an integer.",
            "field": "year",
        }
        assert get(client, "conference-list", scope="galactic").json()["error"] == (
            "“scope” must be one of: provincial, regional, national."
        )
        assert reverse("api:conference-list") == "/en/api/conferences/"
    assert get(client, "conference-list", year="abc").json()["error"] == "“year” phải là số nguyên."


def test_anonymous_responses_set_no_cookie_and_touch_no_session(
    client, world, django_assert_max_num_queries
):
    urls = [
        reverse("api:conference-list"),
        reverse("api:conference-detail", kwargs={"slug": world.vinh_phuc_2023.slug}),
        reverse("api:official-detail", kwargs={"slug": world.ky.slug}),
        reverse("api:conference-list") + "?year=abc",
    ]
    for url in urls:
        with django_assert_max_num_queries(20) as captured:
            response = client.get(url)
        assert not response.cookies
        sql = " ".join(query["sql"] for query in captured.captured_queries)
        assert "django_session" not in sql
        assert "auth_user" not in sql


# --- Conferences: list and filters -------------------------------------------------


def test_conference_list_shows_published_only(client, world):
    assert slugs(get(client, "conference-list")) == [
        world.phu_tho_2024.slug,
        world.ha_noi_2023.slug,
        world.vinh_phuc_2023.slug,
    ]


def test_current_province_includes_the_units_merged_into_it(client, world):
    assert conference_slugs(client, province="phu-tho") == {
        world.vinh_phuc_2023.slug,
        world.phu_tho_2024.slug,
    }


def test_former_province_is_exact(client, world):
    assert conference_slugs(client, province="vinh-phuc") == {world.vinh_phuc_2023.slug}
    assert conference_slugs(client, province="phu-tho-cu") == {world.phu_tho_2024.slug}


def test_a_year_without_conferences_is_an_empty_list(client, world):
    assert conference_slugs(client, year=2019) == set()


def test_sort_by_oldest_first(client, world):
    assert slugs(get(client, "conference-list", sort="date"))[0] == world.vinh_phuc_2023.slug


def test_filters_combine(client, world):
    assert conference_slugs(client, province="phu-tho", year=2023) == {world.vinh_phuc_2023.slug}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2023"}, {"vinh_phuc_2023", "ha_noi_2023"}),
        ({"year": "2024"}, {"phu_tho_2024"}),
        ({"organizer": "bo-ngoai-giao"}, {"ha_noi_2023"}),
        ({"organizer": "van-phong-thuong-truc-ve-nhan-quyen"}, {"vinh_phuc_2023"}),
        ({"official": "nguyen-van-ky"}, {"vinh_phuc_2023"}),
        # Dũng's attendance at vinh_phuc_2023 rests only on an unpublished article.
        ({"official": "pham-van-dung"}, {"ha_noi_2023"}),
        ({"topic": "cong-tac-nhan-quyen-trong-tinh-hinh-moi"}, {"vinh_phuc_2023"}),
        ({"format": "online"}, {"phu_tho_2024"}),
        ({"format": "in_person"}, {"vinh_phuc_2023"}),
        ({"scope": "national"}, {"ha_noi_2023"}),
        ({"q": "vinh phuc"}, {"vinh_phuc_2023"}),
        ({"q": "TOÀN QUỐC"}, {"ha_noi_2023"}),
        # Search knows what a former unit became.
        ({"q": "Phu Tho"}, {"phu_tho_2024", "vinh_phuc_2023"}),
        ({"q": "không có hội nghị này"}, set()),
    ],
)
def test_conference_filters(client, world, params, expected):
    assert conference_slugs(client, **params) == {getattr(world, n).slug for n in expected}


# --- Bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"year": "99999"}, "year"),
        ({"province": "atlantis"}, "province"),
        ({"organizer": "nobody"}, "organizer"),
        ({"official": "nobody"}, "official"),
        ({"topic": "nothing"}, "topic"),
        ({"format": "carrier-pigeon"}, "format"),
        ({"scope": "galactic"}, "scope"),
        ({"sort": "random"}, "sort"),
        ({"q": "x" * 201}, "q"),
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "2"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "10000000000000000000000"}, "page_size"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(client, world, params, field):
    response = get(client, "conference-list", **params)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert body["error"]


def test_bad_parameters_on_other_lists(client, world):
    assert get(client, "article-list", outlet="nowhere").json()["field"] == "outlet"
    assert get(client, "official-list", page="9").json()["field"] == "page"
    assert get(client, "province-list", page_size="-1").status_code == 400
    assert get(client, "official-list", q="x" * 201).json()["field"] == "q"


@pytest.mark.parametrize("route", ["conference-list", "organization-list", "article-list"])
def test_a_repeated_parameter_is_a_400_not_a_silent_choice(client, world, route):
    response = client.get(reverse(f"api:{route}") + "?page=1&page=1")
    assert response.status_code == 400
    assert response.json()["field"] == "page"


def test_empty_parameters_are_ignored(client, world):
    assert len(conference_slugs(client, year="", province="", q=" ")) == 3


# --- Pagination -----------------------------------------------------------------------


def test_pagination_envelope(client, world):
    first = get(client, "conference-list", page_size=2, year=2023).json()
    assert first["count"] == 2
    assert (first["page"], first["page_size"], first["num_pages"]) == (1, 2, 1)
    assert first["next"] is None

    first = get(client, "conference-list", page_size=1, year=2023).json()
    assert first["num_pages"] == 2
    assert first["previous"] is None
    assert "year=2023" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["page"] == 2
    assert second["next"] is None
    assert [r["slug"] for r in first["results"] + second["results"]] == [
        world.ha_noi_2023.slug,
        world.vinh_phuc_2023.slug,
    ]


def test_empty_result_is_page_one_of_one(client, world):
    data = get(client, "conference-list", q="không có gì").json()
    assert (data["count"], data["num_pages"], data["results"]) == (0, 1, [])


# --- Conference detail --------------------------------------------------------------


@pytest.fixture
def record(client, world):
    return get(client, "conference-detail", world.vinh_phuc_2023.slug).json()


def test_conference_date_keeps_its_precision(client, world, record):
    assert record["date"] == {
        "date": "2023-04-12",
        "precision": "day",
        "display": "12/4/2023",
        "end_date": None,
        "as_printed": "ngày 12/4",
    }
    year_only = get(client, "conference-detail", world.phu_tho_2024.slug).json()["date"]
    assert (year_only["precision"], year_only["display"]) == ("year", "2024")


def test_conference_province_says_what_it_is_now_part_of(record):
    province = record["province"]
    assert province["slug"] == "vinh-phuc"
    assert province["label"] == "Vĩnh Phúc (nay thuộc Phú Thọ)"
    assert province["is_current"] is False
    assert province["now_part_of"]["slug"] == "phu-tho"


def test_conference_figures_keep_each_source_claim(world, record):
    figures = {f["kind"]: f for f in record["figures"]}
    assert set(figures) == {"attendees", "format"}
    assert (figures["format"]["value"], figures["format"]["claims"]) == ("in_person", [])
    attendees = figures["attendees"]
    assert (attendees["kind"], attendees["value"], attendees["qualifier"]) == (
        "attendees",
        350,
        "more_than",
    )
    assert attendees["range"] == {"min": 350, "max": 360}
    claims = {c["as_printed"]: c for c in attendees["claims"]}
    assert claims["Khoảng 360 đại biểu"]["qualifier"] == "approx"
    assert claims["Hơn 350 đại biểu"]["source"]["article"]["slug"] == world.article.slug
    assert claims["Hơn 350 đại biểu"]["source"]["passage"] == "Hơn 350 đại biểu dự."


def test_conference_people_organisers_and_topics(world, record):
    assert [o["organization"]["slug"] for o in record["organizers"]] == [world.office.slug]
    chair, presenter = record["participations"]
    assert chair["official"]["slug"] == world.ky.slug
    assert chair["role"] == "chair"
    assert chair["rank_as_printed"] == "Thiếu tướng"
    assert chair["title_as_printed"] == "Phó Cục trưởng Cục Đối ngoại, Bộ Công an"
    assert presenter["official"] is None
    assert presenter["organization"]["slug"] == world.ministry.slug
    assert [t["topic"]["slug"] for t in record["topics"]] == [world.topic.slug]


def test_conference_sources_give_outlet_date_and_passage(world, record):
    source = next(s for s in record["sources"] if s["article"]["slug"] == world.article.slug)
    assert source["relation"] == "reports"
    assert source["passage"] == BODY
    article = source["article"]
    assert article["outlet"] == {
        "slug": world.outlet.slug,
        "name": "Báo Thời Đại",
        "website": "thoidai.com.vn",
    }
    assert article["outlet_published_at"] == "2023-04-12T11:04:00+00:00"
    assert article["html_url"] == "http://testserver" + world.article.get_absolute_url()


def test_conference_detail_hides_facts_resting_on_unpublished_articles(world, record):
    assert world.draft_article.slug not in {s["article"]["slug"] for s in record["sources"]}
    people = {p["official"]["slug"] for p in record["participations"] if p["official"]}
    assert world.dung.slug not in people


# --- Drafts never appear ------------------------------------------------------------


def test_draft_and_unknown_conference_are_json_404s(client, world):
    for slug in (world.draft.slug, "no-such-conference"):
        response = get(client, "conference-detail", slug)
        assert response.status_code == 404
        assert response.json()["error"]


def test_draft_article_absent_from_list_and_404(client, world):
    assert world.draft_article.slug not in slugs(get(client, "article-list"))
    assert get(client, "article-detail", world.draft_article.slug).status_code == 404


def test_official_detail_shows_published_conferences_and_sources_only(client, world):
    data = get(client, "official-detail", world.ky.slug).json()
    assert [p["conference"]["slug"] for p in data["participations"]] == [world.vinh_phuc_2023.slug]
    (position,) = data["positions"]
    assert position["as_printed"] == "Phó Cục trưởng Cục Đối ngoại, Bộ Công an"
    assert position["observed"]["display"] == "12/4/2023"
    assert [r["rank"] for r in data["ranks"]] == ["Thiếu tướng"]


def test_organization_detail_shows_published_conferences_only(client, world):
    office = get(client, "organization-detail", world.office.slug).json()
    assert [o["conference"]["slug"] for o in office["organized"]] == [world.vinh_phuc_2023.slug]
    # Cited by drafts only: as private as they are.
    assert get(client, "organization-detail", world.secret_org.slug).status_code == 404
    ministry = get(client, "organization-detail", world.ministry.slug).json()
    assert [p["conference"]["slug"] for p in ministry["participations"]] == [
        world.vinh_phuc_2023.slug
    ]
    assert [p["official"]["slug"] for p in ministry["positions"]] == [world.ky.slug]


def test_organization_detail_hierarchy_and_aliases(client, db):
    ministry = make_organization("Bộ Công an")
    department = make_public(make_organization("Cục Đối ngoại", parent=ministry))
    make_organization("Phòng chưa được trích dẫn", parent=ministry)
    department.aliases.create(name="Cục Đối ngoại Bộ Công an")
    data = get(client, "organization-detail", department.slug).json()
    assert data["parent"]["slug"] == ministry.slug
    assert data["aliases"] == ["Cục Đối ngoại Bộ Công an"]
    assert [
        c["slug"] for c in get(client, "organization-detail", ministry.slug).json()["children"]
    ] == [department.slug]


def test_topic_detail_lists_published_conferences_only(client, world):
    data = get(client, "topic-detail", world.topic.slug).json()
    assert [c["slug"] for c in data["conferences"]] == [world.vinh_phuc_2023.slug]


def test_province_detail(client, world):
    current = get(client, "province-detail", "phu-tho").json()
    assert {u["slug"] for u in current["former_units"]} == {"vinh-phuc", "phu-tho-cu"}
    assert [c["slug"] for c in current["conferences"]] == [
        world.phu_tho_2024.slug,
        world.vinh_phuc_2023.slug,
    ]
    former = get(client, "province-detail", "vinh-phuc").json()
    assert former["now_part_of"]["slug"] == "phu-tho"
    assert [c["slug"] for c in former["conferences"]] == [world.vinh_phuc_2023.slug]


def test_article_detail_lists_published_conferences_only(client, world):
    data = get(client, "article-detail", world.article.slug).json()
    assert [c["conference"]["slug"] for c in data["conferences"]] == [world.vinh_phuc_2023.slug]
    assert data["paragraphs"] == [BODY]
    assert data["source_document"] is None


def test_lists_search_accent_insensitively(client, world):
    assert slugs(get(client, "official-list", q="nguyen van ky")) == [world.ky.slug]
    assert slugs(get(client, "official-list", q="Thiếu tướng Nguyễn Văn Kỷ")) == [world.ky.slug]
    assert slugs(get(client, "organization-list", q="bo ngoai giao")) == [world.ministry.slug]
    assert slugs(get(client, "article-list", q="VINH PHUC")) == [
        world.article.slug,
        world.second.slug,
    ]
    assert slugs(get(client, "article-list", outlet=world.outlet.slug)) == [world.article.slug]


# --- Query counts -------------------------------------------------------------------


MANY = LATEST + 10


def add_conferences(count, *, provinces, organization, topic, regular, newest=None, report=None):
    """`count` published conferences, each with a province merged away, a source and
    people; the official `regular`, the organisation and the topic in every one; the
    conference `newest` cited by each new article, and the article `report` citing each
    new conference, when given."""
    for n in range(count):
        if report:
            cite(make_conference(on=datetime.date(2024, 1, 1)), report)
        article = make_article(outlet=make_outlet(), body=BODY)
        official = make_official()
        conference = make_conference(
            on=datetime.date(2023, 1, 1) + datetime.timedelta(days=n),
            province=provinces[n % len(provinces)],
        )
        for cited in {conference, newest or conference}:
            cite(cited, article)
            make_organizer(cited, organization, article)
            make_participation(cited, official, article)
            make_participation(cited, regular, article, role=Participation.Role.CHAIR)
            Participation.objects.create(
                conference=cited,
                organization=organization,
                article=article,
                passage=article.body,
                role=Participation.Role.PRESENTER,
            )
            make_conference_topic(cited, topic, article)
        make_position(official, article, organization=organization)
    return conference, article


@pytest.fixture
def many(db):
    """More published conferences than a detail lists (`LATEST`), each with a province
    merged away, sources and people; one official, organisation, province and topic in
    every one of them."""
    successor = make_province("Phú Thọ", former=False, slug="phu-tho")
    provinces = [
        make_province(f"Tỉnh cũ {n}", current=False, successor=successor) for n in range(3)
    ]
    people = {
        "organization": make_organization("Bộ Ngoại giao"),
        "topic": make_topic(),
        "regular": make_official(),
    }
    conference, article = add_conferences(MANY, provinces=provinces, **people)
    return {
        "conference-detail": conference.slug,
        "official-detail": people["regular"].slug,
        "organization-detail": people["organization"].slug,
        "article-detail": article.slug,
        "province-detail": successor.slug,
        "topic-detail": people["topic"].slug,
        "newest": conference.slug,
        "more": lambda count: add_conferences(
            count, provinces=provinces, newest=conference, report=article, **people
        ),
    }


LIST_QUERIES = 4  # the archive's version, the filter's lookup, the count, the page


@pytest.mark.parametrize("page_size", [1, 20, 50])
@pytest.mark.parametrize(
    ("name", "params", "of"),
    [
        ("conference-list", {"province": "phu-tho"}, None),
        ("official-list", {}, None),
        ("organization-list", {}, None),
        ("article-list", {}, None),
        ("province-list", {}, None),
        ("topic-list", {}, None),
        # A detail's long lists, paged: the record's lookup, the count, the page.
        ("official-participations", {}, "official-detail"),
        ("organization-positions", {}, "organization-detail"),
        ("organization-organized", {}, "organization-detail"),
        ("organization-participations", {}, "organization-detail"),
    ],
)
def test_list_queries_do_not_grow_with_page_size(
    client, many, django_assert_max_num_queries, name, params, of, page_size
):
    with django_assert_max_num_queries(LIST_QUERIES):
        response = get(client, name, many[of] if of else None, page_size=page_size, **params)
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


@pytest.mark.parametrize(
    ("name", "lists"),
    [
        ("province-detail", ["conferences"]),
        ("topic-detail", ["conferences"]),
        ("official-detail", ["participations"]),
        ("organization-detail", ["positions", "organized", "participations"]),
    ],
)
def test_long_lists_show_the_latest_rows_and_link_to_all_of_them(client, many, name, lists):
    data = get(client, name, many[name]).json()
    for field in lists:
        assert len(data[field]) == LATEST, field
        everything = client.get(data[f"{field}_url"], {"page_size": 100}).json()
        assert everything["count"] == MANY, field
        # The detail's rows are the first page of the full list: newest first.
        assert data[field] == everything["results"][:LATEST], field
    if "conferences" in lists:
        assert data["conferences"][0]["slug"] == many["newest"]
    else:
        assert data["participations"][0]["conference"]["slug"] == many["newest"]


def test_long_lists_leave_drafts_out(client, world):
    office = get(client, "organization-detail", world.office.slug).json()
    organized = client.get(office["organized_url"]).json()
    assert [row["conference"]["slug"] for row in organized["results"]] == [
        world.vinh_phuc_2023.slug
    ]
    ky = client.get(get(client, "official-detail", world.ky.slug).json()["participations_url"])
    assert [row["conference"]["slug"] for row in ky.json()["results"]] == [
        world.vinh_phuc_2023.slug
    ]
    # Cited by drafts only: its long lists are as private as it is.
    for name in ("organization-participations", "organization-organized"):
        assert get(client, name, world.secret_org.slug).status_code == 404
    positions = client.get(
        get(client, "organization-detail", world.ministry.slug).json()["positions_url"]
    ).json()
    assert [row["as_printed"] for row in positions["results"]] == [
        "Phó Cục trưởng Cục Đối ngoại, Bộ Công an"
    ]


def test_long_lists_of_an_unknown_record_are_404(client, db):
    for name in ("official-participations", "organization-positions"):
        response = get(client, name, "no-such-slug")
        assert response.status_code == 404
        assert response.json() == {"error": "Không tìm thấy.", "field": None}


@pytest.mark.parametrize(
    ("name", "max_queries"),
    [
        ("conference-detail", 7),  # its facts' passages too
        ("official-detail", 4),
        ("organization-detail", 7),
        ("article-detail", 3),
        ("province-detail", 3),
        ("topic-detail", 2),
    ],
)
def test_detail_queries_are_bounded(client, many, name, max_queries):
    """As many queries with more rows in every list the detail shows: none per row."""
    with CaptureQueriesContext(connection) as before:
        assert get(client, name, many[name]).status_code == 200
    many["more"](5)  # five more conferences, sources, people and positions for each record
    caching.clear()
    with CaptureQueriesContext(connection) as after:
        assert get(client, name, many[name]).status_code == 200
    assert len(after) == len(before) <= max_queries


# --- The OpenAPI description --------------------------------------------------------


def test_openapi_document_is_valid_and_served(client, db):
    validate_spec(openapi_document())
    assert get(client, "openapi").json() == openapi_document()


def object_schemas(schema):
    """Every object schema inside `schema`, nested ones included."""
    if isinstance(schema, dict):
        if schema.get("type") == "object" and "properties" in schema:
            yield schema
        for value in schema.values():
            yield from object_schemas(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from object_schemas(value)


def test_every_object_requires_all_its_properties_and_forbids_others(db):
    """So that validating a response catches a missing field, an undeclared one, or a
    null where none is declared."""
    schemas = list(object_schemas(openapi_document()["components"]))
    assert len(schemas) == len(openapi_document()["components"]["schemas"])
    for schema in schemas:
        assert schema["additionalProperties"] is False, schema["title"]
        assert set(schema["required"]) == set(schema["properties"]), schema["title"]


def test_enumerations_come_from_the_models_choices(db):
    schemas = openapi_document()["components"]["schemas"]
    assert schemas["Conference"]["properties"]["format"]["enum"] == list(Format.values)
    assert schemas["Participant"]["properties"]["role"]["enum"] == list(Participation.Role.values)
    parameters = openapi_document()["paths"]["/api/conferences/"]["get"]["parameters"]
    scope = next(p for p in parameters if p["name"] == "scope")
    assert scope["schema"]["enum"] == [s for s in Scope.values if s != Scope.UNKNOWN]


def documented_route(pattern, prefix="/api/"):
    return prefix + str(pattern.pattern).replace("<slug:slug>", "{slug}")


def test_every_route_is_documented_and_nothing_else(db):
    routes = {
        documented_route(p)
        for p in api_urls.urlpatterns
        if isinstance(p, URLPattern) and p.name is not None
    }
    assert not any(isinstance(p, URLResolver) for p in api_urls.urlpatterns)
    assert routes == set(openapi_document()["paths"])


def matches_schema(body, schema):
    document = openapi_document()
    validator = Draft202012Validator(
        {**schema, "components": document["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert not errors, errors


def response_schema(path, status):
    response = openapi_document()["paths"][path]["get"]["responses"][status]
    if "$ref" in response:
        response = openapi_document()["components"]["responses"][response["$ref"].split("/")[-1]]
    return response["content"]["application/json"]["schema"]


def example_urls(world, slug=None):
    """A URL for each documented path, filled with a record rich in nested data (or with
    `slug`)."""
    slug_for = {
        "conferences": world.vinh_phuc_2023.slug,
        "officials": world.ky.slug,
        "organizations": world.ministry.slug,
        "articles": world.article.slug,
        "provinces": world.phu_tho.slug,
        "topics": world.topic.slug,
    }
    for path in openapi_document()["paths"]:
        plural = path.split("/")[2]
        yield path, path.replace("{slug}", slug or slug_for.get(plural, ""))


def test_every_response_matches_its_schema(client, world):
    world.ministry.aliases.create(name="BNG")
    world.ministry.parent = world.office
    world.ministry.province = world.vinh_phuc
    world.ministry.save()
    for path, url in example_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        matches_schema(response.json(), response_schema(path, "200"))
    for slug in (world.ha_noi_2023.slug, world.phu_tho_2024.slug):
        detail = get(client, "conference-detail", slug).json()
        matches_schema(detail, response_schema("/api/conferences/{slug}/", "200"))


def test_error_responses_match_their_schema(client, world):
    missing = dict(example_urls(world, slug="no-such-slug"))
    for path, url in example_urls(world):
        responses = openapi_document()["paths"][path]["get"]["responses"]
        if "{slug}" in path:
            response = client.get(missing[path])
            assert response.status_code == 404
            matches_schema(response.json(), response_schema(path, "404"))
        if "400" in responses:
            response = client.get(url, {"page": "abc"})
            assert response.status_code == 400
            matches_schema(response.json(), response_schema(path, "400"))
