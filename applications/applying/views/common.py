"""What the screens of one application share: their context, the read-only redirect, where to go
after saving."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ...people.permissions import membership_can_edit


def section_context(application, membership, **extra):
    return {
        "application": application,
        "membership": membership,
        "can_edit": membership_can_edit(membership) and application.is_editable,
        "nav_section": "my",
        **extra,
    }


def editable_or_redirect(request, application):
    if not application.is_editable:
        messages.info(request, _("Søknaden er sendt og kan ikke endres. Her er det dere sendte."))
        return redirect("applications:summary", pk=application.pk)
    return None


def next_url(request, application) -> str:
    if request.POST.get("then") == "stay":
        return request.path
    return reverse("applications:task_list", kwargs={"pk": application.pk})
