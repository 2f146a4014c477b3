"""The reader on the clutter real pages carry, and on degenerate documents (never a crash)."""

import datetime

import pytest

from conferences.importer.reader import VIETNAM, UnreadableInput, read

HEADLINE = "Tập huấn công tác nhân quyền cho cán bộ cơ sở"
PARAGRAPH = (
    "Sáng 9/3, Ban Chỉ đạo về Nhân quyền tỉnh tổ chức Hội nghị tập huấn công tác nhân quyền "
    "cho cán bộ cơ sở của các huyện, thị xã và thành phố trong tỉnh."
)
SECOND = (
    "Các đại biểu được nghe giới thiệu những nội dung cơ bản về quyền con người và kỹ năng "
    "trả lời báo chí về các vấn đề nhân quyền ở địa phương."
)


def page(*lines):
    return read("\n".join(lines).encode())


# --- Bad bytes ----------------------------------------------------------------------------


def test_a_nul_character_is_refused_with_its_reason_even_in_utf16():
    data = ("\n".join([HEADLINE, PARAGRAPH]) + "\x00").encode("utf-16")
    with pytest.raises(UnreadableInput, match="NUL"):
        read(data)


def test_other_control_characters_are_dropped_with_a_warning():
    doc = page(HEADLINE, PARAGRAPH.replace("Ban", "Ban\x07\x1b"), SECOND)
    assert "\x07" not in doc.text and "\x1b" not in doc.lead
    assert doc.lead.startswith("Sáng 9/3, Ban Chỉ đạo")
    assert any("2 ký tự điều khiển" in w for w in doc.warnings)


def test_a_broken_utf16_file_is_refused_not_a_crash():
    with pytest.raises(UnreadableInput, match="UTF-16"):
        read(b"\xff\xfe" + "Tập huấn".encode("utf-16-le") + b"\x00\xd8")


# --- Degenerate documents -----------------------------------------------------------------


def test_an_only_paragraph_printed_twice_in_a_row_is_read_once():
    doc = page(HEADLINE, "", PARAGRAPH, PARAGRAPH)
    assert doc.title == HEADLINE
    assert doc.lead == PARAGRAPH and doc.paragraphs == []


def test_a_page_of_duplicates_only_is_read_once():
    doc = page(PARAGRAPH, PARAGRAPH, PARAGRAPH, PARAGRAPH)
    assert doc.paragraphs == [PARAGRAPH]


@pytest.mark.parametrize(
    "lines",
    [
        [HEADLINE],
        [HEADLINE, "", "Quang cảnh Hội nghị", "Quang cảnh Hội nghị"],
        ["Quang cảnh Hội nghị (Ảnh: Minh Anh)", "Các đại biểu dự hội nghị (Ảnh: Minh Anh)"],
    ],
    ids=["title only", "title and a doubled caption", "captions only"],
)
def test_a_page_without_a_paragraph_is_refused_with_a_reason(lines):
    with pytest.raises(UnreadableInput, match="nội dung"):
        page(*lines)


# --- Addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "data:text/html,x", "/tin-tuc/bai-1", "ftp://x.vn/a"]
)
def test_a_page_address_that_is_not_http_is_dropped_with_a_warning(address):
    html = (
        f"<html><head><meta property='og:url' content='{address}'></head>"
        f"<body><h1>{HEADLINE}</h1><p>{PARAGRAPH}</p></body></html>"
    )
    doc = read(html.encode(), file_name="page.html")
    assert doc.url == ""
    assert any("http" in w for w in doc.warnings)


def test_a_canonical_https_address_is_kept():
    html = (
        "<html><head><link rel='canonical' href='https://baomoi.vn/a.html'></head>"
        f"<body><h1>{HEADLINE}</h1><p>{PARAGRAPH}</p></body></html>"
    )
    assert read(html.encode(), file_name="page.html").url == "https://baomoi.vn/a.html"


def test_a_url_line_at_the_end_is_the_address_not_the_byline():
    doc = page(HEADLINE, PARAGRAPH, SECOND, "URL: https://tinhuy.vn/tap-huan.html")
    assert doc.url == "https://tinhuy.vn/tap-huan.html"
    assert doc.byline == "" and doc.paragraphs == [SECOND]


# --- Publication lines --------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, published",
    [
        ("Thứ năm - 04/05/2023 07:473640", datetime.datetime(2023, 5, 4, 7, 47)),
        ("13/06/2022 05:32:13", datetime.datetime(2022, 6, 13, 5, 32)),
        ("Thứ Ba, 22/12/2020, 16:08", datetime.datetime(2020, 12, 22, 16, 8)),
        ("11:04 | 23/08/2022", datetime.datetime(2022, 8, 23, 11, 4)),
        ("Cập nhật lúc 10:25, Thứ Tư, 15/05/2024 (GMT+7)", datetime.datetime(2024, 5, 15, 10, 25)),
        ("Đăng ngày: 12/04/2023 08:15", datetime.datetime(2023, 4, 12, 8, 15)),
        ("(Ngày đăng: 28/02/2024 15:30)", datetime.datetime(2024, 2, 28, 15, 30)),
    ],
    ids=[
        "weekday dash, glued counter",
        "seconds",
        "weekday comma",
        "time first",
        "labelled",
        "posted on",
        "in brackets",
    ],
)
def test_publication_lines_as_sites_print_them(line, published):
    doc = page(HEADLINE, line, PARAGRAPH)
    assert doc.published == published.replace(tzinfo=VIETNAM)
    assert doc.title == HEADLINE


def test_a_byline_printed_before_the_publication_time_is_the_byline():
    doc = page(HEADLINE, "", "Thu Hà 15:56, 19/12/2024", "", PARAGRAPH)
    assert doc.published.date() == datetime.date(2024, 12, 19)
    assert doc.byline == "Thu Hà"


def test_a_month_crawl_stamp_is_not_a_publication_date_and_its_rest_is_the_byline():
    doc = page(HEADLINE, " date 2023-04 Minh Châu Nhà báo", "", PARAGRAPH)
    assert doc.published is None
    assert doc.byline == "Minh Châu Nhà báo"
    assert doc.title == HEADLINE


def test_a_crawl_stamp_glued_to_the_first_paragraph_is_dropped():
    doc = page(HEADLINE, " date 2022-05 " + PARAGRAPH, SECOND)
    assert doc.published is None and doc.lead == PARAGRAPH


def test_an_impossible_publication_time_is_ignored():
    assert page(HEADLINE, "31/02/2023 07:47", PARAGRAPH).published is None


# --- The headline -------------------------------------------------------------------------


def test_a_long_headline_with_a_colon_and_commas_is_not_a_paragraph():
    headline = (
        "Hà Tĩnh: Bồi dưỡng kiến thức, kỹ năng thông tin đối ngoại về quyền con người cho "
        "cán bộ, phóng viên năm 2024"
    )
    assert page(headline, PARAGRAPH).title == headline


def test_the_headline_is_found_above_widgets_glued_links_and_photo_captions():
    doc = page(
        HEADLINE,
        "Công an tỉnhhttps://congan.vn/no-image.png",
        "Hôm nay: 1937",
        "Quang cảnh Hội nghị",
        PARAGRAPH,
    )
    assert doc.title == HEADLINE


@pytest.mark.parametrize(
    "chrome",
    [
        "Trang chủ > Chính trị > Thời sự",
        "Tin tức » Xã hội",
        "Báo Nghệ An điện tử",
        "Cổng thông tin điện tử tỉnh Quảng Ninh",
    ],
)
def test_a_breadcrumb_or_the_outlets_name_below_the_headline_is_not_the_headline(chrome):
    doc = page(HEADLINE, chrome, "Cập nhật: 09:15 - 16/08/2024", PARAGRAPH)
    assert doc.title == HEADLINE


def test_a_headline_on_the_subject_before_a_nearer_line_that_is_not():
    doc = page(HEADLINE, "Công an nhân dân", "10/04/2024", PARAGRAPH)
    assert doc.title == HEADLINE


def test_a_caption_alone_above_the_first_paragraph_is_not_a_headline():
    doc = page("Quang cảnh hội nghị tập huấn. (Nguồn: BTC) |", PARAGRAPH, SECOND)
    assert doc.title == ""
    assert doc.paragraphs == [PARAGRAPH, SECOND]


# --- Captions -----------------------------------------------------------------------------


def test_a_short_line_without_a_full_stop_between_paragraphs_is_a_caption():
    caption = "Ông Trần Văn Hải, Phó Chủ tịch UBND tỉnh phát biểu tại hội nghị"
    doc = page(HEADLINE, PARAGRAPH, caption, SECOND, "Minh Anh")
    assert doc.paragraphs == [SECOND]
    assert [i.caption for i in doc.images] == [caption]


def test_a_credit_after_the_caption_without_brackets():
    doc = page(HEADLINE, PARAGRAPH, "Ông Trần Văn Hải phát biểu. Ảnh: Hữu Tâm/TTXVN", SECOND)
    assert (doc.images[0].caption, doc.images[0].credit) == (
        "Ông Trần Văn Hải phát biểu.",
        "Hữu Tâm/TTXVN",
    )


def test_the_line_after_an_image_file_name_is_its_caption():
    doc = page(HEADLINE, PARAGRAPH, "z37590_7ec9.jpg", "Đại biểu dự hội nghị.", SECOND)
    assert [i.caption for i in doc.images] == ["Đại biểu dự hội nghị."]
    assert doc.paragraphs == [SECOND]


def test_an_html_figcaption_is_a_caption():
    html = (
        f"<html><body><h1>{HEADLINE}</h1><p>{PARAGRAPH}</p>"
        "<figure><figcaption>Đại biểu dự hội nghị.</figcaption></figure>"
        f"<p>{SECOND}</p></body></html>"
    )
    doc = read(html.encode(), file_name="page.html")
    assert [i.caption for i in doc.images] == ["Đại biểu dự hội nghị."]
    assert doc.paragraphs == [SECOND]
