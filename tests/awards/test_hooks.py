"""What awards registers on the pages of calls and applications (awards/hooks.py)."""

import pytest

from applications import hooks as application_hooks
from awards import hooks
from calls import hooks as call_hooks
from tests.factories import AwardFactory, CallFactory, MembershipFactory, invited_sketch

pytestmark = pytest.mark.django_db


def test_awards_fills_the_doors_of_the_apps_below_it():
    assert "awards.who_got_support" in call_hooks.home_page
    assert "awards.call_awards" in call_hooks.call_page
    assert "awards.decision_letters" in application_hooks.my_application
    assert "awards.assessment" in application_hooks.staff_readers


def test_registering_again_changes_nothing():
    before = [call_hooks.call_page.keys(), application_hooks.my_application.keys()]
    hooks.register()
    assert [call_hooks.call_page.keys(), application_hooks.my_application.keys()] == before


def test_a_call_page_links_to_the_calls_published_awards(client):
    call = CallFactory()
    AwardFactory.create_batch(2, application__call=call)
    AwardFactory(application__call=call, is_published=False)
    html = client.get(f"/calls/{call.slug}/").content.decode()
    assert f'href="/awards/?call={call.slug}">Se de 2 tildelingene fra denne utlysningen' in html


def test_a_call_without_published_awards_has_no_link(client):
    call = CallFactory()
    html = client.get(f"/calls/{call.slug}/").content.decode()
    assert "tildeling" not in html.split("<main")[1].split("</main>")[0]


def test_the_front_page_asks_who_got_support(client):
    html = client.get("/").content.decode()
    assert "Hvem fikk støtte?" in html
    assert 'href="/awards/">Se tildelingene</a>' in html


def test_my_page_links_to_the_decision_letter(client):
    sketch = invited_sketch()
    letter = sketch.letters.get()
    client.force_login(MembershipFactory(organisation=sketch.organisation).user)
    html = client.get("/my/").content.decode()
    assert f'href="/my/letters/{letter.pk}/">Les vedtaksbrevet' in html
