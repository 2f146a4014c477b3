"""The people pages: officials and organisations, each with the facts and their sources."""

from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render

from archive.lib import citation, jsonld
from archive.lib.caching import public_page
from archive.lib.dates import iso_partial_date
from archive.lib.pagination import latest, paginate
from archive.lib.text import fold
from conferences.models import Conference, Participation

from .filters import OfficialFilter, OrganizationFilter
from .models import MergedAway, Official, Organization, Position, Rank

PER_PAGE = 50


def find_public(queryset, slug):
    """(record, None) for the public record at `slug`; (None, survivor) when `slug` is the
    old address of a record merged into `survivor`, a public one; otherwise Http404."""
    try:
        return queryset.get(slug=slug), None
    except queryset.model.DoesNotExist:
        survivor = MergedAway.objects.survivor_of(queryset.model, slug)
        if survivor is not None and queryset.filter(pk=survivor.pk).exists():
            return None, survivor
        raise Http404 from None


NEWEST_FIRST = [F("observed_on").desc(nulls_last=True), "-pk"]


def filtered_list(request, filterset, template, per_page=PER_PAGE):
    """A list page with filters: 400 for malformed filters, else the page (an empty one
    when nothing matches), 404 for a page number past the end."""
    status, page, page_error = 200, None, ""
    if filterset.is_bound and not filterset.is_valid():
        status = 400
    else:
        page, page_error = paginate(request, filterset.qs, per_page)
        status = 200 if page is not None else 404
    context = {
        "filter": filterset,
        "chips": filterset.chips(),
        "page_obj": page,
        "page_error": page_error,
    }
    return render(request, template, context, status=status)


def official_list(request):
    officials = (
        Official.objects.public()
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=Position.objects.public().order_by(*NEWEST_FIRST),
                to_attr="public_positions",
            ),
            Prefetch(
                "ranks",
                queryset=Rank.objects.public().order_by(*NEWEST_FIRST),
                to_attr="public_ranks",
            ),
        )
        .order_by("sort_key")
    )
    filterset = OfficialFilter(request.GET or None, queryset=officials)
    return filtered_list(request, filterset, "people/official_list.html")


def _timeline(ranks, positions, participations):
    """Ranks, positions and appearances in date order (undated last), each with its
    sources. A rank is an entry where it changes: later sources printing the same rank add
    their citation to it (with the last date seen) instead of repeating it."""
    entries = [("rank", r.observed_on, r.observed_display, r) for r in ranks]
    entries += [("position", p.observed_on, p.observed_display, p) for p in positions]
    entries += [
        ("participation", p.conference.start_date, p.conference.date_display, p)
        for p in participations
    ]
    entries.sort(key=lambda e: (e[1] is None, e[1] or 0, e[0] != "rank"))
    timeline, current_rank = [], None
    for kind, _date, shown, row in entries:
        if kind == "rank":
            if current_rank and fold(current_rank["row"].rank) == fold(row.rank):
                current_rank["rows"].append(row)
                current_rank["until"] = shown
                continue
            current_rank = {"kind": kind, "date": shown, "row": row, "rows": [row], "until": ""}
            timeline.append(current_rank)
        else:
            timeline.append({"kind": kind, "date": shown, "row": row, "rows": [row], "until": ""})
    return timeline


@public_page
def official_detail(request, slug):
    official, survivor = find_public(Official.objects.public(), slug)
    if survivor:
        return redirect(survivor.get_absolute_url(), permanent=True)
    ranks = list(Rank.objects.public().filter(official=official))
    positions = list(
        Position.objects.public().filter(official=official).select_related("organization")
    )
    participations = list(
        Participation.objects.public()
        .filter(official=official)
        .select_related("conference__province__successor")
        .order_by(F("conference__start_date").asc(nulls_last=True), "pk")
    )
    dated = [r for r in ranks if r.observed_on] or ranks
    current_rank = max(dated, key=lambda r: r.observed_on or 0, default=None) if dated else None
    dated = [p for p in positions if p.observed_on] or positions
    last_position = max(dated, key=lambda p: p.observed_on or 0) if dated else None
    json_ld = jsonld.document(request, "Person", official)
    if current_rank:
        json_ld["honorificPrefix"] = current_rank.rank
    if last_position and not last_position.is_former:
        json_ld["jobTitle"] = last_position.title
        if last_position.organization:
            json_ld["worksFor"] = jsonld.thing(request, "Organization", last_position.organization)
    conferences = {p.conference for p in participations}
    if conferences:
        json_ld["performerIn"] = [
            jsonld.thing(
                request,
                "Event",
                c,
                **(
                    {"startDate": d}
                    if (d := iso_partial_date(c.start_date, c.date_precision))
                    else {}
                ),
            )
            for c in sorted(conferences, key=lambda c: c.pk)
        ]
    context = {
        "official": official,
        "citation": citation.for_record(request, official, official.full_name),
        "current_rank": current_rank,
        "last_position": last_position,
        "timeline": _timeline(ranks, positions, participations),
        "conference_count": len(conferences),
        "json_ld": json_ld,
    }
    return render(request, "people/official_detail.html", context)


def organization_list(request):
    organizations = Organization.objects.public().select_related("parent").order_by("name_folded")
    filterset = OrganizationFilter(request.GET or None, queryset=organizations)
    return filtered_list(request, filterset, "people/organization_list.html")


@public_page
def organization_detail(request, slug):
    # Four levels of parents in the same query cover the hierarchy shown in the breadcrumb.
    organization, survivor = find_public(
        Organization.objects.public()
        .select_related("parent__parent__parent__parent", "successor", "province")
        .prefetch_related(
            "aliases",
            Prefetch("children", queryset=Organization.objects.public().order_by("name_folded")),
            Prefetch(
                "predecessors", queryset=Organization.objects.public().order_by("name_folded")
            ),
        ),
        slug,
    )
    if survivor:
        return redirect(survivor.get_absolute_url(), permanent=True)
    positions = (
        Position.objects.public()
        .filter(organization=organization)
        .select_related("official")
        .order_by("official__sort_key", F("observed_on").desc(nulls_last=True))
    )
    people = {}
    for position in positions:
        people.setdefault(position.official, []).append(position)
    public = Conference.objects.published().for_listing()
    organized, more_organized = latest(
        public.cited_by_public("organizers", organization=organization)
    )
    presented, more_presented = latest(
        public.cited_by_public("participations", organization=organization)
    )
    json_ld = jsonld.document(request, "Organization", organization)
    aliases = [alias.name for alias in organization.aliases.all()]
    if organization.abbreviation:
        aliases.insert(0, organization.abbreviation)
    if aliases:
        json_ld["alternateName"] = aliases
    if organization.parent:
        json_ld["parentOrganization"] = jsonld.thing(request, "Organization", organization.parent)
    if children := organization.children.all():
        json_ld["subOrganization"] = [
            jsonld.thing(request, "Organization", child) for child in children
        ]
    # Only a successor the public may see.
    successor = organization.successor
    if successor and not Organization.objects.public().filter(pk=successor.pk).exists():
        successor = None
    context = {
        "organization": organization,
        "citation": citation.for_record(request, organization, organization.name),
        "successor": successor,
        "ancestors": list(reversed(organization.ancestors())),
        "people": list(people.items()),
        "organized": organized,
        "more_organized": more_organized,
        "presented": presented,
        "more_presented": more_presented,
        "json_ld": json_ld,
    }
    return render(request, "people/organization_detail.html", context)
