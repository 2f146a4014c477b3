"""The conference pages: the filtered list, a conference, a topic."""

from itertools import groupby

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from archive.lib import citation, jsonld
from archive.lib.caching import public_page, rendered
from archive.lib.dates import iso_partial_date
from archive.lib.pagination import latest, paginate

from .filters import ConferenceFilter
from .models import Conference, Format, Participation, Topic

PER_PAGE = 20
ATTENDANCE_MODE = {
    Format.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def conference_list(request):
    filterset = ConferenceFilter(
        request.GET or None, queryset=Conference.objects.published().for_listing()
    )
    status = 200
    page, page_error = None, ""
    if filterset.is_bound and not filterset.is_valid():
        status = 400
    else:
        page, page_error = paginate(request, filterset.qs, PER_PAGE)
        if page is None:
            status = 404
    context = {
        "filter": filterset,
        "chips": filterset.chips(),
        "page_obj": page,
        "items": rendered("includes/conference_item.html", "conference", page or [], level=3),
        "page_error": page_error,
        "merged_province": filterset.merged_province(),
    }
    return render(request, "conferences/conference_list.html", context, status=status)


def _group(rows, key):
    """[(key, [rows...])] keeping the first-seen order of keys."""
    groups = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return list(groups.items())


def _figure_summary(figures):
    """Per kind: the sources' rows and, when they disagree, the low and high values."""
    summary = []
    for kind, rows in groupby(sorted(figures, key=lambda f: f.kind), key=lambda f: f.kind):
        rows = list(rows)
        values = sorted({f.value for f in rows if f.value is not None})
        summary.append(
            {
                "kind": kind,
                "label": rows[0].get_kind_display(),
                "rows": rows,
                "range": (values[0], values[-1]) if len(values) > 1 else None,
            }
        )
    return summary


def conference_json_ld(request, conference, organizers, participations, topics, sources):
    data = jsonld.document(request, "Event", conference)
    if conference.summary:
        data["description"] = conference.summary
    if start := iso_partial_date(conference.start_date, conference.date_precision):
        data["startDate"] = start
    if conference.end_date:
        data["endDate"] = conference.end_date.isoformat()
    if conference.format in ATTENDANCE_MODE:
        data["eventAttendanceMode"] = ATTENDANCE_MODE[conference.format]
    if conference.province or conference.venue:
        place = {"@type": "Place", "name": conference.venue or conference.province.name}
        if conference.province:
            place["address"] = {
                "@type": "PostalAddress",
                "addressRegion": conference.province.name,
                "addressCountry": "VN",
            }
        data["location"] = place
    if organizers:
        data["organizer"] = [
            jsonld.thing(request, "Organization", org) for org, _rows in organizers
        ]
    performers = [
        jsonld.thing(request, "Person" if who.official_id else "Organization", who.participant)
        for _role, people in participations
        for _key, (who, *_rest) in people
        if who.role in (Participation.Role.PRESENTER, Participation.Role.SPEAKER)
    ]
    if performers:
        data["performer"] = performers
    if topics:
        data["about"] = [{"@type": "Thing", "name": topic.name} for topic, _rows in topics]
    if sources:
        data["subjectOf"] = [
            jsonld.thing(request, "NewsArticle", s.article, headline=s.article.title)
            for s in sources
        ]
    return data


def role_heading(role, count):
    """The heading over `count` people in `role` (English has plurals)."""
    Role = Participation.Role
    headings = {
        Role.CHAIR: npgettext("vai trò", "Chủ trì", "Chủ trì", count),
        Role.OPENING_SPEECH: npgettext(
            "vai trò", "Phát biểu khai mạc", "Phát biểu khai mạc", count
        ),
        Role.CLOSING_SPEECH: npgettext("vai trò", "Phát biểu bế mạc", "Phát biểu bế mạc", count),
        Role.SPEAKER: npgettext("vai trò", "Phát biểu", "Phát biểu", count),
        Role.PRESENTER: npgettext("vai trò", "Báo cáo viên", "Báo cáo viên", count),
        Role.ATTENDEE: npgettext("vai trò", "Dự", "Dự", count),
    }
    return headings[role]


def fact_sources(conference):
    """{fact: [rows]}: the passages behind each fact the page shows at the top; the numbers
    and the format rest on the sources' figures."""
    facts = _group(conference.facts.all(), key=lambda f: f.kind)
    facts += _group(conference.figures.all(), key=lambda f: f.kind)
    return dict(facts)


def conference_context(request, conference):
    """What the conference page shows, for a conference fetched through for_detail()."""
    sources = list(conference.sources.all())
    organizers = _group(conference.organizers.all(), key=lambda o: o.organization)
    role_order = {role: i for i, role in enumerate(Participation.Role.values)}
    by_role = sorted(conference.participations.all(), key=lambda p: role_order[p.role])
    participations = []
    for role, rows in _group(by_role, key=lambda p: p.role):
        people = _group(rows, key=lambda p: (p.official, p.organization))
        participations.append((role_heading(role, len(people)), people))
    topics = _group(conference.conference_topics.all(), key=lambda t: t.topic)
    return {
        "conference": conference,
        "sources": sources,
        "facts": fact_sources(conference),
        "figures": _figure_summary(conference.figures.all()),
        "organizers": organizers,
        "participations": participations,
        "topics": topics,
        "citation": citation.for_record(request, conference, conference.name),
        "json_ld": conference_json_ld(
            request, conference, organizers, participations, topics, sources
        ),
    }


@public_page
def conference_detail(request, slug):
    conference = get_object_or_404(Conference.objects.published().for_detail(), slug=slug)
    return render(
        request, "conferences/conference_detail.html", conference_context(request, conference)
    )


@public_page
def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.public(), slug=slug)
    conferences, more = latest(
        Conference.objects.published()
        .for_listing()
        .cited_by_public("conference_topics", topic=topic)
    )
    json_ld = jsonld.document(request, "DefinedTerm", topic)
    if topic.description:
        json_ld["description"] = topic.description
    context = {
        "topic": topic,
        "conferences": conferences,
        "more_conferences": more,
        "json_ld": json_ld,
        "page_title": _("Chuyên đề: %(name)s") % {"name": topic.name},
    }
    return render(request, "conferences/topic_detail.html", context)
