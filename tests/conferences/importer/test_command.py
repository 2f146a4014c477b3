"""import_article: writes drafts in one transaction, matches the archive, refuses bad input."""

import datetime
import json
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from archive.models import Article, SourceDocument, Status
from conferences.importer import write as write_module
from conferences.models import Conference, ConferenceSource, Participation
from people.models import Official, Organization
from tests.factories import (
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_participation,
    make_province,
)

pytestmark = pytest.mark.django_db

SOURCES = Path(settings.BASE_DIR) / "fixtures" / "sources"
LAI_CHAU = SOURCES / "002_c5acaf174e378fce.txt"
QUANG_NINH = SOURCES / "004_23db33d7c2795d2d.txt"
BINH_DINH = SOURCES / "001_723d0a309469e636.txt"


def counts():
    return (
        Article.objects.count(),
        SourceDocument.objects.count(),
        Conference.objects.count(),
        Official.objects.count(),
        Organization.objects.count(),
        Participation.objects.count(),
    )


def run(*args):
    call_command("import_article", *map(str, args), verbosity=0)


def run_json(capsys, *args):
    call_command("import_article", *map(str, args), "--format", "json")
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_dry_run_prints_the_proposal_and_writes_nothing(capsys):
    before = counts()
    [data] = run_json(capsys, LAI_CHAU, "--dry-run")
    assert data["attendees"] == 3100 and data["connection_points"] == 114
    assert counts() == before


def test_json_prints_one_object_per_file(capsys):
    rows = run_json(capsys, LAI_CHAU, QUANG_NINH, "--dry-run")
    assert [r["province"] for r in rows] == ["Lai Châu", "Quảng Ninh"]
    assert rows[1]["event_date"] == "2024" and rows[1]["title"] is None


def test_import_writes_drafts_with_every_fact_cited():
    run(BINH_DINH)
    article = Article.objects.get()
    conference = Conference.objects.get()
    assert article.status == conference.status == Status.DRAFT
    assert conference.start_date == datetime.date(2024, 10, 3)
    assert conference.venue == "thành phố Quy Nhơn"
    assert conference.attendees == 350 and conference.attendees_qualifier == "more_than"
    assert conference.sources.get().article == article
    evidence = [
        *conference.figures.all(),
        *conference.organizers.all(),
        *conference.participations.all(),
        *conference.conference_topics.all(),
        *Official.objects.get(full_name="Lê Quốc Hùng").positions.all(),
        *Official.objects.get(full_name="Lê Quốc Hùng").ranks.all(),
    ]
    assert len(evidence) > 10
    for row in evidence:
        assert article.contains_passage(row.passage), row
    chair = conference.participations.get(role="chair")
    assert (chair.official.full_name, chair.rank_as_printed) == ("Lê Quốc Hùng", "Trung tướng")


def test_import_cites_the_conference_own_facts_with_their_words():
    make_province("Bình Định")
    run(BINH_DINH)
    article, conference = Article.objects.get(), Conference.objects.get()
    facts = {fact.kind: fact for fact in conference.facts.all()}
    assert {kind: fact.as_printed for kind, fact in facts.items()} == {
        "name": "Hội nghị tập huấn nhân quyền toàn quốc đợt 2 năm 2024",
        "date": "Ngày 03/10/2024",
        "province": "Bình Định",
        "venue": "thành phố Quy Nhơn",
        "scope": "toàn quốc",
        "round": "đợt 2",
    }
    assert all(fact.article == article for fact in facts.values())
    assert all(article.contains_passage(fact.passage) for fact in facts.values())
    # "đợt 2" is the round, not part of the scope.
    assert (conference.scope_as_printed, conference.round_as_printed) == ("toàn quốc", "đợt 2")


def test_a_province_training_has_no_scope_fact_the_article_does_not_state():
    make_province("Lai Châu")
    run(LAI_CHAU)
    kinds = set(Conference.objects.get().facts.values_list("kind", flat=True))
    assert kinds == {"name", "date", "province"}  # "provincial" is the archive's reading


def test_a_second_source_cites_only_the_facts_it_agrees_with(capsys):
    province = make_province("Lai Châu")
    archived = make_conference(
        "Tập huấn nhân quyền ở Lai Châu", on=datetime.date(2022, 8, 23), province=province
    )
    [data] = run_json(capsys, LAI_CHAU)
    assert data["existing_conference"] == archived.slug
    article = Article.objects.get(status=Status.DRAFT)
    facts = dict(archived.facts.filter(article=article).values_list("kind", "as_printed"))
    assert facts == {"date": "Ngày 23/8", "province": "Lai Châu"}  # its name differs


def test_a_page_without_title_gets_one_marked_as_supplied():
    run(QUANG_NINH)
    article = Article.objects.get()
    assert article.title == "Hội nghị tập huấn công tác nhân quyền năm 2024 tại tỉnh Quảng Ninh"
    assert article.title_supplied


def test_an_article_about_an_archived_conference_becomes_its_source(capsys):
    province = make_province("Lai Châu")
    published = make_conference(
        "Hội nghị tập huấn nhân quyền Lai Châu", on=datetime.date(2022, 8, 23), province=province
    )
    before = Conference.objects.count()
    [data] = run_json(capsys, LAI_CHAU)
    assert data["existing_conference"] == published.slug
    assert Conference.objects.count() == before
    source = ConferenceSource.objects.get(conference=published)
    assert source.article.status == Status.DRAFT
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED and published.attendees is None
    figure = published.figures.get(kind="format")  # the new source's own figures
    assert (figure.format, figure.as_printed) == ("hybrid", "trực tiếp và trực tuyến")


def test_a_different_event_in_the_same_province_is_not_merged(capsys):
    province = make_province("Lai Châu")
    other = make_conference(on=datetime.date(2022, 11, 2), province=province)
    [data] = run_json(capsys, LAI_CHAU)
    assert data["existing_conference"] is None
    assert Conference.objects.exclude(pk=other.pk).get().status == Status.DRAFT
    assert not other.sources.exists()


def test_without_a_date_figures_and_officials_identify_the_conference(capsys):
    province = make_province("Quảng Ninh")
    archived = make_conference(
        on=None, province=province, attendees=104, attendees_qualifier="approx"
    )
    article = make_article(body="Thượng tá Phạm Văn Dũng phát biểu.")
    make_participation(archived, make_official("Phạm Văn Dũng"), article)
    [data] = run_json(capsys, QUANG_NINH, "--dry-run")
    assert data["existing_conference"] == archived.slug


def test_without_a_date_a_conference_sharing_only_the_province_is_not_merged(capsys):
    province = make_province("Quảng Ninh")
    make_conference(on=None, province=province, attendees=500, attendees_qualifier="exact")
    [data] = run_json(capsys, QUANG_NINH, "--dry-run")
    assert data["existing_conference"] is None


def test_people_sharing_a_given_name_are_told_apart():
    dung = make_official("Phạm Văn Dũng")
    other = make_official("Đinh Tiến Dũng")
    run(QUANG_NINH)
    assert Participation.objects.filter(official=dung).count() == 2  # opening and closing
    assert not Participation.objects.filter(official=other).exists()
    assert Official.objects.filter(full_name__endswith="Dũng").count() == 2


def test_two_archived_people_with_the_same_name_are_left_for_the_editor(capsys):
    make_official("Phạm Văn Dũng", slug="pham-van-dung")
    make_official("Phạm Văn Dũng", slug="pham-van-dung-2")
    [data] = run_json(capsys, QUANG_NINH, "--dry-run")
    assert any("Phạm Văn Dũng" in w for w in data["warnings"])


def test_organisations_match_by_name_and_alias_without_diacritics_or_ve_cua():
    government = make_organization("Ban Chỉ đạo Nhân quyền Chính phủ")
    office = make_organization("Văn phòng Thường trực Ban Chỉ đạo Nhân quyền Chính phủ")
    office.aliases.create(name="Văn phòng thường trực Ban Chỉ đạo Nhân quyền Chính phủ")
    run(LAI_CHAU)
    organizers = Conference.objects.get().organizers.order_by("order")
    assert organizers[1].organization == office
    assert Organization.objects.count() == 3  # the provincial committee is new
    run(BINH_DINH)
    assert (
        Conference.objects.get(start_date__year=2024).organizers.first().organization == government
    )


def test_a_province_is_matched_as_it_was_on_the_event_date(capsys):
    phu_tho = make_province("Phú Thọ", former=False)
    hoa_binh = make_province("Hòa Bình", current=False, successor=phu_tho)
    run(SOURCES / "003_fd178aee7a23bfea.txt")
    assert Conference.objects.get().province == hoa_binh


def test_a_failure_half_way_leaves_the_database_unchanged(monkeypatch):
    make_official("Nguyễn Văn Kỷ")
    before = counts()

    def explode(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(write_module, "_topics", explode)
    with pytest.raises(RuntimeError):
        run(LAI_CHAU)
    assert counts() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "rỗng"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20, "nhị phân"),
        (b"The committee held a human rights training on Monday. " * 20, "tiếng Việt"),
        (
            "Giá vàng hôm nay tăng mạnh. Thị trường chứng khoán biến động trong phiên sáng "
            "nay với thanh khoản thấp, nhà đầu tư thận trọng trước thông tin mới. ".encode()
            * 5,
            "hội nghị",
        ),
    ],
    ids=["empty", "binary", "english", "no-conference"],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(tmp_path, capsys, content, message):
    path = tmp_path / "page.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError):
        run(path)
    assert message in capsys.readouterr().err
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_a_file_over_5_mb_is_refused_unread(tmp_path, capsys):
    path = tmp_path / "huge.html"
    with path.open("wb") as f:
        f.truncate(5 * 1024 * 1024 + 1)
    with pytest.raises(CommandError):
        run(path)
    assert "5 MB" in capsys.readouterr().err


def to_cp1258(text):
    """Windows-1258 keeps ơ, ư, â... precomposed and writes tone marks as combining ones."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = "".join(m for m in decomposed if m not in tones)
        out.append(
            unicodedata.normalize("NFC", base) + "".join(m for m in decomposed if m in tones)
        )
    return "".join(out).encode("cp1258", errors="replace")


def test_a_legacy_encoding_is_detected_and_reported(tmp_path, capsys):
    path = tmp_path / "page.txt"
    text = LAI_CHAU.read_text(encoding="utf-8")
    path.write_bytes(to_cp1258(text))
    call_command("import_article", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "(cp1258)" in out and "attendees: 3100" in out


def test_an_html_page_reads_like_the_saved_text(tmp_path, capsys):
    text = LAI_CHAU.read_text(encoding="utf-8").split("Đông Phong")[0]
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    html = (
        "<html><head><title>x</title><meta property='og:url' content='https://thoidai.com.vn/a'>"
        f"</head><body><nav><a>Trang chủ</a></nav><article>{paragraphs}</article>"
        "<footer>Bản quyền</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    [data] = run_json(capsys, path, "--dry-run")
    assert data["title"] == "Lai Châu đẩy mạnh tập huấn về công tác nhân quyền"
    assert data["attendees"] == 3100


def test_the_same_page_twice_is_refused_the_second_time(capsys):
    run(LAI_CHAU)
    with pytest.raises(CommandError):
        run(LAI_CHAU)
    assert Article.objects.count() == 1


def test_a_seed_already_in_the_loaded_archive_is_recognised(capsys):
    call_command("load_archive", verbosity=0)
    [data] = run_json(capsys, BINH_DINH, "--dry-run")
    assert data["existing_conference"] == "tap-huan-nhan-quyen-toan-quoc-dot-2-binh-dinh-2024"


# --- Degenerate and hostile pages (security review items 6, 12, 14) -----------------------

LEAD = (
    "Ngày 9/3, tại tỉnh Nghệ An, Ban Chỉ đạo về Nhân quyền tỉnh tổ chức Hội nghị tập huấn "
    "công tác nhân quyền cho cán bộ cơ sở của các huyện, thị xã và thành phố."
)


def test_a_page_whose_only_paragraph_is_printed_twice_is_imported_once(tmp_path, capsys):
    path = tmp_path / "page.txt"
    path.write_text(f"Tập huấn nhân quyền ở Nghệ An\n\n{LEAD}\n{LEAD}\n", encoding="utf-8")
    [data] = run_json(capsys, path)
    assert data["province"] == "Nghệ An"
    assert Article.objects.get().body == ""


def test_a_utf16_page_with_a_nul_is_refused_and_nothing_is_written(tmp_path, capsys):
    path = tmp_path / "page.txt"
    path.write_bytes(f"Tập huấn nhân quyền\n\n{LEAD}\x00\n".encode("utf-16"))
    with pytest.raises(CommandError):
        run(path)
    assert "NUL" in capsys.readouterr().err
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_a_javascript_page_address_is_not_stored(tmp_path, capsys):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><meta property='og:url' content='javascript:alert(1)'></head><body>"
        f"<h1>Tập huấn nhân quyền ở Nghệ An</h1><p>{LEAD}</p></body></html>",
        encoding="utf-8",
    )
    [data] = run_json(capsys, path)
    assert any("http" in w for w in data["warnings"])
    assert Article.objects.get().url is None


def test_a_url_option_that_is_not_http_is_refused(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(f"Tập huấn nhân quyền ở Nghệ An\n\n{LEAD}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="http"):
        run(path, "--url", "javascript:alert(1)")
    assert counts() == (0, 0, 0, 0, 0, 0)
