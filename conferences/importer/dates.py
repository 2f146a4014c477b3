"""Event dates as reports print them: "Sáng 15-6", "ngày 20/4/2023", "hôm nay (20/4)",
"từ ngày 06 đến 08-10-2021", "ngày 30 tháng 5 năm 2022". Dates of plans, decisions and
resolutions cited in the text ("Kế hoạch số 41/KH-STP ngày 13/4/2024") are not the event's."""

import re
from dataclasses import dataclass

# What introduces an event's day: "ngày", a part of the day, "hôm nay (20/4)", "(20/4)".
_LEAD_IN = r"(?:(?:[Tt]ừ\s+|[Vv]ào\s+)?(?:[Nn]gày|[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa)(?:\s+nay)?|\()"
# The first day, then maybe the last: "5-6/9", "từ ngày 06 đến ngày 08-10-2021",
# "Từ ngày 17 đến 27-12"; an event that lasts several days starts on its first.
_DAYS = r"(?P<day>\d{1,2})(?:\s*(?:-|–|đến|và)\s*(?:ngày\s+)?\d{1,2})?"
# Month and year after "/", "-" or ".": "22/12", "18-8", "06-10-2021", "12.4.2024".
_MONTH_YEAR = r"\s*[/.-]\s*(?P<month>\d{1,2})(?:\s*[/.-]\s*(?P<year>\d{4}))?(?![\d/])"
DAY_RE = re.compile(rf"{_LEAD_IN}\s*(?:ngày\s*)?{_DAYS}{_MONTH_YEAR}")
# Official style: "ngày 30 tháng 5 năm 2022".
DAY_IN_WORDS_RE = re.compile(
    r"[Nn]gày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})(?:\s+năm\s+(?P<year>\d{4}))?"
)
MONTH_RE = re.compile(r"[Tt]háng\s+(?P<month>\d{1,2})(?:\s*/\s*|\s+năm\s+)(?P<year>\d{4})")
YEAR_RE = re.compile(r"năm\s+(\d{4})")
# A cited document just before the date: "số 1079/QĐ-TTg ngày", "số 71-KL/TW, ngày",
# "số 04/CTPH-PBGDPL ký kết ngày", "Kế hoạch 21/KH-UBND ngày", "Kế hoạch của UBND tỉnh ngày".
DOCUMENT_BEFORE = re.compile(
    r"(?:\bsố\s*[\w./&-]*\d[\w./&-]*|\b\d+[/-][A-ZĐ][\w./&-]*"
    r"|\b(?:Quyết định|Kế hoạch|Nghị quyết|Chỉ thị|Kết luận|Thông báo|Công văn|Hướng dẫn"
    r"|Nghị định|Thông tư|Chương trình phối hợp)\b[^,;.()\d]{0,60}?)"
    r"\s*,?\s*(?:(?:ký kết|ban hành|ký)\s+)?$"
)
# A document's date is followed by its author: "ngày 06/2/2023 của UBND tỉnh".
DOCUMENT_AFTER = re.compile(r"^\s*của\s")


@dataclass
class Day:
    day: int
    month: int
    year: int | None
    as_printed: str


def days_in(text):
    """Every event day printed in `text`, in order, without the dates of cited documents."""
    found = []
    for pattern in (DAY_RE, DAY_IN_WORDS_RE):
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 80) : match.start()]
            if DOCUMENT_BEFORE.search(before) or DOCUMENT_AFTER.match(text[match.end() :]):
                continue
            day, month = int(match["day"]), int(match["month"])
            if 1 <= day <= 31 and 1 <= month <= 12:
                year = int(match["year"]) if match["year"] else None
                found.append((match.start(), Day(day, month, year, _printed(match))))
    return [day for _start, day in sorted(found, key=lambda pair: pair[0])]


def _printed(match):
    return match.group().lstrip("(").strip()


def month_in(text):
    """(year, month, as printed) for "tháng 9/2023" or "tháng 9 năm 2023"."""
    if match := MONTH_RE.search(text):
        return int(match["year"]), int(match["month"]), match.group()
    return None


def year_of_name(name):
    """The year in an event's name: "Hội nghị tập huấn ... năm 2023"."""
    match = YEAR_RE.search(name)
    return int(match.group(1)) if match else None
