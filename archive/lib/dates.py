"""Dates known only to the day, the month or the year, shown at that precision."""

import datetime
import re

from django.db import models
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .text import fold


class Precision(models.TextChoices):
    DAY = "day", _("ngày")
    MONTH = "month", _("tháng")
    YEAR = "year", _("năm")
    UNKNOWN = "unknown", _("không rõ")


def format_partial_date(value, precision):
    """Vietnamese "12/4/2023", "4/2023", "2023"; English "12 Apr 2023", "Apr 2023", "2023"
    (there "12/4" would read as December); "" when unknown."""
    if value is None or precision == Precision.UNKNOWN:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    english = translation.get_language() == "en"
    if precision == Precision.MONTH:
        return date_format(value, "M Y") if english else f"{value.month}/{value.year}"
    return date_format(value, "j M Y") if english else f"{value.day}/{value.month}/{value.year}"


def numeric_partial_date(value, precision):
    """ "15/6/2023", "6/2023", "2023" or "" in any language: what an editor types back."""
    if value is None or precision == Precision.UNKNOWN:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return f"{value.month}/{value.year}"
    return f"{value.day}/{value.month}/{value.year}"


_PARTIAL_DATES = [
    (re.compile(r"(?:ngay\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"), "dmy"),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(?:thang\s*)?(\d{1,2})\s*(?:[/.-]|\s+nam\s+)\s*(\d{4})"), "my"),
    (re.compile(r"(\d{4})-(\d{1,2})"), "ym"),
    (re.compile(r"(?:nam\s*)?(\d{4})"), "y"),
]


def parse_partial_date(text):
    """(date, precision) for a date typed the Vietnamese way at the precision it is known:
    "15/6/2023" (also "ngày 15/6/2023", "15-06-2023", ISO "2023-06-15"), "6/2023" ("tháng
    6/2023", "tháng 6 năm 2023"), "2023" ("năm 2023"); (None, unknown) for ""; None when the
    text is not such a date or the day does not exist."""
    folded = fold(text)
    if not folded:
        return None, Precision.UNKNOWN
    for pattern, order in _PARTIAL_DATES:
        match = pattern.fullmatch(folded)
        if not match:
            continue
        numbers = [int(n) for n in match.groups()]
        parts = dict(zip(order, numbers, strict=True))
        try:
            value = datetime.date(parts["y"], parts.get("m", 1), parts.get("d", 1))
        except ValueError:
            return None
        precision = {3: Precision.DAY, 2: Precision.MONTH, 1: Precision.YEAR}[len(numbers)]
        return value, precision
    return None


def iso_partial_date(value, precision):
    """ISO 8601 at the precision known: "2023", "2023-04" or "2023-04-12"; None when unknown."""
    if value is None or precision == Precision.UNKNOWN:
        return None
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def partial_date_errors(value, precision, date_field, precision_field):
    """{field: message} for a date that does not fit its precision: a precision without a
    date, a date without one, a year not on 1 January, a month not on its first day."""
    if precision == Precision.UNKNOWN:
        if value is not None:
            return {precision_field: _("Hãy chọn độ chính xác của ngày.")}
    elif value is None:
        return {date_field: _("Cần nhập ngày cho độ chính xác đã chọn.")}
    elif precision == Precision.YEAR and (value.month, value.day) != (1, 1):
        return {date_field: _("Chỉ biết năm: hãy ghi ngày 1/1 của năm đó.")}
    elif precision == Precision.MONTH and value.day != 1:
        return {date_field: _("Chỉ biết tháng: hãy ghi ngày 1 của tháng.")}
    return {}


def truncate_to_precision(value, precision):
    """The first day of the period a partial date stands for."""
    if value is None or precision == Precision.UNKNOWN:
        return None
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return value.replace(day=1)
    return value


def precision_constraint(date_field, precision_field, name):
    """Unknown precision ⇔ no date; a year or month precision date is the period's first day."""
    unknown = models.Q(**{precision_field: Precision.UNKNOWN})
    no_date = models.Q(**{f"{date_field}__isnull": True})
    first_of_year = models.Q(**{f"{date_field}__month": 1, f"{date_field}__day": 1})
    first_of_month = models.Q(**{f"{date_field}__day": 1})
    return models.CheckConstraint(
        condition=(unknown & no_date)
        | models.Q(**{precision_field: Precision.DAY}, **{f"{date_field}__isnull": False})
        | (models.Q(**{precision_field: Precision.MONTH}) & first_of_month)
        | (models.Q(**{precision_field: Precision.YEAR}) & first_of_year),
        name=name,
    )
