"""The query parameters, each declared once: its type validates the value (a 400 naming
the parameter, in the archive's words) and is its OpenAPI description. An empty value
("page=", as an HTML form sends it) is the same as none."""

import re
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from conferences.filters import ConferenceFilter

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Any plausible year is a valid filter, not only the years that have a conference.
YEARS = range(1900, 2101)
MAX_QUERY_LENGTH = 200  # as the public list's search box

# The error type `base.invalid_parameter` passes on as it is: the message is the API's.
INVALID = "invalid_parameter"


def invalid(message, **values):
    return PydanticCustomError(INVALID, message % values)


def Integer(minimum, maximum=None):  # noqa: N802 (a type)
    def check(raw, info):
        # Plain digits only: int() would also take "\x1f5" or " 5".
        if not isinstance(raw, str) or not re.fullmatch(r"-?[0-9]+", raw):
            raise invalid(_("“%(name)s” phải là số nguyên."), name=info.field_name)
        value = int(raw)
        if maximum is None and value < minimum:
            raise invalid(
                _("“%(name)s” phải từ %(min)s trở lên."), name=info.field_name, min=minimum
            )
        if maximum is not None and not minimum <= value <= maximum:
            raise invalid(
                _("“%(name)s” phải từ %(min)s đến %(max)s."),
                name=info.field_name,
                min=minimum,
                max=maximum,
            )
        return value

    schema = {"type": "integer", "minimum": minimum}
    if maximum is not None:
        schema["maximum"] = maximum
    return Annotated[int, BeforeValidator(check), WithJsonSchema(schema)]


def Text(max_length=None):  # noqa: N802 (a type)
    """Text, stripped of surrounding spaces."""

    def check(raw, info):
        value = str(raw).strip()
        if max_length is not None and len(value) > max_length:
            raise invalid(
                _("“%(name)s” dài tối đa %(max)s ký tự."), name=info.field_name, max=max_length
            )
        return value

    schema = {"type": "string"}
    if max_length is not None:
        schema["maxLength"] = max_length
    return Annotated[str, BeforeValidator(check), WithJsonSchema(schema)]


def OneOf(values):  # noqa: N802 (a type)
    values = list(values)

    def check(raw, info):
        if raw not in values:
            raise invalid(
                _("“%(name)s” phải là một trong: %(values)s."),
                name=info.field_name,
                values=", ".join(values),
            )
        return raw

    return Annotated[str, BeforeValidator(check), WithJsonSchema({"enum": values})]


def filter_choices(name):
    """The values the public conference list's filter `name` accepts."""
    return [value for value, _label in ConferenceFilter.base_filters[name].extra["choices"]]


def slug(description):
    return Field("", description=f"{description} Unknown slug: 400.")


class Query(BaseModel):
    @model_validator(mode="before")
    @classmethod
    def empty_is_absent(cls, data):
        return {name: value for name, value in data.items() if value != ""}


class Paging(Query):
    page: Integer(1) = Field(1, description="Page number, from 1. Beyond the last page: 400.")
    page_size: Integer(1, MAX_PAGE_SIZE) = Field(
        DEFAULT_PAGE_SIZE, description=f"Rows per page (default {DEFAULT_PAGE_SIZE})."
    )


class Search(Paging):
    q: Text(MAX_QUERY_LENGTH) = Field(
        "", description="Search, accent-insensitive (“vinh phuc” finds “Vĩnh Phúc”)."
    )


class ArticleQuery(Search):
    outlet: Text() = slug("Outlet slug.")


class ConferenceQuery(Search):
    """The public list's filters and sorts (`conferences.filters.ConferenceFilter`, which
    also applies them); what exists (a slug, a year) is checked there."""

    province: Text() = slug(
        "Province slug. A current unit includes the former units merged into it; "
        "a former unit matches exactly."
    )
    year: Integer(YEARS.start, YEARS.stop - 1) = Field(None, description="Year of the conference.")
    organizer: Text() = slug("Organisation slug: conferences it organised or co-organised.")
    official: Text() = slug("Official slug: conferences the official took part in.")
    topic: Text() = slug("Topic slug.")
    format: OneOf(filter_choices("format")) = Field(None, description="Format.")
    scope: OneOf(filter_choices("scope")) = Field(None, description="Scope.")
    sort: OneOf(filter_choices("sort")) = Field(
        "-date", description="Order: newest first (default), oldest first, or by name."
    )
