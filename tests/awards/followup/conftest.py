"""An award whose offer letter has gone out, with the organisation's people in each role."""

import datetime as dt

import pytest
from django.utils import timezone

from awards.letters import services as letter_services
from awards.models import Grant
from tests import deciding
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def offered(adviser, eligible):
    """The grant of an award whose offer letter was sent now."""
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_500_000,
        conditions="Samarbeidsavtale med fagskolen før oppstart.",
        payout_deadline=timezone.localdate() + dt.timedelta(days=700),
        by=adviser,
    )
    eligible.case.case_owner = adviser
    eligible.case.save()
    letter_services.letter_send(application=eligible, by=adviser)
    return Grant.objects.select_related("award__application").get(award__application=eligible)


@pytest.fixture
def org_admin(offered):
    user = UserFactory(username="org-admin", email="leder@skole.no")
    MembershipFactory(user=user, organisation=offered.award.application.organisation, role="admin")
    return user


@pytest.fixture
def org_editor(offered):
    user = UserFactory(username="org-editor", email="skriver@skole.no")
    MembershipFactory(user=user, organisation=offered.award.application.organisation, role="editor")
    return user


@pytest.fixture
def org_reader(offered):
    user = UserFactory(username="org-reader", email="leser@skole.no")
    MembershipFactory(user=user, organisation=offered.award.application.organisation, role="reader")
    return user
