import datetime

import pytest
from django.urls import reverse

from archive.lib.dates import Precision
from conferences.models import Organizer, Participation
from people.models import OrganizationAlias, Rank
from tests.factories import (
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_participation,
    make_position,
    make_public,
)
from tests.pages import json_ld

pytestmark = pytest.mark.django_db

D = datetime.date


def observed(day):
    return {"observed_on": day, "observed_precision": Precision.DAY}


@pytest.fixture
def ky():
    """Nguyễn Văn Kỷ: Phó Cục trưởng in 2023, "Nguyên Phó Cục trưởng" in 2024."""
    official = make_official("Nguyễn Văn Kỷ")
    bo_cong_an = make_organization("Bộ Công an")
    cuc = make_organization("Cục Đối ngoại", parent=bo_cong_an)
    first = make_article("Tin 2023", body="Thiếu tướng Nguyễn Văn Kỷ, Phó Cục trưởng")
    later = make_article("Tin 2024", body="Nguyên Phó Cục trưởng Cục Đối ngoại")
    draft = make_article("Tin nháp", body="Trung tướng Nguyễn Văn Kỷ, Cục trưởng", published=False)
    Rank.objects.create(
        official=official,
        rank="Thiếu tướng",
        article=first,
        passage="Thiếu tướng",
        **observed(D(2023, 4, 12)),
    )
    Rank.objects.create(
        official=official,
        rank="Trung tướng",
        article=draft,
        passage="Trung tướng",
        **observed(D(2025, 1, 1)),
    )
    make_position(
        official,
        first,
        organization=cuc,
        as_printed="Phó Cục trưởng Cục Đối ngoại",
        passage="Phó Cục trưởng",
        **observed(D(2023, 4, 12)),
    )
    make_position(
        official,
        later,
        organization=cuc,
        is_former=True,
        as_printed="Nguyên Phó Cục trưởng Cục Đối ngoại",
        passage="Nguyên Phó Cục trưởng Cục Đối ngoại",
        **observed(D(2024, 3, 1)),
    )
    make_position(
        official,
        draft,
        title="Cục trưởng",
        organization=cuc,
        as_printed="Cục trưởng",
        passage="Cục trưởng",
        **observed(D(2025, 1, 1)),
    )
    spoke = make_conference("Tập huấn Vĩnh Phúc", on=D(2023, 4, 12))
    hidden = make_conference("Tập huấn nháp", on=D(2023, 6, 1), published=False)
    for conference in (spoke, hidden):
        make_participation(
            conference,
            official,
            first,
            role=Participation.Role.OPENING_SPEECH,
            rank_as_printed="Thiếu tướng",
            title_as_printed="Phó Cục trưởng",
            passage="Thiếu tướng Nguyễn Văn Kỷ",
        )
    official.cuc = cuc
    return official


def test_official_list_sorts_by_given_name(client, ky, django_assert_max_num_queries):
    make_public(make_official("Trần Thị An"), make_official("Phạm Văn Dũng"))
    make_official("Nguyễn Thị Ẩn")  # nothing published cites her
    for given in ("Bình", "Cường", "Hải", "Long", "Minh"):
        make_position(make_official(f"Lê Văn {given}"), make_article(), title="Vụ trưởng")
    client.get(reverse("people:official-list"), {"page": 1})  # the filter choices, cached
    with django_assert_max_num_queries(5):
        response = client.get(reverse("people:official-list"))
    order = [o.full_name for o in response.context["page_obj"]]
    assert order[0] == "Trần Thị An"
    assert "Nguyễn Thị Ẩn" not in order
    assert order.index("Phạm Văn Dũng") < order.index("Nguyễn Văn Kỷ")
    html = response.content.decode()
    assert "Nguyên Phó Cục trưởng Cục Đối ngoại" in html  # latest public position
    assert '<span class="badge">nguyên</span> <span lang="vi">Nguyên' not in html
    assert "Cục trưởng</span></p>" not in html  # the draft article's position is not shown


def test_official_list_page_past_the_end(client):
    make_official()
    response = client.get(reverse("people:official-list"), {"page": "7"})
    assert response.status_code == 404
    assert "Danh sách có 1 trang" in response.content.decode()


def test_official_detail_last_seen_and_timeline(client, ky, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(ky.get_absolute_url())
    context = response.context
    assert context["current_rank"].rank == "Thiếu tướng"
    assert context["last_position"].as_printed == "Nguyên Phó Cục trưởng Cục Đối ngoại"
    assert [e["kind"] for e in context["timeline"]] == [
        "rank",
        "position",
        "participation",
        "position",
    ]
    html = response.content.decode()
    assert "lần cuối được ghi nhận ngày 1/3/2024" in html
    # The printed title says "Nguyên": no badge saying it again.
    assert '<span lang="vi">Nguyên Phó Cục trưởng Cục Đối ngoại</span>' in html
    assert '<span class="badge">nguyên</span> <span lang="vi">Nguyên' not in html
    assert "Tập huấn Vĩnh Phúc" in html
    assert "Tập huấn nháp" not in html
    assert "Trung tướng" not in html
    assert "Tin nháp" not in html


def test_official_json_ld_is_a_person(client, ky):
    data = json_ld(client.get(ky.get_absolute_url()))
    assert data["@type"] == "Person"
    assert data["name"] == "Nguyễn Văn Kỷ"
    assert data["honorificPrefix"] == "Thiếu tướng"
    assert "jobTitle" not in data  # the last known position is a former one
    assert [e["name"] for e in data["performerIn"]] == ["Tập huấn Vĩnh Phúc"]


def test_unknown_official_is_404(client):
    url = reverse("people:official-detail", kwargs={"slug": "khong-co"})
    assert client.get(url).status_code == 404


def test_organization_list(client, django_assert_max_num_queries):
    parent = make_organization("Bộ Công an")  # public as the parent of cited ones
    for i in range(6):
        make_public(make_organization(f"Cục {i}", parent=parent))
    make_organization("Cục chưa được trích dẫn", parent=parent)
    # The archive's version, the province choices of the filters (cached), count and rows.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("people:organization-list"))
    assert len(response.context["page_obj"].object_list) == 7
    assert "thuộc Bộ Công an" in response.content.decode()


def test_organization_detail(client, ky, django_assert_max_num_queries):
    ministry = ky.cuc.parent
    make_public(make_organization("Phòng Nhân quyền", parent=ky.cuc))
    make_organization("Phòng chưa được trích dẫn", parent=ky.cuc)
    OrganizationAlias.objects.create(organization=ky.cuc, name="Cục Đối ngoại Bộ Công an")
    article = make_article(body="Cục Đối ngoại tổ chức.")
    organized = make_conference("Do Cục tổ chức", on=D(2023, 5, 1))
    draft = make_conference("Nháp do Cục tổ chức", on=D(2023, 5, 2), published=False)
    presented = make_conference("Cục trình bày", on=D(2023, 6, 1))
    for conference in (organized, draft):
        Organizer.objects.create(
            conference=conference, organization=ky.cuc, article=article, passage=article.body
        )
    Participation.objects.create(
        conference=presented,
        organization=ky.cuc,
        article=article,
        role=Participation.Role.PRESENTER,
        passage=article.body,
    )
    successor = make_public(make_organization("Cục mới"))
    ky.cuc.successor = successor
    ky.cuc.save()
    with django_assert_max_num_queries(9):  # 8, and the archive's version
        response = client.get(ky.cuc.get_absolute_url())
    html = response.content.decode()
    assert response.context["ancestors"] == [ministry]
    assert "Phòng Nhân quyền" in html
    assert "Phòng chưa được trích dẫn" not in html
    assert "Cục Đối ngoại Bộ Công an" in html
    assert "Nguyễn Văn Kỷ" in html
    assert "Do Cục tổ chức" in html and "Cục trình bày" in html
    assert "Nháp do Cục tổ chức" not in html
    assert "Cục mới" in html
    data = json_ld(response)
    assert data["@type"] == "Organization"
    assert data["parentOrganization"]["name"] == "Bộ Công an"
    assert data["alternateName"] == ["Cục Đối ngoại Bộ Công an"]


# --- Filters on the official and organisation lists (issue 18) ---------------------------


@pytest.fixture
def people_to_filter(ky):
    """Kỷ (Thiếu tướng, at Cục Đối ngoại, opening speaker in Vĩnh Phúc 2023) and Hà (a
    presenter in Hà Nội 2024)."""
    from tests.factories import make_province

    phu_tho = make_province("Phú Thọ", former=False, slug="phu-tho")
    vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=phu_tho, slug="vinh-phuc")
    ha_noi = make_province("Hà Nội")
    ha = make_official("Bùi Thanh Hà")
    article = make_article(body="Thiếu tướng Nguyễn Văn Kỷ khai mạc; Bùi Thanh Hà trình bày.")
    in_vinh_phuc = make_conference(on=D(2023, 4, 12), province=vinh_phuc)
    in_ha_noi = make_conference(on=D(2024, 5, 1), province=ha_noi)
    make_participation(in_vinh_phuc, ky, article, role=Participation.Role.OPENING_SPEECH)
    make_participation(in_ha_noi, ha, article, role=Participation.Role.PRESENTER)
    return ky, ha


def listed(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200, response.content.decode()[-500:]
    return response, [str(row) for row in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "thanh ha"}, ["Bùi Thanh Hà"]),
        ({"rank": "Thiếu tướng"}, ["Nguyễn Văn Kỷ"]),
        ({"organization": "cuc-doi-ngoai"}, ["Nguyễn Văn Kỷ"]),
        ({"role": "presenter"}, ["Bùi Thanh Hà"]),
        ({"province": "phu-tho"}, ["Nguyễn Văn Kỷ"]),  # today's unit covers Vĩnh Phúc
        ({"year": "2024"}, ["Bùi Thanh Hà"]),
        # Role, province and year hold for one and the same participation.
        ({"role": "presenter", "year": "2023"}, []),
        ({"role": "opening_speech", "province": "vinh-phuc", "year": "2023"}, ["Nguyễn Văn Kỷ"]),
    ],
)
def test_official_list_filters(client, people_to_filter, params, expected):
    response, names = listed(client, "people:official-list", **params)
    assert names == expected
    assert len(response.context["chips"]) == len(params)


def test_official_list_empty_and_malformed_filters(client, people_to_filter):
    response, names = listed(client, "people:official-list", year="2019")
    assert names == [] and "Không có quan chức nào khớp" in response.content.decode()
    assert client.get(reverse("people:official-list"), {"year": "abc"}).status_code == 400
    assert client.get(reverse("people:official-list"), {"role": "king"}).status_code == 400


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "doi ngoai"}, ["Cục Đối ngoại"]),
        ({"kind": "ministry"}, ["Bộ Công an"]),
        ({"parent": "bo-cong-an"}, ["Cục Đối ngoại"]),
    ],
)
def test_organization_list_filters(client, ky, params, expected):
    from people.models import Organization

    Organization.objects.filter(slug="bo-cong-an").update(kind="ministry")
    response, names = listed(client, "people:organization-list", **params)
    assert names == expected
    html = response.content.decode()
    assert 'class="chips"' in html


def test_organization_list_by_province_includes_former_units(client):
    from tests.factories import make_province

    phu_tho = make_province("Phú Thọ", former=False, slug="phu-tho")
    vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=phu_tho, slug="vinh-phuc")
    make_public(make_organization("Ban Chỉ đạo tỉnh Vĩnh Phúc", province=vinh_phuc))
    make_public(make_organization("Bộ Ngoại giao"))
    _response, names = listed(client, "people:organization-list", province="phu-tho")
    assert names == ["Ban Chỉ đạo tỉnh Vĩnh Phúc"]


def test_timeline_shows_a_rank_where_it_changes_with_every_source(client, ky):
    """Three articles print "Thiếu tướng": one timeline entry, three citations."""
    for day in (D(2023, 8, 1), D(2024, 10, 3)):
        article = make_article(body="Thiếu tướng Nguyễn Văn Kỷ phát biểu.")
        Rank.objects.create(
            official=ky, rank="Thiếu tướng", article=article, passage="Thiếu tướng", **observed(day)
        )
    response = client.get(ky.get_absolute_url())
    ranks = [e for e in response.context["timeline"] if e["kind"] == "rank"]
    assert len(ranks) == 1 and len(ranks[0]["rows"]) == 3
    html = response.content.decode()
    timeline = html[html.index('id="timeline-heading"') : html.index('id="cite-heading"')]
    assert timeline.count("<strong>Cấp hàm:</strong>") == 1
    assert "(còn được ghi đến 3/10/2024)" in timeline


def test_official_page_shows_the_photo_and_its_sources_and_offers_a_citation(client, ky, settings):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3)).save(buffer, "PNG")
    ky.photo.save("ky.png", ContentFile(buffer.getvalue()))
    html = client.get(ky.get_absolute_url()).content.decode()
    assert f'<img src="{ky.photo.url}"' in html
    photo = client.get(ky.photo.url)
    assert photo.status_code == 200 and b"".join(photo.streaming_content).startswith(b"\x89PNG")
    facts = html[html.index('<dl class="facts">') : html.index("</dl>")]
    assert facts.count('class="cite"') == 2  # the rank and the last position, each sourced
    assert "@misc{official-nguyen-van-ky," in html
