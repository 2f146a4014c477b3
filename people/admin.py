import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from archive.admin_base.base import ArchiveAdmin, CitedRecordAdmin, count_of, thumbnail
from archive.admin_base.csv import CsvExportMixin
from archive.admin_base.evidence import PASSAGE_OVERRIDES, EvidenceRowsInline
from archive.admin_base.filters import RelatedInUseFilter, province_filters, year_filter
from archive.lib.images import CheckedImageField
from conferences.models import Organizer, Participation

from .merge import describe, merge_officials, merge_organizations, relation_counts
from .models import MergedAway, Official, Organization, OrganizationAlias, Position, Rank

reversion.register(OrganizationAlias)
reversion.register(Organization, follow=["aliases"])
reversion.register(Rank)
reversion.register(Position)
reversion.register(Official, follow=["ranks", "positions"])
reversion.register(MergedAway)


class MergeMixin:
    """An action merging exactly two selected records, after a confirmation page that
    shows what each would bring and lets the editor choose which one to keep."""

    merge_function = None

    @admin.action(description=_("Gộp hai bản ghi trùng nhau"), permissions=["change"])
    def merge_selected(self, request, queryset):
        records = list(queryset.order_by("pk")[:3])
        if len(records) != 2:
            self.message_user(request, _("Hãy chọn đúng hai bản ghi để gộp."), messages.WARNING)
            return None
        if request.POST.get("confirm_merge"):
            by_pk = {str(record.pk): record for record in records}
            keep = by_pk.get(request.POST.get("keep"))
            if keep is None:
                self.message_user(request, _("Hãy chọn bản ghi giữ lại."), messages.ERROR)
                return None
            other = records[1] if keep is records[0] else records[0]
            kept, merged = describe(keep), describe(other)
            self.merge_function(keep, other, user=request.user)
            self.message_user(
                request,
                _(
                    "Đã gộp “%(other)s” (%(merged)s) vào “%(keep)s” (%(kept)s), bản ghi giữ "
                    "lại. Địa chỉ cũ của bản ghi đã gộp chuyển về bản ghi này."
                )
                % {"other": other, "merged": merged, "keep": keep, "kept": kept},
                messages.SUCCESS,
            )
            opts = self.model._meta
            return redirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[keep.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Gộp bản ghi trùng nhau"),
            "opts": self.model._meta,
            "records": [(record, relation_counts(record), describe(record)) for record in records],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/people/merge_confirmation.html", context)


class NamesakeForm(forms.ModelForm):
    """Adding a record whose name, folded, the archive already has: the form shows those
    records (with what identifies them) and asks before making another."""

    name_field = "name"
    confirm_new = forms.BooleanField(
        label=_("Đã xem các bản ghi cùng tên: đây là một bản ghi khác, vẫn tạo mới"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get(self.name_field)
        if self.instance.pk is not None or not name or cleaned.get("confirm_new"):
            return cleaned
        model = self._meta.model
        namesakes = list(model.objects.matching_name(name).order_by("pk")[:10])
        if namesakes:
            opts = model._meta
            items = format_html_join(
                "",
                '<li><a href="{}" target="_blank" rel="noopener">{}</a> — {}</li>',
                (
                    (
                        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[r.pk]),
                        r,
                        describe(r),
                    )
                    for r in namesakes
                ),
            )
            message = format_html(
                "{}<ul>{}</ul>{}",
                _("Lưu trữ đã có %(name)s cùng tên:") % {"name": opts.verbose_name},
                items,
                _(
                    "Nếu là cùng một người (cùng một tổ chức), đừng tạo mới: mở bản ghi đã "
                    "có. Nếu không, đánh dấu ô “vẫn tạo mới” bên dưới rồi lưu lại."
                ),
            )
            self.add_error(None, ValidationError(message, code="namesake"))
        return cleaned


class NamesakeAdmin:
    """The add form carries NamesakeForm's confirmation; the change form does not."""

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "confirm_new"]
        return fields if obj is not None else [*fields, "confirm_new"]


# --- Organisations --------------------------------------------------------------------


class OrganizationForm(NamesakeForm):
    pass


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    fields = ["name"]
    extra = 1


@admin.register(Organization)
class OrganizationAdmin(NamesakeAdmin, MergeMixin, CitedRecordAdmin):
    form = OrganizationForm
    list_display = [
        "name",
        "abbreviation",
        "kind",
        "parent",
        "province",
        "alias_count",
        "conference_count",
        "participation_count",
    ]
    list_filter = [
        "kind",
        *province_filters("province"),
        ("parent", RelatedInUseFilter),
    ]
    list_select_related = ["parent", "province"]
    folded_search_fields = ["search_text"]
    search_fields = ["search_text"]
    autocomplete_fields = ["parent", "province", "successor"]
    inlines = [OrganizationAliasInline]
    ordering = ["name_folded"]
    actions = ["merge_selected"]
    merge_function = staticmethod(merge_organizations)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                alias_total=count_of(OrganizationAlias, "organization"),
                conference_total=count_of(Organizer, "organization", distinct="conference"),
                participation_total=count_of(Participation, "organization"),
            )
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search_text()  # deleted aliases leave the search text too

    @admin.display(description=_("tên gọi khác"), ordering="alias_total")
    def alias_count(self, obj):
        return obj.alias_total

    @admin.display(description=_("số hội nghị tổ chức"), ordering="conference_total")
    def conference_count(self, obj):
        return obj.conference_total

    @admin.display(description=_("số lần tham dự"), ordering="participation_total")
    def participation_count(self, obj):
        return obj.participation_total


@admin.register(OrganizationAlias)
class OrganizationAliasAdmin(ArchiveAdmin):
    list_display = ["name", "organization"]
    list_select_related = ["organization"]
    folded_search_fields = ["name_folded", "organization__search_text"]
    search_fields = ["name_folded"]
    autocomplete_fields = ["organization"]
    ordering = ["name"]


# --- Officials ------------------------------------------------------------------------


class RankInline(EvidenceRowsInline):
    model = Rank
    fields = [("rank", "observed_on", "observed_precision", "article"), "passage"]
    autocomplete_fields = ["article"]


class PositionInline(EvidenceRowsInline):
    model = Position
    fields = [
        ("title", "organization", "is_former"),
        ("as_printed", "article"),
        ("observed_on", "observed_precision"),
        "passage",
    ]
    autocomplete_fields = ["organization", "article"]


class OfficialForm(NamesakeForm):
    name_field = "full_name"
    photo = CheckedImageField(label=_("ảnh chân dung"), required=False)


@admin.register(Official)
class OfficialAdmin(NamesakeAdmin, MergeMixin, CsvExportMixin, CitedRecordAdmin):
    form = OfficialForm
    list_display = [
        "list_thumbnail",
        "full_name",
        "latest_position",
        "position_count",
        "participation_count",
    ]
    list_display_links = ["full_name"]
    list_filter = [
        ("positions__organization", RelatedInUseFilter),
        "participations__role",
        *province_filters("participations__conference__province"),
        year_filter("participations__conference__start_date"),
    ]
    folded_search_fields = ["name_folded"]
    search_fields = ["name_folded"]
    strip_name_prefix = True
    readonly_fields = ["current_photo"]
    fields = ["full_name", "slug", "current_photo", "photo", "biography"]
    inlines = [RankInline, PositionInline]
    ordering = ["sort_key"]
    actions = ["merge_selected", "export_csv"]
    merge_function = staticmethod(merge_officials)
    csv_fields = [
        (_("họ và tên"), "full_name"),
        (_("slug"), "slug"),
        (_("chức vụ gần nhất"), lambda obj: _latest_position(obj)),
        (_("số chức vụ ghi nhận"), "position_total"),
        (_("số lần tham dự"), "participation_total"),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                position_total=count_of(Position, "official"),
                participation_total=count_of(Participation, "official"),
            )
            .prefetch_related("positions")
        )

    @admin.display(description=_("ảnh"))
    def list_thumbnail(self, obj):
        return thumbnail(obj.photo, obj.full_name, size=48)

    @admin.display(description=_("ảnh hiện tại"))
    def current_photo(self, obj):
        return thumbnail(obj.photo, obj.full_name, size=160)

    @admin.display(description=_("chức vụ gần nhất"))
    def latest_position(self, obj):
        return _latest_position(obj)

    @admin.display(description=_("số chức vụ ghi nhận"), ordering="position_total")
    def position_count(self, obj):
        return obj.position_total

    @admin.display(description=_("số lần tham dự"), ordering="participation_total")
    def participation_count(self, obj):
        return obj.participation_total


def _latest_position(official):
    """The last position reported (positions are ordered by date), from the prefetch."""
    positions = list(official.positions.all())
    return str(positions[-1]) if positions else ""


class ObservationAdmin(ArchiveAdmin):
    list_select_related = ["official", "article__outlet"]
    autocomplete_fields = ["official", "article"]
    formfield_overrides = PASSAGE_OVERRIDES
    # No date_hierarchy: the year filter does its work, without two passes over every
    # row per view.


@admin.register(Rank)
class RankAdmin(ObservationAdmin):
    list_display = ["rank", "official", "observed_display", "article"]
    list_filter = ["rank", "observed_precision", year_filter("observed_on")]
    folded_search_fields = ["official__name_folded"]
    search_fields = ["official__name_folded"]
    strip_name_prefix = True
    ordering = ["official__sort_key", "observed_on"]


@admin.register(Position)
class PositionAdmin(ObservationAdmin):
    list_display = [
        "as_printed",
        "official",
        "organization",
        "is_former",
        "observed_display",
        "article",
    ]
    list_filter = [
        "is_former",
        ("organization", RelatedInUseFilter),
        "observed_precision",
        year_filter("observed_on"),
    ]
    list_select_related = ["official", "organization", "article__outlet"]
    folded_search_fields = ["official__name_folded", "organization__search_text"]
    search_fields = ["official__name_folded"]
    autocomplete_fields = ["official", "organization", "article"]
    ordering = ["official__sort_key", "observed_on"]


@admin.register(MergedAway)
class MergedAwayAdmin(ArchiveAdmin):
    """The old addresses of merged records and where they lead; written by merges only."""

    list_display = ["slug", "official", "organization", "merged_at"]
    list_select_related = ["official", "organization"]
    search_fields = ["slug"]
    ordering = ["-merged_at", "-pk"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
