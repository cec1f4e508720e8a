"""The places on calls' pages that higher apps fill, and the registry behind them."""

import pytest

from calls import hooks
from tests.factories import CallFactory


@pytest.fixture
def template_dir(settings, tmp_path):
    """A folder of templates for the extras registered in a test."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    return tmp_path


def test_registering_a_key_again_replaces_it():
    registry = hooks.Registry("test")
    registry.add("a", 1)
    registry.add("b", 2)
    registry.add("a", 3)
    assert list(registry) == [3, 2]
    assert registry.keys() == ["a", "b"]
    registry.remove("a")
    registry.remove("missing")
    assert list(registry) == [2]


def test_replaced_registers_only_the_given_items_inside_the_block():
    registry = hooks.Registry("test")
    registry.add("kept", 1)
    with registry.replaced({"only": 2}):
        assert list(registry) == [2]
    assert list(registry) == [1]


def test_a_slot_renders_its_extras_in_order_with_their_context(template_dir):
    (template_dir / "first.html").write_text("[{{ call }}:{{ extra }}]")
    (template_dir / "second.html").write_text("<b>{{ call }}</b>")
    slot = hooks.Slot("test")
    slot.register(key="one", template="first.html", context=lambda call: {"extra": "x"})
    slot.register(key="left-out", template="first.html", context=lambda call: None)
    slot.register(key="two", template="second.html")
    assert slot.render(call="<i>") == "[&lt;i&gt;:x]<b>&lt;i&gt;</b>"


def test_prepare_runs_once_for_all_rows_and_not_for_none():
    seen = []
    slot = hooks.Slot("test")
    slot.register(key="rows", template="unused.html", prepare=seen.append)
    slot.prepare([1, 2, 3])
    slot.prepare([])
    assert seen == [[1, 2, 3]]


@pytest.mark.django_db
def test_the_call_page_shows_what_is_registered_for_it(client, template_dir):
    (template_dir / "extra.html").write_text('<p id="extra">{{ call.slug }} {{ n }}</p>')
    call = CallFactory()
    extra = hooks.Extra(template="extra.html", context=lambda call: {"n": 7})
    with hooks.call_page.replaced({"test": extra}):
        html = client.get(f"/calls/{call.slug}/").content.decode()
    assert f'<p id="extra">{call.slug} 7</p>' in html


@pytest.mark.django_db
def test_the_call_page_renders_without_any_extras(client):
    call = CallFactory()
    with hooks.call_page.replaced():
        response = client.get(f"/calls/{call.slug}/")
    assert response.status_code == 200
    assert call.title in response.content.decode()


@pytest.mark.django_db
def test_the_preview_of_a_call_shows_no_extras(admin_client, template_dir):
    (template_dir / "extra.html").write_text('<p id="extra">med</p>')
    call = CallFactory(is_published=False)
    with hooks.call_page.replaced({"test": hooks.Extra(template="extra.html")}):
        html = admin_client.get(f"/admin/calls/call/{call.pk}/preview/").content.decode()
    assert call.title in html
    assert 'id="extra"' not in html


@pytest.mark.django_db
def test_the_front_page_shows_what_is_registered_for_it(client, template_dir):
    (template_dir / "front.html").write_text('<section id="front-extra"></section>')
    with hooks.home_page.replaced({"test": hooks.Extra(template="front.html")}):
        html = client.get("/").content.decode()
    assert '<section id="front-extra"></section>' in html


@pytest.mark.django_db
def test_the_call_page_offers_the_actions_registered_for_it(client, template_dir):
    (template_dir / "action.html").write_text('<p id="action">{{ call.slug }}</p>')
    call = CallFactory()
    with hooks.call_actions.replaced({"test": hooks.Extra(template="action.html")}):
        html = client.get(f"/calls/{call.slug}/").content.decode()
    assert f'<p id="action">{call.slug}</p>' in html
    assert "Start søknad" not in html
