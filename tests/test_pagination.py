"""Next and previous links read their page from the edge row of the page they come from
(keyset pagination); they must show exactly the rows the page numbers show."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from archive.models import Article
from benchmarks.synthetic import Scale, generate
from conferences.models import Conference
from tests.factories import make_province

pytestmark = pytest.mark.django_db

LISTS = [
    ("conferences:list", {}),
    ("conferences:list", {"sort": "date"}),
    ("conferences:list", {"sort": "name"}),
    ("conferences:list", {"year": "2024"}),
    ("archive:article-list", {}),
    ("people:official-list", {}),
    ("people:organization-list", {}),
]


@pytest.fixture
def archive():
    make_province("Hà Nội", current=True, former=True)
    generate(Scale(conferences=40, articles=160), seed=5)
    # NULL dates (they sort last, or first when the order is reversed) and ties.
    published = Conference.objects.published().order_by("pk")
    undated = list(published.values_list("pk", flat=True)[:4])
    Conference.objects.filter(pk__in=undated).update(
        start_date=None, end_date=None, date_precision="unknown"
    )
    tied = list(published.exclude(pk__in=undated).values_list("pk", flat=True)[:6])
    Conference.objects.filter(pk__in=tied).update(
        start_date=datetime.date(2024, 5, 1), end_date=None, date_precision="day"
    )
    articles = Article.objects.published().order_by("pk")
    Article.objects.filter(pk__in=list(articles.values_list("pk", flat=True)[:5])).update(
        outlet_published_at=None, outlet_published_precision="unknown"
    )


def link(response, rel):
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def rows(response):
    return [row.pk for row in response.context["page_obj"]]


@pytest.mark.parametrize(("name", "params"), LISTS)
def test_next_and_previous_links_show_the_numbered_pages(client, archive, name, params):
    url = reverse(name)
    params = {**params, "page_size": 3}
    first = client.get(url, params)
    pages = first.context["page_obj"].paginator.num_pages
    assert pages > 2
    numbered = [rows(client.get(url, {**params, "page": n})) for n in range(1, pages + 1)]

    followed, response = [rows(first)], first
    while next_url := link(response, "next"):
        assert "after=" in next_url
        response = client.get(url + next_url)
        assert response.status_code == 200
        followed.append(rows(response))
    assert followed == numbered

    backwards = [rows(response)]
    while previous_url := link(response, "prev"):
        assert "before=" in previous_url
        response = client.get(url + previous_url)
        backwards.append(rows(response))
    assert backwards[::-1] == numbered
    assert response.context["page_obj"].number == 1


def test_the_fixture_has_null_dates_and_ties_in_the_list(archive):
    dates = list(Conference.objects.published().values_list("start_date", flat=True))
    assert dates.count(None) == 4
    assert dates.count(datetime.date(2024, 5, 1)) >= 6


@pytest.mark.parametrize("cursor", ["abc", "-1", "1.5", "999999999", "٣", "1" * 30])
def test_an_unusable_cursor_falls_back_to_the_page_number(client, archive, cursor):
    url = reverse("conferences:list")
    plain = client.get(url, {"page": 2, "page_size": 5})
    keyed = client.get(url, {"page": 2, "page_size": 5, "after": cursor})
    assert keyed.status_code == 200
    assert rows(keyed) == rows(plain)


def test_a_cursor_from_another_list_falls_back_to_the_page_number(client, archive):
    url = reverse("conferences:list")
    year = Conference.objects.published().filter(start_date__year=2024).first()
    outside = Conference.objects.published().exclude(pk=year.pk).exclude(start_date__year=2024)
    params = {"year": 2024, "page": 1, "page_size": 2}
    keyed = client.get(url, {**params, "after": outside.first().pk})
    assert rows(keyed) == rows(client.get(url, params))


def test_a_keyed_page_past_the_end_says_so(client, archive):
    url = reverse("conferences:list")
    last = Conference.objects.published().for_listing().last()
    response = client.get(url, {"page": 999, "after": last.pk})
    assert response.status_code == 404
    assert "Không có trang này" in response.content.decode()


def test_filter_links_drop_the_page_cursors(client, archive):
    response = client.get(reverse("conferences:list"), {"year": 2024, "page": 2, "after": 5})
    chip = re.search(r'href="([^"]*)" class="chip"', response.content.decode()).group(1)
    assert "after" not in chip and "page" not in chip
