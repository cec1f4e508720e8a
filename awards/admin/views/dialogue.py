"""The thread and the internal notes on the case page: the adviser writes, shares a message with
the partner reviewers, notes for colleagues. Each action posts here and returns to the case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Application
from awards.dialogue import services
from awards.dialogue.forms import MessageForm, NoteForm
from awards.dialogue.models import Message
from awards.dialogue.selectors import unread_in_prefetched
from awards.permissions import MANAGE_ASSESSMENT, adviser_may_use_thread

from .common import require


def _keep_typed(request, application_id: int, field: str, text: str) -> None:
    """A refused message or note keeps what was typed: the case page shows it again once."""
    request.session[f"dialogue-{field}-{application_id}"] = text


def _typed(request, application_id: int, field: str) -> dict:
    text = request.session.pop(f"dialogue-{field}-{application_id}", "")
    return {field: text} if text else {}


def case_dialogue_context(request, application, *, message_form=None, note_form=None) -> dict:
    """What the case page shows of the dialogue, from the rows the case page read with the
    application: an adviser on the case reads the whole thread and the notes. Opening the page
    reads the thread."""
    if not adviser_may_use_thread(request.user):
        raise PermissionDenied
    thread = list(application.dialogue_messages.all())
    unread = unread_in_prefetched(application=application, user=request.user, from_adviser=False)
    services.thread_mark_read(application=application, user=request.user)
    return {
        "thread": thread,
        "notes": list(application.internal_notes.all()),
        "message_form": message_form
        or MessageForm(initial=_typed(request, application.pk, "text")),
        "note_form": note_form or NoteForm(initial=_typed(request, application.pk, "note")),
        "unread_messages": unread,
        "may_share": True,
    }


def _back(application_id: int, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:awards_case", args=[application_id]) + anchor)


def _refused(
    request, application_id: int, *, field: str, anchor: str, errors
) -> HttpResponseRedirect:
    """Back to the case with the reasons shown and what was typed kept in the form."""
    for error in errors:
        messages.error(request, error)
    _keep_typed(request, application_id, field, request.POST.get(field, ""))
    return _back(application_id, anchor)


def _form_errors(form) -> list[str]:
    return [error for errors in form.errors.values() for error in errors]


@require_POST
def case_message_post(request, application_id: int):
    require(request, MANAGE_ASSESSMENT)
    application = get_object_or_404(Application.objects.select_related("call"), pk=application_id)
    form = MessageForm(request.POST, request.FILES)
    refused = {"field": "text", "anchor": "#dialogue"}
    if not form.is_valid():
        return _refused(request, application.pk, **refused, errors=_form_errors(form))
    try:
        services.message_post(
            application=application,
            by=request.user,
            text=form.cleaned_data["text"],
            uploaded=form.cleaned_data["attachment"],
        )
    except ValidationError as error:
        return _refused(request, application.pk, **refused, errors=error.messages)
    messages.success(request, _("Meldingen er sendt til søkeren."))
    return _back(application.pk, "#dialogue")


@require_POST
def case_note_add(request, application_id: int):
    require(request, MANAGE_ASSESSMENT)
    application = get_object_or_404(Application, pk=application_id)
    form = NoteForm(request.POST)
    refused = {"field": "note", "anchor": "#notes"}
    if not form.is_valid():
        return _refused(request, application.pk, **refused, errors=_form_errors(form))
    try:
        services.note_add(application=application, by=request.user, text=form.cleaned_data["note"])
    except ValidationError as error:
        return _refused(request, application.pk, **refused, errors=error.messages)
    messages.success(request, _("Notatet er lagret."))
    return _back(application.pk, "#notes")


@require_POST
def message_share(request, message_id: int):
    require(request, MANAGE_ASSESSMENT)
    message = get_object_or_404(Message, pk=message_id)
    shared = request.POST.get("shared") == "1"
    services.message_share(message=message, shared=shared, by=request.user)
    if shared:
        messages.success(request, _("Meldingen er delt med fagvurdererne på saken."))
    else:
        messages.success(request, _("Meldingen er ikke lenger delt med fagvurdererne."))
    return _back(message.application_id, f"#message-{message.pk}")
