"""The thread of an application on /my/: the organisation's members read it, administrators and
editors write in it, and a message's file is downloaded after the same check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from applications.applying.storage import stored_file_response
from applications.models import Application
from awards.dialogue import services
from awards.dialogue.forms import MessageForm
from awards.dialogue.models import Message
from awards.dialogue.selectors import thread_messages
from awards.permissions import member_thread_access


@login_required
def thread(request, pk: int):
    application = get_object_or_404(
        Application.objects.select_related("call", "organisation"), pk=pk
    )
    may_read, may_write = member_thread_access(user=request.user, application=application)
    if not may_read:
        raise Http404  # strangers learn nothing of which applications exist
    form = MessageForm()
    if request.method == "POST":
        if not may_write:
            raise Http404
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.message_post(
                    application=application,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    uploaded=form.cleaned_data["attachment"],
                )
            except ValidationError as error:
                form.add_error(
                    "attachment" if error.code not in {"not_sent", "required"} else None, error
                )
            else:
                messages.success(request, _("Meldingen er sendt."))
                return HttpResponseRedirect(request.path)
    thread_list = list(thread_messages(user=request.user, application=application))
    services.thread_mark_read(application=application, user=request.user)
    sent = application.status not in {Application.Status.DRAFT, Application.Status.WITHDRAWN}
    return render(
        request,
        "awards/dialogue_thread.html",
        {
            "application": application,
            "thread": thread_list,
            "form": form if may_write and sent else None,
            "may_write": may_write,
            "sent": sent,
            "nav_section": "my",
        },
    )


@login_required
def attachment_download(request, pk: int):
    """A message's file, for whoever may read that message (a member, an adviser, a reviewer
    it was shared with)."""
    message = get_object_or_404(
        Message.objects.select_related("application").exclude(attachment=""), pk=pk
    )
    visible = thread_messages(user=request.user, application=message.application)
    if visible is None or not visible.filter(pk=message.pk).exists():
        raise Http404
    return stored_file_response(
        request,
        message.attachment,
        filename=message.attachment_name,
        content_type=message.attachment_content_type,
    )
