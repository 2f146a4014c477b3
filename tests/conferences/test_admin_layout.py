"""Item 3: the conference form's evidence rows cite the only source article by default."""

import re

import pytest
from django.urls import reverse

from tests.factories import cite, make_article, make_conference

pytestmark = pytest.mark.django_db


def selected_article(html, prefix):
    select = re.search(
        rf'<select name="{prefix}-__prefix__-article".*?</select>', html, flags=re.DOTALL
    ).group()
    return re.findall(r'<option value="(\d+)" selected>', select)


def test_a_new_row_cites_the_conference_s_only_source(admin_client):
    conference = make_conference(published=False)
    article = make_article("Bài duy nhất")
    cite(conference, article)
    html = admin_client.get(
        reverse("admin:conferences_conference_change", args=[conference.pk])
    ).text
    for prefix in ("facts", "participations", "organizers", "conference_topics", "figures"):
        assert selected_article(html, prefix) == [str(article.pk)], prefix
    assert selected_article(html, "sources") == []  # a new source is another article


def test_with_two_sources_the_editor_chooses(admin_client):
    conference = make_conference(published=False)
    cite(conference, make_article())
    cite(conference, make_article())
    html = admin_client.get(
        reverse("admin:conferences_conference_change", args=[conference.pk])
    ).text
    assert selected_article(html, "participations") == []
