"""Item 1: new records get their address from the archive's own folding, server-side."""

import pytest
from django.urls import reverse

from conferences.models import Conference
from people.models import Official, Organization
from tests.factories import make_conference

pytestmark = pytest.mark.django_db


def management_forms(*prefixes):
    data = {}
    for prefix in prefixes:
        data |= {
            f"{prefix}-TOTAL_FORMS": 0,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    return data


CONFERENCE_INLINES = (
    "sources",
    "facts",
    "organizers",
    "participations",
    "conference_topics",
    "figures",
)


def add_conference(client, name, slug=""):
    data = {
        "name": name,
        "slug": slug,
        "kind": "training",
        "scope": "unknown",
        "date_precision": "unknown",
        "format": "unknown",
        "status": "draft",
        **management_forms(*CONFERENCE_INLINES),
    }
    return client.post(reverse("admin:conferences_conference_add"), data)


def test_a_vietnamese_name_gives_the_folded_slug_through_the_add_form(admin_client):
    response = add_conference(admin_client, "Hội nghị tập huấn Đắk Lắk Nguyễn Văn Kỷ")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Conference.objects.get().slug == "hoi-nghi-tap-huan-dak-lak-nguyen-van-ky"


def test_the_slug_is_unique_and_still_editable(admin_client):
    make_conference("Hội nghị tập huấn Đắk Lắk")
    add_conference(admin_client, "Hội nghị tập huấn Đắk Lắk")
    add_conference(admin_client, "Hội nghị khác", slug="ten-rieng")
    slugs = set(Conference.objects.values_list("slug", flat=True))
    assert slugs == {"hoi-nghi-tap-huan-dak-lak", "hoi-nghi-tap-huan-dak-lak-2", "ten-rieng"}


def test_officials_and_organisations_get_folded_slugs(admin_client):
    admin_client.post(
        reverse("admin:people_official_add"),
        {"full_name": "Đặng Xuân Hồng", "slug": "", **management_forms("ranks", "positions")},
    )
    admin_client.post(
        reverse("admin:people_organization_add"),
        {"name": "Sở Tư pháp tỉnh Đắk Lắk", "slug": "", "kind": "other",
         **management_forms("aliases")},
    )  # fmt: skip
    assert Official.objects.get().slug == "dang-xuan-hong"
    assert Organization.objects.get().slug == "so-tu-phap-tinh-dak-lak"


@pytest.mark.parametrize(
    "url", ["admin:conferences_conference_add", "admin:people_official_add",
            "admin:people_organization_add", "admin:archive_article_add",
            "admin:conferences_topic_add", "admin:archive_outlet_add"],
)  # fmt: skip
def test_no_browser_prefill_garbles_the_slug(admin_client, url):
    """Django's prepopulate script drops Vietnamese letters ("hi-ngh-tp-hun-djk-lk")."""
    html = admin_client.get(reverse(url)).text
    assert 'data-prepopulated-fields="[]"' in html
