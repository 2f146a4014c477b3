"""Officials: how reports name them, their ranks and positions as printed, their roles."""

import pytest

from conferences.importer.people import find_names, split_positions, titles_after
from tests.conferences.importer.pages import proposal, propose

OPENING = (
    "Ngày 5/9, tại tỉnh Nghệ An, Ban Chỉ đạo về Nhân quyền tỉnh tổ chức hội nghị tập huấn "
    "công tác nhân quyền năm 2024 cho cán bộ cơ sở."
)


def people(*paragraphs, **kwargs):
    data = propose(OPENING, *paragraphs, **kwargs)
    return {o["name"]: o for o in data["officials"]}


# --- Names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("Đồng chí Lê Chí Phương phát biểu.", "Lê Chí Phương"),
        ("ông Vũ Chí Giang cho biết", "Vũ Chí Giang"),
        ("bà Y Ngọc - Phó Chủ tịch UBND tỉnh", "Y Ngọc"),
        ("Phó Giáo sư Lê Minh phát biểu", "Lê Minh"),
        ("PGS, TS Tường Duy Kiên – Viện trưởng", "Tường Duy Kiên"),
        ("có các đồng chí: Trần Xuân Dưỡng - Tỉnh ủy viên", "Trần Xuân Dưỡng"),
        ("ông Lâm Hải Giang Phó Chủ tịch UBND tỉnh", "Lâm Hải Giang"),
        ("Phó chủ tịch UBND tỉnh Ksor Phước Hà cho biết", "Ksor Phước Hà"),
        ("Đ/c Y Giang Gry Niê Knơng, Phó Chủ tịch UBND tỉnh", "Y Giang Gry Niê Knơng"),
        ("bà H'Lim Niê, Phó Trưởng ban Dân tộc tỉnh", "H'Lim Niê"),
        ("đ/c Lò Văn Muôn phát biểu", "Lò Văn Muôn"),
    ],
)
def test_a_name_as_reports_print_it(text, name):
    assert [m.name for m in find_names(text)] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Thời gian qua, Hà Nội và Đà Nẵng đã làm tốt",
        "Ảnh: Hữu Phúc/TTXVN",
        "Phóng viên Trần Văn Nam phỏng vấn đại biểu",
        "nhà báo Lê Thu Hà",
        "Đồng chí Phó Giám đốc Công an tỉnh phát biểu",
    ],
)
def test_places_journalists_and_bare_positions_are_not_names(text):
    assert find_names(text) == []


def test_two_syllables_alone_are_a_name_only_once_the_article_named_them_so():
    text = "Phó Chủ tịch UBND tỉnh Lê Minh cho biết"
    assert find_names(text) == []
    assert [m.name for m in find_names(text, known={"le minh"})] == ["Lê Minh"]


# --- Ranks and academic prefixes ------------------------------------------------------------


def test_an_academic_prefix_is_not_a_rank_even_after_one():
    found = people(
        "Tham dự lớp tập huấn có các đồng chí: Thiếu tướng PGS.TS Cao Văn Hùng, Giám đốc "
        "Học viện Quốc tế - Bộ Công an; PGS,TS Lê Văn Lợi, Phó Giám đốc Học viện Chính trị."
    )
    assert found["Cao Văn Hùng"]["rank"] == "Thiếu tướng"
    assert found["Lê Văn Lợi"]["rank"] is None


def test_no_rank_is_printed_without_one():
    found = people("Ông Nguyễn Văn Kỷ, Phó Chánh Văn phòng Thường trực phát biểu tại hội nghị.")
    assert found["Nguyễn Văn Kỷ"]["rank"] is None


# --- Positions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "printed, positions",
    [
        (
            "Tỉnh ủy viên - Phó Chủ tịch UBND tỉnh - Trưởng BCĐ về Nhân quyền tỉnh",
            ["Tỉnh ủy viên", "Phó Chủ tịch UBND tỉnh", "Trưởng BCĐ về Nhân quyền tỉnh"],
        ),
        (
            "Phó Chủ nhiệm Viện Khoa học kiêm Giám đốc Ban Điều hành Dự án",
            ["Phó Chủ nhiệm Viện Khoa học", "Giám đốc Ban Điều hành Dự án"],
        ),
        ("Giám đốc Học viện Quốc tế - Bộ Công an", ["Giám đốc Học viện Quốc tế - Bộ Công an"]),
        (
            "Phó Vụ trưởng Vụ Hợp tác quốc tế, Ủy ban Dân tộc",
            ["Phó Vụ trưởng Vụ Hợp tác quốc tế, Ủy ban Dân tộc"],
        ),
        (
            "Phó Cục trưởng Cục Phổ biến, giáo dục pháp luật, Bộ Tư pháp",
            ["Phó Cục trưởng Cục Phổ biến, giáo dục pháp luật, Bộ Tư pháp"],
        ),
        (
            "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch",
            ["Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch"],
        ),
        ("nguyên Viện trưởng Viện Quyền con người", ["nguyên Viện trưởng Viện Quyền con người"]),
        ("Vụ Trưởng Vụ Tin lành, Ban Tôn giáo…", ["Vụ Trưởng Vụ Tin lành, Ban Tôn giáo"]),
    ],
)
def test_positions_split_where_the_text_lists_separate_posts(printed, positions):
    assert [p for p, is_position in split_positions(printed) if is_position] == positions


def test_positions_end_at_the_verb_or_the_role():
    text = "Lê Văn Cường, Giám đốc Sở Tư pháp, báo cáo viên lớp tập huấn;"
    assert titles_after(text, len("Lê Văn Cường"), len(text)) == [("Giám đốc Sở Tư pháp", True)]


def test_positions_printed_before_the_name_with_a_comma_inside_the_body():
    found = people(
        "Phát biểu khai mạc, Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An "
        "Lê Minh Tuấn cho rằng lớp tập huấn có ý nghĩa thiết thực."
    )
    assert found["Lê Minh Tuấn"]["titles"] == [
        "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An"
    ]


def test_positions_after_a_comma_belong_to_the_name_before_not_the_next_one():
    found = people(
        "Dự Hội nghị còn có đồng chí Võ Minh Thưởng, Giám đốc Sở Tư pháp, đồng chí Trịnh "
        "Minh Châu, Giám đốc Sở Thông tin và Truyền thông."
    )
    assert found["Võ Minh Thưởng"]["titles"] == ["Giám đốc Sở Tư pháp"]
    assert found["Trịnh Minh Châu"]["titles"] == ["Giám đốc Sở Thông tin và Truyền thông"]


def test_a_caption_completes_a_position_but_does_not_add_one():
    found = people(
        "Ông Nguyễn Thanh Sơn, Chánh Văn phòng Nhân quyền nhấn mạnh tại lễ khai mạc.",
        "Ông Nguyễn Thanh Sơn, Chánh Văn phòng Nhân quyền Việt Nam, Trưởng Ban điều hành",
        "Hội nghị cũng trao đổi nhiều kinh nghiệm bảo đảm quyền con người ở cơ sở.",
    )
    assert found["Nguyễn Thanh Sơn"]["titles"] == ["Chánh Văn phòng Nhân quyền Việt Nam"]


# --- Who is an official ----------------------------------------------------------------------


def test_bylines_photo_credits_and_people_only_shown_in_captions_are_not_officials():
    data = propose(
        OPENING,
        "Phóng viên Báo Nghệ An phỏng vấn bà Hạ Chí Nhân tại hội nghị",
        "Các đại biểu được nghe phổ biến nhiều nội dung mới về quyền con người.",
        byline="Thu Hà",
    )
    assert data["officials"] == []


def test_presenters_described_only_by_office_are_not_invented_people():
    data = propose(
        OPENING,
        "Các đại biểu đã nghe lãnh đạo Công an tỉnh thông tin về những vấn đề liên quan đến "
        "công tác nhân quyền.",
    )
    assert data["officials"] == []


# --- Roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, role",
    [
        ("Đồng chí Ngô Quỳnh Hoa, Phó Cục trưởng chủ trì Hội nghị.", "chair"),
        ("Đồng chí Ngô Quỳnh Hoa, Phó Cục trưởng đồng chủ trì Hội nghị.", "chair"),
        (
            "Phát biểu khai mạc Hội nghị, đồng chí Ngô Quỳnh Hoa nêu tầm quan trọng.",
            "opening_speech",
        ),
        (
            "Phát biểu bế mạc Hội nghị, đồng chí Ngô Quỳnh Hoa đề nghị các đại biểu.",
            "closing_speech",
        ),
        ("Kết luận Hội nghị, đồng chí Ngô Quỳnh Hoa đề nghị các đại biểu.", "closing_speech"),
        (
            "Đồng chí Ngô Quỳnh Hoa, Phó Cục trưởng trình bày chuyên đề về quyền con người.",
            "presenter",
        ),
        ("Đồng chí Ngô Quỳnh Hoa, Phó Cục trưởng truyền đạt chuyên đề về nhân quyền.", "presenter"),
        ("Đồng chí Ngô Quỳnh Hoa, Phó Cục trưởng thông tin về tình hình nhân quyền.", "presenter"),
        ("Phát biểu tại hội nghị, đồng chí Ngô Quỳnh Hoa đánh giá cao kết quả.", "speaker"),
        ("Bà Ngô Quỳnh Hoa cho biết, tỉnh đã làm tốt công tác này.", "speaker"),
        ("Bà Ngô Quỳnh Hoa nhấn mạnh vai trò của báo chí.", "speaker"),
        ("Đồng chí Ngô Quỳnh Hoa, Phó Cục trưởng tham dự hội nghị.", "attendee"),
        ("Bà Ngô Quỳnh Hoa, Trưởng phòng Phổ biến pháp luật báo cáo tại buổi tập huấn.",
         "presenter"),
        ("Bà Ngô Quỳnh Hoa, Phó Cục trưởng báo cáo chuyên đề về quyền con người.", "presenter"),
        ("Dự và phát biểu khai mạc lớp tập huấn có TS Ngô Quỳnh Hoa, Thứ trưởng Bộ Tư pháp.",
         "opening_speech"),
        ("Dự và chủ trì hội nghị có đồng chí Ngô Quỳnh Hoa, Phó Chủ tịch UBND tỉnh.", "chair"),
        ("Tham dự buổi khai mạc có đồng chí Ngô Quỳnh Hoa, Phó Chủ tịch UBND tỉnh.", "attendee"),
        ("Ông Ngô Quỳnh Hoa, Giám đốc Sở Tư pháp khai mạc lớp tập huấn.", "opening_speech"),
        ("Ông Ngô Quỳnh Hoa, Giám đốc Sở Tư pháp bế mạc khóa bồi dưỡng.", "closing_speech"),
    ],
)  # fmt: skip
def test_a_role_from_its_cue(sentence, role):
    assert people(sentence)["Ngô Quỳnh Hoa"]["roles"] == [role]


def test_a_list_of_attendees_with_a_presenter_among_them():
    found = people(
        "Tham dự lớp tập huấn có các đồng chí: Thiếu tướng Cao Văn Hùng, Giám đốc Học viện "
        "Quốc tế, báo cáo viên lớp tập huấn; Nguyễn Hữu Hạnh, Giám đốc Sở Tư pháp tỉnh; cùng "
        "70 đại biểu."
    )
    assert found["Cao Văn Hùng"]["roles"] == ["presenter"]
    assert found["Nguyễn Hữu Hạnh"]["roles"] == ["attendee"]


def test_those_who_taught_at_the_class_are_presenters_with_rank_before_the_degree():
    found = people(
        "Giảng dạy tại lớp tập huấn có Thiếu tướng, GS.TS Nguyễn Đắc Hoan, nguyên Phó Giám đốc "
        "Học viện An ninh nhân dân; TS Lê Văn Minh, giảng viên Trường Đại học Luật Hà Nội."
    )
    assert found["Nguyễn Đắc Hoan"]["rank"] == "Thiếu tướng"
    assert found["Nguyễn Đắc Hoan"]["titles"] == ["nguyên Phó Giám đốc Học viện An ninh nhân dân"]
    assert found["Nguyễn Đắc Hoan"]["roles"] == ["presenter"]
    assert found["Lê Văn Minh"]["roles"] == ["presenter"]


def test_a_position_ends_at_a_verb_followed_by_a_comma():
    found = people("Đại tá Nguyễn Đức Hải, Phó Giám đốc Công an tỉnh dự, phát biểu khai mạc.")
    assert found["Nguyễn Đức Hải"]["titles"] == ["Phó Giám đốc Công an tỉnh"]
    assert found["Nguyễn Đức Hải"]["roles"] == ["opening_speech"]


def test_two_presenters_in_one_sentence_each_with_their_own_verb():
    found = people(
        "Các học viên được nghe PGS.TS Nguyễn Văn Thắng, Học viện Chính trị khu vực III giới "
        "thiệu chuyên đề về thông tin đối ngoại; đồng chí Lê Minh Tuấn, Phó trưởng phòng An "
        "ninh chính trị nội bộ Công an tỉnh thông tin về tình hình nhân quyền trên địa bàn."
    )
    assert found["Nguyễn Văn Thắng"]["roles"] == ["presenter"]
    assert found["Lê Minh Tuấn"]["roles"] == ["presenter"]


def test_other_reporters_in_a_list_are_not_the_presenters():
    found = people("Tham dự Hội nghị có ông Trần Văn Hải, các báo cáo viên và 300 đại biểu.")
    assert found["Trần Văn Hải"]["roles"] == ["attendee"]


def test_those_who_attended_and_reported_at_the_conference_are_presenters():
    found = people(
        "Tham dự và báo cáo tại Hội nghị, có Thiếu tướng Nguyễn Văn Kỷ - Phó Chánh Văn phòng "
        "Thường trực; Trần Chi Mai, Phó Vụ trưởng Vụ Hợp tác quốc tế."
    )
    assert found["Nguyễn Văn Kỷ"]["roles"] == ["presenter"]
    assert found["Trần Chi Mai"]["roles"] == ["presenter"]


def test_two_speakers_joined_by_và_share_the_verb():
    found = people(
        "Phát biểu tại Hội nghị, đồng chí Lâm Hải Giang, Phó Chủ tịch UBND tỉnh và Đại tá Ngô "
        "Cự Vinh, Phó Giám đốc Công an tỉnh cho biết, công tác nhân quyền đạt kết quả tốt."
    )
    assert found["Lâm Hải Giang"]["roles"] == ["speaker"]
    assert found["Ngô Cự Vinh"]["roles"] == ["speaker"]
    assert found["Ngô Cự Vinh"]["rank"] == "Đại tá"


def test_an_opening_speech_is_not_also_counted_as_a_speech():
    found = people(
        "PGS, TS Nguyễn Duy Bắc, Phó Giám đốc Học viện dự và phát biểu khai mạc.",
        "Phát biểu tại buổi khai mạc, PGS,TS Nguyễn Duy Bắc khẳng định vai trò của lớp học.",
    )
    assert found["Nguyễn Duy Bắc"]["roles"] == ["opening_speech"]


def test_attendee_is_listed_only_when_the_text_gives_no_other_role():
    paragraphs = (
        "Dự hội nghị có đồng chí Lâm Hải Giang, Phó Chủ tịch UBND tỉnh; Nguyễn Hữu Hạnh, Giám "
        "đốc Sở Tư pháp tỉnh.",
        "Phát biểu tại hội nghị, đồng chí Lâm Hải Giang nhấn mạnh vai trò của công tác nhân quyền.",
    )
    found = people(*paragraphs)
    assert found["Lâm Hải Giang"]["roles"] == ["speaker"]
    assert found["Nguyễn Hữu Hạnh"]["roles"] == ["attendee"]
    # The archive keeps both facts, each with its own passage.
    person = next(p for p in proposal(OPENING, *paragraphs).officials if p.name == "Lâm Hải Giang")
    assert [role.value for role in person.roles] == ["attendee", "speaker"]
