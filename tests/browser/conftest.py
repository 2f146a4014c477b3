"""Playwright drives Chromium: the one `make test` found or installed (tests/browser/tools.sh
sets CHROMIUM), else Debian's. Run these tests without xdist:
`pytest tests/browser -p no:xdist -m browser`."""

import datetime
import os

import pytest

from conferences.models import ConferenceTopic, Figure, Format, Organizer, Participation, Qualifier
from tests.factories import (
    cite,
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_outlet,
    make_participation,
    make_province,
    make_topic,
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM") or "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Vietnamese reader: the site's default language, whatever the machine's locale.
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.fixture
def archive(transactional_db):
    """Two conferences in today's Phú Thọ (one in old Vĩnh Phúc) and one in Hà Nội."""
    phu_tho = make_province("Phú Thọ", former=False, slug="phu-tho")
    vinh_phuc = make_province("Vĩnh Phúc", current=False, successor=phu_tho)
    hanoi = make_province("Hà Nội")
    body = (
        "Ngày 12/4, tại Vĩnh Phúc, Ban Chỉ đạo Nhân quyền Chính phủ tổ chức Hội nghị tập huấn "
        "công tác nhân quyền năm 2023 cho 3.100 đại biểu.\n\n"
        "Thiếu tướng Nguyễn Văn Kỷ, Phó Cục trưởng Cục Đối ngoại phát biểu khai mạc."
    )
    article = make_article(
        "Vĩnh Phúc tập huấn công tác nhân quyền",
        body=body,
        outlet=make_outlet("Báo Thời Đại"),
        outlet_published_at=datetime.datetime(2023, 4, 12, 3, 0, tzinfo=datetime.UTC),
        outlet_published_precision="minute",
    )
    wanted = make_conference(
        "Hội nghị tập huấn công tác nhân quyền năm 2023 tại Vĩnh Phúc",
        on=datetime.date(2023, 4, 12),
        province=vinh_phuc,
        format=Format.IN_PERSON,
        attendees=3100,
        attendees_qualifier=Qualifier.EXACT,
    )
    cite(wanted, article, "tổ chức Hội nghị tập huấn công tác nhân quyền năm 2023")
    Figure.objects.create(
        conference=wanted,
        kind="attendees",
        value=3100,
        as_printed="3.100 đại biểu",
        article=article,
        passage="3.100 đại biểu",
    )
    make_participation(
        wanted,
        make_official("Nguyễn Văn Kỷ"),
        article,
        role=Participation.Role.OPENING_SPEECH,
        rank_as_printed="Thiếu tướng",
        title_as_printed="Phó Cục trưởng Cục Đối ngoại",
        passage="Thiếu tướng Nguyễn Văn Kỷ, Phó Cục trưởng Cục Đối ngoại",
    )
    host = make_organization("Ban Chỉ đạo Nhân quyền Chính phủ")
    Organizer.objects.create(
        conference=wanted,
        organization=host,
        as_printed=host.name,
        article=article,
        passage="Ban Chỉ đạo Nhân quyền Chính phủ",
    )
    topic = make_topic("Công tác nhân quyền trong tình hình mới")
    ConferenceTopic.objects.create(
        conference=wanted,
        topic=topic,
        as_printed=topic.name,
        article=article,
        passage="công tác nhân quyền",
    )
    make_conference("Hội nghị Phú Thọ năm 2024", on=datetime.date(2024, 5, 1), province=phu_tho)
    make_conference("Hội nghị Hà Nội năm 2023", on=datetime.date(2023, 6, 1), province=hanoi)
    return {"conference": wanted, "article": article, "organization": host, "topic": topic}
