"""Small `make_*` helpers: each test builds exactly the rows it needs; and the staff
accounts and admin addresses the admin tests share."""

import datetime
import itertools

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.urls import reverse

from archive.admin_base.roles import create_roles
from archive.lib.dates import Precision
from archive.models import Article, Outlet, Province, Region, Status
from conferences.models import (
    Conference,
    ConferenceSource,
    ConferenceTopic,
    Figure,
    Organizer,
    Participation,
    Qualifier,
    Topic,
)
from people.models import Official, Organization, Position

_seq = itertools.count(1)


def make_province(name=None, *, current=True, former=True, successor=None, **kwargs):
    """current+former: an unchanged unit; former only: merged away (give `successor`)."""
    name = name or f"Tỉnh thử {next(_seq)}"
    kwargs.setdefault("slug", None)
    province = Province(
        name=name,
        full_name=kwargs.pop("full_name", f"Tỉnh {name}"),
        kind=kwargs.pop("kind", Province.Kind.PROVINCE),
        region=kwargs.pop("region", Region.RED_RIVER_DELTA),
        valid_from=None if former else datetime.date(2025, 7, 1),
        valid_until=None if current else datetime.date(2025, 6, 30),
        successor=successor,
        **{k: v for k, v in kwargs.items() if k != "slug"},
    )
    from archive.lib.text import vi_slugify

    province.slug = kwargs["slug"] or vi_slugify(name) + ("" if current else "-cu")
    province.save()
    return province


def make_outlet(name=None, **kwargs):
    name = name or f"Báo thử {next(_seq)}"
    from archive.lib.text import vi_slugify

    return Outlet.objects.create(name=name, slug=kwargs.pop("slug", vi_slugify(name)), **kwargs)


def make_article(title=None, *, published=True, body="Nội dung bài báo.", **kwargs):
    kwargs.setdefault("status", Status.PUBLISHED if published else Status.DRAFT)
    return Article.objects.create(title=title or f"Bài báo {next(_seq)}", body=body, **kwargs)


def make_organization(name=None, **kwargs):
    return Organization.objects.create(name=name or f"Tổ chức {next(_seq)}", **kwargs)


def make_official(full_name=None, **kwargs):
    return Official.objects.create(full_name=full_name or f"Nguyễn Văn {next(_seq)}", **kwargs)


def make_topic(name=None, **kwargs):
    return Topic.objects.create(name=name or f"Chuyên đề {next(_seq)}", **kwargs)


def make_conference(name=None, *, published=True, on=None, precision=Precision.DAY, **kwargs):
    """`on`: a date (day precision by default) or None for an undated conference."""
    if on is None:
        precision = Precision.UNKNOWN
    kwargs.setdefault("status", Status.PUBLISHED if published else Status.DRAFT)
    return Conference.objects.create(
        name=name or f"Hội nghị tập huấn {next(_seq)}",
        start_date=on,
        date_precision=precision,
        **kwargs,
    )


def cite(conference, article, passage=None, relation=ConferenceSource.Relation.REPORTS):
    return ConferenceSource.objects.create(
        conference=conference, article=article, passage=passage or article.body, relation=relation
    )


def make_participation(conference, official, article, role=Participation.Role.SPEAKER, **kw):
    kw.setdefault("passage", article.body)
    return Participation.objects.create(
        conference=conference, official=official, article=article, role=role, **kw
    )


def make_position(official, article, title="Phó Cục trưởng", **kwargs):
    kwargs.setdefault("as_printed", title)
    kwargs.setdefault("passage", article.body)
    return Position.objects.create(official=official, article=article, title=title, **kwargs)


def make_organizer(conference, organization, article, role=Organizer.Role.HOST, **kwargs):
    kwargs.setdefault("passage", article.body)
    kwargs.setdefault("as_printed", organization.name)
    return Organizer.objects.create(
        conference=conference, organization=organization, article=article, role=role, **kwargs
    )


def make_conference_topic(conference, topic, article, **kwargs):
    kwargs.setdefault("passage", article.body)
    kwargs.setdefault("as_printed", topic.name)
    return ConferenceTopic.objects.create(
        conference=conference, topic=topic, article=article, **kwargs
    )


def make_figure(conference, article, kind, value, qualifier=Qualifier.EXACT, **kwargs):
    kwargs.setdefault("passage", article.body)
    kwargs.setdefault("as_printed", str(value))
    return Figure.objects.create(
        conference=conference,
        article=article,
        kind=kind,
        value=value,
        qualifier=qualifier,
        **kwargs,
    )


def make_public(*records):
    """Cite each official, organisation or topic from a published article (a position, an
    organiser row or a topic row of a new published conference): records that nothing
    published cites stay off the public site. Returns the first record."""
    for record in records:
        article = make_article()
        if isinstance(record, Official):
            make_position(record, article, title=f"Chức vụ {next(_seq)}")
        elif isinstance(record, Organization):
            make_organizer(make_conference(), record, article)
        else:
            make_conference_topic(make_conference(), record, article)
    return records[0]


# --- Staff accounts and the admin ----------------------------------------------------------

PASSWORD = "mat-khau-dai-2025"


def make_staff(group_name, username, password=PASSWORD):
    """A staff account in one of the roles ("Editors", "Viewers")."""
    create_roles(apps, None)
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def admin_url(record, view="change", *args):
    """The admin page `view` of a record (or, for "add" and "changelist", of a model)."""
    opts = record._meta
    if isinstance(record, type):
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[record.pk, *args])
