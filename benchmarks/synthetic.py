"""A synthetic archive for benchmarks: deterministic, realistic-looking and bulk-inserted.

`generate(scale, seed)` adds conferences, articles, officials, organisations and the
evidence that links them, on top of whatever the database holds (load the provinces
first: `manage.py load_archive`). Rows are written with COPY on PostgreSQL and with
`bulk_create` elsewhere, so the computed columns (folded names, search text, sort keys,
slugs) are filled here exactly as the models' `save()` would fill them.

Everything is synthetic: the names are common Vietnamese names drawn at random, the
organisations follow the real hierarchy's shape, and no row claims to be a real event.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import connection, models, transaction

from archive.lib.dates import Precision
from archive.lib.text import fold, name_sort_key, vi_slugify
from archive.models import MERGER_DATE, Article, ArticleImage, Outlet, Province, Status
from conferences.models import (
    Conference,
    ConferenceSource,
    ConferenceTopic,
    Figure,
    Format,
    Organizer,
    Participation,
    Qualifier,
    Scope,
    Topic,
)
from people.models import Official, Organization, OrganizationAlias, Position, Rank


@dataclass(frozen=True)
class Scale:
    conferences: int
    articles: int

    @property
    def officials(self):
        return max(60, self.conferences // 5)


SCALES = {
    "tiny": Scale(40, 400),
    "small": Scale(1_000, 10_000),
    "medium": Scale(10_000, 100_000),
    "large": Scale(100_000, 1_000_000),
}

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_DAY = datetime.date(2001, 7, 1)
LAST_DAY = datetime.date(2026, 6, 30)
NOW = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=TZ)
DRAFT_SHARE = 0.05
BATCH_CONFERENCES = 2_000

# --- Vocabulary -------------------------------------------------------------------------

SURNAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 2),
    ("Phan", 4), ("Vũ", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1),
    ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Đào", 1), ("Trịnh", 1), ("Mai", 1),
]  # fmt: skip
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Tiến", "Công", "Đình", "Mạnh",
               "Thanh", "Ngọc", "Bá", "Trọng", "Quốc", "Việt", "Hồng", "Anh"]  # fmt: skip
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Thúy", "Kim", "Bích", "Mai"]
GIVEN_MALE = ["Kỷ", "Dũng", "Hùng", "Tuấn", "Thắng", "Sơn", "Long", "Hải", "Nam", "Phong",
              "Quân", "Trung", "Hiếu", "Nghĩa", "Bình", "Cường", "Phúc", "Thịnh", "Khoa",
              "Đạt", "Việt", "Tùng", "Lộc", "Vinh", "Quý", "Toàn", "Hòa", "Thành", "Đông",
              "Khánh", "Huy", "Tâm", "Chiến", "Thuận", "Lâm", "Định", "Tiến", "Hưng"]  # fmt: skip
GIVEN_FEMALE = ["Hà", "Lan", "Hương", "Thảo", "Trang", "Linh", "Huyền", "Yến", "Thủy",
                "Hạnh", "Nga", "Giang", "Hằng", "Ngân", "Phương", "Oanh", "Hoa", "Dung",
                "Loan", "Vân"]  # fmt: skip
RANKS = ["Thượng tá", "Đại tá", "Thiếu tướng", "Trung tướng"]
PHOTOGRAPHERS = ["Ngọc Hà", "Minh Đức", "Thanh Tùng", "Hồng Nhung", "Quang Vinh", "Văn Lâm"]

NATIONAL_ORGS = [
    # (name, abbreviation, kind, parent name, aliases, titles for its officials)
    ("Ban Chỉ đạo Nhân quyền Chính phủ", "", "steering-committee", None,
     ["Ban Chỉ đạo về Nhân quyền của Chính phủ"], ["Trưởng ban", "Phó Trưởng ban"]),
    ("Văn phòng Thường trực Ban Chỉ đạo Nhân quyền Chính phủ", "", "office",
     "Ban Chỉ đạo Nhân quyền Chính phủ",
     ["Văn phòng Thường trực về Nhân quyền Chính phủ", "Văn phòng Thường trực về nhân quyền"],
     ["Chánh Văn phòng", "Phó Chánh Văn phòng", "Trưởng phòng"]),
    ("Bộ Công an", "BCA", "ministry", None, [], ["Thứ trưởng"]),
    ("Cục Đối ngoại", "", "department", "Bộ Công an", ["Cục Đối ngoại, Bộ Công an"],
     ["Cục trưởng", "Phó Cục trưởng", "Trưởng phòng"]),
    ("Cục An ninh nội địa", "A04", "department", "Bộ Công an", [],
     ["Cục trưởng", "Phó Cục trưởng", "Trưởng phòng"]),
    ("Bộ Ngoại giao", "BNG", "ministry", None, [], ["Thứ trưởng"]),
    ("Vụ Các tổ chức quốc tế", "", "department", "Bộ Ngoại giao", [],
     ["Vụ trưởng", "Phó Vụ trưởng"]),
    ("Bộ Tư pháp", "BTP", "ministry", None, [], ["Thứ trưởng"]),
    ("Vụ Pháp luật quốc tế", "", "department", "Bộ Tư pháp", [], ["Vụ trưởng", "Phó Vụ trưởng"]),
    ("Ban Tuyên giáo Trung ương", "", "party", None, ["Ban Tuyên giáo và Dân vận Trung ương"],
     ["Phó Trưởng ban", "Vụ trưởng"]),
    ("Bộ Thông tin và Truyền thông", "", "ministry", None, [], ["Thứ trưởng"]),
    ("Cục Thông tin đối ngoại", "", "department", "Bộ Thông tin và Truyền thông", [],
     ["Cục trưởng", "Phó Cục trưởng"]),
    ("Bộ Quốc phòng", "BQP", "ministry", None, [], ["Thứ trưởng"]),
    ("Cục Đối ngoại, Bộ Quốc phòng", "", "department", "Bộ Quốc phòng", [],
     ["Cục trưởng", "Phó Cục trưởng"]),
    ("Quốc hội", "", "legislature", None, [], ["Phó Chủ tịch Quốc hội"]),
    ("Hội đồng Dân tộc của Quốc hội", "", "legislature", "Quốc hội", [],
     ["Chủ tịch", "Phó Chủ tịch"]),
    ("Ủy ban Đối ngoại của Quốc hội", "", "legislature", "Quốc hội", [],
     ["Chủ nhiệm", "Phó Chủ nhiệm"]),
    ("Hội Liên hiệp các tổ chức Hữu nghị Việt Nam", "VUFO", "mass-organization", None,
     ["Liên hiệp các tổ chức hữu nghị Việt Nam"], ["Phó Chủ tịch"]),
]  # fmt: skip
POLICE_ORGS = {"Bộ Công an", "Cục Đối ngoại", "Cục An ninh nội địa", "Bộ Quốc phòng",
               "Cục Đối ngoại, Bộ Quốc phòng"}  # fmt: skip
PROVINCIAL_ORGS = [
    # (name pattern, kind, parent pattern, titles)
    ("{party}", "party", None, ["Bí thư", "Phó Bí thư"]),
    ("Ủy ban nhân dân {unit}", "peoples-committee", None, ["Chủ tịch", "Phó Chủ tịch"]),
    ("Ban Chỉ đạo Nhân quyền {unit}", "steering-committee", "Ủy ban nhân dân {unit}",
     ["Trưởng ban", "Phó Trưởng ban"]),
    ("Công an {unit}", "police", "Ủy ban nhân dân {unit}", ["Giám đốc", "Phó Giám đốc"]),
    ("Phòng An ninh chính trị nội bộ", "police", "Công an {unit}",
     ["Trưởng phòng", "Phó Trưởng phòng"]),
    ("Sở Tư pháp {unit}", "other", "Ủy ban nhân dân {unit}", ["Giám đốc", "Phó Giám đốc"]),
    ("Sở Ngoại vụ {unit}", "other", "Ủy ban nhân dân {unit}", ["Giám đốc", "Phó Giám đốc"]),
    ("Ban Tuyên giáo {party}", "party", "{party}", ["Trưởng ban", "Phó Trưởng ban"]),
]  # fmt: skip

TOPIC_NAMES = [
    "Công tác nhân quyền trong tình hình mới",
    "Cơ chế nhân quyền Liên hợp quốc và sự tham gia của Việt Nam",
    "Quan điểm, chủ trương của Đảng, chính sách, pháp luật của Nhà nước về quyền con người",
    "Thành tựu bảo đảm quyền con người ở Việt Nam",
    "Bảo đảm quyền tự do tín ngưỡng, tôn giáo",
    "Hoạt động lợi dụng vấn đề dân tộc, tôn giáo chống phá Việt Nam",
    "Quyền tự do ngôn luận, tự do internet",
    "Công tác thông tin đối ngoại về nhân quyền",
    "Báo cáo quốc gia theo cơ chế Rà soát định kỳ phổ quát (UPR)",
    "Thực hiện Công ước quốc tế về các quyền dân sự và chính trị (ICCPR)",
    "Thực hiện Công ước chống tra tấn (CAT)",
    "Thực hiện Công ước về xóa bỏ mọi hình thức phân biệt chủng tộc (CERD)",
    "Thực hiện Công ước về quyền trẻ em",
    "Thực hiện Công ước về xóa bỏ mọi hình thức phân biệt đối xử với phụ nữ (CEDAW)",
    "Quyền của người dân tộc thiểu số",
    "Quyền của người khuyết tật",
    "Nhiệm kỳ thành viên Hội đồng Nhân quyền Liên hợp quốc",
    "Đấu tranh phản bác các luận điệu xuyên tạc về nhân quyền",
    "Bảo đảm quyền con người trong hoạt động tư pháp",
    "Quyền con người trong Hiến pháp năm 2013",
    "Xây dựng nhà nước pháp quyền xã hội chủ nghĩa",
    "Kinh nghiệm đối thoại nhân quyền với các đối tác",
    "Công tác nhân quyền trên không gian mạng",
    "Bảo đảm quyền lao động và an sinh xã hội",
    "Giáo dục quyền con người trong hệ thống giáo dục quốc dân",
    "Bình đẳng giới và phòng, chống bạo lực gia đình",
    "Quyền được thông tin và tiếp cận thông tin",
    "Nhận diện các thế lực thù địch lợi dụng vấn đề nhân quyền",
]
OUTLETS = [
    ("Báo Nhân Dân", "ND", "nhandan.vn"),
    ("Báo Quân đội nhân dân", "QĐND", "qdnd.vn"),
    ("Báo Công an nhân dân", "CAND", "cand.com.vn"),
    ("Thông tấn xã Việt Nam", "TTXVN", "vnanet.vn"),
    ("Báo Tin tức", "", "baotintuc.vn"),
    ("Đài Tiếng nói Việt Nam", "VOV", "vov.vn"),
    ("Báo điện tử Chính phủ", "", "baochinhphu.vn"),
    ("Báo Pháp luật Việt Nam", "", "baophapluat.vn"),
    ("Báo Đại biểu Nhân dân", "", "daibieunhandan.vn"),
    ("Thời Đại", "", "thoidai.com.vn"),
    ("Vufo.org.vn", "", "vufo.org.vn"),
    ("Báo Tiền Phong", "TPO", "tienphong.vn"),
    ("Tạp chí Cộng sản", "", "tapchicongsan.org.vn"),
    ("Báo Thế giới và Việt Nam", "", "baoquocte.vn"),
]
REGION_PHRASES = {
    "northern-midlands": "khu vực Trung du, miền núi Bắc Bộ",
    "red-river-delta": "khu vực Đồng bằng sông Hồng",
    "north-central": "khu vực Bắc Trung Bộ và duyên hải miền Trung",
    "central-highlands": "khu vực Tây Nguyên",
    "southeast": "khu vực Đông Nam Bộ",
    "mekong-delta": "khu vực Đồng bằng sông Cửu Long",
}
TITLE_TEMPLATES = [
    "{place}: Tập huấn công tác nhân quyền năm {year}",
    "Tập huấn công tác bảo đảm và đấu tranh về nhân quyền tại {place}",
    "Nâng cao nhận thức về công tác nhân quyền cho cán bộ {place}",
    "{place} tổ chức hội nghị tập huấn công tác nhân quyền",
    "Công tác nhân quyền phải kết hợp chặt chẽ giữa “xây” và “chống”",
    "Bồi dưỡng kiến thức về quyền con người cho cán bộ chủ chốt {place}",
    "Hội nghị tập huấn nhân quyền năm {year}: nhiều chuyên đề thiết thực",
    "Tăng cường hiểu biết về quyền con người tại {place}",
]
FILLER = [
    "Công tác nhân quyền là trách nhiệm của toàn bộ hệ thống chính trị, cần sự vào cuộc "
    "của các cấp ủy, chính quyền và đoàn thể.",
    "Các đại biểu được cập nhật tình hình nhân quyền thế giới và khu vực, những thành tựu "
    "bảo đảm quyền con người ở Việt Nam.",
    "Hội nghị nhằm nâng cao nhận thức, trách nhiệm của cán bộ, đảng viên trong công tác "
    "bảo đảm và đấu tranh về nhân quyền.",
    "Bảo đảm quyền con người trên tất cả các lĩnh vực chính trị, kinh tế, xã hội, văn hóa "
    "để tạo cơ sở đấu tranh chống các luận điệu vu cáo, xuyên tạc.",
    "Các cơ quan, đơn vị cần chủ động nắm tình hình, kịp thời phát hiện và xử lý các vụ "
    "việc phức tạp liên quan đến dân tộc, tôn giáo.",
    "Việt Nam luôn nhất quán quan điểm tôn trọng, bảo vệ và bảo đảm quyền con người, coi "
    "con người là trung tâm của sự phát triển.",
    "Thông tin đối ngoại về nhân quyền cần được đổi mới cả về nội dung và phương thức, "
    "phù hợp với từng đối tượng.",
    "Nhiều ý kiến trao đổi tại hội nghị tập trung vào kinh nghiệm xử lý thông tin sai "
    "lệch trên mạng xã hội.",
    "Các địa phương được đề nghị tiếp tục rà soát, hoàn thiện quy chế phối hợp giữa các "
    "cơ quan thành viên ban chỉ đạo.",
    "Việc thực hiện các công ước quốc tế về quyền con người mà Việt Nam là thành viên được "
    "đánh giá nghiêm túc, có trách nhiệm.",
    "Đại biểu cũng được giới thiệu các văn bản mới của Trung ương về công tác nhân quyền "
    "trong giai đoạn hiện nay.",
    "Công tác tuyên truyền cần bám sát thực tiễn, dùng những câu chuyện cụ thể ở cơ sở để "
    "lan tỏa thông điệp tích cực.",
    "Các thế lực thù địch vẫn lợi dụng vấn đề dân chủ, nhân quyền để gây sức ép, kích "
    "động một số đối tượng chống đối.",
    "Hội nghị là dịp để các cơ quan, đơn vị chia sẻ kinh nghiệm, cách làm hay trong công "
    "tác nhân quyền tại cơ sở.",
    "Việc bảo đảm quyền của người dân tộc thiểu số gắn với các chương trình phát triển kinh "
    "tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi.",
    "Báo cáo viên đã giải đáp nhiều câu hỏi của đại biểu về cách ứng xử với các vấn đề "
    "nhân quyền tại các diễn đàn đa phương.",
    "Năm nay là năm bản lề triển khai nhiều nhiệm vụ quan trọng về quyền con người.",
    "Các cấp, các ngành cần nâng cao chất lượng công tác nắm tình hình, dự báo, tham mưu "
    "về nhân quyền.",
]
SUMMARIES = [
    "Hội nghị giúp cán bộ, đảng viên nắm vững quan điểm của Đảng, chính sách của Nhà nước "
    "về quyền con người.",
    "Tập huấn nhằm nâng cao nhận thức và kỹ năng đấu tranh về nhân quyền cho cán bộ chủ chốt.",
    "Các đại biểu được cập nhật tình hình nhân quyền và những nhiệm vụ trọng tâm trong năm.",
    "",
]
VENUES = ["Hội trường Tỉnh ủy", "Trung tâm Hội nghị tỉnh", "Nhà khách Tỉnh ủy"]
SPEAKER_ROLES = ["chair", "opening_speech", "attendee", "attendee", "closing_speech"]
ROLE_SENTENCES = {
    "chair": "{who} chủ trì hội nghị.",
    "opening_speech": "Phát biểu khai mạc, {who} nhấn mạnh ý nghĩa của hội nghị.",
    "closing_speech": "Phát biểu bế mạc, {who} {closing}.",
    "attendee": "Dự hội nghị có {who}.",
}
CLOSINGS = [
    "đề nghị các cơ quan, đơn vị tiếp tục nâng cao nhận thức về công tác nhân quyền",
    "yêu cầu các đại biểu vận dụng kiến thức được tập huấn vào công việc chuyên môn",
    "nhấn mạnh công tác nhân quyền phải kết hợp chặt chẽ giữa “xây” và “chống”",
]


# --- Writing rows -----------------------------------------------------------------------


class Writer:
    """Appends rows (dicts keyed by attribute name) to a model's table: COPY on PostgreSQL,
    `bulk_create` elsewhere. Ids come from the caller, so rows can point to each other."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.counts = defaultdict(int)

    def write(self, model, rows):
        if not rows:
            return
        self.counts[model._meta.label] += len(rows)
        if not self.postgres:
            model._base_manager.bulk_create([model(**row) for row in rows], batch_size=2_000)
            return
        keys = list(rows[0])
        # Columns the generator leaves out get what save() would give them.
        missing = [(f.column, self.default(f)) for f in model._meta.concrete_fields
                   if f.attname not in rows[0]]  # fmt: skip
        quote = connection.ops.quote_name
        columns = [model._meta.get_field(k).column for k in keys] + [c for c, _v in missing]
        extra = [v for _c, v in missing]
        sql = f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row[k] for k in keys] + extra)

    @staticmethod
    def default(field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return NOW
        return field.get_default()


class Ids:
    """Hands out primary keys after the highest one already in each table."""

    def __init__(self, *models_):
        self.next = {
            m: (m._base_manager.aggregate(n=models.Max("pk"))["n"] or 0) + 1 for m in models_
        }

    def take(self, model):
        value = self.next[model]
        self.next[model] = value + 1
        return value


class Slugs:
    """Unique slugs as `unique_slug()` makes them: base, base-2, base-3, ..."""

    def __init__(self, model):
        self.taken = set(model._base_manager.values_list("slug", flat=True))
        self.next_suffix = {}

    def make(self, text):
        base = vi_slugify(text)[:120].strip("-") or "x"
        slug, n = base, self.next_suffix.get(base, 2)
        while slug in self.taken:
            suffix = f"-{n}"
            slug, n = base[: 120 - len(suffix)] + suffix, n + 1
        self.taken.add(slug)
        self.next_suffix[base] = n
        return slug


def _bulk_load_indexes(tables):
    """PostgreSQL: the plain (non-unique) indexes of `tables`; dropped while loading and
    rebuilt once afterwards, which is much faster than updating a trigram index per row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.tablename = ANY(%s) AND NOT x.indisunique AND NOT x.indisprimary",
            [list(tables)],
        )
        return cursor.fetchall()


# --- The generator ----------------------------------------------------------------------


@dataclass
class Career:
    """An official's titles over time: [(from_date, title, organization)], rank, retirement."""

    official_id: int
    name: str
    stages: list
    rank: str
    retired_on: datetime.date | None

    def on(self, day):
        stage = self.stages[0]
        for candidate in self.stages:
            if candidate[0] <= day:
                stage = candidate
        former = self.retired_on is not None and day >= self.retired_on
        return stage[1], stage[2], former


class Generator:
    def __init__(self, scale, seed=1, progress=None):
        self.scale = SCALES[scale] if isinstance(scale, str) else scale
        self.rng = random.Random(seed)
        self.progress = progress or (lambda message: None)
        self.writer = Writer()
        self.ids = Ids(*MODELS)
        self._fold_cache = {}

    def fold(self, text):
        value = self._fold_cache.get(text)
        if value is None:
            value = self._fold_cache[text] = fold(text)
        return value

    # Reference data: provinces (existing), outlets, organisations, topics, officials.

    def load_provinces(self):
        provinces = list(Province.objects.select_related("successor").order_by("slug"))
        if not provinces:
            raise ValueError("No provinces: run `manage.py load_archive` first.")
        self.former = [p for p in provinces if p.valid_from is None]
        self.current = [p for p in provinces if p.valid_until is None]
        # A skewed share: a few provinces report far more conferences than most.
        self.former_weights = self.skewed_weights(self.former)
        self.current_weights = self.skewed_weights(self.current)

    def skewed_weights(self, provinces):
        order = provinces[:]
        self.rng.shuffle(order)
        rank = {p.pk: i for i, p in enumerate(order)}
        return [1 / (rank[p.pk] + 1) ** 0.8 for p in provinces]

    def make_outlets(self):
        existing = {o.name: o.pk for o in Outlet.objects.all()}
        slugs, rows = Slugs(Outlet), []
        self.outlets, self.outlet_hosts = [], {}
        provincial = [
            (f"Báo {p.name}", "", f"bao{vi_slugify(p.name).replace('-', '')}.vn")
            for p in self.former
            if p.valid_until
        ]
        for name, abbreviation, website in OUTLETS + provincial:
            if name in existing:
                self.outlets.append((existing[name], name))
                self.outlet_hosts[existing[name]] = website or "example.vn"
                continue
            pk = self.ids.take(Outlet)
            rows.append({
                "id": pk, "name": name, "slug": slugs.make(name), "abbreviation": abbreviation,
                "website": website, "description": "",
                "name_folded": fold(f"{name} {abbreviation} {website}"),
            })  # fmt: skip
            self.outlets.append((pk, name))
            self.outlet_hosts[pk] = website
        self.writer.write(Outlet, rows)
        self.outlet_weights = [8 if i < len(OUTLETS) else 1 for i in range(len(self.outlets))]

    def make_organizations(self):
        existing = {o.name_folded: o.pk for o in Organization.objects.all()}
        slugs = Slugs(Organization)
        rows, alias_rows = [], []
        self.national_orgs = []  # (pk, name, titles, police)
        self.provincial_orgs = defaultdict(list)  # province pk -> [(pk, name, titles, police)]
        self.org_names = {}

        def add(name, abbreviation, kind, parent, province, aliases):
            pk = existing.get(fold(name))
            if pk is None:
                pk = self.ids.take(Organization)
                names = [name, abbreviation, *sorted(aliases)]
                rows.append({
                    "id": pk, "name": name, "slug": slugs.make(name), "abbreviation": abbreviation,
                    "kind": kind, "parent_id": parent, "province_id": province,
                    "successor_id": None, "succeeded_on": None, "description": "",
                    "name_folded": fold(name),
                    "search_text": fold(" | ".join(n for n in names if n)),
                })  # fmt: skip
                for alias in aliases:
                    alias_rows.append({
                        "id": self.ids.take(OrganizationAlias), "organization_id": pk,
                        "name": alias, "name_folded": fold(alias),
                    })  # fmt: skip
                existing[fold(name)] = pk
            self.org_names[pk] = name
            return pk

        by_name = {}
        for name, abbreviation, kind, parent, aliases, titles in NATIONAL_ORGS:
            pk = add(name, abbreviation, kind, by_name.get(parent), None, aliases)
            by_name[name] = pk
            self.national_orgs.append((pk, name, titles, name in POLICE_ORGS))
        for province in self.former + [p for p in self.current if p.valid_from]:
            city = province.kind == Province.Kind.CITY
            names = {
                "unit": f"{'thành phố' if city else 'tỉnh'} {province.name}",
                "party": f"{'Thành ủy' if city else 'Tỉnh ủy'} {province.name}",
            }
            local = {}
            for pattern, kind, parent, titles in PROVINCIAL_ORGS:
                name = pattern.format(**names)
                if name == pattern:  # a department whose name recurs in every province
                    name = f"{pattern}, Công an {names['unit']}"
                alias = name.replace("Ban Chỉ đạo Nhân quyền", "Ban Chỉ đạo về Nhân quyền")
                parent_pk = local.get(parent.format(**names)) if parent else None
                pk = add(name, "", kind, parent_pk, province.pk, [alias] if alias != name else [])
                local[name] = pk
                self.provincial_orgs[province.pk].append((pk, name, titles, kind == "police"))
        self.writer.write(Organization, rows)
        self.writer.write(OrganizationAlias, alias_rows)

    def make_topics(self):
        existing = {t.name: t.pk for t in Topic.objects.all()}
        slugs, rows, self.topics = Slugs(Topic), [], []
        for name in TOPIC_NAMES + list(existing):
            if name in existing:
                self.topics.append((existing[name], name))
                continue
            pk = self.ids.take(Topic)
            rows.append({"id": pk, "name": name, "slug": slugs.make(name), "description": "",
                         "name_folded": fold(name)})  # fmt: skip
            self.topics.append((pk, name))
            existing[name] = pk
        self.writer.write(Topic, rows)
        self.topic_weights = [1 / (i + 1) for i in range(len(self.topics))]

    def person_name(self):
        rng = self.rng
        surname = rng.choices([s for s, _ in SURNAMES], [w for _, w in SURNAMES])[0]
        if rng.random() < 0.7:
            return f"{surname} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
        return f"{surname} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"

    def make_officials(self):
        rng, slugs, rows = self.rng, Slugs(Official), []
        self.national_people, self.provincial_people = [], defaultdict(list)
        provincial = [
            (province, org) for province, orgs in self.provincial_orgs.items() for org in orgs
        ]
        for _ in range(self.scale.officials):
            if rng.random() < 0.3:
                province, (org_pk, org_name, titles, police) = None, rng.choice(self.national_orgs)
            else:
                province, (org_pk, org_name, titles, police) = rng.choice(provincial)
            name = self.person_name()
            pk = self.ids.take(Official)
            rows.append({"id": pk, "full_name": name, "slug": slugs.make(name),
                         "sort_key": name_sort_key(name), "name_folded": fold(name),
                         "photo": "", "biography": ""})  # fmt: skip
            # Promotion over time: the lower title first, then the higher one.
            start = self.random_day(FIRST_DAY, LAST_DAY - datetime.timedelta(days=400))
            ladder = list(reversed(titles))
            stages = [(FIRST_DAY, ladder[0], org_pk)]
            if len(ladder) > 1 and rng.random() < 0.5:
                stages.append((self.random_day(start, LAST_DAY), ladder[1], org_pk))
            retired = self.random_day(start, LAST_DAY) if rng.random() < 0.15 else None
            rank = rng.choice(RANKS[:2] if "Phòng" in org_name else RANKS) if police else ""
            career = Career(pk, name, stages, rank, retired)
            (self.provincial_people[province] if province else self.national_people).append(career)
        self.writer.write(Official, rows)
        self.ranks, self.positions = {}, {}

    # Conferences and their articles.

    def random_day(self, first, last):
        return first + datetime.timedelta(days=self.rng.randrange((last - first).days + 1))

    def conference_date(self):
        """A day over 25 years, more of them in recent years, at a mixed precision."""
        rng = self.rng
        years = LAST_DAY.year - FIRST_DAY.year
        day = FIRST_DAY + datetime.timedelta(days=int((years * 365) * rng.random() ** 0.6))
        day = min(day, LAST_DAY)
        precision = rng.choices(
            [Precision.DAY, Precision.MONTH, Precision.YEAR, Precision.UNKNOWN], [85, 7, 5, 3]
        )[0]
        if precision == Precision.DAY:
            printed = f"ngày {day.day}/{day.month}" + (f"/{day.year}" if rng.random() < 0.5 else "")
            return day, day, precision, printed
        if precision == Precision.MONTH:
            return day, day.replace(day=1), precision, f"tháng {day.month}/{day.year}"
        if precision == Precision.YEAR:
            return day, day.replace(month=1, day=1), precision, f"năm {day.year}"
        return day, None, precision, ""

    def pick_province(self, day):
        if day >= MERGER_DATE:
            return self.rng.choices(self.current, self.current_weights)[0]
        return self.rng.choices(self.former, self.former_weights)[0]

    def pick_person(self, province):
        local = self.provincial_people.get(province.pk if province else None)
        if local and self.rng.random() < 0.7:
            return self.rng.choice(local)
        return self.rng.choice(self.national_people or local or [])

    def run(self):
        self.load_provinces()
        self.make_outlets()
        self.make_organizations()
        self.make_topics()
        self.make_officials()
        self.progress(
            f"reference data: {len(self.outlets)} outlets, {len(self.org_names)} organisations, "
            f"{len(self.topics)} topics, {self.scale.officials} officials"
        )
        self.article_slugs, self.conference_slugs = Slugs(Article), Slugs(Conference)
        # Articles per conference: at least one; the rest skewed, some events draw many.
        n = self.scale.conferences
        weights = [self.rng.lognormvariate(0, 1) for _ in range(n)]
        per_conference = [1] * n
        for i in self.rng.choices(range(n), weights, k=max(0, self.scale.articles - n)):
            per_conference[i] += 1
        batch = defaultdict(list)
        self.mentionable = []  # (conference pk, sentence) that later articles mention
        for i in range(n):
            self.conference(per_conference[i], batch)
            if (i + 1) % BATCH_CONFERENCES == 0 or i + 1 == n:
                self.flush(batch)
                articles = self.writer.counts["archive.Article"]
                self.progress(f"conferences {i + 1:,}/{n:,}, articles {articles:,}")
        self.writer.write(Position, list(self.positions.values()))
        self.writer.write(Rank, list(self.ranks.values()))
        return dict(self.writer.counts)

    def flush(self, batch):
        for model in (
            Conference, Article, ArticleImage, ConferenceSource, Organizer, Participation,
            Figure, ConferenceTopic,
        ):  # fmt: skip
            self.writer.write(model, batch.pop(model, []))

    def conference(self, article_count, batch):
        rng = self.rng
        day, start, precision, printed = self.conference_date()
        province = self.pick_province(day)
        scope = rng.choices(
            [Scope.PROVINCIAL, Scope.REGIONAL, Scope.NATIONAL, Scope.UNKNOWN], [75, 12, 8, 5]
        )[0]
        unit = f"{'thành phố' if province.kind == Province.Kind.CITY else 'tỉnh'} {province.name}"
        scope_printed, participating = "", None
        if scope == Scope.REGIONAL:
            participating = rng.randint(5, 16)
            scope_printed = f"{participating} tỉnh, thành phố {REGION_PHRASES[province.region]}"
            name = f"Hội nghị tập huấn công tác nhân quyền năm {day.year} cho {scope_printed}"
        elif scope == Scope.NATIONAL:
            scope_printed = "toàn quốc"
            if rng.random() < 0.4:
                scope_printed += f" (đợt {rng.randint(1, 3)})"
            participating = rng.randint(20, 63) if day < MERGER_DATE else rng.randint(10, 34)
            name = f"Hội nghị tập huấn công tác nhân quyền {scope_printed} năm {day.year}"
            if rng.random() < 0.3:
                province = None
        else:
            name = (
                "Hội nghị tập huấn công tác bảo đảm và đấu tranh về nhân quyền "
                f"năm {day.year} tại {unit}"
            )
        kind = rng.choices(["training", "conference", "other"], [80, 15, 5])[0]
        if kind == "conference":
            name = name.replace("Hội nghị tập huấn", "Hội nghị triển khai")
        fmt = rng.choices(
            [Format.IN_PERSON, Format.ONLINE, Format.HYBRID, Format.UNKNOWN], [60, 10, 15, 15]
        )[0]
        venue = ""
        if province and rng.random() < 0.5:
            venue = f"{rng.choice(VENUES)}, {unit}"
        place = venue or (unit if province else "Hà Nội")
        figures = []  # (kind, value, qualifier)
        if rng.random() < 0.7:
            attendees = rng.choice([rng.randint(40, 400), rng.randint(100, 3500)])
            qualifier = rng.choices(list(Qualifier), [50, 30, 20])[0]
            figures.append((Figure.Kind.ATTENDEES, attendees, qualifier))
        if fmt in (Format.ONLINE, Format.HYBRID) and rng.random() < 0.7:
            figures.append((Figure.Kind.CONNECTION_POINTS, rng.randint(10, 700), Qualifier.EXACT))
        if participating:
            figures.append((Figure.Kind.PROVINCES, participating, Qualifier.EXACT))
        values = {kind_: (value, qualifier) for kind_, value, qualifier in figures}
        attendees, qualifier = values.get(Figure.Kind.ATTENDEES, (None, ""))
        summary = rng.choice(SUMMARIES)
        pk = self.ids.take(Conference)
        parts = [name, summary, venue, scope_printed]
        if province:
            parts.append(province.name)
            if province.successor_id:
                parts.append(province.successor.name)
        published = rng.random() >= DRAFT_SHARE
        stamp = datetime.datetime.combine(day, datetime.time(10), TZ)
        stamp += datetime.timedelta(days=rng.randint(2, 60))
        batch[Conference].append({
            "id": pk, "status": Status.PUBLISHED if published else Status.DRAFT,
            "published_at": stamp if published else None, "updated_at": stamp,
            "name": name, "slug": self.conference_slugs.make(name), "summary": summary,
            "kind": kind, "scope": scope, "scope_as_printed": scope_printed,
            "start_date": start, "date_precision": precision, "date_as_printed": printed,
            "end_date": None, "province_id": province.pk if province else None, "venue": venue,
            "format": fmt, "attendees": attendees, "attendees_qualifier": qualifier,
            "connection_points": values.get(Figure.Kind.CONNECTION_POINTS, (None,))[0],
            "provinces_participating": participating,
            "search_text": fold(" | ".join(p for p in parts if p)),
        })  # fmt: skip

        # Organisers, then people by role and topics, each a sentence of the report.
        local_orgs = self.provincial_orgs.get(province.pk, []) if province else []
        hosts = [rng.choice(local_orgs[1:4])] if local_orgs and scope != Scope.NATIONAL else []
        hosts += rng.sample(self.national_orgs[:2], 1 if hosts else 2)
        when = printed or f"năm {day.year}"
        host_text = " phối hợp với ".join(name_ for _pk, name_, _t, _p in hosts)
        event = f"{name[0].lower()}{name[1:]}"
        intro = f"{when[0].upper()}{when[1:]}, tại {place}, {host_text} tổ chức {event}."
        lead = f"{when[0].upper()}{when[1:]}, {host_text} tổ chức {event}."
        sentences, people, presented = [intro], [], []
        speakers = [self.pick_person(province) for _ in range(rng.randint(2, 5))]
        speakers = list({c.official_id: c for c in speakers}.values())
        for index, career in enumerate(speakers):
            role = SPEAKER_ROLES[index] if index < len(SPEAKER_ROLES) else "attendee"
            who, printed_title, org_pk, former = self.introduce(career, day)
            sentence = ROLE_SENTENCES[role].format(who=who, closing=rng.choice(CLOSINGS))
            sentences.append(sentence)
            people.append((role, career, None, sentence, printed_title, org_pk, former))
        topics = rng.choices(self.topics, self.topic_weights, k=rng.randint(1, 3))
        for topic_pk, topic_name in dict.fromkeys(topics):
            if rng.random() < 0.15 or not self.national_people:
                org_pk, org_name, _titles, _police = rng.choice(self.national_orgs)
                sentence = f"Đại diện lãnh đạo {org_name} trình bày chuyên đề “{topic_name}”."
                people.append(("presenter", None, org_pk, sentence, "", None, False))
            else:
                career = rng.choice(self.national_people)
                who, printed_title, org_pk, former = self.introduce(career, day)
                sentence = f"{who} truyền đạt chuyên đề “{topic_name}”."
                people.append(("presenter", career, None, sentence, printed_title, org_pk, former))
            sentences.append(sentence)
            presented.append((topic_pk, topic_name, sentence))
        core = " ".join(sentences)
        core_folded, lead_folded = fold(core), fold(lead)

        # The articles: several outlets, some reprints, figures that sometimes disagree.
        disagree = len(figures) > 0 and rng.random() < 0.15
        first = original = None
        cited_figures = []
        for a_index in range(article_count):
            outlet_pk, outlet_name = rng.choices(self.outlets, self.outlet_weights)[0]
            if original is not None and rng.random() < 0.2:
                title, body, body_folded, shown = original
                byline, mention = f"Theo {outlet_name}", None
            else:
                place_name = province.name if province else "Hà Nội"
                title = rng.choice(TITLE_TEMPLATES).format(place=place_name, year=day.year)
                byline = self.person_name() if rng.random() < 0.6 else ""
                shown = [
                    (kind_, value + rng.choice([-1, 1]) * rng.randint(1, 3), qualifier_)
                    if disagree and a_index == 1 and kind_ != Figure.Kind.CONNECTION_POINTS
                    else (kind_, value, qualifier_)
                    for kind_, value, qualifier_ in figures
                ]
                paragraphs = [core]
                if shown:
                    paragraphs.append(" ".join(figure_sentence(*f)[0] for f in shown))
                mention = None
                if self.mentionable and rng.random() < 0.1:
                    mention = rng.choice(self.mentionable)
                    paragraphs.append(mention[1])
                paragraphs += rng.sample(FILLER, rng.randint(3, 7))
                body = "\n\n".join(paragraphs)
                body_folded = " ".join([core_folded, *map(self.fold, paragraphs[1:])])
            article = self.ids.take(Article)
            published_ = rng.random() >= DRAFT_SHARE * 0.8
            at, at_precision = self.article_time(day, a_index)
            stamp = (at or NOW) + datetime.timedelta(hours=rng.randint(1, 500))
            search_text = " ".join(
                x for x in (self.fold(title), fold(byline), lead_folded, body_folded) if x
            )
            slug = self.article_slugs.make(title)
            url = f"https://{self.outlet_hosts[outlet_pk]}/{slug}-{article}.html"
            batch[Article].append({
                "id": article, "status": Status.PUBLISHED if published_ else Status.DRAFT,
                "published_at": stamp if published_ else None, "updated_at": stamp,
                "outlet_id": outlet_pk, "url": url if rng.random() < 0.8 else None,
                "slug": slug, "title": title, "title_supplied": False,
                "outlet_published_at": at, "outlet_published_precision": at_precision,
                "byline": byline, "lead": lead, "body": body, "source_document_id": None,
                "search_text": search_text,
            })  # fmt: skip
            if rng.random() < 0.3:
                batch[ArticleImage].append({
                    "id": self.ids.take(ArticleImage), "article_id": article, "order": 0,
                    "image": "", "caption": f"Quang cảnh hội nghị tại {place}.",
                    "credit": rng.choice(PHOTOGRAPHERS),
                })  # fmt: skip
            self.cite(batch, ConferenceSource, pk, article, intro, relation="reports")
            if mention:
                self.cite(batch, ConferenceSource, mention[0], article, mention[1],
                          relation="mentions")  # fmt: skip
            if original is None or (disagree and a_index == 1):
                cited_figures.append((article, shown))
            if original is None:
                first, original = article, (title, body, body_folded, shown)
        if rng.random() < 0.05:
            self.mentionable.append((pk, f"Trước đó, {event} đã diễn ra tại {place}."))
            self.mentionable = self.mentionable[-50:]

        # Evidence, cited from the first article (the second too for disagreeing figures).
        for article, shown in cited_figures:
            for kind_, value, qualifier_ in shown:
                sentence, as_printed = figure_sentence(kind_, value, qualifier_)
                self.cite(batch, Figure, pk, article, sentence, kind=kind_, value=value,
                          qualifier=qualifier_, format="", as_printed=as_printed)  # fmt: skip
        for order, (org_pk, org_name, _titles, _police) in enumerate(hosts):
            role = Organizer.Role.HOST if order == 0 else Organizer.Role.CO_ORGANIZER
            self.cite(batch, Organizer, pk, first, intro, organization_id=org_pk, role=role,
                      as_printed=org_name, order=order)  # fmt: skip
        seen = set()
        for order, (role, career, org_pk, sentence, title, pos_org, former) in enumerate(people):
            key = (career.official_id if career else None, org_pk, role)
            if key in seen:
                continue
            seen.add(key)
            self.cite(
                batch, Participation, pk, first, sentence,
                official_id=career.official_id if career else None, organization_id=org_pk,
                role=role, rank_as_printed=career.rank if career else "",
                title_as_printed=title, order=order,
            )  # fmt: skip
            if career:
                self.observe(career, day, precision, first, sentence, title, pos_org, former)
        for order, (topic_pk, topic_name, sentence) in enumerate(presented):
            self.cite(batch, ConferenceTopic, pk, first, sentence, topic_id=topic_pk,
                      as_printed=topic_name, order=order)  # fmt: skip

    def cite(self, batch, model, conference, article, passage, **fields):
        row = {"id": self.ids.take(model), "conference_id": conference, "article_id": article}
        batch[model].append({**row, "passage": passage, **fields})

    def introduce(self, career, day):
        """("Thiếu tướng Nguyễn Văn A, Phó Cục trưởng Cục X", title as printed, org, former)."""
        title, org_pk, former = career.on(day)
        printed = f"{'nguyên ' if former else ''}{title} {self.org_names[org_pk]}"
        rank = f"{career.rank} " if career.rank else ""
        return f"{rank}{career.name}, {printed}", printed, org_pk, former

    def article_time(self, day, index):
        """When the outlet published it: within days of the event, to the minute or day."""
        rng = self.rng
        precision = rng.choices(["minute", "day", "unknown"], [70, 25, 5])[0]
        if precision == "unknown":
            return None, precision
        on = day + datetime.timedelta(days=rng.randint(0, 3) + index // 3)
        at = (
            datetime.time(rng.randint(6, 22), rng.randint(0, 59)) if precision == "minute" else None
        )
        return datetime.datetime.combine(on, at or datetime.time(0), TZ), precision

    def observe(self, career, day, precision, article, sentence, printed, org_pk, former):
        """A position (and rank) as an article printed it, kept once per wording."""
        observed = day if precision == Precision.DAY else None
        observed_precision = Precision.DAY if observed else Precision.UNKNOWN
        if (career.official_id, printed) not in self.positions:
            title = printed.removeprefix("nguyên ").removesuffix(f" {self.org_names[org_pk]}")
            self.positions[(career.official_id, printed)] = {
                "id": self.ids.take(Position), "official_id": career.official_id,
                "article_id": article, "passage": sentence, "observed_on": observed,
                "observed_precision": observed_precision, "title": title,
                "organization_id": org_pk, "as_printed": printed, "is_former": former,
            }  # fmt: skip
        if career.rank and (career.official_id, career.rank) not in self.ranks:
            self.ranks[(career.official_id, career.rank)] = {
                "id": self.ids.take(Rank), "official_id": career.official_id,
                "article_id": article, "passage": sentence, "rank": career.rank,
                "observed_on": observed, "observed_precision": observed_precision,
            }  # fmt: skip


def figure_sentence(kind, value, qualifier):
    """The sentence an article prints for a figure, and the figure as printed."""
    word = {Qualifier.EXACT: "", Qualifier.MORE_THAN: "hơn ", Qualifier.APPROX: "khoảng "}
    number = f"{word[qualifier]}{value:,}".replace(",", ".")
    if kind == Figure.Kind.ATTENDEES:
        return f"Hội nghị có {number} đại biểu tham dự.", f"{number} đại biểu"
    if kind == Figure.Kind.CONNECTION_POINTS:
        return f"Hội nghị được kết nối trực tuyến tới {number} điểm cầu.", f"{number} điểm cầu"
    printed = f"{number} tỉnh, thành phố"
    return f"Hội nghị có sự tham gia của {printed}.", printed


# Every model the generator writes to.
MODELS = (
    Article, ArticleImage, Conference, ConferenceSource, ConferenceTopic, Figure, Official,
    Organization, OrganizationAlias, Organizer, Outlet, Participation, Position, Rank, Topic,
)  # fmt: skip


def generate(scale, seed=1, progress=None):
    """Add a synthetic archive of `scale` ("tiny", "small", "medium", "large"); returns the
    number of rows written per model. Same seed and same starting database: same rows."""
    progress = progress or (lambda message: None)
    with transaction.atomic():
        postgres = connection.vendor == "postgresql"
        indexes = _bulk_load_indexes([m._meta.db_table for m in MODELS]) if postgres else []
        with connection.cursor() as cursor:
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        counts = Generator(scale, seed, progress).run()
        with connection.cursor() as cursor:
            if indexes:
                progress(f"checking foreign keys, rebuilding {len(indexes)} indexes")
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            for sql in connection.ops.sequence_reset_sql(no_style(), MODELS):
                cursor.execute(sql)
    # Planner statistics: without them SQLite drives the search page's province filter
    # from the wrong table (a hundred times slower at medium). On PostgreSQL, VACUUM also
    # sets the visibility map that index-only scans need; it cannot run inside a
    # transaction (a test's), where ANALYZE alone must do.
    progress("analyzing")
    with connection.cursor() as cursor:
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return counts
