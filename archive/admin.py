"""Admin for the news side: provinces, outlets, source documents, articles and images."""

import reversion
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import models, transaction
from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from conferences.models import Conference, ConferenceSource
from people.models import Official

from .admin_base.base import (
    ArchiveAdmin,
    ConflictCheckedAdmin,
    PublishableAdmin,
    count_of,
    snapshot,
    thumbnail,
)
from .admin_base.csv import CsvExportMixin
from .admin_base.filters import year_filter
from .lib.history import record_revisions
from .lib.images import CheckedImageField
from .models import Article, ArticleImage, Outlet, Province, SourceDocument
from .views import article_context

# History: a record's version carries the rows edited inline with it, so reverting
# or recovering it brings them back together.
reversion.register(ArticleImage)
reversion.register(Article, follow=["images"])
reversion.register(Outlet)
reversion.register(Province)
reversion.register(SourceDocument)

admin.site.site_header = _("Quản trị lưu trữ hội nghị tập huấn nhân quyền")
admin.site.site_title = _("Quản trị lưu trữ")
admin.site.index_title = _("Biên tập")
# The app list stays on the home page: beside every form and list it cost 270 px, and
# the forms and lists must fit a 1,280 px screen. Breadcrumbs lead back.
admin.site.enable_nav_sidebar = False

# Accounts and roles: Django's pages, with the archive's check against concurrent edits.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(ConflictCheckedAdmin, UserAdmin):
    pass


@admin.register(Group)
class RoleAdmin(ConflictCheckedAdmin, GroupAdmin):
    pass


# --- Provinces, outlets, sources ------------------------------------------------------


class ValidityFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("current", _("hiện hành (từ 1/7/2025)")),
            ("former", _("trước 1/7/2025")),
            ("merged", _("đã sáp nhập")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "current":
                return queryset.current()
            case "former":
                return queryset.former()
            case "merged":
                return queryset.filter(valid_until__isnull=False)
        return queryset


@admin.register(Province)
class ProvinceAdmin(ArchiveAdmin):
    list_display = ["name", "kind", "region", "validity", "successor", "code", "conference_count"]
    list_filter = [ValidityFilter, "kind", "region"]
    list_select_related = ["successor"]
    folded_search_fields = ["name_folded"]
    search_fields = ["name_folded"]
    autocomplete_fields = ["successor"]
    ordering = ["name_folded", "valid_from"]

    def get_queryset(self, request):
        conferences = count_of(Conference, "province")
        return super().get_queryset(request).annotate(conference_total=conferences)

    @admin.display(description=_("hiệu lực"))
    def validity(self, obj):
        return obj.validity

    @admin.display(description=_("số hội nghị"), ordering="conference_total")
    def conference_count(self, obj):
        return obj.conference_total


@admin.register(Outlet)
class OutletAdmin(ArchiveAdmin):
    list_display = ["name", "abbreviation", "website", "article_count"]
    folded_search_fields = ["name_folded"]
    search_fields = ["name_folded"]
    ordering = ["name_folded"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=count_of(Article, "outlet"))

    @admin.display(description=_("số bài báo"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


@admin.register(SourceDocument)
class SourceDocumentAdmin(ArchiveAdmin):
    list_display = ["file_name", "content_type", "retrieved_at", "short_sha256", "article_count"]
    search_fields = ["file_name"]
    # Names are made unguessable on the first save (archive.models.unguessable_file_name).
    readonly_fields = ["file_name", "sha256"]
    date_hierarchy = "retrieved_at"
    ordering = ["file_name"]

    def get_queryset(self, request):
        articles = count_of(Article, "source_document")
        return super().get_queryset(request).annotate(article_total=articles)

    @admin.display(description=_("SHA-256"))
    def short_sha256(self, obj):
        return obj.sha256[:12]

    @admin.display(description=_("số bài báo"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


# --- Articles -------------------------------------------------------------------------


class ArticleImageForm(forms.ModelForm):
    image = CheckedImageField(label=_("tệp ảnh"), required=False)

    class Meta:
        model = ArticleImage
        fields = ["article", "order", "image", "caption", "credit"]


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    form = ArticleImageForm
    fields = ["order", "preview", "image", "caption", "credit"]
    readonly_fields = ["preview"]
    extra = 0
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}
    }

    @admin.display(description=_("xem trước"))
    def preview(self, obj):
        return thumbnail(obj.image, obj.caption)


@admin.register(Article)
class ArticleAdmin(CsvExportMixin, PublishableAdmin):
    list_display = [
        "list_thumbnail",
        "title",
        "outlet",
        "published_on",
        "status",
        "conference_count",
        "image_count",
    ]
    list_display_links = ["title"]
    list_filter = [
        "status",
        year_filter("outlet_published_at"),
        "outlet",
        "outlet_published_precision",
        "title_supplied",
    ]
    list_select_related = ["outlet"]
    # The public list's order, ending in the primary key (not Django's "-pk"), so that a
    # B-tree index on these columns serves a page, the published-only one included.
    ordering = [F("outlet_published_at").desc(nulls_last=True), "title", "pk"]
    full_text_fields = ["search_text"]
    search_fields = ["search_text"]
    # No date_hierarchy: the year filter does its work, without two passes over every
    # row per view (the years and months present, the first and last date).
    autocomplete_fields = ["outlet", "source_document"]
    inlines = [ArticleImageInline]
    actions = ["publish", "unpublish", "export_csv"]
    preview_template = "archive/article_detail.html"

    def get_search_results(self, request, queryset, search_term):
        # A pasted address finds its article, through the unique index on url.
        if search_term.strip().startswith(("http://", "https://")):
            return queryset.filter(url=search_term.strip()), False
        return super().get_search_results(request, queryset, search_term)

    def preview_context(self, request, obj):
        return article_context(request, obj, with_drafts=True)

    csv_fields = [
        (_("tiêu đề"), "title"),
        (_("tiêu đề do lưu trữ đặt"), "title_supplied"),
        (_("cơ quan báo chí"), "outlet"),
        (_("ngày đăng"), "outlet_date_display"),
        (_("đường dẫn gốc"), "url"),
        (_("tác giả"), "byline"),
        (_("trạng thái"), "get_status_display"),
        (_("sapo"), "lead"),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                # One citing row per conference (unique conference and article).
                conference_total=count_of(ConferenceSource, "article"),
                image_total=count_of(ArticleImage, "article"),
            )
            .prefetch_related(Prefetch("images", queryset=ArticleImage.objects.order_by("order")))
        )

    def get_csv_queryset(self, queryset):
        return queryset.select_related("outlet")

    def delete_model(self, request, obj):
        delete_articles(request, [obj], _("Trước khi xóa."))

    def delete_queryset(self, request, queryset):
        delete_articles(request, queryset, _("Trước khi xóa."))

    @admin.display(description=_("ảnh"))
    def list_thumbnail(self, obj):
        images = [image for image in obj.images.all() if image.image]
        return thumbnail(images[0].image, images[0].caption, size=60) if images else "—"

    @admin.display(description=_("ngày đăng"), ordering="outlet_published_at")
    def published_on(self, obj):
        return obj.outlet_date_display

    @admin.display(description=_("số hội nghị"), ordering="conference_total")
    def conference_count(self, obj):
        return obj.conference_total

    @admin.display(description=_("số ảnh"), ordering="image_total")
    def image_count(self, obj):
        return obj.image_total


def delete_articles(request, articles, comment):
    """Delete articles with what exists only through them: the ranks and positions they
    state (which cascade) and their saved page when no other article uses it. Each article
    gets a revision with its saved page first, and each official it speaks of one with
    those ranks and positions, so that "recover deleted" brings everything back."""
    articles = list(articles)
    documents = [article.source_document_id for article in articles]
    with transaction.atomic():
        for article in articles:
            snapshot(request, [article, *filter(None, [article.source_document])], comment)
        spoken_of = Q(ranks__article__in=articles) | Q(positions__article__in=articles)
        record_revisions(Official.objects.filter(spoken_of).distinct(), comment, request.user)
        Article.objects.filter(pk__in=[article.pk for article in articles]).delete()
        SourceDocument.objects.filter(pk__in=documents, articles__isnull=True).delete()


@admin.register(ArticleImage)
class ArticleImageAdmin(ArchiveAdmin):
    form = ArticleImageForm
    list_display = ["list_thumbnail", "article", "order", "caption", "credit"]
    list_display_links = ["list_thumbnail", "article"]
    list_filter = ["article__outlet"]
    list_select_related = ["article"]
    full_text_fields = ["article__search_text"]
    search_fields = ["article__search_text"]
    autocomplete_fields = ["article"]
    ordering = ["article", "order"]

    @admin.display(description=_("ảnh"))
    def list_thumbnail(self, obj):
        return thumbnail(obj.image, obj.caption, size=60)
