"""Sending a call's letters says who gets each one: before, which organisations have nobody to
receive it; after, per letter, where it went."""

import datetime as dt

import pytest

from awards.decisions import services as decision_services
from tests.awards.conftest import make_eligible
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(adviser, call):
    reached = make_eligible(call, organisation=OrganisationFactory(name="Klynge med folk"))
    MembershipFactory(organisation=reached.organisation, user=UserFactory(email="leder@klynge.no"))
    nobody = make_eligible(call, organisation=OrganisationFactory(name="Klynge uten folk"))
    MembershipFactory(
        organisation=nobody.organisation, user=UserFactory(email="gone@x.no", is_active=False)
    )
    for application in (reached, nobody):
        decision_services.decision_make(
            application=application,
            outcome="award",
            amount=500_000,
            payout_deadline=dt.date(2028, 6, 30),
            by=adviser,
        )
    return call


def test_the_confirmation_lists_organisations_without_a_recipient(client, adviser, decided):
    client.force_login(adviser)
    html = client.get(f"/admin/calls/call/{decided.pk}/letters/send/").content.decode()
    warning = html[html.index("errornote") : html.index("</div>", html.index("errornote"))]
    assert "Klynge uten folk" in warning
    assert "Klynge med folk" not in warning
    assert "leder@klynge.no" in html
    assert "gone@x.no" not in html


def test_after_sending_each_letter_says_where_it_went(client, adviser, decided):
    client.force_login(adviser)
    response = client.post(f"/admin/calls/call/{decided.pk}/letters/send/", follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("sendt til leder@klynge.no" in m for m in shown)
    assert any("ikke sendt på e-post" in m for m in shown)
    assert "2 brev er sendt." in shown
