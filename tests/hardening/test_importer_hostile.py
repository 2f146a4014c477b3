"""The importer refuses hostile files with a clear message and writes nothing.

Each refusal comes from a bound in the reader (size, line length, nesting, archives), so
the work stays linear in the file size whatever the file holds.
"""

import gzip
import io
import os
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from archive.models import Article, SourceDocument
from conferences.importer.reader import UnreadableInput, read
from conferences.models import Conference
from people.models import Official, Rank
from tests.hardening.conftest import LAI_CHAU, confirm_import

ARTICLE_LINE = "Ngày 12/4, tại Vĩnh Phúc, Ban Chỉ đạo tổ chức Hội nghị tập huấn nhân quyền."


def zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bai-bao.txt", b"0" * 20_000_000)
    return buffer.getvalue()


HOSTILE = {
    "zip bomb": (zip_bomb(), "nén"),
    "gzip bomb": (gzip.compress(ARTICLE_LINE.encode() * 200_000), "nén"),
    "binary": (os.urandom(50_000), "nhị phân"),
    "huge line": ((ARTICLE_LINE + " ").encode() * 1_000, "50.000"),
    "deeply nested html": (
        ("<div>" * 5_000 + f"<p>{ARTICLE_LINE}</p>" + "</div>" * 5_000).encode(),
        "lồng nhau",
    ),
    "over 5 MB": (ARTICLE_LINE.encode() * 80_000, "5 MB"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_refused_with_a_reason(name):
    data, reason = HOSTILE[name]
    with pytest.raises(UnreadableInput, match=reason):
        read(data, file_name="page.html" if "html" in name else "page.txt")


def test_ordinary_nesting_and_many_line_breaks_still_read():
    paragraphs = "".join(f"<p>{ARTICLE_LINE} Đoạn {i}.<br><br></p>" for i in range(600))
    page = f"<html><body><article><div><div>{paragraphs}</div></div></article></body></html>"
    document = read(page.encode(), file_name="page.html")
    assert len(document.paragraphs) > 100


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE)
def test_import_command_writes_nothing_for_a_hostile_file(tmp_path, name):
    data, _reason = HOSTILE[name]
    path = tmp_path / ("page.html" if "html" in name else "page.txt")
    path.write_bytes(data)
    with pytest.raises(CommandError):
        call_command("import_article", str(path))
    assert Article.objects.count() == 0
    assert Conference.objects.count() == 0


# --- Values the models do not allow ---------------------------------------------------


@pytest.fixture
def importer(editor):
    client = Client()
    client.force_login(editor)
    return client


def assert_nothing_written():
    for model in (Article, Conference, SourceDocument, Official, Rank):
        assert not model.objects.exists(), model


def test_an_over_long_rank_is_refused_on_the_review_form(importer):
    rank = "Thiếu tướng " + "x" * 87  # 99 characters; a rank holds 50
    text = LAI_CHAU.read_text(encoding="utf-8")
    response = confirm_import(importer, text, {"officials-0-rank": rank})
    assert response.status_code == 200
    row = response.context["review"].formsets["officials"].forms[0]
    assert any("50" in e for e in row.errors["rank"]), row.errors
    assert_nothing_written()


def test_an_attendance_beyond_any_count_is_refused_on_the_review_form(importer):
    text = LAI_CHAU.read_text(encoding="utf-8").replace("3.100 đại biểu", "99.999.999.999 đại biểu")
    response = confirm_import(importer, text)
    assert response.status_code == 200
    errors = response.context["review"].non_field_errors()
    assert any("99999999999" in e for e in errors), errors
    assert_nothing_written()
