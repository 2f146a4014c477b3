"""Query counts stay constant in page size and in the number of related rows (issue 8).

The data comes from the synthetic generator, so every conference has several sources,
participants, organisers, topics and figures, and officials have several positions.
"""

import pytest
from django.db.models import F
from django.urls import reverse

from archive.lib.pagination import CachedCountPaginator
from archive.models import Article
from benchmarks.synthetic import Scale, generate
from conferences.models import Conference, Topic
from people.models import Official, Organization
from tests.factories import make_province

pytestmark = pytest.mark.django_db

LISTS = [
    ("conferences:list", {}),
    ("conferences:list", {"year": "2024"}),
    ("archive:article-list", {}),
    ("people:official-list", {}),
    ("people:organization-list", {}),
]


@pytest.fixture
def archive():
    ha_noi = make_province("Hà Nội", current=True, former=True)
    phu_tho = make_province("Phú Thọ", current=True, former=False)
    make_province("Vĩnh Phúc", current=False, successor=phu_tho)
    make_province("Phú Thọ", current=False, successor=phu_tho, slug="phu-tho-cu")
    generate(Scale(conferences=60, articles=240), seed=3)
    return ha_noi


def assert_anonymous(response, captured):
    """No session or user lookup, no cookie."""
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "django_session" not in sql
    assert "auth_user" not in sql
    assert not response.cookies


# Beyond five: the filter choices, read once per change to the archive (the official list
# offers provinces, years and ranks; the conference list provinces and years, within five).
COLD_CHOICES = {"people:official-list": 3, "archive:article-list": 1}


@pytest.mark.parametrize("page_size", [1, 20, 50])
@pytest.mark.parametrize(("name", "params"), LISTS)
def test_lists_make_at_most_five_queries(
    client, archive, django_assert_max_num_queries, name, params, page_size
):
    with django_assert_max_num_queries(5 + COLD_CHOICES.get(name, 0)) as captured:
        response = client.get(reverse(name), {**params, "page_size": page_size})
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(
        page_size, response.context["page_obj"].paginator.count
    )
    assert_anonymous(response, captured)
    # Once the choices are cached, five at most.
    with django_assert_max_num_queries(5):
        client.get(reverse(name), {**params, "page_size": page_size, "page": 1})


def test_page_size_out_of_range_falls_back_to_the_default(client, archive):
    response = client.get(reverse("conferences:list"), {"page_size": "1000"})
    assert len(response.context["page_obj"].object_list) == 20


def test_province_list_makes_two_queries(client, archive, django_assert_max_num_queries):
    # The archive's version (archive.lib.caching), then the provinces with their counts.
    with django_assert_max_num_queries(2) as captured:
        response = client.get(reverse("archive:province-list"))
    assert_anonymous(response, captured)


def detail_urls(province):
    conference = Conference.objects.published().order_by("-pk").first()
    # Public (cited by a public fact); NULLS LAST: PostgreSQL sorts nulls first when descending.
    busiest = Official.objects.public().order_by(F("participations__pk").desc(nulls_last=True))[0]
    return [
        reverse("archive:home"),
        conference.get_absolute_url(),
        Article.objects.published().filter(conferences__isnull=False).first().get_absolute_url(),
        busiest.get_absolute_url(),
        Organization.objects.filter(organizer_roles__isnull=False).first().get_absolute_url(),
        province.get_absolute_url(),
        Topic.objects.filter(conference_topics__isnull=False).first().get_absolute_url(),
    ]


def test_detail_pages_make_at_most_eight_queries(client, archive, django_assert_max_num_queries):
    for url in detail_urls(archive):
        with django_assert_max_num_queries(8) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        assert_anonymous(response, captured)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "nhân quyền"},
        {"q": "nhan quyen"},
        {"q": "Nguyễn Văn"},
        {"q": "hoi nghi", "province": "ha-noi", "year": "from the data"},
    ],
)
def test_search_makes_at_most_eight_queries(client, archive, django_assert_max_num_queries, params):
    if "year" in params:
        held = Conference.objects.published().filter(province=archive, start_date__isnull=False)
        params["year"] = held.first().start_date.year
    client.get(reverse("archive:search"), {"q": "warm up the province and year choices"})
    # One per group, the organisations' aliases, a count for each of the two large tables
    # when it has more matches than the page shows (cached until the next save), and one
    # for the archive's version (archive.lib.caching).
    with django_assert_max_num_queries(8) as captured:
        response = client.get(reverse("archive:search"), params)
    assert response.status_code == 200
    assert response.context["total"] > 0
    assert_anonymous(response, captured)


def test_cached_detail_page_answers_if_none_match_with_304(client, archive):
    url = Conference.objects.published().first().get_absolute_url()
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert not response.content


def test_saving_a_row_changes_the_page(client, archive):
    conference = Conference.objects.published().first()
    first = client.get(conference.get_absolute_url())
    conference.name = "Tên mới của hội nghị"
    conference.save()
    second = client.get(conference.get_absolute_url(), headers={"if-none-match": first["ETag"]})
    assert second.status_code == 200
    assert "Tên mới của hội nghị" in second.content.decode()


def test_saving_a_row_changes_its_cached_list_item(client, archive):
    conference = Conference.objects.published().for_listing().first()
    assert conference.name in client.get(reverse("conferences:list")).content.decode()
    conference.name = "Hội nghị đã đổi tên"
    conference.save()
    assert "Hội nghị đã đổi tên" in client.get(reverse("conferences:list")).content.decode()


def test_deep_pages_read_by_id_show_the_same_rows(client, archive, monkeypatch):
    def pages():
        shown = []
        for page in (1, 2, 3, 4, 5, 6):
            response = client.get(reverse("conferences:list"), {"page_size": 10, "page": page})
            shown += [c.pk for c in response.context["page_obj"]]
        return shown

    monkeypatch.setattr(CachedCountPaginator, "DEEP", 10**9)  # plain OFFSET
    plain = pages()
    monkeypatch.setattr(CachedCountPaginator, "DEEP", 0)  # ids first, far pages reversed
    assert pages() == plain
    assert len(set(plain)) == len(plain) == Conference.objects.published().count()
