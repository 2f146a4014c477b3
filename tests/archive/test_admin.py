import datetime
import io
import struct
import zlib

import pytest
import reversion
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from reversion.admin import VersionAdmin
from reversion.models import Version

from archive.admin_base.base import ArchiveAdmin
from archive.admin_base.roles import create_roles
from archive.lib.images import validate_image
from archive.models import ArchiveVersion, Article, ArticleImage, Status
from tests.factories import admin_url, make_article, make_outlet, make_province

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:archive_article_changelist")


def png(size=(4, 3), mode="RGB", image_format="PNG"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, image_format)
    return buffer.getvalue()


def png_header_only(width, height):
    """A tiny PNG file that declares `width`×`height` pixels: a decompression bomb."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def changeform_data(article, **overrides):
    data = {
        "outlet": article.outlet_id or "",
        "url": article.url or "",
        "slug": article.slug,
        "title": article.title,
        "outlet_published_at_0": "",
        "outlet_published_at_1": "",
        "outlet_published_precision": article.outlet_published_precision,
        "byline": article.byline,
        "lead": article.lead,
        "body": article.body,
        "source_document": "",
        "status": article.status,
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
        "images-MIN_NUM_FORMS": 0,
        "images-MAX_NUM_FORMS": 1000,
    }
    data.update(overrides)
    return data


# --- Every model's admin loads --------------------------------------------------------


@pytest.mark.parametrize("app_label", ["archive", "people", "conferences"])
def test_every_model_is_registered_with_history(app_label):
    for model in apps.get_app_config(app_label).get_models():
        if model is ArchiveVersion:  # the caches' version, not a record
            continue
        assert isinstance(admin.site.get_model_admin(model), VersionAdmin), model
        assert reversion.is_registered(model), model


@pytest.mark.parametrize(
    "model", ["province", "outlet", "sourcedocument", "article", "articleimage"]
)
def test_archive_change_lists_and_add_forms_load(admin_client, model):
    assert admin_client.get(reverse(f"admin:archive_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:archive_{model}_add")).status_code == 200


def test_article_changelist_of_100_rows_costs_a_bounded_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    outlet = make_outlet("Báo Thời Đại")
    for i in range(100):
        article = make_article(
            f"Bài {i}",
            outlet=outlet,
            outlet_published_at=timezone.now() - datetime.timedelta(days=i),
            outlet_published_precision="day",
        )
        ArticleImage.objects.create(article=article, order=1, image=f"articles/{i}.png")
    with django_assert_max_num_queries(10):
        response = admin_client.get(CHANGELIST)
    assert response.context["cl"].result_count == 100
    last = ArchiveAdmin.list_per_page - 1  # the oldest article on the first page
    assert len(response.context["cl"].result_list) == last + 1
    assert "Báo Thời Đại" in response.text
    assert f'<img src="/media/articles/{last}.png"' in response.text


def test_article_change_form_with_images_loads_in_bounded_queries(
    admin_client, django_assert_max_num_queries
):
    article = make_article("Có ảnh")
    for order in range(5):
        ArticleImage.objects.create(article=article, order=order, caption=f"Ảnh {order}")
    with django_assert_max_num_queries(9):
        response = admin_client.get(admin_url(article))
    assert response.status_code == 200
    assert "Ảnh 4" in response.text


def test_province_change_list_filters_former_units(admin_client):
    phu_tho = make_province("Phú Thọ", former=False)
    vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=phu_tho)
    url = reverse("admin:archive_province_changelist")
    response = admin_client.get(url, {"validity": "merged"})
    assert list(response.context["cl"].result_list) == [vinh_phuc]
    response = admin_client.get(url, {"q": "vinh phuc"})
    assert list(response.context["cl"].result_list) == [vinh_phuc]


# --- Search and filters ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["thanh hoa", "THANH HÓA", "thanh hoá", "đoàn", "doan"])
def test_article_search_ignores_diacritics_across_title_lead_and_body(admin_client, query):
    wanted = make_article("Tập huấn ở Thanh Hóa", lead="Đoàn công tác", body="Nội dung.")
    make_article("Tập huấn ở Hà Nội", body="Nội dung khác.")
    response = admin_client.get(CHANGELIST, {"q": query})
    assert list(response.context["cl"].result_list) == [wanted]


def test_article_year_and_outlet_filters(admin_client):
    outlet = make_outlet("Báo Nhân Dân")
    when = datetime.datetime(2023, 4, 12, 9, 0, tzinfo=datetime.UTC)
    wanted = make_article(
        outlet=outlet, outlet_published_at=when, outlet_published_precision="minute"
    )
    make_article(
        outlet=outlet,
        outlet_published_at=when.replace(year=2024),
        outlet_published_precision="minute",
    )
    make_article(outlet=make_outlet(), outlet_published_at=when, outlet_published_precision="day")
    response = admin_client.get(CHANGELIST, {"year": "2023", "outlet__id__exact": outlet.pk})
    assert list(response.context["cl"].result_list) == [wanted]


# --- Publishing and preview -----------------------------------------------------------


def test_publish_and_unpublish_actions(admin_client):
    draft = make_article("Nháp", published=False)
    admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at is not None
    admin_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (Status.DRAFT, None)


def test_draft_article_preview_for_staff_only(admin_client, client):
    draft = make_article("Bài nháp chưa công bố", published=False)
    preview = reverse("admin:archive_article_preview", args=[draft.pk])
    response = admin_client.get(preview)
    assert response.status_code == 200
    assert "Bài nháp chưa công bố" in response.text
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(preview).status_code == 302


def test_view_on_site_of_a_draft_is_its_preview(admin_client):
    draft = make_article("Nháp", published=False)
    response = admin_client.get(admin_url(draft))
    preview = reverse("admin:archive_article_preview", args=[draft.pk])
    assert response.context["preview_url"] == preview


# --- Validation -----------------------------------------------------------------------


def test_duplicate_article_url_is_a_form_error(admin_client):
    make_article("Bài gốc", url="https://thoidai.com.vn/bai-1.html")
    response = admin_client.post(
        reverse("admin:archive_article_add"),
        changeform_data(
            Article(title="Bài trùng", slug="bai-trung", body="Nội dung.", status=Status.DRAFT),
            url="https://thoidai.com.vn/bai-1.html",
        ),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["url"]
    assert not Article.objects.filter(slug="bai-trung").exists()


def test_publication_precision_without_a_date_is_a_form_error(admin_client):
    article = make_article("Bài")
    response = admin_client.post(
        admin_url(article), changeform_data(article, outlet_published_precision="day")
    )
    assert response.status_code == 200
    assert "Cần nhập ngày cho độ chính xác đã chọn." in response.text


# --- Images ---------------------------------------------------------------------------


def test_a_good_png_passes():
    validate_image(SimpleUploadedFile("a.png", png(), content_type="image/png"))


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP"])
def test_jpeg_and_webp_pass(image_format):
    validate_image(SimpleUploadedFile("a.img", png(image_format=image_format)))


def test_wrong_type_is_refused():
    gif = SimpleUploadedFile("a.gif", png(mode="P", image_format="GIF"))
    with pytest.raises(ValidationError, match="Chỉ nhận ảnh JPEG, PNG hoặc WebP."):
        validate_image(gif)
    with pytest.raises(ValidationError, match="Chỉ nhận ảnh JPEG, PNG hoặc WebP."):
        validate_image(SimpleUploadedFile("a.png", b"not an image at all"))


def test_too_many_pixels_is_refused():
    big = SimpleUploadedFile("big.png", png(size=(8000, 6000), mode="1"))
    with pytest.raises(ValidationError, match="8000×6000"):
        validate_image(big)


def test_decompression_bomb_is_refused():
    bomb = SimpleUploadedFile("bomb.png", png_header_only(100_000, 100_000))
    assert len(bomb) < 200
    with pytest.raises(ValidationError) as error:
        validate_image(bomb)
    assert error.value.code == "too_many_pixels"


def test_file_over_10_mb_is_refused():
    huge = SimpleUploadedFile("huge.png", png() + b"\0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="quá lớn"):
        validate_image(huge)


def upload_image(admin_client, article, content, name="anh.png"):
    data = changeform_data(
        article,
        **{
            "images-TOTAL_FORMS": 1,
            "images-0-order": 1,
            "images-0-caption": "Quang cảnh hội nghị",
            "images-0-credit": "",
            "images-0-image": SimpleUploadedFile(name, content),
        },
    )
    return admin_client.post(admin_url(article), data)


def test_admin_accepts_a_good_image_and_shows_its_thumbnail(admin_client):
    article = make_article("Bài có ảnh")
    response = upload_image(admin_client, article, png())
    assert response.status_code == 302
    image = article.images.get()
    assert image.image.name.endswith(".png")
    response = admin_client.get(reverse("admin:archive_articleimage_changelist"))
    assert f'<img src="{image.image.url}"' in response.text


def test_admin_refuses_a_bomb_with_a_clear_error_and_saves_nothing(admin_client):
    article = make_article("Bài")
    response = upload_image(admin_client, article, png_header_only(100_000, 100_000))
    assert response.status_code == 200
    assert "bom giải nén" in response.text
    assert not article.images.exists()


def test_admin_refuses_a_gif(admin_client):
    article = make_article("Bài")
    response = upload_image(admin_client, article, png(mode="P", image_format="GIF"), "a.gif")
    assert response.status_code == 200
    assert "Chỉ nhận ảnh JPEG, PNG hoặc WebP." in response.text
    assert not article.images.exists()


# --- History --------------------------------------------------------------------------


def test_history_lists_who_changed_what_and_reverts(admin_client):
    article = make_article("Tiêu đề cũ")
    admin_client.post(admin_url(article), changeform_data(article))
    old_version = Version.objects.get_for_object(article).get()
    admin_client.post(admin_url(article), changeform_data(article, title="Tiêu đề mới"))
    history = admin_client.get(reverse("admin:archive_article_history", args=[article.pk]))
    assert "admin" in history.text
    revert = reverse("admin:archive_article_revision", args=[article.pk, old_version.pk])
    assert "Tiêu đề cũ" in admin_client.get(revert).text
    article.refresh_from_db()
    assert article.title == "Tiêu đề mới"  # looking at an old version changes nothing
    admin_client.post(revert, changeform_data(article, title="Tiêu đề cũ"))
    article.refresh_from_db()
    assert article.title == "Tiêu đề cũ"


def test_deleted_draft_article_can_be_recovered_with_its_images(admin_client):
    article = make_article("Bài nháp bị xóa", published=False)
    image = ArticleImage.objects.create(article=article, order=1, caption="Ảnh")
    admin_client.post(reverse("admin:archive_article_delete", args=[article.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    version = Version.objects.get_deleted(Article).get()
    recover = reverse("admin:archive_article_recover", args=[version.pk])
    response = admin_client.post(
        recover,
        changeform_data(
            article,
            **{
                "images-TOTAL_FORMS": 1,
                "images-INITIAL_FORMS": 1,
                "images-0-id": image.pk,
                "images-0-article": article.pk,
                "images-0-order": 1,
                "images-0-caption": "Ảnh",
            },
        ),
    )
    assert response.status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert restored.images.get().caption == "Ảnh"


# --- Roles ----------------------------------------------------------------------------


def test_create_roles_is_idempotent_and_viewers_only_view():
    create_roles(apps, None)
    create_roles(apps, None)
    viewers = Group.objects.get(name="Viewers")
    codenames = set(viewers.permissions.values_list("codename", flat=True))
    assert codenames and all(code.startswith("view_") for code in codenames)
    assert {"view_article", "view_conference", "view_official", "view_version"} <= codenames


def test_editors_may_delete_only_what_belongs_to_a_record_history():
    """...or what the ModelAdmins let them delete while it is not public (drafts, and
    officials, organisations and topics that nothing published cites)."""
    create_roles(apps, None)
    editors = Group.objects.get(name="Editors")
    perms = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_article", "change_official", "view_revision", "delete_article"} <= perms
    assert {"delete_official", "delete_organization", "delete_topic"} <= perms
    assert {"delete_province", "delete_outlet", "delete_sourcedocument"}.isdisjoint(perms)
    assert Permission.objects.filter(codename="delete_province").exists()


def test_editor_deletes_a_draft_article_not_a_published_one(editor_client):
    client = editor_client
    draft = make_article("Nháp", published=False)
    published = make_article("Đã đăng")
    delete = "admin:archive_article_delete"
    assert client.post(reverse(delete, args=[published.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse(delete, args=[draft.pk]), {"post": "yes"}).status_code == 302
    assert list(Article.objects.all()) == [published]


def test_viewer_cannot_change_or_publish(viewer_client):
    client = viewer_client
    draft = make_article("Nháp", published=False)
    assert client.get(CHANGELIST, {"q": "nhap"}).status_code == 200
    assert client.post(admin_url(draft), changeform_data(draft, title="Đổi")).status_code == 403
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Nháp", Status.DRAFT)


def test_non_staff_cannot_enter_the_admin(client):
    create_roles(apps, None)
    user = User.objects.create_user("reader", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    assert client.get(CHANGELIST).status_code == 302


# --- CSV ------------------------------------------------------------------------------


def test_article_csv_export_is_utf8_with_bom(admin_client):
    make_article("Tập huấn ở Đắk Lắk", published=False)
    make_article("Bài đã đăng")
    response = admin_client.get(
        reverse("admin:archive_article_export_csv"), {"status__exact": "draft"}
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert 'filename="article-' in response["Content-Disposition"]
    rows = response.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 2
    assert rows[1].startswith("Tập huấn ở Đắk Lắk,0,")


def test_changelist_links_to_the_filtered_csv(admin_client):
    response = admin_client.get(CHANGELIST, {"status__exact": "draft"})
    assert f"{reverse('admin:archive_article_export_csv')}?status__exact=draft" in response.text


def test_admin_index_links_editors_to_the_article_importer(client, editor, viewer):
    client.force_login(editor)
    assert reverse("importer:import") in client.get(reverse("admin:index")).text
    client.force_login(viewer)
    assert reverse("importer:import") not in client.get(reverse("admin:index")).text


def test_csv_export_with_a_bad_filter_returns_to_the_change_list(admin_client):
    response = admin_client.get(reverse("admin:archive_article_export_csv"), {"nonsense": "1"})
    assert response.status_code == 302
    assert response.url == CHANGELIST
