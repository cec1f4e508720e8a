"""The deadline-burst data: complete drafts that can be sent with the sessions made for them."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from applications.applying.completeness import application_problems
from applications.models import Application, Organisation
from awards.demo.burst import burst_result, create_burst_applicants

pytestmark = pytest.mark.django_db


def test_every_generated_draft_is_complete():
    rows = create_burst_applicants(applicants=3)
    applications = Application.objects.filter(pk__in=[row["application"] for row in rows])
    assert applications.count() == 3
    for application in applications:
        assert application.status == Application.Status.DRAFT
        assert application_problems(application=application) == []


def test_the_session_made_for_an_applicant_sends_their_application():
    row = create_burst_applicants(applicants=2)[1]
    client = Client()
    client.cookies["sessionid"] = row["session"]
    base = f"/my/applications/{row['application']}"

    assert client.get(f"{base}/summary/").status_code == 200
    response = client.post(f"{base}/submit/")

    assert response["Location"] == f"{base}/receipt/"
    result = burst_result(applications=[row["application"]])
    assert result["submitted"] == [row["application"]]
    assert result["references"] == result["distinct_references"] == 1


def test_generating_again_replaces_the_previous_set():
    create_burst_applicants(applicants=4)
    rows = create_burst_applicants(applicants=2)
    assert get_user_model().objects.filter(username__startswith="burst-").count() == 2
    assert Organisation.objects.filter(name__startswith="Frist ").count() == 2
    assert Application.objects.filter(call__slug="burst-frist").count() == 2
    assert burst_result(applications=[row["application"] for row in rows])["submitted"] == []
