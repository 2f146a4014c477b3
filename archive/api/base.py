"""What every operation of the API shares: GET and HEAD only, each query parameter given
once, readable from any site, dates as ISO 8601, and every refusal in the one error
envelope of `errors.py`."""

import datetime
import json
import re
from functools import wraps

from django.http import Http404
from django.urls import URLPattern, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from .errors import CONTENT_TYPE, ApiError, error_response, not_found
from .params import INVALID

METHODS = ("GET", "HEAD")
REF = re.compile(r'"#/components/schemas/([^"]+)"')


class Encoder(NinjaJSONEncoder):
    """Dates and times in ISO 8601 as Python writes them: "+00:00" and microseconds kept,
    where Django's encoder writes "Z" and milliseconds."""

    def default(self, o):
        if isinstance(o, datetime.date):
            return o.isoformat()
        return super().default(o)


class Renderer(JSONRenderer):
    encoder_class = Encoder
    json_dumps_params = {"ensure_ascii": False}


def read_only(view):
    """GET and HEAD only: anything else gets the API's JSON 405 (not CSRF's HTML 403,
    there is nothing to protect). Every parameter takes one value: `?page=1&page=2` is
    ambiguous, so it is refused rather than silently reading one."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        repeated = [name for name, values in request.GET.lists() if len(values) > 1]
        if request.method not in METHODS:
            response = error_response(_("API chỉ đọc: chỉ nhận GET."), status=405)
            response["Allow"] = ", ".join(METHODS)
        elif repeated:
            response = error_response(_("Tham số chỉ được nêu một lần."), repeated[0])
        else:
            response = view(request, *args, **kwargs)
        # Public, read-only data: any site may fetch it.
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def invalid_parameter(request, error):
    """A parameter its declaration (`params.py`) refuses: 400 naming it, where django-ninja
    would answer 422 listing them all."""
    first = error.errors[0]
    name = str(first["loc"][-1])
    if first["type"] == INVALID:
        return error_response(first["msg"], name)
    return error_response(_("“%(name)s” không hợp lệ.") % {"name": name}, name)


class ReadOnlyAPI(NinjaAPI):
    def __init__(self, **kwargs):
        # No Swagger page: it loads scripts from a CDN, which the site's CSP forbids. The
        # description is an operation of its own (`views.openapi`).
        super().__init__(renderer=Renderer(), openapi_url=None, docs_url=None, **kwargs)
        self.add_exception_handler(
            ApiError, lambda request, e: error_response(e.message, e.field, e.status)
        )
        self.add_exception_handler(ValidationError, invalid_parameter)
        self.add_exception_handler(Http404, lambda request, e: not_found())

    def get(self, path, **kwargs):
        """An operation that answers GET, and HEAD the same way."""
        return self.api_operation(list(METHODS), path, **kwargs)

    def url_patterns(self):
        """The operations' URL patterns, each `read_only`."""
        patterns, _app_name, _namespace = self.urls
        return [
            URLPattern(p.pattern, read_only(p.callback), p.default_args, p.name)
            for p in patterns
            if p.name != "api-root"  # django-ninja's own page for the root: the index's
        ]

    def get_root_path(self, path_params):
        return reverse("api:index")

    def get_content_type(self):
        return CONTENT_TYPE

    def get_openapi_operation_id(self, operation):
        return operation.view_func.__name__

    def openapi_document(self):
        """The description as served: plain JSON, without HEAD (GET's answer without the
        body) and without the query parameters' own models, which no response uses."""
        document = self.get_openapi_schema()
        for operations in document["paths"].values():
            operations.pop("head", None)
        if not document["servers"]:
            del document["servers"]
        document = json.loads(json.dumps(document, cls=Encoder))
        schemas = document["components"]["schemas"]
        used, unread = set(), [document["paths"]]
        while unread:
            for name in set(REF.findall(json.dumps(unread.pop()))) - used:
                used.add(name)
                unread.append(schemas[name])
        document["components"]["schemas"] = {n: s for n, s in schemas.items() if n in used}
        return document
