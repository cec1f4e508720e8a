"""An accepted grant on a call with the scheme's indicators, its administrator able to log in,
and (for the send-back test) an adviser with two-factor login."""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.utils import timezone

from awards import roles
from awards.demo.assessment import DEMO_TOTP_SECRETS
from awards.followup.services import grant_accept, grant_offer
from calls.reporting import indicators_add_scheme_defaults
from tests.factories import AwardFactory, MembershipFactory, StaffFactory, UserFactory

EMAIL = "leder@fagskolen.example"
PASSWORD = "correct horse battery staple"
ADVISER_EMAIL = "radgiver@utlysning.example"


def accepted_grant(title: str):
    award = AwardFactory(application__title=title)
    grant = grant_offer(award=award, offered_at=timezone.now() - dt.timedelta(days=1), by=None)
    indicators_add_scheme_defaults(call=award.application.call)
    user = UserFactory(email=EMAIL)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    MembershipFactory(user=user, organisation=award.application.organisation, role="admin")
    grant = grant_accept(grant=grant, by=user, conditions_confirmed=True, period_confirmed=True)
    return grant, user


def adviser_with_two_factor():
    """Username "radgiver" with the demo adviser's authenticator secret."""
    adviser = StaffFactory(username="radgiver", email=ADVISER_EMAIL, group=roles.ADVISER)
    EmailAddress.objects.create(user=adviser, email=ADVISER_EMAIL, verified=True, primary=True)
    Authenticator.objects.create(
        user=adviser,
        type=Authenticator.Type.TOTP,
        data={"secret": encrypt(DEMO_TOTP_SECRETS["radgiver"])},
    )
    return adviser
