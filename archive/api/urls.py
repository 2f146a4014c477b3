from django.urls import path

from . import errors
from .base import read_only
from .views import api

app_name = "api"


@read_only
def not_found(request, rest):
    return errors.not_found()


urlpatterns = [
    *api.url_patterns(),
    # Anything else under /api/ answers in JSON too.
    path("<path:rest>", not_found),
]
