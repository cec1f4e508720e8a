"""One object of every model in the admin, made the way the services make them, and the staff
roles that work there. Shared by the admin write-path and history tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.utils import timezone

from applications.models import Application, Invitation
from awards import roles
from awards.assessment import services as assessment_services
from awards.decisions import services as decision_services
from awards.dialogue import services as dialogue_services
from awards.letters import services as letter_services
from awards.models import (
    Appeal,
    Award,
    ChangeRequest,
    Grant,
    GrantCondition,
    Instalment,
    LetterTemplate,
    PayoutRequest,
    Report,
    ReviewAssignment,
)
from tests import deciding
from tests.factories import (
    AccessRequestFactory,
    ApplicationFactory,
    CallFactory,
    CostLineFactory,
    CriterionFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnerFactory,
    StaffFactory,
    UserFactory,
)

ROLES = ["adviser", "partner reviewer", "administrator", "superuser"]


@dataclass
class World:
    people: dict[str, object]
    objects: dict[str, object]  # model label → the object whose change form is posted
    spares: dict[str, object] = field(default_factory=dict)  # model label → another object
    extra: dict[str, object] = field(default_factory=dict)


def build_world() -> World:
    adviser = StaffFactory(username="w-adviser", group=roles.ADVISER)
    reviewer = StaffFactory(username="w-reviewer", group=roles.PARTNER_REVIEWER)
    administrator = StaffFactory(username="w-administrator", group=roles.ADMINISTRATOR)
    superuser = UserFactory(username="w-superuser", is_staff=True, is_superuser=True)
    applicant = UserFactory(username="w-applicant")

    call = CallFactory(budget=5_000_000, max_amount_per_project=3_000_000)
    first = CriterionFactory(call=call, name="Relevans", weight=60, order=1)
    second = CriterionFactory(call=call, name="Gjennomføring", weight=40, order=2)
    template = LetterTemplate(
        call=call, kind=LetterTemplate.Kind.OFFER, subject="Tilbud", body="Tilbud til {prosjekt}."
    )
    template.save()

    application = ApplicationFactory(
        call=call, requested_amount=2_000_000, status=Application.Status.DRAFT
    )
    application.status = Application.Status.SUBMITTED
    application.reference = f"KRN-2026-1-{application.pk:03d}"
    application.submitted_at = timezone.now() - dt.timedelta(days=3)
    application.save()
    PartnerFactory(application=application)
    CostLineFactory(application=application)
    membership = MembershipFactory(user=applicant, organisation=application.organisation)
    assessment_services.case_check_eligibility(application=application, eligible=True, by=adviser)
    assignment = assessment_services.assignment_create(
        application=application,
        reviewer=reviewer,
        role=ReviewAssignment.Role.COUNTY_COUNCIL,
        by=adviser,
    )
    assessment_services.assignment_declare(assignment=assignment, impartial=True, by=reviewer)
    assessment_services.scores_save(
        assignment=assignment,
        scores={first.pk: (4, "God"), second.pk: (5, "")},
        submit=True,
        by=reviewer,
    )
    decision = deciding.decision_make(
        application=application,
        outcome="award",
        amount=1_500_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    letter = letter_services.letter_send(application=application, by=adviser)
    decision_services.results_publish(call=call, by=adviser)
    award = Award.objects.get(application=application)
    assignment.refresh_from_db()
    case = application.case
    score = assignment.scores.get(criterion=first)

    spare_call = CallFactory()
    spare_application = ApplicationFactory(call=call, status=Application.Status.SUBMITTED)
    invitation = Invitation.objects.create(
        organisation=application.organisation,
        email="kollega@example.org",
        token_hash="a" * 64,
        invited_by=applicant,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    municipality = MunicipalityFactory()
    email = EmailAddress.objects.create(
        user=applicant, email=applicant.email, verified=True, primary=True
    )
    authenticator = Authenticator.objects.create(
        user=applicant, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    message = dialogue_services.message_post(application=application, by=adviser, text="Spørsmål")
    note = dialogue_services.note_add(application=application, by=adviser, text="Notat")
    grant = Grant.objects.get(award=award)
    # The follow-up and the appeal: one of each, so that every admin page has a row to open.
    instalment = Instalment.objects.create(
        grant=grant, order=1, label="Forskudd", share_percent=100, is_advance=True, amount=1
    )
    follow_up = {
        "awards.appeal": Appeal.objects.create(
            application=application,
            organisation=application.organisation,
            decision=decision,
            letter=letter,
            grounds="Beløpet er for lavt.",
            lodged_by=applicant,
            lodged_at=timezone.now(),
        ),
        "awards.grantcondition": GrantCondition.objects.create(grant=grant, text="Avtale"),
        "awards.payoutrequest": PayoutRequest.objects.create(grant=grant, instalment=instalment),
        "awards.report": Report.objects.create(
            grant=grant, kind=Report.Kind.FINAL, due_on=dt.date(2027, 9, 1)
        ),
        "awards.changerequest": ChangeRequest.objects.create(
            grant=grant,
            kind="partners",
            reason="Ny partner.",
            partner_change="Fagskolen går inn.",
            requested_at=timezone.now(),
        ),
    }
    application.refresh_from_db()
    return World(
        people={
            "adviser": adviser,
            "partner reviewer": reviewer,
            "administrator": administrator,
            "superuser": superuser,
        },
        objects={
            "auth.group": Group.objects.get(name=roles.PARTNER_REVIEWER),
            "auth.user": applicant,
            "account.emailaddress": email,
            "mfa.authenticator": authenticator,
            "calls.scheme": call.scheme,
            "calls.county": municipality.county,
            "calls.municipality": municipality,
            "calls.call": call,
            "applications.organisation": application.organisation,
            "applications.membership": membership,
            "applications.accessrequest": AccessRequestFactory(
                organisation=application.organisation
            ),
            "applications.invitation": invitation,
            "applications.application": application,
            "awards.reviewassignment": assignment,
            "awards.score": score,
            "awards.decision": decision,
            "awards.letter": letter,
            "awards.lettertemplate": template,
            "awards.case": case,
            "awards.award": award,
            "awards.message": message,
            "awards.internalnote": note,
            "awards.grant": grant,
            **follow_up,
        },
        spares={
            "applications.application": spare_application,
            "calls.call": spare_call,
            "auth.user": UserFactory(username="w-spare", is_staff=True),
            "calls.criterion": second,
        },
        extra={"criterion": first},
    )
