import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_finds_a_conference_without_diacritics_and_corrects_a_count(
    page, live_server, archive, editor
):
    conference = archive["conference"]
    page.goto(live_server.url + reverse("admin:login"))
    page.locator("#id_username").fill(editor.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()

    page.goto(live_server.url + reverse("admin:conferences_conference_changelist"))
    page.locator("#searchbar").fill("vinh phuc")
    page.locator("#searchbar").press("Enter")
    results = page.locator("#result_list tbody tr")
    expect(results).to_have_count(1)
    results.get_by_role("link", name=conference.name).click()

    page.locator("#id_attendees").fill("3200")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(live_server.url + conference.get_absolute_url())
    expect(page.locator(".facts")).to_contain_text("3.200")
