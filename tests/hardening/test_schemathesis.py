"""schemathesis against /api/openapi.json, in-process through the WSGI application: every
operation, with generated valid and invalid parameters, answers as the schema says and
never with a server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    negative_data_rejection,
    positive_data_acceptance,
    unsupported_method,
)

from archive.wsgi import application
from tests.hardening.conftest import make_world

# The description is built from the code alone (no database), so it loads at import.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


DATA_DEPENDENT = {"page", "province", "organizer", "official", "topic", "outlet"}


@pytest.fixture
def world(db):
    """Some records; and, as Django's test client does, the real WSGI handler must not
    close the test's database connection at the end of each request."""
    make_world()
    make_world("bản nháp", published=False)
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


def sent_empty(value):
    """Whether a generated query value goes out as "name=": "", or an empty object or
    list (schemathesis once sent page={} as "page=")."""
    if isinstance(value, dict | list | tuple):
        return all(
            sent_empty(item) for item in (value.values() if isinstance(value, dict) else value)
        )
    return value is None or value == ""


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_openapi_description(case, world):
    # Undeclared methods are checked below, on their own. An empty parameter ("page=")
    # is read as absent, as the HTML forms send it, so it is not a rejected value.
    excluded = [unsupported_method, positive_data_acceptance]
    if any(sent_empty(value) for value in (case.query or {}).values()):
        excluded.append(negative_data_rejection)
    response = case.call_and_validate(excluded_checks=excluded)
    # Schema-valid input is accepted, except what only the data can refuse (a page past
    # the last one, a slug no record has) and NUL characters, refused everywhere
    # (archive.http.security). The API names the field: a 400 by design.
    if case.meta.generation.mode == GenerationMode.POSITIVE and response.status_code == 400:
        error = response.json()
        assert error["field"] in DATA_DEPENDENT or "NUL" in error["error"], error


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "QUERY"])
def test_unsafe_methods_get_the_read_only_apis_405(db, method):
    client = Client(enforce_csrf_checks=True)  # as a browser or script meets the site
    response = client.generic(method, "/api/conferences/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
