"""Find the conference facts in a Document, each with the verbatim passage that states it.

Rules follow how Vietnamese outlets write these reports: "Ngày 23/8, tại Lai Châu, Ban Chỉ
đạo ... phối hợp với ... tổ chức Hội nghị ...", "Tham dự Hội nghị có ...", "Phát biểu khai
mạc Hội nghị, <rank> <Name>, <title> ...", "truyền đạt các chuyên đề về: X; Y; Z".
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from archive.lib.text import fold

from .vocab import (
    ACADEMIC,
    CURRENT_PROVINCES,
    FAMILY_NAMES,
    FORMER_PROVINCES,
    HONORIFICS,
    ORG_HEADS,
    RANKS,
    TITLE_HEADS,
    fold_keep,
)

MERGER_DATE = datetime.date(2025, 7, 1)


class NoConference(ValueError):
    """The page does not report a conference."""


@dataclass
class Sentence:
    text: str
    where: str  # title | lead | body | caption


@dataclass
class Fact:
    value: object
    passage: str = ""
    as_printed: str = ""


@dataclass
class Person:
    name: str
    rank: str = ""
    rank_passage: str = ""
    titles: list = field(default_factory=list)  # [Fact(title as printed, passage)]
    roles: list = field(default_factory=list)  # [Fact(role, passage)]
    printed: dict = field(default_factory=dict)  # passage → (rank, "titles, as printed")

    def add_role(self, role, passage):
        if role not in [r.value for r in self.roles]:
            self.roles.append(Fact(role, passage))

    def add_title(self, title, passage):
        """Keep one wording per position: the first, or a fuller one ("... tỉnh Quảng Ninh")."""
        key = _title_key(title)
        for i, known in enumerate(self.titles):
            known_key = _title_key(known.value)
            if key == known_key or known_key.startswith(key + " "):
                return
            if key.startswith(known_key + " "):
                self.titles[i] = Fact(title, passage)
                return
        self.titles.append(Fact(title, passage))


_TITLE_ABBREVIATIONS = {"cvp": "chanh van phong", "ubnd": "uy ban nhan dan", "pct": "pho chu tich"}


def _title_key(title):
    words = [_TITLE_ABBREVIATIONS.get(w, w) for w in fold(title).replace(",", " ").split()]
    return " ".join(w for w in words if w not in ("ve", "cua", "(", ")")).replace("(", "")


@dataclass
class Proposal:
    document: object
    name: Fact | None = None
    start_date: datetime.date | None = None
    date_precision: str = "unknown"
    date: Fact | None = None  # value = ISO text at its precision
    province: Fact | None = None
    city: Fact | None = None
    format: Fact | None = None
    attendees: Fact | None = None
    attendees_qualifier: str = ""
    connection_points: Fact | None = None
    provinces_participating: Fact | None = None
    scope: Fact | None = None
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


_EVENT = re.compile(r"[Hh]ội nghị|[Tt]ập huấn|[Tt]ọa đàm|[Tt]oạ đàm|[Hh]ội thảo|[Ll]ớp bồi dưỡng")


def _about_event(sentence):
    return bool(_EVENT.search(sentence.text))


# --- Places ------------------------------------------------------------------------------

_PLACES = {}
for _name, _aliases in FORMER_PROVINCES.items():
    for _spelling in [_name, *_aliases]:
        _PLACES[fold(_spelling)] = _name
for _name in CURRENT_PROVINCES:
    _PLACES.setdefault(fold(_name), _name)
_PLACE_RE = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(k) for k in sorted(_PLACES, key=len, reverse=True))
    + r")(?!\w)"
)


def find_places(text):
    """[(start, end, canonical name)] for each province named in `text` (any case)."""
    folded = fold_keep(text)
    found = []
    for match in _PLACE_RE.finditer(folded):
        original = text[match.start() : match.end()]
        if original[:1].isupper() or original.startswith("TP"):
            found.append((match.start(), match.end(), _PLACES[match.group(1)]))
    return found


# --- Names -------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_RANK_RE = re.compile(
    r"(" + "|".join(sorted(map(re.escape, RANKS), key=len, reverse=True)) + r")\s*$",
    re.IGNORECASE,
)
_HONORIFIC_RE = re.compile(r"(?:^|\s)(" + "|".join(HONORIFICS) + r")\s*$", re.IGNORECASE)
_ACADEMIC_RE = re.compile(
    r"(" + "|".join(sorted(map(re.escape, ACADEMIC), key=len, reverse=True)) + r")\s*$"
)


@dataclass
class Mention:
    start: int
    end: int
    name: str
    rank: str = ""
    prefix_start: int = 0  # where rank/honorific/academic prefix begins


def find_names(text):
    places = find_places(text)
    in_place = [False] * (len(text) + 1)
    for start, end, _name in places:
        for i in range(start, end):
            in_place[i] = True
    words = [m for m in _WORD.finditer(text) if not in_place[m.start()]]
    runs, run = [], []
    for word in words:
        capital = word.group()[0].isupper()
        if capital and run and text[run[-1].end() : word.start()] == " ":
            run.append(word)
        else:
            if len(run) >= 2:
                runs.append(run)
            run = [word] if capital else []
    if len(run) >= 2:
        runs.append(run)
    mentions = []
    for run in runs:
        for k, word in enumerate(run):
            tail = run[k:]
            if word.group() in FAMILY_NAMES and 2 <= len(tail) <= 4:
                mention = _mention(text, tail)
                if mention:
                    mentions.append(mention)
                break
    return mentions


def _mention(text, tail):
    start, end = tail[0].start(), tail[-1].end()
    name = text[start:end]
    if fold(name) in _PLACES:
        return None
    before = text[:start]
    mention = Mention(start, end, name, prefix_start=start)
    if match := _ACADEMIC_RE.search(before):
        before = before[: match.start()]
        mention.prefix_start = match.start()
    if match := _RANK_RE.search(before):
        rank = match.group(1)
        mention.rank = rank[0].upper() + rank[1:]
        mention.prefix_start = match.start()
    elif match := _HONORIFIC_RE.search(before):
        mention.prefix_start = match.start(1)
    elif len(tail) == 2:
        return None  # two syllables are a name only after a rank or "ông"/"bà"
    return mention


# --- Titles ------------------------------------------------------------------------------

_TITLE_HEAD_RE = re.compile(
    r"^(?:" + "|".join(sorted(map(re.escape, TITLE_HEADS), key=len, reverse=True)) + r")\b"
)
_ORG_HEAD_RE = re.compile(
    r"^\(?(?:" + "|".join(sorted(map(re.escape, ORG_HEADS), key=len, reverse=True)) + r")\b"
)
_VERB_CUES = (
    " phát biểu", " chủ trì", " nhấn mạnh", " cho biết", " cho hay", " cho rằng",
    " khẳng định", " nêu rõ", " đề nghị", " yêu cầu", " trình bày", " đã ", " truyền đạt",
    " báo cáo", " thông tin", " chia sẻ", " nhận định", " tham dự", " dự ", " cùng ",
    " mong muốn", " biểu dương", " quán triệt", " giới thiệu", " kết luận", " lưu ý",
    " đánh giá", " chỉ rõ", " chỉ ra", " khai mạc", " bế mạc", " nói", " trao ", " tặng ",
    " đề cập", " thông báo", " gợi ý", " phân tích", " kêu gọi", " ghi nhận", " đồng thời",
)  # fmt: skip


def _cut_at_verb(segment):
    cut = len(segment)
    for cue in _VERB_CUES:
        at = segment.find(cue)
        if at != -1:
            cut = min(cut, at)
    return segment[:cut].strip(), cut < len(segment)


def titles_after(text, end, limit):
    """Positions printed after a name: ", T1, T2 verb ..." or " - T1, T2 - verb"."""
    rest = text[end:limit]
    if rest.startswith(" - ") or rest.startswith(" – "):
        closing = re.search(r"\s[-–]\s", rest[3:])
        rest = rest[3 : 3 + closing.start()] if closing else rest[3:]
    elif rest.startswith(","):
        rest = rest[1:]
    elif rest.startswith(" ("):
        rest = rest[2 : rest.find(")")] if ")" in rest else ""
    else:
        return []
    rest = re.split(r"[;:.]\s|[;:]|\.$|“|\"", rest)[0]
    rest = re.sub(r"\s+(?:và|cùng)(?:\s+\S+)?\s*$", "", rest)
    titles = []  # (text, is a position) — a bare unit name is an affiliation
    for raw in rest.split(","):
        segment, stop = _cut_at_verb(" " + raw.strip())
        segment = segment.strip().rstrip(".")
        if not segment:
            break
        if _TITLE_HEAD_RE.match(segment):
            titles.append((segment, True))
        elif _ORG_HEAD_RE.match(segment):
            if titles:
                titles[-1] = (f"{titles[-1][0]}, {segment}", titles[-1][1])
            else:
                titles.append((segment, False))
        else:
            break
        if stop:
            break
    return titles


def title_before(text, mention, floor):
    """A position printed before the name: "... có Phó Chủ tịch UBND tỉnh X Tống Thanh Hải".
    Returns the title and where it starts."""
    before = text[floor : mention.prefix_start]
    parts = re.split(r"[,;:]\s*|\s(?:có|gồm|là|và)\s", before)
    candidate = parts[-1].strip() if parts else ""
    if candidate and _TITLE_HEAD_RE.match(candidate) and candidate != "Nguyên":
        return candidate, floor + before.rindex(candidate)
    return "", mention.prefix_start


def split_title(title):
    """ "Phó Cục trưởng Cục Đối ngoại, (Bộ Công an)" → ("Phó Cục trưởng", "Cục Đối ngoại")."""
    text = re.sub(r"^[Nn]guyên\s+", "", title)
    match = _ORG_START_RE.search(text, 1)
    if not match:
        return text, ""
    org = re.split(r",|\(", text[match.start() :])[0].strip()
    return text[: match.start()].strip(), org


# --- Roles -------------------------------------------------------------------------------

_PRE_CUES = [
    (re.compile(r"^(?:Phát biểu khai mạc|Khai mạc)"), "opening_speech"),
    (re.compile(r"^(?:Phát biểu bế mạc|Bế mạc|Phát biểu kết luận|Kết luận)"), "closing_speech"),
    (re.compile(r"^(?:Chủ trì)"), "chair"),
    (re.compile(r"^(?:Phát biểu)"), "speaker"),
]
_LIST_CUES = [
    (
        re.compile(
            r"(?:[Tt]ham dự|[Đđ]ến dự|[Cc]ùng dự|^Dự|[Tt]ham gia)[^.;:]{0,40}?\scó"
            r"(?:\s+các đồng chí)?:?|(?:có|với) sự tham dự của(?:\s+các đồng chí)?:?"
        ),
        "attendee",
    ),
    (
        re.compile(r"[Bb]áo cáo viên(?: tại [Hh]ội nghị)? (?:gồm|là)(?: các đồng chí)?:?"),
        "presenter",
    ),
    (
        re.compile(r"(?:[Đđ]ồng chủ trì|[Cc]hủ trì) [Hh]ội nghị (?:có|gồm|là)(?: các đồng chí)?:?"),
        "chair",
    ),
]
_POST_CUES = [
    (re.compile(r"phát biểu khai mạc|khai mạc [Hh]ội nghị"), "opening_speech"),
    (re.compile(r"phát biểu bế mạc|bế mạc [Hh]ội nghị|phát biểu kết luận|kết luận [Hh]ội nghị"),
     "closing_speech"),
    (re.compile(r"(?:đồng )?chủ trì"), "chair"),
    (re.compile(r"truyền đạt|trình bày|,\s*báo cáo viên|giới thiệu (?:các )?chuyên đề"
                r"|thông tin chuyên đề"), "presenter"),
    (re.compile(r"phát biểu|nhấn mạnh|cho biết|cho hay|cho rằng|khẳng định|nêu rõ|chia sẻ"),
     "speaker"),
]  # fmt: skip
# A speech that has a more specific role (the opening, a presentation) is not counted twice.
_SPECIFIC = {"opening_speech", "closing_speech"}


def _assign_roles(sentence, mentions, people, reach):
    """Roles from the cues in one sentence; `reach[i]`: where mention i's titles end."""
    text = sentence.text
    for pattern, role in _PRE_CUES:
        match = pattern.match(text)
        if match and mentions and text[match.end() : mentions[0].prefix_start].find(",") != -1:
            people[fold(mentions[0].name)].add_role(role, text)
            break
    for pattern, role in _LIST_CUES:
        match = pattern.search(text)
        if match:
            for mention in mentions:
                if mention.start >= match.end():
                    people[fold(mention.name)].add_role(role, text)
            return
    taken = 0
    for match in sorted(
        (m for p, _r in _POST_CUES for m in [p.search(text)] if m), key=lambda m: m.start()
    ):
        role = next(
            r for p, r in _POST_CUES if p.search(text) and p.search(text).start() == match.start()
        )
        subjects = [m for m in mentions if taken <= m.start < match.start()]
        # the verb must follow the subject and its titles ("..., Trưởng ban ... phát biểu")
        if subjects and match.start() - reach[mentions.index(subjects[-1])] > 25:
            subjects = []
        if role in ("opening_speech", "closing_speech") and _PRE_CUES[0][0].match(text):
            continue
        for mention in subjects:
            people[fold(mention.name)].add_role(role, text)
        if subjects:
            taken = match.end()


def extract_people(sentences):
    people, order = {}, []
    for sentence in sentences:
        text = sentence.text
        mentions = find_names(text)
        prefixes, reach = [], []
        for i, mention in enumerate(mentions):
            floor = mentions[i - 1].end if i else 0
            prefixes.append(title_before(text, mention, floor))
        for i, mention in enumerate(mentions):
            key = fold(mention.name)
            if key not in people:
                people[key] = Person(name=mention.name)
                order.append(key)
            person = people[key]
            if mention.rank:
                person.rank, person.rank_passage = mention.rank, text
            limit = prefixes[i + 1][1] if i + 1 < len(mentions) else len(text)
            after = titles_after(text, mention.end, limit)
            reach.append(
                text.find(after[-1][0], mention.end) + len(after[-1][0]) if after else mention.end
            )
            prefix = prefixes[i][0]
            printed = [prefix] if prefix else []
            printed += [title for title, _position in after]
            person.printed.setdefault(text, (mention.rank, ", ".join(printed)))
            # "Thứ trưởng Lê Quốc Hùng": a bare title word is a short form, not a position.
            if prefix and (len(prefix.split()) > 2 or not (after or person.titles)):
                person.add_title(prefix, text)
            for title, is_position in after:
                if is_position:
                    person.add_title(title, text)
        _assign_roles(sentence, mentions, people, reach)
    result = []
    for key in order:
        person = people[key]
        roles = [r.value for r in person.roles]
        if "speaker" in roles and _SPECIFIC & set(roles):
            person.roles = [r for r in person.roles if r.value != "speaker"]
        if person.roles:
            result.append(person)
    return result


# --- Conference facts --------------------------------------------------------------------

_NAME_RE = re.compile(
    r"(?:Hội nghị|Lớp tập huấn|Lớp bồi dưỡng|Tọa đàm|Toạ đàm|Hội thảo)\s[^,.;:(]+"
)
_NAME_STOPS = (" diễn ra", " tại ", " theo hình thức", " cho ", " vào ", " với ", " do ",
               " nhằm ", " trong ", " ngày ", " từ ngày", " đã ", " được ", " có ", " và các",
               " sáng ", " chiều ", " ở ", " qua ", " bằng ")  # fmt: skip
_DAY_RE = re.compile(
    r"(?:[Nn]gày|[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|\()(?:\s+nay)?(?:\s+ngày)?\s*"
    r"(\d{1,2})(?:\s*(?:-|–|và|đến)\s*(?:ngày\s*)?\d{1,2})?\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?"
)
_MONTH_RE = re.compile(r"[Tt]háng\s+(\d{1,2})(?:\s*/\s*|\s+năm\s+)(\d{4})")
_YEAR_RE = re.compile(r"năm\s+(\d{4})")
_COUNT = r"(\d{1,3}(?:\.\d{3})+|\d+)"
_ATTENDEES_RE = re.compile(
    r"(?:(hơn|trên|gần|khoảng|xấp xỉ|chừng|ước|ước tính|gần như)\s+)?"
    + _COUNT
    + r"\s+(đại biểu|học viên|cán bộ|người)(?!\s+lao động)"
)
_QUALIFIERS = {"hơn": "more_than", "trên": "more_than"}
_POINTS_RE = re.compile(r"(?:(hơn|trên|gần|khoảng)\s+)?" + _COUNT + r"\s+điểm cầu")
_PROVINCES_RE = re.compile(r"(\d+)\s+(?:tỉnh, thành phố|tỉnh, thành|tỉnh thành|địa phương)")
_HYBRID_RE = re.compile(
    r"(?:trực tiếp (?:và|kết hợp(?: với)?) trực tuyến|trực tuyến (?:và|kết hợp"
    r"(?: với)?) trực tiếp)"
)
_ONLINE_RE = re.compile(r"hình thức trực tuyến|[Hh]ội nghị trực tuyến|qua hình thức trực tuyến")
_IN_PERSON_RE = re.compile(r"hình thức trực tiếp")
_HOST_VERB_RE = re.compile(
    r"\b(?:tổ chức|khai mạc)\s+(?:các\s+)?(?:Hội nghị|hội nghị|Lớp|lớp|Tọa đàm|Hội thảo)"
)
_ORG_START_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(sorted(map(re.escape, ORG_HEADS), key=len, reverse=True)) + r")\b"
)
_TOPIC_RE = re.compile(r"chuyên đề(?:\s+(?:về|gồm|là|sau))?(?:\s*:\s*|\s+(?=[^\W\d]))(.+)$")
_NUMBERS = {"hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7}


def extract(doc):
    """A Proposal for `doc`. Raises NoConference when the page reports none."""
    sentences = sentences_of(doc)
    event_sentences = [s for s in sentences if _about_event(s)]
    if not event_sentences and not _EVENT.search(doc.title):
        raise NoConference(_("Không tìm thấy hội nghị nào trong bài."))
    proposal = Proposal(document=doc, warnings=list(doc.warnings))
    main = _main_sentence(event_sentences)
    proposal.source_passage = main.text if main else ""
    _name(proposal, event_sentences, main)
    _date(proposal, event_sentences, main, doc)
    _place(proposal, event_sentences, main)
    _figures(proposal, sentences, event_sentences)
    _organizers(proposal, main)
    _presenting_organizations(proposal, sentences)
    proposal.officials = extract_people(sentences)
    _topics(proposal, sentences)
    if proposal.name is None:
        raise NoConference(_("Không tìm thấy hội nghị nào trong bài."))
    return proposal


def _main_sentence(event_sentences):
    """The sentence that announces the event: who organised it, or where it took place."""
    for test in (
        lambda s: _HOST_VERB_RE.search(s.text),
        lambda s: "diễn ra" in s.text or "tại " in s.text,
        lambda s: _NAME_RE.search(s.text),
    ):
        for sentence in event_sentences:
            if test(sentence) and next(_names_in(sentence.text), None):
                return sentence
    return event_sentences[0] if event_sentences else None


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


def _name(proposal, event_sentences, main):
    ordered = ([main] if main else []) + [s for s in event_sentences if s is not main]
    for sentence in ordered:
        for name in _names_in(sentence.text):
            proposal.name = Fact(name, sentence.text)
            break
        if proposal.name:
            break
    if proposal.name:  # a caption may print it in full: "... và nhân quyền năm 2024"
        for sentence in ordered:
            for name in _names_in(sentence.text):
                if name.startswith(proposal.name.value + " "):
                    proposal.name = Fact(name, sentence.text)


def _date(proposal, event_sentences, main, doc):
    ordered = ([main] if main else []) + [s for s in event_sentences if s is not main]
    day = None
    for sentence in ordered:
        if match := _DAY_RE.search(sentence.text):
            day = (match, sentence)
            break
    name_year = None
    for sentence in ordered:
        for name in _names_in(sentence.text):
            if match := _YEAR_RE.search(name):
                name_year = (int(match.group(1)), sentence, match.group())
                break
        if name_year:
            break
    published = doc.published.date() if doc.published else None
    if day:
        match, sentence = day
        d, m = int(match.group(1)), int(match.group(2))
        if match.group(3):
            year, why = int(match.group(3)), ""
        elif name_year:
            year, why = name_year[0], ""
            if published and published.year != year:
                proposal.warnings.append(
                    _("Năm trong tên hội nghị (%(a)s) khác năm của bài báo (%(b)s).")
                    % {"a": year, "b": published.year}
                )
        elif published:
            year, why = published.year, "published"
        else:
            year = None
        as_printed = match.group().lstrip("(")
        if year is None:
            proposal.warnings.append(
                _("Có ngày “%(d)s” nhưng không rõ năm: để trống ngày.") % {"d": as_printed}
            )
            proposal.date = Fact(None, sentence.text, as_printed)
            return
        try:
            start = datetime.date(year, m, d)
        except ValueError:
            proposal.warnings.append(_("Ngày không hợp lệ: %(d)s.") % {"d": as_printed})
            return
        if why == "published" and start > published + datetime.timedelta(days=31):
            start = start.replace(year=year - 1)  # a report comes after the event
            proposal.warnings.append(_("Năm của hội nghị suy ra là năm trước năm đăng bài."))
        proposal.start_date, proposal.date_precision = start, "day"
        proposal.date = Fact(start.isoformat(), sentence.text, as_printed)
        return
    for sentence in ordered:
        if match := _MONTH_RE.search(sentence.text):
            start = datetime.date(int(match.group(2)), int(match.group(1)), 1)
            proposal.start_date, proposal.date_precision = start, "month"
            proposal.date = Fact(start.strftime("%Y-%m"), sentence.text, match.group())
            return
    if name_year:
        year, sentence, as_printed = name_year
        proposal.start_date, proposal.date_precision = datetime.date(year, 1, 1), "year"
        proposal.date = Fact(str(year), sentence.text, as_printed)
        return
    proposal.warnings.append(_("Bài không cho biết ngày diễn ra hội nghị."))


_CITY_RE = re.compile(r"tại (?:thành phố|TP\.?)\s*((?:[A-ZĐ][^\W\d_]*\s?){1,3})")


def _place(proposal, event_sentences, main):
    ordered = ([main] if main else []) + [s for s in event_sentences if s is not main]
    found = None
    for sentence in ordered:
        text = sentence.text
        for start, _end, name in find_places(text):
            lead_in = text[max(0, start - 40) : start]
            if re.search(r"tại\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s*)?$", lead_in) or re.search(
                r"tại (?:thành phố|TP\.?)\s*[^,]+,\s*(?:tỉnh\s+)?$", lead_in
            ):
                found = (name, text)
                break
        if found:
            break
    if not found:
        for sentence in ordered:  # "phối hợp với Tỉnh ủy Hòa Bình", "tỉnh Lai Châu năm 2022"
            places = find_places(sentence.text)
            if places and sentence is main:
                found = (places[0][2], sentence.text)
                break
    if found:
        proposal.province = Fact(found[0], found[1])
    for sentence in ordered:
        if match := _CITY_RE.search(sentence.text):
            city = match.group(1).strip()
            if fold(city) not in _PLACES:
                printed = match.group().removeprefix("tại ").strip()
                proposal.city = Fact(city, sentence.text, printed)
            break


def _figures(proposal, sentences, event_sentences):
    body = [s for s in sentences if s.where != "caption"]
    for sentence in body:
        if not re.search(r"dự|tham gia|tập huấn|[Hh]ội nghị|điểm cầu", sentence.text):
            continue
        if proposal.attendees is None and (match := _ATTENDEES_RE.search(sentence.text)):
            qualifier = match.group(1)
            value = int(match.group(2).replace(".", ""))
            proposal.attendees = Fact(value, sentence.text, match.group())
            proposal.attendees_qualifier = (
                _QUALIFIERS.get(qualifier, "approx") if qualifier else "exact"
            )
        if proposal.connection_points is None and (match := _POINTS_RE.search(sentence.text)):
            value = int(match.group(2).replace(".", ""))
            proposal.connection_points = Fact(value, sentence.text, match.group())
        if proposal.provinces_participating is None and (
            match := _PROVINCES_RE.search(sentence.text)
        ):
            proposal.provinces_participating = Fact(
                int(match.group(1)), sentence.text, match.group()
            )
    for sentence in sentences:
        text = sentence.text
        for pattern, value in (
            (_HYBRID_RE, "hybrid"),
            (_ONLINE_RE, "online"),
            (_IN_PERSON_RE, "in_person"),
        ):
            if match := pattern.search(text):
                proposal.format = Fact(value, text, match.group())
                break
        if proposal.format:
            break
    _scope(proposal, sentences, event_sentences)


def _scope(proposal, sentences, event_sentences):
    name = proposal.name.value if proposal.name else ""
    for sentence in event_sentences:
        match = re.search(r"toàn quốc(?: đợt \d+)?", sentence.text)
        if match and next(_names_in(sentence.text), None):
            proposal.scope = Fact("national", sentence.text, match.group())
            return
    for sentence in sentences:
        match = re.search(
            r"\d+ (?:tỉnh, thành phố|tỉnh, thành|tỉnh thành|địa phương)"
            r"(?: thuộc)? khu vực [^.;]*?(?= và [a-zđ]|[.;]|$)",
            sentence.text,
        )
        if match:
            proposal.scope = Fact("regional", sentence.text, match.group())
            return
    provincial = re.compile(
        r"[Ss]ở, (?:ban, )?ngành|toàn tỉnh|trong tỉnh|trên địa bàn tỉnh|cấp tỉnh|tỉnh [A-ZĐ]\w*"
    )
    if name and (match := re.search(r"tỉnh [A-ZĐ][\w ]*?(?= năm|$)", name)):
        proposal.scope = Fact("provincial", proposal.name.passage, match.group())
        return
    for sentence in sentences:
        if re.search(r"dự|tham gia|tập huấn", sentence.text) and (
            match := provincial.search(sentence.text)
        ):
            if re.search(r"\d+ tỉnh", sentence.text):
                continue
            proposal.scope = Fact("provincial", sentence.text, match.group())
            return


def _split_orgs(text):
    """ "A, B và C" → [A, B, C], keeping "Bộ Thông tin và Truyền thông" whole."""
    pieces = []
    for chunk in re.split(r",\s*", text):
        parts = re.split(r"\s+và\s+", chunk)
        current = parts[0]
        for part in parts[1:]:
            if _ORG_HEAD_RE.match(part):
                pieces.append(current)
                current = part
            else:
                current = f"{current} và {part}"
        pieces.append(current)
    return [p.strip() for p in pieces if p.strip()]


def _organizers(proposal, main):
    if main is None:
        return
    text = main.text
    by = re.search(r"\bdo\s+(.+?)\s+(?:phối hợp với\s+(.+?)\s+)?tổ chức", text)
    if by and _NAME_RE.search(text[: by.start()]):
        hosts, partners = by.group(1), by.group(2) or ""
    else:
        verb = _HOST_VERB_RE.search(text)
        if not verb:
            return
        subject = text[: verb.start()]
        start = _ORG_START_RE.search(subject)
        if not start:
            return
        subject = re.sub(r"\s+(?:đã|cùng|sẽ|vừa)\s*$", "", subject[start.start() :].strip())
        if " phối hợp với " in subject:
            hosts, partners = subject.split(" phối hợp với ", 1)
        else:
            hosts, partners = re.sub(r"\s+(?:đã\s+)?phối hợp$", "", subject), ""
        hosts = re.sub(r"\s+(?:đã|cùng|vừa)$", "", hosts.strip())
    for role, names in (("host", hosts), ("co_organizer", partners)):
        for name in _split_orgs(names):
            if _ORG_HEAD_RE.match(name):
                proposal.organizers.append(Fact(name, text, role))


def _presenting_organizations(proposal, sentences):
    pattern = re.compile(
        r"(đại diện(?: lãnh đạo)?)\s+(.+?)\s+(?:đã\s+)?(?:trình bày|truyền đạt|báo cáo|giới thiệu)"
    )
    for sentence in sentences:
        if find_names(sentence.text):
            continue
        if match := pattern.search(sentence.text):
            for name in _split_orgs(match.group(2)):
                if _ORG_HEAD_RE.match(name):
                    proposal.presenting_organizations.append(
                        Fact(name, sentence.text, match.group(1))
                    )


_ISSUES_RE = re.compile(
    r"báo cáo viên[^.]*?(?:thông tin|trình bày|truyền đạt|giới thiệu)[^.]*?(?:các|những) "
    r"(?:vấn đề|nội dung) (?:về|như|sau):?\s*(.+)$"
)


def _topics(proposal, sentences):
    """Topics presented: "truyền đạt các chuyên đề về: A; B", "hai chuyên đề gồm: A; và B",
    "được nghe chuyên đề về X" (one topic), "báo cáo viên ... các vấn đề về A, B, C"."""
    for sentence in sentences:
        if sentence.where == "caption":
            continue
        text = sentence.text
        if match := _TOPIC_RE.search(text):
            listing, head = match.group(1), text[: match.start()]
        elif match := _ISSUES_RE.search(text):
            listing, head = match.group(1), "các"
        else:
            continue
        listing = listing.strip().rstrip(".…").strip()
        head = re.split(r"nghe|trình bày|truyền đạt|thông tin|giới thiệu", head)[-1]
        words = fold(head).split()
        count = next((_NUMBERS[w] for w in words if w in _NUMBERS), None)
        count = count or next((int(w) for w in words if w.isdigit()), None)
        plural = count or {"cac", "nhung"} & set(words)
        topics = _split_topics(listing, count) if plural else [listing]
        for topic in topics:
            if topic not in [t.value for t in proposal.topics]:
                proposal.topics.append(Fact(topic, text))


def _split_topics(listing, count):
    if ";" not in listing:  # "A, B và C, D": short pieces ("tín ngưỡng, tôn giáo") belong together
        parts = []
        for piece in listing.split(", "):
            head = piece.split(" và ")[0]
            if parts and len(head.split()) <= 2:
                parts[-1] = f"{parts[-1]}, {piece}"
            else:
                parts.append(piece)
        return [p.strip() for p in parts if p.strip()]
    parts = [p.strip() for p in listing.split(";") if p.strip()]
    parts = [re.sub(r"^và\s+", "", p) for p in parts]
    if parts[0][0].isupper():  # lower-case pieces continue the previous topic
        merged = []
        for part in parts:
            if merged and not part[0].isupper():
                merged[-1] = f"{merged[-1]}; {part}"
            else:
                merged.append(part)
        parts = merged
    if count and len(parts) > count:
        parts = ["; ".join(parts[: len(parts) - count + 1]), *parts[len(parts) - count + 1 :]]
    return parts


def as_json(proposal, existing_conference=None):
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
                "roles": [r.value for r in p.roles],
            }
            for p in proposal.officials
        ],
        "topics": [t.value for t in proposal.topics],
        "existing_conference": existing_conference,
        "warnings": proposal.warnings,
    }
