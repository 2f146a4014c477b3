"""The news side of the archive: provinces, outlets, source documents and articles, and
the bases every record shares (publication, provenance).

The bottom of the model layer: `people.models` and `conferences.models` import from it,
never the other way round (checked by `make lint`).
"""

import datetime
import functools
import hashlib
import operator

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.lookups import IsNull
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .lib import caching
from .lib.dates import Precision, format_partial_date, partial_date_errors
from .lib.search import Matches
from .lib.text import fold, passage_anchor, squash, vi_slugify

MERGER_DATE = datetime.date(2025, 7, 1)  # Resolution 202/2025/QH15 takes effect
LAST_DAY_BEFORE_MERGER = MERGER_DATE - datetime.timedelta(days=1)
WEB_SCHEMES = ["http", "https"]


# --- Publication workflow -------------------------------------------------------------


class Status(models.TextChoices):
    DRAFT = "draft", _("bản nháp")
    PUBLISHED = "published", _("đã công bố")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def publish(self):
        now = timezone.now()
        rows = self.drafts().update(status=Status.PUBLISHED, published_at=now, updated_at=now)
        return self._changed(rows)

    def unpublish(self):
        now = timezone.now()
        rows = self.published().update(status=Status.DRAFT, published_at=None, updated_at=now)
        return self._changed(rows)

    def _changed(self, rows):
        # update() sends no save signal: retire the cached pages here.
        if rows:
            caching.changed()
        return rows


class Publishable(models.Model):
    """Draft → published. Public pages show `.published()` rows only."""

    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    def save(self, *args, **kwargs):
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        elif self.status == Status.DRAFT:
            self.published_at = None
        super().save(*args, **kwargs)


def publication_constraint(name):
    return models.CheckConstraint(
        condition=Q(status=Status.DRAFT, published_at__isnull=True)
        | Q(status=Status.PUBLISHED, published_at__isnull=False),
        name=name,
    )


def has_row(rows):
    """A condition: the correlated queryset `rows` (filtered on an OuterRef) is not empty.

    Unlike Exists(), a scalar subquery with LIMIT 1 is run for each outer row, an index
    probe; PostgreSQL turns an EXISTS in an OR into a hash of every matching row first, the
    whole evidence table for a page of 50 officials."""
    return IsNull(Subquery(rows.order_by().values("pk")[:1]), False)


class CitedQuerySet(models.QuerySet):
    """For records that exist only through what articles say about them (officials,
    organisations, topics): public once a public fact cites them, so that what an import
    creates stays off the public site until something published cites it."""

    cited_through = ()  # reverse relations from Evidence models

    def public(self):
        return self.filter(self.cited())

    def cited(self):
        """A condition: a public fact cites the row through one of `cited_through`."""
        facts = []
        for relation in self.cited_through:
            field = self.model._meta.get_field(relation)
            rows = field.related_model.objects.public().filter(**{field.field.name: OuterRef("pk")})
            facts.append(Q(has_row(rows)))
        return functools.reduce(operator.or_, facts)


def slug_field(max_length=120):
    """The address of a record: left empty, it is made from the name on save
    (`unique_slug`), by the same folding as everywhere else ("Đắk Lắk" → "dak-lak")."""
    return models.SlugField(
        _("slug"),
        max_length=max_length,
        unique=True,
        blank=True,
        help_text=_("Để trống để tạo tự động từ tên, không dấu (ví dụ: hoi-nghi-tap-huan)."),
    )


def unique_slug(instance, text, max_length=120, reserved=None):
    """An ASCII slug for `text`, suffixed -2, -3, ... when another row already has it, or
    when `reserved` (rows with a `slug`: old addresses still in use) holds it."""
    base = vi_slugify(text)[:max_length].strip("-") or "x"
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, n = base, 2
    while others.filter(slug=slug).exists() or (
        reserved is not None and reserved.filter(slug=slug).exists()
    ):
        suffix = f"-{n}"
        slug, n = base[: max_length - len(suffix)] + suffix, n + 1
    return slug


class ArchiveVersion(models.Model):
    """One row: the archive's current version, replaced by every change. Read and written
    by archive.lib.caching in SQL (a save here must not itself start a new version)."""

    token = models.CharField(max_length=32)

    class Meta:
        db_table = caching.VERSION_TABLE

    def __str__(self):
        return self.token


# --- Provenance -----------------------------------------------------------------------


class EvidenceQuerySet(models.QuerySet):
    def public(self):
        """Rows the public may see and check: the source article is published, and so is
        the record the row is about (a conference) where it has one."""
        rows = self.cited().filter(article__status=Status.PUBLISHED)
        if self.model.about_record:
            rows = rows.filter(**{f"{self.model.about_record}__status": Status.PUBLISHED})
        return rows

    def cited(self):
        """Rows with their source article and outlet, drafts included (staff previews);
        the article's text is not loaded, only what a citation shows."""
        return self.select_related("article__outlet").defer(
            "article__body", "article__lead", "article__search_text"
        )


class Evidence(models.Model):
    """A fact's source: the article that states it and the passage, verbatim."""

    article = models.ForeignKey(
        "archive.Article",
        on_delete=models.PROTECT,
        related_name="%(class)s_evidence",
        verbose_name=_("bài báo nguồn"),
    )
    passage = models.TextField(
        _("đoạn trích dẫn"),
        help_text=_("Chép nguyên văn từ thân bài của bài báo nguồn."),
    )

    objects = EvidenceQuerySet.as_manager()
    # The publishable record a row is a fact about ("conference"), if any: its facts are
    # public only while it is.
    about_record = None

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if not (self.article_id and self.passage):
            return
        saved_page = self.quotes_saved_page()
        if not self.article.contains_passage(self.passage, in_source_document=saved_page):
            message = (
                _("Đoạn trích không có nguyên văn trong tài liệu gốc.")
                if saved_page
                else _("Đoạn trích không có nguyên văn trong bài báo nguồn.")
            )
            raise ValidationError({"passage": message})

    def quotes_saved_page(self):
        """Whether the passage may come from the saved page rather than the article's text:
        for a story the page only links to (a teaser beside the body)."""
        return False

    @property
    def passage_anchor(self):
        """The id of this passage in its article's page (the same for every fact citing
        the same words)."""
        return passage_anchor(self.passage)

    @property
    def passage_url(self):
        """The article's page, scrolled to the passage (marked there by its anchor)."""
        return f"{self.article.get_absolute_url()}#{self.passage_anchor}"


def evidence_models():
    """Every concrete model that cites an article passage (facts of every app)."""
    return [model for model in apps.get_models() if issubclass(model, Evidence)]


# --- Provinces ------------------------------------------------------------------------


class Region(models.TextChoices):
    NORTHERN_MIDLANDS = "northern-midlands", _("Trung du và miền núi phía Bắc")
    RED_RIVER_DELTA = "red-river-delta", _("Đồng bằng sông Hồng")
    NORTH_CENTRAL = "north-central", _("Bắc Trung Bộ và duyên hải miền Trung")
    CENTRAL_HIGHLANDS = "central-highlands", _("Tây Nguyên")
    SOUTHEAST = "southeast", _("Đông Nam Bộ")
    MEKONG_DELTA = "mekong-delta", _("Đồng bằng sông Cửu Long")


class ProvinceQuerySet(models.QuerySet):
    def current(self):
        """The 34 units in force from 1 July 2025."""
        return self.filter(valid_until__isnull=True)

    def former(self):
        """The 63 units in force on 30 June 2025, the eve of the merger (the 11 unchanged
        ones included; the city of Huế, not the province it was until 2025)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lt=MERGER_DATE),
            Q(valid_until__isnull=True) | Q(valid_until__gte=LAST_DAY_BEFORE_MERGER),
        )

    def by_name(self):
        return self.order_by("name_folded", "valid_from")


class Province(models.Model):
    """A provincial unit; one record per unit, both before and after the 2025 merger.

    Unchanged units (Hà Nội, Lai Châu, ...) are one record valid throughout. A merged unit
    that kept a former unit's name ("Phú Thọ") is a new record; the former one keeps
    the name with a "-cu" slug and points to it through `successor`. A unit whose status
    changed has a record for each (Thừa Thiên Huế, a province until 31 December 2024,
    then the city of Huế), so that a conference points to the unit as it was on its day.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("tỉnh")
        CITY = "city", _("thành phố trực thuộc trung ương")

    name = models.CharField(_("tên"), max_length=100)
    full_name = models.CharField(_("tên đầy đủ"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=4,
        blank=True,
        help_text=_("Mã chính thức của đơn vị hiện hành (từ 1/7/2025)."),
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind)
    region = models.CharField(_("vùng"), max_length=20, choices=Region)
    valid_from = models.DateField(
        _("hiệu lực từ"), null=True, blank=True, help_text=_("Để trống nếu có từ trước 2025.")
    )
    valid_until = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, help_text=_("Để trống nếu vẫn còn hiệu lực.")
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("nay thuộc"),
        help_text=_("Đơn vị hiện hành mà đơn vị cũ đã sáp nhập vào."),
    )
    aliases = models.JSONField(
        _("tên gọi khác"), default=list, blank=True, help_text=_("Ví dụ: TP.HCM, Thừa Thiên Huế.")
    )
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = pgettext_lazy("plural", "tỉnh, thành phố")
        ordering = ["name_folded", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_until__isnull=True),
                name="province_valid_before_or_after_merger",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(valid_until__isnull=False),
                name="province_successor_only_for_former",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:province-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_current(self):
        return self.valid_until is None

    @property
    def is_former(self):
        """One of the 63 units of 30 June 2025 (see ProvinceQuerySet.former)."""
        started = self.valid_from is None or self.valid_from < MERGER_DATE
        return started and (self.valid_until is None or self.valid_until >= LAST_DAY_BEFORE_MERGER)

    @property
    def continues_as_successor(self):
        """Whether the successor is this unit under a new status or name (Quảng Ninh, a
        province, then a city; Thừa Thiên Huế, then Huế), not another it merged into."""
        return bool(self.successor_id) and (
            self.successor.name == self.name or self.valid_until < LAST_DAY_BEFORE_MERGER
        )

    def in_force_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    @property
    def validity(self):
        if self.valid_from is None and self.valid_until is None:
            return _("trước và sau 1/7/2025")
        if self.valid_until:
            return _("đến %(date)s") % {
                "date": format_partial_date(self.valid_until, Precision.DAY)
            }
        return _("từ %(date)s") % {"date": format_partial_date(self.valid_from, Precision.DAY)}

    def label_on(self):
        """ "Vĩnh Phúc (nay thuộc Phú Thọ)" for a former unit merged into another, "Phú Thọ
        (cũ)" for one whose name the merged unit kept, "Thừa Thiên Huế (nay là Huế)" for a
        renamed one, the plain name otherwise."""
        if not self.successor_id:
            return self.name
        if self.successor.name == self.name:
            return _("%(name)s (cũ)") % {"name": self.name}
        if self.continues_as_successor:  # renamed: Thừa Thiên Huế (nay là Huế)
            return _("%(name)s (nay là %(successor)s)") % {
                "name": self.name,
                "successor": self.successor.name,
            }
        return _("%(name)s (nay thuộc %(successor)s)") % {
            "name": self.name,
            "successor": self.successor.name,
        }

    def choice_label(self):
        """label_on(), telling a former unit from today's unit of the same name where both
        are offered: "Bắc Ninh (cũ, đến 30/6/2025)"."""
        if self.successor_id and self.successor.name == self.name:
            return _("%(name)s (cũ, đến %(date)s)") % {
                "name": self.name,
                "date": format_partial_date(self.valid_until, Precision.DAY),
            }
        return self.label_on()

    def covered_units(self):
        """The units whose records count as this one's: itself and, when current, the
        former units merged into it (Phú Thọ covers Vĩnh Phúc and Hòa Bình)."""
        if self.is_current:
            return Province.objects.filter(Q(pk=self.pk) | Q(successor=self))
        return Province.objects.filter(pk=self.pk)

    def covering(self, field="province"):
        """A Q for rows whose `field` (a foreign key to Province) is a covered unit."""
        if not self.is_current:
            return Q(**{field: self})
        # Ids rather than a join to the province table, so an index on the key serves it.
        return Q(**{f"{field}__in": self.covered_units().values("pk")})


# --- Outlets, documents and articles ------------------------------------------------


class Outlet(models.Model):
    """A news outlet or website that published an article."""

    name = models.CharField(_("tên"), max_length=200, unique=True)
    slug = slug_field(max_length=100)
    abbreviation = models.CharField(_("tên viết tắt"), max_length=30, blank=True)
    website = models.CharField(
        _("trang web"), max_length=200, blank=True, help_text=_("Tên miền, ví dụ thoidai.com.vn.")
    )
    description = models.TextField(_("mô tả"), blank=True)
    name_folded = models.CharField(max_length=250, editable=False)

    class Meta:
        verbose_name = _("cơ quan báo chí")
        verbose_name_plural = pgettext_lazy("plural", "cơ quan báo chí")
        ordering = ["name_folded"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:article-list") + f"?outlet={self.slug}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=100)
        self.name_folded = fold(f"{self.name} {self.abbreviation} {self.website}")
        super().save(*args, **kwargs)


def sha256_hex(content):
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


# A stored name is part of a URL and of a backup's file path: no "/", "\\" or "..", no
# leading dot, nothing a URL must escape.
validate_file_name = RegexValidator(
    r"\A[A-Za-z0-9][A-Za-z0-9._-]*\Z",
    _(
        "Tên tệp chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới, "
        "và bắt đầu bằng chữ cái hoặc chữ số."
    ),
    code="invalid_file_name",
)


def unguessable_file_name(content, content_type, hint=""):
    """`<hint as a slug>-<16 hex digits of the content's SHA-256>.<txt|html>`: readable in
    the admin, yet not guessable without the content itself (drafts' documents are not
    public, and their names must not be enumerable either)."""
    stem = vi_slugify(hint.rsplit(".", 1)[0])[:60].strip("-") or "tai-lieu"
    extension = "html" if content_type == "text/html" else "txt"
    return f"{stem}-{sha256_hex(content)[:16]}.{extension}"


class SourceDocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents a published article was built from: what readers may open."""
        cited = Article.objects.published().filter(source_document=OuterRef("pk"))
        return self.filter(Exists(cited))


class SourceDocument(models.Model):
    """The page an article was built from, exactly as received, so citations survive
    the outlet editing or deleting it."""

    file_name = models.CharField(
        _("tên tệp"),
        max_length=200,
        unique=True,
        blank=True,
        validators=[validate_file_name],
        help_text=_("Đặt tự động khi lưu lần đầu."),
    )
    content = models.TextField(_("nội dung gốc"))
    content_type = models.CharField(_("định dạng"), max_length=50, default="text/plain")
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    retrieved_at = models.DateTimeField(
        _("thời điểm lưu"),
        null=True,
        blank=True,
        help_text=_("Khi trang được lưu về; để trống nếu không được ghi lại."),
    )

    objects = SourceDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu gốc")
        verbose_name_plural = pgettext_lazy("plural", "tài liệu gốc")
        ordering = ["file_name"]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("archive:source-document", kwargs={"file_name": self.file_name})

    def save(self, *args, **kwargs):
        self.sha256 = sha256_hex(self.content)
        if not self.file_name:
            self.file_name = unguessable_file_name(self.content, self.content_type)
        super().save(*args, **kwargs)


class ArticleQuerySet(PublishableQuerySet):
    def for_listing(self):
        return self.select_related("outlet").order_by(
            models.F("outlet_published_at").desc(nulls_last=True), "title"
        )

    def search(self, query, *, whole_words=False):
        return self.filter(Matches(query, whole_words=whole_words))


class Article(Publishable):
    """One news story from one outlet."""

    class TimePrecision(models.TextChoices):
        MINUTE = "minute", _("phút")
        DAY = "day", _("ngày")
        UNKNOWN = "unknown", _("không rõ")

    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("cơ quan báo chí"),
        help_text=_("Để trống nếu tài liệu gốc không cho biết."),
    )
    # Only web addresses: a stored "javascript:" link would run on the archive's pages.
    url = models.URLField(
        _("đường dẫn gốc"),
        max_length=500,
        null=True,
        blank=True,
        unique=True,
        validators=[URLValidator(schemes=WEB_SCHEMES)],
    )
    slug = slug_field()
    title = models.CharField(_("tiêu đề"), max_length=300)
    title_supplied = models.BooleanField(
        _("tiêu đề do lưu trữ đặt"),
        default=False,
        help_text=_("Bài gốc không có tiêu đề; tiêu đề này do biên tập viên đặt."),
    )
    outlet_published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)
    outlet_published_precision = models.CharField(
        _("độ chính xác ngày đăng"),
        max_length=10,
        choices=TimePrecision,
        default=TimePrecision.UNKNOWN,
    )
    byline = models.CharField(_("tác giả"), max_length=200, blank=True)
    lead = models.TextField(_("sapo"), blank=True)
    # May be empty: a short item's whole text can be its lead.
    body = models.TextField(
        _("nội dung"), blank=True, help_text=_("Các đoạn văn cách nhau bởi một dòng trống.")
    )
    source_document = models.ForeignKey(
        SourceDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("tài liệu gốc"),
    )
    search_text = models.TextField(editable=False, default="")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài báo")
        verbose_name_plural = pgettext_lazy("plural", "bài báo")
        ordering = [models.F("outlet_published_at").desc(nulls_last=True), "title"]
        constraints = [
            publication_constraint("article_publication_consistent"),
            models.CheckConstraint(
                condition=Q(outlet_published_precision="unknown", outlet_published_at__isnull=True)
                | (~Q(outlet_published_precision="unknown") & Q(outlet_published_at__isnull=False)),
                name="article_date_precision_consistent",
            ),
            models.CheckConstraint(
                condition=Q(url__isnull=True)
                | Q(url__istartswith="http://")
                | Q(url__istartswith="https://"),
                name="article_url_is_http",
            ),
        ]
        indexes = [models.Index(fields=["status", "-outlet_published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("archive:article-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = partial_date_errors(
            self.outlet_published_at,
            self.outlet_published_precision,
            "outlet_published_at",
            "outlet_published_precision",
        )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self):
        return fold(" ".join([self.title, self.byline, self.lead, self.body]))

    @property
    def paragraphs(self):
        return [p for p in (squash(p) for p in self.body.split("\n\n")) if p]

    @property
    def outlet_date_display(self):
        if self.outlet_published_at is None:
            return ""
        local = timezone.localtime(self.outlet_published_at)
        date = format_partial_date(local.date(), Precision.DAY)
        if self.outlet_published_precision == self.TimePrecision.MINUTE:
            return f"{local:%H:%M} {date}"
        return date

    def contains_passage(self, passage, *, in_source_document=False):
        """Whether `passage` occurs verbatim (whitespace-normalised) in the title, lead,
        body or a caption; or, for a story the page only links to, in the saved page."""
        needle = squash(passage)
        haystacks = [self.title, self.lead, self.body]
        if self.pk:
            haystacks += [image.caption for image in self.images.all()]
        if in_source_document and self.source_document_id:
            haystacks.append(self.source_document.content)
        return bool(needle) and any(needle in squash(text) for text in haystacks)


class ArticleImage(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="images", verbose_name=_("bài báo")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    image = models.ImageField(_("tệp ảnh"), upload_to="articles/%Y/", blank=True, db_index=True)
    caption = models.TextField(_("chú thích"), blank=True)
    credit = models.CharField(_("nguồn ảnh"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = pgettext_lazy("plural", "ảnh")
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="article_image_order_unique")
        ]

    def __str__(self):
        return self.caption[:80] or f"#{self.order}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()
