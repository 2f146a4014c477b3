"""Find the conference facts in a Document, each with the verbatim passage that states it.

Rules follow how Vietnamese outlets write these reports: "Ngày 23/8, tại Lai Châu, Ban Chỉ
đạo ... phối hợp với ... tổ chức Hội nghị ...", "Tham dự Hội nghị có ...", "Phát biểu khai
mạc Hội nghị, <rank> <Name>, <title> ...", "truyền đạt các chuyên đề về: X; Y; Z".
Dates, places, people, organisers and topics each have their module; this one decides
whether the page reports a human-rights training at all, and puts the facts together.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from archive.lib.text import fold

from . import dates
from .facts import Fact, Person, Sentence
from .organizers import HOST_VERB_RE, organizers_of, presenting_organizations
from .people import extract_people, find_names, split_title
from .places import event_place, find_places
from .topics import topics_of

__all__ = [
    "Fact",
    "NoConference",
    "Person",
    "Proposal",
    "Sentence",
    "as_json",
    "extract",
    "sentences_of",
    "split_sentences",
    "split_title",
]


class NoConference(ValueError):
    """The page does not report a human-rights training."""


@dataclass
class Proposal:
    document: object
    name: Fact | None = None
    name_supplied: bool = False  # the page prints no name: the archive made one up
    start_date: datetime.date | None = None
    date_precision: str = "unknown"
    date: Fact | None = None  # value = ISO text at its precision
    day_month: tuple | None = None  # (day, month) as printed, with or without a year
    province: Fact | None = None
    city: Fact | None = None
    format: Fact | None = None
    attendees: Fact | None = None
    attendees_qualifier: str = ""
    connection_points: Fact | None = None
    provinces_participating: Fact | None = None
    scope: Fact | None = None
    round: Fact | None = None  # "đợt 2": one of a series
    organizers: list = field(default_factory=list)  # [Fact(name, passage), role in as_printed]
    presenting_organizations: list = field(default_factory=list)  # [Fact(name, passage)]
    officials: list = field(default_factory=list)  # [Person]
    topics: list = field(default_factory=list)  # [Fact(topic, passage)]
    source_passage: str = ""
    warnings: list = field(default_factory=list)


# --- Sentences ---------------------------------------------------------------------------

_ABBREVIATIONS = {"tp", "q", "p", "ts", "ths", "gs", "pgs", "st", "tt", "bs", "ks", "th"}


def split_sentences(text):
    out, start = [], 0
    for match in re.finditer(r"[.!?…]+[”\"’)]?\s+(?=[“\"(]?[^\W\d_])", text):
        before = text[start : match.start()].split()
        last = fold(before[-1]) if before else ""
        nxt = text[match.end()]
        if not nxt.isupper() and nxt not in '“"(':
            continue
        if last.strip(".") in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        out.append(text[start : match.end()].strip())
        start = match.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def sentences_of(doc):
    result = []
    if doc.lead:
        result += [Sentence(s, "lead") for s in split_sentences(doc.lead)]
    for paragraph in doc.paragraphs:
        result += [Sentence(s, "body") for s in split_sentences(paragraph)]
    result += [Sentence(image.caption, "caption") for image in doc.images if image.caption]
    return result


# --- Is it a human-rights training? ------------------------------------------------------

# The genre's words for a training: "tập huấn", "bồi dưỡng", "khai giảng", "lớp/khóa học".
TRAINING_RE = re.compile(
    r"tập huấn|bồi dưỡng|khai giảng|(?:lớp|khóa|khoá) (?:học|đào tạo)", re.IGNORECASE
)
HUMAN_RIGHTS_RE = re.compile(r"nhân quyền|quyền con người", re.IGNORECASE)
# What the event is for: "Hội nghị nhằm nâng cao nhận thức về quyền con người".
_PURPOSE_RE = re.compile(
    r"^(?:Hội nghị|Lớp|Khóa|Khoá|Buổi|Chương trình)\b[^.]{0,80}?\b(?:nhằm|giúp|góp phần)\b"
)
# Words that name the event in running text.
_EVENT_RE = re.compile(
    r"[Hh]ội nghị|[Tt]ập huấn|[Bb]ồi dưỡng|[Kk]hai giảng|[Kk]hai mạc|[Ll]ớp|[Kk]h(?:óa|oá) học"
    r"|[Tt]ọa đàm|[Tt]oạ đàm|[Hh]ội thảo"
)


def _check_training(title, sentences):
    """Raise NoConference unless a sentence (or the headline) reports a training whose
    subject is human rights."""
    texts = [s.text for s in [title, *sentences] if s and s.where != "caption"]
    trainings = [t for t in texts if TRAINING_RE.search(t)]
    about_rights = [t for t in texts if HUMAN_RIGHTS_RE.search(t)]
    if not trainings and not about_rights:
        raise NoConference(_("Không tìm thấy hội nghị tập huấn nào trong bài."))
    if not trainings:
        raise NoConference(
            _(
                "Không tìm thấy hội nghị tập huấn nào trong bài: bài nói về nhân quyền nhưng "
                "không đưa tin một lớp tập huấn (có thể là đối thoại, chuyến thăm, đoàn khảo "
                "sát hay bài bình luận)."
            )
        )
    # A report tells of one event: who held it, or its day, or its opening; an essay's
    # "các địa phương đã tổ chức hàng trăm lớp tập huấn" tells of none.
    # The event told of is the training, or a "Hội nghị" on a page (headline, caption) that
    # names one training.
    names_one = any(_names_one_training(s.text) for s in [title, *sentences] if s)
    told_of = [t for t in texts if TRAINING_RE.search(t) or (names_one and _EVENT_RE.search(t))]
    if not any(_tells_of_one_event(t) for t in told_of):
        raise NoConference(
            _(
                "Không tìm thấy hội nghị tập huấn nào trong bài: bài nói về tập huấn nói "
                "chung, không đưa tin một hội nghị hay lớp tập huấn cụ thể (có thể là bài "
                "bình luận hay tổng kết)."
            )
        )
    # The subject is human rights when a sentence says both, or the headline or the
    # event's purpose does.
    on_rights = set(trainings) & set(about_rights) or any(
        (title and t == title.text) or _PURPOSE_RE.match(t) for t in about_rights
    )
    if not on_rights:
        raise NoConference(
            _(
                "Không tìm thấy hội nghị tập huấn về nhân quyền trong bài: cuộc tập huấn "
                "được đưa tin có chủ đề khác."
            )
        )


# The training happening, said of one event: "khai mạc lớp …", "Hội nghị diễn ra …".
_HAPPENING_RE = re.compile(r"[Kk]hai mạc|[Kk]hai giảng|[Bb]ế mạc|diễn ra")


# "tổ chức các lớp", "tổ chức 45 lớp": one event only if the sentence gives its day.
_MANY_RE = re.compile(r"\b(?:các|\d+|hai|ba|bốn|năm|nhiều)\s")


# "45 lớp tập huấn", "các lớp bồi dưỡng": trainings counted, not one named.
_COUNTED_RE = re.compile(
    r"(?:các|những|nhiều|\d+|hai|ba|bốn|năm|hàng \w+)\s+(?:lớp|hội nghị|cuộc|buổi|khóa|khoá)\s+$",
    re.IGNORECASE,
)


def _names_one_training(text):
    return any(not _COUNTED_RE.search(text[: m.start()]) for m in TRAINING_RE.finditer(text))


def _tells_of_one_event(text):
    verb = HOST_VERB_RE.search(text)
    return bool(
        (verb and not _MANY_RE.search(verb.group()))
        or dates.days_in(text)
        or _HAPPENING_RE.search(text)
    )


# --- The event ---------------------------------------------------------------------------

# The event's own name: "Hội nghị tập huấn ...", "lớp Bồi dưỡng ...", "Khoá tập huấn ...".
_NAME_RE = re.compile(
    r"(?:[Hh]ội nghị|(?:[Ll]ớp|[Kk]hóa|[Kk]hoá|[Cc]hương trình)\s+(?:[Tt]ập huấn|[Bb]ồi dưỡng)"
    r"|[Tt]ọa đàm|[Tt]oạ đàm|[Hh]ội thảo)\s[^,.;:(“\"]+"
)
_NAME_STOPS = (" diễn ra", " tại ", " theo hình thức", " cho ", " vào ", " với ", " do ",
               " nhằm ", " trong ", " ngày ", " từ ngày", " đã ", " được ", " có ", " và các",
               " sáng ", " chiều ", " ở ", " qua ", " bằng ", " sẽ ", " là ")  # fmt: skip


def extract(doc):
    """A Proposal for `doc`. Raises NoConference when the page reports no human-rights
    training."""
    sentences = sentences_of(doc)
    title = Sentence(doc.title, "title") if doc.title else None
    _check_training(title, sentences)
    proposal = Proposal(document=doc, warnings=list(doc.warnings))
    told = [s for s in sentences if s.where != "caption"]
    main = _main_sentence(told)
    events = [s for s in told if _EVENT_RE.search(s.text)]
    proposal.source_passage = main.text if main else ""
    names = _names(main, events, sentences, title)
    _name(proposal, names, main)
    _date(proposal, main, events, names, doc)
    captions = [s for s in sentences if s.where == "caption"]
    proposal.province, proposal.city = event_place(main, events + captions, doc.title)
    if proposal.province is None:
        proposal.warnings.append(_("Bài không cho biết hội nghị diễn ra ở tỉnh nào."))
    _figures(proposal, told)
    _scope(proposal, told, events)
    _round(proposal)
    proposal.organizers = organizers_of(main, title)
    proposal.presenting_organizations = presenting_organizations(told, find_names)
    proposal.officials = extract_people(sentences)
    proposal.topics = topics_of(sentences)
    return proposal


def _main_sentence(sentences):
    """The sentence that announces the event: who organised it, else when it took place,
    else the first that names it."""
    for test in (
        lambda s: HOST_VERB_RE.search(s.text),
        lambda s: _EVENT_RE.search(s.text) and dates.days_in(s.text),
        lambda s: _EVENT_RE.search(s.text),
    ):
        for sentence in sentences:
            if test(sentence):
                return sentence
    return sentences[0] if sentences else None


def _names_in(text):
    for match in _NAME_RE.finditer(text):
        name = match.group()
        for stop in _NAME_STOPS:
            if stop in name:
                name = name[: name.index(stop)]
        name = name.strip()
        words = name.split()
        if len(words) >= 3 and not {"này", "đó", "trên", "lần", "được", "đã", "cũng"} & set(words):
            yield name


def _names(main, events, sentences, title):
    """[(name, passage)]: the event's names in the text, the announcing sentence's first,
    then the headline if it names the training ("Tập huấn ... năm 2023")."""
    ordered = ([main] if main else []) + [s for s in events if s is not main]
    ordered += [s for s in sentences if s.where == "caption"]
    found = [(name, s.text) for s in ordered for name in _names_in(s.text)]
    if title and TRAINING_RE.search(title.text):
        found.append((title.text, title.text))
    return found


def _name(proposal, names, main):
    # The headline's own entry is not the text naming the event; the text may print the
    # same name as the headline.
    title = proposal.document.title
    in_text = [(n, p) for n, p in names if not (n == title and p == title)]
    if in_text:
        # The full name carries the year ("Hội nghị tập huấn ... năm 2024"): prefer it.
        dated = [(n, p) for n, p in in_text if dates.year_of_name(n)]
        name, passage = (dated or in_text)[0]
        for fuller, where in in_text:  # a caption may print it in full: "... năm 2024"
            if fuller.startswith(name + " "):
                name, passage = fuller, where
        proposal.name = Fact(name[:1].upper() + name[1:], passage)
        return
    # The page names no event: the archive supplies a name, and says so.
    supplied = names[0][0] if names else _("Tập huấn về nhân quyền")
    proposal.name = Fact(supplied, main.text if main else "")
    proposal.name_supplied = True
    proposal.warnings.append(
        _("Bài không nêu tên hội nghị: tên “%(name)s” do lưu trữ đặt, hãy xem lại.")
        % {"name": supplied}
    )


def _date(proposal, main, events, names, doc):
    ordered = ([main] if main else []) + [s for s in events if s is not main]
    day = next(((d, s) for s in ordered for d in dates.days_in(s.text)), None)
    name_year = next(
        ((year, passage, name) for name, passage in names if (year := dates.year_of_name(name))),
        None,
    )
    published = doc.published.date() if doc.published else None
    if day:
        _set_day(proposal, *day, name_year, published)
        return
    for sentence in ordered:
        if found := dates.month_in(sentence.text):
            year, month, as_printed = found
            start = datetime.date(year, month, 1)
            proposal.start_date, proposal.date_precision = start, "month"
            proposal.date = Fact(start.strftime("%Y-%m"), sentence.text, as_printed)
            return
    if name_year:
        year, passage, name = name_year
        proposal.start_date, proposal.date_precision = datetime.date(year, 1, 1), "year"
        proposal.date = Fact(str(year), passage, f"năm {year}")
        return
    proposal.warnings.append(_("Bài không cho biết ngày diễn ra hội nghị."))


def _set_day(proposal, day, sentence, name_year, published):
    """The event's day; its year as printed, else from the event's name ("... năm 2023"),
    else from the page's publication day (a report follows the event)."""
    proposal.day_month = (day.day, day.month)
    year, from_publication = day.year, False
    if year is None and name_year:
        year = name_year[0]
        if published and published.year != year:
            proposal.warnings.append(
                _("Năm trong tên hội nghị (%(a)s) khác năm của bài báo (%(b)s).")
                % {"a": year, "b": published.year}
            )
    elif year is None and published:
        year, from_publication = published.year, True
    if year is None:
        proposal.warnings.append(
            _("Có ngày “%(d)s” nhưng không rõ năm: để trống ngày.") % {"d": day.as_printed}
        )
        proposal.date = Fact(None, sentence.text, day.as_printed)
        return
    try:
        start = datetime.date(year, day.month, day.day)
    except ValueError:
        proposal.warnings.append(_("Ngày không hợp lệ: %(d)s.") % {"d": day.as_printed})
        return
    if from_publication and start > published + datetime.timedelta(days=31):
        start = start.replace(year=year - 1)
        proposal.warnings.append(_("Năm của hội nghị suy ra là năm trước năm đăng bài."))
    proposal.start_date, proposal.date_precision = start, "day"
    proposal.date = Fact(start.isoformat(), sentence.text, day.as_printed)


# --- Figures and format ------------------------------------------------------------------

_COUNT = r"(\d{1,3}(?:\.\d{3})+|\d+)"
# "hơn 350 đại biểu", "(khoảng 120 đại biểu)", "gần 40 học viên", "gần 200 phóng viên".
# Who takes part in a training: delegates, learners, officials of every kind, journalists.
_PARTICIPANT_NOUNS = (
    r"đại biểu|học viên|cán bộ|công chức|viên chức|giảng viên|giáo viên|sinh viên|phóng viên"
    r"|biên tập viên|nhà báo|chiến sĩ|hội viên|đoàn viên|người(?!\s+lao động)"
)
_ATTENDEES_RE = re.compile(
    r"(?:(hơn|trên|gần|khoảng|xấp xỉ|chừng|ước|ước tính|gần như)\s+)?"
    + _COUNT
    + rf"\s+({_PARTICIPANT_NOUNS})"
)
# "tập huấn … cho 200 trưởng thôn": whoever a training is given to, counted.
_GIVEN_TO_RE = re.compile(
    r"\bcho\s+(?:(hơn|trên|gần|khoảng|xấp xỉ|chừng)\s+)?"
    + _COUNT
    + r"\s+(?!(?:năm|ngày|tháng|giờ|lớp|điểm cầu|tỉnh|chuyên đề|đợt|buổi|lượt|%)(?!\w))[^\W\d]"
)
_QUALIFIERS = {"hơn": "more_than", "trên": "more_than"}
_POINTS_RE = re.compile(r"(?:(hơn|trên|gần|khoảng)\s+)?" + _COUNT + r"\s+điểm cầu")
_PROVINCES_RE = re.compile(r"(\d+)\s+(?:tỉnh, thành phố|tỉnh, thành|tỉnh thành|địa phương)")
_ATTENDANCE_RE = re.compile(r"dự|tham gia|tập huấn|bồi dưỡng|[Hh]ội nghị|điểm cầu")
_HYBRID_RE = re.compile(
    r"(?:trực tiếp (?:và|kết hợp(?: với)?) trực tuyến|trực tuyến (?:và|kết hợp"
    r"(?: với)?) trực tiếp)"
)
# "theo hình thức trực tuyến", "trên nền tảng trực tuyến", "trực tuyến đến 17 điểm cầu".
_ONLINE_RE = re.compile(
    r"(?:hình thức|nền tảng|phương thức) trực tuyến|trực tuyến (?:đến|tới)"
    r"|(?:[Hh]ội nghị|tập huấn|lớp học|khóa học|khoá học|tổ chức|diễn ra) trực tuyến"
)
# "theo hình thức trực tiếp", "được tổ chức trực tiếp tại Hội trường ...".
_IN_PERSON_RE = re.compile(r"hình thức trực tiếp|(?:tổ chức|diễn ra) trực tiếp")


def _figures(proposal, told):
    """Figures and format, from the sentence that announces the event first."""
    main = [s for s in told if s.text == proposal.source_passage]
    told = main + [s for s in told if s not in main]
    for sentence in told:
        text = sentence.text
        if not _ATTENDANCE_RE.search(text):
            continue
        match = _ATTENDEES_RE.search(text)
        if not match and TRAINING_RE.search(text):
            match = _GIVEN_TO_RE.search(text)
        if proposal.attendees is None and match:
            qualifier = match.group(1)
            # "cho trên 100 báo cáo viên": the count as printed, from its qualifier.
            start = match.start(1) if match.group(1) else match.start(2)
            printed = match.group() if match.re is _ATTENDEES_RE else text[start : match.end(2)]
            proposal.attendees = Fact(int(match.group(2).replace(".", "")), text, printed)
            proposal.attendees_qualifier = (
                _QUALIFIERS.get(qualifier, "approx") if qualifier else "exact"
            )
        if proposal.connection_points is None and (match := _POINTS_RE.search(text)):
            value = int(match.group(2).replace(".", ""))
            proposal.connection_points = Fact(value, text, match.group())
        if proposal.provinces_participating is None and (match := _PROVINCES_RE.search(text)):
            proposal.provinces_participating = Fact(int(match.group(1)), text, match.group())
    for sentence in told:
        text = sentence.text
        # Both modes in one sentence: "trực tiếp và trực tuyến", "trực tiếp tại … và trực
        # tuyến đến 17 điểm cầu".
        if match := _HYBRID_RE.search(text):
            proposal.format = Fact("hybrid", text, match.group())
        elif (online := _ONLINE_RE.search(text)) and (in_person := _IN_PERSON_RE.search(text)):
            first, last = sorted((online, in_person), key=lambda m: m.start())
            proposal.format = Fact("hybrid", text, text[first.start() : last.end()])
        elif match := online or _IN_PERSON_RE.search(text):
            proposal.format = Fact("online" if online else "in_person", text, match.group())
        if proposal.format:
            return


# --- Scope -------------------------------------------------------------------------------

# National: the training itself is "toàn quốc" (not the Party's "Đại hội ... toàn quốc").
_NATIONWIDE_RE = re.compile(r"(?<!Đại hội đảng )(?<!Đại hội đại biểu )toàn quốc")
# The round of a series, in the conference's name or right after its scope: "đợt 2".
_ROUND_RE = re.compile(r"\bđợt (?:\d+|[IVX]+)\b")
# National: people from "trên cả nước" take part.
_WHOLE_COUNTRY_RE = re.compile(r"(?:trên|trong|của) (?:cả|toàn) nước")
_PARTICIPANTS_RE = re.compile(rf"{_PARTICIPANT_NOUNS}|tham gia|tham dự")
# Regional: a named region ("khu vực miền Trung, Tây Nguyên", "khu vực phía Bắc").
_REGION_RE = re.compile(
    r"khu vực\s+(?:miền|phía|Tây|Đông|Bắc|Nam|Trung|Đồng bằng|đồng bằng|duyên hải|Duyên hải"
    r"|ĐBSCL)[^.;,]*(?:,\s*Tây Nguyên)?"
)
_WITHIN_PROVINCE_RE = re.compile(r"\b(?:của|trong|thuộc) (?:tỉnh|thành phố)(?! [A-ZĐ])")
# Regional: a number of provinces ("14 tỉnh, thành phố thuộc khu vực ...", "25 tỉnh").
_PROVINCE_COUNT_RE = re.compile(
    r"\d+ (?:tỉnh, thành phố|tỉnh, thành|tỉnh thành|tỉnh)"
    r"(?:(?: thuộc)? khu vực [^.;]*?(?= và [a-zđ]|[.;]|$))?"
)
# Regional: provinces in the plural ("trường chính trị các tỉnh", "Sở TT-TT các tỉnh"),
# but not "các tỉnh bạn/khác" held up as examples.
_PROVINCES_PLURAL_RE = re.compile(r"các tỉnh(?:, thành(?: phố)?)?(?! bạn| khác| lân cận)")
_PROVINCIAL_RE = re.compile(r"tỉnh [A-ZĐ][\w ]*?(?= năm|$)")


def _scope(proposal, told, events):
    for sentence in events:
        if match := _NATIONWIDE_RE.search(sentence.text):
            proposal.scope = Fact("national", sentence.text, match.group())
            if after := _ROUND_RE.match(sentence.text, match.end() + 1):
                proposal.round = Fact(after.group(), sentence.text, after.group())
            return
    for sentence in told:
        text = sentence.text
        if _PARTICIPANTS_RE.search(text) and (match := _WHOLE_COUNTRY_RE.search(text)):
            proposal.scope = Fact("national", text, match.group())
            return
    for sentence in told:
        text = sentence.text
        region = _REGION_RE.search(text)
        if region and _WITHIN_PROVINCE_RE.search(region.group()):
            region = None  # "khu vực phía Nam của tỉnh": a part of one province
        match = (
            _PROVINCE_COUNT_RE.search(text)
            or region
            or _PROVINCES_PLURAL_RE.search(text)
            or _province_list(text)
        )
        if match:
            proposal.scope = Fact("regional", text, match.group())
            return
    # Otherwise provincial: the archivist's default for a training held in one province.
    name = proposal.name.value if proposal.name else ""
    match = _PROVINCIAL_RE.search(name)
    proposal.scope = Fact("provincial", proposal.source_passage, match.group() if match else "")


def _round(proposal):
    if proposal.round or not proposal.name or proposal.name_supplied:
        return
    if match := _ROUND_RE.search(proposal.name.value):
        proposal.round = Fact(match.group(), proposal.name.passage, match.group())


def _province_list(text):
    """Several provinces taking part, listed: "báo chí tỉnh Lâm Đồng, Đà Nẵng, Khánh Hòa"."""
    if not _PARTICIPANTS_RE.search(text):
        return None
    places = find_places(text)
    for (first, end, _name), (start, last, _other) in zip(places, places[1:], strict=False):
        if text[end:start] == ", ":
            return re.compile(re.escape(text[first:last])).search(text)
    return None


def summary_roles(roles):
    """A person's roles as the JSON states them: "attendee" only when the text gives them
    no other role (the archive still keeps a row, with its passage, for each)."""
    values = [role.value for role in roles]
    return [value for value in values if value != "attendee"] or values


def as_json(proposal, existing_conference=None, match_reasons=()):
    """The proposal in the command's JSON shape (null where the text does not say)."""
    doc = proposal.document

    def value(fact):
        return fact.value if fact else None

    return {
        "title": doc.title or None,
        "published": doc.published.date().isoformat() if doc.published else None,
        "event_date": value(proposal.date),
        "province": value(proposal.province),
        "city": value(proposal.city),
        "format": value(proposal.format),
        "attendees": value(proposal.attendees),
        "attendees_qualifier": proposal.attendees_qualifier or None,
        "connection_points": value(proposal.connection_points),
        "provinces_participating": value(proposal.provinces_participating),
        "scope": value(proposal.scope),
        "organizers": [o.value for o in proposal.organizers],
        "officials": [
            {
                "name": p.name,
                "rank": p.rank or None,
                "titles": [t.value for t in p.titles],
                "roles": summary_roles(p.roles),
            }
            for p in proposal.officials
        ],
        "topics": [t.value for t in proposal.topics],
        "existing_conference": existing_conference,
        "match_reasons": list(match_reasons),
        "warnings": proposal.warnings,
    }
