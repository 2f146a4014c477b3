"""Merge two records of the same official (or organisation) into one.

Every row that points at the duplicate — participations, positions, ranks, aliases,
organiser roles, child organisations, citations, old addresses — is moved to the record
kept. A row that would then repeat one the kept record already has (same source, same
fact) is dropped instead of moved. The duplicate is deleted and its address kept as a
`MergedAway` row, so that its old URLs answer 301 with the survivor's. All in one
transaction, with a revision before (so the merge can be undone from history) and after,
for the record kept and for each conference whose rows moved.
"""

import reversion
from django.db import models, transaction
from django.utils.translation import gettext as _

from archive.lib.history import record_revisions

from .models import MergedAway, Official, Organization, OrganizationAlias


def incoming_relations(model):
    """The foreign keys on other rows (or on `model` itself) that point at `model`."""
    return [
        rel
        for rel in model._meta.related_objects
        if (rel.one_to_many or rel.one_to_one) and not rel.related_model._meta.auto_created
    ]


def relation_counts(record):
    """{verbose name of the related rows: how many point at `record`} for non-empty ones."""
    counts = {}
    for rel in incoming_relations(type(record)):
        count = rel.related_model._base_manager.filter(**{rel.field.name: record}).count()
        if count:
            label = f"{rel.related_model._meta.verbose_name_plural} ({rel.field.verbose_name})"
            counts[label] = count
    return counts


def describe(record):
    """Which record is which, for an editor choosing or reading about a merge:
    "#12 · 2 người tham dự (quan chức), 1 chức vụ (quan chức) · Phó Cục trưởng Cục Đối
    ngoại"."""
    parts = [f"#{record.pk}"]
    counts = relation_counts(record)
    if counts:
        parts.append(", ".join(f"{n} {label}" for label, n in counts.items()))
    if isinstance(record, Official):
        titles = dict.fromkeys(str(p) for p in record.positions.order_by("-observed_on", "-pk"))
        if titles:
            parts.append("; ".join(list(titles)[:2]))
    elif record.parent_id:
        parts.append(_("trực thuộc %(parent)s") % {"parent": record.parent})
    return " · ".join(parts)


def merge_officials(keep, other, user=None):
    """Merge `other` into `keep`; returns {relation label: rows moved or dropped}."""
    return _merge(keep, other, user, _fill_official)


def merge_organizations(keep, other, user=None):
    """Merge `other` into `keep`; `other`'s name becomes an alias of `keep`."""
    return _merge(keep, other, user, _fill_organization)


def _merge(keep, other, user, fill_blanks):
    if type(keep) is not type(other) or keep.pk == other.pk:
        raise ValueError("Merge needs two different records of the same model.")
    model = type(keep)
    with transaction.atomic():
        keep = model.objects.select_for_update().get(pk=keep.pk)
        other = model.objects.select_for_update().get(pk=other.pk)
        rows = _snapshot(keep, other, user)
        moved = relation_counts(other)
        for rel, related in rows.items():
            for row in related:
                if row.pk == keep.pk and rel.related_model is model:
                    _inherit(keep, rel.field, other)
                else:
                    _repoint(row, rel.field, keep)
        fill_blanks(keep, other)
        keep.save()
        other_repr = f"“{other}” (#{other.pk})"
        other.delete()
        kind = model._meta.model_name
        MergedAway.objects.create(slug=other.slug, **{kind: keep})
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(
                _("Đã gộp %(other)s vào bản ghi này; địa chỉ cũ “%(slug)s” chuyển về đây.")
                % {"other": other_repr, "slug": other.slug}
            )
            reversion.add_to_revision(keep)
        conferences = {
            row.conference
            for rel, related in rows.items()
            for row in related
            if hasattr(row, "conference")
        }
        record_revisions(
            sorted(conferences, key=lambda c: c.pk),
            _("%(other)s đã được gộp vào “%(keep)s” (#%(pk)s).")
            % {"other": other_repr, "keep": keep, "pk": keep.pk},
            user,
        )
    return moved


def _snapshot(keep, other, user):
    """Record both records and every row about to move in one revision, so that
    reverting it from history undoes the merge; return those rows by relation."""
    rows = {
        rel: list(rel.related_model._base_manager.filter(**{rel.field.name: other}))
        for rel in incoming_relations(type(keep))
    }
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(
            _("Trước khi gộp “%(other)s” vào “%(keep)s”.") % {"other": other, "keep": keep}
        )
        for obj in [keep, other, *(row for related in rows.values() for row in related)]:
            if reversion.is_registered(type(obj)):
                reversion.add_to_revision(obj)
    return rows


def _inherit(keep, field, other):
    """`keep` itself pointed at `other` (as parent or successor): take `other`'s own."""
    inherited = getattr(other, field.attname)
    setattr(keep, field.attname, None if inherited == keep.pk else inherited)
    if field.name == "successor" and keep.successor_id is None:
        keep.succeeded_on = None


def _repoint(row, field, keep):
    setattr(row, field.name, keep)
    if _duplicates_existing(row, field):
        row.delete()
    else:
        row.save(update_fields=[field.name])


def _duplicates_existing(row, field):
    """Whether another row already states the same fact under a unique constraint
    that involves `field`."""
    model = type(row)
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or field.name not in (
            constraint.fields or ()
        ):
            continue
        lookup = {
            name: getattr(row, model._meta.get_field(name).attname) for name in constraint.fields
        }
        matches = model._base_manager.filter(**lookup).exclude(pk=row.pk)
        if constraint.condition is not None:
            matches = matches.filter(constraint.condition)
        if matches.exists():
            return True
    return False


def _fill_official(keep, other):
    if not keep.biography:
        keep.biography = other.biography
    if not keep.photo:
        keep.photo = other.photo


def _fill_organization(keep, other):
    for field in ("abbreviation", "description", "province_id"):
        if not getattr(keep, field):
            setattr(keep, field, getattr(other, field))
    if keep.parent_id is None and other.parent_id != keep.pk:
        keep.parent_id = other.parent_id
    if keep.kind == Organization.Kind.OTHER:
        keep.kind = other.kind
    known = {keep.name_folded, *keep.aliases.values_list("name_folded", flat=True)}
    if other.name_folded not in known:
        OrganizationAlias.objects.create(organization=keep, name=other.name)
