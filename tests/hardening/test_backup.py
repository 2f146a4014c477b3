"""backup → fresh database → restore → backup gives identical output (both databases)."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, models
from PIL import Image
from reversion.models import Version

from archive.data import backup
from archive.data.backup import BackupError
from archive.data.fixtures import SPECS
from archive.models import Article, ArticleImage, SourceDocument
from conferences.models import Conference
from people.merge import merge_officials
from people.models import MergedAway, Official, Rank
from tests.factories import PASSWORD, make_official, make_staff
from tests.hardening.conftest import make_world


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def files(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def fill_archive():
    world = make_world("Hà Nội")
    make_world("bản nháp", published=False)
    image = world["article"].images.get()
    image.image.save("anh.png", SimpleUploadedFile("anh.png", png()))
    world["official"].photo.save("ky.png", SimpleUploadedFile("ky.png", png()))
    merge_officials(world["official"], make_official("Nguyễn Văn Trùng"))
    make_staff("Editors", "bien-tap")
    User.objects.create_superuser("admin", password="another-pw")
    return world


@pytest.mark.django_db(transaction=True)
def test_backup_restore_backup_round_trips_byte_for_byte(tmp_path, settings):
    world = fill_archive()
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("backup_archive", str(first), verbosity=0)
    assert (first / "media" / world["official"].photo.name).read_bytes() == png()

    call_command("flush", interactive=False, verbosity=0)  # a new, migrated database
    settings.MEDIA_ROOT = tmp_path / "new-media"
    call_command("restore_archive", str(first), verbosity=0)
    call_command("backup_archive", str(second), verbosity=0)

    assert files(first) == files(second)
    official = Official.objects.get(slug=world["official"].slug)
    assert official.photo.read() == png()
    assert User.objects.get(username="bien-tap").check_password(PASSWORD)
    assert User.objects.get(username="bien-tap").groups.get().name == "Editors"
    conference = Conference.objects.get(slug=world["conference"].slug)
    assert conference.published_at == world["conference"].published_at
    assert Conference.objects.drafts().count() == 1
    # History is not backed up: each restored record's starts with the restore, photo
    # and publication time included, so that its first edit can be undone.
    version = Version.objects.get_for_object(official).get()
    assert version.revision.comment == "Khôi phục từ bản sao lưu first."
    assert version.field_dict["photo"] == official.photo.name
    # The merged record's old address still leads to the survivor.
    assert MergedAway.objects.get(slug="nguyen-van-trung").official == official
    recorded = Version.objects.get_for_object(conference).get().field_dict["published_at"]
    assert abs(recorded - conference.published_at).total_seconds() < 0.001  # JSON: ms


def test_the_manifest_lists_every_file_with_its_checksum(db, tmp_path):
    fill_archive()
    manifest = backup.backup(tmp_path / "b")
    lines = (tmp_path / "b" / "MANIFEST.sha256").read_text().splitlines()
    assert len(lines) == len(manifest) == len(files(tmp_path / "b")) - 1
    assert "data/conferences.json" in manifest and "state.json" in manifest
    assert any(name.startswith("data/sources/") for name in manifest)
    assert any(name.startswith("media/officials/") for name in manifest)


def test_a_tampered_backup_is_refused_before_anything_is_written(db, tmp_path):
    fill_archive()
    backup.backup(tmp_path / "b")
    path = tmp_path / "b" / "data" / "conferences.json"
    path.write_text(path.read_text().replace("Hà Nội", "Hà Tây"))
    with pytest.raises(BackupError, match="checksum differs: data/conferences.json"):
        backup.verify(tmp_path / "b")
    (tmp_path / "b" / "extra.txt").write_text("?")
    with pytest.raises(BackupError, match="not in the manifest: extra.txt"):
        backup.verify(tmp_path / "b")


def test_restore_refuses_a_database_that_is_not_empty(db, tmp_path):
    fill_archive()
    backup.backup(tmp_path / "b")
    before = Conference.objects.count()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_archive", str(tmp_path / "b"), verbosity=0)
    assert Conference.objects.count() == before


def test_backup_refuses_a_folder_that_is_not_empty(db, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_archive", str(tmp_path), verbosity=0)


# What a backup leaves out on purpose: ids, columns computed on save, and the relation
# to the parent row (it is where the child is nested).
COMPUTED = {"id", "search_text", "name_folded", "sort_key", "sha256"}


def test_every_stored_column_is_in_the_backup():
    """A field added to a model later must be added to the backup (or to COMPUTED)."""
    carried = {(Official, "photo"), (ArticleImage, "image"), (SourceDocument, "content")}
    for model, fields in backup.TIMESTAMPS.values():
        carried |= {(model, name) for name in fields}
    specs = list(SPECS.values())
    specs += [child for spec in SPECS.values() for child in spec.children.values()]
    for spec in specs:
        for field in spec.model._meta.concrete_fields:
            if field.name in COMPUTED or field.name == spec.parent_field:
                continue
            assert field.name in spec.fields or (spec.model, field.name) in carried, (
                f"{spec.model.__name__}.{field.name} is not backed up"
            )
            assert not isinstance(field, models.FileField) or (spec.model, field.name) in carried


# --- Text comes back exactly ------------------------------------------------------------

# Non-breaking spaces, tabs, double spaces, single and triple line breaks, spaces at the
# ends of a paragraph: a restore gives back exactly what was backed up.
ODD_BODY = (
    "Đoạn\u00a0một\tcó  hai dấu cách\nvà một dòng mới.  \n\n"
    "  Đoạn hai\u00a0\u00a0thụt lề.\n\n\nĐoạn ba sau ba dòng mới.\r\nHết."
)
ODD_TEXT = "Sapo\u00a0có\ttab  và\ndòng mới "


@pytest.mark.django_db(transaction=True)
def test_backup_restore_gives_back_text_exactly(tmp_path, settings):
    world = make_world()
    article = world["article"]
    body = f"{article.body}\n\n{ODD_BODY}"  # the passages cited from it stay in it
    article.body, article.lead, article.byline = body, ODD_TEXT, "Phóng\u00a0viên  A"
    article.save()
    article.images.update(caption=ODD_TEXT)
    Rank.objects.update(passage="Đoạn\u00a0một\tcó hai")
    Official.objects.update(biography=ODD_TEXT)
    Conference.objects.update(summary=ODD_TEXT)
    call_command("backup_archive", str(tmp_path / "b"), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    call_command("restore_archive", str(tmp_path / "b"), verbosity=0)

    restored = Article.objects.get(slug=article.slug)
    assert (restored.body, restored.lead, restored.byline) == (
        body,
        ODD_TEXT,
        "Phóng\u00a0viên  A",
    )
    assert restored.images.get().caption == ODD_TEXT
    assert Rank.objects.get().passage == "Đoạn\u00a0một\tcó hai"
    assert Official.objects.get().biography == ODD_TEXT
    assert Conference.objects.get().summary == ODD_TEXT


# --- A backup a restore would refuse is not written --------------------------------------


def over_long_rank(world):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL refuses the value itself")
    Rank.objects.update(rank="Thiếu tướng " + "x" * 87)
    return "rank"


def not_a_choice(world):
    Article.objects.filter(pk=world["article"].pk).update(outlet_published_precision="second")
    return "outlet_published_precision"


def passage_not_in_the_article(world):
    Rank.objects.update(passage="Câu không có trong bài.")
    return "passage"


def name_with_a_slash(world):
    SourceDocument.objects.filter(pk=world["document"].pk).update(file_name="cu/bai.txt")
    return "file_name"


@pytest.mark.parametrize(
    "spoil", [over_long_rank, not_a_choice, passage_not_in_the_article, name_with_a_slash]
)
def test_a_backup_refuses_rows_that_a_restore_would_refuse(db, tmp_path, spoil):
    field = spoil(make_world())
    with pytest.raises(BackupError, match=f"would not load back:\n.*{field}"):
        backup.backup(tmp_path / "b")
    assert not (tmp_path / "b" / "data").exists()
    with pytest.raises(CommandError, match="restore would refuse"):
        call_command("backup_archive", str(tmp_path / "c"), verbosity=0)


def test_numbers_beyond_postgresql_s_columns_are_refused_on_sqlite_too(db):
    """A count SQLite could store but PostgreSQL could not is invalid on both, so no backup
    taken on one database fails to restore on the other."""
    conference = make_world()["conference"]
    conference.attendees = 99_999_999_999
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert "attendees" in error.value.message_dict
