"""The fortunes test: one query of 12 rows, one fortune added in Python, sorted, rendered."""

from django.shortcuts import render

from .models import Fortune


def fortunes(request):
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message="Additional fortune added at request time."))
    rows.sort(key=lambda fortune: fortune.message)
    return render(request, "fortunes.html", {"fortunes": rows})
