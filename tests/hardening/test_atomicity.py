"""A failure half-way leaves the database as it was: fixture loads, merges, admin saves
with inlines, imports and restores."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from archive.data import backup, fixtures
from archive.models import Article, ArticleImage, Province, SourceDocument
from conferences.importer import write as import_write
from conferences.models import Conference, ConferenceSource, Participation
from people import merge
from people.models import Official, Organization, OrganizationAlias, Position, Rank
from tests.hardening.conftest import form_data, make_world

pytestmark = pytest.mark.django_db

MODELS = [
    Province,
    SourceDocument,
    Article,
    ArticleImage,
    Organization,
    OrganizationAlias,
    Official,
    Rank,
    Position,
    Conference,
    ConferenceSource,
    Participation,
]


def snapshot():
    """Every row of the main models, as values: any write shows up as a difference."""
    return {
        model.__name__: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items())) for row in model.objects.values()
        )
        for model in MODELS
    }


def fail_on_call(monkeypatch, target, name, after):
    """Make `target.name` raise on its (after+1)-th call; the earlier calls run normally."""
    original, calls = getattr(target, name), []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) > after:
            raise RuntimeError("injected failure")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, wrapper)
    return calls


def test_a_fixture_load_that_fails_half_way_writes_nothing(monkeypatch):
    make_world()
    before = snapshot()
    calls = fail_on_call(monkeypatch, fixtures.Loader, "save", after=150)
    with pytest.raises(RuntimeError, match="injected"):
        fixtures.load_archive(Path(settings.BASE_DIR) / "fixtures")
    assert len(calls) == 151  # provinces were written before the failure...
    assert snapshot() == before  # ...and rolled back with the rest


def test_a_fixture_with_a_bad_last_record_writes_nothing(tmp_path):
    shutil.copytree(Path(settings.BASE_DIR) / "fixtures", tmp_path / "fixtures")
    path = tmp_path / "fixtures" / "conferences.json"
    path.write_text(path.read_text()[:-3] + ', {"slug": "x", "province": "khong-co"}]\n')
    with pytest.raises(fixtures.FixtureError):
        fixtures.load_archive(tmp_path / "fixtures")
    assert Province.objects.count() == Article.objects.count() == 0


def test_a_merge_that_fails_half_way_moves_nothing(monkeypatch):
    world, other = make_world("A"), make_world("B")
    keep, duplicate = world["official"], other["official"]
    before = snapshot()
    calls = fail_on_call(monkeypatch, merge, "_repoint", after=2)
    with pytest.raises(RuntimeError, match="injected"):
        merge.merge_officials(keep, duplicate)
    assert len(calls) == 3
    assert snapshot() == before
    assert Official.objects.filter(pk=duplicate.pk).exists()


def test_an_organisation_merge_that_fails_at_the_end_keeps_both(monkeypatch):
    keep, duplicate = make_world("A")["organization"], make_world("B")["organization"]
    before = snapshot()
    fail_on_call(monkeypatch, merge, "_fill_organization", after=0)
    with pytest.raises(RuntimeError):
        merge.merge_organizations(keep, duplicate)
    assert snapshot() == before


def test_an_admin_save_whose_inlines_fail_half_way_saves_nothing(admin_client, monkeypatch):
    conference = make_world()["conference"]
    url = reverse("admin:conferences_conference_change", args=[conference.pk])
    data = form_data(admin_client.get(url).text, "conference_form")
    data["name"] = ["Tên mới"]
    data["participations-0-title_as_printed"] = ["Chức vụ mới"]
    data["participations-1-title_as_printed"] = ["Chức vụ mới"]
    before = snapshot()
    calls = fail_on_call(monkeypatch, Participation, "save", after=1)
    admin_client.raise_request_exception = False
    assert admin_client.post(url, data).status_code == 500
    assert len(calls) == 2  # the conference and one participation were saved, then...
    assert snapshot() == before


def test_an_import_that_fails_half_way_writes_nothing(monkeypatch):
    make_world()
    before = snapshot()
    fail_on_call(monkeypatch, import_write, "_participants", after=0)
    source = Path(settings.BASE_DIR) / "fixtures" / "sources" / "002_c5acaf174e378fce.txt"
    with pytest.raises(RuntimeError, match="injected"):
        call_command("import_article", str(source), verbosity=0)
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_fails_half_way_writes_nothing(monkeypatch, tmp_path):
    make_world()
    backup.backup(tmp_path / "b")
    call_command("flush", interactive=False, verbosity=0)
    fail_on_call(monkeypatch, backup, "restore_state", after=0)
    with pytest.raises(RuntimeError, match="injected"):
        backup.restore(tmp_path / "b")
    assert backup.archive_is_empty()
