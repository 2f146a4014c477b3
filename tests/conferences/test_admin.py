import datetime

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from archive.lib.dates import Precision
from archive.models import Status
from conferences.models import (
    Conference,
    ConferenceFact,
    ConferenceSource,
    ConferenceTopic,
    Figure,
    Organizer,
    Participation,
)
from tests.factories import (
    admin_url,
    cite,
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_participation,
    make_province,
    make_topic,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:conferences_conference_changelist")
BODY = "Ngày 12/4, tại Vĩnh Phúc, hơn 350 đại biểu dự hội nghị tập huấn công tác nhân quyền."
INLINE_PREFIXES = [
    "sources",
    "facts",
    "organizers",
    "participations",
    "conference_topics",
    "figures",
]


@pytest.fixture
def provinces():
    phu_tho = make_province("Phú Thọ", former=False)
    return {
        "phu_tho": phu_tho,
        "vinh_phuc": make_province("Vĩnh Phúc", current=False, successor=phu_tho, slug="vinh-phuc"),
        "phu_tho_cu": make_province("Phú Thọ", current=False, successor=phu_tho, slug="phu-tho-cu"),
        "ha_noi": make_province("Hà Nội"),
    }


def full_conference(name="Hội nghị tập huấn công tác nhân quyền năm 2023", **kwargs):
    """A conference with a row in every inline, each cited from one article."""
    article = make_article(body=BODY)
    kwargs.setdefault("on", datetime.date(2023, 4, 12))
    conference = make_conference(name, **kwargs)
    cite(conference, article, "hơn 350 đại biểu")
    make_participation(conference, make_official("Đặng Xuân Hồng"), article, passage="Vĩnh Phúc")
    organization = make_organization("Ban Chỉ đạo Nhân quyền Chính phủ")
    Organizer.objects.create(
        conference=conference,
        organization=organization,
        article=article,
        as_printed=organization.name,
        passage="hội nghị tập huấn",
    )
    ConferenceTopic.objects.create(
        conference=conference,
        topic=make_topic(f"Công tác nhân quyền {conference.pk}"),
        article=article,
        as_printed="công tác nhân quyền",
        passage="công tác nhân quyền",
    )
    Figure.objects.create(
        conference=conference,
        kind=Figure.Kind.ATTENDEES,
        value=350,
        qualifier="more_than",
        as_printed="hơn 350 đại biểu",
        article=article,
        passage="hơn 350 đại biểu",
    )
    ConferenceFact.objects.create(
        conference=conference,
        kind=ConferenceFact.Kind.PROVINCE,
        as_printed="tại Vĩnh Phúc",
        article=article,
        passage="tại Vĩnh Phúc",
    )
    return conference


def changeform_data(conference, **overrides):
    """The POST data of the conference change form as it stands, with `overrides`."""
    data = {
        "name": conference.name,
        "slug": conference.slug,
        "summary": conference.summary,
        "kind": conference.kind,
        "scope": conference.scope,
        "scope_as_printed": conference.scope_as_printed,
        "start_date": conference.start_date.isoformat() if conference.start_date else "",
        "date_precision": conference.date_precision,
        "date_as_printed": conference.date_as_printed,
        "end_date": conference.end_date.isoformat() if conference.end_date else "",
        "province": conference.province_id or "",
        "venue": conference.venue,
        "format": conference.format,
        "attendees": "" if conference.attendees is None else conference.attendees,
        "attendees_qualifier": conference.attendees_qualifier,
        "connection_points": "",
        "provinces_participating": "",
        "status": conference.status,
    }
    for prefix in INLINE_PREFIXES:
        rows = list(getattr(conference, prefix).all())
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(rows),
                f"{prefix}-INITIAL_FORMS": len(rows),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-conference"] = conference.pk
            for field in row._meta.concrete_fields:
                if field.name in ("id", "conference"):
                    continue
                value = getattr(row, field.attname)
                data[f"{prefix}-{i}-{field.name}"] = "" if value is None else value
    data.update(overrides)
    return data


# --- Change list and change form ------------------------------------------------------


def test_changelist_of_100_conferences_costs_a_bounded_number_of_queries(
    admin_client, provinces, django_assert_max_num_queries
):
    article = make_article(body=BODY)
    for i in range(100):
        conference = make_conference(
            f"Hội nghị {i}",
            on=datetime.date(2023, 1, 1) + datetime.timedelta(days=i),
            province=provinces["vinh_phuc"],
        )
        cite(conference, article, "hội nghị")
    with django_assert_max_num_queries(14):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 100
    assert "Vĩnh Phúc (nay thuộc Phú Thọ)" in response.text


def test_changelist_shows_counts_per_conference(admin_client):
    conference = full_conference()
    response = admin_client.get(CHANGELIST)
    row = response.context["cl"].result_list[0]
    assert row == conference
    assert (row.source_total, row.participant_total) == (1, 1)


def test_change_form_with_every_inline_loads_in_bounded_queries(
    admin_client, django_assert_max_num_queries
):
    conference = full_conference()
    # Per inline: its rows, its content type and the label of each row's article (the
    # facts' inline, with one row, adds three).
    with django_assert_max_num_queries(31):
        response = admin_client.get(admin_url(conference))
    assert response.status_code == 200
    assert "Đặng Xuân Hồng" in response.text
    assert reverse("admin:conferences_conference_preview", args=[conference.pk]) in response.text


@pytest.mark.parametrize(
    "model",
    [
        "conferencesource",
        "conferencefact",
        "figure",
        "organizer",
        "participation",
        "conferencetopic",
        "topic",
    ],
)
def test_other_conference_change_lists_and_forms_load(admin_client, model):
    full_conference()
    response = admin_client.get(reverse(f"admin:conferences_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    obj = response.context["cl"].result_list[0]
    assert (
        admin_client.get(reverse(f"admin:conferences_{model}_change", args=[obj.pk])).status_code
        == 200
    )
    assert admin_client.get(reverse(f"admin:conferences_{model}_add")).status_code == 200


# --- Filters and search ---------------------------------------------------------------


def test_current_province_filter_includes_the_former_units_merged_into_it(admin_client, provinces):
    in_vinh_phuc = make_conference(
        "A", on=datetime.date(2023, 4, 12), province=provinces["vinh_phuc"]
    )
    in_old_phu_tho = make_conference(
        "B", on=datetime.date(2023, 5, 1), province=provinces["phu_tho_cu"]
    )
    make_conference("C", on=datetime.date(2023, 6, 1), province=provinces["ha_noi"])
    response = admin_client.get(CHANGELIST, {"province": "phu-tho"})
    assert set(response.context["cl"].result_list) == {in_vinh_phuc, in_old_phu_tho}


def test_former_province_filter_is_exact(admin_client, provinces):
    in_vinh_phuc = make_conference(
        "A", on=datetime.date(2023, 4, 12), province=provinces["vinh_phuc"]
    )
    make_conference("B", on=datetime.date(2023, 5, 1), province=provinces["phu_tho_cu"])
    response = admin_client.get(CHANGELIST, {"former_province": "vinh-phuc"})
    assert list(response.context["cl"].result_list) == [in_vinh_phuc]


def test_province_and_year_filters_combine(admin_client, provinces):
    wanted = make_conference("A", on=datetime.date(2023, 4, 12), province=provinces["vinh_phuc"])
    make_conference("B", on=datetime.date(2024, 4, 12), province=provinces["vinh_phuc"])
    make_conference("C", on=datetime.date(2023, 4, 12), province=provinces["ha_noi"])
    response = admin_client.get(CHANGELIST, {"province": "phu-tho", "year": "2023"})
    assert list(response.context["cl"].result_list) == [wanted]
    cl = response.context["cl"]
    year_spec = next(
        spec for spec in cl.filter_specs if getattr(spec, "parameter_name", "") == "year"
    )
    assert [choice["display"] for choice in year_spec.choices(cl)][1:] == ["2024", "2023"]


def test_status_scope_and_precision_filters(admin_client):
    wanted = make_conference(
        "A",
        published=False,
        on=datetime.date(2023, 1, 1),
        precision=Precision.YEAR,
        scope="national",
    )
    make_conference("B", on=datetime.date(2023, 1, 1), precision=Precision.YEAR, scope="national")
    make_conference("C", published=False, on=datetime.date(2023, 4, 12), scope="national")
    response = admin_client.get(
        CHANGELIST,
        {"status__exact": "draft", "scope__exact": "national", "date_precision__exact": "year"},
    )
    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.parametrize(
    "query", ["vinh phuc", "VINH PHÚC", "Vĩnh Phúc", "phu tho", "hoi nghi vinh"]
)
def test_search_ignores_diacritics_and_finds_the_province(admin_client, provinces, query):
    wanted = make_conference(
        "Hội nghị tập huấn", on=datetime.date(2023, 4, 12), province=provinces["vinh_phuc"]
    )
    make_conference("Hội nghị khác", on=datetime.date(2023, 4, 12), province=provinces["ha_noi"])
    response = admin_client.get(CHANGELIST, {"q": query})
    assert list(response.context["cl"].result_list) == [wanted]


def test_search_d_matches_đ(admin_client):
    wanted = make_conference("Hội nghị tại Điện Biên", on=datetime.date(2023, 4, 12))
    make_conference("Hội nghị tại Hà Nội", on=datetime.date(2023, 4, 12))
    response = admin_client.get(CHANGELIST, {"q": "dien bien"})
    assert list(response.context["cl"].result_list) == [wanted]


# --- Publishing and preview -----------------------------------------------------------


def test_publish_action_publishes_drafts_and_records_the_time(admin_client):
    draft = make_conference("Nháp", published=False, on=datetime.date(2023, 4, 12))
    cite(draft, make_article())
    response = admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_at is not None
    assert Version.objects.get_for_object(draft).first().revision.get_comment() == "Đã công bố."


def test_unpublish_action_returns_to_draft(admin_client):
    published = make_conference("Đã đăng", on=datetime.date(2023, 4, 12))
    admin_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [published.pk]})
    published.refresh_from_db()
    assert (published.status, published.published_at) == (Status.DRAFT, None)


def test_staff_preview_a_draft_the_public_cannot_see(admin_client, client):
    draft = make_conference("Hội nghị nháp bí mật", published=False, on=datetime.date(2023, 4, 12))
    preview = reverse("admin:conferences_conference_preview", args=[draft.pk])
    response = admin_client.get(preview)
    assert response.status_code == 200
    assert "Hội nghị nháp bí mật" in response.text
    assert response.context["preview"]["record"] == draft
    assert "Bản nháp — chưa công khai." in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(preview).status_code == 302  # to the admin login


def test_preview_shows_what_the_draft_article_says(admin_client):
    """An imported draft cites a draft article: the preview shows its sources and people."""
    draft = make_conference("Hội nghị nháp", published=False, on=datetime.date(2023, 4, 12))
    article = make_article("Bài nháp về hội nghị", published=False, body=BODY)
    cite(draft, article, passage="hơn 350 đại biểu")
    make_participation(draft, make_official("Nguyễn Văn Kỷ"), article, passage="tại Vĩnh Phúc")
    response = admin_client.get(reverse("admin:conferences_conference_preview", args=[draft.pk]))
    assert "Bài nháp về hội nghị" in response.text
    assert "Nguyễn Văn Kỷ" in response.text
    assert "hơn 350 đại biểu" in response.text


def test_article_preview_lists_the_draft_conference_it_reports(admin_client):
    article = make_article("Bài nháp", published=False, body=BODY)
    cite(
        make_conference("Hội nghị nháp kèm theo", published=False), article, passage="tại Vĩnh Phúc"
    )
    response = admin_client.get(reverse("admin:archive_article_preview", args=[article.pk]))
    assert "Hội nghị nháp kèm theo" in response.text


# --- Validation -----------------------------------------------------------------------


def test_dates_are_shown_and_typed_the_vietnamese_way(admin_client):
    conference = full_conference()
    page = admin_client.get(admin_url(conference)).text
    shown = conference.start_date.strftime("%d/%m/%Y")
    assert f'name="start_date" value="{shown}"' in page
    response = admin_client.post(
        admin_url(conference), changeform_data(conference, end_date="3/5/2023")
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.end_date == datetime.date(2023, 5, 3)


def test_end_date_before_start_is_a_form_error(admin_client):
    conference = full_conference()
    response = admin_client.post(
        admin_url(conference), changeform_data(conference, end_date="2023-04-01")
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.text
    conference.refresh_from_db()
    assert conference.end_date is None


def test_negative_count_is_a_form_error(admin_client):
    conference = full_conference()
    data = changeform_data(conference, connection_points="-3")
    response = admin_client.post(admin_url(conference), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["connection_points"]
    conference.refresh_from_db()
    assert conference.connection_points is None


def test_day_precision_without_a_day_is_a_form_error(admin_client):
    conference = full_conference()
    response = admin_client.post(admin_url(conference), changeform_data(conference, start_date=""))
    assert response.status_code == 200
    assert "Cần nhập ngày cho độ chính xác đã chọn." in response.text
    conference.refresh_from_db()
    assert conference.start_date == datetime.date(2023, 4, 12)


def test_inline_passage_not_in_the_article_is_a_form_error_and_nothing_is_saved(admin_client):
    conference = full_conference()
    data = changeform_data(
        conference,
        name="Tên mới",
        **{"participations-0-passage": "Câu này không có trong bài báo."},
    )
    response = admin_client.post(admin_url(conference), data)
    assert response.status_code == 200
    assert "Đoạn trích không có nguyên văn trong bài báo nguồn." in response.text
    conference.refresh_from_db()
    assert conference.name != "Tên mới"
    assert Participation.objects.get(conference=conference).passage == "Vĩnh Phúc"


def test_figure_of_a_format_with_a_number_is_a_form_error(admin_client):
    conference = full_conference()
    data = changeform_data(conference, **{"figures-0-kind": "format", "figures-0-format": ""})
    response = admin_client.post(admin_url(conference), data)
    assert response.status_code == 200
    assert "Số liệu “hình thức” không có giá trị số." in response.text
    assert Figure.objects.get(conference=conference).kind == Figure.Kind.ATTENDEES


def test_valid_edit_saves_and_is_recorded_in_history(admin_client):
    conference = full_conference()
    data = changeform_data(conference, attendees="3100", attendees_qualifier="exact")
    response = admin_client.post(admin_url(conference), data)
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.attendees == 3100
    version = Version.objects.get_for_object(conference).first()
    assert version.revision.user.username == "admin"


# --- History --------------------------------------------------------------------------


def test_reverting_from_history_restores_fields_and_inline_rows(admin_client):
    conference = full_conference()
    admin_client.post(
        admin_url(conference),
        changeform_data(conference, attendees="100", attendees_qualifier="approx"),
    )
    first = Version.objects.get_for_object(conference).first()
    data = changeform_data(conference, attendees="999", attendees_qualifier="exact")
    data["participations-0-DELETE"] = "on"
    admin_client.post(admin_url(conference), data)
    assert not Participation.objects.filter(conference=conference).exists()

    revision_url = reverse("admin:conferences_conference_revision", args=[conference.pk, first.pk])
    conference.refresh_from_db()
    response = admin_client.post(
        revision_url,
        changeform_data(
            conference,
            attendees="100",
            attendees_qualifier="approx",
            **{"participations-TOTAL_FORMS": 0, "participations-INITIAL_FORMS": 0},
        ),
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.attendees == 100
    assert Participation.objects.filter(conference=conference).count() == 1


def test_reverting_to_a_published_version_does_not_republish(admin_client):
    conference = full_conference()
    data = changeform_data(conference, attendees="100", attendees_qualifier="approx")
    admin_client.post(admin_url(conference), data)
    published_version = Version.objects.get_for_object(conference).first()
    admin_client.post(admin_url(conference), data | {"_unpublish": "1"})
    conference.articles.unpublish()  # its source withdrawn too: publishing would be refused
    conference.refresh_from_db()
    assert conference.status == Status.DRAFT

    url = reverse(
        "admin:conferences_conference_revision", args=[conference.pk, published_version.pk]
    )
    preview = admin_client.get(url)
    assert "bản nháp" in preview.text and "đã công bố" not in preview.text
    response = admin_client.post(url, changeform_data(conference), follow=True)
    conference.refresh_from_db()
    assert (conference.status, conference.published_at) == (Status.DRAFT, None)
    assert conference.attendees == 100  # the content is restored
    assert "Trạng thái công bố giữ nguyên: bản nháp." in response.text


def test_a_recovered_published_conference_comes_back_as_a_draft(admin_client):
    conference = full_conference()
    admin_client.post(
        reverse("admin:conferences_conference_delete", args=[conference.pk]), {"post": "yes"}
    )
    deleted = Version.objects.get_deleted(Conference).get()
    response = admin_client.post(
        reverse("admin:conferences_conference_recover", args=[deleted.pk]),
        changeform_data(conference),
        follow=True,
    )
    restored = Conference.objects.get(pk=conference.pk)
    assert (restored.status, restored.published_at) == (Status.DRAFT, None)
    assert restored.participations.count() == 1
    assert "Trạng thái công bố giữ nguyên: bản nháp." in response.text


def test_deleted_draft_is_recovered_with_its_cited_rows(admin_client):
    conference = full_conference(published=False)
    admin_client.post(
        reverse("admin:conferences_conference_delete", args=[conference.pk]), {"post": "yes"}
    )
    assert not Conference.objects.filter(pk=conference.pk).exists()
    deleted = Version.objects.get_deleted(Conference).get()
    response = admin_client.get(reverse("admin:conferences_conference_recoverlist"))
    assert conference.name in response.text
    with reversion.create_revision():
        deleted.revision.revert(delete=True)
    restored = Conference.objects.get(pk=conference.pk)
    assert restored.participations.count() == 1
    assert ConferenceSource.objects.filter(conference=restored).count() == 1


# --- Roles ----------------------------------------------------------------------------


def test_editor_edits_and_publishes(editor_client):
    draft = make_conference("Nháp", published=False, on=datetime.date(2023, 4, 12))
    cite(draft, make_article())
    assert editor_client.get(admin_url(draft)).status_code == 200
    editor_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published


def test_editor_deletes_a_draft_but_not_a_published_conference(editor_client):
    draft = make_conference("Nháp", published=False, on=datetime.date(2023, 4, 12))
    published = make_conference("Đã đăng", on=datetime.date(2023, 4, 12))
    delete = "admin:conferences_conference_delete"
    assert (
        editor_client.post(reverse(delete, args=[published.pk]), {"post": "yes"}).status_code == 403
    )
    assert editor_client.post(reverse(delete, args=[draft.pk]), {"post": "yes"}).status_code == 302
    assert list(Conference.objects.all()) == [published]


def test_editor_cannot_bulk_delete_published_conferences(editor_client):
    draft = make_conference("Nháp", published=False, on=datetime.date(2023, 4, 12))
    published = make_conference("Đã đăng", on=datetime.date(2023, 4, 12))
    editor_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [draft.pk, published.pk], "post": "yes"},
    )
    assert Conference.objects.count() == 2


def test_viewer_sees_and_filters_but_cannot_change(viewer_client):
    conference = full_conference()
    response = viewer_client.get(CHANGELIST, {"year": "2023"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [conference]
    assert viewer_client.get(admin_url(conference)).status_code == 200
    response = viewer_client.post(admin_url(conference), changeform_data(conference, name="Đổi"))
    assert response.status_code == 403
    assert viewer_client.get(reverse("admin:conferences_conference_add")).status_code == 403
    viewer_client.post(CHANGELIST, {"action": "publish", "_selected_action": [conference.pk]})
    conference.refresh_from_db()
    assert conference.name != "Đổi"


# --- CSV ------------------------------------------------------------------------------


def test_csv_export_of_the_filtered_list(admin_client, provinces):
    make_conference(
        '=HYPERLINK("x") Hội nghị Vĩnh Phúc',
        on=datetime.date(2023, 4, 12),
        province=provinces["vinh_phuc"],
        attendees=3100,
        attendees_qualifier="exact",
    )
    make_conference("Hội nghị Hà Nội", on=datetime.date(2023, 4, 12), province=provinces["ha_noi"])
    url = reverse("admin:conferences_conference_export_csv")
    response = admin_client.get(url, {"province": "phu-tho"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufefftên hội nghị,")
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith('"\'=HYPERLINK(""x"") Hội nghị Vĩnh Phúc",12/4/2023')
    assert "Vĩnh Phúc (nay thuộc Phú Thọ)" in lines[1]
    assert ",3100," in lines[1]


def test_csv_export_action_exports_the_selected_rows(admin_client):
    chosen = make_conference("Chọn", on=datetime.date(2023, 4, 12))
    make_conference("Bỏ", on=datetime.date(2023, 4, 12))
    response = admin_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [chosen.pk]}
    )
    rows = response.content.decode("utf-8-sig").splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["Chọn"]
