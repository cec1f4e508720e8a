"""What is left before an application can be sent: the rules, keyed by the form field they are
about, and the links from each to its field."""

import pytest

from applications.applying import forms
from applications.applying.completeness import application_problems
from applications.models import Membership
from tests.factories import DraftFactory, MembershipFactory

pytestmark = pytest.mark.django_db

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
