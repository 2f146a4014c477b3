"""The admin change lists at scale: work per page that does not grow with the table (counts
per row, filter choices, duplicates, the total), and what the editor sees stays right."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.admin_base.base import ArchiveAdmin
from archive.admin_base.paginator import EstimatedCountPaginator
from archive.lib import caching
from archive.models import ArticleImage
from conferences.models import Conference, Organizer, Participation
from tests.factories import (
    cite,
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_participation,
    make_position,
    make_province,
)

pytestmark = pytest.mark.django_db

CONFERENCES = reverse("admin:conferences_conference_changelist")
ARTICLES = reverse("admin:archive_article_changelist")
OFFICIALS = reverse("admin:people_official_changelist")
PARTICIPATIONS = reverse("admin:conferences_participation_changelist")
ORGANIZATIONS = reverse("admin:people_organization_changelist")

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's estimates"
)


def queries_of(client, url, params=None):
    """The SQL of one view of `url`, the archive's cache emptied first (so that each view
    computes its filter choices alike)."""
    caching.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries]


def conferences_with_rows(count, start=0):
    """`count` conferences, each cited by two articles (one with an image) and attended by
    an official, who also holds a position."""
    province = make_province()
    organization = make_organization()
    for i in range(start, start + count):
        conference = make_conference(
            f"Hội nghị {i}", on=datetime.date(2020 + i % 4, 1, 1), province=province
        )
        first, second = make_article(), make_article()
        cite(conference, first)
        cite(conference, second)
        ArticleImage.objects.create(article=first, order=1, image=f"articles/{i}.png")
        official = make_official()
        make_participation(conference, official, first)
        make_position(official, first)
        Organizer.objects.create(
            conference=conference,
            organization=organization,
            article=first,
            as_printed=organization.name,
            passage=first.body,
        )


# --- Work per page --------------------------------------------------------------------


@pytest.mark.parametrize("url", [CONFERENCES, ARTICLES, OFFICIALS, PARTICIPATIONS])
def test_change_list_queries_do_not_grow_with_the_rows(admin_client, url):
    conferences_with_rows(3)
    _response, few = queries_of(admin_client, url)
    conferences_with_rows(30, start=3)
    response, many = queries_of(admin_client, url)
    assert response.context["cl"].result_count > 30
    assert len(many) == len(few), "\n".join(many)


@pytest.mark.parametrize("url", [CONFERENCES, ARTICLES, OFFICIALS])
def test_count_columns_are_not_a_group_by_over_the_table(admin_client, url):
    conferences_with_rows(3)
    _response, sql = queries_of(admin_client, url)
    assert not [query for query in sql if "GROUP BY" in query]


def test_filter_choices_are_computed_once_until_the_next_save(admin_client):
    make_conference(on=datetime.date(2023, 4, 1))
    response, first = queries_of(admin_client, CONFERENCES)
    with CaptureQueriesContext(connection) as again:
        admin_client.get(CONFERENCES)
    years = [query["sql"] for query in again.captured_queries if "filter_year" in query["sql"]]
    assert [query for query in first if "filter_year" in query]  # the first view finds them
    assert years == []  # the next one takes them from the cache
    make_conference(on=datetime.date(2019, 4, 1))  # a save: the choices are found again
    response = admin_client.get(CONFERENCES)
    assert year_choices(response) == ["2023", "2019"]


def year_choices(response):
    cl = response.context["cl"]
    spec = next(spec for spec in cl.filter_specs if getattr(spec, "parameter_name", "") == "year")
    return [choice["display"] for choice in spec.choices(cl)][1:]


def test_year_choices_of_officials_come_from_their_conferences(admin_client):
    official = make_official()
    for year in (2018, 2021):
        conference = make_conference(on=datetime.date(year, 5, 1))
        make_participation(conference, official, make_article())
    make_conference(on=datetime.date(2015, 5, 1))  # nobody listed took part
    assert year_choices(admin_client.get(OFFICIALS)) == ["2021", "2018"]


# --- Counts shown per row -------------------------------------------------------------


def test_count_columns_show_each_rows_numbers(admin_client):
    conferences_with_rows(2)
    busy = Conference.objects.get(name="Hội nghị 0")
    cite(busy, make_article())
    make_participation(busy, make_official(), make_article())
    quiet = make_conference("Hội nghị trống", on=datetime.date(2024, 1, 1))
    rows = {row.name: row for row in admin_client.get(CONFERENCES).context["cl"].result_list}
    assert (rows[busy.name].source_total, rows[busy.name].participant_total) == (3, 2)
    assert (rows["Hội nghị 1"].source_total, rows["Hội nghị 1"].participant_total) == (2, 1)
    assert (rows[quiet.name].source_total, rows[quiet.name].participant_total) == (0, 0)


def test_article_and_official_counts(admin_client):
    article = make_article("Bài hai hội nghị")
    ArticleImage.objects.create(article=article, order=1, image="a.png")
    ArticleImage.objects.create(article=article, order=2, image="b.png")
    official = make_official("Trần Văn Đếm")
    for day in (1, 2):
        conference = make_conference(on=datetime.date(2023, 3, day))
        cite(conference, article)
        make_participation(conference, official, article)
    make_position(official, article)
    row = admin_client.get(ARTICLES).context["cl"].result_list[0]
    assert (row.conference_total, row.image_total) == (2, 2)
    row = admin_client.get(OFFICIALS).context["cl"].result_list[0]
    assert (row.position_total, row.participation_total) == (1, 2)


def test_organization_counts_each_conference_once(admin_client):
    organization = make_organization("Ban Chỉ đạo")
    conference = make_conference(on=datetime.date(2023, 3, 1))
    for article in (make_article(), make_article()):  # two citations of one role
        Organizer.objects.create(
            conference=conference,
            organization=organization,
            article=article,
            as_printed=organization.name,
            passage=article.body,
        )
    row = admin_client.get(ORGANIZATIONS).context["cl"].result_list[0]
    assert (row.conference_total, row.participation_total) == (1, 0)


def test_count_columns_still_sort(admin_client):
    conferences_with_rows(1)
    busy = make_conference("Nhiều nguồn", on=datetime.date(2010, 1, 1))
    for _ in range(3):
        cite(busy, make_article())
    make_conference("Không nguồn", on=datetime.date(2030, 1, 1))
    cl = admin_client.get(CONFERENCES).context["cl"]
    column = cl.list_display.index("source_count")
    by_sources = admin_client.get(CONFERENCES, {"o": f"-{column}"}).context["cl"].result_list
    assert [row.source_total for row in by_sources] == [3, 2, 0]


# --- Order and pages ------------------------------------------------------------------


def test_conferences_newest_first_undated_last_ties_by_entry(admin_client):
    undated = make_conference("Không ngày", on=None)
    first = make_conference("B", on=datetime.date(2022, 1, 1))
    second = make_conference("A", on=datetime.date(2022, 1, 1))
    newest = make_conference("C", on=datetime.date(2024, 1, 1))
    rows = list(admin_client.get(CONFERENCES).context["cl"].result_list)
    assert rows == [newest, first, second, undated]


def test_a_page_of_a_long_list_is_read_id_first_and_holds_its_rows(admin_client, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "threshold", 100)  # 250 rows: a long list
    for i in range(250):  # three a day: ties broken by entry
        make_conference(f"Hội nghị {i}", on=datetime.date(2000, 1, 1) + datetime.timedelta(i // 3))
    response, sql = queries_of(admin_client, CONFERENCES, {"p": 3})
    skipped = 2 * ArchiveAdmin.list_per_page
    page = slice(skipped, skipped + ArchiveAdmin.list_per_page)
    expected = list(Conference.objects.order_by("-start_date", "pk")[page])
    assert list(response.context["cl"].result_list) == expected
    ids = [q for q in sql if q.startswith('SELECT "conferences_conference"."id" AS "pk"')]
    assert len(ids) == 1 and f"OFFSET {skipped}" in ids[0]


def test_rows_link_to_their_change_form_keeping_the_filters(admin_client):
    conference = make_conference("Hội nghị <b>&</b>", on=datetime.date(2023, 1, 1))
    response = admin_client.get(CONFERENCES, {"status__exact": "published", "year": "2023"})
    url = reverse("admin:conferences_conference_change", args=[conference.pk])
    filters = "_changelist_filters=status__exact%3Dpublished%26year%3D2023"
    assert f'<a href="{url}?{filters}">Hội nghị &lt;b&gt;&amp;&lt;/b&gt;</a>' in response.text
    unfiltered = admin_client.get(CONFERENCES)
    assert f'<a href="{url}">' in unfiltered.text


def test_row_checkbox_is_djangos(admin_client):
    conference = make_conference("Hội nghị <b>&</b>", on=datetime.date(2023, 1, 1))
    model_admin = admin.site.get_model_admin(Conference)
    djangos = admin.ModelAdmin.action_checkbox(model_admin, conference)
    assert model_admin.action_checkbox(conference) == djangos
    assert djangos in admin_client.get(CONFERENCES).text


# --- Duplicates -----------------------------------------------------------------------


def test_participation_list_is_not_distinct_unless_a_search_spans_many(admin_client):
    conferences_with_rows(2)
    for params in ({}, {"q": "nguyen"}, {"role__exact": "speaker", "year": "2021"}):
        _response, sql = queries_of(admin_client, PARTICIPATIONS, params)
        assert not [
            q for q in sql if q.startswith('SELECT DISTINCT "conferences_participation"."id"')
        ]


def test_duplicates_are_reported_only_for_a_term_across_a_to_many_relation(rf):
    class SearchThroughParticipations(ArchiveAdmin):
        folded_search_fields = ["participations__official__name_folded"]

    model_admin = SearchThroughParticipations(Conference, admin.site)
    request = rf.get("/")
    queryset = Conference.objects.all()
    assert model_admin.get_search_results(request, queryset, "")[1] is False
    assert model_admin.get_search_results(request, queryset, "  ")[1] is False
    assert model_admin.get_search_results(request, queryset, "nguyen")[1] is True
    participations = admin.site.get_model_admin(Participation)
    assert (
        participations.get_search_results(request, Participation.objects.all(), "nguyen")[1]
        is False
    )


def test_official_filters_across_participations_list_each_official_once(admin_client):
    province = make_province("Hà Giang")
    busy, other = make_official("Người nhiều lần"), make_official("Người khác")
    for day in (1, 2, 3):
        conference = make_conference(on=datetime.date(2022, 6, day), province=province)
        make_participation(conference, busy, make_article(), role=Participation.Role.CHAIR)
    make_participation(make_conference(on=datetime.date(2022, 7, 1)), other, make_article())
    for params in (
        {"participations__role__exact": "chair"},
        {"province": province.slug},
        {"former_province": province.slug},
        {"year": "2022", "participations__role__exact": "chair"},
    ):
        response, sql = queries_of(admin_client, OFFICIALS, params)
        assert list(response.context["cl"].result_list) == [busy], params
        assert response.context["cl"].result_count == 1
        assert not [q for q in sql if q.startswith('SELECT DISTINCT "people_official"."id"')]


# --- The total ------------------------------------------------------------------------


def analyse(model):
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {model._meta.db_table}")


def paginator_of(response):
    return response.context["cl"].paginator


@on_postgresql
def test_unfiltered_total_of_a_big_table_is_the_estimate(admin_client, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "threshold", 10)
    for i in range(12):
        make_conference(f"Hội nghị {i}", on=datetime.date(2023, 1, 1 + i))
    analyse(Conference)
    make_conference("Sau ANALYZE", on=datetime.date(2023, 2, 1))  # not yet in the estimate
    response, sql = queries_of(admin_client, CONFERENCES)
    assert paginator_of(response).estimated
    assert response.context["cl"].result_count == 12
    assert not [query for query in sql if query.startswith("SELECT COUNT(*)")]
    assert "~12 " in response.text


@on_postgresql
def test_filtered_total_is_counted(admin_client, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "threshold", 10)
    for i in range(12):
        make_conference(f"Hội nghị {i}", on=datetime.date(2023, 1, 1 + i))
    drafts = [make_conference(f"Nháp {i}", published=False) for i in range(3)]
    analyse(Conference)
    response, sql = queries_of(admin_client, CONFERENCES, {"status__exact": "draft"})
    assert not paginator_of(response).estimated
    assert set(response.context["cl"].result_list) == set(drafts)
    assert response.context["cl"].result_count == 3
    assert [query for query in sql if query.startswith("SELECT COUNT(*)")]
    assert "~" not in response.text.split('class="paginator"')[1].split("</nav>")[0]


@on_postgresql
def test_filtered_total_past_the_threshold_is_estimated(admin_client, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "threshold", 10)
    for i in range(30):
        make_conference(f"Hội nghị {i}", on=datetime.date(2023, 1, 1 + i))
    make_conference("Nháp", published=False)
    analyse(Conference)
    response = admin_client.get(CONFERENCES, {"status__exact": "published"})
    paginator = paginator_of(response)
    assert paginator.estimated
    assert 10 <= response.context["cl"].result_count <= 40  # the planner's, near 30


@on_postgresql
def test_a_never_analysed_table_is_counted(admin_client, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "threshold", 1)
    make_conference(on=datetime.date(2023, 1, 1))
    with connection.cursor() as cursor:  # as after CREATE TABLE: reltuples -1
        cursor.execute(
            "UPDATE pg_class SET reltuples = -1 WHERE oid = 'conferences_conference'::regclass"
        )
    response = admin_client.get(CONFERENCES)
    assert not paginator_of(response).estimated
    assert response.context["cl"].result_count == 1


def test_small_tables_and_sqlite_are_counted_exactly(admin_client):
    for i in range(3):
        make_conference(f"Hội nghị {i}", on=datetime.date(2023, 1, 1 + i))
    response = admin_client.get(CONFERENCES)
    assert not paginator_of(response).estimated
    assert response.context["cl"].result_count == 3
