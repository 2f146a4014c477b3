"""Item 9: every admin page the project shows is in Vietnamese, strings from Django,
django-reversion and django-axes included (locale/vi completes their catalogues)."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse
from reversion.models import Version

from conferences.models import Conference
from people.models import Official
from tests.admin_forms import change_form_data
from tests.factories import make_official
from tests.hardening.conftest import make_world

pytestmark = pytest.mark.django_db

# What a Vietnamese editor saw in English before (issue 17, item 9), and its neighbours.
ENGLISH = [
    "Recover deleted", "Please correct", "Select an option", "Run", "Show counts",
    "Hide counts", "History", "Save", "Delete", "Add", "Change", "View on site",
    "View site", "Filter", "Search", "Home", "Log out", "Logout", "Are you sure",
    "Yes, I’m sure", "No, take me back", "Objects", "Summary", "Revert", "Recover",
    "Press the save button", "Date/time", "Comment", "Choose", "Breadcrumbs",
    "Skip to main content", "Toggle", "Sidebar", "Pagination", "entries", "Access attempts",
    "Access failures", "Access logs", "Select this object", "Select all", "Welcome",
    "Recent actions", "My actions", "None available", "Close", "Cannot delete", "Model name",
    "Error:", "Password", "Username", "Currently", "required", "Initial version",
]  # fmt: skip
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")


def visible_text(html):
    """What a reader sees or hears: text and the attributes shown or read out."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    attributes = re.findall(r'\s(?:title|aria-label|placeholder|alt|value)="([^"]*)"', html)
    text = re.sub(r"<[^>]+>", " ", html)
    # Submit buttons show their value; other values (ids, codes) are not read.
    buttons = re.findall(r'<input[^>]*type="submit"[^>]*value="([^"]*)"', html)
    labels = [a for a in attributes if not re.fullmatch(r"[\w./:-]*", a)]
    return unescape(" ".join([text, *labels, *buttons]))


def english_on(client, url, method="get", data=None):
    response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 403), (url, response.status_code)
    return sorted(set(PATTERN.findall(visible_text(response.text))))


def admin_pages():
    world = make_world("nháp", published=False)
    make_world("công khai")
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        pages += [
            reverse("admin:app_list", args=[opts.app_label]),
            reverse(f"{name}_changelist"),
            reverse(f"{name}_add"),
        ]
        row = model.objects.first()
        if row is not None:
            pages += [
                reverse(f"{name}_change", args=[row.pk]),
                reverse(f"{name}_history", args=[row.pk]),
                reverse(f"{name}_delete", args=[row.pk]),
            ]
            if hasattr(model_admin, "recoverlist_view"):
                pages.append(reverse(f"{name}_recoverlist"))
    return world, sorted(set(pages))


def test_admin_pages_are_vietnamese(admin_client):
    _world, pages = admin_pages()
    found = {url: english_on(admin_client, url) for url in pages}
    assert {url: words for url, words in found.items() if words} == {}


def test_history_revert_recover_merge_and_import_pages_are_vietnamese(admin_client):
    world, _pages = admin_pages()
    conference = world["conference"]
    url = reverse("admin:conferences_conference_change", args=[conference.pk])
    admin_client.post(url, change_form_data(admin_client.get(url), attendees="351"))
    version = Version.objects.get_for_object(conference).last()
    revert = reverse("admin:conferences_conference_revision", args=[conference.pk, version.pk])
    preview = reverse("admin:conferences_conference_preview", args=[conference.pk])
    pages = {
        "revert": english_on(admin_client, revert),
        "preview": english_on(admin_client, preview),
    }
    delete = reverse("admin:conferences_conference_delete", args=[conference.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    deleted = Version.objects.get_deleted(Conference).get()
    pages |= {
        "recover": english_on(
            admin_client, reverse("admin:conferences_conference_recover", args=[deleted.pk])
        ),
        "import": english_on(admin_client, reverse("importer:import")),
        "review": english_on(
            admin_client,
            reverse("importer:import"),
            "post",
            {
                "text": "Ngày 23/8, tại Lai Châu, Ban Chỉ đạo Nhân quyền tỉnh tổ chức Hội nghị "
                "tập huấn về công tác nhân quyền năm 2022 cho 300 đại biểu."
            },
        ),  # fmt: skip
        "merge": english_on(
            admin_client,
            reverse("admin:people_official_changelist"),
            "post",
            {
                "action": "merge_selected",
                "_selected_action": [make_official("A").pk, make_official("B").pk],
            },
        ),
        "bulk delete": english_on(
            admin_client,
            reverse("admin:conferences_conference_changelist"),
            "post",
            {
                "action": "delete_selected",
                "_selected_action": [make_world("hai", False)["conference"].pk],
            },
        ),
        "article preview": english_on(
            admin_client,
            reverse("admin:archive_article_preview", args=[world["article"].pk]),
        ),
    }
    assert {page: words for page, words in pages.items() if words} == {}


def test_the_history_button_reads_lich_su(admin_client):
    official = make_official()
    html = admin_client.get(reverse("admin:people_official_change", args=[official.pk])).text
    assert ">Lịch sử</a>" in html and "Bản ghi nhớ" not in html


def test_the_import_and_revert_pages_use_the_admin_breadcrumbs(admin_client):
    official = make_official()
    url = reverse("admin:people_official_change", args=[official.pk])
    admin_client.post(url, change_form_data(admin_client.get(url), biography="Tiểu sử"))
    version = Version.objects.get_for_object(official).first()
    revert = reverse("admin:people_official_revision", args=[official.pk, version.pk])
    for page in (reverse("importer:import"), revert):
        html = admin_client.get(page).text
        assert '<ol class="breadcrumbs">' in html and '<div class="breadcrumbs">' not in html
    assert Official.objects.count() == 1
