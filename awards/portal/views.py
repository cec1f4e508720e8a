"""Decision letters for the applicant: only people who act for the applying organisation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from applications.models import Membership
from awards.appeals.rules import letter_appeal_deadline, letter_is_appealable, member_may_appeal
from awards.appeals.selectors import open_appeal
from awards.letters.document import letter_document_for
from awards.letters.models import Letter
from awards.letters.pdf import letter_document_open
from awards.permissions import staff_may_read_letter


def _letter_for(request, pk) -> Letter:
    letter = get_object_or_404(
        Letter.objects.select_related("application__organisation", "application__call"), pk=pk
    )
    is_member = Membership.objects.filter(
        user=request.user, organisation_id=letter.application.organisation_id
    ).exists()
    if not (is_member or staff_may_read_letter(request.user)):
        raise Http404  # do not tell strangers which letters exist
    return letter


@login_required
def letter_detail(request, pk: int):
    letter = _letter_for(request, pk)
    appealable = letter_is_appealable(letter)
    context = {
        **letter_document_for(letter),
        "letter": letter,
        "appealable": appealable,
        "appeal_deadline_at": letter_appeal_deadline(letter),
        "may_appeal": appealable
        and member_may_appeal(user=request.user, application=letter.application),
        "open_appeal": open_appeal(decision_id=letter.decision_id) if appealable else None,
        "nav_section": "my",
    }
    return render(request, "awards/letter_detail.html", context)


@login_required
def letter_pdf_download(request, pk: int):
    """The letter's stored PDF/A document, streamed from the private storage after the check."""
    letter = _letter_for(request, pk)
    return FileResponse(
        letter_document_open(letter=letter),
        as_attachment=True,
        filename=f"brev-{letter.pk}.pdf",
        content_type="application/pdf",
    )


def legacy_letter_redirect(request, pk: int):
    return redirect("letters:detail", pk=pk, permanent=True)


def legacy_letter_pdf_redirect(request, pk: int):
    return redirect("letters:pdf", pk=pk, permanent=True)
