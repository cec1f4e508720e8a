"""A wrong, just-expired or reused authenticator code says what to do, not only "Feil kode"."""

import pytest
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.models import Authenticator

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_code_that_does_not_work_says_to_wait_for_the_next_one(rf):
    user = UserFactory()
    request = rf.post("/accounts/2fa/authenticate/")
    request.user = user
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    with context.request_context(request):
        form = AuthenticateForm(user=user, data={"code": "000000"})
        assert not form.is_valid()
    message = " ".join(form.errors["code"])
    assert "vent til appen viser en ny kode" in message
    assert "gjenopprettingskodene" in message
