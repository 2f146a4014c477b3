"""Source documents are evidence, not web pages: served inert, to readers only once a
published article cites them, under names nobody can guess; stored links are web links."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from archive.models import Article, SourceDocument, Status
from tests.factories import make_article
from tests.hardening.conftest import LAI_CHAU, confirm_import, make_world

pytestmark = pytest.mark.django_db

HOSTILE = {
    "text/html": '<meta http-equiv="refresh" content="0;url=https://evil.example">'
    '<script src="/sources/x.js"></script>',
    "application/javascript": "fetch('/admin/auth/user/add/', {method: 'POST'})",
    "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
}


def published_document(content, content_type):
    document = SourceDocument.objects.create(content=content, content_type=content_type)
    make_article(source_document=document)
    return document


@pytest.mark.parametrize("content_type", HOSTILE)
def test_a_document_is_served_as_plain_text_in_a_sandbox_whatever_its_stored_type(
    client, admin_client, content_type
):
    document = published_document(HOSTILE[content_type], content_type)
    for reader in (client, admin_client):  # the superuser is whom the attack aims at
        response = reader.get(document.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "sandbox"
        assert response.content.decode() == HOSTILE[content_type]


def test_a_document_only_drafts_cite_is_not_public(client, viewer):
    draft = make_world(published=False)["document"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    staff = Client()
    staff.force_login(viewer)
    assert staff.get(draft.get_absolute_url()).status_code == 200


def test_a_document_no_article_cites_is_not_public(client):
    document = SourceDocument.objects.create(content="Bản lưu chưa dùng")
    assert client.get(document.get_absolute_url()).status_code == 404


def test_unpublishing_the_article_hides_its_document(client):
    world = make_world()
    url = world["document"].get_absolute_url()
    assert client.get(url).status_code == 200
    Article.objects.filter(pk=world["article"].pk).unpublish()
    assert client.get(url).status_code == 404


def test_new_documents_get_names_that_cannot_be_guessed():
    first = SourceDocument.objects.create(content="Bài thứ nhất")
    second = SourceDocument.objects.create(content="Bài thứ hai", content_type="text/html")
    assert re.fullmatch(r"tai-lieu-[0-9a-f]{16}\.txt", first.file_name)
    assert re.fullmatch(r"tai-lieu-[0-9a-f]{16}\.html", second.file_name)
    assert first.file_name.removeprefix("tai-lieu-")[:16] == first.sha256[:16]


def test_the_fixture_documents_keep_their_names():
    SourceDocument(file_name="000_991894800da59477.txt", content="x").full_clean()


@pytest.mark.parametrize(
    "name", ["a/b.txt", "../etc/passwd", ".hidden", "tên có dấu.txt", "a b.txt", "x\n.txt"]
)
def test_a_name_that_is_not_a_plain_file_name_is_refused(name):
    with pytest.raises(ValidationError) as error:
        SourceDocument(file_name=name, content="x").full_clean()
    assert "file_name" in error.value.message_dict


def test_a_stored_name_with_a_slash_no_longer_breaks_the_pages(client, admin_client):
    """A name stored before names were checked: the article page, its API record and the
    staff preview still answer, and the link reaches the document."""
    world = make_world()
    SourceDocument.objects.filter(pk=world["document"].pk).update(file_name="cu/bai-1.txt")
    article = world["article"]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert 'href="/sources/cu/bai-1.txt"' in response.text
    api = client.get(reverse("api:article-detail", args=[article.slug]))
    assert api.json()["source_document"]["url"].endswith("/sources/cu/bai-1.txt")
    preview = reverse("admin:archive_article_preview", args=[article.pk])
    assert admin_client.get(preview).status_code == 200
    assert client.get("/sources/cu/bai-1.txt").status_code == 200


@pytest.mark.parametrize("hidden_name", ["", "../../cu/bai.txt", "bai-dan.txt"])
def test_an_imported_document_gets_a_safe_unguessable_name(editor, hidden_name):
    client = Client()
    client.force_login(editor)
    response = confirm_import(client, LAI_CHAU.read_text(encoding="utf-8"), file_name=hidden_name)
    assert response.status_code == 302
    document = SourceDocument.objects.get()
    document.full_clean()
    assert "/" not in document.file_name and document.file_name != "bai-dan.txt"
    assert document.sha256[:16] in document.file_name


# --- Stored links ---------------------------------------------------------------------

NOT_WEB = ["javascript:alert(document.cookie)", "JAVASCRIPT:alert(1)", "data:text/html,x"]


@pytest.mark.parametrize("url", NOT_WEB + ["ftp://example.org/bai.html"])
def test_an_article_address_must_be_a_web_address(url):
    article = Article(title="Bài", body="Nội dung.", slug="bai", url=url)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "url" in error.value.message_dict


@pytest.mark.parametrize("url", NOT_WEB)
def test_the_database_refuses_a_non_web_address_written_past_validation(url):
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(url=url)


def test_web_addresses_are_kept_and_shown(client):
    article = make_article(url="HTTPS://thoidai.com.vn/bai.html", status=Status.PUBLISHED)
    article.full_clean()
    response = client.get(article.get_absolute_url())
    assert 'href="HTTPS://thoidai.com.vn/bai.html"' in response.text
