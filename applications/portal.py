"""The /my/ dashboard: the person's organisations, the chosen organisation's applications, open
calls, and what the apps built on applications add to it (``hooks.dashboard``,
``hooks.my_application``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from calls.models import Call

from . import hooks
from .applying.selectors import applications_for_organisation
from .models import Application
from .people.selectors import membership_active, memberships_for


@login_required
def dashboard(request):
    membership = membership_active(request=request)
    memberships = list(memberships_for(user=request.user))
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
            "open_calls": list(Call.objects.published().open().with_scheme().order_by("closes_at")),
            "nav_section": "my",
        },
    )
