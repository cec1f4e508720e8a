"""Targets per outcome indicator in the project section: asked for on calls that define
indicators, needed to send (whole numbers from 0), shown on the summary; calls without
indicators ask nothing."""

import pytest

from applications.applying import services
from applications.applying.completeness import application_problems
from applications.models import IndicatorTarget, Membership
from calls.reporting import OutcomeIndicator, indicators_add_scheme_defaults
from tests.applications.applying.views.conftest import project_data
from tests.factories import MembershipFactory, complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    application = complete_draft()
    indicators_add_scheme_defaults(call=application.call)
    return application


def _editor(client, application):
    membership = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.EDITOR
    )
    client.force_login(membership.user)
    return membership.user


def _url(application, page="project"):
    return f"/my/applications/{application.pk}/{page}/"


def test_a_call_without_indicators_asks_for_no_targets():
    application = complete_draft()
    assert application_problems(application=application) == []


def test_each_indicator_without_a_target_is_a_problem_in_the_project_section(draft):
    problems = [p for p in application_problems(application=draft) if p.section == "project"]
    assert [p.message for p in problems] == [
        f"Oppgi et mål for «{i.name}»." for i in draft.call.indicators.all()
    ]
    assert problems[0].field == f"target_{draft.call.indicators.first().pk}"


def test_the_project_page_asks_for_targets_and_saves_them(client, draft):
    _editor(client, draft)
    indicators = list(draft.call.indicators.all())
    page = client.get(_url(draft)).content.decode()
    assert "Mål: Studiepoeng" in page
    data = project_data(
        version=str(draft.section_version("project")),
        title=draft.title,
        **{f"target_{i.pk}": str(n) for n, i in enumerate(indicators)},
    )
    response = client.post(_url(draft), data)
    assert response.status_code == 302
    targets = dict(
        IndicatorTarget.objects.filter(application=draft).values_list("indicator__code", "target")
    )
    assert targets == {"offers": 0, "places": 1, "participants": 2, "firms": 3, "credits": 4}
    assert not [p for p in application_problems(application=draft) if "mål" in p.message]
    summary = client.get(_url(draft, "summary")).content.decode()
    assert "Mål: Studiepoeng" in summary


@pytest.mark.parametrize(
    ("typed", "message"),
    [("fem", "Skriv et helt tall, for eksempel 12."), ("-1", "Målet kan ikke være negativt.")],
)
def test_a_target_that_is_not_a_whole_number_from_0_is_refused_and_kept(
    client, draft, typed, message
):
    _editor(client, draft)
    indicator = draft.call.indicators.get(code="places")
    data = project_data(
        version=str(draft.section_version("project")), **{f"target_{indicator.pk}": typed}
    )
    response = client.post(_url(draft), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'value="{typed}"' in page
    assert not IndicatorTarget.objects.filter(application=draft).exists()


def test_the_service_refuses_another_calls_indicator_and_negative_targets(draft):
    editor = MembershipFactory(organisation=draft.organisation, role=Membership.Role.EDITOR).user
    other = OutcomeIndicator.objects.create(call=complete_draft().call, code="x", name="X")
    values = {name: getattr(draft, name) for name in services.PROJECT_FIELDS}
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="hører ikke til"):
        services.application_save_project(
            application=draft,
            version=draft.section_version("project"),
            values=values,
            targets={other.pk: 3},
            by=editor,
        )
    indicator = draft.call.indicators.first()
    with pytest.raises(ValidationError, match="negative"):
        services.application_save_project(
            application=draft,
            version=draft.section_version("project"),
            values=values,
            targets={indicator.pk: -2},
            by=editor,
        )
    assert not IndicatorTarget.objects.exists()
