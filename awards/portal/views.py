"""Decision letters for the applicant: only people who act for the applying organisation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from applications.models import Membership
from awards.letters.models import Letter
from awards.letters.pdf import letter_pdf
from config.mfa import staff_has_second_factor


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
    return user.is_staff and user.has_perm("awards.view_letter") and staff_has_second_factor(user)


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


def legacy_letter_redirect(request, pk: int):
    return redirect("letters:detail", pk=pk, permanent=True)


def legacy_letter_pdf_redirect(request, pk: int):
    return redirect("letters:pdf", pk=pk, permanent=True)
