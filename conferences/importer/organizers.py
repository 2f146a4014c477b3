"""Who organised the training, as the organising sentence prints it.

"Sáng 20/4, tại Công an tỉnh, Ban Chỉ đạo X phối hợp với Văn phòng Y tổ chức Hội nghị ...",
"Lớp tập huấn do Học viện X tổ chức", "Sở Z khai giảng lớp ...": the hosts come before
"phối hợp (với|cùng)" or "cùng (với)", the co-organisers after it. Dates, venues and the
cited plans ("Thực hiện Kế hoạch số ...") that open the sentence are not organisers.
"""

import re

from .dates import days_in
from .facts import Fact
from .people import ORG_HEAD_RE, ORG_START_RE

# The verb that reports the event, and what follows it ("tổ chức 2 lớp tập huấn", "tổ chức
# bế mạc lớp bồi dưỡng"); not a speech ("phát biểu khai mạc
# lớp tập huấn") nor a plan ("tiếp tục tổ chức các lớp tập huấn").
HOST_VERB_RE = re.compile(
    r"(?<!tiếp tục )(?<!cần )(?<!sẽ )(?<![Pp]hát biểu )\b(?:tổ chức|khai giảng|khai mạc)\s+"
    r"(?:các\s+|\d{1,2}\s+|(?:hai|ba|bốn|năm)\s+|chương trình\s+|(?:[Ll]ễ\s+)?khai giảng\s+"
    r"|(?:[Ll]ễ\s+)?khai mạc\s+|(?:[Ll]ễ\s+)?bế mạc\s+|buổi\s+)?"
    r"(?:[Hh]ội nghị|[Ll]ớp|[Kk]hóa|[Kk]hoá|[Tt]ập huấn|[Bb]ồi dưỡng|[Tt]ọa đàm|[Hh]ội thảo)"
)
# "Lớp tập huấn do X (phối hợp với Y) tổ chức".
_ORGANISED_BY = re.compile(r"\bdo\s+(.+?)\s+(?:phối hợp (?:với|cùng)\s+(.+?)\s+)?tổ chức")
# Between hosts and co-organisers.
_PARTNER_SPLIT = re.compile(r"\s+(?:đã\s+)?(?:phối hợp(?:\s+(?:với|cùng))?|cùng(?:\s+với)?)\s+")
# A venue or time that opens the clause before the organiser: "tại Công an tỉnh,",
# "Vừa qua,".
_LEADING_ADVERBIAL = re.compile(r"^[\s,]*(?:(?:tại|ở)\s[^,]*,|[Vv]ừa qua,|[Mm]ới đây,)\s*")
_TRAILING_WORDS = re.compile(r"[\s,]+(?:đã|cùng|sẽ|vừa|đã phối hợp|phối hợp|chủ trì)?[\s,]*$")
# Units and the bodies they belong to: "Cục Báo chí, Bộ Thông tin và Truyền thông" is one
# organiser, the unit with its parent, unless the unit already names its owner
# ("Ban Tuyên giáo Trung ương, Bộ Ngoại giao" are two).
_UNIT_RE = re.compile(r"^(?:Ban|Cục|Vụ|Văn phòng|Phòng|Viện|Trung tâm|Trường|Khoa)\b")
_PARENT_RE = re.compile(
    r"^(?:Bộ|Học viện|Ủy ban|Uỷ ban|UBND|Tổng cục|Chính phủ|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Quốc hội"
    r"|Đại học)\b"
)
_OWNER_RE = re.compile(r"Trung ương|Chính phủ|Quốc hội|\btỉnh\b|thành phố|Bộ |UBND|Ủy ban")


def organizers_of(main, title):
    """[Fact(name, passage, "host" | "co_organizer")] from the organising sentence of the
    body, else from the headline ("Sở TTTT Sóc Trăng tổ chức tập huấn ...")."""
    for sentence in filter(None, (main, title)):
        found = _organizers_in(sentence.text)
        if found:
            return found
    return []


def _organizers_in(text):
    by = _ORGANISED_BY.search(text)
    if by and re.search(r"[Hh]ội nghị|[Ll]ớp|[Kk]h(?:óa|oá)|tập huấn", text[: by.start()]):
        hosts, partners = by.group(1), by.group(2) or ""
    else:
        verb = HOST_VERB_RE.search(text)
        if not verb:
            return []
        hosts, partners = _split_partners(_subject(text[: verb.start()]))
    found = []
    for role, names in (("host", hosts), ("co_organizer", partners)):
        for name in split_organizations(names):
            if ORG_HEAD_RE.match(name):
                found.append(Fact(name, text, role))
    return found


def _subject(before_verb):
    """The organisers' part of the clause: after the last ";", the last date and any
    venue that opens the clause, from the first organisation's name on."""
    subject = before_verb.rsplit(";", 1)[-1]
    if days := days_in(subject):
        subject = subject[subject.rfind(days[-1].as_printed) + len(days[-1].as_printed) :]
    while match := _LEADING_ADVERBIAL.match(subject):
        subject = subject[match.end() :]
    start = ORG_START_RE.search(subject)
    return _TRAILING_WORDS.sub("", subject[start.start() :]) if start else ""


def _split_partners(subject):
    parts = _PARTNER_SPLIT.split(subject, maxsplit=1)
    hosts = _TRAILING_WORDS.sub("", parts[0])
    return hosts, _TRAILING_WORDS.sub("", parts[1]) if len(parts) > 1 else ""


def split_organizations(text):
    """ "A, B và C" → [A, B, C], keeping "Bộ Thông tin và Truyền thông", "Sở Văn hóa, Thể
    thao và Du lịch" and "Cục Báo chí, Bộ Thông tin và Truyền thông" whole."""
    names = []
    for chunk in re.split(r",\s*", text):
        parts = re.split(r"\s+và\s+", chunk)
        current = parts[0]
        for part in parts[1:]:
            if ORG_HEAD_RE.match(part):
                names.append(current)
                current = part
            else:
                current = f"{current} và {part}"
        if names and _continues(names[-1], current):
            names[-1] = f"{names[-1]}, {current}"
        else:
            names.append(current)
    return [n.strip() for n in names if n.strip()]


def _continues(previous, piece):
    """A piece after a comma continues the name before it when it does not start a new
    organisation, or when it is the parent of a unit that does not name its owner."""
    if not ORG_HEAD_RE.match(piece):
        return True
    return bool(_UNIT_RE.match(previous) and _PARENT_RE.match(piece)) and not _OWNER_RE.search(
        previous
    )


def presenting_organizations(sentences, has_names):
    """Presenters printed only as their body: "đại diện lãnh đạo Bộ Ngoại giao trình bày"."""
    pattern = re.compile(
        r"(đại diện(?: lãnh đạo)?)\s+(.+?)\s+(?:đã\s+)?(?:trình bày|truyền đạt|báo cáo|giới thiệu)"
    )
    found = []
    for sentence in sentences:
        if has_names(sentence.text):
            continue
        if match := pattern.search(sentence.text):
            for name in split_organizations(match.group(2)):
                if ORG_HEAD_RE.match(name):
                    found.append(Fact(name, sentence.text, match.group(1)))
    return found
