"""Drafts are invisible to the public on every surface; staff roles are enforced on every
admin write; logins are throttled; staff sessions expire."""

import datetime
import json

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive.models import Status
from tests.factories import PASSWORD, admin_url
from tests.hardening.conftest import make_world

pytestmark = pytest.mark.django_db

SECRET = "Bí mật nháp"  # in every draft's names and texts
# The draft world's records: what a draft import creates.
DRAFT_KEYS = ("conference", "article", "official", "organization", "topic")


@pytest.fixture
def drafts():
    make_world("công khai")
    return make_world(SECRET, published=False)


# --- Drafts, one test per surface -----------------------------------------------------


def test_draft_pages_are_404_and_lists_leave_them_out(client, drafts):
    """What only a draft cites (an imported official, organisation or topic) is as
    private as the draft itself."""
    for key in DRAFT_KEYS:
        assert client.get(drafts[key].get_absolute_url()).status_code == 404, key
    for url in (
        reverse("archive:home"),
        reverse("conferences:list"),
        reverse("archive:article-list"),
        reverse("people:official-list"),
        reverse("people:organization-list"),
        drafts["province"].get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200
        for key in DRAFT_KEYS:
            assert str(drafts[key]) not in response.text, (url, key)


def test_home_counts_leave_out_what_only_drafts_cite(client, drafts):
    counts = client.get(reverse("archive:home")).context
    for key in ("conference_count", "article_count", "official_count", "organization_count"):
        assert counts[key] == 1, key


def test_conference_filters_do_not_name_what_only_drafts_cite(client, drafts):
    for name in ("official", "organizer", "topic"):
        key = "organization" if name == "organizer" else name
        response = client.get(reverse("conferences:list"), {name: drafts[key].slug})
        assert response.status_code == 400, name
        assert str(drafts[key]) not in response.text, name


def test_search_never_finds_a_draft(client, drafts):
    for query in ("bi mat nhap hoi nghi", "Bài báo bí mật", "Nguyễn Văn bí mật", "Ban bí mật"):
        response = client.get(reverse("archive:search"), {"q": query})
        assert response.status_code == 200
        for key in DRAFT_KEYS:
            assert str(drafts[key]) not in response.text, (query, key)


def test_feeds_leave_drafts_out(client, drafts):
    for name in ("feed-conferences", "feed-articles"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "công khai" in response.text and SECRET not in response.text, name


def test_the_sitemap_leaves_drafts_out(client, drafts):
    xml = client.get(reverse("sitemap")).text
    for key in DRAFT_KEYS:
        assert drafts[key].get_absolute_url() not in xml, key


def test_the_api_leaves_drafts_out(client, drafts):
    for name in ("conference", "article"):
        listing = client.get(reverse(f"api:{name}-list")).json()
        assert SECRET not in json.dumps(listing, ensure_ascii=False), name
        detail = client.get(reverse(f"api:{name}-detail", args=[drafts[name].slug]))
        assert detail.status_code == 404, name
    for name in ("official", "organization", "topic"):
        listing = client.get(reverse(f"api:{name}-list")).json()
        assert SECRET not in json.dumps(listing, ensure_ascii=False), name
        detail = client.get(reverse(f"api:{name}-detail", args=[drafts[name].slug]))
        assert detail.status_code == 404, name
    detail = client.get(reverse("api:province-detail", args=[drafts["province"].slug]))
    assert drafts["conference"].name not in detail.text


STAFF_URLS = ["staff:report", "staff:report-csv", "staff:report-json", "staff:conferences-csv"]


@pytest.mark.parametrize("name", STAFF_URLS)
def test_staff_exports_need_a_staff_login(client, drafts, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    reader = User.objects.create_user("reader", password="x")
    client.force_login(reader)
    assert client.get(reverse(name)).status_code == 403


def test_the_staff_preview_of_a_draft_is_for_staff_only(client, drafts, viewer):
    url = reverse("admin:conferences_conference_preview", args=[drafts["conference"].pk])
    assert client.get(url).status_code == 302
    client.force_login(viewer)
    assert client.get(url).status_code == 200


# --- Roles ----------------------------------------------------------------------------


def our_models():
    return [
        model
        for model in admin.site._registry
        if model._meta.app_label in ("archive", "people", "conferences")
    ]


def table(model):
    return sorted(map(str, model.objects.values_list()))


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_viewers_cannot_add_change_or_delete(viewer, model):
    make_world()
    row, before = model.objects.first(), table(model)
    assert row is not None
    client = Client()
    client.force_login(viewer)
    add, change = admin_url(model, "add"), admin_url(row)
    delete = admin_url(row, "delete")
    assert client.get(add).status_code == 403
    assert client.post(add, {}).status_code == 403
    assert client.get(change).status_code == 200  # read-only view
    assert client.post(change, {}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    for action in ("delete_selected", "publish", "unpublish", "merge_selected"):
        client.post(
            admin_url(model, "changelist"),
            {"action": action, "_selected_action": [row.pk], "post": "yes"},
        )
    assert client.get(admin_url(model, "recoverlist")).status_code == 403
    assert table(model) == before


def test_viewers_cannot_import(viewer, client):
    client.force_login(viewer)
    assert client.get(reverse("importer:import")).status_code == 403


def test_editors_cannot_delete_published_records(editor):
    world = make_world()
    client = Client()
    client.force_login(editor)
    for key in ("conference", "article"):
        obj = world[key]
        model = type(obj)
        assert obj.status == Status.PUBLISHED
        assert client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
        bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        response = client.post(admin_url(model, "changelist"), bulk)
        # 403, or the page listing what protects it (an article cited by a conference).
        assert response.status_code in (200, 403), key
        assert model.objects.filter(pk=obj.pk).exists(), key
    for key in ("official", "organization", "topic", "province", "outlet", "document"):
        obj = world[key]
        url = admin_url(obj, "delete")
        assert client.post(url, {"post": "yes"}).status_code == 403, key
        assert type(obj).objects.filter(pk=obj.pk).exists(), key


def test_editors_can_delete_a_draft(editor):
    draft = make_world(published=False)["conference"]
    draft.sources.all().delete()
    client = Client()
    client.force_login(editor)
    response = client.post(admin_url(draft, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not type(draft).objects.filter(pk=draft.pk).exists()


# --- Login throttling and sessions -----------------------------------------------------

LOGIN = reverse("admin:login")


def log_in(client, username, password, address="10.1.1.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_that_account_from_that_address(client, editor):
    for _ in range(4):
        assert log_in(client, "editor", "guess").status_code == 200  # the form again
    response = log_in(client, "editor", "guess")
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.text
    # Even the right password is refused now, from that address...
    assert log_in(client, "editor", PASSWORD).status_code == 429
    # ...but the account is not locked for everyone.
    assert log_in(Client(), "editor", PASSWORD, "10.2.2.2").status_code == 302


PROXY = "127.0.0.1"  # the TLS proxy, as the site sees it


def log_in_through_proxy(username, password, forwarded_for):
    """A login through the documented proxy, which appends the client's address."""
    return Client().post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_failures_from_one_client_behind_the_proxy_do_not_lock_out_another(editor):
    attacker, editor_at_work = "203.0.113.9", "198.51.100.7"
    for _ in range(5):
        log_in_through_proxy("editor", "guess", attacker)
    assert log_in_through_proxy("editor", PASSWORD, attacker).status_code == 429
    assert log_in_through_proxy("editor", PASSWORD, editor_at_work).status_code == 302


def test_an_address_the_client_wrote_into_x_forwarded_for_is_ignored(editor):
    """Only the entry the proxy appended counts: a forged one neither spreads the guesses
    over fresh addresses nor lets an attacker lock out the address it names."""
    for n in range(5):
        log_in_through_proxy("editor", "guess", f"198.51.100.{n + 10}, 203.0.113.9")
    assert log_in_through_proxy("editor", "guess", "203.0.113.9").status_code == 429
    assert log_in_through_proxy("editor", PASSWORD, "198.51.100.10").status_code == 302


def test_the_trusted_proxy_count_picks_the_outermost_proxy_s_entry(rf, settings):
    from archive.http.client import client_address

    settings.TRUSTED_PROXIES = 2  # a load balancer, then the TLS proxy
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.2")
    assert client_address(request) == "203.0.113.9"
    settings.TRUSTED_PROXIES = 0  # DJANGO_BEHIND_PROXY=0: the header is not trusted
    assert client_address(request) == PROXY


def test_a_successful_login_resets_the_count(client, editor):
    for _ in range(4):
        log_in(client, "editor", "guess")
    assert log_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "editor", "guess").status_code == 200


def test_staff_sessions_end_with_the_browser_and_after_a_working_day(client, editor):
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert cookie["httponly"] and cookie["secure"]
    session = Session.objects.get()
    lifetime = session.expire_date - timezone.now()
    assert datetime.timedelta(hours=7, minutes=59) < lifetime <= datetime.timedelta(hours=8)
    assert client.get(reverse("admin:index")).status_code == 200

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
