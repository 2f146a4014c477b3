import datetime
import html as html_lib
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from archive.lib.dates import Precision
from archive.lib.text import passage_anchor
from conferences.models import (
    ConferenceFact,
    ConferenceTopic,
    Figure,
    Format,
    Organizer,
    Participation,
    Scope,
)
from tests.factories import (
    cite,
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_outlet,
    make_participation,
    make_province,
    make_topic,
)
from tests.pages import json_ld

pytestmark = pytest.mark.django_db

LIST = reverse("conferences:list")
D = datetime.date


def names(response):
    return {c.name for c in response.context["page_obj"].object_list}


@pytest.fixture
def provinces():
    phu_tho = make_province("Phú Thọ", former=False, slug="phu-tho")
    return {
        "phu-tho": phu_tho,
        "vinh-phuc": make_province("Vĩnh Phúc", current=False, successor=phu_tho),
        "phu-tho-cu": make_province("Phú Thọ", current=False, successor=phu_tho),
        "ha-noi": make_province("Hà Nội"),
    }


# --- List and filters ------------------------------------------------------------------


def test_list_hides_drafts(client):
    make_conference("Công khai", on=D(2023, 4, 12))
    make_conference("Bản nháp", on=D(2023, 4, 12), published=False)
    response = client.get(LIST)
    assert response.status_code == 200
    assert names(response) == {"Công khai"}
    assert "Bản nháp" not in response.content.decode()


def test_current_province_includes_former_units(client, provinces):
    make_conference("Ở Vĩnh Phúc", on=D(2023, 4, 12), province=provinces["vinh-phuc"])
    make_conference("Ở Phú Thọ cũ", on=D(2023, 5, 1), province=provinces["phu-tho-cu"])
    make_conference("Ở Hà Nội", on=D(2023, 5, 1), province=provinces["ha-noi"])
    response = client.get(LIST, {"province": "phu-tho"})
    assert names(response) == {"Ở Vĩnh Phúc", "Ở Phú Thọ cũ"}


def test_former_province_is_exact(client, provinces):
    make_conference("Ở Vĩnh Phúc", on=D(2023, 4, 12), province=provinces["vinh-phuc"])
    make_conference("Ở Phú Thọ cũ", on=D(2023, 5, 1), province=provinces["phu-tho-cu"])
    response = client.get(LIST, {"province": "vinh-phuc-cu"})
    assert names(response) == {"Ở Vĩnh Phúc"}


def test_province_and_year_combine(client, provinces):
    make_conference("2023 Vĩnh Phúc", on=D(2023, 4, 12), province=provinces["vinh-phuc"])
    make_conference("2024 Vĩnh Phúc", on=D(2024, 4, 12), province=provinces["vinh-phuc"])
    make_conference("2023 Hà Nội", on=D(2023, 4, 12), province=provinces["ha-noi"])
    response = client.get(LIST, {"province": "phu-tho", "year": "2023"})
    assert names(response) == {"2023 Vĩnh Phúc"}
    assert response.context["page_obj"].paginator.count == 1


def test_year_filter_matches_year_precision(client):
    make_conference("Chỉ biết năm", on=D(2022, 1, 1), precision=Precision.YEAR)
    make_conference("Năm khác", on=D(2023, 1, 1), precision=Precision.YEAR)
    assert names(client.get(LIST, {"year": "2022"})) == {"Chỉ biết năm"}


def test_organizer_official_and_topic_filters(client):
    article = make_article()
    draft_article = make_article(published=False)
    org, official, topic = make_organization(), make_official(), make_topic()
    wanted = make_conference("Đúng", on=D(2023, 1, 5))
    other = make_conference("Khác", on=D(2023, 1, 6))
    from_draft = make_conference("Chỉ nguồn nháp", on=D(2023, 1, 7))
    for conference, source in ((wanted, article), (from_draft, draft_article)):
        Organizer.objects.create(
            conference=conference, organization=org, article=source, passage=source.body
        )
        make_participation(conference, official, source)
        ConferenceTopic.objects.create(
            conference=conference,
            topic=topic,
            as_printed=topic.name,
            article=source,
            passage=source.body,
        )
    make_participation(other, make_official(), article)
    assert names(client.get(LIST, {"organizer": org.slug})) == {"Đúng"}
    assert names(client.get(LIST, {"official": official.slug})) == {"Đúng"}
    assert names(client.get(LIST, {"topic": topic.slug})) == {"Đúng"}


def test_format_and_scope_filters(client):
    make_conference(
        "Trực tuyến toàn quốc", on=D(2023, 1, 1), format=Format.ONLINE, scope=Scope.NATIONAL
    )
    make_conference(
        "Trực tiếp cấp tỉnh", on=D(2023, 1, 2), format=Format.IN_PERSON, scope=Scope.PROVINCIAL
    )
    assert names(client.get(LIST, {"format": "online"})) == {"Trực tuyến toàn quốc"}
    assert names(client.get(LIST, {"scope": "provincial"})) == {"Trực tiếp cấp tỉnh"}


def test_keyword_is_accent_insensitive(client):
    make_conference("Hội nghị tập huấn tại Vĩnh Phúc", on=D(2023, 1, 1))
    make_conference("Hội nghị tại Hà Nội", on=D(2023, 1, 2))
    assert names(client.get(LIST, {"q": "vinh phuc"})) == {"Hội nghị tập huấn tại Vĩnh Phúc"}


def test_sorting(client):
    make_conference("Bình", on=D(2023, 1, 1))
    make_conference("Đông", on=D(2024, 1, 1))
    make_conference("An", on=D(2022, 1, 1))
    make_conference("Chưa rõ ngày", on=None)

    def order(sort):
        return [c.name for c in client.get(LIST, {"sort": sort}).context["page_obj"]]

    assert order("-date") == ["Đông", "Bình", "An", "Chưa rõ ngày"]
    assert order("date") == ["An", "Bình", "Đông", "Chưa rõ ngày"]
    # Accent-insensitive: Đ sorts with D, after C.
    assert order("name") == ["An", "Bình", "Chưa rõ ngày", "Đông"]


def test_chips_remove_one_filter_each(client, provinces):
    make_conference("Ở Vĩnh Phúc", on=D(2023, 4, 12), province=provinces["vinh-phuc"])
    response = client.get(LIST, {"province": "phu-tho", "year": "2023", "page": "1"})
    chips = response.context["chips"]
    assert [(name, str(value)) for _label, value, name in chips] == [
        ("province", "Phú Thọ"),
        ("year", "2023"),
    ]
    html = response.content.decode()
    assert 'href="?year=2023"' in html  # removing the province keeps the year
    assert 'href="?province=phu-tho"' in html
    assert "1 hội nghị" in html


def test_pagination_and_page_past_the_end(client):
    for day in range(1, 24):
        make_conference(f"Hội nghị {day:02d}", on=D(2023, 1, day))
    second = client.get(LIST, {"page": "2"})
    assert second.status_code == 200
    assert len(second.context["page_obj"].object_list) == 3
    past = client.get(LIST, {"page": "9"})
    assert past.status_code == 404
    assert "Danh sách có 2 trang" in past.content.decode()
    assert client.get(LIST, {"page": "abc"}).status_code == 404


@pytest.mark.parametrize(
    "params, message",
    [
        ({"year": "abc"}, "abc"),
        ({"province": "khong-co-tinh-nay"}, "khong-co-tinh-nay"),
        ({"sort": "bogus"}, "bogus"),
        ({"official": "khong-co-ai"}, "khong-co-ai"),
    ],
)
def test_bad_filter_values_get_a_helpful_400(client, params, message):
    make_conference("Một hội nghị", on=D(2023, 1, 1))
    response = client.get(LIST, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "không hợp lệ" in html
    assert f"«{message}»" in html
    assert "Một hội nghị" not in html


def test_empty_state_suggests_the_merged_unit(client, provinces):
    make_conference("Ở Phú Thọ mới", on=D(2023, 4, 12), province=provinces["phu-tho-cu"])
    response = client.get(LIST, {"province": "vinh-phuc-cu"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không có hội nghị nào khớp" in html
    assert "?province=phu-tho" in html


def test_list_query_count_is_bounded(client, django_assert_max_num_queries, provinces):
    for day in range(1, 26):
        make_conference(f"Hội nghị {day}", on=D(2023, 1, day), province=provinces["vinh-phuc"])
    with django_assert_max_num_queries(5):
        response = client.get(LIST, {"province": "phu-tho", "year": "2023", "sort": "name"})
    assert len(response.context["page_obj"].object_list) == 20


def test_anonymous_list_touches_no_session_or_user_table(client):
    make_conference("Một hội nghị", on=D(2023, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "django_session" not in sql
    assert "auth_user" not in sql


# --- Detail ------------------------------------------------------------------------------


@pytest.fixture
def reported(provinces):
    """A conference reported by two outlets that disagree on the attendance."""
    thoi_dai, cand = make_outlet("Báo Thời Đại"), make_outlet("Báo Công an nhân dân")
    body = (
        "Hội nghị có hơn 350 đại biểu. Thiếu tướng Nguyễn Văn Kỷ, Phó Cục trưởng Cục Đối ngoại "
        "phát biểu khai mạc. Đại diện lãnh đạo Bộ Ngoại giao truyền đạt chuyên đề Công tác "
        "nhân quyền trong tình hình mới."
    )
    first = make_article(
        "Tin Thời Đại",
        body=body,
        outlet=thoi_dai,
        outlet_published_at=datetime.datetime(2023, 4, 12, tzinfo=datetime.UTC),
        outlet_published_precision="day",
    )
    second = make_article("Tin CAND", body=body.replace("hơn 350", "khoảng 3100"), outlet=cand)
    draft = make_article("Nguồn nháp", body="Bí mật nội bộ 999 đại biểu.", published=False)
    conference = make_conference(
        "Hội nghị tập huấn Vĩnh Phúc",
        on=D(2023, 4, 12),
        province=provinces["vinh-phuc"],
        venue="Trung tâm Hội nghị tỉnh",
        format=Format.IN_PERSON,
        attendees=3100,
        attendees_qualifier="exact",
    )
    cite(conference, first, "Hội nghị có hơn 350 đại biểu.")
    cite(conference, second, "khoảng 3100")
    cite(conference, draft, "Bí mật nội bộ")
    Figure.objects.create(
        conference=conference,
        kind="attendees",
        value=350,
        qualifier="more_than",
        as_printed="hơn 350 đại biểu",
        article=first,
        passage="hơn 350 đại biểu",
    )
    Figure.objects.create(
        conference=conference,
        kind="attendees",
        value=3100,
        qualifier="approx",
        as_printed="khoảng 3100 đại biểu",
        article=second,
        passage="khoảng 3100",
    )
    Figure.objects.create(
        conference=conference,
        kind="attendees",
        value=999,
        as_printed="999",
        article=draft,
        passage="999",
    )
    ky = make_official("Nguyễn Văn Kỷ")
    make_participation(
        conference,
        ky,
        first,
        role=Participation.Role.OPENING_SPEECH,
        rank_as_printed="Thiếu tướng",
        title_as_printed="Phó Cục trưởng Cục Đối ngoại",
        passage="Thiếu tướng Nguyễn Văn Kỷ, Phó Cục trưởng Cục Đối ngoại",
    )
    ministry = make_organization("Bộ Ngoại giao")
    Participation.objects.create(
        conference=conference,
        organization=ministry,
        article=first,
        role=Participation.Role.PRESENTER,
        passage="Đại diện lãnh đạo Bộ Ngoại giao",
    )
    topic = make_topic("Công tác nhân quyền trong tình hình mới")
    ConferenceTopic.objects.create(
        conference=conference, topic=topic, as_printed=topic.name, article=first, passage=topic.name
    )
    host = make_organization("Ban Chỉ đạo Nhân quyền Chính phủ")
    Organizer.objects.create(
        conference=conference,
        organization=host,
        article=first,
        as_printed=host.name,
        passage="Hội nghị",
    )
    return conference


def test_detail_shows_facts_at_a_glance(client, reported):
    response = client.get(reported.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "12/4/2023" in html
    assert "Vĩnh Phúc (nay thuộc Phú Thọ)" in html
    assert "Trung tâm Hội nghị tỉnh" in html
    assert "Trực tiếp" in html
    assert "3.100" in html  # the Vietnamese thousands separator


def test_detail_numbers_follow_the_language(client, reported):
    html = client.get(f"/en{reported.get_absolute_url()}")
    assert "3,100" in html.content.decode()


def test_detail_figures_per_source_with_range(client, reported):
    html = client.get(reported.get_absolute_url()).content.decode()
    assert "hơn 350" in html
    assert "khoảng 3.100" in html
    assert "350–3.100" in html
    assert "999" not in html  # a draft article's figure stays hidden


def test_detail_participants_grouped_by_role_with_printed_titles(client, reported):
    response = client.get(reported.get_absolute_url())
    roles = [label for label, _people in response.context["participations"]]
    assert [str(r) for r in roles] == ["Phát biểu khai mạc", "Báo cáo viên"]
    html = response.content.decode()
    assert "Thiếu tướng" in html
    assert "Phó Cục trưởng Cục Đối ngoại" in html
    assert "bài báo không nêu tên người" in html  # the ministry, not an invented person
    assert (
        reverse(
            "conferences:topic-detail", kwargs={"slug": "cong-tac-nhan-quyen-trong-tinh-hinh-moi"}
        )
        in html
    )


def test_detail_sources_with_outlet_date_and_passage(client, reported):
    response = client.get(reported.get_absolute_url())
    html = response.content.decode()
    assert [s.article.title for s in response.context["sources"]] == ["Tin Thời Đại", "Tin CAND"]
    assert "Báo Thời Đại" in html
    assert "Hội nghị có hơn 350 đại biểu." in html
    assert "Nguồn nháp" not in html
    assert "Bí mật nội bộ" not in html


def test_detail_json_ld_is_an_event(client, reported):
    data = json_ld(client.get(reported.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["name"] == "Hội nghị tập huấn Vĩnh Phúc"
    assert data["startDate"] == "2023-04-12"
    assert data["location"]["address"]["addressRegion"] == "Vĩnh Phúc"
    assert data["organizer"][0]["name"] == "Ban Chỉ đạo Nhân quyền Chính phủ"


def test_year_precision_is_shown_as_a_year(client):
    conference = make_conference("Chỉ biết năm", on=D(2022, 1, 1), precision=Precision.YEAR)
    response = client.get(conference.get_absolute_url())
    html = response.content.decode()
    assert "1/1/2022" not in html
    assert "nguồn chỉ cho biết năm" in html
    assert json_ld(response)["startDate"] == "2022"


def test_json_ld_escapes_script_endings(client):
    conference = make_conference("</script><script>alert(1)</script>", on=D(2023, 1, 1))
    response = client.get(conference.get_absolute_url())
    assert "</script><script>alert" not in response.content.decode()
    assert json_ld(response)["name"] == "</script><script>alert(1)</script>"


def test_draft_detail_is_404(client):
    draft = make_conference("Nháp", on=D(2023, 1, 1), published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_detail_has_title_description_canonical_and_open_graph(client, reported):
    html = client.get(reported.get_absolute_url()).content.decode()
    assert "<title>Hội nghị tập huấn Vĩnh Phúc (12/4/2023)" in html
    assert '<meta name="description"' in html
    assert f'<link rel="canonical" href="http://testserver{reported.get_absolute_url()}">' in html
    assert '<meta property="og:title" content="Hội nghị tập huấn Vĩnh Phúc">' in html


def test_detail_query_count_is_bounded(client, reported, django_assert_max_num_queries):
    article = make_article(body="Thêm người dự.")
    cite(reported, article)
    for _ in range(6):
        make_participation(reported, make_official(), article, role=Participation.Role.ATTENDEE)
    with django_assert_max_num_queries(8):
        response = client.get(reported.get_absolute_url())
    assert response.status_code == 200


# --- Topic -------------------------------------------------------------------------------


def test_topic_lists_its_published_conferences(client, django_assert_max_num_queries):
    article = make_article()
    topic = make_topic("Công tác nhân quyền trong tình hình mới")
    for name, published in (("Công khai", True), ("Nháp", False)):
        conference = make_conference(name, on=D(2023, 1, 1), published=published)
        ConferenceTopic.objects.create(
            conference=conference,
            topic=topic,
            as_printed=topic.name,
            article=article,
            passage=article.body,
        )
    with django_assert_max_num_queries(3):
        response = client.get(topic.get_absolute_url())
    assert [c.name for c in response.context["conferences"]] == ["Công khai"]
    assert json_ld(response)["@type"] == "DefinedTerm"


# --- Every fact sourced; the archive's own classification said so (issue 18) -----------


@pytest.fixture
def sourced(provinces):
    """A conference whose date, place, venue, printed scope and round each cite a passage;
    its summary rests on one; the source also names two organisers and a topic."""
    lead = (
        "Ngày 03/10/2024, Ban Chỉ đạo Nhân quyền Chính phủ phối hợp với Ban Chỉ đạo về Nhân "
        "quyền tỉnh Vĩnh Phúc tổ chức Hội nghị tập huấn nhân quyền toàn quốc đợt 2 năm 2024 "
        "tại thành phố Vĩnh Yên, tỉnh Vĩnh Phúc."
    )
    article = make_article("Gắn kết công tác nhân quyền", body=f"{lead}\n\nĐoạn thứ hai.")
    conference = make_conference(
        "Hội nghị tập huấn nhân quyền toàn quốc đợt 2 năm 2024",
        on=D(2024, 10, 3),
        province=provinces["vinh-phuc"],
        venue="thành phố Vĩnh Yên",
        scope=Scope.NATIONAL,
        scope_as_printed="toàn quốc",
        round_as_printed="đợt 2",
        date_as_printed="Ngày 03/10/2024",
        summary="Ngày 3/10/2024, hai ban chỉ đạo tổ chức hội nghị tại Vĩnh Yên.",
    )
    cite(conference, article, lead)
    for kind, printed in [
        ("name", "Hội nghị tập huấn nhân quyền toàn quốc đợt 2 năm 2024"),
        ("date", "Ngày 03/10/2024"),
        ("province", "tỉnh Vĩnh Phúc"),
        ("venue", "tại thành phố Vĩnh Yên"),
        ("scope", "toàn quốc"),
        ("round", "đợt 2"),
        ("summary", "phối hợp với"),
    ]:
        ConferenceFact.objects.create(
            conference=conference, kind=kind, as_printed=printed, article=article, passage=lead
        )
    for order, name in enumerate(["Ban Chỉ đạo Nhân quyền Chính phủ", "Ban Chỉ đạo Vĩnh Phúc"]):
        Organizer.objects.create(
            conference=conference,
            organization=make_organization(name),
            article=article,
            as_printed=name,
            order=order,
            passage=lead,
        )
    topic = make_topic("Công tác nhân quyền trong tình hình mới")
    ConferenceTopic.objects.create(
        conference=conference,
        topic=topic,
        as_printed="CÔNG TÁC NHÂN QUYỀN TRONG TÌNH HÌNH MỚI",
        article=article,
        passage=lead,
    )
    return conference, article, lead


def fact_row(html, label):
    """The <div> of the "Thông tin chính" list whose term is `label`."""
    return re.search(rf"<div><dt>{label}</dt><dd>(.*?)</dd></div>", html, re.S).group(1)


def test_every_key_fact_shows_the_passage_it_rests_on(client, sourced):
    conference, article, lead = sourced
    html = client.get(conference.get_absolute_url()).content.decode()
    anchor = f"{article.get_absolute_url()}#{passage_anchor(lead)}"
    for label in ("Thời gian", "Địa phương", "Địa điểm", "Phạm vi", "Đợt"):
        row = fact_row(html, label)
        assert 'class="cite"' in row, label
        assert escape(lead) in row, label
        assert f'href="{anchor}"' in row, label
    assert "đợt 2" in fact_row(html, "Đợt")
    assert "(lưu trữ phân loại)" in fact_row(html, "Phạm vi")
    # The summary is the archive's words, with what it rests on.
    assert "Tóm tắt do lưu trữ viết, dựa trên:" in html
    # "Nguồn" in the sources list lands on the passage too.
    sources = html[html.index('id="sources-heading"') :]
    assert f'href="{anchor}"' in sources


def test_a_scope_no_source_prints_is_marked_as_the_archives_classification(client, provinces):
    conference = make_conference(
        "Hội nghị Vĩnh Phúc", on=D(2023, 4, 12), province=provinces["vinh-phuc"],
        scope=Scope.PROVINCIAL,
    )  # fmt: skip
    html = client.get(conference.get_absolute_url()).content.decode()
    scope = fact_row(html, "Phạm vi")
    assert "Cấp tỉnh" in scope
    assert "(lưu trữ phân loại; bài báo không ghi)" in scope
    assert 'class="cite"' not in scope
    # A fact shown without a passage says so rather than implying one.
    assert "(chưa dẫn đoạn trích)" in fact_row(html, "Thời gian")


def test_organiser_heading_agrees_in_number_in_english(client, sourced, provinces):
    conference = sourced[0]
    english = client.get(f"/en{conference.get_absolute_url()}").content.decode()
    assert ">Organisers</h2>" in english
    single = make_conference(province=provinces["ha-noi"])
    Organizer.objects.create(
        conference=single,
        organization=make_organization(),
        article=sourced[1],
        as_printed="Ban Chỉ đạo Nhân quyền Chính phủ",
        passage=sourced[2],
    )
    assert ">Organiser</h2>" in client.get(f"/en{single.get_absolute_url()}").content.decode()


def test_topic_printed_in_other_capitals_is_not_repeated(client, sourced):
    html = client.get(sourced[0].get_absolute_url()).content.decode()
    assert "CÔNG TÁC NHÂN QUYỀN TRONG TÌNH HÌNH MỚI" not in html.split('id="topics-heading"')[1]


def test_english_pages_show_the_english_name_with_the_vietnamese_original(client, sourced):
    conference = sourced[0]
    conference.name_en = "Second national human-rights training of 2024"
    conference.save()
    english = client.get(f"/en{conference.get_absolute_url()}").content.decode()
    assert "<h1>Second national human-rights training of 2024</h1>" in english
    assert (
        '<p class="original" lang="vi"><span class="visually-hidden">Vietnamese original:</span>'
        "Hội nghị tập huấn nhân quyền toàn quốc đợt 2 năm 2024</p>"
    ) in english
    # Untranslated content is marked as Vietnamese.
    assert '<blockquote lang="vi">' in english
    assert '<p><span lang="vi">Ngày 3/10/2024, hai ban chỉ đạo' in english
    vietnamese = client.get(conference.get_absolute_url()).content.decode()
    assert "<h1>Hội nghị tập huấn nhân quyền toàn quốc đợt 2 năm 2024</h1>" in vietnamese
    assert "Second national" not in vietnamese


def test_english_pages_translate_ranks_and_roles(client, reported):
    english = client.get(f"/en{reported.get_absolute_url()}").content.decode()
    assert "Major General <a" in english
    assert "<h3>Opening speech</h3>" in english
    assert "<h3>Presenter</h3>" in english


def test_cite_this_record(client, sourced):
    conference = sourced[0]
    html = client.get(conference.get_absolute_url()).content.decode()
    block = html[html.index('id="cite-heading"') :]
    url = f"http://testserver{conference.get_absolute_url()}"
    today = timezone.localdate()
    assert f'<a href="{url}">{url}</a>' in block
    assert "Lưu trữ hội nghị tập huấn nhân quyền" in block
    assert f"{today.day}/{today.month}/{today.year}" in block
    assert f"@misc{{conference-{conference.slug}," in block
    csl = json.loads(
        html_lib.unescape(re.search(r"CSL-JSON</summary><pre><code>(.*?)</code>", block, re.S)[1])
    )
    assert csl[0]["URL"] == url and csl[0]["title"] == conference.name
    assert csl[0]["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}


def test_pager_offers_first_last_and_page_numbers(client):
    for n in range(200):
        make_conference(f"Hội nghị {n:03d}", on=D(2020, 1, 1) + datetime.timedelta(days=n))
    html = client.get(LIST, {"page": "5"}).content.decode()
    pager = html[html.index('class="pagination"') :]
    numbers = re.findall(r'href="\?page=(\d+)"><span class="visually-hidden">Trang </span>', pager)
    assert numbers == ["1", "3", "4", "6", "7", "10"]
    assert '<span aria-current="page"><span class="visually-hidden">Trang </span>5</span>' in pager
    assert '<a href="?page=1">« Trang đầu</a>' in pager
    assert '<a href="?page=10">Trang cuối »</a>' in pager
    assert pager.count('<span class="gap">…</span>') == 2
    assert "Trang 5 / 10" in pager
    assert client.get(LIST, {"page": "10"}).context["page_obj"].object_list
