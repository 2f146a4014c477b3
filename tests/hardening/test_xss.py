"""Names, aliases, bodies and captions holding HTML and script are shown as text on every
page, feed, JSON-LD block, API answer and export; CSV cells cannot run as formulas."""

import csv
import io
import json
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from conferences.models import Conference
from people.models import Official
from tests.factories import make_conference, make_official
from tests.hardening.conftest import make_world
from tests.pages import JSON_LD

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert(1)>\"&</textarea>"
FORMULA = '=HYPERLINK("http://evil.example","bấm")'


@pytest.fixture
def world():
    world = make_world(PAYLOAD)
    make_official(FORMULA)
    make_conference(FORMULA)
    return world


def page_urls(world):
    return [
        reverse("archive:home"),
        reverse("conferences:list"),
        world["conference"].get_absolute_url(),
        world["article"].get_absolute_url(),
        world["official"].get_absolute_url(),
        world["organization"].get_absolute_url(),
        world["topic"].get_absolute_url(),
        world["province"].get_absolute_url(),
        reverse("people:official-list"),
        reverse("people:organization-list"),
        reverse("archive:article-list"),
        reverse("archive:province-list"),
        reverse("archive:search") + "?q=alert",
        reverse("archive:search") + "?q=script",
        reverse("conferences:list") + "?q=script",
    ]


def strings(data):
    """Every string in a decoded JSON document."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def assert_inert(html, where):
    assert "<script>alert" not in html, where
    assert "<img src=x" not in html, where
    assert '</textarea>"' not in html and "</textarea>&" not in html, where


def test_pages_show_the_markup_as_text(client, world):
    for url in page_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text, url)
        assert "&lt;script&gt;alert(" in response.text, url  # shown, as text


def test_json_ld_blocks_hold_the_text_and_cannot_end_the_script(client, world):
    for url in page_urls(world)[2:8]:
        blocks = JSON_LD.findall(client.get(url).text)
        assert blocks, url
        for block in blocks:
            assert "</" not in block and "<!--" not in block, url
            assert any(PAYLOAD in text for text in strings(json.loads(block))), url


def test_feeds_escape_the_markup(client, world):
    for name in ("feed-conferences", "feed-articles"):
        xml = client.get(reverse(name)).content
        assert b"<script>" not in xml, name
        tree = ElementTree.fromstring(xml)
        titles = [e.text for e in tree.iter("{http://www.w3.org/2005/Atom}title")]
        assert any(PAYLOAD in (t or "") for t in titles), name


def test_the_api_returns_the_text_as_json_data(client, world):
    for name, key in [
        ("conference", "conference"),
        ("article", "article"),
        ("official", "official"),
        ("organization", "organization"),
        ("topic", "topic"),
    ]:
        response = client.get(reverse(f"api:{name}-detail", args=[world[key].slug]))
        assert response["Content-Type"].startswith("application/json"), name
        assert response["X-Content-Type-Options"] == "nosniff"
        assert any(PAYLOAD in text for text in strings(response.json())), name


def csv_rows(response):
    content = b"".join(response) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_admin_pages_and_csv_exports_are_inert(admin_client, world):
    for model in (Conference, Official):
        opts = model._meta
        changelist = admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        )
        assert_inert(changelist.text, model)
        export = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_export_csv"))
        cells = [cell for row in csv_rows(export) for cell in row]
        assert "'" + FORMULA in cells, model
        assert FORMULA not in cells, model
        assert any(PAYLOAD in cell for cell in cells), model  # text, untouched
    change = admin_client.get(reverse("admin:archive_article_change", args=[world["article"].pk]))
    assert_inert(change.text, "article change form")


def test_staff_csv_exports_neutralise_formulas(world, editor):
    client = Client()
    client.force_login(editor)
    cells = [c for row in csv_rows(client.get(reverse("staff:conferences-csv"))) for c in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    report = client.get(reverse("staff:report"))
    assert_inert(report.text, "staff report")
