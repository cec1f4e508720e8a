"""An editor asks for sign-off, an administrator confirms and sends; axe on every page visited."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application
from tests.e2e.axe import assert_accessible
from tests.factories import MembershipFactory, UserFactory, complete_draft

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def _visit(page, heading):
    expect(page.locator("h1")).to_contain_text(heading)
    assert_accessible(page)


def _person(application, email, role, first_name):
    user = UserFactory(email=email, first_name=first_name, last_name="Nilsen")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    MembershipFactory(user=user, organisation=application.organisation, role=role)
    return user


def _log_in(page, live_server, email, next_path):
    page.context.clear_cookies()
    page.goto(live_server.url + next_path)
    _visit(page, "Logg inn")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def test_an_editor_prepares_and_an_administrator_confirms_and_sends(live_server, page):
    application = complete_draft(title="Automasjon på Helgeland")
    application.call.requires_signoff = True
    application.call.save(update_fields=["requires_signoff"])
    _person(application, "redaktor@klynge.example", "editor", "Eva")
    _person(application, "leder@klynge.example", "admin", "Arne")
    summary = f"/my/applications/{application.pk}/summary/"

    _log_in(page, live_server, "redaktor@klynge.example", summary)
    _visit(page, "Se over og send")
    expect(page.get_by_role("button", name="Send søknaden")).to_have_count(0)
    page.get_by_role("button", name="Be administrator bekrefte og sende").click()
    _visit(page, "Se over og send")
    expect(page.get_by_text("Administratorene i organisasjonen har fått beskjed.")).to_be_visible()
    expect(page.get_by_test_id("signoff-status")).to_contain_text("Eva Nilsen ba om bekreftelse")
    assert mail.outbox[-1].to == ["leder@klynge.example"]

    _log_in(page, live_server, "leder@klynge.example", summary)
    _visit(page, "Se over og send")
    expect(page.get_by_test_id("signoff-status")).to_contain_text("Eva Nilsen har gjort")
    # Without the confirmation nothing is sent, and the page says why.
    page.get_by_role("button", name="Bekreft og send").click()
    _visit(page, "Se over og send")
    expect(
        page.get_by_text("Kryss av for at organisasjonen står bak søknaden").first
    ).to_be_visible()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT

    page.get_by_label("står bak søknaden og medfinansieringen").check()
    page.get_by_role("button", name="Bekreft og send").click()
    _visit(page, "Søknaden er sendt")
    expect(page.locator("dl")).to_contain_text("Gjort klar av")
    expect(page.locator("dl")).to_contain_text("Eva Nilsen")
    expect(page.locator("dl")).to_contain_text("Arne Nilsen")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
