"""The search page and the lists' `?q=`: names found as names, phrases, provinces first,
groups with counts that open as their own paged lists (issue 18)."""

import datetime
import re

import pytest
from django.urls import reverse

from conferences.models import ConferenceSource
from tests.factories import (
    cite,
    make_article,
    make_conference,
    make_official,
    make_province,
    make_public,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("archive:search")
D = datetime.date


def group(response, key):
    [found] = [g for g in response.context["results"] if g["key"] == key]
    return found


def titles(response, key):
    return [getattr(r, "title", None) or r.name for r in group(response, key)["rows"]]


@pytest.fixture
def ky_articles():
    """One article names Nguyễn Văn Kỷ; another has his three syllables, apart."""
    make_public(make_official("Nguyễn Văn Kỷ"))
    named = make_article(
        "Tập huấn ở Vĩnh Phúc",
        body="Thiếu tướng Nguyễn Văn Kỷ phát biểu khai mạc hội nghị.",
        outlet_published_at=datetime.datetime(2023, 4, 12, tzinfo=datetime.UTC),
        outlet_published_precision="day",
    )
    apart = make_article(
        "Tập huấn ở Quảng Ninh",
        body=(
            "Đại tá Nguyễn Thị Thanh Hương, Thượng tá Phạm Văn Dũng phát biểu; khách du lịch "
            "tăng 20% so với cùng kỳ, về văn hóa."
        ),
        outlet_published_at=datetime.datetime(2024, 12, 1, tzinfo=datetime.UTC),
        outlet_published_precision="day",
    )
    return named, apart


def test_a_name_is_found_as_a_name(client, ky_articles):
    response = client.get(SEARCH, {"q": "nguyen van ky"})
    assert titles(response, "articles") == ["Tập huấn ở Vĩnh Phúc"]
    assert response.context["is_name"]
    html = response.content.decode()
    # The highlight covers the name, not its syllables elsewhere.
    assert "<mark>Nguyễn Văn Kỷ</mark>" in html
    assert "<mark>Nguyễn</mark>" not in html and "<mark>văn</mark>" not in html


def test_a_name_is_read_in_the_newest_texts_holding_its_words(client, ky_articles, monkeypatch):
    """The phrase is checked on the newest PHRASE_WINDOW texts with all its words: here
    only the newer article (words apart), so the older one, which names him, is not read."""
    monkeypatch.setattr("archive.site.terms.PHRASE_WINDOW", 1)
    assert titles(client.get(SEARCH, {"q": "nguyen van ky"}), "articles") == []
    monkeypatch.setattr("archive.site.terms.PHRASE_WINDOW", 2)
    assert titles(client.get(SEARCH, {"q": "nguyen van ky"}), "articles") == [
        "Tập huấn ở Vĩnh Phúc"
    ]


def test_a_rank_before_the_name_changes_nothing(client, ky_articles):
    response = client.get(SEARCH, {"q": "Thiếu tướng Nguyễn Văn Kỷ"})
    assert titles(response, "articles") == ["Tập huấn ở Vĩnh Phúc"]


def test_quoted_words_must_stand_together(client, ky_articles):
    loose = client.get(SEARCH, {"q": "van du"})
    quoted = client.get(SEARCH, {"q": '"van hoa"'})
    assert "Tập huấn ở Quảng Ninh" in titles(loose, "articles")
    assert titles(quoted, "articles") == ["Tập huấn ở Quảng Ninh"]
    assert titles(client.get(SEARCH, {"q": '"hoa van"'}), "articles") == []


def test_words_together_rank_before_words_apart(client):
    together = make_article("Bài A", body="Hội nghị về quyền con người ở địa phương.")
    apart = make_article(
        "Bài B",
        body="Con đường mới; quyền lợi người dân.",
        outlet_published_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
        outlet_published_precision="day",
    )
    response = client.get(SEARCH, {"q": "quyen con nguoi"})
    assert titles(response, "articles") == [together.title, apart.title]


def test_provinces_come_first_with_what_they_are_now(client):
    phu_tho = make_province("Phú Thọ", former=False, slug="phu-tho")
    vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=phu_tho, slug="vinh-phuc")
    make_conference("Hội nghị tập huấn", on=D(2023, 4, 12), province=vinh_phuc)
    response = client.get(SEARCH, {"q": "vinh phuc"})
    assert response.context["results"][0]["key"] == "provinces"
    assert [p.slug for p in group(response, "provinces")["rows"]] == ["vinh-phuc"]
    html = response.content.decode()
    assert "nay thuộc Phú Thọ" in html
    assert html.index('id="group-provinces"') < html.index('id="group-conferences"')


def test_a_province_named_ranks_what_happened_there_first(client):
    phu_tho = make_province("Phú Thọ", former=False, slug="phu-tho")
    hoa_binh = make_province("Hòa Bình", current=False, successor=phu_tho, slug="hoa-binh")
    lai_chau = make_province("Lai Châu")
    peace = make_article(
        "Lai Châu tập huấn",
        body="Nhân quyền là trụ cột cùng với hòa bình, an ninh và phát triển.",
        outlet_published_at=datetime.datetime(2022, 8, 23, tzinfo=datetime.UTC),
        outlet_published_precision="day",
    )
    there = make_article("Tập huấn cho 14 tỉnh", body="Tỉnh ủy Hòa Bình phối hợp tổ chức.")
    cite(make_conference("Hội nghị ở Lai Châu", on=D(2022, 8, 23), province=lai_chau), peace)
    held = make_conference("Hội nghị tập huấn đối ngoại", on=D(2024, 8, 7), province=hoa_binh)
    cite(held, there)
    response = client.get(SEARCH, {"q": "hoa binh"})
    assert titles(response, "articles") == [there.title, peace.title]
    assert titles(response, "conferences")[0] == held.name
    assert [p.slug for p in group(response, "provinces")["rows"]] == ["hoa-binh"]


def test_groups_show_counts_and_open_as_their_own_paged_list(client):
    for n in range(25):
        make_conference(f"Hội nghị tập huấn số {n}", on=D(2023, 1, 1 + n))
    response = client.get(SEARCH, {"q": "tap huan", "year": 2023})
    conferences = group(response, "conferences")
    assert (len(conferences["rows"]), conferences["count"]) == (20, 25)
    html = response.content.decode()
    assert 'Hội nghị <span class="count">(25)</span>' in html
    link = re.search(r'<a href="(/conferences/\?[^"]+)">Xem và lật trang', html)[1]
    listed = client.get(link.replace("&amp;", "&"))
    assert listed.context["page_obj"].paginator.count == 25


def test_lists_take_the_query_and_find_names_as_names(client, ky_articles):
    response = client.get(reverse("archive:article-list"), {"q": "nguyen van ky"})
    assert response.status_code == 200
    assert [a.title for a in response.context["page_obj"]] == ["Tập huấn ở Vĩnh Phúc"]
    assert any(name == "q" for _label, _value, name in response.context["chips"])
    conference = make_conference("Hội nghị có Nguyễn Văn Kỷ", summary="Nguyễn Văn Kỷ phát biểu.")
    make_conference("Hội nghị khác", summary="Nguyễn Thị An và Phạm Văn Bình, cùng kỳ.")
    listed = client.get(reverse("conferences:list"), {"q": "nguyen van ky"})
    assert [c.name for c in listed.context["page_obj"]] == [conference.name]


def test_articles_filtered_by_the_province_of_their_conferences(client):
    province = make_province("Lai Châu")
    there = make_article("Ở Lai Châu")
    cite(make_conference(province=province), there)
    make_article("Ở nơi khác")
    response = client.get(reverse("archive:article-list"), {"province": "lai-chau"})
    assert [a.title for a in response.context["page_obj"]] == ["Ở Lai Châu"]
    assert ConferenceSource.objects.count() == 1


@pytest.mark.parametrize(
    "url", [reverse("conferences:list"), reverse("archive:article-list"), SEARCH]
)
def test_a_well_formed_year_without_records_is_an_empty_page_not_an_error(client, url):
    make_conference(on=D(2023, 4, 12))
    response = client.get(url, {"year": "2019", "q": "hoi nghi"})
    assert response.status_code == 200
    assert 'value="2019" selected' in response.content.decode()
    assert client.get(url, {"year": "abc"}).status_code == 400
    assert client.get(url, {"year": "20190"}).status_code == 400


def test_a_quoted_name_finds_the_person_too(client, ky_articles):
    response = client.get(SEARCH, {"q": '"Nguyễn Văn Kỷ"'})
    assert [o.full_name for o in group(response, "officials")["rows"]] == ["Nguyễn Văn Kỷ"]
    assert titles(response, "articles") == ["Tập huấn ở Vĩnh Phúc"]
