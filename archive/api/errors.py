"""The API's one error envelope, `{"error": message, "field": parameter or null}`, for
every refusal: bad input (400), no such record (404), a method other than GET (405), and
the checks made before the API is reached (NUL characters, unknown paths under /api/)."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict

CONTENT_TYPE = "application/json"
# Strict: every property required, no other; the tests validate real responses with it.
STRICT = ConfigDict(json_schema_extra={"additionalProperties": False})


class Error(Schema):
    """The parameter at fault in `field`, or null."""

    model_config = STRICT

    error: str
    field: str | None = Field(description="The query parameter at fault, or null.")


class ApiError(Exception):
    def __init__(self, message, field=None, status=400):
        super().__init__(message)
        self.message, self.field, self.status = message, field, status


def error_response(message, field=None, status=400):
    body = Error(error=message, field=field).model_dump()
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    # Public, read-only data: any site may fetch it, errors included.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def not_found():
    return error_response(_("Không tìm thấy."), status=404)
