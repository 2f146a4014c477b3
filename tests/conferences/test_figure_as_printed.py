"""Item 7: a figure is what its source printed; one that contradicts its own quote is refused."""

import datetime

import pytest
from django.urls import reverse

from archive.lib.text import printed_numbers
from conferences.models import Figure
from tests.admin_forms import change_form_data
from tests.factories import cite, make_article, make_conference

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("3.100 đại biểu", [3100]),
        ("hơn 1.200 người tại 63 điểm cầu", [1200, 63]),
        ("3,100 delegates", [3100]),
        ("1,5 triệu", []),
        ("không có số", []),
    ],
)
def test_printed_numbers(text, numbers):
    assert printed_numbers(text) == numbers


@pytest.fixture
def figure():
    article = make_article(body="Hội nghị có 3.100 đại biểu tham dự.")
    conference = make_conference(on=datetime.date(2023, 4, 12))
    cite(conference, article, "3.100 đại biểu")
    return Figure.objects.create(
        conference=conference, kind="attendees", value=3100, as_printed="3.100 đại biểu",
        article=article, passage="3.100 đại biểu",
    )  # fmt: skip


def post_figure(client, figure, **fields):
    url = reverse("admin:conferences_conference_change", args=[figure.conference.pk])
    overrides = {f"figures-0-{name}": value for name, value in fields.items()}
    return client.post(url, change_form_data(client.get(url), **overrides))


def test_a_value_that_contradicts_the_printed_text_is_refused(admin_client, figure):
    response = post_figure(admin_client, figure, value="3200")
    assert response.status_code == 200
    assert "Nguyên văn “3.100 đại biểu” ghi 3.100, không phải 3.200." in response.text
    figure.refresh_from_db()
    assert figure.value == 3100


def test_a_qualifier_that_contradicts_the_printed_text_is_refused(admin_client, figure):
    response = post_figure(admin_client, figure, as_printed="hơn 3.100 đại biểu")
    assert response.status_code == 200
    assert "Nguyên văn “hơn 3.100 đại biểu” ghi “hơn”." in response.text


def test_value_and_wording_corrected_together_are_saved(admin_client, figure):
    figure.article.body += " Sau đó có thêm, tổng cộng hơn 3.200 đại biểu."
    figure.article.save()
    response = post_figure(
        admin_client, figure, value="3200", qualifier="more_than",
        as_printed="hơn 3.200 đại biểu", passage="hơn 3.200 đại biểu",
    )  # fmt: skip
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.qualifier) == (3200, "more_than")
