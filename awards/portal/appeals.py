"""Appeals on /my/: administrators and editors of the organisation appeal a decision letter,
every member follows the appeal; a late appeal is taken with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.applying.storage import stored_file_response
from applications.models import Application
from awards.appeals.forms import AppealForm
from awards.appeals.rules import (
    appeal_is_late,
    letter_appeal_deadline,
    member_may_appeal,
    member_may_read_appeal,
)
from awards.appeals.selectors import appeal_for_member, appealable_letter, open_appeal
from awards.appeals.services import appeal_lodge


@login_required
def appeal_lodge_view(request, application_pk: int):
    application = get_object_or_404(
        Application.objects.select_related("organisation", "call"), pk=application_pk
    )
    if not member_may_read_appeal(user=request.user, application=application):
        raise Http404  # strangers learn nothing of which applications exist
    letter = appealable_letter(application=application)
    if letter is None:
        raise Http404
    if not member_may_appeal(user=request.user, application=application):
        raise PermissionDenied(
            _("Bare administratorer og redaktører i organisasjonen kan klage på vedtaket.")
        )
    existing = open_appeal(decision_id=letter.decision_id)
    late = appeal_is_late(letter=letter, at=timezone.now())
    form = AppealForm(late=late)
    status = 200
    if request.method == "POST" and existing is None:
        form = AppealForm(request.POST, request.FILES, late=late)
        if form.is_valid():
            try:
                appeal = appeal_lodge(
                    letter=letter,
                    by=request.user,
                    grounds=form.cleaned_data["grounds"],
                    late_reason=form.cleaned_data.get("late_reason", ""),
                    uploaded=form.cleaned_data["attachment"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        if field == "late_reason" and field not in form.fields:
                            form.fields[field] = AppealForm(late=True).fields[field]
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(
                        "attachment" if error.code not in {"open_appeal"} else None, error
                    )
            else:
                messages.success(
                    request, _("Klagen er sendt. Dere får en bekreftelse som brev på Min side.")
                )
                return redirect("appeals:detail", pk=appeal.pk)
        status = 400
    return render(
        request,
        "awards/appeal_form.html",
        {
            "application": application,
            "letter": letter,
            "deadline": letter_appeal_deadline(letter),
            "late": late,
            "existing": existing,
            "form": form,
            "nav_section": "my",
        },
        status=status,
    )


@login_required
def appeal_detail(request, pk: int):
    appeal = appeal_for_member(user=request.user, pk=pk)
    if appeal is None:
        raise Http404
    letters = appeal.application.letters.filter(
        kind__in=["appeal_receipt", "appeal_provisional", "appeal_final"],
        sent_at__gte=appeal.lodged_at,
    )
    return render(
        request,
        "awards/appeal_detail.html",
        {"appeal": appeal, "letters": letters, "nav_section": "my"},
    )


@login_required
def appeal_attachment(request, pk: int):
    appeal = appeal_for_member(user=request.user, pk=pk)
    if appeal is None or not appeal.attachment:
        raise Http404
    return stored_file_response(
        request,
        appeal.attachment,
        filename=appeal.attachment_name,
        content_type=appeal.attachment_content_type,
    )
