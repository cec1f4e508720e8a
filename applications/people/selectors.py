"""Reads about people and the organisations they act for."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Invitation, Membership, Organisation

SESSION_ORGANISATION_KEY = "utlysning_organisation"


def memberships_for(*, user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def membership_get(*, user, organisation: Organisation | int) -> Membership | None:
    if not user.is_authenticated:
        return None
    organisation_id = getattr(organisation, "pk", organisation)
    return (
        Membership.objects.filter(user=user, organisation_id=organisation_id)
        .select_related("organisation")
        .first()
    )


def _memberships_with_others(*, user) -> QuerySet[Membership]:
    """The person's memberships, each counting the other members and other administrators."""
    others = ~Q(organisation__memberships__user=user)
    return memberships_for(user=user).annotate(
        other_members=Count("organisation__memberships", filter=others),
        other_admins=Count(
            "organisation__memberships",
            filter=others & Q(organisation__memberships__role=Membership.Role.ADMIN),
        ),
    )


def organisations_to_hand_over(*, user) -> list[Organisation]:
    """Organisations where the person is the only administrator but not the only member."""
    return [
        m.organisation
        for m in _memberships_with_others(user=user).filter(role=Membership.Role.ADMIN)
        if m.other_members and not m.other_admins
    ]


def organisations_left_alone(*, user) -> list[Organisation]:
    """Organisations that would have no people left if this person went."""
    return [m.organisation for m in _memberships_with_others(user=user) if not m.other_members]


def membership_active(*, request, memberships: list[Membership] | None = None) -> Membership | None:
    """The organisation the person acts for now, re-checked against Membership on every request.

    A page that has read all of the person's memberships (``memberships``) passes them, and
    the choice is checked against those instead of asking again.
    """
    chosen = request.session.get(SESSION_ORGANISATION_KEY)
    if chosen is not None:
        if memberships is not None:
            membership = next(
                (m for m in memberships if str(m.organisation_id) == str(chosen)), None
            )
        else:
            membership = membership_get(user=request.user, organisation=chosen)
        if membership is not None:
            return membership
        request.session.pop(SESSION_ORGANISATION_KEY, None)
    if memberships is None:
        memberships = list(memberships_for(user=request.user)[:2])
    if len(memberships) == 1:
        return memberships[0]
    return None


def user_data_export(*, user, **sections) -> dict:
    """Everything stored about a person, for download as JSON.

    ``sections`` are what other parts keep about the person (the applications they started),
    added after the person's own data under the names given.
    """
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    return {
        "user": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        # ID-porten: the pseudonym and the claims kept (never the national identity number).
        "idporten": [
            {
                "sub": a.uid,
                "connected": a.date_joined.isoformat(),
                "last_login": a.last_login.isoformat(),
                "claims": a.extra_data,
            }
            for a in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        "memberships": [
            {
                "organisation": m.organisation.name,
                "orgnr": m.organisation.orgnr,
                "role": m.role,
                "since": m.created_at.isoformat(),
            }
            for m in memberships_for(user=user)
        ],
        "access_requests": [
            {
                "organisation": r.organisation.name,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
            }
            for r in user.access_requests.select_related("organisation")
        ],
        "invitations_sent": [
            {
                "organisation": i.organisation.name,
                "email": i.email,
                "role": i.role,
                "sent": i.created_at.isoformat(),
                "accepted": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "invitations_received": [
            {
                "organisation": i.organisation.name,
                "role": i.role,
                "sent": i.created_at.isoformat(),
                "accepted": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in Invitation.objects.filter(
                Q(accepted_by=user) | Q(email__iexact=user.email or "-")
            ).select_related("organisation")
        ],
        **sections,
    }
