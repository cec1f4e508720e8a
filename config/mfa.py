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
    """Whether the staff two-factor rule lets ``user`` through (TOTP set up, or the rule off).

    Asked once per user object: the middleware and the pages of one request ask of the same
    ``request.user``, as Django keeps a user's permissions for the request."""
    if not staff_mfa_required():
        return True
    known = getattr(user, "_staff_second_factor", None)
    if known is None:
        known = is_mfa_enabled(user, [Authenticator.Type.TOTP])
        if user.is_authenticated:
            user._staff_second_factor = known
    return known
