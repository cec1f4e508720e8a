"""The admin shows advisers, reviewers and applicants by name (else e-mail address), never by a
username nobody chose."""

import pytest

from awards import roles
from awards.admin.forms import BulkAssignForm
from tests import deciding
from tests.factories import ApplicationFactory, CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_adviser():
    return StaffFactory(
        username="rita.330917", first_name="Rita", last_name="Rådgiver", group=roles.ADVISER
    )


def test_the_case_list_shows_the_case_owner_by_name(client, named_adviser, call):
    application = ApplicationFactory(call=call)
    CaseFactory(application=application, case_owner=named_adviser)
    client.force_login(named_adviser)
    html = client.get("/admin/awards/case/").content.decode()
    assert "Rita Rådgiver" in html
    assert "rita.330917<" not in html


def test_history_names_who_changed_it(client, named_adviser, call):
    application = ApplicationFactory(call=call)
    CaseFactory(application=application)
    decision = deciding.decision_make(
        application=application, outcome="award", amount=500_000, by=named_adviser
    )
    client.force_login(named_adviser)
    html = client.get(f"/admin/awards/decision/{decision.pk}/history/").content.decode()
    assert f'<a href="/admin/auth/user/{named_adviser.pk}/change/">Rita Rådgiver</a>' in html


def test_the_choice_of_reviewer_and_case_owner_shows_names_and_addresses(named_adviser):
    unnamed = StaffFactory(username="frida.208811", group=roles.ADVISER)
    form = BulkAssignForm()
    labels = {label for _value, label in form.fields["case_owner"].choices}
    assert f"Rita Rådgiver ({named_adviser.email})" in labels
    assert unnamed.email in labels
    assert not any(label == "frida.208811" for label in labels)
