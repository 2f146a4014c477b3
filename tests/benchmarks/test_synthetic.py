"""The synthetic archive the benchmarks run on: deterministic, consistent, realistic."""

from collections import Counter

import pytest
from django.db import transaction

from archive.models import Article, Status
from benchmarks import generate_synthetic
from benchmarks.synthetic import Scale, generate
from conferences.models import Conference, ConferenceSource, Figure, Participation
from people.models import Official, Organization, Position
from tests.factories import make_province

pytestmark = pytest.mark.django_db

SCALE = Scale(conferences=80, articles=400)


@pytest.fixture(autouse=True)
def provinces():
    phu_tho = make_province("Phú Thọ", current=True, former=False)
    make_province("Vĩnh Phúc", current=False, successor=phu_tho)
    make_province("Hòa Bình", current=False, successor=phu_tho)
    make_province("Hà Nội", current=True, former=True)
    make_province("Đắk Lắk", current=True, former=True)


def fingerprint():
    conferences = Conference.objects.order_by("pk").values_list(
        "name", "slug", "start_date", "date_precision", "province__slug", "status", "attendees"
    )
    articles = Article.objects.order_by("pk").values_list("slug", "title", "body", "outlet__name")
    people = Participation.objects.order_by("pk").values_list(
        "official__full_name", "organization__name", "role", "title_as_printed"
    )
    return list(conferences), list(articles), list(people)


def test_same_seed_same_data():
    with transaction.atomic():
        generate(SCALE, seed=5)
        first = fingerprint()
        transaction.set_rollback(True)
    generate(SCALE, seed=5)
    assert fingerprint() == first


def test_another_seed_other_data():
    with transaction.atomic():
        generate(SCALE, seed=5)
        first = fingerprint()
        transaction.set_rollback(True)
    generate(SCALE, seed=6)
    assert fingerprint() != first


def test_counts_match_the_scale():
    counts = generate(SCALE, seed=1)
    assert counts["conferences.Conference"] == Conference.objects.count() == 80
    assert counts["archive.Article"] == Article.objects.count() == 400
    # Every article reports a conference; some also mention another one.
    reports = ConferenceSource.objects.filter(relation="reports")
    assert reports.count() == 400
    assert Conference.objects.filter(sources__isnull=True).count() == 0


def test_computed_columns_are_what_save_would_store():
    generate(SCALE, seed=2)
    for article in Article.objects.all()[:50]:
        assert article.search_text == article.build_search_text()
    for conference in Conference.objects.select_related("province__successor"):
        assert conference.search_text == conference.build_search_text()
    for organization in Organization.objects.all()[:50]:
        assert organization.search_text == organization.build_search_text()


def test_passages_are_verbatim_in_their_articles():
    generate(SCALE, seed=3)
    for model in (ConferenceSource, Figure, Participation, Position):
        for row in model.objects.select_related("article")[:60]:
            row.full_clean()


def test_distributions_are_skewed_and_mixed():
    generate(Scale(conferences=300, articles=900), seed=4)
    conferences = Conference.objects.all()
    drafts = conferences.filter(status=Status.DRAFT).count() / conferences.count()
    assert 0.01 < drafts < 0.12
    assert 0.01 < Article.objects.drafts().count() / Article.objects.count() < 0.12
    precisions = Counter(conferences.values_list("date_precision", flat=True))
    assert precisions["day"] > precisions["month"] > 0 and precisions["year"] > 0
    years = {
        d.year for d in conferences.exclude(start_date=None).values_list("start_date", flat=True)
    }
    assert len(years) > 15
    by_province = Counter(conferences.exclude(province=None).values_list("province", flat=True))
    assert max(by_province.values()) > 2 * min(by_province.values())
    names = Official.objects.values_list("full_name", flat=True)
    assert any(
        set(name) & set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") for name in names
    )
    # Sources disagree on some figures: one conference, two values of one kind.
    values = Counter(Figure.objects.values_list("conference", "kind").distinct())
    assert Figure.objects.values("conference", "kind", "value").distinct().count() > len(values)
    # Officials change positions over time.
    assert Position.objects.values("official").distinct().count() < Position.objects.count()


def test_script_reports_progress(capsys):
    generate_synthetic.main(["--scale", "tiny", "--seed", "9"])
    out = capsys.readouterr().out
    assert "conferences 40/40" in out
    assert "archive.Article: 400" in out


def test_command_needs_provinces():
    from archive.models import Province

    Province.objects.update(successor=None)
    Province.objects.all().delete()
    with pytest.raises(ValueError, match="load_archive"):
        generate(SCALE, seed=1)
