"""Find what a proposal names among the records already in the archive."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.utils.translation import gettext as _

from archive.lib.text import fold, strip_name_prefix
from archive.models import MERGER_DATE, Outlet, Province
from conferences.models import Conference, Topic
from people.models import Official, Organization, OrganizationAlias

from .people import split_title

_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "cvp": "chanh van phong"}


def org_key(name):
    """Names that differ only by "về", "của", case or "UBND" are one organisation."""
    words = [_ABBREVIATIONS.get(w, w) for w in re.sub(r"[(),.]", " ", fold(name)).split()]
    return " ".join(w for w in words if w not in ("ve", "cua"))


@dataclass
class Matches:
    outlet: Outlet | None = None
    province: Province | None = None
    organizations: dict = field(default_factory=dict)  # as printed → Organization | None
    officials: dict = field(default_factory=dict)  # name → Official | None
    topics: dict = field(default_factory=dict)  # as printed → Topic | None
    conference: Conference | None = None
    warnings: list = field(default_factory=list)


class Archive:
    """The reference records, read once per run (the importer may see 1,000 files)."""

    def __init__(self):
        self.provinces = list(Province.objects.select_related("successor"))
        self.orgs = {}
        for org in Organization.objects.all():
            self.orgs.setdefault(org_key(org.name), org)
        for alias in OrganizationAlias.objects.select_related("organization"):
            self.orgs.setdefault(org_key(alias.name), alias.organization)
        self.outlets = list(Outlet.objects.all())
        self.officials = {}
        for official in Official.objects.all():
            self.officials.setdefault(official.name_folded, []).append(official)
        self.topics = {topic.name_folded: topic for topic in Topic.objects.all()}

    def learn(self, matches):
        """Remember the records a write created, so the next file in a batch finds them."""
        for official in matches.officials.values():
            known = self.officials.setdefault(official.name_folded, [])
            if official not in known:
                known.append(official)
        for name, org in matches.organizations.items():
            if org is not None:
                self.orgs.setdefault(org_key(name), org)
        for topic in matches.topics.values():
            if topic is not None:
                self.topics.setdefault(topic.name_folded, topic)

    def province(self, name, on_date):
        key = fold(name)
        found = [
            p
            for p in self.provinces
            if key
            in {fold(p.name), fold(re.sub(r"^(Tỉnh|Thành phố)\s+", "", p.full_name))}
            | {fold(a) for a in p.aliases}
        ]
        if on_date is not None:
            before = on_date < MERGER_DATE
            found = [p for p in found if (p.is_former if before else p.is_current)] or found
        else:
            found = sorted(found, key=lambda p: not p.is_former)
        return found[0] if found else None

    def organization(self, name):
        return self.orgs.get(org_key(name))

    def outlet(self, doc):
        domain = urlparse(doc.url).netloc.removeprefix("www.") if doc.url else ""
        header = {fold(line) for line in doc.text[:3000].splitlines() if line.strip()}
        for outlet in self.outlets:
            if domain and outlet.website and domain.endswith(outlet.website.lower()):
                return outlet
            names = {fold(n) for n in (outlet.name, outlet.abbreviation, outlet.website) if n}
            if doc.site_name and fold(doc.site_name) in names:
                return outlet
            if outlet.website and fold(outlet.website) in header:
                return outlet
        return None


def match(proposal, archive=None, *, outlet=None):
    archive = archive or Archive()
    doc = proposal.document
    result = Matches(outlet=outlet or archive.outlet(doc))
    if proposal.province:
        result.province = archive.province(proposal.province.value, proposal.start_date)
        if result.province is None:
            result.warnings.append(
                _("Tỉnh “%(name)s” chưa có trong lưu trữ.") % {"name": proposal.province.value}
            )
    match_records(proposal, result, archive)
    result.conference = find_conference(proposal, result)
    return result


def match_records(proposal, result, archive):
    """Organisations, officials and topics; run again after the editor's corrections."""
    names = [o.value for o in proposal.organizers + proposal.presenting_organizations]
    names += [split_title(t.value)[1] for p in proposal.officials for t in p.titles]
    for name in filter(None, names):
        result.organizations[name] = archive.organization(name)
    for person in proposal.officials:
        found = archive.officials.get(fold(strip_name_prefix(person.name)), [])
        if len(found) > 1:
            result.warnings.append(
                _("Có nhiều quan chức tên “%(name)s”: hãy chọn đúng người.") % {"name": person.name}
            )
        result.officials[person.name] = found[0] if len(found) == 1 else None
    for topic in proposal.topics:
        result.topics[topic.value] = archive.topics.get(fold(topic.value))


def find_conference(proposal, matches):
    """The archived conference this article reports, if any: same province and date, or,
    without a day, the same province with agreeing figures and officials."""
    if matches.province is None:
        return None
    candidates = Conference.objects.filter(province=matches.province)
    start, precision = proposal.start_date, proposal.date_precision
    if start and precision == "day":
        same_day = candidates.filter(start_date=start, date_precision="day").first()
        if same_day:
            return same_day
        candidates = candidates.exclude(date_precision="day")  # another day: another event
    if start:
        candidates = candidates.filter(start_date__year=start.year) | candidates.filter(
            start_date__isnull=True
        )
    names = {fold(p.name) for p in proposal.officials}
    best, best_score = None, 0
    for conference in candidates.prefetch_related("participations__official"):
        score = 0
        for fact, value in (
            (proposal.attendees, conference.attendees),
            (proposal.connection_points, conference.connection_points),
            (proposal.provinces_participating, conference.provinces_participating),
        ):
            if fact and value is not None:
                score += 1 if fact.value == value else -1
        shared = {
            p.official.name_folded for p in conference.participations.all() if p.official
        } & names
        score += len(shared)
        if score >= 2 and shared and score > best_score:
            best, best_score = conference, score
    return best
