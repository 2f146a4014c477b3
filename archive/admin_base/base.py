"""The base classes every archive ModelAdmin shares: history (django-reversion),
accent-insensitive search, edit-conflict detection, publishing, previews, thumbnails."""

import hashlib
import json

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, lookup_spawns_duplicates, unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Func, IntegerField, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from reversion.models import Version

from archive.lib.history import record_revisions
from archive.lib.search import Matches
from archive.lib.text import fold, strip_name_prefix
from archive.models import Status

from .paginator import EstimatedCountPaginator

VERSION_FIELD = "loaded_version"


class RowCount(Func):
    """COUNT(*) (or COUNT(DISTINCT column)) of the rows of a correlated subquery."""

    function = "COUNT"
    output_field = IntegerField()

    def __init__(self, expression="pk", *, distinct=False):
        if distinct:
            self.template = "%(function)s(DISTINCT %(expressions)s)"
        super().__init__(expression)


def count_of(model, field, distinct=None):
    """An annotation: the number of `model` rows whose `field` (a foreign key) is the
    annotated row; with `distinct`, the number of distinct
    values of the path `distinct` among them instead.

    A correlated subquery rather than Count() over a join: a change list counts only
    the rows of the page it shows (one index lookup each), where a join with GROUP BY
    counts the whole table before LIMIT. Sorting by it still works (a full pass, as
    before)."""
    rows = model._base_manager.filter(**{field: OuterRef("pk")}).order_by()
    counted = RowCount(distinct, distinct=True) if distinct else RowCount()
    return Subquery(rows.annotate(n=counted).values("n"), output_field=IntegerField())


def version_token(obj):
    """What an editor's form remembers of the row it was opened on: its `updated_at`, or
    for a model without one (participations, ranks, images…) a digest of every column."""
    if hasattr(obj, "updated_at"):
        return obj.updated_at.isoformat() if obj.updated_at else ""
    values = [field.value_to_string(obj) for field in obj._meta.concrete_fields]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:32]


class EditConflictForm(forms.ModelForm):
    """Carries the row's version as it was when the editor opened it; saving is refused
    when someone else has saved the row since, instead of silently overwriting their
    work. Every change form has it, and every inline row (a participation changed on its
    own page makes the conference form that still shows the old one stale). The admin
    always sends it; a POST without it (a script) is not checked."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[VERSION_FIELD].initial = version_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get(VERSION_FIELD)
        if self.instance.pk is None or not loaded:
            return cleaned
        model = type(self.instance)
        # Lock the row until the admin's transaction commits, so that no save can slip in
        # between this check and ours (PostgreSQL; SQLite's writes are serialised anyway).
        with transaction.atomic():
            current = model._default_manager.select_for_update().filter(pk=self.instance.pk)
            current = current.first()
        if current is not None and loaded != version_token(current):
            raise ValidationError(self.conflict_message(current), code="edit_conflict")
        return cleaned

    def conflict_message(self, current):
        latest = None
        if reversion.is_registered(type(self.instance)):  # accounts and roles have no history
            versions = Version.objects.get_for_object(self.instance)
            latest = versions.select_related("revision__user").first()
        who = latest.revision.user if latest and latest.revision.user else None
        saved_at = getattr(current, "updated_at", None) or (
            latest.revision.date_created if latest else None
        )
        if saved_at is None:
            return _(
                "Bản ghi này đã được lưu sau khi bạn mở nó. Thay đổi của bạn chưa được lưu: "
                "hãy mở lại bản ghi rồi sửa lại."
            )
        when = formats.date_format(timezone.localtime(saved_at), "DATETIME_FORMAT")
        if who:
            text = _(
                "%(user)s đã lưu bản ghi này lúc %(when)s, sau khi bạn mở nó. Thay đổi của "
                "bạn chưa được lưu: hãy mở lại bản ghi (xem Lịch sử để biết họ đã sửa gì) "
                "rồi sửa lại."
            )
            return text % {"user": who.get_username(), "when": when}
        text = _(
            "Bản ghi này đã được lưu lúc %(when)s, sau khi bạn mở nó. Thay đổi của bạn chưa "
            "được lưu: hãy mở lại bản ghi rồi sửa lại."
        )
        return text % {"when": when}


def with_conflict_check(form):
    return type(form.__name__, (EditConflictForm, form), {})


def with_version_field(fieldsets):
    """The fieldsets with the hidden version field in the first one, so that the admin
    renders it."""
    if VERSION_FIELD in flatten_fieldsets(fieldsets):
        return fieldsets
    (name, options), *rest = fieldsets
    return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]


class ConflictCheckedAdmin:
    """Mixed into a ModelAdmin: its change form and every inline row get
    `EditConflictForm`'s check against concurrent edits."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.form = with_conflict_check(self.form)
        self.inlines = [
            type(inline.__name__, (ConflictCheckedInline, inline), {}) for inline in self.inlines
        ]

    def get_fieldsets(self, request, obj=None):
        # Only a change form has a version to carry (an add form may be another form
        # altogether, as the user admin's is).
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is None else with_version_field(fieldsets)


class ConflictCheckedInline:
    """Mixed into every inline of an ArchiveAdmin: each row carries its version."""

    def __init__(self, parent_model, admin_site):
        super().__init__(parent_model, admin_site)
        self.form = with_conflict_check(self.form)

    def get_fieldsets(self, request, obj=None):
        return with_version_field(super().get_fieldsets(request, obj))


class ArchiveChangeList(ChangeList):
    """Django's change list, except that rows a filter or search would repeat (a
    condition across a one-to-many relation) are kept once by a semi-join, `pk IN
    (matching rows)`, instead of SELECT DISTINCT over every column of every joined row
    (annotations included) before the page is cut; and that rows link to their change
    form more cheaply."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each row's link carries the list's filters itself (url_for_result): given them
        # to add, Django resolves every row's URL again to see how.
        self.row_link_filters, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_link_filters}" if self.row_link_filters else url

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        if queryset.query.distinct and not queryset.query.distinct_fields:
            matching = queryset.order_by().values("pk")
            matching.query.distinct = False
            ordering = queryset.query.order_by
            queryset = self.with_select_related(self.root_queryset.filter(pk__in=matching))
            queryset = queryset.order_by(*ordering)
        # For EstimatedCountPaginator: a page's rows, fetched by primary key once their
        # ids are known, need none of the filters.
        queryset.page_rows = self.with_select_related(self.root_queryset).order_by()
        return queryset

    def with_select_related(self, queryset):
        if queryset.query.select_related:
            return queryset
        return self.apply_select_related(queryset)


class ArchiveAdmin(ConflictCheckedAdmin, VersionAdmin):
    """History per object (who, when, what; revert; recover deleted) and search that
    ignores diacritics: each word of the folded query must occur in one of the stored
    folded columns named in `folded_search_fields`, or start a word of one of the
    full-text columns (article and conference `search_text`, see archive.lib.search) named in
    `full_text_fields`. Edits are conflict-checked (`ConflictCheckedAdmin`)."""

    folded_search_fields = ()
    full_text_fields = ()
    strip_name_prefix = False  # officials: "Thiếu tướng Nguyễn Văn Kỷ" finds Nguyễn Văn Kỷ
    # Rendering the rows is most of a change list's time.
    list_per_page = 50
    history_latest_first = True
    # No COUNT(*) of the whole table on each view: the total is PostgreSQL's estimate
    # when unfiltered (archive.admin_base.paginator), and the unfiltered total is not shown
    # beside a filtered one.
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def get_search_results(self, request, queryset, search_term):
        fields = [*self.folded_search_fields, *self.full_text_fields]
        if not fields:
            return super().get_search_results(request, queryset, search_term)
        term = strip_name_prefix(search_term) if self.strip_name_prefix else search_term
        words = fold(term).split()
        for word in words:
            match = Q()
            for field in self.folded_search_fields:
                match |= Q(**{f"{field}__contains": word})
            for field in self.full_text_fields:
                match |= Q(Matches(word, text=field))
            queryset = queryset.filter(match)
        # Rows repeat (and the change list adds DISTINCT) only when a word was looked
        # for across a one-to-many relation.
        spans_many = any(lookup_spawns_duplicates(self.opts, field) for field in fields)
        return queryset, bool(words) and spans_many

    def get_changelist(self, request, **kwargs):
        return ArchiveChangeList

    def action_checkbox(self, obj):
        """Django's checkbox on each row, written out directly: rendering a form widget's
        template for each row was a large share of a change list's time."""
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    def changelist_view(self, request, extra_context=None):
        # Unlike VersionAdmin, not inside one revision: the actions record their own,
        # and a revision cannot keep the rows an action deletes within it.
        context = {"has_change_permission": self.has_change_permission(request)}
        context.update(extra_context or {})
        return admin.ModelAdmin.changelist_view(self, request, context)

    def delete_model(self, request, obj):
        snapshot(request, [obj], _("Trước khi xóa."))
        super().delete_model(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and not self.has_delete_permission(request, obj):
            return self.delete_refused(request, obj)
        return super().delete_view(request, object_id, extra_context)

    def delete_refused(self, request, obj):
        """The admin's own page saying why `obj` cannot be deleted and what to do instead
        (the public site's 403 page said neither)."""
        opts = self.model._meta
        reason, remedies = self.delete_refusal(request, obj)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Không xóa được %(name)s") % {"name": opts.verbose_name},
            "opts": opts,
            "object": obj,
            "reason": reason,
            "remedies": remedies,
        }
        return TemplateResponse(request, "admin/delete_refused.html", context, status=403)

    def delete_refusal(self, request, obj):
        """(why `obj` cannot be deleted, [what to do instead])."""
        opts = self.model._meta
        reason = _("Tài khoản của bạn không có quyền xóa %(name)s.") % {
            "name": opts.verbose_name_plural
        }
        return reason, [_("Nếu cần xóa, hãy nhờ quản trị viên.")]

    def delete_queryset(self, request, queryset):
        snapshot(request, queryset, _("Trước khi xóa."))
        super().delete_queryset(request, queryset)


class CitedRecordAdmin(ArchiveAdmin):
    """Officials, organisations and topics exist through the facts that cite them:
    Editors may delete one that nothing published cites (a draft import's mistake), and
    merge the rest."""

    def is_public(self, obj):
        return self.model._default_manager.public().filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or request.user.is_superuser or not self.is_public(obj)

    def delete_refusal(self, request, obj):
        if not super().has_delete_permission(request, obj) or not self.is_public(obj):
            return super().delete_refusal(request, obj)
        opts = self.model._meta
        reason = _(
            "“%(record)s” được dữ kiện đã công bố trích dẫn nên đang hiện trên trang công "
            "khai; xóa đi sẽ làm hỏng các trang đó."
        ) % {"record": obj}
        remedies = []
        if "merge_selected" in self.actions:
            remedies.append(
                _(
                    "Nếu đây là bản trùng của một %(name)s khác: chọn cả hai trong danh sách "
                    "rồi dùng hoạt động “Gộp hai bản ghi trùng nhau”."
                )
                % {"name": opts.verbose_name}
            )
        remedies += [
            _(
                "Nếu dữ kiện trích dẫn sai: sửa hoặc xóa các dòng đó trên trang hội nghị, "
                "hoặc chuyển hội nghị, bài báo liên quan về bản nháp; khi không còn gì đã "
                "công bố trích dẫn, bạn xóa được."
            ),
        ]
        return reason, remedies


def snapshot(request, objects, comment):
    """Save the objects' current state as a revision, so that what happens next (a
    deletion, a merge) can be undone from history, even for rows never edited here."""
    with reversion.create_revision():
        reversion.set_user(request.user)
        reversion.set_comment(str(comment))
        for obj in objects:
            reversion.add_to_revision(obj)


class PublishableAdmin(ArchiveAdmin):
    """Draft → published: a "publish" button on the change form and the preview, and list
    actions, all through the same checks (`publication_problems`); a staff preview of
    drafts with a banner; deletion of drafts only."""

    actions = ["publish", "unpublish"]
    preview_template = None  # the public detail template

    # --- Publishing ---------------------------------------------------------------

    def publication_problems(self, obj, along=()):
        """What is missing before `obj` may be published (with the draft articles `along`
        published together): a list of messages, empty when nothing is."""
        return []

    def published_along(self, obj):
        """Drafts that publishing `obj` from its own page publishes too (a conference's
        draft source articles), so that the editor does not need a second trip."""
        return []

    def publish_records(self, request, records, *, along=()):
        """Publish each of `records` that passes the checks, with `along`; say which were
        refused and why. Returns the records published."""
        refused = {obj: self.publication_problems(obj, along) for obj in records}
        ready = [obj for obj in records if not refused[obj]]
        for obj in records:
            if refused[obj]:
                self.message_user(
                    request,
                    _("Chưa công bố được “%(record)s”: %(problems)s")
                    % {"record": obj, "problems": " ".join(map(str, refused[obj]))},
                    messages.ERROR,
                )
        if not ready:
            return []
        along = [article for article in along if not article.is_published]
        with transaction.atomic():
            for model_records in (along, ready):
                if model_records:
                    model = type(model_records[0])
                    pks = [obj.pk for obj in model_records]
                    model._default_manager.filter(pk__in=pks).publish()
                    published = model._default_manager.filter(pk__in=pks).order_by("pk")
                    record_revisions(published, _("Đã công bố."), request.user)
        names = ", ".join(f"“{obj}”" for obj in ready)
        if along:
            message = _("Đã công bố %(records)s cùng bài báo nguồn %(articles)s.") % {
                "records": names,
                "articles": ", ".join(f"“{article}”" for article in along),
            }
        else:
            message = _("Đã công bố %(records)s.") % {"records": names}
        self.message_user(request, message, messages.SUCCESS)
        return ready

    @admin.action(description=_("Công bố các mục đã chọn"), permissions=["change"])
    def publish(self, request, queryset):
        self.publish_records(request, list(queryset.drafts().order_by("pk")))

    @admin.action(description=_("Chuyển các mục đã chọn về bản nháp"), permissions=["change"])
    def unpublish(self, request, queryset):
        self.unpublish_records(request, list(queryset.published().order_by("pk")))

    def unpublish_records(self, request, records):
        pks = [obj.pk for obj in records]
        with transaction.atomic():
            count = self.model._default_manager.filter(pk__in=pks).unpublish()
            changed = self.model._default_manager.filter(pk__in=pks).order_by("pk")
            record_revisions(changed, _("Đã chuyển về nháp."), request.user)
        message = ngettext(
            "Đã chuyển %(n)d mục về bản nháp.", "Đã chuyển %(n)d mục về bản nháp.", count
        )
        self.message_user(request, message % {"n": count}, messages.SUCCESS)

    def publish_view(self, request, object_id):
        """The preview's "publish" button: the record and the drafts it lists along."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if request.method != "POST" or not self.has_change_permission(request, obj):
            raise PermissionDenied
        if not obj.is_published:
            self.publish_records(request, [obj], along=self.published_along(obj))
        return redirect(self.change_url(obj))

    def response_change(self, request, obj):
        if "_publish" in request.POST and not obj.is_published:
            self.publish_records(request, [obj], along=self.published_along(obj))
            return redirect(request.path)
        if "_unpublish" in request.POST and obj.is_published:
            self.unpublish_records(request, [obj])
            return redirect(request.path)
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            context["publish_label"] = self.publish_label(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def publish_label(self, obj):
        """The change form's publishing button, naming what it will also publish."""
        if obj.is_published:
            return _("Lưu và chuyển về nháp")
        along = self.published_along(obj)
        if along:
            return ngettext(
                "Lưu và công bố (cùng %(n)d bài báo nguồn nháp)",
                "Lưu và công bố (cùng %(n)d bài báo nguồn nháp)",
                len(along),
            ) % {"n": len(along)}
        return _("Lưu và công bố")

    # --- History: a revert restores content, never publication ---------------------

    # Publishing goes through `publication_problems`; a revision restored from history
    # (or a deleted record recovered) would bypass it. So the record keeps the status it
    # has now, and a recovered one comes back as a draft.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        request.publication_kept = (obj.status, obj.published_at) if obj else None
        response = super().revision_view(request, object_id, version_id, extra_context)
        self._say_status_kept(request, response)
        return response

    def recover_view(self, request, version_id, extra_context=None):
        request.publication_kept = (Status.DRAFT, None)
        response = super().recover_view(request, version_id, extra_context)
        self._say_status_kept(request, response)
        return response

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        kept = getattr(request, "publication_kept", None)
        if obj is not None and kept:
            obj.status, obj.published_at = kept
        return obj

    def _say_status_kept(self, request, response):
        status = (request.publication_kept or (None,))[0]
        if request.method != "POST" or response.status_code != 302 or not status:
            return
        message = _("Trạng thái công bố giữ nguyên: %(status)s.") % {"status": Status(status).label}
        if status == Status.DRAFT:
            message += " " + _("Công bố bằng nút “Lưu và công bố”, qua các bước kiểm tra.")
        self.message_user(request, message, messages.INFO)

    # --- Deleting -----------------------------------------------------------------

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or request.user.is_superuser or obj.status == Status.DRAFT

    def delete_refusal(self, request, obj):
        if not obj.is_published or not super().has_delete_permission(request, obj):
            return super().delete_refusal(request, obj)
        opts = self.model._meta
        reason = _(
            "“%(record)s” đã công bố: bạn đọc và các trang khác đang dẫn tới nó, nên không "
            "xóa được."
        ) % {"record": obj}
        remedies = [
            _(
                "Muốn gỡ khỏi trang công khai: chuyển về bản nháp (nút “Lưu và chuyển về "
                "nháp” trên trang %(name)s, hoặc hoạt động “Chuyển các mục đã chọn về bản "
                "nháp” trong danh sách); bản nháp thì xóa được."
            )
            % {"name": opts.verbose_name},
        ]
        return reason, remedies

    # --- Preview ------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        # Publishing goes through the checks: the buttons and actions, not this field.
        return (*super().get_readonly_fields(request, obj), "status", "published_at")

    def view_on_site(self, obj):
        """The public page once published; the staff preview of a draft."""
        return obj.get_absolute_url() if obj.is_published else self.preview_url(obj)

    def preview_url(self, obj):
        return self.admin_url("preview", obj)

    def change_url(self, obj):
        return self.admin_url("change", obj)

    def admin_url(self, view, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        preview = self.admin_site.admin_view(self.preview_view)
        publish = self.admin_site.admin_view(self.publish_view)
        return [
            path("<path:object_id>/preview/", preview, name=f"{prefix}_preview"),
            path("<path:object_id>/publish/", publish, name=f"{prefix}_publish"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The public page layout for any record, drafts included, under a banner that
        says whether it is public; staff only."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        preview = {"record": obj, "change_url": self.change_url(obj)}
        if not obj.is_published and self.has_change_permission(request, obj):
            along = self.published_along(obj)
            preview |= {
                "publish_url": self.admin_url("publish", obj),
                "along": along,
                "problems": self.publication_problems(obj, along),
            }
        context = {**self.preview_context(request, obj), "preview": preview}
        response = render(request, self.preview_template, context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def preview_context(self, request, obj):
        """The public page's context for any record, drafts and draft sources included."""
        raise NotImplementedError

    def change_view(self, request, object_id, form_url="", extra_context=None):
        opts = self.model._meta
        preview = reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[object_id])
        extra_context = {"preview_url": preview, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)


def thumbnail(file, alt="", size=80):
    """A small <img> of an uploaded image, or "—" when there is none."""
    if not file:
        return "—"
    css_class = "thumbnail" if size == 80 else f"thumbnail thumbnail-{size}"
    return format_html(
        '<img src="{}" alt="{}" loading="lazy" class="{}">', file.url, alt, css_class
    )
