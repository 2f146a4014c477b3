"""Atom feeds of what the archive has newly published; the articles' feed here, the
conferences' in conferences/feeds.py."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Article

FEED_LENGTH = 30
SITE_NAME = _("Lưu trữ hội nghị tập huấn nhân quyền")


class ArchiveFeed(Feed):
    """Newest first by the time the archive published the record; `<updated>` is the
    record's last edit."""

    feed_type = Atom1Feed
    author_name = SITE_NAME

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class LatestArticlesFeed(ArchiveFeed):
    title = _("Bài báo mới trong lưu trữ")
    subtitle = _("Các bài báo nguồn mới được công bố trong lưu trữ.")
    link = reverse_lazy("archive:article-list")
    feed_url = reverse_lazy("feed-articles")

    def items(self):
        return (
            Article.objects.published()
            .select_related("outlet")
            .defer("body", "search_text")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        origin = " · ".join(
            text for text in (str(item.outlet or ""), item.outlet_date_display) if text
        )
        return "\n\n".join(text for text in (origin, item.lead) if text)

    def item_author_name(self, item):
        return item.byline or None
