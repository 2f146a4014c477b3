"""Item 6: publishing checks, publishing a conference with its sources, the preview banner;
item 10: the admin's own page when a record cannot be deleted."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from reversion.models import Version

from archive.models import Status
from conferences.models import Conference, Figure
from tests.admin_forms import change_form_data
from tests.factories import (
    admin_url,
    cite,
    make_article,
    make_conference,
    make_official,
    make_public,
)
from tests.hardening.conftest import make_world

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:conferences_conference_changelist")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def draft():
    return make_conference("Hội nghị nháp", published=False, on=datetime.date(2024, 4, 12))


def publish_action(client, conference):
    return client.post(CHANGELIST, {"action": "publish", "_selected_action": [conference.pk]})


def test_a_conference_without_a_source_is_not_published(admin_client):
    conference = draft()
    response = publish_action(admin_client, conference)
    conference.refresh_from_db()
    assert conference.status == Status.DRAFT
    assert any("chưa có nguồn tin" in m for m in messages_of(response))


def test_a_conference_whose_source_is_a_draft_is_not_published_by_the_list_action(admin_client):
    conference = draft()
    cite(conference, make_article("Bài nháp nguồn", published=False))
    response = publish_action(admin_client, conference)
    conference.refresh_from_db()
    assert conference.status == Status.DRAFT
    [message] = messages_of(response)
    assert "chưa có bài báo nguồn đã công bố" in message and "“Bài nháp nguồn”" in message


def test_a_fact_citing_an_unpublished_article_stops_publishing(admin_client):
    conference = draft()
    cite(conference, make_article())
    other = make_article("Bài khác chưa đăng", published=False, body="hơn 350 đại biểu")
    Figure.objects.create(
        conference=conference, kind="attendees", value=350, qualifier="more_than",
        as_printed="hơn 350 đại biểu", article=other, passage="hơn 350 đại biểu",
    )  # fmt: skip
    # Not even from the change form, which publishes the conference's own sources along.
    page = admin_client.get(admin_url(conference))
    response = admin_client.post(admin_url(conference), change_form_data(page, _publish="1"))
    conference.refresh_from_db()
    assert conference.status == Status.DRAFT
    expected = "1 dữ kiện trích dẫn bài báo “Bài khác chưa đăng”"
    assert any(expected in m for m in messages_of(response))


def test_the_change_form_publishes_the_conference_with_its_draft_source(admin_client):
    world = make_world("nháp", published=False)
    conference, article = world["conference"], world["article"]
    page = admin_client.get(admin_url(conference))
    assert 'value="Lưu và công bố (cùng 1 bài báo nguồn nháp)"' in page.text
    response = admin_client.post(admin_url(conference), change_form_data(page, _publish="1"))
    assert response.status_code == 302 and response["Location"] == admin_url(conference)
    conference.refresh_from_db()
    article.refresh_from_db()
    assert conference.is_published and article.is_published
    assert messages_of(response)[-1] == (
        "Đã công bố “Hội nghị tập huấn nháp” cùng bài báo nguồn “Bài báo nháp”."
    )
    # What the import created is public now that a published fact cites it.
    assert admin_client.get(world["official"].get_absolute_url()).status_code == 200


def test_the_status_field_does_not_bypass_the_checks(admin_client):
    conference = draft()
    page = admin_client.get(admin_url(conference))
    admin_client.post(admin_url(conference), change_form_data(page, status="published"))
    conference.refresh_from_db()
    assert conference.status == Status.DRAFT


def test_the_preview_carries_a_draft_banner_and_publishes(admin_client, client):
    world = make_world("nháp", published=False)
    conference = world["conference"]
    preview = admin_client.get(admin_url(conference, "preview"))
    assert "Bản nháp — chưa công khai." in preview.text
    assert f'action="{admin_url(conference, "publish")}"' in preview.text
    assert "Công bố cùng 1 bài báo nguồn" in preview.text
    assert admin_client.get(admin_url(conference, "publish")).status_code == 403  # POST only
    response = admin_client.post(admin_url(conference, "publish"))
    assert response["Location"] == admin_url(conference)
    assert Conference.objects.get().is_published
    assert client.get(conference.get_absolute_url()).status_code == 200
    published = admin_client.get(admin_url(conference, "preview"))
    assert "Bản nháp" not in published.text and "đã công khai" in published.text


def test_the_preview_says_what_is_missing_instead_of_offering_to_publish(admin_client):
    conference = draft()
    preview = admin_client.get(admin_url(conference, "preview"))
    assert "chưa có nguồn tin" in preview.text
    assert admin_url(conference, "publish") not in preview.text


def test_an_article_preview_has_the_banner_too(admin_client):
    article = make_article("Bài nháp", published=False)
    assert "Bản nháp — chưa công khai." in admin_client.get(admin_url(article, "preview")).text


# --- Item 10: deleting what cannot be deleted ---------------------------------------------


@pytest.mark.parametrize("key", ["conference", "article"])
def test_deleting_a_published_record_explains_in_the_admin(editor_client, key):
    record = make_world("công khai")[key]
    response = editor_client.get(admin_url(record, "delete"))
    assert response.status_code == 403
    assert "admin/delete_refused.html" in [t.name for t in response.templates]
    assert "đã công bố" in response.text and "chuyển về bản nháp" in response.text
    assert 'id="site-name"' in response.text  # the admin's page, not the public 403
    assert editor_client.post(admin_url(record, "delete"), {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


def test_deleting_a_public_official_suggests_merging(editor_client):
    official = make_world("công khai")["official"]
    response = editor_client.get(admin_url(official, "delete"))
    assert response.status_code == 403
    assert "Gộp hai bản ghi trùng nhau" in response.text
    assert "dữ kiện đã công bố trích dẫn" in response.text


def test_a_viewer_is_told_in_the_admin_too(viewer_client):
    conference = make_world("công khai")["conference"]
    response = viewer_client.get(admin_url(conference, "delete"))
    assert response.status_code == 403 and "không có quyền xóa" in response.text


# --- Item 5: deleting a draft import ------------------------------------------------------


def test_editors_delete_an_official_nothing_published_cites(editor_client):
    stray = make_official("Nguyễn Văn Nhập Nhầm")
    public = make_public(make_official("Nguyễn Văn Công Khai"))
    assert editor_client.post(admin_url(stray, "delete"), {"post": "yes"}).status_code == 302
    assert editor_client.post(admin_url(public, "delete"), {"post": "yes"}).status_code == 403
    assert [o.full_name for o in type(stray).objects.all()] == ["Nguyễn Văn Công Khai"]


def imported_draft():
    """A draft import: its article, conference, and the official, organisation and topic
    it created, plus an official the archive already had (cited by a published fact)."""
    world = make_world("nhập", published=False)
    known = make_public(make_official("Đặng Xuân Hồng"))
    conference, article = world["conference"], world["article"]
    conference.participations.create(
        official=known, role="attendee", article=article, passage=article.body
    )
    return world, known


def test_the_delete_page_of_a_draft_import_lists_what_only_it_cites(editor_client):
    world, known = imported_draft()
    response = editor_client.get(admin_url(world["conference"], "delete"))
    listed = {str(record) for _value, record, _kind in response.context["left_behind"]}
    assert listed == {"Bài báo nhập", "Nguyễn Văn nhập", "Ban nhập", "Chuyên đề nhập"}
    assert known.full_name not in listed
    assert "Xóa cùng những gì chỉ hội nghị này trích dẫn" in response.text


def test_deleting_a_draft_import_deletes_what_the_editor_kept_ticked(editor_client):
    world, known = imported_draft()
    page = editor_client.get(admin_url(world["conference"], "delete"))
    values = [value for value, record, _kind in page.context["left_behind"]]
    keep = f"topic:{world['topic'].pk}"
    chosen = [value for value in values if value != keep]
    response = editor_client.post(
        admin_url(world["conference"], "delete"), {"post": "yes", "also_delete": chosen}
    )
    assert response.status_code == 302
    for key in ("conference", "article", "official", "organization", "document"):
        assert not type(world[key]).objects.filter(pk=world[key].pk).exists(), key
    assert type(world["topic"]).objects.filter(pk=world["topic"].pk).exists()
    known.refresh_from_db()  # the official the archive had stays, with its public facts
    assert known.positions.exists()
    assert any("Đã xóa cùng hội nghị" in m for m in messages_of(response))


def test_what_was_deleted_with_a_draft_can_be_recovered(editor_client):
    world, _known = imported_draft()
    page = editor_client.get(admin_url(world["conference"], "delete"))
    chosen = [value for value, _record, _kind in page.context["left_behind"]]
    editor_client.post(
        admin_url(world["conference"], "delete"), {"post": "yes", "also_delete": chosen}
    )
    official = world["official"]
    recover = reverse("admin:people_official_recoverlist")
    assert official.full_name in editor_client.get(recover).text


def test_bulk_deleting_draft_imports_offers_what_only_they_cite(editor_client):
    first, known = imported_draft()
    second = make_world("nhập hai", published=False)
    # An official cited by both drafts is left uncited once both go.
    shared = make_official("Lê Văn Chung")
    for world in (first, second):
        world["conference"].participations.create(
            official=shared, role="attendee", article=world["article"], passage="Đoạn một"
        )
    selected = [first["conference"].pk, second["conference"].pk]
    action = {"action": "delete_selected", "_selected_action": selected}
    page = editor_client.post(CHANGELIST, action)
    listed = {str(record) for _value, record, _kind in page.context["left_behind"]}
    assert {"Bài báo nhập", "Bài báo nhập hai", "Lê Văn Chung"} <= listed
    assert known.full_name not in listed
    assert "Xóa cùng những gì chỉ hội nghị này trích dẫn" in page.text

    chosen = [value for value, _record, _kind in page.context["left_behind"]]
    response = editor_client.post(CHANGELIST, action | {"post": "yes", "also_delete": chosen})
    assert response.status_code == 302
    assert not Conference.objects.filter(pk__in=selected).exists()
    for world in (first, second):
        for key in ("article", "official", "document"):
            assert not type(world[key]).objects.filter(pk=world[key].pk).exists(), key
    assert not type(shared).objects.filter(pk=shared.pk).exists()
    known.refresh_from_db()


def test_an_article_another_conference_cites_only_in_a_fact_is_not_offered(editor_client):
    world, _known = imported_draft()
    other = make_conference("Hội nghị khác", published=False)
    other.facts.create(
        kind="date", as_printed="Đoạn một", article=world["article"], passage="Đoạn một"
    )
    page = editor_client.get(admin_url(world["conference"], "delete"))
    listed = {str(record) for _value, record, _kind in page.context["left_behind"]}
    assert "Bài báo nhập" not in listed


def test_a_draft_article_is_deleted_with_the_ranks_and_positions_it_states(editor_client):
    world = make_world("rời", published=False)
    world["conference"].delete()  # the draft conference went first, its article stayed
    article, official = world["article"], world["official"]
    assert official.ranks.exists() and official.positions.exists()
    page = editor_client.get(admin_url(article, "delete"))
    assert page.status_code == 200 and "Thiếu tướng" in page.text  # listed as going too
    response = editor_client.post(admin_url(article, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not type(article).objects.filter(pk=article.pk).exists()
    assert not official.ranks.exists() and not official.positions.exists()
    # Its saved page goes too when nothing else uses it, so the page can be imported again.
    assert not type(world["document"]).objects.filter(pk=world["document"].pk).exists()
    # …and "recover deleted" brings the article back with its saved page, then the ranks.
    Version.objects.get_deleted(type(article)).get().revision.revert(delete=True)
    assert type(world["document"]).objects.filter(pk=world["document"].pk).exists()
    Version.objects.get_for_object(official).first().revision.revert()
    assert official.ranks.filter(article=article).exists()
