"""Topics presented, each as printed."""

import pytest

from tests.conferences.importer.pages import propose

OPENING = (
    "Ngày 5/9, tại tỉnh Nghệ An, Ban Chỉ đạo về Nhân quyền tỉnh tổ chức hội nghị tập huấn "
    "công tác nhân quyền năm 2024 cho cán bộ cơ sở."
)


def topics(*sentences):
    return propose(OPENING, *sentences)["topics"]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Các báo cáo viên truyền đạt các chuyên đề về: Công tác nhân quyền trong tình hình "
            "mới; kỹ năng tuyên truyền về dân tộc, tôn giáo; quyền tự do ngôn luận.",
            [
                "Công tác nhân quyền trong tình hình mới",
                "kỹ năng tuyên truyền về dân tộc, tôn giáo",
                "quyền tự do ngôn luận",
            ],
        ),
        (
            "Các đại biểu được nghiên cứu 3 chuyên đề: (1) Các công ước quốc tế về quyền con "
            "người; (2) Chính sách của Nhà nước; Thành tựu bảo đảm quyền con người; (3) Nhận "
            "diện các hành vi vi phạm.",
            [
                "Các công ước quốc tế về quyền con người",
                "Chính sách của Nhà nước; Thành tựu bảo đảm quyền con người",
                "Nhận diện các hành vi vi phạm",
            ],
        ),
        (
            "Đại biểu được nghe hai chuyên đề gồm: Bảo đảm quyền tự do tín ngưỡng; nhận diện "
            "hoạt động lợi dụng tôn giáo; và Công tác nhân quyền trong tình hình mới.",
            [
                "Bảo đảm quyền tự do tín ngưỡng; nhận diện hoạt động lợi dụng tôn giáo",
                "Công tác nhân quyền trong tình hình mới",
            ],
        ),
        (
            "Tại lớp tập huấn, các đại biểu được triển khai các nội dung của Đề án truyền "
            "thông về quyền con người giai đoạn 2023-2028.",
            ["Đề án truyền thông về quyền con người giai đoạn 2023-2028"],
        ),
        (
            "Các đại biểu được báo cáo viên giới thiệu những nội dung cơ bản của Hiến pháp năm "
            "2013 về quyền con người.",
            ["Hiến pháp năm 2013 về quyền con người"],
        ),
        (
            "Đại tá Trần Văn Hòa trình bày chuyên đề “Quyền con người trong pháp luật Việt "
            "Nam” tại hội nghị.",
            ["Quyền con người trong pháp luật Việt Nam"],
        ),
        (
            "Các đại biểu được nghe chuyên đề về quan điểm của Đảng về quyền con người.",
            ["quan điểm của Đảng về quyền con người"],
        ),
        (
            "TS. Lê Thị Mai - Giảng viên Trường Đại học Luật đã truyền đạt các nội dung: Những "
            "vấn đề cơ bản về quyền con người; Pháp luật Việt Nam về quyền con người.",
            ["Những vấn đề cơ bản về quyền con người", "Pháp luật Việt Nam về quyền con người"],
        ),
        (
            "Các đại biểu được nghe chuyên đề về thành tựu bảo đảm quyền con người; ứng xử tại "
            "các diễn đàn đa phương.",
            ["thành tựu bảo đảm quyền con người; ứng xử tại các diễn đàn đa phương"],
        ),
        (
            "Học viên được nghe PGS.TS Nguyễn Văn Thắng giới thiệu chuyên đề về thông tin đối "
            "ngoại; đồng chí Lê Minh Tuấn thông tin về tình hình nhân quyền trên địa bàn.",
            ["thông tin đối ngoại"],
        ),
    ],
    ids=[
        "semicolons",
        "numbered",
        "count merges",
        "nội dung",
        "nội dung cơ bản",
        "quoted",
        "single",
        "presented",
        "single with semicolons",
        "single up to the next subject",
    ],
)
def test_listed_topics(sentence, expected):
    assert topics(sentence) == expected


def test_a_list_the_outlet_continued_after_a_full_stop():
    found = topics(
        "Tại lớp tập huấn, các đại biểu được triển khai các nội dung của Đề án truyền thông về "
        "quyền con người. Tình hình công tác nhân quyền và một số định hướng tuyên truyền.",
        "Hội nghị diễn ra trong một ngày.",
    )
    assert found == [
        "Đề án truyền thông về quyền con người",
        "Tình hình công tác nhân quyền và một số định hướng tuyên truyền",
    ]


def test_a_sentence_that_does_something_after_a_list_is_not_an_item():
    found = topics(
        "Các đại biểu được nghe các chuyên đề: Quyền con người; Tự do tôn giáo. Các đại biểu "
        "đánh giá cao nội dung tập huấn.",
        "Ông Trần Văn Hải đề nghị tiếp tục tuyên truyền.",
    )
    assert found == ["Quyền con người", "Tự do tôn giáo"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Sau các chuyên đề lý thuyết, học viên thực hành làm bài kiểm tra cuối khoá.",
        "Hội nghị nhằm phổ biến, quán triệt các nội dung của Đề án truyền thông về nhân quyền.",
        "Ông Trần Văn Hòa nhấn mạnh những vấn đề liên quan đến công tác nhân quyền hiện nay.",
        "Sau 5 ngày, 120 học viên đã được nghiên cứu 6 chuyên đề về quyền con người.",
    ],
    ids=[
        "a phrase about topics",
        "a purpose clause",
        "what a speaker talked about",
        "a count of topics and their subject",
    ],
)
def test_no_topic_without_a_list_of_them(sentence):
    assert topics(sentence) == []
