"""A visitor reads a published award whose grant has paid its advance: the state and the paid
amount, in Norwegian and in English. Axe, reflow and the policy on every page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards import roles
from awards.followup.services import grant_accept, grant_offer
from awards.models import Award
from tests.awards.followup.payments.conftest import _approver, pay, request_payout
from tests.e2e.axe import assert_accessible
from tests.factories import AwardFactory, CostLineFactory, MembershipFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_sees_what_a_grant_has_paid(live_server, page):
    award = AwardFactory(application__title="Automasjon på Helgeland", amount=1_000_000)
    CostLineFactory(application=award.application)
    grant = grant_offer(award=award, offered_at=timezone.now(), by=None)
    leader = MembershipFactory(organisation=award.application.organisation, role="admin").user
    grant_accept(grant=grant, by=leader, conditions_confirmed=True, period_confirmed=True)
    pay(
        request_payout(grant, by=leader),
        checker=StaffFactory(username="saksbehandler", group=roles.ADVISER),
        approver=_approver("attestant"),
    )
    assert Award.objects.get(pk=award.pk).is_published

    page.goto(f"{live_server.url}/awards/{award.pk}/")
    expect(page.locator("h1")).to_have_text("Automasjon på Helgeland")
    expect(page.get_by_text("Pågår")).to_be_visible()
    expect(page.locator("#paid-total")).to_contain_text("300\u00a0000\u00a0kr")
    expect(page.locator("#paid-total")).to_contain_text("av 1\u00a0000\u00a0000\u00a0kr")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Automasjon på Helgeland")
    expect(page.locator("#paid-total")).to_contain_text("of NOK")
    assert_accessible(page)
