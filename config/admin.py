"""The admin site: what every list's actions and filters accept, checked before Django uses it.

Django's admin filters the selected rows with ``pk__in=<what was posted>`` and hands list filter
parameters to the database; a tampered request (a non-numeric row id, a year past 9999) then
gives a 500. ``GuardedAdminSite`` wraps every list (``changelist_view``) of every registered
ModelAdmin, ours and third-party ones alike: a bad selection or filter value is answered with a
message and the list, never an error page.
"""

from __future__ import annotations

import functools

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

BIGINT = 2**63 - 1


def _valid_pk(field: models.Field, value: str) -> bool:
    try:
        python = field.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    if isinstance(field, models.IntegerField | models.AutoField):
        return isinstance(python, int) and -BIGINT <= python <= BIGINT
    return python not in (None, "")


def selection_is_valid(model_admin, request) -> bool:
    field = model_admin.model._meta.pk
    return all(_valid_pk(field, value) for value in request.POST.getlist(ACTION_CHECKBOX_NAME))


def _has_nul(query) -> bool:
    return any("\x00" in value for values in query.lists() for value in values[1])


def _back_to_list(request) -> HttpResponseRedirect:
    return HttpResponseRedirect(request.path)


def guard_changelist(model_admin, view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method == "POST" and (
            not selection_is_valid(model_admin, request) or _has_nul(request.POST)
        ):
            messages.error(request, _("Valget av rader er ugyldig. Velg radene på nytt."))
            return _back_to_list(request)
        if _has_nul(request.GET):
            messages.error(request, _("Filteret har en ugyldig verdi og er tatt bort."))
            return _back_to_list(request)
        try:
            return view(request, *args, **kwargs)
        except (IncorrectLookupParameters, ValidationError, ValueError, OverflowError):
            # A filter value the database cannot use (a year past 9999, text for a number).
            if request.method != "GET" or not request.GET:
                raise
            messages.error(request, _("Filteret har en ugyldig verdi og er tatt bort."))
            return _back_to_list(request)

    return guarded


class GuardedAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        model_admin = getattr(view, "__self__", None)
        if isinstance(model_admin, admin.ModelAdmin) and view.__name__ == "changelist_view":
            view = guard_changelist(model_admin, view)
        return super().admin_view(view, cacheable)


class GuardedAdminConfig(AdminConfig):
    default_site = "config.admin.GuardedAdminSite"
