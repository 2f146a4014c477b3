"""Conferences and what happened at them: organisers, participants, topics, figures."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from archive.lib.dates import (
    Precision,
    format_partial_date,
    partial_date_errors,
    precision_constraint,
)
from archive.lib.search import Matches
from archive.lib.text import fold, printed_numbers, squash
from archive.models import (
    Article,
    CitedQuerySet,
    Evidence,
    Province,
    Publishable,
    PublishableQuerySet,
    publication_constraint,
    slug_field,
    unique_slug,
)
from people.models import Official, Organization


class Scope(models.TextChoices):
    PROVINCIAL = "provincial", _("cấp tỉnh")
    REGIONAL = "regional", _("khu vực")
    NATIONAL = "national", _("toàn quốc")
    UNKNOWN = "unknown", _("không rõ")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("trực tiếp")
    ONLINE = "online", _("trực tuyến")
    HYBRID = "hybrid", _("trực tiếp và trực tuyến")
    UNKNOWN = "unknown", _("không rõ")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("đúng")
    APPROX = "approx", _("khoảng")
    MORE_THAN = "more_than", _("hơn")

    @classmethod
    def printed_in(cls, text):
        """The qualifier a figure's wording states ("hơn 350" → more than), or None."""
        words = set(fold(text).split())
        if words & {"hon", "tren"}:
            return cls.MORE_THAN
        if words & {"khoang", "gan", "xap", "chung", "uoc"}:
            return cls.APPROX
        return None


class TopicQuerySet(CitedQuerySet):
    cited_through = ("conference_topics",)


class Topic(models.Model):
    """A subject presented at conferences ("Công tác nhân quyền trong tình hình mới")."""

    name = models.CharField(_("tên chuyên đề"), max_length=400, unique=True)
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=400,
        blank=True,
        help_text=_("Bản dịch do biên tập viên viết; để trống nếu chưa dịch."),
    )
    slug = slug_field()
    description = models.TextField(_("mô tả"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    name_folded = models.CharField(max_length=400, editable=False, db_index=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyên đề")
        verbose_name_plural = pgettext_lazy("plural", "chuyên đề")
        ordering = ["name_folded"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("conferences:topic-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class ConferenceQuerySet(PublishableQuerySet):
    def in_province(self, province):
        """Held in `province`: a current unit includes the former units merged into it."""
        return self.filter(province.covering())

    def in_year(self, year):
        return self.filter(start_date__year=year)

    def search(self, query, *, whole_words=False):
        return self.filter(Matches(query, whole_words=whole_words))

    def cited_by_public(self, relation, **match):
        """Conferences with a `relation` row ("organizers", "participations",
        "conference_topics") that matches and comes from a published article."""
        rows = self.model._meta.get_field(relation).related_model.objects.public()
        return self.filter(pk__in=rows.filter(**match).values("conference"))

    def cited_articles(self):
        """Every article these conferences' rows cite (sources and facts)."""
        ids = set()
        for model in self.model.evidence_models():
            rows = model._base_manager.filter(conference__in=self.values("pk"))
            ids.update(rows.values_list("article", flat=True))
        return Article.objects.filter(pk__in=ids)

    def left_uncited(self):
        """What deleting these conferences would leave cited by nothing, offered for
        deletion with them: their draft articles that no other conference cites (with the
        ranks and positions they state), and the officials, organisations and topics that
        nothing else cites: {"article": [...], "official": [...], "organization": [...],
        "topic": [...]}."""
        going_conferences = list(self.values_list("pk", flat=True))
        ours = Q(conference__in=going_conferences)
        articles = self.cited_articles().drafts()
        shared = set()
        for model in self.model.evidence_models():
            rows = model._base_manager.filter(article__in=articles).exclude(ours)
            shared.update(rows.values_list("article", flat=True))
        articles = list(articles.exclude(pk__in=shared).order_by("pk"))
        going = [article.pk for article in articles]
        gone = Q(article__in=going)
        candidates = {
            Official: Q(participations__conference__in=going_conferences)
            | Q(ranks__article__in=going) | Q(positions__article__in=going),
            Organization: Q(organizer_roles__conference__in=going_conferences)
            | Q(participations__conference__in=going_conferences)
            | Q(positions__article__in=going),
            Topic: Q(conference_topics__conference__in=going_conferences),
        }  # fmt: skip
        found = {"article": articles}
        for model, mentioned in candidates.items():
            records = model.objects.filter(mentioned).distinct()
            for relation in model.objects.all().cited_through:
                field = model._meta.get_field(relation)
                remaining = field.related_model._base_manager.exclude(gone)
                if field.related_model.about_record:
                    remaining = remaining.exclude(ours)
                cited = remaining.filter(**{f"{field.field.attname}__isnull": False})
                records = records.exclude(pk__in=cited.values(field.field.attname))
            if model is Organization:  # a parent or predecessor is kept by its children
                records = records.filter(children__isnull=True, predecessors__isnull=True)
            found[model._meta.model_name] = list(records.order_by("pk"))
        return found

    def for_listing(self):
        return self.select_related("province__successor").order_by(
            models.F("start_date").desc(nulls_last=True), "name"
        )

    def for_detail(self, *, public=True):
        """Conferences with everything their page shows prefetched: the cited rows whose
        article is published, or every cited row (`public=False`, staff previews)."""

        def rows(model):
            return model.objects.public() if public else model.objects.cited()

        by_article_date = models.F("article__outlet_published_at").asc(nulls_last=True)
        return self.select_related("province__successor").prefetch_related(
            Prefetch(
                "sources",
                queryset=rows(ConferenceSource).order_by("relation", by_article_date, "pk"),
            ),
            Prefetch("figures", queryset=rows(Figure)),
            Prefetch("facts", queryset=rows(ConferenceFact)),
            Prefetch("organizers", queryset=rows(Organizer).select_related("organization")),
            Prefetch(
                "participations",
                queryset=rows(Participation).select_related("official", "organization"),
            ),
            Prefetch("conference_topics", queryset=rows(ConferenceTopic).select_related("topic")),
        )


class Conference(Publishable):
    class Kind(models.TextChoices):
        TRAINING = "training", _("hội nghị tập huấn")
        CONFERENCE = "conference", _("hội nghị")
        OTHER = "other", _("khác")

    name = models.CharField(_("tên hội nghị"), max_length=400, help_text=_("Như bài báo đưa tin."))
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=400,
        blank=True,
        help_text=_("Bản dịch do biên tập viên viết; để trống nếu chưa dịch."),
    )
    slug = slug_field()
    summary = models.TextField(_("tóm tắt"), blank=True)
    summary_en = models.TextField(
        _("tóm tắt tiếng Anh"),
        blank=True,
        help_text=_("Bản dịch do biên tập viên viết; để trống nếu chưa dịch."),
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind, default=Kind.TRAINING)
    scope = models.CharField(_("phạm vi"), max_length=12, choices=Scope, default=Scope.UNKNOWN)
    scope_as_printed = models.CharField(
        _("phạm vi (nguyên văn)"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: 14 tỉnh, thành phố khu vực Trung du, miền núi Bắc Bộ."),
    )
    round_as_printed = models.CharField(
        _("đợt (nguyên văn)"),
        max_length=100,
        blank=True,
        help_text=_("Khi hội nghị là một đợt trong chuỗi, ví dụ: đợt 2."),
    )
    start_date = models.DateField(
        _("ngày"),
        null=True,
        blank=True,
        help_text=_("Với độ chính xác năm hoặc tháng, ghi ngày đầu tiên của kỳ đó."),
    )
    date_precision = models.CharField(
        _("độ chính xác của ngày"), max_length=10, choices=Precision, default=Precision.UNKNOWN
    )
    date_as_printed = models.CharField(
        _("ngày (nguyên văn)"), max_length=100, blank=True, help_text=_("Ví dụ: ngày 12/4.")
    )
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
        verbose_name=_("tỉnh, thành phố"),
        help_text=_("Đơn vị hành chính vào ngày diễn ra hội nghị."),
    )
    venue = models.CharField(_("địa điểm"), max_length=200, blank=True)
    format = models.CharField(_("hình thức"), max_length=10, choices=Format, default=Format.UNKNOWN)
    attendees = models.PositiveIntegerField(_("số đại biểu"), null=True, blank=True)
    attendees_qualifier = models.CharField(
        _("mức độ chính xác số đại biểu"), max_length=10, choices=Qualifier, blank=True
    )
    connection_points = models.PositiveIntegerField(_("số điểm cầu"), null=True, blank=True)
    provinces_participating = models.PositiveSmallIntegerField(
        _("số tỉnh, thành phố tham gia"), null=True, blank=True
    )
    organizations = models.ManyToManyField(
        Organization,
        through="Organizer",
        related_name="organized_conferences",
        verbose_name=_("đơn vị tổ chức"),
    )
    topics = models.ManyToManyField(
        Topic, through="ConferenceTopic", related_name="conferences", verbose_name=_("chuyên đề")
    )
    articles = models.ManyToManyField(
        Article,
        through="ConferenceSource",
        related_name="conferences",
        verbose_name=_("bài báo nguồn"),
    )
    search_text = models.TextField(editable=False, default="")

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = pgettext_lazy("plural", "hội nghị")
        ordering = [models.F("start_date").desc(nulls_last=True), "name"]
        constraints = [
            publication_constraint("conference_publication_consistent"),
            precision_constraint("start_date", "date_precision", "conference_precision_consistent"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__gte=models.F("start_date")),
                name="conference_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(attendees__isnull=True, attendees_qualifier="")
                | Q(attendees__isnull=False) & ~Q(attendees_qualifier=""),
                name="conference_attendees_qualified",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "start_date"]),
            models.Index(fields=["status", "start_date"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("conferences:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = partial_date_errors(
            self.start_date, self.date_precision, "start_date", "date_precision"
        )
        if errors:
            raise ValidationError(errors)
        if self.end_date and (self.start_date is None or self.end_date < self.start_date):
            raise ValidationError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu.")})
        if (self.attendees is None) != (not self.attendees_qualifier):
            raise ValidationError(
                {"attendees_qualifier": _("Số đại biểu và mức độ chính xác đi cùng nhau.")}
            )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self):
        parts = [self.name, self.summary, self.venue, self.scope_as_printed, self.round_as_printed]
        parts += [self.name_en, self.summary_en]
        if self.province_id:
            parts.append(self.province.name)
            if self.province.successor_id:
                parts.append(self.province.successor.name)
        return fold(" | ".join(p for p in parts if p))

    @property
    def year(self):
        return self.start_date.year if self.start_date else None

    # The rows that cite an article for a fact about the conference.
    EVIDENCE = ("sources", "facts", "figures", "organizers", "participations", "conference_topics")

    @classmethod
    def evidence_models(cls):
        return [cls._meta.get_field(relation).related_model for relation in cls.EVIDENCE]

    def left_uncited(self):
        return Conference.objects.filter(pk=self.pk).left_uncited()

    @property
    def date_display(self):
        return format_partial_date(self.start_date, self.date_precision)


class ConferenceEvidence(Evidence):
    """A fact about a conference, from one article."""

    about_record = "conference"

    class Meta:
        abstract = True

    def quotes_saved_page(self):
        # What an article says about a conference it only links to is on the saved page.
        return ConferenceSource.objects.filter(
            conference=self.conference_id,
            article=self.article_id,
            relation=ConferenceSource.Relation.MENTIONS,
        ).exists()

    def get_absolute_url(self):
        return self.conference.get_absolute_url()


class ConferenceSource(ConferenceEvidence):
    """An article that reports (or mentions in passing) a conference."""

    class Relation(models.TextChoices):
        REPORTS = "reports", _("đưa tin")
        MENTIONS = "mentions", _("nhắc đến")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="sources", verbose_name=_("hội nghị")
    )
    relation = models.CharField(
        _("quan hệ"), max_length=10, choices=Relation, default=Relation.REPORTS
    )

    class Meta:
        verbose_name = _("nguồn tin")
        verbose_name_plural = pgettext_lazy("plural", "nguồn tin")
        ordering = ["conference", "article__outlet_published_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "article"], name="conference_source_unique"
            )
        ]

    def __str__(self):
        return f"{self.article} → {self.conference}"

    def quotes_saved_page(self):
        return self.relation == self.Relation.MENTIONS


class ConferenceFact(ConferenceEvidence):
    """Where a source states one of the conference's own facts (its date, place, scope…),
    with the words that state it. A fact with no such row is the archive's own reading,
    and the page says so."""

    class Kind(models.TextChoices):
        NAME = "name", _("tên hội nghị")
        DATE = "date", _("thời gian")
        PROVINCE = "province", _("địa phương")
        VENUE = "venue", _("địa điểm")
        SCOPE = "scope", _("phạm vi")
        ROUND = "round", _("đợt")
        SUMMARY = "summary", _("tóm tắt")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="facts", verbose_name=_("hội nghị")
    )
    kind = models.CharField(_("dữ kiện"), max_length=10, choices=Kind)
    as_printed = models.CharField(
        _("nguyên văn"),
        max_length=400,
        help_text=_("Những chữ trong đoạn trích nêu dữ kiện, ví dụ: Ngày 23/8."),
    )

    class Meta:
        verbose_name = _("dữ kiện theo nguồn")
        verbose_name_plural = pgettext_lazy("plural", "dữ kiện theo nguồn")
        ordering = ["conference", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "kind", "article", "as_printed"],
                name="conference_fact_once_per_source",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.as_printed}"

    def clean(self):
        super().clean()
        if self.as_printed and self.passage and squash(self.as_printed) not in squash(self.passage):
            raise ValidationError({"as_printed": _("Hãy chép những chữ này từ đoạn trích.")})


class Figure(ConferenceEvidence):
    """A figure as one source reported it; sources may disagree (25 vs 26 provinces)."""

    class Kind(models.TextChoices):
        ATTENDEES = "attendees", _("số đại biểu")
        CONNECTION_POINTS = "connection_points", _("số điểm cầu")
        PROVINCES = "provinces_participating", _("số tỉnh, thành phố tham gia")
        FORMAT = "format", _("hình thức")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="figures", verbose_name=_("hội nghị")
    )
    kind = models.CharField(_("số liệu"), max_length=25, choices=Kind)
    value = models.PositiveIntegerField(_("giá trị"), null=True, blank=True)
    qualifier = models.CharField(
        _("mức độ chính xác"), max_length=10, choices=Qualifier, default=Qualifier.EXACT
    )
    format = models.CharField(_("hình thức"), max_length=10, choices=Format, blank=True)
    as_printed = models.CharField(
        _("nguyên văn"), max_length=200, help_text=_("Ví dụ: hơn 350 đại biểu.")
    )

    class Meta:
        verbose_name = _("số liệu theo nguồn")
        verbose_name_plural = pgettext_lazy("plural", "số liệu theo nguồn")
        ordering = ["conference", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "kind", "article"], name="figure_once_per_source"
            ),
            models.CheckConstraint(
                condition=Q(kind="format", value__isnull=True) & ~Q(format="")
                | ~Q(kind="format") & Q(value__isnull=False, format=""),
                name="figure_value_matches_kind",
            ),
        ]

    def __str__(self):
        return self.as_printed

    def clean(self):
        """A figure is what its source printed: the value and qualifier must be the ones in
        the wording as printed ("3.100 đại biểu" is 3,100, not 3,200)."""
        super().clean()
        if self.kind == self.Kind.FORMAT or self.value is None or not self.as_printed:
            return
        errors = {}
        numbers = printed_numbers(self.as_printed)
        if numbers and self.value not in numbers:
            errors["value"] = _(
                "Nguyên văn “%(printed)s” ghi %(numbers)s, không phải %(value)s. Số liệu theo "
                "nguồn phải đúng như bài báo in; nếu nguồn khác ghi số khác, hãy thêm số liệu "
                "cho nguồn đó (số chung của hội nghị sửa ở mục “Số liệu”)."
            ) % {
                "printed": self.as_printed,
                "numbers": ", ".join(number_format(n, force_grouping=True) for n in numbers),
                "value": number_format(self.value, force_grouping=True),
            }
        stated = Qualifier.printed_in(self.as_printed)
        if stated and stated != self.qualifier:
            errors["qualifier"] = _("Nguyên văn “%(printed)s” ghi “%(stated)s”.") % {
                "printed": self.as_printed,
                "stated": stated.label,
            }
        if errors:
            raise ValidationError(errors)


class Organizer(ConferenceEvidence):
    class Role(models.TextChoices):
        HOST = "host", _("chủ trì tổ chức")
        CO_ORGANIZER = "co_organizer", _("phối hợp tổ chức")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="organizers", verbose_name=_("hội nghị")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="organizer_roles",
        verbose_name=_("tổ chức"),
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role, default=Role.HOST)
    as_printed = models.CharField(_("tên (nguyên văn)"), max_length=300)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("đơn vị tổ chức")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị tổ chức")
        ordering = ["conference", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "organization", "article"], name="organizer_once_per_source"
            )
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class Participation(ConferenceEvidence):
    """Who took part and how, with the title exactly as printed that day.

    A presenter the article does not name is recorded as their organisation.
    """

    class Role(models.TextChoices):
        CHAIR = "chair", _("chủ trì")
        OPENING_SPEECH = "opening_speech", _("phát biểu khai mạc")
        CLOSING_SPEECH = "closing_speech", _("phát biểu bế mạc")
        SPEAKER = "speaker", _("phát biểu")
        PRESENTER = "presenter", _("báo cáo viên")
        ATTENDEE = "attendee", _("dự")

    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("hội nghị"),
    )
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("quan chức"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("tổ chức (khi không nêu tên người)"),
    )
    role = models.CharField(_("vai trò"), max_length=15, choices=Role)
    rank_as_printed = models.CharField(_("cấp hàm (nguyên văn)"), max_length=50, blank=True)
    title_as_printed = models.CharField(_("chức vụ (nguyên văn)"), max_length=400, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("người tham dự")
        verbose_name_plural = pgettext_lazy("plural", "người tham dự")
        ordering = ["conference", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(official__isnull=False, organization__isnull=True)
                | Q(official__isnull=True, organization__isnull=False),
                name="participation_official_xor_organization",
            ),
            models.UniqueConstraint(
                fields=["conference", "official", "role", "article"],
                condition=Q(official__isnull=False),
                name="participation_official_once_per_source",
            ),
            models.UniqueConstraint(
                fields=["conference", "organization", "role", "article"],
                condition=Q(organization__isnull=False),
                name="participation_organization_once_per_source",
            ),
        ]

    def __str__(self):
        return f"{self.participant} — {self.get_role_display()}"

    @property
    def participant(self):
        return self.official or self.organization

    def clean(self):
        super().clean()
        if bool(self.official_id) == bool(self.organization_id):
            raise ValidationError(_("Chọn một quan chức hoặc một tổ chức, không chọn cả hai."))


class ConferenceTopic(ConferenceEvidence):
    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        related_name="conference_topics",
        verbose_name=_("hội nghị"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="conference_topics",
        verbose_name=_("chuyên đề"),
    )
    as_printed = models.CharField(_("tên (nguyên văn)"), max_length=400)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chuyên đề của hội nghị")
        verbose_name_plural = pgettext_lazy("plural", "chuyên đề của hội nghị")
        ordering = ["conference", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "topic", "article"], name="conference_topic_once_per_source"
            )
        ]

    def __str__(self):
        return self.as_printed

    def get_absolute_url(self):
        return self.topic.get_absolute_url()
