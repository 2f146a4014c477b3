"""Find what a proposal names among the records already in the archive."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.utils.translation import gettext as _

from archive.lib.text import fold, strip_name_prefix
from archive.models import Outlet, Province
from conferences.models import Conference, Topic
from people.models import Official, Organization, OrganizationAlias

from .dates import days_in
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
    conference_reasons: list = field(default_factory=list)  # why it is the same event
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
            found = [p for p in found if p.in_force_on(on_date)] or found
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
    find_conference(proposal, result)
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


@dataclass
class Candidate:
    """An archived conference in the proposal's province, with what agrees and what not."""

    conference: Conference
    same_day: str = ""  # "20/4" when both give that day and month
    same_year: bool = False  # and both give the same year
    facts: list = field(default_factory=list)  # agreeing facts besides place and day
    conflict: str = ""  # why it cannot be the same event

    @property
    def decisive(self):
        """The same event: nothing contradicts, and the full date agrees, or the day and
        month agree with one more fact, or (a day unknown on one side) two facts agree.
        Never a day and month alone: two provinces, or two years, hold trainings on 20/4."""
        if self.conflict:
            return False
        if self.same_day and self.same_year:
            return True
        return len(self.facts) >= (1 if self.same_day else 2)

    @property
    def score(self):
        return 2 * bool(self.same_day) + self.same_year + len(self.facts)

    def reasons(self, province):
        said = [_("cùng tỉnh %(p)s") % {"p": province.name}]
        if self.same_day:
            day = f"{self.same_day}/{self.conference.start_date.year}" if self.same_year else ""
            said.append(_("cùng ngày %(d)s") % {"d": day or self.same_day})
        return said + self.facts


def find_conference(proposal, matches):
    """The archived conference this article reports, if any (matches.conference, with the
    reasons in matches.conference_reasons). Candidates share the province; a different day,
    year or city rules one out; the best decisive one is chosen. A candidate short of
    decisive is only pointed out to the editor."""
    if matches.province is None:
        return
    conferences = Conference.objects.filter(province=matches.province).prefetch_related(
        "participations__official", "conference_topics__topic"
    )
    candidates = [_candidate(proposal, c) for c in conferences]
    decisive = sorted((c for c in candidates if c.decisive), key=lambda c: -c.score)
    if decisive:
        best = decisive[0]
        matches.conference = best.conference
        matches.conference_reasons = best.reasons(matches.province)
        matches.warnings.append(
            _("Cùng hội nghị đã có “%(c)s”: %(r)s.")
            % {"c": best.conference.name, "r": "; ".join(matches.conference_reasons)}
        )
        return
    for near in (c for c in candidates if not c.conflict and c.score >= 1):
        matches.warnings.append(
            _("Có thể cùng hội nghị “%(c)s” (%(r)s), nhưng chưa đủ căn cứ: hãy xem lại.")
            % {"c": near.conference.name, "r": "; ".join(near.reasons(matches.province))}
        )


def _candidate(proposal, conference):
    candidate = Candidate(conference)
    mine, theirs = _day_month(proposal), _archived_day_month(conference)
    if mine and theirs:
        if mine != theirs:
            candidate.conflict = _("khác ngày")
        else:
            candidate.same_day = f"{mine[0]}/{mine[1]}"
    year = proposal.start_date.year if proposal.start_date else None
    if year and conference.start_date:
        candidate.same_year = conference.start_date.year == year
        if not candidate.same_year:
            candidate.conflict = _("khác năm")
    if proposal.city and conference.venue:
        if fold(proposal.city.value) in fold(conference.venue):
            candidate.facts.append(_("cùng địa điểm %(v)s") % {"v": proposal.city.value})
        else:
            candidate.conflict = _("khác địa điểm")
    for label, fact, value in (
        (_("cùng số đại biểu"), proposal.attendees, conference.attendees),
        (_("cùng số điểm cầu"), proposal.connection_points, conference.connection_points),
        (_("cùng số tỉnh tham gia"), proposal.provinces_participating,
         conference.provinces_participating),
    ):  # fmt: skip
        if fact and fact.value == value:
            candidate.facts.append(f"{label} {value}")
    people = {fold(strip_name_prefix(p.name)): p.name for p in proposal.officials}
    archived = {p.official.name_folded for p in conference.participations.all() if p.official}
    shared = [name for key, name in people.items() if key in archived]
    candidate.facts += [_("cùng quan chức %(n)s") % {"n": name} for name in shared]
    topics = {fold(t.value): t.value for t in proposal.topics}
    archived = {ct.topic.name_folded for ct in conference.conference_topics.all()}
    candidate.facts += [
        _("cùng chuyên đề “%(t)s”") % {"t": topic}
        for key, topic in topics.items()
        if key in archived
    ]
    return candidate


def _day_month(proposal):
    if proposal.day_month:
        return proposal.day_month
    if proposal.start_date and proposal.date_precision == "day":
        return proposal.start_date.day, proposal.start_date.month
    return None


def _archived_day_month(conference):
    """(day, month) of an archived conference: its date, else the day it printed without
    a year ("ngày 30/5")."""
    if conference.start_date and conference.date_precision == "day":
        return conference.start_date.day, conference.start_date.month
    found = days_in(conference.date_as_printed or "")
    return (found[0].day, found[0].month) if found else None
