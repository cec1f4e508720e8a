"""Requests for more information on the case page: the adviser reopens sections of a sent
application until a date and later sees, field by field, what the organisation changed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.applying import corrections
from applications.models import Application
from awards.dialogue.forms import CorrectionRequestForm
from awards.permissions import MANAGE_ASSESSMENT

from .common import require

_TYPED = "correction-typed-{}"
# The case page holds other forms with a reason field: this one's ids are its own.
PREFIX = "correction"


def case_corrections_context(request, application) -> dict:
    """The requests on the case, newest first, each with what changed once answered (read
    with the application by the case page)."""
    typed = request.session.pop(_TYPED.format(application.pk), None)
    requests = list(application.correction_requests.all())
    return {
        "corrections": [(r, corrections.correction_changes(r)) for r in requests],
        "correction_form": CorrectionRequestForm(initial=typed or None, prefix=PREFIX),
        "may_request_correction": application.status in Application.CORRECTABLE_STATUSES,
    }


def _back(application_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse("admin:awards_case", args=[application_id]) + "#corrections"
    )


@require_POST
def case_correction_request(request, application_id: int):
    require(request, MANAGE_ASSESSMENT)
    application = get_object_or_404(Application, pk=application_id)
    form = CorrectionRequestForm(request.POST, prefix=PREFIX)
    errors = []
    if form.is_valid():
        try:
            corrections.correction_request(
                application=application,
                sections=form.cleaned_data["sections"],
                reason=form.cleaned_data["reason"],
                open_until=form.cleaned_data["open_until"],
                by=request.user,
                task_list_link=lambda a: (
                    settings.SITE_URL.rstrip("/")
                    + reverse("applications:task_list", kwargs={"pk": a.pk})
                ),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Søkeren er bedt om mer informasjon, og delene du valgte er åpnet igjen."),
            )
            return _back(application.pk)
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    for error in errors:
        messages.error(request, error)
    # What the adviser chose and wrote comes back in the form once.
    request.session[_TYPED.format(application.pk)] = {
        "sections": request.POST.getlist(f"{PREFIX}-sections"),
        "reason": request.POST.get(f"{PREFIX}-reason", ""),
        "open_until": request.POST.get(f"{PREFIX}-open_until", ""),
    }
    return _back(application.pk)
