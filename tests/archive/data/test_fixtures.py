"""load_archive / export_archive: idempotent, atomic, and a lossless round trip."""

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from archive.data.fixtures import SPECS, export_archive
from archive.models import Article, Province
from conferences.models import Conference, Participation
from people.models import Official

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def row_counts():
    return {name: spec.model.objects.count() for name, spec in SPECS.items()} | {
        "participations": Participation.objects.count()
    }


def test_loading_twice_changes_nothing(capsys):
    call_command("load_archive")
    first = row_counts()
    assert first["provinces"] == 88
    call_command("load_archive")
    assert row_counts() == first
    assert "up to date" in capsys.readouterr().out


def test_export_then_load_into_a_fresh_database_then_export_is_identical(tmp_path):
    call_command("load_archive")
    first, second = tmp_path / "first", tmp_path / "second"
    export_archive(first)
    for spec in SPECS.values():
        for child in spec.children.values():
            child.model.objects.all().delete()
    for name in reversed(list(SPECS)):
        model = SPECS[name].model
        if model is Province:
            model.objects.update(successor=None)
        elif model.__name__ == "Organization":
            model.objects.update(parent=None, successor=None)
        model.objects.all().delete()
    assert Province.objects.count() == 0
    call_command("load_archive", fixtures=first)
    export_archive(second)
    for path in sorted(first.glob("*.json")):
        assert path.read_text(encoding="utf-8") == (second / path.name).read_text(
            encoding="utf-8"
        ), path.name


def test_the_fixture_files_are_in_export_format(tmp_path):
    """The committed files are exactly what export_archive writes for them."""
    call_command("load_archive")
    export_archive(tmp_path)
    for path in sorted(FIXTURES.glob("*.json")):
        assert path.read_text(encoding="utf-8") == (tmp_path / path.name).read_text(
            encoding="utf-8"
        ), f"{path.name} differs from its export: run manage.py export_archive"


@pytest.fixture
def fixture_copy(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, target)
    return target


def test_a_broken_file_loads_nothing(fixture_copy):
    (fixture_copy / "conferences.json").write_text("[{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_archive", fixtures=fixture_copy)
    assert Province.objects.count() == 0
    assert Article.objects.count() == 0


def test_a_reference_to_a_missing_record_loads_nothing(fixture_copy):
    path = fixture_copy / "provinces.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[-1]["successor"] = "khong-ton-tai"
    rows[-1]["valid_until"] = "2025-06-30"
    rows[-1]["valid_from"] = None
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="khong-ton-tai"):
        call_command("load_archive", fixtures=fixture_copy)
    assert Province.objects.count() == 0


def test_a_changed_source_document_is_refused(fixture_copy):
    sources = sorted((fixture_copy / "sources").glob("*.txt"))
    if not (fixture_copy / "sources.json").exists():
        pytest.fail("fixtures/sources.json is missing")
    sources[0].write_text(sources[0].read_text(encoding="utf-8") + "sửa", encoding="utf-8")
    with pytest.raises(CommandError, match="checksum"):
        call_command("load_archive", fixtures=fixture_copy)
    assert Province.objects.count() == 0


def test_an_edit_in_the_fixture_updates_only_that_row(fixture_copy):
    call_command("load_archive", fixtures=fixture_copy)
    path = fixture_copy / "officials.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[0]["biography"] = "Tiểu sử mới."
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    before = row_counts()
    call_command("load_archive", fixtures=fixture_copy)
    assert row_counts() == before
    assert Official.objects.get(slug=rows[0]["slug"]).biography == "Tiểu sử mới."


def test_a_child_row_removed_from_the_fixture_is_deleted(fixture_copy):
    call_command("load_archive", fixtures=fixture_copy)
    path = fixture_copy / "conferences.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    with_people = next(row for row in rows if row["participations"])
    removed = with_people["participations"].pop()
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    before = Participation.objects.count()
    call_command("load_archive", fixtures=fixture_copy)
    assert Participation.objects.count() == before - 1
    conference = Conference.objects.get(slug=with_people["slug"])
    assert not conference.participations.filter(
        role=removed["role"], article__slug=removed["article"]
    ).filter(official__slug=removed["official"], organization__slug=removed["organization"])
