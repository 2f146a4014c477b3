import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

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


def sitemap_locations(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return {url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")}


def absolute(path):
    return "http://testserver" + path


def test_sitemap_lists_public_pages_and_no_drafts(client):
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
    assert absolute(reverse("archive:home")) in locations
    assert absolute(reverse("conferences:list")) in locations
    assert absolute(draft_conference.get_absolute_url()) not in locations
    assert absolute(draft_article.get_absolute_url()) not in locations
    for obj in uncited:
        assert absolute(obj.get_absolute_url()) not in locations


def test_sitemap_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    for _ in range(20):
        make_conference()
        make_article()
        make_public(make_official())
    with django_assert_max_num_queries(12):
        sitemap_locations(client)


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get(reverse("robots-txt"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert not response.cookies
