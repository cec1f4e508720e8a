from django.shortcuts import render

from .selectors import award_groups_public


def award_list(request):
    return render(
        request,
        "awards/award_list.html",
        {"groups": award_groups_public(), "nav_section": "awards"},
    )
