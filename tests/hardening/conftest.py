import datetime
import itertools
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from archive.models import ArticleImage, SourceDocument
from conferences.models import ConferenceFact, ConferenceTopic, Figure, Organizer, Participation
from people.models import MergedAway, OrganizationAlias, Rank
from tests.factories import (
    cite,
    make_article,
    make_conference,
    make_official,
    make_organization,
    make_outlet,
    make_participation,
    make_position,
    make_province,
    make_topic,
)

_worlds = itertools.count(1)


def make_world(label="", published=True):
    """One row of every archive model, linked as in the real archive; `label` goes into
    every name, body and caption (a hostile string for the XSS tests)."""
    n = next(_worlds)
    province = make_province(f"Tỉnh {label}", slug=f"tinh-{n}")
    outlet = make_outlet(f"Báo {label} {n}", slug=f"bao-{n}")
    document = SourceDocument.objects.create(
        file_name=f"world-{n}.txt", content=f"Trang gốc {n} {label}"
    )
    body = f"Đoạn một {label}.\n\nHội nghị tập huấn {label} có 350 đại biểu."
    article = make_article(
        f"Bài báo {label}",
        published=published,
        outlet=outlet,
        body=body,
        lead=f"Sapo {label}",
        byline=f"Phóng viên {label}",
        source_document=document,
        outlet_published_at=datetime.datetime(2024, 4, 12, 9, 0, tzinfo=datetime.UTC),
        outlet_published_precision="minute",
    )
    ArticleImage.objects.create(article=article, order=1, caption=f"Ảnh {label}", credit=label)
    organization = make_organization(f"Ban {label}", description=f"Mô tả {label}")
    OrganizationAlias.objects.create(organization=organization, name=f"Bí danh {label}")
    official = make_official(f"Nguyễn Văn {label}", biography=f"Tiểu sử {label}")
    MergedAway.objects.create(slug=f"nguyen-van-cu-{n}", official=official)
    Rank.objects.create(official=official, rank="Thiếu tướng", article=article, passage=body)
    make_position(official, article, title=f"Phó Cục trưởng {label}", organization=organization)
    topic = make_topic(f"Chuyên đề {label}", description=f"Về {label}")
    conference = make_conference(
        f"Hội nghị tập huấn {label}",
        published=published,
        on=datetime.date(2024, 4, 12),
        province=province,
        summary=f"Tóm tắt {label}",
        venue=f"Hội trường {label}",
        attendees=350,
        attendees_qualifier="exact",
    )
    cite(conference, article)
    Organizer.objects.create(
        conference=conference,
        organization=organization,
        as_printed=organization.name,
        article=article,
        passage=body,
    )
    make_participation(conference, official, article, title_as_printed=f"Chức vụ {label}")
    Participation.objects.create(
        conference=conference,
        organization=organization,
        role=Participation.Role.PRESENTER,
        article=article,
        passage=body,
    )
    ConferenceTopic.objects.create(
        conference=conference, topic=topic, as_printed=topic.name, article=article, passage=body
    )
    Figure.objects.create(
        conference=conference,
        kind=Figure.Kind.ATTENDEES,
        value=350,
        as_printed=f"350 đại biểu {label}",
        article=article,
        passage=body,
    )
    ConferenceFact.objects.create(
        conference=conference,
        kind=ConferenceFact.Kind.NAME,
        as_printed=f"Hội nghị tập huấn {label}",
        article=article,
        passage=body,
    )
    return {
        "province": province,
        "outlet": outlet,
        "document": document,
        "article": article,
        "organization": organization,
        "official": official,
        "topic": topic,
        "conference": conference,
    }


class FormScraper(HTMLParser):
    """What a browser would submit from the form with the given id: every input, select
    and textarea with its current value."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self.select, self.textarea, self.text = None, None, ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "file", "button"):
                self.data.append(
                    (attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
                )
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = attrs["name"], ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # The browser drops the one newline that follows <textarea>.
            self.data.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def form_data(html, form_id):
    scraper = FormScraper(form_id)
    scraper.feed(html)
    data = {}
    for name, value in scraper.data:
        data.setdefault(name, []).append(value)
    return data


LAI_CHAU = Path(settings.BASE_DIR) / "fixtures" / "sources" / "002_c5acaf174e378fce.txt"


def confirm_import(client, text, corrections=None, **source):
    """Paste `text` into the importer (`source`: more posted source fields, hidden ones
    included), then confirm the review form as the browser submits it, with the editor's
    `corrections` (field name → value)."""
    response = client.post(reverse("importer:import"), {"text": text, **source})
    assert response.status_code == 200
    data = form_data(response.text, "review-form") | {"confirm": "1", **source}
    return client.post(reverse("importer:import"), data | (corrections or {}))
