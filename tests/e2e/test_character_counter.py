"""The summary's character counter: tied to its field, quiet until the limit is near, and text
over the limit is kept and refused with a message instead of being cut off."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from applications.models import Membership
from tests.e2e.axe import assert_accessible
from tests.factories import DraftFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def project_page(live_server, page):
    application = DraftFactory(title="Automasjon på Helgeland", summary="")
    membership = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.EDITOR
    )
    client = Client()
    client.force_login(membership.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/my/applications/{application.pk}/project/")
    page.application = application
    return page


def test_the_counter_describes_the_field_and_speaks_only_near_the_limit(project_page):
    page = project_page
    summary = page.get_by_label("Sammendrag")
    counter = page.locator("#id_summary_counter")
    status = page.locator("#id_summary_counter + [role=status]")
    expect(summary).to_have_attribute("aria-describedby", "id_summary_helptext id_summary_counter")
    expect(summary).to_have_accessible_description(
        "Høyst 1 000 tegn. Sammendraget kan bli publisert hvis dere får tilskudd."
        " 0 av 1 000 tegn (1 000 igjen)"
    )
    assert summary.get_attribute("maxlength") is None

    summary.press_sequentially("Et tilbud")
    expect(counter).to_have_text("9 av 1 000 tegn (991 igjen)")
    page.wait_for_timeout(1300)
    expect(status).to_have_text("")  # far from the limit: nothing is read out

    summary.fill("x" * 950)
    expect(counter).to_have_text("950 av 1 000 tegn (50 igjen)")
    expect(status).to_have_text("Du har 50 tegn igjen.")
    assert_accessible(page)


def test_text_over_the_limit_is_kept_and_refused_with_a_message(project_page):
    page = project_page
    summary = page.get_by_label("Sammendrag")
    summary.fill("y" * 1100)  # as when pasting a long text
    assert len(summary.input_value()) == 1100
    expect(page.locator("#id_summary_counter")).to_have_text("1 100 av 1 000 tegn – 100 for mange")
    expect(page.locator("#id_summary_counter + [role=status]")).to_have_text(
        "Du har skrevet 100 tegn for mye."
    )

    page.get_by_role("button", name="Lagre", exact=True).click()
    message = "Teksten er 100 tegn for lang. Kort den ned før du lagrer."
    expect(page.get_by_text(message)).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("aria-invalid", "true")
    expect(summary).to_have_accessible_description(
        "Høyst 1 000 tegn. Sammendraget kan bli publisert hvis dere får tilskudd."
        f" 1 100 av 1 000 tegn – 100 for mange {message}"
    )
    assert_accessible(page)
    page.application.refresh_from_db()
    assert page.application.summary == ""

    summary.fill("y" * 1000)
    expect(page.get_by_text(message)).to_be_hidden()
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("Prosjektet er lagret.")).to_be_visible()
    page.application.refresh_from_db()
    assert len(page.application.summary) == 1000
