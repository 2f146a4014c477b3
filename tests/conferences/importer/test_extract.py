"""The importer reproduces the curated fixtures for each seed document (no database)."""

import json
import time
from pathlib import Path

import pytest
from django.conf import settings

from conferences.importer import NoConference, as_json, extract, read
from conferences.importer.extract import split_sentences
from conferences.importer.people import find_names, titles_after
from tests.conferences.importer.pages import FILLER, page, proposal, propose

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SOURCES = sorted((FIXTURES / "sources").glob("*.txt"))


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def expected_json(file_name):
    """The importer's JSON for a seed, as the curated fixtures state it."""
    article = next(a for a in load("articles.json") if a["source_document"] == file_name)
    slug = article["slug"]
    conference = next(
        c
        for c in load("conferences.json")
        if any(s["article"] == slug and s["relation"] == "reports" for s in c["sources"])
    )
    provinces = {p["slug"]: p["name"] for p in load("provinces.json")}
    officials = {o["slug"]: o for o in load("officials.json")}
    precision = conference["date_precision"]
    start = conference["start_date"]
    event_date = {"day": start, "month": (start or "")[:7], "year": (start or "")[:4]}.get(
        precision
    )
    people = {}
    for p in conference["participations"]:
        if p["article"] != slug or not p["official"]:
            continue
        official = officials[p["official"]]
        person = people.setdefault(
            official["full_name"],
            {
                "name": official["full_name"],
                "rank": next((r["rank"] for r in official["ranks"] if r["article"] == slug), None),
                "titles": {t["as_printed"] for t in official["positions"] if t["article"] == slug},
                "roles": set(),
            },
        )
        person["roles"].add(p["role"])
    for person in people.values():  # the JSON lists "attendee" only when nothing else
        person["roles"] = person["roles"] - {"attendee"} or person["roles"]
    venue = conference["venue"].removeprefix("thành phố ").removeprefix("TP ")
    return {
        "title": None if article["title_supplied"] else article["title"],
        "published": (article["outlet_published_at"] or "")[:10] or None,
        "event_date": event_date,
        "province": provinces.get(conference["province"]),
        "city": venue or None,
        "format": None if conference["format"] == "unknown" else conference["format"],
        "attendees": conference["attendees"],
        "attendees_qualifier": conference["attendees_qualifier"] or None,
        "connection_points": conference["connection_points"],
        "provinces_participating": conference["provinces_participating"],
        "scope": None if conference["scope"] == "unknown" else conference["scope"],
        "organizers": [o["as_printed"] for o in conference["organizers"] if o["article"] == slug],
        "officials": people,
        "topics": [t["as_printed"] for t in conference["topics"] if t["article"] == slug],
    }


def imported(path):
    proposal = extract(read(path.read_bytes(), file_name=path.name))
    data = as_json(proposal)
    data["officials"] = {
        o["name"]: o | {"titles": set(o["titles"]), "roles": set(o["roles"])}
        for o in data["officials"]
    }
    return data


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name[:3])
def test_each_seed_reproduces_the_fixtures_field_by_field(path):
    expected, got = expected_json(path.name), imported(path)
    for key, value in expected.items():
        assert got[key] == value, key


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name[:3])
def test_each_seed_reads_as_the_curated_article(path):
    article = next(a for a in load("articles.json") if a["source_document"] == path.name)
    doc = read(path.read_bytes(), file_name=path.name)
    assert (doc.title or None) == (None if article["title_supplied"] else article["title"])
    assert doc.byline == article["byline"]
    assert doc.lead == article["lead"]
    assert doc.paragraphs == article["body"]
    assert [{"caption": i.caption, "credit": i.credit} for i in doc.images] == [
        {"caption": i["caption"], "credit": i["credit"]} for i in article["images"]
    ]
    published = doc.published.isoformat() if doc.published else None
    assert published == article["outlet_published_at"]
    assert (doc.url or None) == article["url"]


def test_the_json_has_exactly_the_documented_keys():
    data = as_json(extract(read(SOURCES[0].read_bytes())))
    assert list(data) == [
        "title", "published", "event_date", "province", "city", "format", "attendees",
        "attendees_qualifier", "connection_points", "provinces_participating", "scope",
        "organizers", "officials", "topics", "existing_conference", "match_reasons", "warnings",
    ]  # fmt: skip


def test_every_passage_is_verbatim_in_the_article():
    for path in SOURCES:
        proposal = extract(read(path.read_bytes()))
        doc = proposal.document
        haystack = " ".join(
            [doc.title, doc.lead, *doc.paragraphs, *(i.caption for i in doc.images)]
        )
        facts = [proposal.name, proposal.date, proposal.province, proposal.attendees]
        facts += proposal.organizers + proposal.topics + proposal.presenting_organizations
        for person in proposal.officials:
            facts += person.titles + person.roles
        for fact in filter(None, facts):
            assert fact.passage in haystack, (path.name, fact)


def test_one_article_takes_well_under_a_second():
    data = SOURCES[1].read_bytes()
    start = time.perf_counter()
    extract(read(data))
    assert time.perf_counter() - start < 0.5


# --- The genre, beyond the five seeds ---------------------------------------------------

PAGE = """Tập huấn công tác nhân quyền tại Nghệ An

{lead}

{body}

Minh Anh
"""


def extract_text(
    lead,
    body="Hội nghị diễn ra trong một ngày với nhiều nội dung thiết thực, bổ ích "
    "cho cán bộ làm công tác nhân quyền ở cơ sở trên địa bàn tỉnh.",
):
    return as_json(extract(read(PAGE.format(lead=lead, body=body))))


def test_a_day_without_a_year_and_no_article_date_stays_empty_with_a_warning():
    data = extract_text(
        "Ngày 5/9, tại tỉnh Nghệ An, Ban Chỉ đạo Nhân quyền tỉnh Nghệ An tổ chức Hội nghị "
        "tập huấn công tác nhân quyền cho cán bộ cơ sở với sự tham gia của nhiều đại biểu."
    )
    assert data["event_date"] is None
    assert data["province"] == "Nghệ An"
    assert any("năm" in w for w in data["warnings"])


def test_a_multi_day_event_starts_on_its_first_day_and_the_year_comes_from_its_name():
    data = extract_text(
        "Trong hai ngày 5-6/9, tại TP.HCM, Ban Chỉ đạo Nhân quyền Chính phủ phối hợp với Ủy ban "
        "nhân dân Thành phố tổ chức Hội nghị tập huấn công tác nhân quyền năm 2023 cho gần 200 "
        "đại biểu theo hình thức trực tuyến."
    )
    assert data["event_date"] == "2023-09-05"
    assert data["province"] == "Hồ Chí Minh"
    assert data["attendees"] == 200
    assert data["attendees_qualifier"] == "approx"
    assert data["format"] == "online"
    assert data["organizers"] == [
        "Ban Chỉ đạo Nhân quyền Chính phủ",
        "Ủy ban nhân dân Thành phố",
    ]


def test_attendee_lists_with_titles_before_names_and_ranks():
    data = extract_text(
        "Sáng 12/4/2024, tại Hà Nội, Bộ Công an tổ chức Hội nghị tập huấn công tác nhân quyền "
        "khu vực phía Bắc cho đại biểu của 25 tỉnh, thành phố khu vực phía Bắc.",
        "Dự Hội nghị có các đồng chí: Trung tướng Trần Văn Sơn, Thứ trưởng Bộ Công an; "
        "Lò Văn Tiến, Phó Chủ tịch UBND tỉnh Điện Biên. Đại tá Hoàng Thị Mai, Phó Cục trưởng "
        "Cục Đối ngoại, báo cáo viên của Hội nghị, trình bày chuyên đề về quyền con người.",
    )
    people = {o["name"]: o for o in data["officials"]}
    assert people["Trần Văn Sơn"]["rank"] == "Trung tướng"
    assert people["Trần Văn Sơn"]["titles"] == ["Thứ trưởng Bộ Công an"]
    assert people["Trần Văn Sơn"]["roles"] == ["attendee"]
    assert people["Lò Văn Tiến"]["titles"] == ["Phó Chủ tịch UBND tỉnh Điện Biên"]
    assert people["Hoàng Thị Mai"]["roles"] == ["presenter"]
    assert data["event_date"] == "2024-04-12"
    assert data["provinces_participating"] == 25
    assert data["scope"] == "regional"
    assert data["topics"] == ["quyền con người"]


def test_journalists_and_places_are_not_officials():
    data = extract_text(
        "Ngày 3/3/2024, tại tỉnh Hà Giang, Ban Chỉ đạo Nhân quyền tỉnh Hà Giang tổ chức Hội nghị "
        "tập huấn công tác nhân quyền năm 2024 cho cán bộ các sở, ban, ngành của tỉnh.",
        "Hội nghị tập huấn công tác nhân quyền tại Hà Giang. (Ảnh: Nguyễn Hoàng Nam)",
    )
    assert data["officials"] == []
    assert data["scope"] == "provincial"


def test_names_titles_and_sentences():
    text = "Phó Chủ tịch UBND tỉnh Lai Châu Tống Thanh Hải phát biểu."
    assert [m.name for m in find_names(text)] == ["Tống Thanh Hải"]
    assert [m.name for m in find_names("tại tỉnh Quảng Ninh Nguyễn Văn An")] == ["Nguyễn Văn An"]
    assert find_names("ông Hà Nội") == []
    line = "Ông Tống Thanh Hải - Phó Chủ tịch UBND tỉnh, Trưởng ban Chỉ đạo - cho biết"
    mention = find_names(line)[0]
    assert titles_after(line, mention.end, len(line)) == [
        ("Phó Chủ tịch UBND tỉnh", True),
        ("Trưởng ban Chỉ đạo", True),
    ]
    assert split_sentences("Tại TP. Hồ Chí Minh, A nói. B đáp.") == [
        "Tại TP. Hồ Chí Minh, A nói.",
        "B đáp.",
    ]


# --- Is it a human-rights training? -------------------------------------------------------


@pytest.mark.parametrize(
    "title, lead, reason",
    [
        (
            "Tập huấn công tác thông tin đối ngoại năm 2024",
            "Ngày 12-7, tại TP. Nha Trang, Cục Thông tin đối ngoại khai mạc hội nghị tập huấn "
            "công tác thông tin đối ngoại cho hơn 150 đại biểu của các tỉnh, thành phố.",
            "chủ đề khác",
        ),
        (
            "Đoàn đối thoại nhân quyền thăm và làm việc tại tỉnh",
            "Sáng ngày 9/5, Đoàn Đối thoại Nhân quyền của một nước đã có chuyến thăm và làm "
            "việc tại tỉnh, trao đổi về bảo đảm quyền con người của người dân tộc thiểu số.",
            "đối thoại",
        ),
        (
            "Mấy giải pháp giáo dục quyền con người trong nhà trường",
            "Giáo dục quyền con người là nhiệm vụ quan trọng; bài viết đề xuất một số giải pháp "
            "nâng cao chất lượng giáo dục quyền con người trong nhà trường hiện nay.",
            "bình luận",
        ),
        (
            "Đoàn công tác khảo sát công tác tuyên truyền nhân quyền tại huyện",
            "Vừa qua, Đoàn kiểm tra của Cục Thông tin đối ngoại có buổi làm việc tại huyện để "
            "khảo sát thực tế công tác tuyên truyền nhân quyền trên địa bàn.",
            "khảo sát",
        ),
    ],
    ids=["another subject", "a dialogue", "an opinion piece", "an inspection"],
)
def test_a_page_without_a_human_rights_training_is_refused_with_the_reason(title, lead, reason):
    with pytest.raises(NoConference, match=reason):
        extract(read(page(lead, title=title)))


def test_an_essay_about_trainings_in_general_is_refused():
    with pytest.raises(NoConference, match="không đưa tin một hội nghị hay lớp tập huấn cụ thể"):
        extract(
            read(
                page(
                    "Việc tập huấn, tuyên truyền về quyền con người cho cán bộ, nhân dân được "
                    "các cấp, các ngành quan tâm thực hiện thường xuyên.",
                    "Theo báo cáo, năm 2022 cả nước đã tổ chức hàng trăm lớp tập huấn về quyền "
                    "con người cho cán bộ, công chức.",
                    title="Nhân quyền ở Việt Nam: những thành tựu không thể phủ nhận",
                )
            )
        )


def test_a_review_conference_counting_past_trainings_is_refused():
    with pytest.raises(NoConference, match="tổng kết"):
        extract(
            read(
                page(
                    "Ngày 11/12, Ban Chỉ đạo về nhân quyền tỉnh Long An tổ chức Hội nghị tổng "
                    "kết công tác nhân quyền giai đoạn 2018-2023.",
                    "Trong 5 năm qua, tỉnh đã tổ chức 45 lớp tập huấn về quyền con người cho "
                    "hơn 5.000 lượt cán bộ.",
                    title="Tổng kết 5 năm công tác nhân quyền tỉnh Long An",
                )
            )
        )


def test_a_report_that_only_says_the_conference_was_opened_is_not_refused():
    found = proposal(
        "Phát biểu khai mạc tại Hội nghị, Thứ trưởng Bộ Tư pháp Nguyễn Thanh Tịnh cho biết, "
        "Hội nghị nhằm phổ biến các nội dung của Đề án truyền thông về quyền con người.",
        FILLER,
        title="Tập huấn công tác truyền thông về quyền con người năm 2023",
    )
    assert found.date.value == "2023"


def test_a_training_whose_stated_purpose_is_human_rights_is_not_refused():
    found = proposal(
        "Ngày 5/9, Sở Tư pháp tỉnh Nghệ An tổ chức hội nghị tập huấn cho cán bộ, công chức "
        "của các sở, ngành và địa phương trong tỉnh.",
        "Hội nghị nhằm nâng cao nhận thức về quyền con người cho đội ngũ cán bộ cơ sở.",
        title="Nghệ An: tập huấn cho cán bộ cơ sở",
    )
    assert found.province.value == "Nghệ An"


def test_a_name_printed_in_the_text_as_in_the_headline_is_not_supplied():
    found = proposal(
        "Ngày 14/9/2023, Ban Chỉ đạo về nhân quyền tỉnh Quảng Trị tổ chức Hội nghị tập huấn "
        "công tác nhân quyền năm 2023.",
        title="Hội nghị tập huấn công tác nhân quyền năm 2023",
    )
    assert not found.name_supplied
    assert found.name.passage.startswith("Ngày 14/9/2023")


def test_a_training_without_a_name_gets_a_supplied_one_flagged_as_such():
    found = proposal(
        "Vừa qua, Sở Tư pháp tỉnh Nghệ An phối hợp với Công an tỉnh tổ chức tập huấn kiến "
        "thức pháp luật về quyền con người cho cán bộ cơ sở.",
        title="Nghệ An: nâng cao kiến thức pháp luật cho cán bộ cơ sở",
    )
    assert found.name_supplied
    assert found.name.value == "Tập huấn về nhân quyền"
    assert any("không nêu tên" in w for w in found.warnings)


def test_a_named_training_keeps_its_name_and_prefers_the_full_one_with_the_year():
    found = proposal(
        "Tại Hội nghị tập huấn các đại biểu đã được nghe nhiều nội dung mới về quyền con người.",
        "Hội nghị tập huấn công tác nhân quyền năm 2024 tại tỉnh Nghệ An. (Ảnh: BTC)",
        "Ngày 5/9, tại tỉnh Nghệ An, hội nghị có 200 đại biểu tham dự và thảo luận sôi nổi.",
    )
    assert not found.name_supplied
    assert found.name.value == "Hội nghị tập huấn công tác nhân quyền năm 2024"


# --- Figures, format, scope ---------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase, value, qualifier",
    [
        ("khoảng 120 đại biểu", 120, "approx"),
        ("gần 300 đại biểu", 300, "approx"),
        ("hơn 1.500 cán bộ", 1500, "more_than"),
        ("70 đại biểu", 70, "exact"),
        ("gần 40 học viên", 40, "approx"),
        ("gần 200 phóng viên", 200, "approx"),
        ("gần 150 giảng viên", 150, "approx"),
        ("120 công chức tư pháp", 120, "exact"),
        ("hơn 100 cán bộ, chiến sĩ", 100, "more_than"),
        ("80 hội viên", 80, "exact"),
    ],
)
def test_attendees_with_their_qualifier(phrase, value, qualifier):
    data = propose(
        f"Ngày 5/9, tại tỉnh Nghệ An, Sở Tư pháp tổ chức tập huấn về quyền con người. Tham dự "
        f"lớp tập huấn có {phrase} của các cơ quan, đơn vị trong tỉnh."
    )
    assert (data["attendees"], data["attendees_qualifier"]) == (value, qualifier)


@pytest.mark.parametrize(
    "phrase, value, qualifier",
    [
        ("cho trên 100 báo cáo viên, tuyên truyền viên", 100, "more_than"),
        ("cho 200 người có uy tín, trưởng thôn", 200, "exact"),
        ("cho 3 lớp cán bộ cơ sở", None, ""),
        ("cho năm 2024", None, ""),
    ],
)
def test_whoever_a_training_is_given_to_is_counted(phrase, value, qualifier):
    data = propose(
        f"Ngày 5/9, Sở Tư pháp tỉnh Nghệ An tổ chức tập huấn về quyền con người {phrase}."
    )
    assert (data["attendees"], data["attendees_qualifier"] or "") == (value, qualifier)


def test_attendees_in_brackets_after_the_list_of_participants():
    data = propose(
        "Sáng 20/4/2023, Ban Chỉ đạo về Nhân quyền tỉnh tổ chức Hội nghị tập huấn công tác "
        "nhân quyền cho lãnh đạo các sở, ban, ngành (khoảng 120 đại biểu)."
    )
    assert (data["attendees"], data["attendees_qualifier"]) == (120, "approx")


@pytest.mark.parametrize(
    "phrase, mode",
    [
        ("theo hình thức trực tiếp kết hợp trực tuyến", "hybrid"),
        ("trên nền tảng trực tuyến", "online"),
        ("theo hình thức trực tiếp", "in_person"),
        ("tại hội trường Sở Tư pháp", None),
        ("trực tiếp tại hội trường và trực tuyến đến 17 điểm cầu", "hybrid"),
    ],
)
def test_the_format_only_where_the_text_names_the_mode(phrase, mode):
    data = propose(
        f"Ngày 5/9, Sở Tư pháp tỉnh Nghệ An tổ chức tập huấn về quyền con người cho cán bộ, "
        f"công chức. Hội nghị được tổ chức {phrase}."
    )
    assert data["format"] == mode


@pytest.mark.parametrize(
    "sentence, scope",
    [
        ("Hội nghị tập huấn nhân quyền toàn quốc đợt 2 diễn ra tại tỉnh Nghệ An.", "national"),
        (
            "Tham gia lớp tập huấn có gần 200 phóng viên các cơ quan báo chí trên cả nước.",
            "national",
        ),
        (
            "Lớp tập huấn dành cho gần 150 giảng viên các trường sư phạm trên cả nước.",
            "national",
        ),
        (
            "Hội nghị tập huấn công tác nhân quyền khu vực miền Trung, Tây Nguyên khai mạc.",
            "regional",
        ),
        (
            "Tham gia tập huấn có giảng viên trường chính trị các tỉnh từ Quảng Bình trở ra.",
            "regional",
        ),
        ("Tham dự có phóng viên báo chí tỉnh Lâm Đồng, Đà Nẵng, Khánh Hòa.", "regional"),
        ("Tham dự hội nghị có đại biểu của 14 tỉnh, thành phố thuộc khu vực Tây Bắc.", "regional"),
        ("Tham dự hội nghị có lãnh đạo các sở, ban, ngành của tỉnh Nghệ An.", "provincial"),
        ("Tham dự có 180 cán bộ cấp xã khu vực phía Nam của tỉnh.", "provincial"),
        (
            "Hội nghị chuẩn bị cho Đại hội đảng toàn quốc, tỉnh Nghệ An tập huấn cán bộ.",
            "provincial",
        ),
    ],
)
def test_scope(sentence, scope):
    data = propose(
        "Ngày 5/9, Ban Chỉ đạo về Nhân quyền tổ chức tập huấn công tác nhân quyền năm 2024.",
        sentence,
    )
    assert data["scope"] == scope


ORGANISED = "Ngày 5/9, Ban Chỉ đạo về Nhân quyền tỉnh Nghệ An tổ chức Hội nghị tập huấn nhân quyền"


@pytest.mark.parametrize(
    "sentence, scope, round_",
    [
        (f"{ORGANISED} toàn quốc đợt 2 năm 2024.", "toàn quốc", "đợt 2"),
        (f"{ORGANISED} đợt II năm 2024.", "", "đợt II"),
        (f"{ORGANISED} toàn quốc năm 2024.", "toàn quốc", None),
        (f"{ORGANISED} năm 2024. Đây là hoạt động chính trong đợt này.", "", None),
    ],
)
def test_the_round_of_a_series_is_its_own_fact_not_part_of_the_scope(sentence, scope, round_):
    result = proposal(sentence, FILLER)
    assert (result.scope.as_printed if result.scope.value == "national" else "") == scope
    assert (result.round.value if result.round else None) == round_
    if result.round:
        assert result.round.as_printed in result.round.passage
