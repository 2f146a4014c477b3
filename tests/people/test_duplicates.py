"""Item 8: namesakes are shown before adding another; a merged-away record's addresses
answer 301 with the survivor's; the merge message says which record is which."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from reversion.models import Version

from people.merge import merge_officials, merge_organizations
from people.models import Official, Organization
from tests.factories import (
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_participation,
    make_position,
    make_public,
)

pytestmark = pytest.mark.django_db

OFFICIALS = reverse("admin:people_official_changelist")
NO_ROWS = {
    f"{prefix}-{field}": value
    for prefix in ("ranks", "positions", "aliases")
    for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MAX_NUM_FORMS", 1000))
}


def add_official(client, name, **extra):
    return client.post(
        reverse("admin:people_official_add"), {"full_name": name, **NO_ROWS, **extra}
    )


def test_adding_a_namesake_shows_the_existing_ones_and_asks(admin_client):
    existing = make_official("Nguyễn Văn Kỷ")
    printed = "Phó Cục trưởng Cục Đối ngoại"
    make_position(existing, make_article(), title="Phó Cục trưởng", as_printed=printed)
    response = add_official(admin_client, "nguyen van KY")
    assert response.status_code == 200
    assert "Lưu trữ đã có quan chức cùng tên:" in response.text
    assert "Phó Cục trưởng Cục Đối ngoại" in response.text
    change = reverse("admin:people_official_change", args=[existing.pk])
    assert f'<a href="{change}" target="_blank" rel="noopener">Nguyễn Văn Kỷ</a>' in response.text
    assert Official.objects.count() == 1

    response = add_official(admin_client, "nguyen van KY", confirm_new="on")
    assert response.status_code == 302
    assert Official.objects.count() == 2


def test_editing_an_official_does_not_ask(admin_client):
    make_official("Nguyễn Văn Kỷ")
    other = make_official("Nguyễn Văn Ky")
    url = reverse("admin:people_official_change", args=[other.pk])
    assert "confirm_new" not in admin_client.get(url).text
    data = {"full_name": "Nguyễn Văn Kỷ", "slug": other.slug, **NO_ROWS}
    response = admin_client.post(url, data)
    assert response.status_code == 302


def test_adding_an_organisation_under_an_alias_asks_too(admin_client):
    existing = make_organization("Ban Chỉ đạo Nhân quyền Chính phủ")
    existing.aliases.create(name="Ban Chỉ đạo 102")
    response = admin_client.post(
        reverse("admin:people_organization_add"),
        {"name": "Ban chỉ đạo 102", "kind": "other", **NO_ROWS},
    )
    assert "Lưu trữ đã có tổ chức cùng tên:" in response.text
    assert Organization.objects.count() == 1


@pytest.fixture
def namesakes():
    """Two public records of one man, the second with a different page."""
    keep = make_public(make_official("Nguyễn Văn Kỷ"))
    other = make_official("Nguyễn Văn Kỷ")
    article = make_article(body="Thiếu tướng Nguyễn Văn Kỷ phát biểu.")
    make_participation(make_conference(on=datetime.date(2023, 4, 12)), other, article)
    assert other.slug == "nguyen-van-ky-2"
    return keep, other


def test_the_merged_away_page_and_api_answer_301_with_the_survivor(client, namesakes):
    keep, other = namesakes
    old_page, old_api = other.get_absolute_url(), reverse("api:official-detail", args=[other.slug])
    merge_officials(keep, other)
    response = client.get(old_page)
    assert (response.status_code, response["Location"]) == (301, keep.get_absolute_url())
    response = client.get(old_api)
    assert response.status_code == 301
    assert response["Location"] == reverse("api:official-detail", args=[keep.slug])
    assert client.get(response["Location"]).status_code == 200


def test_a_second_merge_carries_the_old_addresses_along(client, namesakes):
    keep, other = namesakes
    merge_officials(keep, other)
    third = make_public(make_official("Nguyễn Văn Kỷ (3)"))
    merge_officials(third, keep)
    for slug in (other.slug, keep.slug):
        response = client.get(reverse("people:official-detail", args=[slug]))
        assert response["Location"] == third.get_absolute_url(), slug


def test_a_new_record_never_takes_a_merged_away_address(namesakes):
    keep, other = namesakes
    merge_officials(keep, other)
    assert make_official("Nguyễn Văn Kỷ").slug == "nguyen-van-ky-3"


def test_an_old_organisation_address_answers_301_too(client):
    keep = make_public(make_organization("Ban Chỉ đạo Nhân quyền Chính phủ"))
    other = make_organization("Ban Chỉ đạo nhân quyền Chính phủ")
    old = other.get_absolute_url()
    merge_organizations(keep, other)
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, keep.get_absolute_url())


def test_unknown_and_private_addresses_stay_404(client):
    keep, other = make_official("Nguyễn Văn Riêng"), make_official("Nguyễn Văn Riêng")
    merge_officials(keep, other)  # the survivor is cited by nothing published
    assert client.get(reverse("people:official-detail", args=[other.slug])).status_code == 404
    assert client.get(reverse("api:official-detail", args=[other.slug])).status_code == 404
    assert client.get(reverse("people:official-detail", args=["khong-co"])).status_code == 404


def test_the_merge_message_says_which_is_which(admin_client, namesakes):
    keep, other = namesakes
    response = admin_client.post(
        OFFICIALS,
        {"action": "merge_selected", "_selected_action": [keep.pk, other.pk],
         "confirm_merge": "yes", "keep": keep.pk},
    )  # fmt: skip
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith(
        f"Đã gộp “Nguyễn Văn Kỷ” (#{other.pk} · 1 người tham dự (quan chức)) vào "
        f"“Nguyễn Văn Kỷ” (#{keep.pk} · 1 chức vụ (quan chức) · Chức vụ"
    )
    assert "bản ghi giữ lại" in message


def test_a_merge_leaves_a_revision_on_each_conference_whose_rows_moved(namesakes):
    keep, other = namesakes
    conference = other.participations.get().conference
    merge_officials(keep, other)
    latest = Version.objects.get_for_object(conference).first().revision.get_comment()
    assert latest == f"“Nguyễn Văn Kỷ” (#{other.pk}) đã được gộp vào “Nguyễn Văn Kỷ” (#{keep.pk})."
    survivor = Version.objects.get_for_object(keep).first().revision.get_comment()
    assert survivor.startswith(f"Đã gộp “Nguyễn Văn Kỷ” (#{other.pk}) vào bản ghi này")
