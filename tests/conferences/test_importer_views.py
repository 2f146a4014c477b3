"""The admin "Import article" page: paste or upload, review beside the source, correct, confirm."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Article, Status
from conferences.models import Conference, Participation
from tests.factories import make_official

pytestmark = pytest.mark.django_db

URL = reverse("importer:import")
LAI_CHAU = Path(settings.BASE_DIR) / "fixtures" / "sources" / "002_c5acaf174e378fce.txt"


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_conference"))
    client.force_login(user)
    return client


def review_post(editor):
    response = editor.post(URL, {"text": LAI_CHAU.read_text(encoding="utf-8")})
    assert response.status_code == 200
    form = response.context["review"]
    data = {"confirm": "1", **response.context["form"].initial}
    for field in form:
        value = field.value()
        data[field.name] = "" if value is None else getattr(value, "pk", value)
    data["outlet"] = ""
    return response, data


def test_staff_without_the_add_permission_are_refused(client):
    client.force_login(User.objects.create_user("viewer", password="x", is_staff=True))
    assert client.get(URL).status_code == 403


def test_anonymous_users_are_sent_to_the_admin_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("admin:login") in response.url


def test_the_proposal_is_shown_beside_the_source_with_passages_and_matches(editor):
    make_official("Nguyễn Văn Kỷ")
    response, _data = review_post(editor)
    html = response.content.decode()
    assert "<mark>Ngày 23/8, tại Lai Châu" in html
    assert "đã có" in html and "Nguyễn Văn Kỷ" in html  # matched to the archived official
    assert response.context["review"].initial["attendees"] == 3100
    assert Article.objects.count() == 0  # nothing is written before confirmation


def test_an_uploaded_file_is_analysed(editor):
    upload = SimpleUploadedFile("page.txt", LAI_CHAU.read_bytes(), content_type="text/plain")
    response = editor.post(URL, {"file": upload})
    assert response.context["proposal"].attendees.value == 3100


def test_bad_input_is_explained_on_the_page(editor):
    response = editor.post(URL, {"text": "Hello world, this is not Vietnamese at all. " * 10})
    assert "tiếng Việt" in response.content.decode()
    assert Article.objects.count() == 0


def test_the_editor_corrects_and_confirms_and_gets_a_draft(editor):
    _response, data = review_post(editor)
    data["attendees"] = ""  # the editor removes a figure
    data["officials"] = "Thiếu tướng | Nguyễn Văn Kỷ | | attendee, opening_speech"
    response = editor.post(URL, data)
    assert response.status_code == 302
    conference = Conference.objects.get()
    assert conference.status == Status.DRAFT and conference.attendees is None
    assert conference.connection_points == 114
    assert list(Participation.objects.values_list("official__full_name", "role")) == [
        ("Nguyễn Văn Kỷ", "attendee"),
        ("Nguyễn Văn Kỷ", "opening_speech"),
    ]
    article = Article.objects.get()
    assert article.status == Status.DRAFT
    assert all(article.contains_passage(p.passage) for p in Participation.objects.all())


def test_a_correction_that_the_text_does_not_support_is_refused(editor):
    _response, data = review_post(editor)
    data["topics"] = "Một chuyên đề không có trong bài"
    response = editor.post(URL, data)
    assert response.status_code == 200
    assert "Không tìm thấy" in response.content.decode()
    assert Conference.objects.count() == 0


@pytest.mark.parametrize(
    "text",
    [
        "Tập huấn nhân quyền ở Nghệ An\n\n{lead}\n{lead}\n",
        "{lead}\n{lead}\n{lead}\n",
        "Tập huấn nhân quyền ở Nghệ An\n",
        "Quang cảnh Hội nghị (Ảnh: BTC)\nCác đại biểu dự hội nghị (Ảnh: BTC)\n",
    ],
    ids=["a paragraph twice", "duplicates only", "a title only", "captions only"],
)
def test_a_degenerate_page_gets_a_proposal_or_a_reason_never_an_error(editor, text):
    lead = (
        "Ngày 9/3, tại tỉnh Nghệ An, Ban Chỉ đạo về Nhân quyền tỉnh tổ chức Hội nghị tập huấn "
        "công tác nhân quyền cho cán bộ cơ sở của các huyện, thị xã và thành phố."
    )
    response = editor.post(URL, {"text": text.format(lead=lead)})
    assert response.status_code == 200
    assert response.context.get("review") or response.context["form"].errors
