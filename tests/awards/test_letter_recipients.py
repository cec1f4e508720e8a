"""Sending a call's letters says who gets each one: before, which organisations have nobody to
receive it; after, which could not get it by e-mail and how far the e-mails have come."""

import datetime as dt

import pytest
from django.core import mail

from tests import deciding
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
        deciding.decision_make(
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


def test_after_sending_the_board_names_who_got_nothing_and_counts_what_was_sent(
    client, adviser, decided, committed
):
    client.force_login(adviser)
    with committed():
        response = client.post(f"/admin/calls/call/{decided.pk}/letters/send/", follow=True)
    shown = [str(m) for m in response.context["messages"]]
    # The run is queued with the commit, so the response only says the letters are on their way.
    assert any(m.startswith("2 brev lages nå.") for m in shown)
    assert any("Ingen kan få brevet på e-post hos: Klynge uten folk" in m for m in shown)
    assert [m.to for m in mail.outbox] == [["leder@klynge.no"]]
    html = client.get(f"/admin/calls/call/{decided.pk}/ranking/").content.decode()
    assert "2 av 2 brev er laget." in html
    assert "1 av 2 brev er sendt på e-post." in html
    failed = html[
        html.index('id="delivery-failed"') : html.index(
            "</table>", html.index('id="delivery-failed"')
        )
    ]
    assert "Klynge uten folk" in failed
    assert "ingen aktive medlemmer med e-postadresse" in failed
    assert "Klynge med folk" not in failed
