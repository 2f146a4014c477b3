"""The admin "Import article" page: paste or upload, review beside the source in Vietnamese,
correct (selects, Vietnamese dates, rows added, removed, matched), confirm, get drafts."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.lib.dates import Precision
from archive.models import Article, Status
from conferences.models import Conference, Figure, Participation
from people.models import Official
from tests.factories import cite, make_article, make_conference, make_official, make_province
from tests.hardening.conftest import form_data

pytestmark = pytest.mark.django_db

URL = reverse("importer:import")
LAI_CHAU = Path(settings.BASE_DIR) / "fixtures" / "sources" / "002_c5acaf174e378fce.txt"


def review(editor_client, text=None):
    response = editor_client.post(URL, {"text": text or LAI_CHAU.read_text(encoding="utf-8")})
    assert response.status_code == 200
    assert "review" in response.context, response.context["form"].errors
    return response


def submitted(response, **changes):
    """What the browser submits from the review form (rows included), with `changes`
    (name → value; None removes it), and the confirm button."""
    data = {name: values[0] if len(values) == 1 else values for name, values in
            form_data(response.text, "review-form").items()}  # fmt: skip
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data | {"confirm": "1"}


def row_index(response, prefix, **match):
    """The index of the first row of formset `prefix` whose initial values match."""
    formset = response.context["review"].formsets[prefix]
    return next(
        i
        for i, form in enumerate(formset.forms)
        if all(form.initial.get(k) == v for k, v in match.items())
    )


def test_staff_without_the_add_permission_are_refused(client):
    client.force_login(User.objects.create_user("viewer", password="x", is_staff=True))
    assert client.get(URL).status_code == 403


def test_anonymous_users_are_sent_to_the_admin_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("admin:login") in response.url


def test_the_proposal_is_shown_beside_the_source_with_passages_and_matches(editor_client):
    make_official("Nguyễn Văn Kỷ")
    response = review(editor_client)
    html = response.text
    assert "<mark>Ngày 23/8, tại Lai Châu" in html
    assert '<span class="marker matched">đã có</span>' in html  # Nguyễn Văn Kỷ
    assert '<span class="marker new">mới</span>' in html  # Tống Thanh Hải
    assert response.context["review"].initial["attendees"] == 3100
    assert Article.objects.count() == 0  # nothing is written before confirmation


def test_every_choice_is_shown_in_vietnamese(editor_client):
    html = review(editor_client).text
    visible = re.sub(r"<[^>]+>", " ", html)
    for code in ("hybrid", "provincial", "attendee", "opening_speech", "co_organizer"):
        assert code not in visible, code
    assert '<option value="hybrid" selected>trực tiếp và trực tuyến</option>' in html
    assert '<option value="opening_speech" selected>phát biểu khai mạc</option>' in html
    assert 'value="23/8/2022"' in html  # the date, the Vietnamese way


def test_an_uploaded_file_is_analysed(editor_client):
    upload = SimpleUploadedFile("page.txt", LAI_CHAU.read_bytes(), content_type="text/plain")
    response = editor_client.post(URL, {"file": upload})
    assert response.context["proposal"].attendees.value == 3100


def test_bad_input_is_explained_on_the_page(editor_client):
    response = editor_client.post(
        URL, {"text": "Hello world, this is not Vietnamese at all. " * 10}
    )
    assert "tiếng Việt" in response.text
    assert Article.objects.count() == 0


def test_the_editor_corrects_a_figure_and_a_role_and_gets_drafts(editor_client):
    response = review(editor_client)
    hai = row_index(response, "officials", name="Tống Thanh Hải")
    data = submitted(
        response,
        attendees="",  # the editor removes a figure
        connection_points="114",
        date="23/8/2022",
        **{f"officials-{hai}-role": "chair"},  # "chủ trì", chosen in Vietnamese
    )
    response = editor_client.post(URL, data)
    assert response.status_code == 302, response.context["review"].errors
    conference = Conference.objects.get()
    assert response["Location"] == reverse(
        "admin:conferences_conference_change", args=[conference.pk]
    )
    assert conference.status == Status.DRAFT and conference.attendees is None
    assert conference.connection_points == 114
    assert (conference.start_date.isoformat(), conference.date_precision) == (
        "2022-08-23",
        Precision.DAY,
    )
    roles = set(Participation.objects.values_list("official__full_name", "role"))
    assert ("Tống Thanh Hải", "chair") in roles
    assert ("Nguyễn Văn Kỷ", "opening_speech") in roles
    article = Article.objects.get()
    assert article.status == Status.DRAFT
    assert all(article.contains_passage(p.passage) for p in Participation.objects.all())


def test_the_message_links_to_the_drafts_and_says_what_publishing_does(editor_client):
    response = editor_client.post(URL, submitted(review(editor_client)))
    conference, article = Conference.objects.get(), Article.objects.get()
    [message] = [m for m in get_messages(response.wsgi_request)]
    text = str(message)
    assert f'<a href="/admin/conferences/conference/{conference.pk}/change/">' in text
    assert f'<a href="/admin/archive/article/{article.pk}/change/">' in text
    assert "Chưa ai ngoài ban biên tập thấy chúng, kể cả những mục mới: 2 quan chức" in text
    assert "“Lưu và công bố”" in text and "công bố cùng nhau" in text


@pytest.mark.parametrize(
    "typed, day, precision",
    [
        ("23/8/2022", "2022-08-23", Precision.DAY),
        ("8/2022", "2022-08-01", Precision.MONTH),
        ("tháng 8 năm 2022", "2022-08-01", Precision.MONTH),
        ("2022", "2022-01-01", Precision.YEAR),
        ("", None, Precision.UNKNOWN),
    ],
)
def test_dates_are_typed_at_their_real_precision(editor_client, typed, day, precision):
    response = editor_client.post(URL, submitted(review(editor_client), date=typed))
    assert response.status_code == 302
    conference = Conference.objects.get()
    start = conference.start_date.isoformat() if conference.start_date else None
    assert (start, conference.date_precision) == (day, precision)


def test_an_impossible_date_is_explained(editor_client):
    response = editor_client.post(URL, submitted(review(editor_client), date="31/2/2022"))
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in response.text
    assert Conference.objects.count() == 0


def test_rows_are_removed_added_and_matched(editor_client):
    known = make_official("Tống Thanh Hải")
    response = review(editor_client)
    kept = row_index(response, "officials", name="Nguyễn Văn Kỷ", role="attendee")
    hai = row_index(response, "officials", name="Tống Thanh Hải")
    total = len(response.context["review"].formsets["officials"].forms)
    data = submitted(
        response,
        **{f"officials-{kept}-DELETE": "on", f"officials-{hai}-record": str(known.pk)},
        **{"officials-TOTAL_FORMS": str(total + 1)},
        **{f"officials-{total}-{k}": v for k, v in {
            "name": "Tống Thanh Hải", "role": "speaker", "titles": "", "rank": "",
            "record": str(known.pk), "passage": "",
        }.items()},
    )  # fmt: skip
    response = editor_client.post(URL, data)
    assert response.status_code == 302, response.context["review"].errors
    roles = set(Participation.objects.values_list("official__full_name", "role"))
    assert ("Nguyễn Văn Kỷ", "attendee") not in roles
    assert ("Tống Thanh Hải", "speaker") in roles
    # Matched, not duplicated: one Tống Thanh Hải, the one the archive had.
    assert list(Official.objects.filter(full_name="Tống Thanh Hải")) == [known]


def test_a_row_the_text_does_not_support_is_refused(editor_client):
    response = review(editor_client)
    total = len(response.context["review"].formsets["topics"].forms)
    data = submitted(
        response,
        **{"topics-TOTAL_FORMS": str(total + 1), f"topics-{total}-name": "Chuyên đề không có"},
    )
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    assert "Không tìm thấy “Chuyên đề không có” trong bài." in response.text
    assert Conference.objects.count() == 0


def test_an_article_imported_before_is_said_on_the_first_screen(editor_client):
    editor_client.post(URL, submitted(review(editor_client)))
    article = Article.objects.get()
    response = review(editor_client)
    assert "Bài báo này đã có trong lưu trữ: “" in response.text
    assert reverse("admin:archive_article_change", args=[article.pk]) in response.text
    # Confirming anyway changes nothing.
    assert editor_client.post(URL, submitted(response)).status_code == 200
    assert Article.objects.count() == 1


def test_the_same_event_already_archived_is_said_on_the_first_screen(editor_client):
    lai_chau = make_province("Lai Châu", current=False, slug="lai-chau-cu")
    existing = make_conference(
        "Hội nghị tập huấn công tác nhân quyền Lai Châu 2022",
        on=datetime.date(2022, 8, 23),
        province=lai_chau,
    )
    cite(existing, make_article())
    response = review(editor_client)
    assert "Có vẻ cùng hội nghị đã có “Hội nghị tập huấn công tác nhân quyền Lai Châu 2022”" in (
        response.text
    )
    assert response.context["review"]["existing_conference"].value() == existing.pk
    editor_client.post(URL, submitted(response))
    assert Conference.objects.count() == 1
    assert existing.sources.count() == 2


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
def test_a_degenerate_page_gets_a_proposal_or_a_reason_never_an_error(editor_client, text):
    lead = (
        "Ngày 9/3, tại tỉnh Nghệ An, Ban Chỉ đạo về Nhân quyền tỉnh tổ chức Hội nghị tập huấn "
        "công tác nhân quyền cho cán bộ cơ sở của các huyện, thị xã và thành phố."
    )
    response = editor_client.post(URL, {"text": text.format(lead=lead)})
    assert response.status_code == 200
    assert response.context.get("review") or response.context["form"].errors


QUANG_TRI = (
    "Quảng Trị tập huấn công tác nhân quyền năm 2024\n\n15/06/2024 09:30\n\n"
    "Ngày 14/6, tại thành phố Đông Hà, Ban Chỉ đạo về Nhân quyền tỉnh Quảng Trị tổ chức Hội "
    "nghị tập huấn công tác nhân quyền năm 2024.\n\n"
    "Dự Hội nghị có 200 đại biểu tại điểm cầu chính của tỉnh. Tổng cộng có 1.350 đại biểu dự "
    "tại 47 điểm cầu.\n"
)


def test_a_corrected_figure_is_cited_with_its_wording(editor_client):
    response = review(editor_client, QUANG_TRI)
    assert response.context["review"].initial["attendees"] == 200
    assert editor_client.post(URL, submitted(response, attendees="1350")).status_code == 302
    figure = Figure.objects.get(kind=Figure.Kind.ATTENDEES)
    assert (figure.value, figure.as_printed) == (1350, "1.350 đại biểu")
    assert figure.passage == "Tổng cộng có 1.350 đại biểu dự tại 47 điểm cầu."
    figure.full_clean()  # the wording agrees with the value (item 7)


def test_a_corrected_figure_the_article_does_not_print_is_refused(editor_client):
    response = editor_client.post(
        URL, submitted(review(editor_client, QUANG_TRI), attendees="1400")
    )
    assert response.status_code == 200
    assert "Không tìm thấy “1.400” trong bài." in response.text


def test_a_date_or_province_the_editor_changed_is_not_cited_as_the_article_words(
    editor_client,
):
    make_province("Quảng Trị")
    other = make_province("Quảng Bình")
    response = review(editor_client, QUANG_TRI)
    assert editor_client.post(URL, submitted(response)).status_code == 302
    kinds = set(Conference.objects.get().facts.values_list("kind", flat=True))
    assert {"date", "province", "venue"} <= kinds
    Conference.objects.all().delete()
    Article.objects.all().delete()

    response = review(editor_client, QUANG_TRI.replace("15/06/2024 09:30", "16/06/2024 09:30"))
    data = submitted(response, date="13/6/2024", province=str(other.pk))
    assert editor_client.post(URL, data).status_code == 302
    conference = Conference.objects.get()
    assert (conference.start_date, conference.province) == (datetime.date(2024, 6, 13), other)
    assert conference.date_as_printed == ""
    kinds = set(conference.facts.values_list("kind", flat=True))
    assert "date" not in kinds and "province" not in kinds and "venue" in kinds
