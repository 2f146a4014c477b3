"""Short pages written for the importer's rule tests (never text copied from real articles)."""

from conferences.importer import as_json, extract, read

HEADLINE = "Tập huấn công tác nhân quyền cho cán bộ cơ sở"
FILLER = (
    "Hội nghị diễn ra trong một ngày với nhiều nội dung thiết thực, bổ ích cho cán bộ làm "
    "công tác nhân quyền ở cơ sở trên địa bàn."
)


def page(*paragraphs, title=HEADLINE, byline="Minh Anh"):
    """The text of a saved page: headline, paragraphs, byline."""
    return "\n\n".join([title, *paragraphs, byline]) + "\n"


def proposal(*paragraphs, title=HEADLINE, **kwargs):
    return extract(read(page(*paragraphs, title=title, **kwargs)))


def propose(*paragraphs, title=HEADLINE, **kwargs):
    """The importer's JSON for a page made of these paragraphs (a filler one is added so
    that a one-sentence case still reads as an article)."""
    return as_json(proposal(*paragraphs, FILLER, title=title, **kwargs))


def official(data, name):
    return next(o for o in data["officials"] if o["name"] == name)
