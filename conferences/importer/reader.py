"""Read a saved news page: decode it, drop the site's clutter, find the article's parts."""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from archive.lib.text import fold, squash

MAX_BYTES = 5 * 1024 * 1024
# Bounds that keep the work linear on hostile files: no news paragraph is this long, and
# no saved page nests its markup this deep.
MAX_LINE_CHARS = 50_000
MAX_HTML_DEPTH = 512
# Compressed archives are refused, never opened: a zip bomb stays a few kilobytes.
ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# Letters only Vietnamese uses; a real article has plenty of them.
VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
CAPTION_MARK = "\x1e"  # an HTML <figcaption>, kept through the line classifier

# Lines that end the story: the site's lists and footers that follow it.
END_MARKERS = (
    "tin doc nhieu",
    "tin lien quan",
    "tieu diem",
    "moi - nong",
    "moi nong",
    "in bai viet",
    "in",
    "chia se",
    "duong dan bai viet",
    "tin tuc moi cap nhat",
    "tin cung chuyen muc",
    "tin khac",
    "xem them",
    "doc them",
    "bai viet lien quan",
    "tin moi nhat",
    "tu khoa",
    "tags",
    "ban quyen",
    "y kien ban doc",
    "binh luan",
    "top",
)
_DATE = r"(\d{1,2})/(\d{1,2})/(\d{4})"
_TIME = r"(\d{1,2}):(\d{2})(?:\s*(AM|PM|SA|CH))?"
DATE_LINE = re.compile(
    rf"^(?:(?:thứ \w+|chủ nhật),?\s*)?(?:{_TIME}\s*[|,-]?\s*)?{_DATE}"
    rf"(?:\s*[|,-]?\s*{_TIME})?(?:\s*\(GMT\+7\))?$",
    re.IGNORECASE,
)
AUDIO_LINE = re.compile(r"^(\d{1,2}:\d{2}\s*(/\s*\d{1,2}:\d{2})?\s*)+$")
CREDIT = re.compile(r"\s*\((Ảnh|Nguồn|Ảnh minh họa|Ảnh minh hoạ|Video)\s*:\s*([^)]*)\)\s*\|?\s*$")
CREDIT_BARE = re.compile(r"\s*(?:Ảnh|Nguồn)\s*:\s*(.+?)\s*\|?\s*$")
PHOTO_NAME = re.compile(r"\s(hinh anh|ảnh|anh|photo)\s*\d+$", re.IGNORECASE)
OUTLET_PREFIX = re.compile(r"^\(?([A-ZĐ]{2,8}|[\w-]+\.(?:vn|VN|com\.vn))\)?\s*[-–]\s+(?=\w)")
URL_LINE = re.compile(r"(?:Đường dẫn bài viết|Nguồn|Link bài viết)\s*:\s*(https?://\S+)")


class UnreadableInput(ValueError):
    """The file is not a Vietnamese article the importer can read; the message says why."""


@dataclass
class Image:
    caption: str
    credit: str = ""


@dataclass
class Document:
    text: str
    encoding: str = "utf-8"
    content_type: str = "text/plain"
    title: str = ""
    published: datetime.datetime | None = None
    published_precision: str = "unknown"
    published_as_printed: str = ""
    byline: str = ""
    lead: str = ""
    paragraphs: list = field(default_factory=list)
    images: list = field(default_factory=list)
    url: str = ""
    site_name: str = ""
    related: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def decode(data):
    """Text and the encoding it was in: UTF-8 (with or without BOM), UTF-16 by BOM,
    else Windows-1258, the legacy Vietnamese code page, if the result reads as Vietnamese."""
    if not data:
        raise UnreadableInput(_("Tệp rỗng."))
    if len(data) > MAX_BYTES:
        raise UnreadableInput(_("Tệp quá lớn (trên 5 MB)."))
    if data.startswith(ARCHIVE_MAGIC):
        raise UnreadableInput(
            _("Tệp nén (zip, gzip…): hãy giải nén và nhập tệp văn bản hoặc HTML.")
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise UnreadableInput(_("Tệp nhị phân, không phải văn bản."))
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1258", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _vietnamese_ratio(unicodedata.normalize("NFC", text)) > 0.01:
            return text, encoding
    raise UnreadableInput(_("Không nhận ra bảng mã của tệp."))


def _vietnamese_ratio(text):
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch in VI_LETTERS for ch in letters) / len(letters) if letters else 0


def read(data, *, file_name=""):
    """A Document from the bytes (or str) of a saved page. Raises UnreadableInput."""
    if isinstance(data, str):
        text, encoding = data, "utf-8"
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise UnreadableInput(_("Tệp quá lớn (trên 5 MB)."))
    else:
        text, encoding = decode(data)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableInput(_("Tệp rỗng."))
    if sum(not ch.isprintable() and ch not in "\n\t" for ch in text[:4096]) > 40:
        raise UnreadableInput(_("Tệp nhị phân, không phải văn bản."))
    is_html = file_name.lower().endswith((".html", ".htm")) or bool(
        re.search(r"<(html|body|p|div|article)\b", text[:20000], re.IGNORECASE)
    )
    doc = Document(text=text, encoding=encoding)
    if is_html:
        doc.content_type = "text/html"
        parser = _PageParser()
        parser.feed(text)
        lines, meta = parser.lines, parser.meta
    else:
        lines, meta = text.split("\n"), {}
    # Minified HTML is one long line; the text it holds is not.
    if any(len(line) > MAX_LINE_CHARS for line in lines):
        raise UnreadableInput(_("Có dòng dài hơn 50.000 ký tự: đây không phải một bài báo."))
    if _vietnamese_ratio(text) < 0.01:
        raise UnreadableInput(_("Văn bản không phải tiếng Việt."))
    _parse_lines(doc, [squash(line) if line.strip() else "" for line in lines], meta)
    if not doc.paragraphs and not doc.lead:
        raise UnreadableInput(_("Không tìm thấy nội dung bài báo."))
    return doc


# --- HTML -------------------------------------------------------------------------------

_SKIP = {"script", "style", "noscript", "svg", "nav", "header", "footer", "aside", "form",
         "button", "iframe", "template", "select", "head"}  # fmt: skip
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "figure",
          "section", "article", "tr", "td", "blockquote", "time", "ul", "ol", "table"}  # fmt: skip


# Elements that always have a closing tag: their nesting depth is the page's depth.
_CONTAINERS = {"div", "section", "article", "ul", "ol", "table", "blockquote", "figure", "span"}


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.meta, self._buf, self._skip, self._in = [], {}, [], 0, []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
            if attrs.get("content"):
                self.meta.setdefault(key.lower(), attrs["content"])
        elif tag == "link" and attrs.get("rel") == "canonical" and attrs.get("href"):
            self.meta.setdefault("canonical", attrs["href"])
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCK:
            self._flush()
        if tag in _CONTAINERS:
            self._depth += 1
            if self._depth > MAX_HTML_DEPTH:
                raise UnreadableInput(_("Mã HTML lồng nhau quá sâu: đây không phải một trang báo."))
        if tag in ("h1", "figcaption", "title"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK or tag == "title":
            self._flush()
        if tag in _CONTAINERS:
            self._depth = max(0, self._depth - 1)
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if "title" in self._in:
            self.meta.setdefault("title", squash(data))
        elif not self._skip:
            self._buf.append(data)

    def _flush(self):
        line = squash("".join(self._buf))
        self._buf = []
        if line:
            prefix = CAPTION_MARK if "figcaption" in self._in else ""
            self.lines.append(prefix + line)
            self.lines.append("")

    def close(self):
        super().close()
        self._flush()


# --- Lines ------------------------------------------------------------------------------


def _is_paragraph(line):
    words = line.split()
    return len(words) >= 14 and len(line) >= 80 and not line.startswith("•")


def _is_caption_line(line):
    return line.startswith(CAPTION_MARK) or bool(CREDIT.search(line)) or line.endswith(" |")


def _is_end_marker(line):
    folded = fold(line[:40])  # the markers are short; fold only the start
    return any(
        folded.startswith(m) and (len(line) == len(m) or not folded[len(m) :][:1].isalnum())
        for m in END_MARKERS
    ) or folded.startswith("chia se")


def _is_doubled(line):
    half = len(line) // 2
    return len(line) > 20 and line[:half].strip() == line[half:].strip()


def _parse_lines(doc, lines, meta):
    first = next((i for i, line in enumerate(lines) if _is_paragraph(line)), None)
    if first is None:
        return
    # The title: the nearest headline-like line above the first paragraph.
    title_at = None
    for i in range(first - 1, max(-1, first - 8), -1):
        line = lines[i]
        if not line or DATE_LINE.match(line) or AUDIO_LINE.match(line):
            continue
        if not _is_caption_line(line) and 3 <= len(line.split()) <= 40:
            title_at = i
        break
    doc.title = lines[title_at] if title_at is not None else ""
    if meta.get("og:title") or meta.get("title"):
        doc.title = doc.title or squash(meta.get("og:title") or meta["title"])

    # The story runs from the first paragraph to the first of the site's end markers.
    end = len(lines)
    for i in range(first, len(lines)):
        if _is_end_marker(lines[i]):
            end = i
            break
    start = (title_at if title_at is not None else first) - 3
    for i in range(max(0, start), end):
        match = DATE_LINE.match(lines[i])
        if match and doc.published is None:
            _set_published(doc, lines[i], match)
    for line in lines[end:]:
        if match := URL_LINE.search(line):
            doc.url = match.group(1)
    doc.url = doc.url or meta.get("og:url") or meta.get("canonical") or ""
    doc.site_name = meta.get("og:site_name", "")
    if doc.published is None and meta.get("article:published_time"):
        _set_published_iso(doc, meta["article:published_time"])

    body, i, after_photo = [], first, False
    while i < end:
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < end else ""
        i += 1
        if not line or DATE_LINE.match(line) or AUDIO_LINE.match(line) or line == "\xa0":
            continue
        if _is_doubled(line):  # a link to another story: "Headline Headline", then its teaser
            teaser = ""
            if nxt and _is_paragraph(nxt) and not _is_doubled(nxt):
                teaser, i = nxt, i + 1
            doc.related.append({"headline": line[: len(line) // 2].strip(), "teaser": teaser})
            continue
        if _is_photo_name(line, doc.title):
            after_photo = True
            continue
        if line == nxt:  # some sites print a caption twice
            doc.images.append(_image(line))
            i += 1
            continue
        if _is_caption_line(line) or after_photo:
            doc.images.append(_image(line))
            after_photo = False
            continue
        after_photo = False
        if URL_LINE.search(line):
            continue
        body.append(line)
    # A short last line is the byline ("Q.Hoa t.h / TTXVN", "Anh Khoa - Nguyễn Anh").
    if body and len(body) > 1 and len(body[-1].split()) <= 8 and not _is_paragraph(body[-1]):
        doc.byline = body.pop()
    elif end < len(lines):
        doc.byline = ""
    doc.byline = doc.byline or meta.get("author", "")
    if title_at is not None or doc.title:
        doc.lead, doc.paragraphs = body[0], body[1:]
        # "TPO - Ngày 7/8, ...": the outlet's signature opens the lead.
        if match := OUTLET_PREFIX.match(doc.lead):
            doc.site_name = doc.site_name or match.group(1)
            doc.lead = doc.lead[match.end() :]
    else:
        doc.paragraphs = body
        doc.warnings.append(_("Trang không có tiêu đề: biên tập viên cần đặt tiêu đề."))


def _is_photo_name(line, title):
    """The file name or alt text of a photo: the title again, maybe unaccented, "ảnh 2"."""
    if not title:
        return False
    stripped = PHOTO_NAME.sub("", line)
    return fold(stripped) == fold(title) or (
        bool(PHOTO_NAME.search(line)) and fold(stripped).startswith(fold(title)[:30])
    )


def _image(line):
    line = line.lstrip(CAPTION_MARK).rstrip(" |").strip()
    if match := CREDIT.search(line):
        return Image(caption=line[: match.start()].strip(), credit=squash(match.group(2)))
    return Image(caption=line)


def _set_published(doc, line, match):
    groups = [g for g in match.groups()]
    # groups: h1, m1, ampm1, day, month, year, h2, m2, ampm2
    day, month, year = int(groups[3]), int(groups[4]), int(groups[5])
    hour, minute, ampm = (groups[0], groups[1], groups[2]) if groups[0] else groups[6:9]
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return
    doc.published_as_printed = line
    if hour is None:
        doc.published = datetime.datetime.combine(date, datetime.time(), VIETNAM)
        doc.published_precision = "day"
        return
    hour, minute = int(hour), int(minute)
    if ampm and ampm.upper() in ("PM", "CH") and hour < 12:
        hour += 12
    elif ampm and ampm.upper() in ("AM", "SA") and hour == 12:
        hour = 0
    doc.published = datetime.datetime.combine(date, datetime.time(hour, minute), VIETNAM)
    doc.published_precision = "minute"


def _set_published_iso(doc, value):
    try:
        moment = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    doc.published, doc.published_precision = moment.astimezone(VIETNAM), "minute"
    doc.published_as_printed = value
