import pytest
from django.utils import translation

# A local Enhetsregisteret serving recorded answers.
from tests.brreg import brreg, brreg_server  # noqa: F401

# A local ID-porten (OpenID Connect provider) and an ID-porten that is down.
from tests.oidc import idporten, idporten_down, idporten_server  # noqa: F401

# A real S3-compatible server and the private storage on it (or on the file system).
from tests.s3 import private_backend, private_s3, s3_server  # noqa: F401


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """End the worker's other sessions on its test database before pytest-django drops it.

    A connection a test leaves open (one opened in a thread, or in the context Playwright's sync
    API runs the browser tests in) would otherwise make DROP DATABASE fail at the very end, and
    with pytest-xdist every worker drops its own database last.
    """
    yield
    from django.db import DatabaseError, connection

    with django_db_blocker.unblock():
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        except DatabaseError:
            pass  # pytest-django reports it if the database cannot be dropped
