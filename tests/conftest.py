import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _bokmaal():
    """Every test starts in the default language, as a visitor would."""
    translation.activate("nb")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached public pages must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): …`` runs what the block leaves for after the commit, as a real
    commit would (tests run inside one transaction that is never committed)."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block
