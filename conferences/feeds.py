"""The Atom feed of newly published conferences."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from archive.feeds import FEED_LENGTH, ArchiveFeed

from .models import Conference


class LatestConferencesFeed(ArchiveFeed):
    title = _("Hội nghị mới trong lưu trữ")
    subtitle = _("Các hội nghị tập huấn về công tác nhân quyền mới được công bố trong lưu trữ.")
    link = reverse_lazy("conferences:list")
    feed_url = reverse_lazy("feed-conferences")

    def items(self):
        return (
            Conference.objects.published()
            .select_related("province__successor")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.name

    def item_description(self, item):
        facts = [item.date_display, item.province.label_on() if item.province else "", item.venue]
        line = " · ".join(fact for fact in facts if fact)
        return "\n\n".join(text for text in (line, item.summary) if text)
