"""Who may do what for an organisation: one home for the role rules of applicant pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import Membership

EDIT_ROLES = (Membership.Role.ADMIN, Membership.Role.EDITOR)
ADMIN_ROLES = (Membership.Role.ADMIN,)


def membership_can_edit(membership: Membership | None) -> bool:
    """Administrators and editors write applications; readers only read."""
    return membership is not None and membership.role in EDIT_ROLES


def membership_require_role(*, user, organisation_id: int, roles=EDIT_ROLES) -> Membership:
    """The person's membership of the organisation if it has one of ``roles``; 403 otherwise."""
    membership = Membership.objects.filter(user=user, organisation_id=organisation_id).first()
    if membership is None or membership.role not in roles:
        raise PermissionDenied
    return membership
