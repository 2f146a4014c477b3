"""Image uploads: broken files are a form error, phones' multi-picture JPEGs are JPEGs,
animations are bounded; uploaded images are served by the site, safely."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from archive.lib.images import CheckedImageField
from tests.factories import make_article, make_official, make_public
from tests.hardening.conftest import form_data

pytestmark = pytest.mark.django_db


def encoded(image, image_format, **params):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **params)
    return buffer.getvalue()


def jpeg():
    return encoded(Image.new("RGB", (640, 480), "red"), "JPEG")


def mpo():
    """What a phone saves: the photo, then a smaller second picture."""
    preview = Image.new("RGB", (160, 120), "blue")
    return encoded(
        Image.new("RGB", (640, 480), "red"), "MPO", save_all=True, append_images=[preview]
    )


def animation(frames, size, mode="L"):
    pictures = [Image.new(mode, size, n % 256) for n in range(frames)]
    return encoded(pictures[0], "PNG", save_all=True, append_images=pictures[1:])


def clean(content, name="anh.jpg"):
    return CheckedImageField().clean(SimpleUploadedFile(name, content))


def upload(admin_client, content, name="anh.jpg"):
    """Post the article form with one new image row, as the admin sends it."""
    article = make_article("Bài có ảnh")
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = form_data(admin_client.get(url).text, "article_form")
    data |= {
        "images-TOTAL_FORMS": ["1"],
        "images-0-order": ["1"],
        "images-0-caption": ["Quang cảnh"],
        "images-0-image": SimpleUploadedFile(name, content),
    }
    return article, admin_client.post(url, data)


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_truncated_jpeg_is_a_clear_form_error(admin_client, cut):
    whole = jpeg()
    article, response = upload(admin_client, whole[: int(len(whole) * cut)])
    assert response.status_code == 200
    assert "Tệp ảnh bị hỏng hoặc không đầy đủ" in response.text
    assert not article.images.exists()


def test_a_truncated_png_is_refused_too():
    whole = encoded(Image.effect_noise((300, 300), 40), "PNG")
    with pytest.raises(ValidationError) as error:
        clean(whole[: len(whole) // 2], "anh.png")
    assert error.value.code in ("broken_image", "invalid_image_format")


def test_a_phone_s_multi_picture_jpeg_is_stored_as_its_photo(admin_client):
    article, response = upload(admin_client, mpo())
    assert response.status_code == 302
    stored = article.images.get().image
    assert stored.name.endswith(".jpg")
    with Image.open(stored) as image:
        assert (image.format, image.size, getattr(image, "n_frames", 1)) == ("JPEG", (640, 480), 1)


def test_an_animation_over_the_frame_limit_is_refused_before_decoding():
    content = animation(60, (40, 40))
    started = time.monotonic()
    with pytest.raises(ValidationError, match="60 khung hình") as error:
        clean(content, "dong.png")
    assert error.value.code == "too_many_frames"
    assert time.monotonic() - started < 1


def test_an_animation_over_the_pixel_budget_is_refused():
    """Ten frames of 2100×2000: each frame is allowed, all of them together are not."""
    with pytest.raises(ValidationError, match="10 khung hình 2100×2000"):
        clean(animation(10, (2100, 2000)), "dong.png")


def test_a_small_animation_is_kept_animated():
    stored = clean(animation(3, (40, 40)), "dong.png")
    with Image.open(stored) as image:
        assert image.n_frames == 3


# --- Serving media ----------------------------------------------------------------------


def test_an_uploaded_image_is_served_with_its_type_and_nosniff(admin_client, client):
    article, response = upload(admin_client, jpeg())
    assert response.status_code == 302
    image = article.images.get().image
    served = client.get(image.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    assert b"".join(served.streaming_content) == image.read()
    api = client.get(reverse("api:article-detail", args=[article.slug])).json()
    assert api["images"][0]["image_url"].endswith(image.url)


@pytest.mark.parametrize(
    "name", ["trang.html", "anh.svg", "anh.jpg.html", "khong-co.jpg", "articles/", "../x.jpg"]
)
def test_only_stored_image_formats_are_served(client, name):
    default_storage.save("trang.html", ContentFile(b"<script>alert(1)</script>"))
    default_storage.save("anh.svg", ContentFile(b"<svg onload=alert(1)>"))
    default_storage.save("anh.jpg.html", ContentFile(b"<script>alert(1)</script>"))
    default_storage.save("articles/a.jpg", ContentFile(jpeg()))
    assert client.get(f"/media/{name}").status_code == 404


def test_a_file_stored_under_an_image_name_is_never_sniffed(admin_client):
    """Whatever a .png holds, it goes out as image/png, which browsers do not run."""
    default_storage.save("officials/x.png", ContentFile(b"<html><script>alert(1)</script>"))
    response = admin_client.get("/media/officials/x.png")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_draft_article_photo_is_served_to_staff_only(admin_client, client):
    article, response = upload(admin_client, jpeg())
    article.status = "draft"
    article.save()
    url = article.images.get().image.url
    assert client.get(url).status_code == 404  # as the draft article's page is
    staff = admin_client.get(url)
    assert staff.status_code == 200 and "private" in staff["Cache-Control"]
    article.status = "published"
    article.save()
    public = client.get(url)
    assert public.status_code == 200 and "public" in public["Cache-Control"]


def test_an_official_photo_is_served_while_something_published_cites_the_official(client):
    stored = default_storage.save("officials/chan-dung.png", ContentFile(encoded(
        Image.new("RGB", (40, 40), "red"), "PNG")))  # fmt: skip
    private = make_official("Nguyễn Văn Nháp", photo=stored)
    assert client.get(f"/media/{stored}").status_code == 404
    make_public(private)
    assert client.get(f"/media/{stored}").status_code == 200
