"""Decision letters for the applicant: only people who act for the applying organisation."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from applications.models import Membership

from .letters import letter_pdf
from .models import Letter


def _letter_for(request, pk) -> Letter:
    letter = get_object_or_404(
        Letter.objects.select_related("application__organisation", "application__call"), pk=pk
    )
    is_member = Membership.objects.filter(
        user=request.user, organisation_id=letter.application.organisation_id
    ).exists()
    if not (is_member or _adviser_may_read(request.user)):
        raise Http404  # do not tell strangers which letters exist
    return letter


def _adviser_may_read(user) -> bool:
    """Advisers open the letters they sent from the case page (with two-factor login)."""
    if not (user.is_staff and user.has_perm("awards.view_letter")):
        return False
    if not getattr(settings, "UTLYSNING_STAFF_MFA_REQUIRED", True):
        return True
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


@login_required
def letter_detail(request, pk: int):
    letter = _letter_for(request, pk)
    return render(request, "awards/letter_detail.html", {"letter": letter, "nav_section": "my"})


@login_required
def letter_pdf_download(request, pk: int):
    letter = _letter_for(request, pk)
    response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="brev-{letter.pk}.pdf"'
    return response
