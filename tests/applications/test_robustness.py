"""Garbage posted to any applicant page never gives a 500 and never echoes markup."""

import pytest

from tests.factories import (
    DraftFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


GARBAGE = {
    "version": "not-a-number",
    "title": "\x00<script>",
    "costs-TOTAL_FORMS": "9999999999",
    "costs-INITIAL_FORMS": "x",
    "requested_amount": "1e9",
    "role": "superuser",
    "municipality": "999999999",
    "organisation": "abc",
    "decision": "maybe",
    "action": "explode",
    "county": "-1",
    "kind": "<b>",
    "orgnr": "NO",
    "email": "not-an-email",
    "project_start": "0000-00-00",
    "expected_participants": "-5",
}


@pytest.mark.parametrize(
    "pattern",
    [
        "/my/organisation/choose/",
        "/my/organisations/new/",
        "/my/organisations/{org}/people/",
        "/my/organisations/{org}/people/{membership}/",
        "/my/invitations/x/",
        "/my/delete-account/",
        "/my/calls/{call}/start/",
        "/my/applications/{pk}/project/",
        "/my/applications/{pk}/partners/",
        "/my/applications/{pk}/partners/{partner}/",
        "/my/applications/{pk}/budget/",
        "/my/applications/{pk}/attachments/",
        "/my/applications/{pk}/submit/",
        "/my/applications/{pk}/withdraw/",
        "/my/applications/{pk}/continue/",
    ],
)
@pytest.mark.parametrize("version", ["not-a-number", "0"])
def test_garbage_posted_anywhere_never_gives_a_500(client, pattern, version):
    from tests.factories import PartnerFactory

    application = DraftFactory()
    partner = PartnerFactory(application=application)
    membership = MembershipFactory(organisation=application.organisation, role="admin")
    client.force_login(membership.user)
    client.raise_request_exception = False
    url = pattern.format(
        pk=application.pk,
        org=application.organisation_id,
        membership=membership.pk,
        call=application.call.slug,
        partner=partner.pk,
    )
    response = client.post(url, {**GARBAGE, "version": version})
    assert response.status_code < 500
    assert b"<script>" not in response.content
