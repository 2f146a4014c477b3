"""Write a confirmed proposal as drafts, in one transaction, every fact with its passage."""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from archive.lib.history import record_revisions
from archive.lib.text import fold, squash
from archive.models import (
    Article,
    ArticleImage,
    SourceDocument,
    Status,
    sha256_hex,
    unguessable_file_name,
)
from conferences.models import (
    Conference,
    ConferenceFact,
    ConferenceSource,
    ConferenceTopic,
    Figure,
    Format,
    Organizer,
    Participation,
    Scope,
    Topic,
)
from people.models import Official, Organization, Position, Rank

from .extract import split_title


class ImportRefused(ValueError):
    """Writing would duplicate or contradict the archive; nothing was written."""


@dataclass
class Written:
    article: Article
    conference: Conference
    conference_created: bool
    created: list = field(default_factory=list)  # new officials, organisations and topics


def proposed_title(proposal):
    """The page's title; for a page without one, the first caption naming the event."""
    doc = proposal.document
    if doc.title:
        return doc.title, False
    for image in doc.images:
        if proposal.name and image.caption.startswith(proposal.name.value):
            return image.caption.rstrip("."), True
    return (proposal.name.value if proposal.name else _("Bài không có tiêu đề")), True


def checked(instance):
    """`instance` once it passes every rule of its model (lengths, number ranges, choices,
    `clean()`), as the admin and a restore would check it; raises ImportRefused naming
    what does not. Columns that save() computes (slugs, folded text) are its to fill."""
    computed = [
        field.name
        for field in instance._meta.fields
        if not field.editable or (field.name == "slug" and not instance.slug)
    ]
    try:
        instance.full_clean(exclude=computed, validate_unique=False)
    except ValidationError as error:
        raise ImportRefused(_refusal(instance, error)) from None
    return instance


def _refusal(instance, error):
    problems = []
    for name, messages in error.message_dict.items():
        text = " ".join(messages)
        if name != NON_FIELD_ERRORS:
            value = str(getattr(instance, name) or "")
            shown = value if len(value) <= 60 else f"{value[:60]}…"
            text = f"{instance._meta.get_field(name).verbose_name} “{shown}”: {text}"
        problems.append(text)
    return _("Không ghi được %(model)s: %(problems)s") % {
        "model": instance._meta.verbose_name,
        "problems": "; ".join(problems),
    }


def create(model, **values):
    instance = checked(model(**values))
    instance.save()
    return instance


def bulk_create(model, instances):
    model.objects.bulk_create([checked(instance) for instance in instances])


def write_drafts(proposal, matches, *, file_name, url=None, title=None, user=None):
    """Create the draft article (and the draft conference unless it is already archived).
    Every row is checked against its model's rules first, and every record written gets a
    revision saying it came from this article, so that its first edit can be undone.
    Raises ImportRefused, leaving the database unchanged."""
    doc = proposal.document
    url = url or doc.url or None
    with transaction.atomic():
        if url and Article.objects.filter(url=url).exists():
            raise ImportRefused(_("Bài báo có đường dẫn này đã có trong lưu trữ: %s") % url)
        if SourceDocument.objects.filter(sha256=sha256_hex(doc.text)).exists():
            raise ImportRefused(_("Tài liệu này đã được nhập trước đây."))
        # The stored name is made from the content; the uploaded name (or the review form's
        # hidden copy of it) only suggests a readable prefix.
        source = create(
            SourceDocument,
            file_name=unguessable_file_name(doc.text, doc.content_type, hint=file_name),
            content=doc.text,
            content_type=doc.content_type,
        )
        auto_title, supplied = proposed_title(proposal)
        article = create(
            Article,
            status=Status.DRAFT,
            outlet=matches.outlet,
            url=url,
            title=title or auto_title,
            title_supplied=supplied,
            outlet_published_at=doc.published,
            outlet_published_precision=doc.published_precision if doc.published else "unknown",
            byline=doc.byline,
            lead=doc.lead,
            body="\n\n".join(doc.paragraphs),
            source_document=source,
        )
        bulk_create(
            ArticleImage,
            [
                ArticleImage(article=article, order=i, caption=img.caption, credit=img.credit)
                for i, img in enumerate(doc.images, start=1)
            ],
        )
        conference, created = matches.conference, matches.conference is None
        known = _known_records(matches)
        if created:
            conference = _new_conference(proposal, matches)
        create(
            ConferenceSource,
            conference=conference,
            article=article,
            relation=ConferenceSource.Relation.REPORTS,
            passage=proposal.source_passage or (proposal.name.passage if proposal.name else ""),
        )
        _facts(proposal, matches, conference, article)
        _figures(proposal, conference, article)
        _organizers(proposal, matches, conference, article)
        _participants(proposal, matches, conference, article)
        _topics(proposal, matches, conference, article)
        origin = _("Nhập từ bài báo “%(title)s” (tài liệu gốc %(file)s).") % {
            "title": article.title,
            "file": source.file_name,
        }
        new = [record for record in _named_records(matches) if record not in known]
        officials = [official for official in matches.officials.values() if official]
        # Officials the archive had get ranks and positions from this article: history too.
        record_revisions(dict.fromkeys([conference, article, *officials, *new]), origin, user)
    return Written(article, conference, created, list(dict.fromkeys(new)))


def _named_records(matches):
    records = [
        *matches.officials.values(),
        *matches.organizations.values(),
        *matches.topics.values(),
    ]
    return [record for record in records if record is not None]


def _known_records(matches):
    """The officials, organisations and topics the archive had before this import."""
    return set(_named_records(matches))


def _new_conference(proposal, matches):
    return create(
        Conference,
        status=Status.DRAFT,
        name=proposal.name.value,
        scope=proposal.scope.value if proposal.scope else Scope.UNKNOWN,
        scope_as_printed=_printed_scope(proposal.scope),
        round_as_printed=proposal.round.as_printed if proposal.round else "",
        start_date=proposal.start_date,
        date_precision=proposal.date_precision,
        date_as_printed=proposal.date.as_printed if proposal.date else "",
        province=matches.province,
        venue=proposal.city.as_printed if proposal.city else "",
        format=proposal.format.value if proposal.format else Format.UNKNOWN,
        attendees=proposal.attendees.value if proposal.attendees else None,
        attendees_qualifier=proposal.attendees_qualifier if proposal.attendees else "",
        connection_points=proposal.connection_points.value if proposal.connection_points else None,
        provinces_participating=proposal.provinces_participating.value
        if proposal.provinces_participating
        else None,
    )


def _printed_scope(scope):
    """The words that state the scope; a province's own training is the archive's default
    reading, not something the article states."""
    return scope.as_printed if scope and scope.value != Scope.PROVINCIAL else ""


def _facts(proposal, matches, conference, article):
    """A row for each of the conference's own facts this article states in its words, so
    the reader sees the passage beside the fact. Only where the article agrees with the
    record (a second source may not) and its words are in the passage."""
    p, c, Kind = proposal, conference, ConferenceFact.Kind
    stated = [  # (kind, fact, the words that state it, the article agrees with the record)
        (
            Kind.NAME,
            p.name,
            p.name and p.name.value,
            not p.name_supplied and p.name and fold(p.name.value) == fold(c.name),
        ),
        (
            Kind.DATE,
            p.date,
            p.date and p.date.as_printed,
            (p.start_date, p.date_precision) == (c.start_date, c.date_precision),
        ),
        (
            Kind.PROVINCE,
            p.province,
            p.province and p.province.as_printed,
            matches.province is not None and matches.province == c.province,
        ),
        (
            Kind.VENUE,
            p.city,
            p.city and p.city.as_printed,
            p.city and fold(p.city.value) in fold(c.venue),
        ),
        (Kind.SCOPE, p.scope, _printed_scope(p.scope), p.scope and p.scope.value == c.scope),
        (
            Kind.ROUND,
            p.round,
            p.round and p.round.as_printed,
            p.round and fold(p.round.value) == fold(c.round_as_printed),
        ),
    ]
    rows = [
        ConferenceFact(
            conference=c, article=article, kind=kind, as_printed=words[:400], passage=fact.passage
        )
        for kind, fact, words, agrees in stated
        if agrees and words and squash(words) in squash(fact.passage)
    ]
    bulk_create(ConferenceFact, rows)


def _figures(proposal, conference, article):
    rows = []
    for kind, fact in (
        (Figure.Kind.ATTENDEES, proposal.attendees),
        (Figure.Kind.CONNECTION_POINTS, proposal.connection_points),
        (Figure.Kind.PROVINCES, proposal.provinces_participating),
    ):
        if fact:
            qualifier = proposal.attendees_qualifier if kind == Figure.Kind.ATTENDEES else "exact"
            rows.append(
                Figure(
                    conference=conference,
                    article=article,
                    kind=kind,
                    value=fact.value,
                    qualifier=qualifier,
                    as_printed=fact.as_printed[:200],
                    passage=fact.passage,
                )
            )
    if proposal.format:
        rows.append(
            Figure(
                conference=conference,
                article=article,
                kind=Figure.Kind.FORMAT,
                format=proposal.format.value,
                as_printed=proposal.format.as_printed[:200],
                passage=proposal.format.passage,
            )
        )
    bulk_create(Figure, rows)


def _organization(name, matches):
    org = matches.organizations.get(name)
    if org is None:
        org = create(Organization, name=name)
        matches.organizations[name] = org
    return org


def _organizers(proposal, matches, conference, article):
    seen = set()
    for order, fact in enumerate(proposal.organizers, start=1):
        org = _organization(fact.value, matches)
        if org.pk in seen:
            continue
        seen.add(org.pk)
        create(
            Organizer,
            conference=conference,
            organization=org,
            article=article,
            role=fact.as_printed or Organizer.Role.HOST,
            as_printed=fact.value,
            order=order,
            passage=fact.passage,
        )


def _observed(proposal):
    if proposal.start_date:
        return proposal.start_date, proposal.date_precision
    doc = proposal.document
    if doc.published:
        return doc.published.date(), "day"
    return None, "unknown"


def _participants(proposal, matches, conference, article):
    observed_on, precision = _observed(proposal)
    evidence = {"article": article, "observed_on": observed_on, "observed_precision": precision}
    participations, ranks, positions, order = [], [], [], 0
    for person in proposal.officials:
        official = matches.officials.get(person.name)
        if official is None:
            official = create(Official, full_name=person.name)
            matches.officials[person.name] = official
        for role in person.roles:
            order += 1
            rank, titles = person.printed.get(role.passage, ("", ""))
            participations.append(
                Participation(
                    conference=conference,
                    official=official,
                    article=article,
                    role=role.value,
                    rank_as_printed=rank,
                    title_as_printed=titles[:400],
                    order=order,
                    passage=role.passage,
                )
            )
        if person.rank:
            ranks.append(
                Rank(official=official, rank=person.rank, passage=person.rank_passage, **evidence)
            )
        for title in {t.value[:400]: t for t in person.titles}.values():
            head, org_name = split_title(title.value)
            positions.append(
                Position(
                    official=official,
                    title=head[:150],
                    organization=matches.organizations.get(org_name),
                    as_printed=title.value[:400],
                    is_former=fold(title.value).startswith("nguyen "),
                    passage=title.passage,
                    **evidence,
                )
            )
    for fact in proposal.presenting_organizations:
        order += 1
        participations.append(
            Participation(
                conference=conference,
                organization=_organization(fact.value, matches),
                role=Participation.Role.PRESENTER,
                article=article,
                title_as_printed=fact.as_printed,
                order=order,
                passage=fact.passage,
            )
        )
    bulk_create(Participation, participations)
    bulk_create(Rank, ranks)
    bulk_create(Position, positions)


def _topics(proposal, matches, conference, article):
    rows, seen = [], set()
    for order, fact in enumerate(proposal.topics, start=1):
        topic = matches.topics.get(fact.value)
        if topic is None:
            topic = create(Topic, name=(fact.value[:1].upper() + fact.value[1:])[:400])
            matches.topics[fact.value] = topic
        if topic.pk in seen:
            continue
        seen.add(topic.pk)
        rows.append(
            ConferenceTopic(
                conference=conference,
                topic=topic,
                article=article,
                as_printed=fact.value[:400],
                order=order,
                passage=fact.passage,
            )
        )
    bulk_create(ConferenceTopic, rows)
