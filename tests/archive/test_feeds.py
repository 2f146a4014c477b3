import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from archive.models import Article
from tests.factories import make_article, make_conference, make_outlet, make_province

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def assert_valid_atom(feed):
    """The elements RFC 4287 requires of a feed and of each entry."""
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{tag}").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{tag}").text
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")


def entries(feed):
    return {entry.find(f"{ATOM}title").text: entry for entry in feed.findall(f"{ATOM}entry")}


def test_conference_feed_is_atom_with_published_conferences_only(client):
    phu_tho = make_province("Phú Thọ", former=False)
    vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=phu_tho)
    published = make_conference(
        "Hội nghị tập huấn tỉnh Vĩnh Phúc", on=datetime.date(2023, 4, 12), province=vinh_phuc
    )
    make_conference("Hội nghị nháp", published=False)

    feed = atom(client, "feed-conferences")

    assert_valid_atom(feed)
    (entry,) = entries(feed).values()
    assert entry.find(f"{ATOM}title").text == published.name
    link = entry.find(f"{ATOM}link").get("href")
    assert link == "http://testserver" + published.get_absolute_url()
    assert "12/4/2023 · Vĩnh Phúc (nay thuộc Phú Thọ)" in entry.find(f"{ATOM}summary").text


def test_article_feed_is_atom_with_published_articles_only(client):
    outlet = make_outlet("Báo Thời Đại")
    make_article(
        "Tập huấn nhân quyền",
        outlet=outlet,
        byline="Minh Anh",
        lead="Sáng 12/4, hội nghị tập huấn diễn ra.",
    )
    make_article("Không có tác giả")
    make_article("Bài nháp", published=False)

    feed = atom(client, "feed-articles")

    assert_valid_atom(feed)
    found = entries(feed)
    assert set(found) == {"Tập huấn nhân quyền", "Không có tác giả"}
    with_byline = found["Tập huấn nhân quyền"]
    assert with_byline.find(f"{ATOM}author/{ATOM}name").text == "Minh Anh"
    assert "Báo Thời Đại" in with_byline.find(f"{ATOM}summary").text
    assert found["Không có tác giả"].find(f"{ATOM}author") is None


def test_feeds_put_newest_publication_first(client):
    older = make_article("Cũ hơn")
    newer = make_article("Mới hơn")
    Article.objects.filter(pk=older.pk).update(published_at=newer.published_at.replace(year=2020))

    titles = [
        e.find(f"{ATOM}title").text for e in atom(client, "feed-articles").iter(f"{ATOM}entry")
    ]

    assert titles == ["Mới hơn", "Cũ hơn"]


def test_empty_feed_is_still_valid(client):
    assert_valid_atom(atom(client, "feed-conferences"))


@pytest.mark.parametrize("name", ["feed-conferences", "feed-articles"])
def test_feed_queries_do_not_grow_with_items(client, name, django_assert_max_num_queries):
    successor = make_province(former=False)
    for _ in range(10):
        province = make_province(current=False, successor=successor)
        make_conference(on=datetime.date(2023, 1, 1), province=province)
        make_article(outlet=make_outlet())
    with django_assert_max_num_queries(1):
        response = client.get(reverse(name))
    assert not response.cookies
