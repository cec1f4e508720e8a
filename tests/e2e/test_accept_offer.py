"""An administrator of the organisation accepts the offer on /my/; axe on every page visited."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from awards.followup.services import grant_offer
from awards.models import Grant
from tests.e2e.axe import assert_accessible
from tests.factories import AwardFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "leder@fagskolen.example"


def _visit(page, heading):
    expect(page.locator("h1")).to_contain_text(heading)
    assert_accessible(page)


def test_an_administrator_accepts_the_offer(live_server, page):
    award = AwardFactory(application__title="Automasjon på Helgeland")
    grant = grant_offer(award=award, offered_at=timezone.now() - dt.timedelta(days=1), by=None)
    user = UserFactory(email=EMAIL)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    MembershipFactory(user=user, organisation=award.application.organisation, role="admin")

    page.goto(live_server.url + "/my/")
    _visit(page, "Logg inn")
    page.get_by_label("E-post").fill(EMAIL)
    page.get_by_label("Passord", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="Logg inn").click()
    _visit(page, "Mine sider")
    page.get_by_role("link", name="Svar på tilbudet").click()
    _visit(page, "Tilbud om tilskudd")

    # Without the confirmations the page says what is missing.
    page.get_by_role("button", name="Ta imot tilskuddet").click()
    _visit(page, "Tilbud om tilskudd")
    expect(page.get_by_text("Bekreft prosjektperioden.").first).to_be_visible()

    page.get_by_label("Vi har lest og godtar vilkårene").check()
    page.get_by_label("Vi bekrefter prosjektperioden").check()
    page.get_by_role("button", name="Ta imot tilskuddet").click()
    _visit(page, "Tilbud om tilskudd")
    expect(page.get_by_text("Dere har tatt imot tilskuddet.")).to_be_visible()
    expect(page.get_by_role("button", name="Ta imot tilskuddet")).to_have_count(0)
    grant.refresh_from_db()
    assert grant.state == Grant.State.ACCEPTED
    assert grant.answered_by == user
