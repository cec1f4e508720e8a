"""Two advisers approve a payout in two steps in the admin, each logged in with two-factor: the
case handler checks it, an approver approves it (and cannot approve a check of their own), the
case handler marks it paid. Axe, reflow and the policy on every page."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from awards import roles
from awards.demo.assessment import _activate_totp
from awards.followup.services import grant_accept, grant_offer
from awards.models import Grant, PayoutRequest
from tests.awards.followup.payments.conftest import request_payout
from tests.e2e.axe import assert_accessible
from tests.factories import (
    AwardFactory,
    CostLineFactory,
    MembershipFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SECRETS = {
    "saksbehandler": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "attestant": "KRUGS4ZANFZSA5DIMUQGM6LMNNSSA43F",
}
PASSWORD = "correct horse battery staple"


def _code(username: str) -> str:
    """A fresh code, never one about to expire."""
    if 30 - time.time() % 30 < 8:
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(SECRETS[username], int(time.time()) // 30))


def _staff(username: str, *groups: str):
    user = StaffFactory(username=username, email=f"{username}@innovasjonnorge.example")
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    _activate_totp(user, SECRETS[username])
    return user


def _log_in(browser, base: str, user, next_url: str):
    page = browser.new_context(timezone_id="Europe/Oslo").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}{next_url}")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(_code(user.username))
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))
    assert_accessible(page)
    return page


def _act(page, action: str, payout: PayoutRequest, **fields):
    page.locator(f"input[name=_selected_action][value='{payout.pk}']").check()
    page.locator("select[name=action]").select_option(action)
    for name, value in fields.items():
        page.locator(f"input[name={name}]").fill(value)
    page.locator("button[name=index]").click()
    assert_accessible(page)


def test_two_advisers_approve_a_payout_in_two_steps(live_server, browser, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    award = AwardFactory(application__title="Automasjon på Helgeland")
    CostLineFactory(application=award.application)
    grant = grant_offer(award=award, offered_at=timezone.now(), by=None)
    leader = MembershipFactory(organisation=award.application.organisation, role="admin").user
    grant_accept(grant=grant, by=leader, conditions_confirmed=True, period_confirmed=True)
    payout = request_payout(grant, by=leader)
    handler = _staff("saksbehandler", roles.ADVISER)
    approver = _staff("attestant", roles.ADVISER, roles.PAYOUT_APPROVER)
    listing = "/admin/awards/payoutrequest/"

    first = _log_in(browser, live_server.url, handler, listing)
    expect(first.locator("select[name=action] option[value=approve_requests]")).to_have_count(0)
    _act(first, "check_requests", payout)
    expect(first.locator(".messagelist")).to_contain_text("1 anmodninger er kontrollert.")

    second = _log_in(browser, live_server.url, approver, listing)
    _act(second, "approve_requests", payout, amount="250 000")
    expect(second.locator(".messagelist")).to_contain_text("1 utbetalinger er godkjent.")
    payout.refresh_from_db()
    assert (payout.state, payout.checked_by, payout.approved_by, payout.approved_amount) == (
        "approved",
        handler,
        approver,
        250_000,
    )

    first.reload()
    _act(first, "mark_paid", payout)
    expect(first.locator(".messagelist")).to_contain_text("1 utbetalinger er merket som utbetalt.")
    payout.refresh_from_db()
    assert payout.state == "paid"
    assert Grant.objects.get(pk=grant.pk).state == Grant.State.IN_PROGRESS

    # The approver's own check cannot be approved by the same person, in the browser either.
    progress = request_payout(grant, by=leader, personnel=1_500_000)
    second.reload()
    _act(second, "check_requests", progress)
    _act(second, "approve_requests", progress)
    expect(second.locator(".messagelist")).to_contain_text(
        "Den som kontrollerte anmodningen kan ikke også godkjenne den."
    )
    progress.refresh_from_db()
    assert (progress.state, progress.approved_by) == ("checked", None)
