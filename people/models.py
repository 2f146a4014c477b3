"""Officials, the organisations they serve, and their ranks and positions over time."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from archive.lib.dates import (
    Precision,
    format_partial_date,
    partial_date_errors,
    precision_constraint,
)
from archive.lib.text import fold, name_sort_key, strip_name_prefix
from archive.models import CitedQuerySet, Evidence, Province, has_row, slug_field, unique_slug

# The ranks of the army and the police, in the archive's English. A rank is kept as
# printed; this is how English pages show it.
RANK_NAMES = {
    fold(rank): label
    for rank, label in [
        ("Đại tướng", pgettext_lazy("cấp hàm", "Đại tướng")),
        ("Thượng tướng", pgettext_lazy("cấp hàm", "Thượng tướng")),
        ("Trung tướng", pgettext_lazy("cấp hàm", "Trung tướng")),
        ("Thiếu tướng", pgettext_lazy("cấp hàm", "Thiếu tướng")),
        ("Đại tá", pgettext_lazy("cấp hàm", "Đại tá")),
        ("Thượng tá", pgettext_lazy("cấp hàm", "Thượng tá")),
        ("Trung tá", pgettext_lazy("cấp hàm", "Trung tá")),
        ("Thiếu tá", pgettext_lazy("cấp hàm", "Thiếu tá")),
        ("Đại úy", pgettext_lazy("cấp hàm", "Đại úy")),
        ("Thượng úy", pgettext_lazy("cấp hàm", "Thượng úy")),
        ("Trung úy", pgettext_lazy("cấp hàm", "Trung úy")),
        ("Thiếu úy", pgettext_lazy("cấp hàm", "Thiếu úy")),
    ]
}


class OrganizationQuerySet(CitedQuerySet):
    cited_through = ("organizer_roles", "participations", "positions")
    # A public organisation's parents are public too: its page shows them.
    ANCESTOR_DEPTH = 4

    def public(self):
        cited = Organization.objects.filter(self.cited())
        condition = self.cited()
        lookup = "parent"
        for _depth in range(self.ANCESTOR_DEPTH):
            condition |= Q(has_row(cited.filter(**{lookup: OuterRef("pk")})))
            lookup = f"{lookup}__parent"
        return self.filter(condition)

    def search(self, query):
        folded = fold(query)
        return self.filter(search_text__contains=folded) if folded else self.none()

    def matching_name(self, name):
        """Organisations whose name or an alias folds to `name`."""
        folded = fold(name)
        return self.filter(Q(name_folded=folded) | Q(aliases__name_folded=folded)).distinct()


class Organization(models.Model):
    class Kind(models.TextChoices):
        STEERING_COMMITTEE = "steering-committee", _("ban chỉ đạo")
        OFFICE = "office", _("văn phòng, cơ quan thường trực")
        MINISTRY = "ministry", _("bộ, cơ quan ngang bộ")
        DEPARTMENT = "department", _("cục, vụ, phòng")
        PARTY = "party", _("cơ quan Đảng")
        LEGISLATURE = "legislature", _("Quốc hội và cơ quan của Quốc hội")
        PEOPLES_COMMITTEE = "peoples-committee", _("ủy ban nhân dân")
        POLICE = "police", _("công an")
        MASS_ORGANIZATION = "mass-organization", _("tổ chức chính trị - xã hội, hội")
        PRESS = "press", _("cơ quan báo chí")
        OTHER = "other", _("khác")

    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=255,
        blank=True,
        help_text=_("Bản dịch do biên tập viên viết; để trống nếu chưa dịch."),
    )
    slug = slug_field()
    abbreviation = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("trực thuộc"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("tỉnh, thành phố"),
        help_text=_("Chỉ với cơ quan địa phương."),
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("tổ chức kế tục"),
    )
    succeeded_on = models.DateField(_("ngày kế tục"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    search_text = models.TextField(editable=False, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = pgettext_lazy("plural", "tổ chức")
        ordering = ["name_folded"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organization_not_own_parent"
            ),
            models.CheckConstraint(
                condition=Q(succeeded_on__isnull=True) | Q(successor__isnull=False),
                name="organization_succession_date_needs_successor",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:organization-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, reserved=MergedAway.addresses_of(self))
        self.name_folded = fold(self.name)
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self):
        names = [self.name, self.abbreviation, self.name_en]
        if self.pk:
            names += [alias.name for alias in self.aliases.all()]
        return fold(" | ".join(n for n in names if n))

    def refresh_search_text(self):
        Organization.objects.filter(pk=self.pk).update(search_text=self.build_search_text())

    def ancestors(self):
        """Parent, grandparent, ... (nearest first); stops on a cycle."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class OrganizationAlias(models.Model):
    """Another name the press uses for an organisation."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("tổ chức")
    )
    name = models.CharField(_("tên gọi khác"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = pgettext_lazy("plural", "tên gọi khác")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="organization_alias_unique"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)
        self.organization.refresh_search_text()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.organization.refresh_search_text()
        return result


class OfficialQuerySet(CitedQuerySet):
    cited_through = ("participations", "ranks", "positions")

    def search(self, query):
        folded = fold(strip_name_prefix(query))
        return self.filter(name_folded__contains=folded) if folded else self.none()

    def matching_name(self, name):
        """Officials with exactly this name, ignoring diacritics, case and rank."""
        return self.filter(name_folded=fold(strip_name_prefix(name)))


class Official(models.Model):
    """A person who chaired, spoke at, presented to or attended a conference."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    slug = slug_field()
    sort_key = models.CharField(
        _("khóa sắp xếp"),
        max_length=150,
        editable=False,
        db_index=True,
        help_text=_("Theo tên (chữ cuối), như danh bạ Việt Nam."),
    )
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    photo = models.ImageField(_("ảnh chân dung"), upload_to="officials/", blank=True, db_index=True)
    biography = models.TextField(_("tiểu sử"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("quan chức")
        verbose_name_plural = pgettext_lazy("plural", "quan chức")
        ordering = ["sort_key"]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("people:official-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.full_name, reserved=MergedAway.addresses_of(self))
        self.name_folded = fold(self.full_name)
        self.sort_key = name_sort_key(self.full_name)
        super().save(*args, **kwargs)

    @property
    def given_name(self):
        return self.full_name.split()[-1] if self.full_name else ""


class Observation(Evidence):
    """Something an article said about an official on a given date."""

    # It exists only through the article that says it: deleting a (draft) article takes
    # its ranks and positions with it, as the confirmation page lists.
    article = models.ForeignKey(
        "archive.Article",
        on_delete=models.CASCADE,
        related_name="%(class)s_evidence",
        verbose_name=_("bài báo nguồn"),
    )
    observed_on = models.DateField(_("ghi nhận ngày"), null=True, blank=True)
    observed_precision = models.CharField(
        _("độ chính xác"), max_length=10, choices=Precision, default=Precision.UNKNOWN
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = partial_date_errors(
            self.observed_on, self.observed_precision, "observed_on", "observed_precision"
        )
        if errors:
            raise ValidationError(errors)

    @property
    def observed_display(self):
        return format_partial_date(self.observed_on, self.observed_precision)


class Rank(Observation):
    """A military or police rank as an article printed it on a date."""

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="ranks", verbose_name=_("quan chức")
    )
    rank = models.CharField(_("cấp hàm"), max_length=50, help_text=_("Ví dụ: Thiếu tướng."))

    class Meta:
        verbose_name = _("cấp hàm")
        verbose_name_plural = pgettext_lazy("plural", "cấp hàm")
        ordering = ["official", models.F("observed_on").asc(nulls_last=True), "pk"]
        constraints = [
            precision_constraint("observed_on", "observed_precision", "rank_precision_consistent"),
            models.UniqueConstraint(
                fields=["official", "rank", "article"], name="rank_once_per_article"
            ),
        ]

    def __str__(self):
        return f"{self.rank} {self.official}"

    def get_absolute_url(self):
        return self.official.get_absolute_url()


class Position(Observation):
    """A position an official held (or had held: "nguyên") as an article reported it."""

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="positions", verbose_name=_("quan chức")
    )
    title = models.CharField(
        _("chức vụ"), max_length=150, help_text=_("Chức danh, ví dụ Phó Cục trưởng.")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("tại tổ chức"),
    )
    as_printed = models.CharField(
        _("nguyên văn"), max_length=400, help_text=_("Chức vụ đúng như bài báo viết.")
    )
    is_former = models.BooleanField(
        _("nguyên (đã thôi giữ)"), default=False, help_text=_("Bài báo ghi “nguyên …”.")
    )

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = pgettext_lazy("plural", "chức vụ")
        ordering = ["official", models.F("observed_on").asc(nulls_last=True), "pk"]
        constraints = [
            precision_constraint(
                "observed_on", "observed_precision", "position_precision_consistent"
            ),
            models.UniqueConstraint(
                fields=["official", "as_printed", "article"], name="position_once_per_article"
            ),
        ]

    def __str__(self):
        prefix = _("nguyên ") if self.former_unprinted else ""
        return f"{prefix}{self.as_printed}"

    @property
    def former_unprinted(self):
        """Former, though the title as printed does not say so ("nguyên …"): the page then
        says it."""
        return self.is_former and not fold(self.as_printed).startswith("nguyen ")

    def get_absolute_url(self):
        return self.official.get_absolute_url()


class MergedAwayQuerySet(models.QuerySet):
    def survivor_of(self, model, slug):
        """The official or organisation that the record once at `slug` was merged into."""
        kind = model._meta.model_name
        row = self.filter(slug=slug, **{f"{kind}__isnull": False}).select_related(kind).first()
        return getattr(row, kind) if row else None


class MergedAway(models.Model):
    """The address of an official or organisation merged into another: its old page and
    API URLs answer 301 with the survivor's, so that links and citations keep working.
    A later merge of the survivor carries these rows along (people.merge)."""

    slug = models.SlugField(_("địa chỉ cũ"), max_length=120)
    official = models.ForeignKey(
        Official,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="merged_away",
        verbose_name=_("quan chức giữ lại"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="merged_away",
        verbose_name=_("tổ chức giữ lại"),
    )
    merged_at = models.DateTimeField(_("gộp lúc"), auto_now_add=True)

    objects = MergedAwayQuerySet.as_manager()

    class Meta:
        verbose_name = _("địa chỉ cũ sau khi gộp")
        verbose_name_plural = pgettext_lazy("plural", "địa chỉ cũ sau khi gộp")
        constraints = [
            models.CheckConstraint(
                condition=Q(official__isnull=False, organization__isnull=True)
                | Q(official__isnull=True, organization__isnull=False),
                name="merged_away_official_xor_organization",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(official__isnull=False),
                name="merged_away_official_slug_unique",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(organization__isnull=False),
                name="merged_away_organization_slug_unique",
            ),
        ]

    def __str__(self):
        return self.slug

    @classmethod
    def addresses_of(cls, record):
        """The old addresses of `record`'s kind: a new record never takes one, or an old
        link would lead to someone else."""
        return cls.objects.filter(**{f"{record._meta.model_name}__isnull": False})
