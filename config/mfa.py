"""The staff two-factor rule, in one place.

Staff (advisers, partner reviewers, administrators) work with other organisations' applications:
with ``UTLYSNING_STAFF_MFA_REQUIRED`` on (always in production) they must have an authenticator
app set up before any staff page or staff read of an applicant's document opens.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings


def staff_mfa_required() -> bool:
    return getattr(settings, "UTLYSNING_STAFF_MFA_REQUIRED", True)


def staff_has_second_factor(user) -> bool:
    """Whether the staff two-factor rule lets ``user`` through (TOTP set up, or the rule off)."""
    if not staff_mfa_required():
        return True
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])
