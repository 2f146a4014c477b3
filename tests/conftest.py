import pytest

from archive.lib import caching
from tests.factories import make_staff


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages and totals cached by one test must not answer the next one."""
    caching.clear()


@pytest.fixture
def editor(db):
    return make_staff("Editors", "editor")


@pytest.fixture
def viewer(db):
    return make_staff("Viewers", "viewer")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client
