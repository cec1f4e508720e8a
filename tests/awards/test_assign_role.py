"""An assignment records the role the reviewer really reviews in: from their group and
organisation, or chosen; never a silent default."""

import pytest

from awards import roles
from awards.admin.forms import AssignReviewerForm
from awards.assessment.selectors import reviewer_role_for
from awards.models import ReviewAssignment
from tests.factories import (
    ApplicationFactory,
    CaseFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def _county_reviewer():
    reviewer = StaffFactory(username="fylke", group=roles.PARTNER_REVIEWER)
    MembershipFactory(
        user=reviewer, organisation=OrganisationFactory(name="Nordland fylkeskommune")
    )
    return reviewer


def test_the_role_follows_the_group_and_the_organisation():
    assert reviewer_role_for(reviewer=_county_reviewer()) == "county_council"
    adviser = StaffFactory(username="radgiver", group=roles.ADVISER)
    assert reviewer_role_for(reviewer=adviser) == "adviser"
    siva = StaffFactory(username="siva", group=roles.PARTNER_REVIEWER)
    MembershipFactory(user=siva, organisation=OrganisationFactory(name="Siva SF"))
    assert reviewer_role_for(reviewer=siva) == "siva"
    unknown = StaffFactory(username="ukjent", group=roles.PARTNER_REVIEWER)
    assert reviewer_role_for(reviewer=unknown) is None


def test_the_role_has_no_default_choice():
    assert AssignReviewerForm().fields["role"].initial is None
    assert AssignReviewerForm().fields["role"].choices[0][0] == ""


def test_bulk_assigning_a_county_council_reviewer_records_the_county_council(client, adviser, call):
    reviewer = _county_reviewer()
    applications = [ApplicationFactory(call=call) for _ in range(2)]
    for application in applications:
        CaseFactory(application=application)
    client.force_login(adviser)
    client.post(
        "/admin/applications/application/",
        {
            "action": "assign_reviewers",
            "_selected_action": [a.pk for a in applications],
            "apply": "1",
            "reviewer": reviewer.pk,
            "role": "",
            "case_owner": "",
        },
        follow=True,
    )
    roles_recorded = set(
        ReviewAssignment.objects.filter(reviewer=reviewer).values_list("role", flat=True)
    )
    assert roles_recorded == {"county_council"}


def test_a_reviewer_whose_role_cannot_be_told_must_be_given_one(client, adviser, call):
    reviewer = StaffFactory(username="ukjent", group=roles.PARTNER_REVIEWER)
    application = ApplicationFactory(call=call)
    client.force_login(adviser)
    response = client.post(
        "/admin/applications/application/",
        {
            "action": "assign_reviewers",
            "_selected_action": [application.pk],
            "apply": "1",
            "reviewer": reviewer.pk,
            "role": "",
            "case_owner": "",
        },
    )
    assert "Velg rollen" in response.content.decode()
    assert not ReviewAssignment.objects.exists()
