"""What is left before an application can be sent: the rules, keyed by the form field they are
about, and the links from each to its field."""

import pytest

from applications.applying import forms
from applications.applying.completeness import application_problems, application_section_statuses
from applications.models import Membership, Partner
from tests.factories import (
    DraftFactory,
    MembershipFactory,
    PartnerFactory,
    complete_draft,
)

pytestmark = pytest.mark.django_db


def _budget_messages(application):
    return [
        p.message for p in application_problems(application=application) if p.section == "budget"
    ]


def test_an_unbalanced_budget_is_a_problem():
    application = complete_draft()
    application.private_funding = 1
    application.save()
    assert any("må være lik kostnadsplanen" in m for m in _budget_messages(application))


def test_asking_for_more_than_the_call_allows_is_a_problem():
    application = complete_draft()
    application.requested_amount = application.call.max_amount_per_project + 1
    application.save()
    assert any("høyst" in m for m in _budget_messages(application))


def test_too_small_own_contribution_is_a_problem():
    application = complete_draft()  # costs 1 500 000, the call asks for 30 %
    application.own_contribution = 449_999
    application.private_funding = 1
    application.save()
    assert any("minst 30 %" in m for m in _budget_messages(application))


def test_sections_are_not_started_started_or_complete():
    application = DraftFactory(title="", summary="")
    assert {s.status for s in application_section_statuses(application=application)} == {
        "not_started"
    }
    PartnerFactory(application=application, role=Partner.Role.PARTICIPATING_FIRM)
    statuses = {s.key: s.status for s in application_section_statuses(application=application)}
    assert statuses["partners"] == "in_progress"
    complete = complete_draft()
    assert {s.status for s in application_section_statuses(application=complete)} == {"complete"}


SECTION_FORMS = {
    "project": [forms.ProjectForm],
    "partners": [forms.PartnerForm],
    "budget": [forms.FinancingForm],
    "attachments": [forms.AttachmentForm],
}


def test_every_problem_names_a_field_of_its_sections_form():
    application = DraftFactory(title="", summary="")
    problems = application_problems(application=application)
    assert {p.section for p in problems} == set(SECTION_FORMS)
    for problem in problems:
        fields = {name for form in SECTION_FORMS[problem.section] for name in form.base_fields}
        assert problem.field in fields | {"cost_lines"}, problem
        assert not problem.field.startswith("id_")


def test_each_problem_links_to_an_element_on_its_sections_page(client):
    application = DraftFactory(title="", summary="")
    member = MembershipFactory(organisation=application.organisation, role=Membership.Role.EDITOR)
    client.force_login(member.user)
    summary = client.get(f"/my/applications/{application.pk}/summary/").content.decode()
    pages = {}
    for problem in application_problems(application=application):
        url = f"/my/applications/{application.pk}/{problem.section}/"
        anchor = "id_costs-0-personnel" if problem.field == "cost_lines" else f"id_{problem.field}"
        assert f'href="{url}#{anchor}"' in summary
        if url not in pages:
            pages[url] = client.get(url).content.decode()
        assert f'id="{anchor}"' in pages[url], (problem, anchor)
