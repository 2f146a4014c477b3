"""Load the archive from `fixtures/` and export it back, in one stable JSON format.

Records refer to each other by natural keys (slugs, file names). Loading is idempotent:
a row is written only when it differs from the fixture, and child rows that the fixture
no longer lists are deleted. It lives in `conferences`, the app at the top of the
dependency graph, because it touches every app's models.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.lib.history import record_revisions
from archive.models import Article, ArticleImage, Outlet, Province, SourceDocument, sha256_hex
from conferences.models import (
    Conference,
    ConferenceFact,
    ConferenceSource,
    ConferenceTopic,
    Figure,
    Organizer,
    Participation,
    Topic,
)
from people.models import Official, Organization, OrganizationAlias, Position, Rank


class FixtureError(Exception):
    """A fixture file that cannot be loaded, or rows that could not be exported in a form
    that loads; nothing has been written."""


MAX_REPORTED = 50  # rows listed in an error; the count says how many there are


@dataclass
class Spec:
    """How one model maps to JSON: its natural key, its fields in file order, and the
    child rows nested under each record."""

    model: type[models.Model]
    key: tuple[str, ...]
    fields: tuple[str, ...]
    children: dict[str, "Spec"] = field(default_factory=dict)
    parent_field: str = ""
    # Child order in an exported file; defaults to the natural key.
    sort: tuple[str, ...] = ()
    # A child with one field is written as a plain value ("aliases": ["…", "…"]).
    scalar: bool = False


EVIDENCE = ("article", "passage")
PARAGRAPH_BREAK = "\n\n"

SPECS = {
    "provinces": Spec(
        Province,
        key=("slug",),
        fields=(
            "slug",
            "name",
            "full_name",
            "code",
            "kind",
            "region",
            "valid_from",
            "valid_until",
            "successor",
            "aliases",
        ),
    ),
    "sources": Spec(
        SourceDocument,
        key=("file_name",),
        fields=("file_name", "content_type", "sha256", "retrieved_at"),
    ),
    "outlets": Spec(
        Outlet,
        key=("slug",),
        fields=("slug", "name", "abbreviation", "website", "description"),
    ),
    "articles": Spec(
        Article,
        key=("slug",),
        fields=(
            "slug",
            "status",
            "outlet",
            "url",
            "title",
            "title_supplied",
            "outlet_published_at",
            "outlet_published_precision",
            "byline",
            "lead",
            "body",
            "source_document",
        ),
        children={
            "images": Spec(
                ArticleImage,
                key=("order",),
                fields=("order", "caption", "credit"),
                parent_field="article",
            )
        },
    ),
    "organizations": Spec(
        Organization,
        key=("slug",),
        fields=(
            "slug",
            "name",
            "name_en",
            "abbreviation",
            "kind",
            "parent",
            "province",
            "successor",
            "succeeded_on",
            "description",
        ),
        children={
            "aliases": Spec(
                OrganizationAlias,
                key=("name",),
                fields=("name",),
                parent_field="organization",
                scalar=True,
            )
        },
    ),
    "topics": Spec(Topic, key=("slug",), fields=("slug", "name", "name_en", "description")),
    "officials": Spec(
        Official,
        key=("slug",),
        fields=("slug", "full_name", "biography"),
        children={
            "ranks": Spec(
                Rank,
                key=("rank", "article"),
                fields=("rank", "observed_on", "observed_precision", *EVIDENCE),
                parent_field="official",
                sort=("observed_on", "article", "rank"),
            ),
            "positions": Spec(
                Position,
                key=("as_printed", "article"),
                fields=(
                    "title",
                    "organization",
                    "as_printed",
                    "is_former",
                    "observed_on",
                    "observed_precision",
                    *EVIDENCE,
                ),
                parent_field="official",
                sort=("observed_on", "article", "as_printed"),
            ),
        },
    ),
    "conferences": Spec(
        Conference,
        key=("slug",),
        fields=(
            "slug",
            "status",
            "name",
            "name_en",
            "summary",
            "summary_en",
            "kind",
            "scope",
            "scope_as_printed",
            "round_as_printed",
            "start_date",
            "date_precision",
            "date_as_printed",
            "end_date",
            "province",
            "venue",
            "format",
            "attendees",
            "attendees_qualifier",
            "connection_points",
            "provinces_participating",
        ),
        children={
            "sources": Spec(
                ConferenceSource,
                key=("article",),
                fields=("article", "relation", "passage"),
                parent_field="conference",
            ),
            "facts": Spec(
                ConferenceFact,
                key=("kind", "article", "as_printed"),
                fields=("kind", "as_printed", *EVIDENCE),
                parent_field="conference",
                sort=("kind", "article", "as_printed"),
            ),
            "figures": Spec(
                Figure,
                key=("kind", "article"),
                fields=("kind", "value", "qualifier", "format", "as_printed", *EVIDENCE),
                parent_field="conference",
            ),
            "organizers": Spec(
                Organizer,
                key=("organization", "article"),
                fields=("organization", "role", "as_printed", "order", *EVIDENCE),
                parent_field="conference",
                sort=("order", "article", "organization"),
            ),
            "participations": Spec(
                Participation,
                key=("official", "organization", "role", "article"),
                fields=(
                    "official",
                    "organization",
                    "role",
                    "rank_as_printed",
                    "title_as_printed",
                    "order",
                    *EVIDENCE,
                ),
                parent_field="conference",
                sort=("order", "article", "role", "official", "organization"),
            ),
            "topics": Spec(
                ConferenceTopic,
                key=("topic", "article"),
                fields=("topic", "as_printed", "order", *EVIDENCE),
                parent_field="conference",
                sort=("order", "article", "topic"),
            ),
        },
    ),
}
# The order files load in: everything a record refers to is loaded before it.
LOAD_ORDER = tuple(SPECS)


def natural_key_field(model):
    return "file_name" if model is SourceDocument else "slug"


# --- JSON <-> model values ------------------------------------------------------------


def to_json(instance, name):
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if model_field.is_relation:
        return None if value is None else getattr(value, natural_key_field(value.__class__))
    if name == "body":
        # Split exactly where from_json joins: what is between stays as typed (NBSP, tabs,
        # double spaces, single line breaks), so a load gives back the same text.
        return value.split(PARAGRAPH_BREAK)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class Resolver:
    """Turns natural keys into rows, caching what it has looked up."""

    def __init__(self):
        self.cache = {}

    def get(self, model, key):
        cache_key = (model, key)
        if cache_key not in self.cache:
            lookup = {natural_key_field(model): key}
            try:
                self.cache[cache_key] = model.objects.get(**lookup)
            except model.DoesNotExist:
                raise FixtureError(f"{model._meta.verbose_name} “{key}” does not exist") from None
        return self.cache[cache_key]


def from_json(model, name, value, resolver):
    """The (attname, value) pair to store for a JSON value."""
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        related = None if value is None else resolver.get(model_field.related_model, value)
        return model_field.attname, None if related is None else related.pk
    if value is None:
        return name, None
    if name == "body":
        return name, PARAGRAPH_BREAK.join(value)
    if isinstance(model_field, models.DateTimeField):
        return name, datetime.datetime.fromisoformat(value)
    if isinstance(model_field, models.DateField):
        return name, datetime.date.fromisoformat(value)
    return name, value


# --- Loading ----------------------------------------------------------------------


def read_fixture(path):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FixtureError(f"{path}: {error}") from None
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise FixtureError(f"{path}: expected a JSON list of objects")
    return data


class Loader:
    def __init__(self, fixtures_dir):
        self.fixtures_dir = Path(fixtures_dir)
        self.resolver = Resolver()
        self.stats = Counter()
        # {fixture file name: {record written, or whose nested rows were}}: their history.
        self.written = {}

    def load(self, *, record_history=True):
        """Load every file; each record written gets a revision naming its file (later,
        by `record_history()`, when the caller has more to write first)."""
        with transaction.atomic():
            for name in LOAD_ORDER:
                path = self.fixtures_dir / f"{name}.json"
                if not path.exists():
                    continue
                rows = read_fixture(path)
                self.written[name] = {}
                try:
                    self.load_rows(SPECS[name], rows, name)
                except ValidationError as error:
                    raise FixtureError(f"{path}: {error}") from None
            if record_history:
                self.record_history()
        return self.stats

    def record_history(self, origin=None):
        """A revision for each record written, saying where it came from: `origin`, or
        the fixture file."""
        for name, records in self.written.items():
            comment = origin or _("Nạp từ tệp dữ liệu %(file)s.") % {"file": f"{name}.json"}
            # As they are now: a restore writes times and file names after loading.
            current = SPECS[name].model.objects.filter(pk__in=records).order_by("pk")
            record_revisions(current, comment)

    def load_rows(self, spec, rows, label):
        own_model_fks = [
            name
            for name in spec.fields
            if spec.model._meta.get_field(name).is_relation
            and spec.model._meta.get_field(name).related_model is spec.model
        ]
        saved = []
        for row in rows:
            self.check_keys(spec, row, label)
            values = self.values(spec, row, skip=own_model_fks)
            if spec.model is SourceDocument:
                values.update(self.document_content(row))
            instance, changed = self.sync(spec.model, {spec.key[0]: row[spec.key[0]]}, values)
            self.resolver.cache[(spec.model, row[spec.key[0]])] = instance
            saved.append((instance, row))
            if changed:
                self.written[label][instance.pk] = instance
        # Links to rows of the same file (a successor, a parent) once all rows exist.
        for instance, row in saved:
            changed = False
            if own_model_fks:
                values = self.values(spec, row, only=own_model_fks)
                changed |= self.sync(spec.model, {"pk": instance.pk}, values)[1]
            for json_key, child_spec in spec.children.items():
                changed |= self.sync_children(instance, child_spec, row.get(json_key, []), label)
            if changed:
                self.written[label][instance.pk] = instance

    def check_keys(self, spec, row, label):
        expected = set(spec.fields) | set(spec.children)
        if unknown := set(row) - expected:
            raise FixtureError(f"{label}: unknown keys {sorted(unknown)} in {row}")
        if missing := set(spec.key) - set(row):
            raise FixtureError(f"{label}: missing keys {sorted(missing)} in {row}")

    def values(self, spec, row, skip=(), only=None):
        names = only if only is not None else [n for n in spec.fields if n not in skip]
        return dict(
            from_json(spec.model, name, row.get(name), self.resolver)
            for name in names
            if name in row or only is not None
        )

    def document_content(self, row):
        path = self.fixtures_dir / "sources" / row["file_name"]
        try:
            content = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise FixtureError(f"{path}: {error}") from None
        if sha256_hex(content) != row.get("sha256"):
            raise FixtureError(f"{path}: checksum differs from sources.json")
        return {"content": content}

    def sync_children(self, parent, spec, rows, label):
        """Whether any child row was written or deleted."""
        wanted, changed = set(), False
        for row in rows:
            if spec.scalar:
                row = {spec.fields[0]: row}
            if not isinstance(row, dict):
                raise FixtureError(f"{label}: expected an object, got {row!r}")
            self.check_keys(spec, row, label)
            values = self.values(spec, row)
            lookup = {spec.parent_field: parent}
            for name in spec.key:
                attname, value = from_json(spec.model, name, row.get(name), self.resolver)
                lookup[attname] = value
            instance, written = self.sync(spec.model, lookup, values)
            wanted.add(instance.pk)
            changed |= written
        stale = spec.model.objects.filter(**{spec.parent_field: parent}).exclude(pk__in=wanted)
        for instance in stale:
            instance.delete()
            self.stats[f"{spec.model._meta.model_name} deleted"] += 1
            changed = True
        return changed

    def sync(self, model, lookup, values):
        """Create or update one row, writing only when something differs; returns
        (row, whether it was written)."""
        values = {k: v for k, v in values.items() if k not in lookup and k != "sha256"}
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
            self.save(instance)
            self.stats[f"{model._meta.model_name} created"] += 1
            return instance, True
        changed = {k: v for k, v in values.items() if getattr(instance, k) != v}
        if changed:
            for attname, value in changed.items():
                setattr(instance, attname, value)
            self.save(instance)
            self.stats[f"{model._meta.model_name} updated"] += 1
        return instance, bool(changed)

    def save(self, instance):
        check_loadable(instance)
        instance.save()


def check_loadable(instance):
    """Raise ValidationError unless `instance` passes the checks a load makes before it
    writes a row. Computed columns (folded names, checksums) are filled in by save()."""
    computed = [f.name for f in instance._meta.fields if not f.editable]
    instance.full_clean(exclude=computed, validate_unique=False, validate_constraints=False)


def load_archive(fixtures_dir):
    """Load every fixture file in one transaction; returns counts of what changed."""
    return Loader(fixtures_dir).load()


# --- Exporting --------------------------------------------------------------------


def sort_key(instance, names):
    parts = []
    for name in names:
        value = to_json(instance, name)
        parts.append("" if value is None else str(value))
    return parts


def export_rows(spec, queryset, refused):
    """The JSON rows of `queryset`; each row that a load would refuse is added to
    `refused` as a line saying which and why."""
    rows = []
    for instance in queryset:
        check_exported(spec, instance, refused)
        row = {name: to_json(instance, name) for name in spec.fields}
        for json_key, child_spec in spec.children.items():
            children = child_spec.model.objects.filter(**{child_spec.parent_field: instance})
            if "article" in child_spec.fields:  # evidence: its clean() reads the article
                children = children.select_related("article").prefetch_related("article__images")
            children = sorted(children, key=lambda c, s=child_spec: sort_key(c, s.sort or s.key))
            for child in children:
                check_exported(child_spec, child, refused, parent=row[spec.key[0]])
            row[json_key] = [
                to_json(child, child_spec.fields[0])
                if child_spec.scalar
                else {name: to_json(child, name) for name in child_spec.fields}
                for child in children
            ]
        rows.append(row)
    return sorted(rows, key=lambda row: row[spec.key[0]])


def check_exported(spec, instance, refused, parent=None):
    try:
        check_loadable(instance)
    except ValidationError as error:
        where = f"{parent} → " if parent else ""
        key = ", ".join(str(to_json(instance, name)) for name in spec.key)
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
        refused.append(f"{where}{spec.model._meta.model_name} “{key}”: {problems}")


def dump(rows):
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def export_archive(fixtures_dir):
    """Write every model back to its fixture file; returns the paths written. Raises
    FixtureError, writing nothing, when a row is one that loading would refuse: an
    export (or a backup) that could not be loaded back must not look like a good one."""
    fixtures_dir = Path(fixtures_dir)
    refused = []
    files = {
        name: export_rows(spec, spec.model.objects.all(), refused) for name, spec in SPECS.items()
    }
    if refused:
        raise FixtureError(
            f"{len(refused)} rows would not load back:\n" + "\n".join(refused[:MAX_REPORTED])
        )
    (fixtures_dir / "sources").mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in files.items():
        path = fixtures_dir / f"{name}.json"
        path.write_text(dump(rows), encoding="utf-8")
        written.append(path)
    for document in SourceDocument.objects.all():
        path = fixtures_dir / "sources" / document.file_name
        if not path.exists() or path.read_bytes() != document.content.encode("utf-8"):
            path.write_bytes(document.content.encode("utf-8"))
            written.append(path)
    return written
