import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from archive.sitemaps import ArchiveSitemap
from conferences.models import Conference
from tests.factories import (
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_province,
    make_public,
    make_topic,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SECTIONS = [
    "static",
    "conferences",
    "articles",
    "officials",
    "organizations",
    "provinces",
    "topics",
]


def fetch_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def index_entries(client):
    """[(sitemap address, lastmod or None)] from /sitemap.xml, a sitemap index."""
    root = fetch_xml(client, reverse("sitemap"))
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [
        (s.find(f"{SITEMAP}loc").text, getattr(s.find(f"{SITEMAP}lastmod"), "text", None))
        for s in root.findall(f"{SITEMAP}sitemap")
    ]


def url_entries(client):
    """Every <url> of every sitemap the index lists."""
    entries = []
    for location, _lastmod in index_entries(client):
        root = fetch_xml(client, location.removeprefix("http://testserver"))
        assert root.tag == f"{SITEMAP}urlset"
        entries += root.findall(f"{SITEMAP}url")
    return entries


def sitemap_locations(client):
    return {url.find(f"{SITEMAP}loc").text for url in url_entries(client)}


def absolute(path):
    return "http://testserver" + path


def test_sitemap_lists_public_pages_in_both_languages_and_no_drafts(client):
    public = [
        make_conference(),
        make_article(),
        make_public(make_official()),
        make_public(make_organization()),
        make_province(),
        make_public(make_topic()),
    ]
    draft_conference = make_conference(published=False)
    draft_article = make_article(published=False)
    uncited = [make_official(), make_organization(), make_topic()]

    locations = sitemap_locations(client)

    for obj in public:
        assert absolute(obj.get_absolute_url()) in locations
        assert absolute(f"/en{obj.get_absolute_url()}") in locations
    assert absolute(reverse("archive:home")) in locations
    assert absolute("/en/") in locations
    assert absolute(reverse("conferences:list")) in locations
    assert absolute(draft_conference.get_absolute_url()) not in locations
    assert absolute(draft_article.get_absolute_url()) not in locations
    for obj in uncited:
        assert absolute(obj.get_absolute_url()) not in locations


def test_each_address_names_its_other_language_version(client):
    conference = make_conference()
    path = conference.get_absolute_url()
    [entry] = [
        url for url in url_entries(client) if url.find(f"{SITEMAP}loc").text == absolute(path)
    ]
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")}
    assert alternates == {
        "vi": absolute(path),
        "en": absolute(f"/en{path}"),
        "x-default": absolute(path),
    }


def test_the_index_lists_one_sitemap_per_section_with_its_lastmod(client):
    conference = make_conference()
    make_article()
    entries = dict(index_entries(client))
    assert set(entries) == {absolute(f"/sitemap-{section}.xml") for section in SECTIONS}
    conference.refresh_from_db()
    lastmod = datetime.datetime.fromisoformat(entries[absolute("/sitemap-conferences.xml")])
    assert lastmod == conference.updated_at
    # Provinces have no edit time: no lastmod rather than an invented one.
    assert entries[absolute("/sitemap-provinces.xml")] is None


def test_lastmod_is_when_the_record_last_changed(client):
    conference = make_conference()
    Conference.objects.filter(pk=conference.pk).update(
        updated_at=datetime.datetime(2025, 3, 4, 5, 6, tzinfo=datetime.UTC)
    )
    root = fetch_xml(client, "/sitemap-conferences.xml")
    lastmods = {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text
        for url in root.findall(f"{SITEMAP}url")
    }
    assert lastmods[absolute(conference.get_absolute_url())] == "2025-03-04"


def test_sections_are_paged_and_every_page_is_listed(client, monkeypatch):
    """With the page limit made small (the protocol's is 50,000), a section runs over
    several pages, each listed by the index, together listing every address once."""
    monkeypatch.setattr(ArchiveSitemap, "limit", 4)
    articles = [make_article(f"Bài số {n}") for n in range(7)]  # 14 addresses
    listed = [loc for loc, _ in index_entries(client) if "sitemap-articles" in loc]
    assert listed == [
        absolute("/sitemap-articles.xml"),
        absolute("/sitemap-articles.xml?p=2"),
        absolute("/sitemap-articles.xml?p=3"),
        absolute("/sitemap-articles.xml?p=4"),
    ]
    pages = [
        [u.find(f"{SITEMAP}loc").text for u in fetch_xml(client, loc).findall(f"{SITEMAP}url")]
        for loc in (url.removeprefix("http://testserver") for url in listed)
    ]
    assert [len(page) for page in pages] == [4, 4, 4, 2]
    everything = [loc for page in pages for loc in page]
    expected = {absolute(p + a.get_absolute_url()) for a in articles for p in ("", "/en")}
    assert len(everything) == len(set(everything)) and set(everything) == expected
    assert client.get("/sitemap-articles.xml", {"p": 5}).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    for _ in range(20):
        make_conference()
        make_article()
        make_public(make_official())
    with django_assert_max_num_queries(16):
        index_entries(client)
    for section in SECTIONS:
        with django_assert_max_num_queries(4):
            client.get(f"/sitemap-{section}.xml")


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get(reverse("robots-txt"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /en/search/" in lines
    assert not response.cookies
