"""The topics presented (chuyên đề), each as printed.

Reports list them after "chuyên đề" ("truyền đạt các chuyên đề về: A; B; C", "3 chuyên đề:
(1) A; (2) B; (3) C", "chuyên đề “A”"), or as the contents the delegates were given ("các
đại biểu được triển khai các nội dung của A"). What speakers talked about is not a topic.
"""

import re

from archive.lib.text import fold

from .facts import Fact

# "chuyên đề về: A; B", "hai chuyên đề gồm: A; và B", "chuyên đề “A”".
_TOPIC_RE = re.compile(r"chuyên đề(?:\s*:\s*|\s+(?:về|gồm|là|sau):?\s*|\s+(?=“))(.+)$")
# The contents given to the delegates: "các đại biểu được triển khai các nội dung của A".
_CONTENTS_RE = re.compile(
    r"(?:đại biểu|học viên)[^.]{0,40}?được[^.]{0,40}?(?:các|những) nội dung"
    r"(?:\s+(?:cơ bản|chính|chủ yếu|trọng tâm|quan trọng))?(?:\s+(?:của|về|sau|gồm|như))?:?\s*(.+)$"
)
# What a presenter gave: "đã truyền đạt các nội dung: A; B; C".
_PRESENTED_RE = re.compile(
    r"(?:truyền đạt|trình bày|giới thiệu|thông tin)[^.:]{0,40}?(?:các|những) "
    r"(?:nội dung|vấn đề)(?:\s+[^\W\d]+){0,2}\s*:\s*(.+)$"
)
# "báo cáo viên ... thông tin các vấn đề về A, B, C".
_ISSUES_RE = re.compile(
    r"báo cáo viên[^.]*?(?:thông tin|trình bày|truyền đạt|giới thiệu)[^.]*?(?:các|những) "
    r"(?:vấn đề|nội dung) (?:về|như|sau):?\s*(.+)$"
)
_QUOTED_RE = re.compile(r"^“([^”]{3,})”")
_NUMBERED_RE = re.compile(r"\(\d{1,2}\)\s*")
# A clause with its own subject after ";": "; đồng chí B …", "; Đại tá C …".
_NEXT_SUBJECT = re.compile(r";\s*(?=(?:các )?(?:đồng chí|ông|bà)\s|[A-ZĐ])")
_NUMBERS = {"hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7}


# A sentence that does something: a verb or a subject ends a list continued across full stops.
_CLAUSE_WORDS = re.compile(
    r"\b(?:được|đã|sẽ|đang|là|có|diễn ra|tổ chức|nhấn mạnh|cho biết|phát biểu|tham dự|dự|"
    r"đề nghị|yêu cầu|giúp|nhằm|góp phần|kết thúc|trao|ghi nhận)\b|^(?:Hội nghị|Lớp|Khóa|Khoá|"
    r"Buổi|Đồng chí|Ông|Bà|Các|Những|Qua|Sau|Tại|Ngày|Sáng|Chiều|Theo|Dịp|Đây)\b"
)


def _continues_list(text):
    """ "… các nội dung của Đề án X. Tình hình công tác nhân quyền và …": a verbless noun
    phrase after a list is its next item, though the outlet ended the first with a stop."""
    return len(text.split()) <= 30 and text[:1].isupper() and not _CLAUSE_WORDS.search(text)


def topics_of(sentences):
    topics = []
    for i, sentence in enumerate(sentences):
        if sentence.where == "caption":
            continue
        text = sentence.text
        if match := _TOPIC_RE.search(text):
            listing, head = match.group(1), text[: match.start()]
        elif match := (
            _CONTENTS_RE.search(text) or _PRESENTED_RE.search(text) or _ISSUES_RE.search(text)
        ):
            listing, head = match.group(1), "các"
        else:
            continue
        items = [(topic, text) for topic in _items(listing.strip().rstrip(".…").strip(), head)]
        if items and {"cac", "nhung"} & set(fold(head).split()):
            for after in sentences[i + 1 :]:
                if after.where != sentence.where or not _continues_list(after.text):
                    break
                items.append((after.text.rstrip(".…").strip(), after.text))
        for topic, passage in items:
            if topic not in [t.value for t in topics]:
                topics.append(Fact(topic, passage))
    return topics


def _items(listing, head):
    if quoted := _QUOTED_RE.match(listing):
        return [quoted.group(1)]
    head = re.split(r"nghe|trình bày|truyền đạt|thông tin|giới thiệu|nghiên cứu", head)[-1]
    words = fold(head).split()
    count = next((_NUMBERS[w] for w in words if w in _NUMBERS), None)
    count = count or next((int(w) for w in words if w.isdigit()), None)
    if _NUMBERED_RE.match(listing):  # "(1) A; (2) B; C; (3) D"
        parts = [p.strip().rstrip(";").strip() for p in _NUMBERED_RE.split(listing)]
        return [p for p in parts if p]
    if not (count or {"cac", "nhung"} & set(words)):
        # "được nghe chuyên đề về X; đồng chí B thông tin về Y": one topic, up to the next
        # clause's subject (its parts may be joined by ";": "về A; B; C").
        return [_NEXT_SUBJECT.split(listing)[0].strip()]
    parts = _split_list(listing, count)
    # "6 chuyên đề về quyền con người": a count and what they were about, not a list.
    return [] if count and count > 1 and len(parts) == 1 else parts


def _split_list(listing, count):
    if ";" not in listing:  # "A, B và C, D": short pieces ("tín ngưỡng, tôn giáo") belong together
        parts = []
        for piece in listing.split(", "):
            head = piece.split(" và ")[0]
            if parts and len(head.split()) <= 2:
                parts[-1] = f"{parts[-1]}, {piece}"
            else:
                parts.append(piece)
        return [p.strip() for p in parts if p.strip()]
    parts = [re.sub(r"^và\s+", "", p.strip()) for p in listing.split(";") if p.strip()]
    # More pieces than the count printed: lower-case pieces continue the topic before them.
    i = len(parts) - 1
    while count and len(parts) > count and i > 0:
        if parts[i][:1].islower():
            parts[i - 1 : i + 1] = [f"{parts[i - 1]}; {parts[i]}"]
        i -= 1
    return parts
