"""The /my/ pages that span people and applying: the dashboard (the person's organisations, the
chosen organisation's applications, open calls, and what the apps built on applications add to it
through ``hooks.dashboard`` and ``hooks.my_application``) and the person's data as JSON."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from calls.models import Call

from . import hooks
from .applying.selectors import (
    applications_created_export,
    applications_for_organisation,
    attachments_uploaded_export,
)
from .models import Application
from .people.selectors import membership_active, memberships_for, user_data_export


@login_required
def dashboard(request):
    memberships = list(memberships_for(user=request.user))
    membership = membership_active(request=request, memberships=memberships)
    applications = []
    invited_sketches = []
    if membership is not None:
        applications = list(applications_for_organisation(organisation=membership.organisation))
        hooks.my_application.prepare(applications)
        continued = {a.sketch_id for a in applications if a.sketch_id}
        invited_sketches = [
            a
            for a in applications
            if a.applicant_status == Application.Status.INVITED and a.pk not in continued
        ]
    return render(
        request,
        "applications/dashboard.html",
        {
            "membership": membership,
            "memberships": memberships,
            "applications": applications,
            "invited_sketches": invited_sketches,
            "open_calls": _open_calls_for(applications),
            "nav_section": "my",
        },
    )


def _open_calls_for(applications) -> list[Call]:
    """Open calls the organisation can apply to: a call for those invited after a sketch only
    when one of its sketches there was invited."""
    invited = {a.call_id for a in applications if a.applicant_status == Application.Status.INVITED}
    calls = Call.objects.published().open().with_scheme().order_by("closes_at")
    return [c for c in calls if not c.sketch_call_id or c.sketch_call_id in invited]


@login_required
def my_data(request):
    data = user_data_export(
        user=request.user,
        applications_created=applications_created_export(user=request.user),
        files_uploaded=attachments_uploaded_export(user=request.user),
        **dict(callback(user=request.user) for callback in hooks.personal_data),
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mine-data.json"'
    return response
