import datetime

import pytest
from django.db import IntegrityError, transaction

from archive.lib.dates import Precision
from people.models import Official, Organization, OrganizationAlias
from tests.factories import make_article, make_official, make_organization, make_position

pytestmark = pytest.mark.django_db


def test_official_slug_and_sort_key():
    official = make_official("Đinh Tiến Dũng")
    assert official.slug == "dinh-tien-dung"
    assert official.sort_key == "dung dinh tien"
    assert official.given_name == "Dũng"


def test_officials_list_by_given_name():
    for name in ["Nguyễn Văn Kỷ", "Phạm Văn Dũng", "Bùi Thanh Hà", "Đinh Tiến Dũng"]:
        make_official(name)
    assert [o.full_name for o in Official.objects.all()] == [
        "Đinh Tiến Dũng",
        "Phạm Văn Dũng",
        "Bùi Thanh Hà",
        "Nguyễn Văn Kỷ",
    ]


def test_two_people_with_the_same_name_get_distinct_slugs():
    first, second = make_official("Phạm Văn Dũng"), make_official("Phạm Văn Dũng")
    assert (first.slug, second.slug) == ("pham-van-dung", "pham-van-dung-2")


def test_name_match_ignores_rank_and_diacritics():
    ky = make_official("Nguyễn Văn Kỷ")
    ky_anh = make_official("Nguyễn Văn Kỳ Anh")
    assert list(Official.objects.matching_name("Thiếu tướng NGUYEN VAN KY")) == [ky]
    assert set(Official.objects.search("Thiếu tướng van ky")) == {ky, ky_anh}


def test_organisation_found_under_any_alias():
    committee = make_organization("Ban Chỉ đạo Nhân quyền Chính phủ")
    OrganizationAlias.objects.create(
        organization=committee, name="Ban Chỉ đạo về Nhân quyền của Chính phủ"
    )
    assert list(Organization.objects.search("ve nhan quyen cua chinh phu")) == [committee]
    assert list(Organization.objects.matching_name("ban chi dao ve nhan quyen cua chinh phu")) == [
        committee
    ]
    committee.aliases.get().delete()
    assert list(Organization.objects.search("ve nhan quyen cua")) == []


def test_organisation_hierarchy():
    ministry = make_organization("Bộ Công an")
    department = make_organization("Cục Đối ngoại", parent=ministry)
    assert department.ancestors() == [ministry]
    assert list(ministry.children.all()) == [department]


def test_former_position_is_recorded_as_such():
    official, article = make_official("Bùi Thanh Hà"), make_article()
    position = make_position(
        official,
        article,
        is_former=True,
        as_printed="Nguyên Phó Cục trưởng Cục An ninh nội địa, Bộ Công an",
        observed_on=datetime.date(2024, 1, 1),
        observed_precision=Precision.YEAR,
    )
    # The printed title says "Nguyên" already: not said twice.
    assert str(position) == "Nguyên Phó Cục trưởng Cục An ninh nội địa, Bộ Công an"
    assert not position.former_unprinted
    assert position.observed_display == "2024"
    unsaid = make_position(official, make_article(), is_former=True, as_printed="Phó Cục trưởng")
    assert str(unsaid) == "nguyên Phó Cục trưởng" and unsaid.former_unprinted


def test_position_observation_date_must_match_precision():
    official, article = make_official(), make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_position(
            official,
            article,
            observed_on=datetime.date(2024, 5, 2),
            observed_precision=Precision.YEAR,
        )
