"""An administrator of the organisation asks for a longer project period on /my/ (a date too
early is refused and the input kept), an adviser with two-factor login approves it in the admin,
and the grant page shows the new end and the letter. Axe, reflow and the policy on every page."""

import datetime as dt
import re

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from awards import roles
from awards.followup.services import grant_accept, grant_offer
from awards.models import ChangeRequest, Grant
from tests.e2e.axe import assert_accessible
from tests.e2e.test_approve_payout import _log_in, _staff
from tests.factories import AwardFactory, CostLineFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "leder@fagskolen.example"
REASON = "Rekrutteringen til første kull tok et halvt år lengre enn planlagt."


def _visit(page, heading):
    expect(page.locator("h1")).to_contain_text(heading)
    assert_accessible(page)


def test_a_longer_project_period_is_asked_for_and_approved(live_server, browser, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    award = AwardFactory(application__title="Automasjon på Helgeland")
    application = award.application
    application.project_start = dt.date(2026, 8, 1)
    application.project_end = dt.date(2027, 12, 31)
    application.save()
    CostLineFactory(application=application)
    grant = grant_offer(award=award, offered_at=timezone.now() - dt.timedelta(days=1), by=None)
    leader = UserFactory(email=EMAIL)
    EmailAddress.objects.create(user=leader, email=EMAIL, verified=True, primary=True)
    MembershipFactory(user=leader, organisation=application.organisation, role="admin")
    grant_accept(grant=grant, by=leader, conditions_confirmed=True, period_confirmed=True)

    page = browser.new_context(timezone_id="Europe/Oslo").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/my/grants/{grant.pk}/")
    _visit(page, "Logg inn")
    page.get_by_label("E-post").fill(EMAIL)
    page.get_by_label("Passord", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="Logg inn").click()
    _visit(page, "Tilbud om tilskudd")
    page.get_by_role("link", name="Søk om endring").click()
    _visit(page, "Søk om endring")

    # A new end before the current one: refused, with what was typed kept.
    page.get_by_label("Lengre prosjektperiode").check()
    page.get_by_label("Begrunnelse").fill(REASON)
    page.get_by_label("Ny prosjektslutt").fill("2027-06-30")
    page.get_by_role("button", name="Send endringssøknaden").click()
    _visit(page, "Søk om endring")
    expect(page.get_by_role("alert")).to_contain_text("etter dagens prosjektslutt")
    expect(page.get_by_label("Begrunnelse")).to_have_value(REASON)
    assert not ChangeRequest.objects.exists()

    page.get_by_label("Ny prosjektslutt").fill("2028-06-30")
    page.get_by_role("button", name="Send endringssøknaden").click()
    _visit(page, "Tilbud om tilskudd")
    expect(page.get_by_text("Endringssøknaden er sendt.")).to_be_visible()
    expect(page.get_by_text("Til behandling")).to_be_visible()
    change = ChangeRequest.objects.get(grant=grant)

    adviser = _staff("saksbehandler", roles.ADVISER)
    listing = "/admin/awards/changerequest/"
    admin_page = _log_in(browser, live_server.url, adviser, listing)
    admin_page.locator(f"input[name=_selected_action][value='{change.pk}']").check()
    admin_page.locator("select[name=action]").select_option("approve_requests")
    admin_page.locator("input[name=comment]").fill("Forlengelsen er godkjent.")
    admin_page.locator("button[name=index]").click()
    assert_accessible(admin_page)
    expect(admin_page.locator(".messagelist")).to_contain_text("1 endringssøknader er godkjent.")
    assert Grant.objects.get(pk=grant.pk).project_end == dt.date(2028, 6, 30)

    page.reload()
    _visit(page, "Tilbud om tilskudd")
    expect(page.locator("dl.facts")).to_contain_text("30. juni 2028")
    expect(page.get_by_text("Godkjent", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("Les brevet")).click()
    expect(page.locator("body")).to_contain_text("prosjektslutt flyttet til 30. juni 2028")
    expect(page.locator("body")).to_contain_text("Forlengelsen er godkjent.")
    assert_accessible(page)
