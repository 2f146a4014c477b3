import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from archive.lib.dates import Precision, format_partial_date
from archive.models import Article, ArticleImage, Province, SourceDocument, Status, sha256_hex
from conferences.importer.match import Archive
from tests.factories import make_article, make_outlet, make_province

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (Precision.DAY, "12/4/2023"),
        (Precision.MONTH, "4/2023"),
        (Precision.YEAR, "2023"),
        (Precision.UNKNOWN, ""),
    ],
)
def test_partial_dates_show_only_their_precision(precision, expected):
    assert format_partial_date(datetime.date(2023, 4, 12), precision) == expected


def test_former_province_is_labelled_with_what_it_became():
    phu_tho = make_province("Phú Thọ", former=False)
    vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=phu_tho)
    assert vinh_phuc.label_on() == "Vĩnh Phúc (nay thuộc Phú Thọ)"
    assert phu_tho.label_on() == "Phú Thọ"


def test_current_unit_covers_its_former_units_and_a_former_unit_only_itself():
    phu_tho = make_province("Phú Thọ", former=False)
    vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=phu_tho)
    old_phu_tho = make_province("Phú Thọ", current=False, successor=phu_tho, slug="phu-tho-cu")
    make_province("Lai Châu")
    assert set(phu_tho.covered_units()) == {phu_tho, vinh_phuc, old_phu_tho}
    assert list(vinh_phuc.covered_units()) == [vinh_phuc]


def test_a_province_cannot_end_before_and_start_after_the_merger():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_province("Sai", current=False, former=False)


def test_article_slug_is_ascii_and_unique():
    first = make_article("Lai Châu đẩy mạnh tập huấn")
    second = make_article("Lai Châu đẩy mạnh tập huấn")
    assert first.slug == "lai-chau-day-manh-tap-huan"
    assert second.slug == "lai-chau-day-manh-tap-huan-2"


def test_article_url_is_unique():
    make_article(url="https://thoidai.com.vn/a.html")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(url="https://thoidai.com.vn/a.html")


def test_published_articles_only_from_published():
    shown = make_article(published=True)
    make_article(published=False)
    assert list(Article.objects.published()) == [shown]


def test_publishing_records_the_time_and_unpublishing_clears_it():
    article = make_article(published=False)
    assert article.published_at is None
    assert Article.objects.filter(pk=article.pk).publish() == 1
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.published_at is not None
    Article.objects.filter(pk=article.pk).unpublish()
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.published_at is None


def test_a_draft_cannot_carry_a_publication_time():
    article = make_article(published=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            published_at=datetime.datetime.now(datetime.UTC)
        )


def test_article_date_precision_must_match_the_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(outlet_published_precision=Article.TimePrecision.DAY)


def test_paragraphs_are_split_on_blank_lines_and_cleaned():
    article = make_article(body="Đoạn  một.\n\n\n  Đoạn hai.\n\n")
    assert article.paragraphs == ["Đoạn một.", "Đoạn hai."]


def test_passage_must_occur_in_the_article_whitespace_normalised():
    article = make_article(body="Ngày 23/8, tại Lai Châu,\n Ban Chỉ đạo tổ chức Hội nghị.")
    ArticleImage.objects.create(article=article, order=1, caption="Các đại biểu tham dự.")
    assert article.contains_passage("tại Lai Châu, Ban Chỉ đạo")
    assert article.contains_passage("Các đại biểu tham dự.")
    assert not article.contains_passage("tại Lai Châu, Ban Chỉ đạo Nhân quyền")


def test_source_document_keeps_its_checksum():
    document = SourceDocument.objects.create(file_name="a.txt", content="Nội dung gốc")
    assert document.sha256 == sha256_hex("Nội dung gốc")


def test_outlet_date_display_uses_vietnam_time():
    article = make_article(
        outlet=make_outlet("Thời Đại"),
        outlet_published_at=datetime.datetime(2022, 8, 23, 4, 4, tzinfo=datetime.UTC),
        outlet_published_precision=Article.TimePrecision.MINUTE,
    )
    assert article.outlet_date_display == "11:04 23/8/2022"


def test_evidence_clean_rejects_a_passage_not_in_the_article():
    from conferences.models import ConferenceSource
    from tests.factories import make_conference

    article = make_article(body="Hội nghị diễn ra ngày 12/4.")
    source = ConferenceSource(
        conference=make_conference(), article=article, passage="Hội nghị diễn ra ngày 13/4."
    )
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "passage" in error.value.message_dict


def test_partial_dates_in_english_spell_the_month():
    from django.utils import translation

    with translation.override("en"):
        assert format_partial_date(datetime.date(2024, 10, 3), Precision.DAY) == "3 Oct 2024"
        assert format_partial_date(datetime.date(2024, 10, 1), Precision.MONTH) == "Oct 2024"
        assert format_partial_date(datetime.date(2024, 1, 1), Precision.YEAR) == "2024"


def test_publishing_retires_cached_pages():
    from archive.lib import caching

    article = make_article(published=False)
    before = caching.version()
    Article.objects.filter(pk=article.pk).publish()
    assert caching.version() != before
    article.refresh_from_db()
    assert article.updated_at >= article.published_at


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps its statistics")
def test_migrating_refreshes_sqlite_statistics(db):
    make_article()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'archive_article'")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'archive_article'")
        assert cursor.fetchone()[0] > 0


@pytest.fixture
def hue():
    """Thừa Thiên Huế, a province until 31/12/2024, then the city of Huế (before the merger,
    which left Huế whole)."""
    city = make_province(
        "Huế", former=False, kind="city", full_name="Thành phố Huế", slug="hue",
        aliases=["Thừa Thiên Huế"],
    )  # fmt: skip
    city.valid_from = datetime.date(2025, 1, 1)
    city.save()
    earlier = make_province("Thừa Thiên Huế", current=False, successor=city)
    earlier.valid_until = datetime.date(2024, 12, 31)
    earlier.save()
    return Province.objects.get(pk=city.pk), Province.objects.get(pk=earlier.pk)


def test_a_unit_whose_status_changed_before_the_merger(hue):
    city, earlier = hue
    # The 63 units of 30 June 2025 hold the city; the province it was is neither set.
    assert city in Province.objects.former() and city.is_former and city.is_current
    assert earlier not in Province.objects.former() and not earlier.is_former
    assert earlier not in Province.objects.current()
    assert (earlier.validity, city.validity) == ("đến 31/12/2024", "từ 1/1/2025")
    assert earlier.continues_as_successor
    assert earlier.label_on() == "Thừa Thiên Huế (nay là Huế)"
    assert set(city.covered_units()) == {city, earlier}
    assert earlier.in_force_on(datetime.date(2024, 12, 31))
    assert not earlier.in_force_on(datetime.date(2025, 1, 1))
    assert city.in_force_on(datetime.date(2025, 1, 1))


def test_the_importer_names_the_unit_in_force_on_the_event_day(hue):
    city, earlier = hue
    archive = Archive()
    assert archive.province("Thừa Thiên Huế", datetime.date(2023, 5, 4)) == earlier
    assert archive.province("Thừa Thiên Huế", datetime.date(2025, 3, 4)) == city
    assert archive.province("Huế", datetime.date(2025, 9, 4)) == city


def test_the_pages_of_a_unit_whose_status_changed(client, hue):
    city, earlier = hue
    html = client.get(earlier.get_absolute_url()).content.decode()
    assert "Tỉnh Thừa Thiên Huế là đơn vị hành chính đến 31/12/2024; từ 1/1/2025 là" in html
    html = client.get(city.get_absolute_url()).content.decode()
    assert "Đơn vị hiện nay (từ 1/1/2025), hình thành từ:" in html
