"""Who may do what in the assessment, in one place.

The rights themselves are Django permissions, given to the staff roles in ``awards.roles``; these
predicates name them, and add what a permission alone cannot say (a partner reviewer reads only
what is assigned to them and declared impartial on; staff need two-factor login).
"""

from __future__ import annotations

import operator
from functools import reduce

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from applications.models import Application, Membership
from applications.people.permissions import EDIT_ROLES
from config.mfa import staff_has_second_factor

from .assessment.models import ReviewAssignment

MANAGE_ASSESSMENT = "awards.manage_assessment"
SCORE_APPLICATION = "awards.score_application"
DECIDE_APPLICATION = "awards.decide_application"
SEND_LETTERS = "awards.send_letters"
PUBLISH_RESULTS = "awards.publish_results"
EXPORT_RANKING = "awards.export_ranking"
VIEW_LETTER = "awards.view_letter"
# Payouts: the case handler checks (and sends back, and marks paid); another person approves.
CHECK_PAYOUT = "awards.check_payout"
APPROVE_PAYOUT = "awards.approve_payout"
MANAGE_GRANT = "awards.manage_grant"


def is_adviser(user) -> bool:
    """Advisers manage the assessment: formal check, case owners, reviewers, the ranking."""
    return user.has_perm(MANAGE_ASSESSMENT)


def require(user, *permissions: str) -> None:
    """Refuse with 403 unless ``user`` has every one of ``permissions``."""
    if not all(user.has_perm(permission) for permission in permissions):
        raise PermissionDenied


def staff_may_read_letter(user) -> bool:
    """Advisers open the letters they sent from the case page (with two-factor login)."""
    return user.is_staff and user.has_perm(VIEW_LETTER) and staff_has_second_factor(user)


def staff_may_read_applications(*, user, applications) -> bool:
    """Advisers read any sent application; a partner reviewer only one assigned to them and
    declared impartial on."""
    if is_adviser(user):
        return applications.exists()
    return applications.filter(
        review_assignments__reviewer=user,
        review_assignments__impartiality=ReviewAssignment.Impartiality.IMPARTIAL,
    ).exists()


def _holds(codename: str, app_label: str) -> Q:
    """A user holds the permission directly, through a group, or as a superuser."""
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        Q(is_superuser=True)
        | Exists(permission.filter(user=OuterRef("pk")))
        | Exists(permission.filter(group__user=OuterRef("pk")))
    )


def users_with_permission(codename: str, app_label: str = "awards"):
    """Active staff holding a permission directly, through a group, or as superusers."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(_holds(codename, app_label))
        .order_by("email", "username")
    )


def staff_by_permission(*codenames: str, app_label: str = "awards") -> dict[str, list]:
    """For each of ``codenames``, the staff ``users_with_permission`` gives, all read in one
    query (a page that offers people for two roles asks once)."""
    holds = {
        f"holds_{codename}": ExpressionWrapper(
            _holds(codename, app_label), output_field=BooleanField()
        )
        for codename in codenames
    }
    people = list(
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .annotate(**holds)
        .filter(reduce(operator.or_, (Q(**{name: True}) for name in holds)))
        .order_by("email", "username")
    )
    return {
        codename: [person for person in people if getattr(person, f"holds_{codename}")]
        for codename in codenames
    }


# --- The dialogue on a case -------------------------------------------------------------------


def member_may_read_thread(*, user, application) -> bool:
    """Every member of the organisation reads its threads, readers too: they follow the case
    for it and see its letters already."""
    return (
        user.is_authenticated
        and user.is_active
        and Membership.objects.filter(
            user=user, organisation_id=application.organisation_id
        ).exists()
    )


def member_may_write_thread(*, user, application) -> bool:
    """Administrators and editors write for the organisation, as they do on the application."""
    return (
        user.is_authenticated
        and user.is_active
        and Membership.objects.filter(
            user=user, organisation_id=application.organisation_id, role__in=EDIT_ROLES
        ).exists()
    )


def member_thread_access(*, user, application) -> tuple[bool, bool]:
    """(may read, may write) the thread, as the two rules above say, from one query."""
    if not (user.is_authenticated and user.is_active):
        return False, False
    role = (
        Membership.objects.filter(user=user, organisation_id=application.organisation_id)
        .values_list("role", flat=True)
        .first()
    )
    return role is not None, role in EDIT_ROLES


def adviser_may_use_thread(user) -> bool:
    """Advisers on the case read and write the thread and the internal notes (with two-factor
    login: a message's file is downloaded outside the admin, which checks it)."""
    return (
        user.is_authenticated
        and user.is_staff
        and is_adviser(user)
        and staff_has_second_factor(user)
    )


def reviewer_may_read_shared(*, user, application) -> bool:
    """A partner reviewer assigned to the case (and impartial) reads the messages shared with
    reviewers, nothing else of the thread."""
    return (
        user.is_authenticated
        and user.is_staff
        and staff_has_second_factor(user)
        and staff_may_read_applications(
            user=user, applications=Application.objects.filter(pk=application.pk)
        )
    )


def member_may_request_payout(*, user, organisation_id: int) -> bool:
    """Administrators and editors ask for payouts and document conditions; readers read."""
    return (
        user.is_authenticated
        and user.is_active
        and Membership.objects.filter(
            user=user, organisation_id=organisation_id, role__in=EDIT_ROLES
        ).exists()
    )
