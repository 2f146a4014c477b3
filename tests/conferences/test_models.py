import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from archive.lib.dates import Precision
from conferences.models import Conference, Figure, Participation, Qualifier
from tests.factories import (
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_participation,
    make_province,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def phu_tho_area():
    phu_tho = make_province("Phú Thọ", former=False)
    return {
        "phu_tho": phu_tho,
        "vinh_phuc": make_province("Vĩnh Phúc", current=False, successor=phu_tho),
        "hoa_binh": make_province("Hòa Bình", current=False, successor=phu_tho),
        "old_phu_tho": make_province(
            "Phú Thọ", current=False, successor=phu_tho, slug="phu-tho-cu"
        ),
        "lai_chau": make_province("Lai Châu"),
    }


def test_current_province_includes_conferences_of_its_former_units(phu_tho_area):
    in_vinh_phuc = make_conference(province=phu_tho_area["vinh_phuc"])
    in_hoa_binh = make_conference(province=phu_tho_area["hoa_binh"])
    make_conference(province=phu_tho_area["lai_chau"])
    found = Conference.objects.in_province(phu_tho_area["phu_tho"])
    assert set(found) == {in_vinh_phuc, in_hoa_binh}


def test_former_province_is_exact(phu_tho_area):
    in_vinh_phuc = make_conference(province=phu_tho_area["vinh_phuc"])
    make_conference(province=phu_tho_area["hoa_binh"])
    assert list(Conference.objects.in_province(phu_tho_area["vinh_phuc"])) == [in_vinh_phuc]


def test_unchanged_unit_is_the_same_before_and_after(phu_tho_area):
    lai_chau = make_conference(province=phu_tho_area["lai_chau"])
    assert list(Conference.objects.in_province(phu_tho_area["lai_chau"])) == [lai_chau]


def test_year_filter_counts_a_year_only_date_in_its_year():
    year_only = make_conference(on=datetime.date(2024, 1, 1), precision=Precision.YEAR)
    dated = make_conference(on=datetime.date(2024, 10, 3))
    make_conference(on=datetime.date(2023, 4, 12))
    make_conference(on=None)
    assert set(Conference.objects.in_year(2024)) == {year_only, dated}


def test_date_display_follows_precision():
    assert make_conference(on=datetime.date(2023, 4, 12)).date_display == "12/4/2023"
    year_only = make_conference(on=datetime.date(2024, 1, 1), precision=Precision.YEAR)
    assert year_only.date_display == "2024"
    assert make_conference(on=None).date_display == ""


@pytest.mark.parametrize(
    ("start", "precision"),
    [
        (datetime.date(2024, 3, 5), Precision.YEAR),
        (datetime.date(2024, 3, 5), Precision.MONTH),
        (None, Precision.DAY),
    ],
)
def test_database_rejects_a_date_inconsistent_with_its_precision(start, precision):
    with pytest.raises(IntegrityError), transaction.atomic():
        Conference.objects.create(name="x", start_date=start, date_precision=precision)


def test_end_date_cannot_precede_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_conference(on=datetime.date(2024, 8, 7), end_date=datetime.date(2024, 8, 6))


def test_clean_explains_date_errors():
    conference = Conference(
        name="x",
        start_date=datetime.date(2024, 8, 7),
        date_precision=Precision.DAY,
        end_date=datetime.date(2024, 8, 1),
    )
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert "end_date" in error.value.message_dict
    no_day = Conference(name="x", date_precision=Precision.DAY)
    with pytest.raises(ValidationError) as error:
        no_day.full_clean()
    assert "start_date" in error.value.message_dict


def test_attendee_count_needs_its_qualifier_and_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_conference(attendees=350)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_conference(attendees=-1, attendees_qualifier=Qualifier.EXACT)
    conference = make_conference(attendees=350, attendees_qualifier=Qualifier.MORE_THAN)
    assert conference.attendees == 350


def test_participation_is_an_official_or_an_organisation_never_both():
    conference, article = make_conference(), make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(
            conference=conference,
            article=article,
            passage=article.body,
            role=Participation.Role.PRESENTER,
            official=make_official(),
            organization=make_organization(),
        )
    presenter = Participation.objects.create(
        conference=conference,
        article=article,
        passage=article.body,
        role=Participation.Role.PRESENTER,
        organization=make_organization("Bộ Ngoại giao"),
    )
    assert str(presenter.participant) == "Bộ Ngoại giao"


def test_the_same_person_and_role_is_recorded_once_per_source():
    conference, article, official = make_conference(), make_article(), make_official()
    make_participation(conference, official, article, role=Participation.Role.ATTENDEE)
    make_participation(conference, official, article, role=Participation.Role.OPENING_SPEECH)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_participation(conference, official, article, role=Participation.Role.ATTENDEE)


def test_a_figure_is_a_count_or_a_format():
    conference, article = make_conference(), make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(
            conference=conference,
            article=article,
            passage=article.body,
            kind=Figure.Kind.ATTENDEES,
            as_printed="hơn 350 đại biểu",
        )
    figure = Figure.objects.create(
        conference=conference,
        article=article,
        passage=article.body,
        kind=Figure.Kind.ATTENDEES,
        value=350,
        qualifier=Qualifier.MORE_THAN,
        as_printed="hơn 350 đại biểu",
    )
    assert figure.value == 350


def test_search_ignores_diacritics_and_finds_the_successor_name(phu_tho_area):
    conference = make_conference("Hội nghị tập huấn", province=phu_tho_area["vinh_phuc"])
    assert list(Conference.objects.search("vinh phuc")) == [conference]
    assert list(Conference.objects.search("PHU THO")) == [conference]
    assert list(Conference.objects.search("hoi nghi tap huan")) == [conference]
    assert list(Conference.objects.search("lai chau")) == []


def test_published_hides_drafts():
    shown = make_conference(published=True)
    make_conference(published=False)
    assert list(Conference.objects.published()) == [shown]
