"""The organisation's people hear when an application is sent and when it is withdrawn, not only
the person who pressed the button."""

import pytest
from django.core import mail

from applications.applying import submission
from applications.models import Membership
from tests.factories import MembershipFactory, UserFactory, complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    application = complete_draft()
    organisation = application.organisation

    def member(role, **user):
        return MembershipFactory(
            organisation=organisation, role=role, user=UserFactory(**user)
        ).user

    return {
        "application": application,
        "sender": member(Membership.Role.EDITOR, first_name="Kari", last_name="Nordmann"),
        "admin": member(Membership.Role.ADMIN),
        "editor": member(Membership.Role.EDITOR),
        "reader": member(Membership.Role.READER),
        "gone": member(Membership.Role.ADMIN, is_active=False),
        "outsider": UserFactory(),
    }


def _everyone_who_acts(team):
    return sorted(team[k].email for k in ("sender", "admin", "editor", "reader"))


def test_the_receipt_goes_to_every_active_member_of_the_organisation(team, committed):
    with committed():
        submission.application_submit(application=team["application"], by=team["sender"])
    receipts = [m for m in mail.outbox if "Kvittering" in m.subject]
    assert len(receipts) == 1
    assert sorted(receipts[0].to) == _everyone_who_acts(team)
    assert team["gone"].email not in receipts[0].to
    assert team["outsider"].email not in receipts[0].to
    assert "Sendt av: Kari Nordmann" in receipts[0].body


def test_withdrawing_tells_the_same_people_who_withdrew_it(team, committed):
    with committed():
        submission.application_submit(application=team["application"], by=team["sender"])
    mail.outbox.clear()
    with committed():
        withdrawn = submission.application_withdraw(
            application=team["application"],
            by=team["sender"],
            summary_link=lambda a: f"https://utlysning.example/my/applications/{a.pk}/summary/",
        )
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert sorted(notice.to) == _everyone_who_acts(team)
    assert notice.subject == f"Trukket: {withdrawn.reference}: {withdrawn.title}"
    assert "Kari Nordmann har trukket" in notice.body
    assert f"https://utlysning.example/my/applications/{withdrawn.pk}/summary/" in notice.body


def test_a_refused_withdrawal_mails_nobody(team, committed):
    with committed(), pytest.raises(Exception, match="Bare en sendt søknad"):
        submission.application_withdraw(application=team["application"], by=team["sender"])
    assert mail.outbox == []


def test_withdrawing_on_the_summary_page_mails_a_full_link(team, client, committed):
    submission.application_submit(application=team["application"], by=team["sender"])
    mail.outbox.clear()
    client.force_login(team["sender"])
    pk = team["application"].pk
    with committed():
        client.post(f"/my/applications/{pk}/withdraw/")
    assert f"http://testserver/my/applications/{pk}/summary/" in mail.outbox[-1].body
