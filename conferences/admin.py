from collections import Counter

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.db import transaction
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.admin import delete_articles
from archive.admin_base.base import ArchiveAdmin, CitedRecordAdmin, PublishableAdmin, count_of
from archive.admin_base.csv import CsvExportMixin
from archive.admin_base.evidence import PASSAGE_OVERRIDES, EvidenceRowsInline
from archive.admin_base.filters import RelatedInUseFilter, province_filters, year_filter
from archive.lib.history import record_revisions
from archive.models import Article
from people.models import Organization

from .models import (
    Conference,
    ConferenceFact,
    ConferenceSource,
    ConferenceTopic,
    Figure,
    Organizer,
    Participation,
    Qualifier,
    Topic,
)
from .views import conference_context

# A conference's version carries every row cited on its page, so reverting or
# recovering it restores them together.
for child in (ConferenceSource, ConferenceFact, Figure, Organizer, Participation, ConferenceTopic):
    reversion.register(child)
reversion.register(
    Conference,
    follow=["sources", "facts", "figures", "organizers", "participations", "conference_topics"],
)
reversion.register(Topic)

# --- Conferences ----------------------------------------------------------------------


class SingleSourceFormSet(BaseInlineFormSet):
    """New rows cite the conference's source article when it has exactly one."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        is_new = index is None or index >= self.initial_form_count()
        if is_new and self.only_source_article:
            kwargs["initial"] = {**kwargs.get("initial", {}), "article": self.only_source_article}
        return kwargs

    @property
    def only_source_article(self):
        conference = self.instance
        if conference.pk is None:
            return None
        # Read once for the form's four evidence formsets, which share the conference.
        if not hasattr(conference, "_only_source_article"):
            articles = list(conference.sources.values_list("article", flat=True)[:2])
            conference._only_source_article = articles[0] if len(articles) == 1 else None
        return conference._only_source_article


class EvidenceInline(EvidenceRowsInline):
    """A conference's cited rows: the record, its role and its wording as printed on one
    line, the article on the next, the passage across the form."""

    formset = SingleSourceFormSet


class ConferenceSourceInline(EvidenceRowsInline):
    model = ConferenceSource
    fields = [("article", "relation"), "passage"]
    autocomplete_fields = ["article"]


class ConferenceFactInline(EvidenceInline):
    model = ConferenceFact
    fields = [("kind", "as_printed", "article"), "passage"]
    autocomplete_fields = ["article"]


class FigureForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        kind, value, fmt = (cleaned.get(f) for f in ("kind", "value", "format"))
        if kind == Figure.Kind.FORMAT:
            if value is not None:
                self.add_error("value", _("Số liệu “hình thức” không có giá trị số."))
            if not fmt:
                self.add_error("format", _("Hãy chọn hình thức."))
        elif kind:
            if value is None and "value" not in self.errors:
                self.add_error("value", _("Hãy nhập giá trị."))
            if fmt:
                self.add_error("format", _("Chỉ điền hình thức cho số liệu “hình thức”."))
        return cleaned


class FigureInline(EvidenceInline):
    model = Figure
    form = FigureForm
    fields = [("kind", "value", "qualifier", "format"), ("as_printed", "article"), "passage"]
    autocomplete_fields = ["article"]


class OrganizerInline(EvidenceInline):
    model = Organizer
    fields = [("organization", "role", "order"), ("as_printed", "article"), "passage"]
    autocomplete_fields = ["organization", "article"]


class ParticipationInline(EvidenceInline):
    model = Participation
    fields = [
        ("official", "role", "title_as_printed"),
        ("organization", "rank_as_printed", "article", "order"),
        "passage",
    ]
    autocomplete_fields = ["official", "organization", "article"]


class ConferenceTopicInline(EvidenceInline):
    model = ConferenceTopic
    fields = [("topic", "order"), ("as_printed", "article"), "passage"]
    autocomplete_fields = ["topic", "article"]


@admin.register(Conference)
class ConferenceAdmin(CsvExportMixin, PublishableAdmin):
    list_display = [
        "name",
        "date",
        "province_label",
        "scope",
        "format",
        "attendees_display",
        "source_count",
        "participant_count",
        "status",
    ]
    list_filter = [
        "status",
        *province_filters("province"),
        year_filter("start_date"),
        "scope",
        "format",
        "date_precision",
        "kind",
        ("organizations", RelatedInUseFilter),
        "articles__outlet",  # all of the few outlets
        "participations__role",
    ]
    list_select_related = ["province__successor"]
    # Newest first, ties in the order of entry: the columns of the listing index, so that
    # a B-tree index serves a page (Django would add "-pk" to the model's order).
    ordering = [F("start_date").desc(nulls_last=True), "pk"]
    full_text_fields = ["search_text"]
    search_fields = ["search_text"]
    # No date_hierarchy: the year filter does its work, without two passes over every
    # row per view (the years and months present, the first and last date).
    autocomplete_fields = ["province"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    ("kind", "scope", "scope_as_printed", "round_as_printed"),
                    "summary",
                ]
            },
        ),
        (_("Tiếng Anh"), {"fields": ["name_en", "summary_en"], "classes": ["collapse"]}),
        (
            _("Thời gian, địa điểm, hình thức"),
            {
                "fields": [
                    ("start_date", "date_precision", "date_as_printed"),
                    ("province", "venue", "format"),
                ]
            },
        ),
        (
            _("Số liệu"),
            {
                "fields": [
                    ("attendees", "attendees_qualifier"),
                    ("connection_points", "provinces_participating"),
                ]
            },
        ),
        (_("Công bố"), {"fields": [("status", "published_at")]}),
        (_("Ít dùng"), {"fields": ["slug", "end_date"], "classes": ["collapse"]}),
    ]
    inlines = [
        ConferenceSourceInline,
        ConferenceFactInline,
        OrganizerInline,
        ParticipationInline,
        ConferenceTopicInline,
        FigureInline,
    ]
    actions = ["delete_selected", "publish", "unpublish", "export_csv"]
    preview_template = "conferences/conference_detail.html"

    def preview_context(self, request, obj):
        conference = Conference.objects.for_detail(public=False).get(pk=obj.pk)
        return conference_context(request, conference)

    # --- Publishing: a conference goes public with its sources ------------------------

    def published_along(self, obj):
        return list(obj.articles.drafts().order_by("pk"))

    def publication_problems(self, obj, along=()):
        ready = {article.pk for article in along}

        def is_public(article):
            return article.is_published or article.pk in ready

        problems = []
        sources = [row.article for row in obj.sources.select_related("article")]
        if not sources:
            problems.append(
                _("hội nghị chưa có nguồn tin: hãy thêm bài báo nguồn ở mục “Nguồn tin”.")
            )
        elif not any(is_public(article) for article in sources):
            problems.append(
                _(
                    "chưa có bài báo nguồn đã công bố (%(articles)s còn là bản nháp): nút "
                    "“Lưu và công bố” trên trang hội nghị công bố hội nghị cùng bài báo nguồn."
                )
                % {"articles": ", ".join(f"“{article}”" for article in sources)}
            )
        facts = Counter()
        for model in obj.evidence_models():
            for row in model.objects.filter(conference=obj).select_related("article"):
                if not is_public(row.article) and row.article not in sources:
                    facts[row.article] += 1
        for article, count in facts.items():
            problems.append(
                ngettext(
                    "%(n)d dữ kiện trích dẫn bài báo “%(article)s”, bài chưa công bố và không "
                    "là nguồn tin của hội nghị: hãy công bố bài đó hoặc thêm nó vào “Nguồn tin”.",
                    "%(n)d dữ kiện trích dẫn bài báo “%(article)s”, bài chưa công bố và không "
                    "là nguồn tin của hội nghị: hãy công bố bài đó hoặc thêm nó vào “Nguồn tin”.",
                    count,
                )
                % {"n": count, "article": article}
            )
        return problems

    # --- Deleting drafts offers what only they cited -----------------------------------

    LEFT_BEHIND = "also_delete"

    def render_delete_form(self, request, context):
        conferences = Conference.objects.filter(pk=context["object"].pk)
        context.update(self.left_behind_context(request, conferences))
        return super().render_delete_form(request, context)

    @admin.action(permissions=["delete"], description=_("Delete selected %(verbose_name_plural)s"))
    def delete_selected(self, request, queryset):
        """Django's bulk delete, whose confirmation page offers the same as one delete."""
        response = delete_selected(self, request, queryset)
        if response is not None:
            response.context_data.update(self.left_behind_context(request, queryset))
        return response

    def left_behind_context(self, request, conferences):
        return {
            "left_behind": [
                (f"{kind}:{record.pk}", record, kind_label)
                for kind, kind_label, record in self.deletable_left_behind(request, conferences)
            ],
            "left_behind_name": self.LEFT_BEHIND,
        }

    def deletable_left_behind(self, request, conferences):
        """(kind, its label, record) for what deleting `conferences` leaves uncited and
        the editor may delete."""
        found = []
        for kind, records in conferences.left_uncited().items():
            for record in records:
                model_admin = self.admin_site.get_model_admin(type(record))
                if model_admin.has_delete_permission(request, record):
                    found.append((kind, type(record)._meta.verbose_name, record))
        return found

    def chosen_left_behind(self, request, conferences):
        chosen = set(request.POST.getlist(self.LEFT_BEHIND))
        return [
            record
            for kind, _label, record in self.deletable_left_behind(request, conferences)
            if f"{kind}:{record.pk}" in chosen
        ]

    def delete_model(self, request, obj):
        records = self.chosen_left_behind(request, Conference.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        self.delete_left_behind(request, [obj], records)

    def delete_queryset(self, request, queryset):
        conferences = list(queryset)
        with transaction.atomic():
            records = self.chosen_left_behind(request, queryset)
            super().delete_queryset(request, queryset)
            self.delete_left_behind(request, conferences, records)

    def delete_left_behind(self, request, conferences, records):
        if not records:
            return
        names = ", ".join(f"“{conference}”" for conference in conferences)
        comment = _("Trước khi xóa cùng hội nghị nháp %(conferences)s.") % {"conferences": names}
        deleted = delete_left_behind(request, comment, records)
        self.message_user(
            request,
            _("Đã xóa cùng hội nghị: %(records)s.")
            % {"records": "; ".join(f"{type(r)._meta.verbose_name} “{r}”" for r in deleted)},
            messages.SUCCESS,
        )

    csv_fields = [
        (_("tên hội nghị"), "name"),
        (_("ngày"), "date_display"),
        (_("ngày (nguyên văn)"), "date_as_printed"),
        (_("tỉnh, thành phố"), lambda obj: obj.province.label_on() if obj.province else ""),
        (_("địa điểm"), "venue"),
        (_("phạm vi"), "get_scope_display"),
        (_("phạm vi (nguyên văn)"), "scope_as_printed"),
        (_("hình thức"), "get_format_display"),
        (_("số đại biểu"), "attendees"),
        (_("mức độ chính xác số đại biểu"), "get_attendees_qualifier_display"),
        (_("số điểm cầu"), "connection_points"),
        (_("số tỉnh, thành phố tham gia"), "provinces_participating"),
        (_("số nguồn tin"), "source_total"),
        (_("trạng thái"), "get_status_display"),
        (_("đường dẫn"), "get_absolute_url"),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                source_total=count_of(ConferenceSource, "conference"),
                participant_total=count_of(Participation, "conference"),
            )
        )

    def get_csv_queryset(self, queryset):
        return queryset.select_related("province__successor")

    @admin.display(description=_("ngày"), ordering="start_date")
    def date(self, obj):
        return obj.date_display

    @admin.display(description=_("tỉnh, thành phố"), ordering="province__name_folded")
    def province_label(self, obj):
        return obj.province.label_on() if obj.province else ""

    @admin.display(description=_("số đại biểu"), ordering="attendees")
    def attendees_display(self, obj):
        if obj.attendees is None:
            return ""
        number = number_format(obj.attendees, force_grouping=True)
        if obj.attendees_qualifier == Qualifier.EXACT:
            return number
        return f"{obj.get_attendees_qualifier_display()} {number}"

    @admin.display(description=_("số nguồn tin"), ordering="source_total")
    def source_count(self, obj):
        return obj.source_total

    @admin.display(description=_("số người tham dự"), ordering="participant_total")
    def participant_count(self, obj):
        return obj.participant_total


# --- Topics and the rows cited on a conference ----------------------------------------


@admin.register(Topic)
class TopicAdmin(CitedRecordAdmin):
    list_display = ["name", "conference_count"]
    folded_search_fields = ["name_folded"]
    search_fields = ["name_folded"]
    ordering = ["name_folded"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(conference_total=count_of(ConferenceTopic, "topic", distinct="conference"))
        )

    @admin.display(description=_("số hội nghị"), ordering="conference_total")
    def conference_count(self, obj):
        return obj.conference_total


class ConferenceRowAdmin(ArchiveAdmin):
    """The rows edited inline on a conference, listed across conferences."""

    formfield_overrides = PASSAGE_OVERRIDES
    list_select_related = ["conference__province", "article__outlet"]
    full_text_fields = ["conference__search_text"]
    search_fields = ["conference__search_text"]
    # Newest entries first: the primary key index serves every page at any depth. By
    # conference date (the "ngày" column) is a click away; as the default, a deep page
    # joined conferences to rows for each row skipped (0.4 s at offset 200,000).
    ordering = ["-pk"]

    @admin.display(description=_("ngày"), ordering="conference__start_date")
    def conference_date(self, obj):
        return obj.conference.date_display


@admin.register(ConferenceSource)
class ConferenceSourceAdmin(ConferenceRowAdmin):
    list_display = ["article", "outlet", "relation", "conference", "conference_date"]
    list_filter = ["relation", "article__outlet"]
    full_text_fields = ["conference__search_text", "article__search_text"]
    autocomplete_fields = ["conference", "article"]

    @admin.display(description=_("cơ quan báo chí"), ordering="article__outlet__name_folded")
    def outlet(self, obj):
        return obj.article.outlet


@admin.register(ConferenceFact)
class ConferenceFactAdmin(ConferenceRowAdmin):
    list_display = ["as_printed", "kind", "conference", "conference_date", "article"]
    list_filter = ["kind"]
    autocomplete_fields = ["conference", "article"]


@admin.register(Figure)
class FigureAdmin(ConferenceRowAdmin):
    form = FigureForm
    list_display = ["as_printed", "kind", "value", "qualifier", "conference", "article"]
    list_filter = ["kind", "qualifier", "format"]
    autocomplete_fields = ["conference", "article"]


@admin.register(Organizer)
class OrganizerAdmin(ConferenceRowAdmin):
    list_display = ["organization", "role", "conference", "conference_date", "article"]
    list_filter = [
        "role",
        ("organization", RelatedInUseFilter),
        *province_filters("conference__province"),
        year_filter("conference__start_date"),
    ]
    list_select_related = ["organization", "conference__province", "article__outlet"]
    folded_search_fields = ["organization__search_text"]
    full_text_fields = ["conference__search_text"]
    autocomplete_fields = ["conference", "organization", "article"]


@admin.register(Participation)
class ParticipationAdmin(ConferenceRowAdmin):
    list_display = [
        "participant",
        "role",
        "rank_as_printed",
        "title_as_printed",
        "conference",
        "conference_date",
        "article",
    ]
    list_filter = [
        "role",
        ("organization", RelatedInUseFilter),
        *province_filters("conference__province"),
        year_filter("conference__start_date"),
    ]
    list_select_related = ["official", "organization", "conference__province", "article__outlet"]
    folded_search_fields = ["official__name_folded", "organization__search_text"]
    full_text_fields = ["conference__search_text"]
    strip_name_prefix = True
    autocomplete_fields = ["conference", "official", "organization", "article"]

    @admin.display(description=_("người tham dự"))
    def participant(self, obj):
        return obj.participant


@admin.register(ConferenceTopic)
class ConferenceTopicAdmin(ConferenceRowAdmin):
    list_display = ["as_printed", "topic", "conference", "conference_date", "article"]
    list_filter = [("topic", RelatedInUseFilter)]
    list_select_related = ["topic", "conference__province", "article__outlet"]
    folded_search_fields = ["topic__name_folded"]
    full_text_fields = ["conference__search_text"]
    autocomplete_fields = ["conference", "topic", "article"]


def delete_left_behind(request, comment, records):
    """Delete what deleted draft conferences left uncited, as the editor chose: articles
    first (with what exists only through them, see `delete_articles`), then the officials,
    organisations and topics that nothing cites any more, each with a revision first so
    that "recover deleted" brings it back. Returns what was deleted."""
    articles = [record for record in records if isinstance(record, Article)]
    others = [record for record in records if not isinstance(record, Article)]
    delete_articles(request, articles, comment)
    record_revisions(others, comment, request.user)
    deleted = list(articles)
    for record in others:
        if not still_cited(record):
            record.delete()
            deleted.append(record)
    return deleted


def still_cited(record):
    """Whether any fact cites `record` (an official, organisation or topic), or, for an
    organisation, another one hangs from it."""
    model = type(record)
    relations = list(model.objects.all().cited_through)
    if model is Organization:
        relations += ["children", "predecessors"]
    return any(getattr(record, relation).exists() for relation in relations)
