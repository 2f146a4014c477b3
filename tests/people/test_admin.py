import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from archive.admin_base.roles import create_roles
from conferences.models import Organizer, Participation
from people.merge import merge_officials, merge_organizations
from people.models import Official, Organization, OrganizationAlias, Position, Rank
from tests.factories import (
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_participation,
    make_position,
    make_province,
)

pytestmark = pytest.mark.django_db

OFFICIALS = reverse("admin:people_official_changelist")
ORGANIZATIONS = reverse("admin:people_organization_changelist")


def staff_in(group_name, username):
    create_roles(apps, None)
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def official_form_data(official, **overrides):
    data = {"full_name": official.full_name, "slug": official.slug, "biography": ""}
    for prefix in ("ranks", "positions"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    data.update(overrides)
    return data


# --- Change lists and forms -----------------------------------------------------------


def test_official_changelist_of_100_rows_costs_a_bounded_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    article = make_article(body="Phó Cục trưởng")
    for i in range(100):
        make_position(make_official(f"Nguyễn Văn Số{i}"), article, passage="Phó Cục trưởng")
    with django_assert_max_num_queries(10):
        response = admin_client.get(OFFICIALS)
    assert response.context["cl"].result_count == 100
    assert "Phó Cục trưởng" in response.text


def test_organization_changelist_of_100_rows_costs_a_bounded_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    parent = make_organization("Bộ Công an")
    province = make_province("Hà Nội")
    for i in range(100):
        organization = make_organization(f"Cục {i}", parent=parent, province=province)
        OrganizationAlias.objects.create(organization=organization, name=f"Cục số {i}")
    with django_assert_max_num_queries(10):
        response = admin_client.get(ORGANIZATIONS)
    assert response.context["cl"].result_count == 101


def test_official_change_form_with_ranks_and_positions_loads_in_bounded_queries(
    admin_client, django_assert_max_num_queries
):
    official = make_official("Nguyễn Văn Kỷ")
    article = make_article(body="Thiếu tướng Nguyễn Văn Kỷ, Phó Cục trưởng")
    Rank.objects.create(
        official=official, rank="Thiếu tướng", article=article, passage="Thiếu tướng"
    )
    for _ in range(3):
        make_position(official, make_article(body="Phó Cục trưởng"), passage="Phó Cục trưởng")
    url = reverse("admin:people_official_change", args=[official.pk])
    with django_assert_max_num_queries(16):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert "Thiếu tướng" in response.text


@pytest.mark.parametrize(
    "model", ["organization", "organizationalias", "official", "rank", "position"]
)
def test_people_change_lists_and_add_forms_load(admin_client, model):
    official = make_official()
    article = make_article(body="Cục trưởng")
    make_position(official, article, title="Cục trưởng", organization=make_organization())
    Rank.objects.create(official=official, rank="Đại tá", article=article, passage="Cục trưởng")
    OrganizationAlias.objects.create(organization=make_organization(), name="Tên khác")
    response = admin_client.get(reverse(f"admin:people_{model}_changelist"))
    assert response.status_code == 200
    obj = response.context["cl"].result_list[0]
    assert (
        admin_client.get(reverse(f"admin:people_{model}_change", args=[obj.pk])).status_code == 200
    )
    assert admin_client.get(reverse(f"admin:people_{model}_add")).status_code == 200


# --- Search and filters ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["dang xuan hong", "Đặng Xuân Hồng", "DANG XUAN HONG", "hong", "Thiếu tướng Đặng Xuân Hồng"],
)
def test_official_search_ignores_diacritics_and_ranks(admin_client, query):
    wanted = make_official("Đặng Xuân Hồng")
    make_official("Nguyễn Văn Kỷ")
    response = admin_client.get(OFFICIALS, {"q": query})
    assert list(response.context["cl"].result_list) == [wanted]


def test_official_search_d_finds_đ(admin_client):
    wanted = make_official("Đinh Tiến Dũng")
    make_official("Phạm Văn Hùng")
    response = admin_client.get(OFFICIALS, {"q": "dinh"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_official_autocomplete_ignores_diacritics(admin_client):
    wanted = make_official("Đặng Xuân Hồng")
    make_official("Nguyễn Văn Kỷ")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "dang xuan",
            "app_label": "conferences",
            "model_name": "participation",
            "field_name": "official",
        },
    )
    assert [r["id"] for r in response.json()["results"]] == [str(wanted.pk)]


@pytest.mark.parametrize("query", ["van phong thuong truc", "ban chi dao ve nhan quyen"])
def test_organization_search_covers_aliases(admin_client, query):
    wanted = make_organization("Ban Chỉ đạo Nhân quyền Chính phủ")
    OrganizationAlias.objects.create(
        organization=wanted, name="Ban Chỉ đạo về Nhân quyền của Chính phủ"
    )
    OrganizationAlias.objects.create(
        organization=wanted, name="Văn phòng Thường trực về Nhân quyền"
    )
    make_organization("Bộ Ngoại giao")
    response = admin_client.get(ORGANIZATIONS, {"q": query})
    assert list(response.context["cl"].result_list) == [wanted]


def test_organization_province_filter_includes_former_units(admin_client):
    phu_tho = make_province("Phú Thọ", former=False)
    vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=phu_tho, slug="vinh-phuc")
    wanted = make_organization("Ban Chỉ đạo tỉnh Vĩnh Phúc", province=vinh_phuc)
    make_organization("Bộ Công an")
    response = admin_client.get(ORGANIZATIONS, {"province": "phu-tho"})
    assert list(response.context["cl"].result_list) == [wanted]
    response = admin_client.get(ORGANIZATIONS, {"former_province": "vinh-phuc"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_official_filters_by_role_and_year_without_duplicates(admin_client):
    speaker, other = make_official("Người phát biểu"), make_official("Người dự")
    article = make_article()
    for day in (1, 2):
        conference = make_conference(on=datetime.date(2023, 4, day))
        make_participation(conference, speaker, article, role=Participation.Role.SPEAKER)
        make_participation(conference, other, article, role=Participation.Role.ATTENDEE)
    response = admin_client.get(
        OFFICIALS, {"participations__role__exact": "speaker", "year": "2023"}
    )
    assert list(response.context["cl"].result_list) == [speaker]


# --- Validation and images ------------------------------------------------------------


def png(size=(4, 3), image_format="PNG", mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, image_format)
    return buffer.getvalue()


def test_official_photo_upload_is_checked(admin_client):
    official = make_official("Nguyễn Văn Kỷ")
    url = reverse("admin:people_official_change", args=[official.pk])
    big = SimpleUploadedFile("big.png", png(size=(8000, 6000), mode="1"))
    response = admin_client.post(url, official_form_data(official, photo=big))
    assert response.status_code == 200
    assert "vượt quá giới hạn 40 triệu điểm ảnh" in response.text
    official.refresh_from_db()
    assert not official.photo
    good = SimpleUploadedFile("ky.png", png())
    assert admin_client.post(url, official_form_data(official, photo=good)).status_code == 302
    official.refresh_from_db()
    assert official.photo.name.startswith("officials/")


def test_position_with_day_precision_and_no_date_is_a_form_error(admin_client):
    official = make_official("Nguyễn Văn Kỷ")
    article = make_article(body="Phó Cục trưởng Cục Đối ngoại")
    url = reverse("admin:people_official_change", args=[official.pk])
    data = official_form_data(
        official,
        **{
            "positions-TOTAL_FORMS": 1,
            "positions-0-title": "Phó Cục trưởng",
            "positions-0-as_printed": "Phó Cục trưởng Cục Đối ngoại",
            "positions-0-observed_on": "",
            "positions-0-observed_precision": "day",
            "positions-0-article": article.pk,
            "positions-0-passage": "Phó Cục trưởng",
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Cần nhập ngày cho độ chính xác đã chọn." in response.text
    assert not Position.objects.exists()


def test_position_passage_not_in_article_is_a_form_error(admin_client):
    official = make_official("Nguyễn Văn Kỷ")
    article = make_article(body="Phó Cục trưởng Cục Đối ngoại")
    url = reverse("admin:people_official_change", args=[official.pk])
    data = official_form_data(
        official,
        **{
            "positions-TOTAL_FORMS": 1,
            "positions-0-title": "Cục trưởng",
            "positions-0-as_printed": "Cục trưởng",
            "positions-0-observed_precision": "unknown",
            "positions-0-article": article.pk,
            "positions-0-passage": "Cục trưởng Cục Tuyên truyền",
        },
    )
    response = admin_client.post(url, data)
    assert "Đoạn trích không có nguyên văn trong bài báo nguồn." in response.text
    assert not Position.objects.exists()


# --- Merge ----------------------------------------------------------------------------


@pytest.fixture
def duplicate_officials():
    """Two records of one man; both cite the same speech from one article."""
    keep, other = make_official("Nguyễn Văn Kỷ"), make_official("Nguyễn Văn  Kỷ")
    article = make_article(body="Thiếu tướng Nguyễn Văn Kỷ, Phó Cục trưởng Cục Đối ngoại")
    conference = make_conference(on=datetime.date(2022, 8, 23))
    make_participation(conference, keep, article, passage="Nguyễn Văn Kỷ")
    make_participation(conference, other, article, passage="Nguyễn Văn Kỷ")  # same fact
    make_participation(
        make_conference(on=datetime.date(2023, 4, 12)), other, article, passage="Nguyễn Văn Kỷ"
    )
    make_position(other, article, passage="Phó Cục trưởng")
    Rank.objects.create(official=other, rank="Thiếu tướng", article=article, passage="Thiếu tướng")
    return keep, other


def test_merge_confirmation_shows_what_will_move(admin_client, duplicate_officials):
    keep, other = duplicate_officials
    response = admin_client.post(
        OFFICIALS, {"action": "merge_selected", "_selected_action": [keep.pk, other.pk]}
    )
    assert response.status_code == 200
    assert response.templates[0].name == "admin/people/merge_confirmation.html"
    counts = {record: counts for record, counts, _summary in response.context["records"]}
    assert counts[other] == {
        "người tham dự (quan chức)": 2,
        "cấp hàm (quan chức)": 1,
        "chức vụ (quan chức)": 1,
    }
    assert Official.objects.count() == 2  # nothing merged yet


def test_merge_action_keeps_the_chosen_record_and_moves_everything(
    admin_client, duplicate_officials
):
    keep, other = duplicate_officials
    response = admin_client.post(
        OFFICIALS,
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, other.pk],
            "confirm_merge": "yes",
            "keep": keep.pk,
        },
    )
    assert response.url == reverse("admin:people_official_change", args=[keep.pk])
    assert list(Official.objects.all()) == [keep]
    assert keep.participations.count() == 2  # the repeated fact was dropped, not doubled
    assert keep.positions.count() == 1 and keep.ranks.count() == 1


def test_merge_needs_exactly_two(admin_client):
    officials = [make_official() for _ in range(3)]
    response = admin_client.post(
        OFFICIALS,
        {"action": "merge_selected", "_selected_action": [o.pk for o in officials]},
        follow=True,
    )
    assert "Hãy chọn đúng hai bản ghi để gộp." in response.text
    assert Official.objects.count() == 3


def test_a_merge_is_undone_by_reverting_the_revision_before_it(duplicate_officials):
    keep, other = duplicate_officials
    merge_officials(keep, other)
    before = Version.objects.get_deleted(Official).get().revision
    assert before.get_comment().startswith("Trước khi gộp")
    before.revert()
    restored = Official.objects.get(pk=other.pk)
    assert restored.participations.count() == 2
    assert restored.positions.count() == 1
    assert keep.participations.count() == 1


def test_merge_organizations_moves_roles_children_aliases_and_keeps_the_name(admin_client):
    keep = make_organization("Ban Chỉ đạo Nhân quyền Chính phủ")
    other = make_organization("Ban Chỉ đạo về Nhân quyền của Chính phủ", abbreviation="BCĐ")
    OrganizationAlias.objects.create(organization=other, name="BCĐNQ")
    child = make_organization("Văn phòng Thường trực", parent=other)
    article = make_article(body="Ban Chỉ đạo về Nhân quyền của Chính phủ tổ chức")
    conference = make_conference(on=datetime.date(2023, 4, 12))
    Organizer.objects.create(
        conference=conference,
        organization=other,
        article=article,
        as_printed="Ban Chỉ đạo",
        passage="Ban Chỉ đạo",
    )
    official = make_official()
    make_position(official, article, title="Trưởng ban", organization=other, passage="Ban Chỉ đạo")
    admin_client.post(
        ORGANIZATIONS,
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, other.pk],
            "confirm_merge": "yes",
            "keep": keep.pk,
        },
    )
    assert not Organization.objects.filter(pk=other.pk).exists()
    keep.refresh_from_db()
    child.refresh_from_db()
    assert child.parent == keep
    assert keep.abbreviation == "BCĐ"
    assert set(keep.aliases.values_list("name", flat=True)) == {
        "BCĐNQ",
        "Ban Chỉ đạo về Nhân quyền của Chính phủ",
    }
    assert conference.organizations.get() == keep
    assert official.positions.get().organization == keep
    assert list(Organization.objects.search("ban chi dao ve nhan quyen")) == [keep]


def test_merging_an_organization_into_its_parent_does_not_make_it_its_own_parent():
    parent = make_organization("Bộ Công an")
    child = make_organization("Bộ Công an (trùng)", parent=parent)
    merge_organizations(parent, child)
    parent.refresh_from_db()
    assert parent.parent is None


def test_merge_is_all_or_nothing(duplicate_officials, monkeypatch):
    keep, other = duplicate_officials

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Official, "delete", fail)
    with pytest.raises(RuntimeError):
        merge_officials(keep, other)
    assert other.participations.count() == 2
    assert keep.participations.count() == 1


# --- Roles and CSV --------------------------------------------------------------------


def test_editor_merges_but_cannot_delete_an_official(client, duplicate_officials):
    client.force_login(staff_in("Editors", "editor"))
    keep, other = duplicate_officials
    delete = reverse("admin:people_official_delete", args=[other.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(
        OFFICIALS,
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, other.pk],
            "confirm_merge": "yes",
            "keep": keep.pk,
        },
    )
    assert list(Official.objects.all()) == [keep]


def test_viewer_cannot_merge(client, duplicate_officials):
    client.force_login(staff_in("Viewers", "viewer"))
    keep, other = duplicate_officials
    assert client.get(OFFICIALS).status_code == 200
    client.post(
        OFFICIALS,
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, other.pk],
            "confirm_merge": "yes",
            "keep": keep.pk,
        },
    )
    assert Official.objects.count() == 2


def test_official_csv_export(admin_client):
    official = make_official("Đặng Xuân Hồng")
    make_position(
        official, make_article(body="Cục trưởng"), title="Cục trưởng", passage="Cục trưởng"
    )
    make_official("Nguyễn Văn Kỷ")
    response = admin_client.get(reverse("admin:people_official_export_csv"), {"q": "hong"})
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "họ và tên,slug,chức vụ gần nhất,số chức vụ ghi nhận,số lần tham dự"
    assert rows[1:] == ["Đặng Xuân Hồng,dang-xuan-hong,Cục trưởng,1,0"]
