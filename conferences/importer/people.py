"""Officials named in a report: the name, the rank, each position as printed, the roles.

Reports name people as "Thiếu tướng Nguyễn Văn Kỷ, Phó Cục trưởng ...", "đồng chí Lê Chí
Phương - Phó Giám đốc Sở Tư pháp", "PGS,TS Tường Duy Kiên – Viện trưởng ...", "Phó Chủ tịch
UBND tỉnh Y Ngọc", or plainly "Trần Chi Mai, Phó Vụ trưởng ...". A journalist, a photo credit
or someone seen only in a photo caption is not an official of the event.
"""

import re
from dataclasses import dataclass

from archive.lib.text import fold

from .facts import Person
from .places import find_places, is_place
from .vocab import ETHNIC_NAME_STARTS, FAMILY_NAMES, HONORIFICS, ORG_HEADS, RANKS, TITLE_HEADS


def _alternation(words):
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# A syllable, or an Ê Đê given name with its apostrophe ("H'Lim", "H’Yơn").
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NAME_STARTS = FAMILY_NAMES | ETHNIC_NAME_STARTS
_RANK_RE = re.compile(rf"({_alternation(RANKS)})\s*$", re.IGNORECASE)
_HONORIFIC_RE = re.compile(rf"(?:^|\s)({_alternation(HONORIFICS)})\s*$", re.IGNORECASE)
# Academic prefixes are neither ranks nor positions: "PGS.TS", "PGS, TS", "PGS-TS", "GS,TS",
# "TS.", "Phó Giáo sư"; a rank may come before them ("Thiếu tướng PGS.TS").
_ACADEMIC_RE = re.compile(
    r"(?:(?:Phó\s+)?Giáo sư|Tiến sĩ|Thạc sĩ|PGS|GS|TS|ThS|NCS)"
    r"(?:\s*[.,-]\s*(?:TS|ThS|Tiến sĩ))?\.?\s*$"
)
_ACADEMIC_WORDS = {"GS", "PGS", "TS", "ThS", "NCS"}
# The name after these is a journalist's or a photographer's, not an official's.
_JOURNALIST_BEFORE = re.compile(r"(?:[Nn]hà báo|[Pp]hóng viên|PV|Ảnh\s*:|Ảnh)\s*$")
TITLE_HEAD_RE = re.compile(rf"^(?:{_alternation(TITLE_HEADS)})\b", re.IGNORECASE)
ORG_HEAD_RE = re.compile(rf"^\(?(?:{_alternation(ORG_HEADS)})\b")
ORG_START_RE = re.compile(rf"(?<![\w])(?:{_alternation(ORG_HEADS)})\b")


@dataclass
class Mention:
    start: int
    end: int
    name: str
    rank: str = ""
    prefix_start: int = 0  # where rank/honorific/academic prefix begins


def find_names(text, known=()):
    """People named in `text`: a family name and one to three more capitalised syllables.
    Two syllables ("Lê Brunei", "Y Ngọc") make a name only after a rank, an honorific or an
    academic prefix, or when `known` (folded names found before) holds them."""
    in_place = set()
    for start, end, _name in find_places(text):
        in_place.update(range(start, end))
    words = [m for m in _WORD.finditer(text) if m.start() not in in_place]
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
        tail = _name_words(text, run)
        if tail and (mention := _mention(text, tail, known)):
            mentions.append(mention)
    return mentions


def _name_words(text, run):
    """The words of `run` that make a name: from the family name (or, after a person's
    marker, from the first word), up to a position that follows without a comma
    ("ông Lâm Hải Giang Phó Chủ tịch UBND tỉnh")."""
    start = next((k for k, w in enumerate(run) if w.group() in _NAME_STARTS), None)
    if start is None:  # "TS Tường Duy Kiên": an unlisted family name after a marker
        start = next((k for k, w in enumerate(run) if w.group() not in _ACADEMIC_WORDS), 0)
        if not _person_marker(text[: run[start].start()]) or _is_head(text, run[start]):
            return None
    tail = run[start:]
    for k in range(2, len(tail)):
        if _is_head(text, tail[k]) and text[tail[k].end() : tail[k].end() + 1] == " ":
            tail = tail[:k]
            break
    # Highland names run to five words: "Y Giang Gry Niê Knơng".
    longest = 5 if tail[0].group() in ETHNIC_NAME_STARTS else 4
    return tail if 2 <= len(tail) <= longest else None


def _is_head(text, word):
    rest = text[word.start() :]
    return bool(TITLE_HEAD_RE.match(rest) or ORG_HEAD_RE.match(rest))


def _person_marker(before):
    return bool(
        _RANK_RE.search(before) or _HONORIFIC_RE.search(before) or _ACADEMIC_RE.search(before)
    )


def _mention(text, tail, known):
    start, end = tail[0].start(), tail[-1].end()
    name = text[start:end]
    before = text[:start]
    if is_place(name) or _JOURNALIST_BEFORE.search(before):
        return None
    mention = Mention(start, end, name, prefix_start=start)
    marked = False
    if match := _ACADEMIC_RE.search(before):
        before = before[: match.start()].rstrip(" ,")  # "Thiếu tướng, GS.TS Nguyễn …"
        mention.prefix_start, marked = match.start(), True
    if match := _RANK_RE.search(before):
        rank = match.group(1)
        mention.rank = rank[0].upper() + rank[1:]
        mention.prefix_start, marked = match.start(), True
    elif match := _HONORIFIC_RE.search(before):
        mention.prefix_start, marked = match.start(1), True
    if len(tail) == 2 and not marked and fold(name) not in known:
        return None  # two syllables alone are too often a place, a byline or a word pair
    return mention


# --- Positions ------------------------------------------------------------------------------

# A verb or a role ends the positions printed after a name ("…, Phó Giám đốc Công an tỉnh
# dự, phát biểu …").
_VERB_CUES = (
    "phát biểu", "chủ trì", "nhấn mạnh", "cho biết", "cho hay", "cho rằng", "khẳng định",
    "nêu rõ", "đề nghị", "yêu cầu", "trình bày", "đã", "truyền đạt", "báo cáo", "thông tin",
    "chia sẻ", "nhận định", "tham dự", "dự", "cùng", "mong muốn", "biểu dương", "quán triệt",
    "giới thiệu", "kết luận", "lưu ý", "đánh giá", "chỉ rõ", "chỉ ra", "khai mạc", "bế mạc",
    "nói", "trao", "tặng", "đề cập", "thông báo", "gợi ý", "phân tích", "kêu gọi", "ghi nhận",
    "đồng thời", "làm trưởng đoàn", "là", "giảng dạy",
)  # fmt: skip
_VERB_CUE_RE = re.compile(rf"\s(?:{_alternation(_VERB_CUES)})(?![^\W\d_])")
# Separators between positions: "T1 - T2", "T1, T2", "T1 kiêm T2".
_POSITION_SEPARATOR = re.compile(r"(\s[-–]\s|,\s*|\s+kiêm\s+)")


def _cut_at_verb(segment):
    cut = match.start() if (match := _VERB_CUE_RE.search(segment)) else len(segment)
    return segment[:cut].strip(), cut < len(segment)


def split_positions(text):
    """ "T1 - T2, Unit, T3 kiêm T4" → [(position, is a position)]. After a comma, a piece
    that does not begin a position ("Bộ Công an", "giáo dục pháp luật", "Thể thao và Du
    lịch") belongs to the position before it; a bare unit name is an affiliation."""
    pieces = _POSITION_SEPARATOR.split(" " + text.strip())
    titles, separator = [], ""
    for i, raw in enumerate(pieces):
        if i % 2:
            separator = raw
            continue
        segment, stop = _cut_at_verb(" " + raw.strip())
        segment = segment.strip().rstrip(".…").strip()
        if not segment:
            break
        joins = titles and "kiêm" not in separator
        if TITLE_HEAD_RE.match(segment) and segment.casefold() != "nguyên":
            titles.append((segment, True))
        elif ORG_HEAD_RE.match(segment) and joins:
            titles[-1] = (f"{titles[-1][0]}{separator}{segment}", titles[-1][1])
        elif ORG_HEAD_RE.match(segment):
            titles.append((segment, False))
        elif joins and separator.startswith(","):  # "Sở Văn hóa, Thể thao và Du lịch"
            titles[-1] = (f"{titles[-1][0]}, {segment}", titles[-1][1])
        else:
            break
        if stop:
            break
    return titles


def titles_after(text, end, limit):
    """Positions printed after a name: ", T1, T2 verb ...", " - T1 - T2 - verb",
    " (T1)" or " T1 ..." directly."""
    rest = text[end:limit]
    if rest.startswith(" (") and ")" in rest:
        rest = rest[2 : rest.find(")")]
    elif match := re.match(r"\s*[-–,]\s*", rest):
        rest = rest[match.end() :]
    elif re.match(r" (?=\S)", rest) and TITLE_HEAD_RE.match(rest[1:]):
        rest = rest[1:]
    else:
        return []
    rest = re.split(r"[;:.]\s|[;:]|\.$|“|\"", rest)[0]
    rest = re.sub(r"\s+(?:và|cùng)(?:\s+\S+)?\s*$", "", rest)
    return split_positions(rest)


# Where a list item or clause begins before a name: ";", ":", "có", "gồm", "là", and "và"
# before a position ("… và Phó Chủ tịch UBND tỉnh X"), not inside a name ("Thể thao và Du lịch").
_CLAUSE_BREAK = re.compile(
    r"[;:]\s*|\s(?:có|gồm|là)\s|\svà\s(?=(?:" + _alternation(TITLE_HEADS) + r")\b)", re.IGNORECASE
)


def titles_before(text, mention, floor):
    """Positions printed before the name: "Phát biểu, Phó Giám đốc Sở Văn hóa, Thể thao và
    Du lịch tỉnh Hậu Giang Lê Minh Tuấn". Returns the positions and where they start."""
    before = text[floor : mention.prefix_start]
    if floor and mention.prefix_start < mention.start and re.match(r"\s*[,–-]", before):
        return [], mention.prefix_start  # "A, Giám đốc X, đồng chí B": X is A's position
    clause = _CLAUSE_BREAK.split(before)[-1].rstrip(" ,")
    pieces = clause.split(", ")
    for count in range(1, min(3, len(pieces)) + 1):
        candidate = ", ".join(pieces[-count:]).strip()
        if TITLE_HEAD_RE.match(candidate) and candidate.casefold() != "nguyên":
            titles = [t for t, is_position in split_positions(candidate) if is_position]
            return titles, floor + before.rindex(candidate)
    return [], mention.prefix_start


def split_title(title):
    """ "Phó Cục trưởng Cục Đối ngoại, (Bộ Công an)" → ("Phó Cục trưởng", "Cục Đối ngoại")."""
    text = re.sub(r"^[Nn]guyên\s+", "", title)
    match = ORG_START_RE.search(text, 1)
    if not match:
        return text, ""
    org = re.split(r",|\(", text[match.start() :])[0].strip()
    return text[: match.start()].strip(), org


# --- Roles ----------------------------------------------------------------------------------

# A cue opening the sentence names the role of the person after the comma:
# "Phát biểu khai mạc Hội nghị, đồng chí X ...".
_PRE_CUES = [
    (re.compile(r"^(?:Phát biểu khai mạc|Khai mạc)"), "opening_speech"),
    (re.compile(r"^(?:Phát biểu bế mạc|Bế mạc|Phát biểu kết luận|Kết luận)"), "closing_speech"),
    (re.compile(r"^(?:Đồng chủ trì|Chủ trì)"), "chair"),
    (re.compile(r"^(?:Phát biểu)"), "speaker"),
]
# A list of people after a cue: "Tham dự Hội nghị có: A, ...; B, ..." (each may add
# "báo cáo viên" to his positions); "Tham dự và báo cáo tại Hội nghị, có ..." lists presenters.
_LIST_CUES = [
    (
        re.compile(
            r"(?:[Tt]ham dự và )?báo cáo tại [Hh]ội nghị,?(?:\s+có)?(?:\s+các đồng chí)?:?"
            r"|(?:^(?:Giảng dạy|Giảng viên|Trình bày)|[Bb]áo cáo viên)(?: tại [^.;:,]{0,30}?)?"
            r" (?:gồm|là|có)(?: các đồng chí)?:?"
        ),
        "presenter",
    ),
    (
        re.compile(
            r"(?:[Tt]ham dự|[Đđ]ến dự|[Cc]ùng dự|^Dự|[Tt]ham gia)[^.;:]{0,40}?\scó"
            r"(?:\s+các đồng chí)?:?|(?:có|với) sự tham dự của(?:\s+các đồng chí)?:?"
        ),
        "attendee",
    ),
    (
        re.compile(r"(?:[Đđ]ồng chủ trì|[Cc]hủ trì) [Hh]ội nghị (?:có|gồm|là)(?: các đồng chí)?:?"),
        "chair",
    ),
]
# What those listed did besides attending: "Dự và phát biểu khai mạc lớp tập huấn có …".
_ROLE_IN_CUE = [
    (re.compile(r"khai mạc"), "opening_speech"),
    (re.compile(r"bế mạc|kết luận"), "closing_speech"),
    (re.compile(r"chủ trì"), "chair"),
    (re.compile(r"báo cáo|giảng"), "presenter"),
    (re.compile(r"phát biểu"), "speaker"),
]


def _role_in_cue(cue, role):
    """ "Dự và phát biểu khai mạc … có": what follows "và" (not "Tham dự buổi khai mạc")."""
    done = cue.partition(" và ")[2]
    if role != "attendee" or not done:
        return role
    return next((said for pattern, said in _ROLE_IN_CUE if pattern.search(done)), role)


# "A, Giám đốc …, báo cáo viên lớp tập huấn;" (not "A, …, các báo cáo viên và …").
_PRESENTER_IN_LIST = re.compile(r"(?<!các )(?<!những )\bbáo cáo viên\b")
# What is opened or closed: "khai mạc Hội nghị", "bế mạc lớp tập huấn", "khai mạc buổi …".
_GATHERING = r"(?:[Hh]ội nghị|[Ll]ớp|[Kk]hóa|[Kk]hoá|buổi|chương trình)"
# A verb after the person and his positions: "X, Giám đốc Sở ... phát biểu khai mạc".
_POST_CUES = [
    (re.compile(rf"phát biểu khai mạc|khai mạc {_GATHERING}"), "opening_speech"),
    (re.compile(rf"phát biểu bế mạc|bế mạc {_GATHERING}|phát biểu kết luận|kết luận {_GATHERING}"),
     "closing_speech"),
    (re.compile(r"(?:đồng )?chủ trì"), "chair"),
    (re.compile(r"truyền đạt|trình bày|,\s*báo cáo viên|giới thiệu (?:các )?chuyên đề"
                r"|thông tin (?:chuyên đề|về|đến)|báo cáo (?:tại|các chuyên đề|chuyên đề)"
                r"|giảng dạy|giảng bài"), "presenter"),
    (re.compile(r"phát biểu|nhấn mạnh|cho biết|cho hay|cho rằng|khẳng định|nêu rõ|chia sẻ"
                r"|đánh giá|nhận định|đề nghị|yêu cầu|chỉ đạo|quán triệt|lưu ý"), "speaker"),
    (re.compile(r"(?:tham|đến|tới|cùng) dự (?:hội nghị|Hội nghị|lớp|buổi|lễ|Lễ)"), "attendee"),
]  # fmt: skip
# The verb must follow the person's positions closely ("…, Trưởng ban … phát biểu").
_VERB_REACH = 25
# A speech with a more specific role (the opening, the closing) is not counted twice.
_SPECIFIC = {"opening_speech", "closing_speech"}


def _assign_roles(text, mentions, people, reach):
    """Roles from the cues in one sentence; `reach[i]`: where mention i's positions end."""
    for pattern, role in _PRE_CUES:
        match = pattern.match(text)
        if match and mentions and "," in text[match.end() : mentions[0].prefix_start]:
            people[fold(mentions[0].name)].add_role(role, text)
            break
    for pattern, role in _LIST_CUES:
        if match := pattern.search(text):
            role = _role_in_cue(match.group(), role)
            listed = [m for m in mentions if m.start >= match.end()]
            for i, mention in enumerate(listed):
                item_end = listed[i + 1].prefix_start if i + 1 < len(listed) else len(text)
                item = text[mention.end : item_end].split(";")[0]
                said = "presenter" if _PRESENTER_IN_LIST.search(item) else role
                people[fold(mention.name)].add_role(said, text)
            return
    found = ((m, role) for pattern, role in _POST_CUES for m in pattern.finditer(text))
    cues = sorted(found, key=lambda pair: pair[0].start())
    taken = 0
    for match, role in cues:
        subjects = [m for m in mentions if taken <= m.start < match.start()]
        if subjects and match.start() - reach[mentions.index(subjects[-1])] > _VERB_REACH:
            subjects = []
        if role in _SPECIFIC and _PRE_CUES[0][0].match(text):
            continue
        for mention in subjects:
            people[fold(mention.name)].add_role(role, text)
        if subjects:
            taken = match.end()


def extract_people(sentences):
    """[Person] with at least one role, in order of first mention. A caption counts only
    for what it says of the event ("…, báo cáo viên của Hội nghị"): a person it merely
    shows has no role and is left out."""
    people, order, outside_captions = {}, [], set()
    for sentence in sentences:
        text, in_caption = sentence.text, sentence.where == "caption"
        mentions = find_names(text, known=people)
        befores = [
            titles_before(text, mention, mentions[i - 1].end if i else 0)
            for i, mention in enumerate(mentions)
        ]
        reach = []
        for i, mention in enumerate(mentions):
            key = fold(mention.name)
            if key not in people:
                people[key] = Person(name=mention.name)
                order.append(key)
            if not in_caption:
                outside_captions.add(key)
            person = people[key]
            if mention.rank and not person.rank:
                person.rank, person.rank_passage = mention.rank, text
            limit = befores[i + 1][1] if i + 1 < len(mentions) else len(text)
            after = titles_after(text, mention.end, limit)
            reach.append(
                text.find(after[-1][0], mention.end) + len(after[-1][0]) if after else mention.end
            )
            before = befores[i][0]
            printed = before + [title for title, _position in after]
            person.printed.setdefault(text, (mention.rank, ", ".join(printed)))
            # "Thứ trưởng Lê Quốc Hùng": a bare title word is a short form, not a position.
            short_form = len(before) == 1 and len(before[0].split()) <= 2
            # A caption may complete the positions the text gives, not add to them.
            only_fuller = in_caption and key in outside_captions
            if before and not (short_form and (after or person.titles)):
                for title in before:
                    person.add_title(title, text, only_fuller=only_fuller)
            for title, is_position in after:
                if is_position:
                    person.add_title(title, text, only_fuller=only_fuller)
        _assign_roles(text, mentions, people, reach)
    result = []
    for key in order:
        person = people[key]
        roles = {r.value for r in person.roles}
        if "speaker" in roles and _SPECIFIC & roles:
            person.roles = [r for r in person.roles if r.value != "speaker"]
        if person.roles:
            result.append(person)
    return result
