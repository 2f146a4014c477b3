"""Two editors saving the same record: the second sees a conflict, nothing is overwritten."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from archive.admin_base.base import VERSION_FIELD
from tests.factories import admin_url, make_staff
from tests.hardening.conftest import form_data, make_world

pytestmark = pytest.mark.django_db

# (key in make_world, field the editors change)
RECORDS = [
    ("conference", "name"),
    ("article", "title"),
    ("official", "full_name"),
    ("organization", "name"),
    ("topic", "name"),
]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def open_form(client, obj):
    """GET the change form and return what the browser would POST back."""
    response = client.get(admin_url(obj))
    assert response.status_code == 200
    return form_data(response.text, f"{obj._meta.model_name}_form")


def make_superuser(username):
    return User.objects.create_superuser(username, password="x")


@pytest.fixture
def two_editors(editor):
    return client_for(editor), client_for(make_staff("Editors", "editor2"))


@pytest.mark.parametrize("key, field", RECORDS)
def test_the_second_save_of_a_stale_form_is_refused(two_editors, key, field):
    first, second = two_editors
    obj = make_world()[key]
    form_first, form_second = open_form(first, obj), open_form(second, obj)
    assert form_first[VERSION_FIELD] == form_second[VERSION_FIELD] != [""]

    response = first.post(admin_url(obj), {**form_first, field: "Sửa của người thứ nhất"})
    assert response.status_code == 302
    response = second.post(admin_url(obj), {**form_second, field: "Sửa của người thứ hai"})

    assert response.status_code == 200
    assert "editor đã lưu bản ghi này lúc" in response.text
    obj.refresh_from_db()
    assert getattr(obj, field) == "Sửa của người thứ nhất"


def test_reopening_the_record_lets_the_second_editor_save(two_editors):
    first, second = two_editors
    conference = make_world()["conference"]
    stale = open_form(second, conference)
    first.post(admin_url(conference), {**open_form(first, conference), "venue": "Quy Nhơn"})
    assert second.post(admin_url(conference), {**stale, "name": "Mới"}).status_code == 200

    fresh = open_form(second, conference)
    assert fresh["venue"] == ["Quy Nhơn"]
    assert second.post(admin_url(conference), {**fresh, "name": "Mới"}).status_code == 302
    conference.refresh_from_db()
    assert (conference.name, conference.venue) == ("Mới", "Quy Nhơn")


def test_a_conflict_saves_none_of_the_inline_rows_either(two_editors):
    first, second = two_editors
    conference = make_world()["conference"]
    stale = open_form(second, conference)
    first.post(admin_url(conference), open_form(first, conference))
    stale["participations-0-title_as_printed"] = ["Đổi trong dòng"]
    assert second.post(admin_url(conference), stale).status_code == 200
    assert not conference.participations.filter(title_as_printed="Đổi trong dòng").exists()


def test_publishing_from_the_list_makes_open_forms_stale(two_editors):
    first, second = two_editors
    world = make_world(published=False)
    article = world["article"]
    type(article).objects.filter(pk=article.pk).publish()  # the checks want a published source
    conference = world["conference"]
    stale = open_form(second, conference)
    changelist = reverse("admin:conferences_conference_changelist")
    first.post(changelist, {"action": "publish", "_selected_action": [conference.pk]})

    response = second.post(admin_url(conference), {**stale, "name": "Đổi"})
    assert response.status_code == 200
    conference.refresh_from_db()
    assert conference.is_published and conference.name != "Đổi"


def test_saving_twice_in_a_row_is_not_a_conflict(editor):
    client = client_for(editor)
    topic = make_world()["topic"]
    for name in ("Lần một", "Lần hai"):
        assert (
            client.post(admin_url(topic), {**open_form(client, topic), "name": name}).status_code
            == 302
        )
    topic.refresh_from_db()
    assert topic.name == "Lần hai"


def test_reverting_from_history_still_works(editor):
    client = client_for(editor)
    topic = make_world()["topic"]
    client.post(admin_url(topic), {**open_form(client, topic), "name": "Tên A"})
    client.post(admin_url(topic), {**open_form(client, topic), "name": "Tên B"})
    version = Version.objects.get_for_object(topic).order_by("pk")[0]
    url = reverse("admin:conferences_topic_revision", args=[topic.pk, version.pk])
    data = form_data(client.get(url).text, "topic_form")
    assert client.post(url, data).status_code == 302
    topic.refresh_from_db()
    assert topic.name == "Tên A"


# --- Rows without `updated_at`, on their own pages and inline -----------------------------

# (row, the field the editors change, the record whose form shows it inline)
ROWS = [
    (lambda w: w["conference"].participations.first(), "title_as_printed", "conference"),
    (lambda w: w["official"].ranks.first(), "rank", "official"),
    (lambda w: w["official"].positions.first(), "title", "official"),
    (lambda w: w["organization"].aliases.first(), "name", "organization"),
    (lambda w: w["article"].images.first(), "caption", "article"),
]
ROW_IDS = ["participation", "rank", "position", "alias", "image"]


@pytest.mark.parametrize(("row_of", "field", "_parent"), ROWS, ids=ROW_IDS)
def test_the_second_save_of_a_row_on_its_own_page_is_refused(two_editors, row_of, field, _parent):
    first, second = two_editors
    row = row_of(make_world())
    form_first, form_second = open_form(first, row), open_form(second, row)
    assert form_first[VERSION_FIELD] == form_second[VERSION_FIELD] != [""]
    assert first.post(admin_url(row), {**form_first, field: "Sửa thứ nhất"}).status_code == 302
    response = second.post(admin_url(row), {**form_second, field: "Sửa thứ hai"})
    assert response.status_code == 200
    assert "editor đã lưu bản ghi này lúc" in response.text
    row.refresh_from_db()
    assert getattr(row, field) == "Sửa thứ nhất"


@pytest.mark.parametrize(("row_of", "field", "parent"), ROWS, ids=ROW_IDS)
def test_a_row_changed_on_its_own_page_makes_the_form_showing_it_inline_stale(
    two_editors, row_of, field, parent
):
    """Editor B has the conference (official, organisation, article) open; editor A
    changes one of its rows on that row's page; B's save would put the old row back."""
    first, second = two_editors
    world = make_world()
    row, record = row_of(world), world[parent]
    stale = open_form(second, record)
    assert (
        first.post(admin_url(row), {**open_form(first, row), field: "Sửa của A"}).status_code == 302
    )

    response = second.post(admin_url(record), stale)
    assert response.status_code == 200
    assert "editor đã lưu bản ghi này lúc" in response.text
    row.refresh_from_db()
    assert getattr(row, field) == "Sửa của A"


def test_an_unchanged_row_does_not_block_the_form(two_editors):
    first, second = two_editors
    world = make_world()
    conference = world["conference"]
    stale = open_form(second, conference)
    topic = world["topic"]
    first.post(admin_url(topic), {**open_form(first, topic), "name": "Chủ đề khác"})
    response = second.post(admin_url(conference), {**stale, "venue": "Đà Lạt"})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.venue == "Đà Lạt"


def test_saving_a_row_twice_in_a_row_is_not_a_conflict(editor):
    client = client_for(editor)
    rank = make_world()["official"].ranks.first()
    for value in ("Đại tá", "Thiếu tướng"):
        response = client.post(admin_url(rank), {**open_form(client, rank), "rank": value})
        assert response.status_code == 302
    rank.refresh_from_db()
    assert rank.rank == "Thiếu tướng"


@pytest.mark.parametrize(
    "make_record, field",
    [
        (lambda: make_staff("Editors", "someone"), "first_name"),
        (lambda: Group.objects.create(name="Biên tập viên tỉnh"), "name"),
    ],
    ids=["user", "group"],
)
def test_accounts_and_groups_are_conflict_checked_too(admin_user, make_record, field):
    record = make_record()
    first, second = client_for(admin_user), client_for(make_superuser("admin2"))
    form_first, form_second = open_form(first, record), open_form(second, record)
    assert form_first[VERSION_FIELD] == form_second[VERSION_FIELD] != [""]
    assert first.post(admin_url(record), {**form_first, field: "Một"}).status_code == 302
    response = second.post(admin_url(record), {**form_second, field: "Hai"})
    assert response.status_code == 200
    assert "Thay đổi của bạn chưa được lưu" in response.text
    record.refresh_from_db()
    assert getattr(record, field) == "Một"
