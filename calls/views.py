from django.shortcuts import get_object_or_404, render

from .models import Call
from .selectors import call_list_public, call_open_and_upcoming


def home(request):
    open_calls, upcoming_calls = call_open_and_upcoming()
    return render(
        request,
        "calls/home.html",
        {"open_calls": open_calls, "upcoming_calls": upcoming_calls, "nav_section": "home"},
    )


def call_list(request):
    return render(
        request, "calls/call_list.html", {"groups": call_list_public(), "nav_section": "calls"}
    )


def call_detail(request, slug: str):
    call = get_object_or_404(Call.objects.published().with_scheme(), slug=slug)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "criteria": list(call.criteria.all()),
            "nav_section": "calls",
        },
    )
