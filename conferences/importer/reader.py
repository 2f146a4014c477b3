"""Read a saved news page: decode it, drop the site's clutter, find the article's parts."""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlparse
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
_WEEKDAY = r"(?:thứ\s+\w+|chủ nhật)"
_DATE = r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"


def _time(suffix):
    return rf"(?P<hour{suffix}>\d{{1,2}}):(?P<minute{suffix}>\d{{2}})(?::\d{{2}})?" + (
        rf"(?:\s*(?P<ampm{suffix}>AM|PM|SA|CH))?"
    )


_TIME_BEFORE, _TIME_AFTER = _time(""), _time("2")
# A publication line: "Thứ Ba, 22/12/2020, 16:08", "11:04 | 23/08/2022", "13/06/2022 05:32:13",
# "Thứ năm - 04/05/2023 07:473640" (a view counter glued to the time), "Cập nhật lúc 10:25,
# Thứ Tư, 15/05/2024 (GMT+7)", "(Ngày đăng: 28/02/2024 15:30)".
_LABEL = r"(?:(?:cập nhật|đăng|ngày đăng|đăng ngày|xuất bản|thời gian|ngày)(?:\s+lúc)?\s*:?\s*)?"
DATE_LINE = re.compile(
    rf"^\(?{_LABEL}(?:{_WEEKDAY}\s*[,-]?\s*)?(?:{_TIME_BEFORE}\s*[|,-]?\s*)?"
    rf"(?:{_WEEKDAY}\s*[,-]?\s*)?{_DATE}(?:\s*[|,-]?\s*{_TIME_AFTER}\d*)?(?:\s*\(GMT\+7\))?\)?$",
    re.IGNORECASE,
)
# The byline printed before the publication time: "Thu Hà 15:56, 19/12/2024".
BYLINE_BEFORE_DATE = re.compile(r"^((?:[A-ZĐ][^\W\d_]*\s){1,4})(?=\d)")
# A crawler's month stamp (" date 2023-04") says when the page was saved, not when the story
# was published: it is dropped and never fixes the event's year.
CRAWL_STAMP = re.compile(r"^date\s+\d{4}-\d{2}\b\s*")
AUDIO_LINE = re.compile(r"^(\d{1,2}:\d{2}\s*(/\s*\d{1,2}:\d{2})?\s*)+$")
CREDIT = re.compile(r"\s*\((Ảnh|Nguồn|Ảnh minh họa|Ảnh minh hoạ|Video)\s*:\s*([^)]*)\)\s*\|?\s*$")
# "… phát biểu. Ảnh: Hữu Phúc/SGGP": a credit after the caption, without brackets.
CREDIT_BARE = re.compile(r"[.\s]\s*(?:Ảnh|Nguồn)\s*:\s*([^.]{2,60}?)\s*\|?\s*$")
PHOTO_NAME = re.compile(r"\s(hinh anh|ảnh|anh|photo)\s*\d+$", re.IGNORECASE)
# An image's file name or placeholder left in the text; the line after it is its caption.
IMAGE_FILE = re.compile(r"^(?:\S+\.(?:jpe?g|png|gif|webp)|Responsive image)$", re.IGNORECASE)
# Captions that describe the room rather than a person: "Quang cảnh Hội nghị".
PHOTO_PHRASE = re.compile(r"^(?:Quang cảnh|Toàn cảnh|Các đại biểu|Đại biểu|Ảnh)\b")
# A caption is short and has no sentence end; a paragraph, even cut short, is longer.
CAPTION_MAX_WORDS = 30
SENTENCE_END = re.compile(r"[.!?…;][\"”’)]?(?:\s|$)")
# Site widgets before the story: "Hôm nay: 1937", "Đang online: 6".
COUNTER_LINE = re.compile(r"^[^\W\d_][\w ]{0,30}:\s*[\d.]+$")
OUTLET_PREFIX = re.compile(r"^\(?([A-ZĐ]{2,8}|[\w-]+\.(?:vn|VN|com\.vn))\)?\s*[-–]\s+(?=\w)")
# Site chrome above the story: a breadcrumb ("Trang chủ > Chính trị > Thời sự") and the
# outlet's name ("Báo Nghệ An điện tử", "Cổng thông tin điện tử tỉnh Quảng Ninh").
BREADCRUMB_SEPARATOR = re.compile(r"\s[>»›/|]\s")
OUTLET_NAME = re.compile(
    r"^(?:Báo|Tạp chí|Cổng thông tin|Trang thông tin|Cổng TTĐT|Đài)"
    r"(?:\s+(?:điện tử|thông tin|tỉnh|thành phố|và|[A-ZĐ0-9][^\s.:!?]*))+$"
)
# What the genre's headlines are about.
HEADLINE_SUBJECT = re.compile(
    r"tập huấn|bồi dưỡng|nhân quyền|quyền con người|hội nghị|khai giảng|khai mạc|lớp",
    re.IGNORECASE,
)
URL_LINE = re.compile(r"(?:Đường dẫn bài viết|Nguồn|Link bài viết|URL)\s*:\s*(https?://\S+)")
WEB_SCHEMES = ("http", "https")


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
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UnreadableInput(_("Tệp UTF-16 bị hỏng (cắt giữa chừng hoặc sai mã).")) from None
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


def _without_controls(text):
    """The text without control characters (line breaks and tabs excepted), and how many
    there were: nothing downstream, database included, ever sees one."""
    kept = [ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc"]
    return "".join(kept), len(text) - len(kept)


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
    if "\x00" in text:
        raise UnreadableInput(_("Tệp chứa ký tự NUL: đây không phải một trang văn bản."))
    text, dropped = _without_controls(text)
    is_html = file_name.lower().endswith((".html", ".htm")) or bool(
        re.search(r"<(html|body|p|div|article)\b", text[:20000], re.IGNORECASE)
    )
    doc = Document(text=text, encoding=encoding)
    if dropped:
        doc.warnings.append(_("Đã bỏ %(n)s ký tự điều khiển trong tệp.") % {"n": dropped})
    if is_html:
        doc.content_type = "text/html"
        parser = _PageParser()
        parser.feed(text)
        lines, meta = parser.lines, parser.meta
    else:
        lines, meta = [squash(line) for line in text.split("\n")], {}
    # Minified HTML is one long line; the text it holds is not.
    if any(len(line) > MAX_LINE_CHARS for line in lines):
        raise UnreadableInput(_("Có dòng dài hơn 50.000 ký tự: đây không phải một bài báo."))
    if _vietnamese_ratio(text) < 0.01:
        raise UnreadableInput(_("Văn bản không phải tiếng Việt."))
    _parse_lines(doc, lines, meta)
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
    """A paragraph has sentences; a headline, however long, has no full stop inside."""
    words = line.split()
    if len(words) < 14 or len(line) < 80 or line.startswith("•"):
        return False
    return len(words) > 40 or bool(SENTENCE_END.search(line))


def _is_caption_line(line):
    return (
        line.startswith(CAPTION_MARK)
        or bool(CREDIT.search(line) or CREDIT_BARE.search(line))
        or line.endswith(" |")
    )


def _is_short_unpunctuated(line):
    """A photo caption or a subheading: a few words and no sentence end."""
    return len(line.split()) <= CAPTION_MAX_WORDS and not SENTENCE_END.search(line.rstrip(":"))


def _is_byline(line):
    """ "Phi Nông", "Thái An Nhà báo": a few capitalised words alone on a line."""
    words = line.split()
    return 1 < len(words) <= 4 and all(w[0].isupper() for w in words)


def _is_clutter(line):
    """Lines a site prints around the headline: dates, players, counters, links, bullets."""
    return (
        not line
        or _publication(line) is not None
        or bool(AUDIO_LINE.match(line) or COUNTER_LINE.match(line))
        or "http" in line
        or line.startswith("•")
        or _is_byline(line)
        or _is_site_chrome(line)
    )


def _is_site_chrome(line):
    """A breadcrumb of short parts, or the outlet's name alone on its line."""
    parts = BREADCRUMB_SEPARATOR.split(line)
    breadcrumb = len(parts) > 1 and all(1 <= len(part.split()) <= 5 for part in parts)
    return breadcrumb or (len(line.split()) <= 8 and bool(OUTLET_NAME.match(line)))


def _is_end_marker(line):
    folded = fold(line[:40])  # the markers are short; fold only the start
    return any(
        folded.startswith(m) and (len(line) == len(m) or not folded[len(m) :][:1].isalnum())
        for m in END_MARKERS
    ) or folded.startswith("chia se")


def _is_doubled(line):
    half = len(line) // 2
    return len(line) > 20 and line[:half].strip() == line[half:].strip()


def _publication(line):
    """(match, byline) for a publication line, with the byline printed before it if any."""
    if match := DATE_LINE.match(line):
        return match, ""
    if (byline := BYLINE_BEFORE_DATE.match(line)) and (
        match := DATE_LINE.match(line[byline.end() :])
    ):
        return match, byline.group(1).strip()
    return None


def _title_index(lines, first):
    """The headline: the nearest headline-like line above the first paragraph, past the
    dates, counters, bylines and photo captions a site prints between them; a line about
    the story's subject before a nearer one that is not (a section or an outlet's name)."""
    candidates = []
    for i in range(first - 1, max(-1, first - 12), -1):
        line = lines[i]
        if _is_clutter(line) or _is_caption_line(line) or PHOTO_PHRASE.match(line):
            continue
        if not 3 <= len(line.split()) <= 40:
            break
        candidates.append(i)
    on_subject = [i for i in candidates if HEADLINE_SUBJECT.search(lines[i])]
    return (on_subject or candidates or [None])[0]


def _drop_crawl_stamp(line, doc):
    """ " date 2023-04 Thái An Nhà báo": the stamp goes; a short rest is the byline."""
    if not (match := CRAWL_STAMP.match(line)):
        return line
    rest = line[match.end() :]
    if rest and not _is_paragraph(rest):
        doc.byline = rest
        return ""
    return rest


def _web_url(value, doc):
    """The page's own address if it is a web address; anything else (javascript:, data:,
    a relative path) is dropped with a warning."""
    value = (value or "").strip()
    parts = urlparse(value)
    if value and (parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc):
        doc.warnings.append(_("Bỏ đường dẫn không phải http(s): “%(url)s”.") % {"url": value[:100]})
        return ""
    return value


def _parse_lines(doc, lines, meta):
    lines = [_drop_crawl_stamp(line, doc) for line in lines]
    first = next((i for i, line in enumerate(lines) if _is_paragraph(line)), None)
    if first is None:
        return
    title_at = _title_index(lines, first)
    doc.title = lines[title_at] if title_at is not None else ""
    if meta.get("og:title") or meta.get("title"):
        doc.title = doc.title or squash(meta.get("og:title") or meta["title"])

    # The story runs from the first paragraph to the first of the site's end markers.
    end = next((i for i in range(first, len(lines)) if _is_end_marker(lines[i])), len(lines))
    top = title_at if title_at is not None else first
    for line in lines[max(0, top - 3) : end]:
        if doc.published is None and (found := _publication(line)):
            _set_published(doc, line, found[0])
            doc.byline = doc.byline or found[1]
    printed_url = next((m.group(1) for line in lines[first:] if (m := URL_LINE.search(line))), "")
    doc.url = _web_url(printed_url or meta.get("og:url") or meta.get("canonical"), doc)
    doc.site_name = meta.get("og:site_name", "")
    if doc.published is None and meta.get("article:published_time"):
        _set_published_iso(doc, meta["article:published_time"])

    parts = _story_parts(doc, lines[first:end])
    texts = [i for i, (kind, _line) in enumerate(parts) if kind == "text"]
    # A short last line is the byline ("Q.Hoa t.h / TTXVN", "Anh Khoa - Nguyễn Anh").
    last = parts[texts[-1]][1] if texts else ""
    if len(texts) > 1 and len(last.split()) <= 8 and not _is_paragraph(last):
        doc.byline = last
        del parts[texts.pop()]
    doc.byline = doc.byline or meta.get("author", "")
    # Between paragraphs, a short line without a full stop is a photo's caption.
    for i in texts[1:-1]:
        if _is_short_unpunctuated(parts[i][1]):
            parts[i] = ("image", parts[i][1])
    body = [line for kind, line in parts if kind == "text"]
    doc.images = [_image(line) for kind, line in parts if kind == "image"]
    if not body:
        return
    if title_at is not None or doc.title:
        doc.lead, doc.paragraphs = body[0], body[1:]
        # "TPO - Ngày 7/8, ...": the outlet's signature opens the lead.
        if match := OUTLET_PREFIX.match(doc.lead):
            doc.site_name = doc.site_name or match.group(1)
            doc.lead = doc.lead[match.end() :]
    else:
        doc.paragraphs = body
        doc.warnings.append(_("Trang không có tiêu đề: biên tập viên cần đặt tiêu đề."))


def _story_parts(doc, lines):
    """[("text" | "image", line)] in the story's order; links to other stories go to
    doc.related."""
    parts, i, after_photo, previous = [], 0, False, None
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        i += 1
        if not line or line == "\xa0" or _publication(line) or AUDIO_LINE.match(line):
            continue
        if line == previous:  # printed twice: kept once
            continue
        previous = line
        if URL_LINE.search(line):
            continue
        if _is_doubled(line):  # a link to another story: "Headline Headline", then its teaser
            teaser = ""
            if nxt and _is_paragraph(nxt) and not _is_doubled(nxt):
                teaser, i = nxt, i + 1
            doc.related.append({"headline": line[: len(line) // 2].strip(), "teaser": teaser})
            continue
        if _is_photo_name(line, doc.title) or IMAGE_FILE.match(line):
            after_photo = True
            continue
        # Some sites print a caption twice in a row; a paragraph printed twice stays text.
        doubled_caption = line == nxt and not _is_paragraph(line)
        if doubled_caption or _is_caption_line(line) or after_photo:
            parts.append(("image", line))
        else:
            parts.append(("text", line))
        after_photo = False
    return parts


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
    if match := CREDIT_BARE.search(line):
        return Image(caption=line[: match.start() + 1].strip(), credit=match.group(1))
    return Image(caption=line)


def _set_published(doc, line, match):
    hour, minute, ampm = match.group("hour", "minute", "ampm")
    if hour is None:
        hour, minute, ampm = match.group("hour2", "minute2", "ampm2")
    try:
        date = datetime.date(*map(int, match.group("year", "month", "day")))
        time = datetime.time(int(hour), int(minute)) if hour else None
    except ValueError:
        return
    doc.published_as_printed = line
    if time is None:
        doc.published = datetime.datetime.combine(date, datetime.time(), VIETNAM)
        doc.published_precision = "day"
        return
    if ampm and ampm.upper() in ("PM", "CH") and time.hour < 12:
        time = time.replace(hour=time.hour + 12)
    elif ampm and ampm.upper() in ("AM", "SA") and time.hour == 12:
        time = time.replace(hour=0)
    doc.published = datetime.datetime.combine(date, time, VIETNAM)
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
