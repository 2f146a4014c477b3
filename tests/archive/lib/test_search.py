"""archive.lib.search.Matches: the same matches on SQLite and PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from archive.lib.search import Matches, query_words
from archive.models import Article
from conferences.models import Conference
from tests.factories import make_article, make_conference

pytestmark = pytest.mark.django_db

BODY = (
    "Ngày 12/4, tại Vĩnh Phúc, Ban Chỉ đạo về nhân quyền tổ chức hội nghị tập huấn. "
    "Theo Quyết định số 1079/QĐ-TTg, COVID-19 và quyền_trẻ em được bàn."
)


def found(query):
    return list(Article.objects.filter(Matches(query)).values_list("title", flat=True))


@pytest.fixture
def article():
    return make_article("Tin Vĩnh Phúc", body=BODY)


def test_query_words_fold_and_split_on_anything_but_letters_and_digits():
    assert query_words("  Vĩnh-Phúc, ĐẮK lắk_2019 ") == ["vinh", "phuc", "dak", "lak", "2019"]
    assert query_words("!!! ... ---") == []


@pytest.mark.parametrize(
    "query",
    [
        "vinh phuc",
        "Vĩnh Phúc",
        "VINH PHUC",
        "vinh phu",  # the last word may be unfinished
        "d",  # "d" finds "đ"
        "ban chi dao ve nhan quyen",
        "1079 qd ttg",  # punctuation inside a word splits it, alike on both backends
        "1079/QĐ-TTg",
        "covid 19",
        "quyen tre em",  # "_" separates words too
        "tin vinh phuc",  # the title is searched with the body
        "phuc vinh",  # all the words, in any order
        "vinh tap huan",
    ],
)
def test_finds(article, query):
    assert found(query) == ["Tin Vĩnh Phúc"]


@pytest.mark.parametrize(
    "query",
    [
        "vin phuc",  # only the last word may be unfinished
        "inh phuc",  # words start at a word boundary
        "vinh phuc lai chau",  # every word must occur
        "lai chau",
        "",
        "!!!",
    ],
)
def test_does_not_find(article, query):
    assert found(query) == []


def test_matches_through_a_relation():
    article = make_article("Tin Đắk Lắk", body="Tập huấn ở Đắk Lắk.")
    conference = make_conference("Hội nghị", on=datetime.date(2024, 1, 1))
    conference.sources.create(article=article, passage="Tập huấn ở Đắk Lắk.")
    matching = Conference.objects.filter(Matches("dak lak", text="articles__search_text"))
    assert list(matching) == [conference]


def test_an_edited_text_is_found_under_its_new_words(article):
    article.body = "Tập huấn ở Lai Châu."
    article.save()
    assert found("lai chau") == ["Tin Vĩnh Phúc"]
    assert found("vinh phuc") == ["Tin Vĩnh Phúc"]  # still in the title
    assert found("ban chi dao") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
def test_sqlite_keeps_its_word_index_current_with_triggers():
    # Django drops a table's triggers when it rebuilds the table for an AlterField.
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {name for (name,) in cursor.fetchall()}
    assert triggers == {
        f"{table}_fts_{event}"
        for table in ("archive_article", "conferences_conference")
        for event in ("insert", "update", "delete")
    }


def test_a_deleted_article_is_not_found(article):
    article.delete()
    assert found("vinh phuc") == []
    make_article("Tin khác", body="Vĩnh Phúc.")
    assert found("vinh phuc") == ["Tin khác"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")
def test_postgres_reads_the_stored_vector_through_its_index(article):
    queryset = Article.objects.filter(Matches("vinh phuc")).order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "search_vector" in plan and "archive_article_search_vector" in plan
    assert "to_tsvector" not in plan and "unaccent" not in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL storage")
def test_postgres_keeps_a_vector_of_words_without_positions_in_the_row(article):
    # Positions doubled the vector and pushed it out of line (see migration 0008).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attstorage FROM pg_attribute "
            "WHERE attname = 'search_vector' AND attrelid IN "
            "('archive_article'::regclass, 'conferences_conference'::regclass)"
        )
        assert dict(cursor.fetchall()) == {
            "archive_article": "m",
            "conferences_conference": "m",
        }
        cursor.execute("SELECT search_vector::text FROM archive_article")
        (vector,) = cursor.fetchone()
    assert "'vinh'" in vector and ":" not in vector


def test_search_ranks_an_exact_title_first_within_the_newest_matches(client, monkeypatch):
    newer = make_article(
        "Tin tập huấn mới",
        body="Hội nghị tập huấn.",
        outlet_published_at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC),
        outlet_published_precision="day",
    )
    exact = make_article("Hội nghị tập huấn", body="")  # undated: last by date

    def articles():
        response = client.get(reverse("archive:search"), {"q": "hoi nghi tap huan"})
        return {g["key"]: g["rows"] for g in response.context["results"]}["articles"]

    assert articles() == [exact, newer]
    monkeypatch.setattr("archive.site.search.RANK_WINDOW", 1)  # only the newest match is ranked
    assert articles() == [newer]


def test_a_finished_query_asks_for_its_last_word_whole():
    make_article("Tin", body="Thiếu tướng Nguyễn Văn Kỷ phát biểu ngày 12/4.")
    assert Article.objects.filter(Matches("nguyen van k")).count() == 1
    assert Article.objects.filter(Matches("nguyen van k", whole_words=True)).count() == 0
    assert Article.objects.filter(Matches("nguyen van ky", whole_words=True)).count() == 1
