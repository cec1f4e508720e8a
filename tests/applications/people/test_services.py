"""Each rule of the services for organisations and their people, and a test that breaks it."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from applications.applying import submission
from applications.models import AccessRequest, Application, Invitation, Membership
from applications.people import services
from tests.factories import (
    MembershipFactory,
    UserFactory,
    complete_draft,
)

pytestmark = pytest.mark.django_db


def _editor(application, role=Membership.Role.EDITOR):
    return MembershipFactory(organisation=application.organisation, role=role).user


def test_registering_an_organisation_makes_the_person_its_administrator():
    user = UserFactory()
    organisation, request = services.organisation_register(
        user=user, orgnr="NO 974 760 673 MVA", name="Klyngen", kind="cluster"
    )
    assert request is None
    assert organisation.orgnr == "974760673"
    assert Membership.objects.get(user=user, organisation=organisation).role == "admin"


def test_a_bad_organisation_number_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match="kontrollsifferet stemmer ikke"):
        services.organisation_register(
            user=UserFactory(), orgnr="974 760 674", name="X", kind="cluster"
        )


def test_registering_an_existing_number_asks_the_administrators_instead_of_duplicating(
    committed,
):
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    newcomer = UserFactory()
    with committed():
        organisation, request = services.organisation_register(
            user=newcomer, orgnr=admin.organisation.orgnr, name="Kopi", kind="cluster"
        )
    assert organisation is None
    assert request.status == AccessRequest.Status.PENDING
    assert request.organisation == admin.organisation
    assert admin.organisation.memberships.count() == 1
    assert mail.outbox[-1].to == [admin.user.email]


def test_an_administrator_approves_an_access_request(committed):
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    newcomer = UserFactory()
    _org, request = services.organisation_register(
        user=newcomer, orgnr=admin.organisation.orgnr, name="Kopi", kind="cluster"
    )
    with committed():
        services.access_request_decide(access_request=request, by=admin.user, approve=True)
    assert Membership.objects.get(user=newcomer, organisation=admin.organisation).role == "editor"
    assert mail.outbox[-1].to == [newcomer.email]
    assert "Du har fått tilgang" in mail.outbox[-1].body


def test_an_editor_cannot_decide_an_access_request():
    editor = MembershipFactory(role=Membership.Role.EDITOR)
    _org, request = services.organisation_register(
        user=UserFactory(), orgnr=editor.organisation.orgnr, name="Kopi", kind="cluster"
    )
    with pytest.raises(PermissionDenied):
        services.access_request_decide(access_request=request, by=editor.user, approve=True)


def test_a_declined_request_gives_no_access():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    newcomer = UserFactory()
    _org, request = services.organisation_register(
        user=newcomer, orgnr=admin.organisation.orgnr, name="Kopi", kind="cluster"
    )
    services.access_request_decide(access_request=request, by=admin.user, approve=False)
    assert not Membership.objects.filter(user=newcomer).exists()


def _invite(admin, email="kollega@example.org", role=Membership.Role.EDITOR):
    return services.invitation_create(
        organisation=admin.organisation,
        email=email,
        role=role,
        by=admin.user,
        link_for=lambda token: f"https://example.org/my/invitations/{token}/",
    )


def test_an_invitation_stores_only_a_hash_of_the_token_and_mails_the_link(committed):
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    with committed():
        invitation, token = _invite(admin)
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.invitation_token_hash(token)
    assert token in mail.outbox[-1].body
    assert invitation.expires_at - invitation.created_at >= dt.timedelta(days=14) - dt.timedelta(
        seconds=5
    )


def test_an_invitation_gives_the_role_and_works_only_once():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    _invitation, token = _invite(admin, role=Membership.Role.READER)
    colleague = UserFactory(email="kollega@example.org")
    membership = services.invitation_accept(token=token, user=colleague)
    assert membership.role == Membership.Role.READER
    with pytest.raises(ValidationError, match="allerede brukt"):
        services.invitation_accept(token=token, user=colleague)


def test_an_expired_invitation_is_refused():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    invitation, token = _invite(admin)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError, match="utløpt"):
        services.invitation_accept(token=token, user=UserFactory(email="kollega@example.org"))


def test_an_invitation_is_for_the_address_it_was_sent_to():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    _invitation, token = _invite(admin)
    with pytest.raises(ValidationError, match="kollega@example.org"):
        services.invitation_accept(token=token, user=UserFactory(email="noen.andre@example.org"))


def test_only_administrators_invite():
    editor = MembershipFactory(role=Membership.Role.EDITOR)
    with pytest.raises(PermissionDenied):
        _invite(editor)


def test_the_last_administrator_cannot_be_demoted():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    with pytest.raises(ValidationError, match="minst én administrator"):
        services.membership_change_role(membership=admin, role="editor", by=admin.user)


def test_the_last_administrator_cannot_leave():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    with pytest.raises(ValidationError, match="siste administratoren"):
        services.membership_remove(membership=admin, by=admin.user)


def test_an_administrator_changes_roles_and_removes_people():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    other = MembershipFactory(organisation=admin.organisation, role=Membership.Role.READER)
    services.membership_change_role(membership=other, role="admin", by=admin.user)
    services.membership_change_role(membership=admin, role="editor", by=other.user)
    services.membership_remove(membership=admin, by=other.user)
    assert list(admin.organisation.memberships.values_list("role", flat=True)) == ["admin"]


def test_deleting_an_account_keeps_the_organisations_applications():
    application = complete_draft()
    user = _editor(application, Membership.Role.ADMIN)
    submission.application_submit(application=application, by=user)
    orphaned = services.user_delete(user=user)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_by is None
    assert orphaned == [application.organisation]


def test_the_last_administrator_of_a_shared_organisation_must_hand_over_before_deleting():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    MembershipFactory(organisation=admin.organisation, role=Membership.Role.EDITOR)
    with pytest.raises(ValidationError, match="administratorrollen"):
        services.user_delete(user=admin.user)
    assert Membership.objects.filter(pk=admin.pk).exists()
