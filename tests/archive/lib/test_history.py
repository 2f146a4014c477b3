"""Item 2: a record's history starts where it came from (fixtures, an import, a merge, a
restore), so that its first edit can be undone from History."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from archive.models import Article
from conferences.models import Conference
from people.models import Official
from tests.admin_forms import change_form_data
from tests.factories import admin_url
from tests.hardening.conftest import form_data

pytestmark = pytest.mark.django_db

LAI_CHAU = Path(settings.BASE_DIR) / "fixtures" / "sources" / "002_c5acaf174e378fce.txt"


def edit_then_revert_the_first_edit(client, record, field, new_value):
    """Edit `field` through the change form, then revert from History to the version
    before the edit; returns the history comments, oldest first."""
    url = admin_url(record)
    response = client.post(url, change_form_data(client.get(url), **{field: new_value}))
    assert response.status_code == 302, response.context["adminform"].form.errors
    versions = list(Version.objects.get_for_object(record).order_by("pk"))
    assert len(versions) == 2, [v.revision.comment for v in versions]
    revision_url = admin_url(record, "revision", versions[0].pk)
    response = client.post(revision_url, change_form_data(client.get(revision_url)))
    assert response.status_code == 302
    return [v.revision.comment for v in versions]


def test_the_first_edit_of_a_loaded_conference_is_undone(admin_client):
    call_command("load_archive", verbosity=0)
    conference = Conference.objects.filter(attendees__isnull=False).order_by("pk").first()
    loaded = conference.attendees
    comments = edit_then_revert_the_first_edit(admin_client, conference, "attendees", loaded + 100)
    assert comments[0] == "Nạp từ tệp dữ liệu conferences.json."
    conference.refresh_from_db()
    assert conference.attendees == loaded


def test_loading_again_adds_no_history_when_nothing_changed():
    call_command("load_archive", verbosity=0)
    versions = Version.objects.count()
    assert versions >= Conference.objects.count() + Official.objects.count()
    call_command("load_archive", verbosity=0)
    assert Version.objects.count() == versions


def test_the_first_edit_of_an_imported_conference_is_undone(admin_client):
    response = admin_client.post(reverse("importer:import"), {"text": LAI_CHAU.read_text()})
    data = {name: values[0] if len(values) == 1 else values for name, values in
            form_data(response.text, "review-form").items()}  # fmt: skip
    response = admin_client.post(reverse("importer:import"), {**data, "confirm": "1"})
    assert response.status_code == 302
    conference = Conference.objects.get()
    imported = conference.attendees
    comments = edit_then_revert_the_first_edit(
        admin_client, conference, "attendees", imported + 100
    )
    assert comments[0].startswith("Nhập từ bài báo “")
    conference.refresh_from_db()
    assert conference.attendees == imported
    # The article and the officials the import wrote have their first revision too.
    article = Article.objects.get()
    assert Version.objects.get_for_object(article).count() == 1
    for official in Official.objects.all():
        assert Version.objects.get_for_object(official).count() == 1, official
