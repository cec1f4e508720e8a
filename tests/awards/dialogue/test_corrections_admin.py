"""The case page's request for more information: who may ask, and a refusal keeps the input."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import CorrectionRequest

pytestmark = pytest.mark.django_db


def _post(client, application, **data):
    values = {
        "correction-sections": ["project"],
        "correction-reason": "Legg ved signert budsjett.",
        "correction-open_until": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
    }
    values.update({f"correction-{k}": v for k, v in data.items()})
    return client.post(
        reverse("admin:awards_case_correction", args=[application.pk]), values, follow=True
    )


def test_an_adviser_asks_from_the_case_page(client, application, adviser, editor):
    client.force_login(adviser)
    response = _post(client, application)
    assert "Søkeren er bedt om mer informasjon" in response.content.decode()
    request = CorrectionRequest.objects.get()
    assert (request.sections, request.requested_by) == (["project"], adviser)
    assert "Venter på søkeren." in response.content.decode()


def test_a_refused_request_says_why_and_keeps_what_was_chosen(client, application, adviser):
    client.force_login(adviser)
    response = _post(client, application, sections=[], reason="Dette mangler.")
    page = response.content.decode()
    assert "Velg minst én del av søknaden som skal åpnes." in page
    assert "Dette mangler." in page
    assert not CorrectionRequest.objects.exists()
    response = _post(client, application, open_until="i morgen")
    assert "Skriv fristen som en dato" in response.content.decode()
    assert not CorrectionRequest.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "editor", "outsider"])
def test_nobody_but_an_adviser_can_ask(client, application, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("admin:awards_case_correction", args=[application.pk]),
        {
            "correction-sections": ["project"],
            "correction-reason": "x",
            "correction-open_until": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response.url
    assert not CorrectionRequest.objects.exists()
