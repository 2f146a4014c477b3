"""Back up the whole archive to a folder, and restore it into an empty database.

A backup folder holds:

- `data/`: every record in the fixture format (`archive.data.fixtures.export_archive`), with the
  source documents byte for byte in `data/sources/`;
- `state.json`: what the fixture format leaves out: publication and edit times, which
  uploaded file belongs to which image or official, staff accounts and their groups;
- `media/`: the uploaded files those records use;
- `MANIFEST.sha256`: a SHA-256 checksum for every other file, in `sha256sum` format
  (`cd BACKUP && sha256sum -c MANIFEST.sha256` checks a copy by hand).

The snapshot is read in one transaction (repeatable read on PostgreSQL), so it is
consistent even while editors work. The output depends only on the data: backing up a
restored archive gives the same files. Edit history (django-reversion) refers to rows by
their database ids, which a restore does not keep, so it is not part of a backup; each
restored record's history starts with a revision saying it was restored.
"""

import hashlib
import json
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from archive.models import Article, ArticleImage
from conferences.models import Conference, Topic
from people.models import MergedAway, Official, Organization

from .fixtures import (
    SPECS,
    FixtureError,
    Loader,
    dump,
    export_archive,
    natural_key_field,
)

MANIFEST = "MANIFEST.sha256"
STATE = "state.json"
# Times that the fixture format does not carry, by fixture file.
TIMESTAMPS = {
    "articles": (Article, ("published_at", "updated_at")),
    "conferences": (Conference, ("published_at", "updated_at")),
    "officials": (Official, ("updated_at",)),
    "organizations": (Organization, ("updated_at",)),
    "topics": (Topic, ("updated_at",)),
}
USER_FIELDS = (
    "username",
    "password",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "is_staff",
    "is_superuser",
    "date_joined",
    "last_login",
)


class BackupError(Exception):
    """A backup that cannot be restored here; nothing has been written."""


# --- Backing up -------------------------------------------------------------------------


def backup(folder):
    """Write a backup of the archive into `folder` (new or empty); returns the manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    # Inside a caller's transaction (tests), that transaction's snapshot is the one read.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            export_archive(folder / "data")
        except FixtureError as error:
            raise BackupError(f"not backed up, a restore would refuse it: {error}") from None
        state = collect_state()
        for name in media_files(state):
            copy_file(Path(settings.MEDIA_ROOT) / name, folder / "media" / name)
    (folder / STATE).write_text(dump(state), encoding="utf-8")
    manifest = checksums(folder)
    (folder / MANIFEST).write_text(
        "".join(f"{digest}  {name}\n" for name, digest in manifest.items()), encoding="utf-8"
    )
    return manifest


def iso(value):
    return timezone.localtime(value).isoformat() if value else None


def collect_state():
    timestamps = {
        name: {
            getattr(row, natural_key_field(model)): {
                field: iso(getattr(row, field)) for field in fields
            }
            for row in model.objects.order_by(natural_key_field(model))
        }
        for name, (model, fields) in TIMESTAMPS.items()
    }
    images = ArticleImage.objects.exclude(image="").select_related("article")
    return {
        "timestamps": timestamps,
        "article_images": [
            {"article": image.article.slug, "order": image.order, "file": image.image.name}
            for image in images.order_by("article__slug", "order")
        ],
        "official_photos": [
            {"official": official.slug, "file": official.photo.name}
            for official in Official.objects.exclude(photo="").order_by("slug")
        ],
        # Old addresses of merged records, and the survivor each leads to.
        "merged_away": [
            {
                "slug": row.slug,
                "official": row.official.slug if row.official else None,
                "organization": row.organization.slug if row.organization else None,
                "merged_at": iso(row.merged_at),
            }
            for row in MergedAway.objects.select_related("official", "organization").order_by(
                "slug", "official__slug", "organization__slug"
            )
        ],
        "groups": [
            {"name": group.name, "permissions": permission_keys(group.permissions)}
            for group in Group.objects.order_by("name")
        ],
        "users": [
            {
                **{field: user_value(user, field) for field in USER_FIELDS},
                "groups": sorted(user.groups.values_list("name", flat=True)),
                "permissions": permission_keys(user.user_permissions),
            }
            for user in User.objects.order_by("username")
        ],
    }


def user_value(user, field):
    value = getattr(user, field)
    return iso(value) if field in ("date_joined", "last_login") else value


def permission_keys(permissions):
    rows = permissions.values_list("content_type__app_label", "codename")
    return sorted(f"{app_label}.{codename}" for app_label, codename in rows)


def media_files(state):
    names = [row["file"] for row in state["article_images"] + state["official_photos"]]
    return sorted(set(names))


def copy_file(source, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(folder):
    """{relative path: SHA-256} for every file in the backup but the manifest itself."""
    paths = sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.name != MANIFEST)
    return {path.relative_to(folder).as_posix(): sha256_file(path) for path in paths}


# --- Restoring ----------------------------------------------------------------------------


def verify(folder):
    """Raise BackupError unless every file matches the manifest and none is missing or extra."""
    folder = Path(folder)
    try:
        lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise BackupError(f"no readable {MANIFEST} in {folder}: {error}") from None
    expected = {}
    for line in lines:
        digest, _, name = line.partition("  ")
        expected[name] = digest
    actual = checksums(folder)
    if missing := sorted(set(expected) - set(actual)):
        raise BackupError(f"missing from the backup: {', '.join(missing)}")
    if extra := sorted(set(actual) - set(expected)):
        raise BackupError(f"not in the manifest: {', '.join(extra)}")
    if changed := sorted(name for name in expected if expected[name] != actual[name]):
        raise BackupError(f"checksum differs: {', '.join(changed)}")


def archive_is_empty():
    models = [*(spec.model for spec in SPECS.values()), User]
    return not any(model.objects.exists() for model in models)


def restore(folder):
    """Load a verified backup into an empty database (after `migrate`), all or nothing."""
    folder = Path(folder)
    verify(folder)
    state = json.loads((folder / STATE).read_text(encoding="utf-8"))
    media_root = Path(settings.MEDIA_ROOT)
    for name in media_files(state):
        target = media_root / name
        if target.exists() and sha256_file(target) != sha256_file(folder / "media" / name):
            raise BackupError(
                f"{target} exists with other content; restore into an empty MEDIA_ROOT"
            )
    with transaction.atomic():
        if not archive_is_empty():
            raise BackupError("the database is not empty: restore only into a new database")
        loader = Loader(folder / "data")
        stats = loader.load(record_history=False)
        restore_state(state)
        # Edit history is not in a backup: each record's starts with the restore.
        loader.record_history(_("Khôi phục từ bản sao lưu %(folder)s.") % {"folder": folder.name})
        # Files last: if copying fails, the transaction rolls the records back.
        for name in media_files(state):
            copy_file(folder / "media" / name, media_root / name)
    return stats


def restore_state(state):
    for name, (model, _fields) in TIMESTAMPS.items():
        key = natural_key_field(model)
        for natural_key, times in state["timestamps"][name].items():
            values = {
                field: parse_datetime(value) if value else None for field, value in times.items()
            }
            # update(): save() would stamp updated_at with the time of the restore.
            model.objects.filter(**{key: natural_key}).update(**values)
    for row in state["article_images"]:
        images = ArticleImage.objects.filter(article__slug=row["article"], order=row["order"])
        images.update(image=row["file"])
    for row in state["official_photos"]:
        Official.objects.filter(slug=row["official"]).update(photo=row["file"])
    for row in state.get("merged_away", []):
        survivor = {
            kind: model.objects.get(slug=row[kind])
            for kind, model in (("official", Official), ("organization", Organization))
            if row[kind]
        }
        moved = MergedAway.objects.create(slug=row["slug"], **survivor)
        MergedAway.objects.filter(pk=moved.pk).update(merged_at=parse_datetime(row["merged_at"]))
    for row in state["groups"]:
        group, _ = Group.objects.get_or_create(name=row["name"])
        group.permissions.set(permissions(row["permissions"]))
    for row in state["users"]:
        values = {field: row[field] for field in USER_FIELDS}
        for field in ("date_joined", "last_login"):
            values[field] = parse_datetime(values[field]) if values[field] else None
        user = User.objects.create(**values)
        user.groups.set(Group.objects.filter(name__in=row["groups"]))
        user.user_permissions.set(permissions(row["permissions"]))


def permissions(keys):
    wanted = {tuple(key.split(".", 1)) for key in keys}
    found = [
        p
        for p in Permission.objects.select_related("content_type")
        if (p.content_type.app_label, p.codename) in wanted
    ]
    if len(found) != len(wanted):
        known = {(p.content_type.app_label, p.codename) for p in found}
        raise BackupError(f"unknown permissions: {sorted(wanted - known)}")
    return found
