"""Who may do what: URLs are refused, not only hidden."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from awards import roles
from awards.assessment import services as assessment_services
from awards.models import Decision, ReviewAssignment
from tests.factories import ApplicationFactory, ReviewAssignmentFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _urls(call, application):
    return {
        "case page": f"/admin/applications/application/{application.pk}/assessment/",
        "letter preview": f"/admin/applications/application/{application.pk}/assessment/letter/",
        "ranking board": f"/admin/calls/call/{call.pk}/ranking/",
        "export xlsx": f"/admin/calls/call/{call.pk}/ranking/export.xlsx",
        "export csv": f"/admin/calls/call/{call.pk}/ranking/export.csv",
        "award above the line": f"/admin/calls/call/{call.pk}/ranking/award/",
        "send letters": f"/admin/calls/call/{call.pk}/letters/send/",
        "publish": f"/admin/calls/call/{call.pk}/publish/",
    }


def test_the_role_groups_exist_with_their_permissions():
    adviser = set(
        Group.objects.get(name=roles.ADVISER).permissions.values_list("codename", flat=True)
    )
    reviewer = set(
        Group.objects.get(name=roles.PARTNER_REVIEWER).permissions.values_list(
            "codename", flat=True
        )
    )
    administrator = set(
        Group.objects.get(name=roles.ADMINISTRATOR).permissions.values_list("codename", flat=True)
    )
    assert {"decide_application", "send_letters", "publish_results", "export_ranking"} <= adviser
    assert {"change_call", "add_criterion", "manage_assessment"} <= adviser
    assert "change_application" not in adviser  # what the applicant sent stays as sent
    assert reviewer == {"view_application", "view_reviewassignment", "score_application"}
    assert {"change_user", "change_group"} <= administrator
    assert "decide_application" not in administrator


def test_adviser_reaches_every_assessment_page(client, adviser, call, application):
    client.force_login(adviser)
    for name, url in _urls(call, application).items():
        response = client.get(url)
        assert response.status_code in {200, 302}, name
    assert client.get(_urls(call, application)["export xlsx"])["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


@pytest.mark.parametrize(
    "page",
    [
        "case page",
        "letter preview",
        "ranking board",
        "export xlsx",
        "export csv",
        "award above the line",
        "send letters",
        "publish",
    ],
)
def test_partner_reviewer_is_refused_the_advisers_pages(client, reviewer, call, application, page):
    ReviewAssignmentFactory(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    url = _urls(call, application)[page]
    assert client.get(url).status_code == 403
    assert (
        client.post(
            url, {"action": "decide", "declaration-impartial": "1", "outcome": "award"}
        ).status_code
        == 403
    )


def test_partner_reviewer_cannot_decide_even_by_posting_to_the_case_page(
    client, reviewer, eligible
):
    client.force_login(reviewer)
    url = f"/admin/applications/application/{eligible.pk}/assessment/"
    response = client.post(
        url, {"action": "decide", "declaration-impartial": "1", "outcome": "award", "amount": "100"}
    )
    assert response.status_code == 403
    assert not Decision.objects.filter(application=eligible).exists()


def test_an_adviser_reads_an_application_without_being_able_to_change_it(
    client, adviser, application
):
    client.force_login(adviser)
    url = f"/admin/applications/application/{application.pk}/change/"
    html = client.get(url).content.decode()
    assert application.title in html
    assert 'name="title"' not in html
    assert client.post(url, {"title": "Endret av rådgiver"}).status_code == 403


def test_partner_reviewer_cannot_open_an_unassigned_application(client, reviewer, call):
    unassigned = ApplicationFactory(call=call, title="Ikke din søknad")
    client.force_login(reviewer)
    response = client.get(f"/admin/applications/application/{unassigned.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect
    listing = client.get("/admin/applications/application/")
    assert listing.status_code == 200
    assert "Ikke din søknad" not in listing.content.decode()


def test_partner_reviewer_sees_an_assigned_application_only_after_declaring(
    client, reviewer, application
):
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    url = f"/admin/applications/application/{application.pk}/change/"
    assert client.get(url).status_code == 302
    assessment_services.assignment_declare(assignment=assignment, impartial=True, by=reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert application.title in response.content.decode()
    assert client.post(url, {"title": "Endret"}).status_code == 403


def test_partner_reviewer_cannot_open_someone_elses_review(
    client, reviewer, other_reviewer, application
):
    theirs = ReviewAssignmentFactory(application=application, reviewer=other_reviewer)
    client.force_login(reviewer)
    assert client.get(f"/admin/awards/reviewassignment/{theirs.pk}/review/").status_code == 403


def test_partner_reviewer_sees_no_other_scores_before_submitting_their_own(
    client, reviewer, other_reviewer, call, application
):
    criteria = list(call.criteria.all())
    theirs = ReviewAssignmentFactory(application=application, reviewer=other_reviewer)
    assessment_services.assignment_declare(assignment=theirs, impartial=True, by=other_reviewer)
    assessment_services.scores_save(
        assignment=theirs,
        scores={c.pk: (2, "Svak plan hos den andre") for c in criteria},
        submit=True,
        by=other_reviewer,
    )
    mine = ReviewAssignmentFactory(
        application=application, reviewer=reviewer, role=ReviewAssignment.Role.SIVA
    )
    assessment_services.assignment_declare(assignment=mine, impartial=True, by=reviewer)
    client.force_login(reviewer)
    url = f"/admin/awards/reviewassignment/{mine.pk}/review/"
    assert "Alle innsendte vurderinger" not in client.get(url).content.decode()
    assert client.get("/admin/awards/score/").content.decode().count("Svak plan") == 0
    listing = client.get("/admin/awards/reviewassignment/").content.decode()
    assert "other-reviewer" not in listing

    assessment_services.scores_save(
        assignment=mine, scores={c.pk: (5, "") for c in criteria}, submit=True, by=reviewer
    )
    assert "Alle innsendte vurderinger" in client.get(url).content.decode()


def test_an_applicant_cannot_reach_the_admin(client, applicant):
    client.force_login(applicant)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert client.get("/admin/applications/application/", follow=True).status_code == 403


def test_the_admin_login_goes_through_the_sites_login(client):
    response = client.get("/admin/login/?next=/admin/calls/call/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fcalls%2Fcall%2F"


def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(client, adviser, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    client.force_login(adviser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    Authenticator.objects.create(
        user=adviser, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    assert client.get("/admin/").status_code == 200


def test_staff_two_factor_can_be_switched_off_for_local_development(client, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    client.force_login(StaffFactory(group=roles.ADVISER))
    assert client.get("/admin/").status_code == 200


def test_production_requires_two_factor_for_staff_whatever_the_environment_says():
    from tests.test_project import PRODUCTION_ENV, _manage

    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.UTLYSNING_STAFF_MFA_REQUIRED)",
        env={**PRODUCTION_ENV, "UTLYSNING_STAFF_MFA_REQUIRED": "0"},
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr
