import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.public.cache import public_data_version
from tests.factories import AwardFactory, CallFactory, CountyFactory

pytestmark = pytest.mark.django_db

CACHED_PAGES = ["/awards/", "/statistics/", "/feeds/awards/"]


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("url", CACHED_PAGES)
def test_a_second_visit_is_served_from_the_cache(client, url):
    AwardFactory.create_batch(3)
    _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    assert len(queries) == 1  # only the version check


def test_changing_an_award_clears_the_cached_pages(client, committed):
    award = AwardFactory(amount=1_000_000, application__title="Første tittel")
    detail = f"/awards/{award.pk}/"
    assert "Første tittel" in _get(client, "/awards/")
    assert "Første tittel" in _get(client, detail)
    with committed():
        award.application.title = "Ny tittel"
        award.application.save()
    assert "Ny tittel" in _get(client, "/awards/")
    assert "Ny tittel" in _get(client, detail)
    with committed():
        award.is_published = False
        award.save()
    assert "Ny tittel" not in _get(client, "/awards/")
    assert client.get(detail).status_code == 404


def test_publishing_an_award_clears_a_cached_not_found(client, committed):
    award = AwardFactory(is_published=False)
    assert client.get(f"/awards/{award.pk}/").status_code == 404
    with committed():
        award.is_published = True
        award.save()
    assert client.get(f"/awards/{award.pk}/").status_code == 200


def test_deleting_an_award_clears_the_cached_pages(client, committed):
    award = AwardFactory(application__title="Snart borte")
    assert "Snart borte" in _get(client, "/awards/")
    with committed():
        award.delete()
    assert "Snart borte" not in _get(client, "/awards/")


def test_changing_a_call_organisation_or_county_clears_the_cached_pages(client, committed):
    award = AwardFactory()
    application = award.application
    before = public_data_version()
    call = application.call
    with committed():
        call.title = "Omdøpt utlysning"
        call.save()
    assert "Omdøpt utlysning" in _get(client, "/awards/")
    organisation = application.organisation
    with committed():
        organisation.name = "Omdøpt næringsmiljø"
        organisation.save()
    assert "Omdøpt næringsmiljø" in _get(client, "/awards/")
    county = organisation.county
    with committed():
        county.name = "Omdøpt fylke"
        county.save()
    assert "Omdøpt fylke" in _get(client, "/statistics/")
    assert public_data_version() != before


def test_a_new_call_reaches_the_cached_calls_feed(client, committed):
    CallFactory(title="Første utlysning")
    assert "Første utlysning" in _get(client, "/feeds/calls/")
    with committed():
        CallFactory(title="Andre utlysning")
    assert "Andre utlysning" in _get(client, "/feeds/calls/")


def test_cached_pages_keep_the_visitors_language(client):
    CountyFactory(number="18", name="Nordland")
    AwardFactory()
    assert "Tildelinger" in _get(client, "/awards/")
    client.cookies["utlysning_language"] = "en"
    html = _get(client, "/awards/")
    assert '<html lang="en"' in html
    assert "<h1" in html and ">Awards</h1>" in html
    assert "NOK" in html
    client.cookies["utlysning_language"] = "nb"
    assert ">Tildelinger</h1>" in _get(client, "/awards/")


def test_language_switcher_works_from_a_cached_page(client):
    """A cached page holds nothing per visitor: no CSRF token, no cookie, and switching works."""
    from django.test import Client

    AwardFactory()
    _get(Client(), "/awards/")  # someone else fills the cache
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get("/awards/")
    assert "csrftoken" not in response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": "/awards/"})
    assert switched.status_code == 302
    assert ">Awards</h1>" in visitor.get("/awards/").content.decode()


def test_flash_messages_are_shown_to_their_visitor_and_never_cached(client, rf):
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from awards.public.views import award_list

    AwardFactory()
    request = rf.get("/awards/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.info(request, "Bare til deg")
    assert "Bare til deg" in award_list(request).content.decode()
    assert "Bare til deg" not in _get(client, "/awards/")


def test_logged_in_people_get_pages_rendered_for_them(client):
    from tests.factories import UserFactory

    AwardFactory()
    _get(client, "/awards/")  # cached for anonymous visitors
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        html = _get(client, "/awards/")
    assert len(queries) > 2  # built afresh, not the shared copy
    assert ">Tildelinger</h1>" in html


def test_a_draft_save_leaves_the_cached_pages_alone(django_capture_on_commit_callbacks):
    from tests.factories import ApplicationFactory, PartnerFactory

    AwardFactory()
    before = public_data_version()
    draft = ApplicationFactory(title="Utkast")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        draft.title = "Utkast, lagret igjen"
        draft.save()
        PartnerFactory(application=draft)
        draft.organisation.name = "Et annet navn"
        draft.organisation.save()
    assert callbacks == []
    assert public_data_version() == before


def test_the_shared_version_row_is_written_after_the_change_commits(
    django_capture_on_commit_callbacks,
):
    award = AwardFactory()
    before = public_data_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        award.application.title = "Endret etter publisering"
        award.application.save()
        assert public_data_version() == before  # nothing written inside the transaction
    for callback in callbacks:
        callback()
    assert public_data_version() != before


def test_an_unpublished_award_changes_nothing_public(django_capture_on_commit_callbacks):
    from applications.models import Application
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(status=Application.Status.AWARDED)
    before = public_data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        AwardFactory(application=application, is_published=False)
    assert callbacks == []
    assert public_data_version() == before
