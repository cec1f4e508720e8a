"""History pages in the admin that only show, never write, and only what the person may see.

django-simple-history's version page saves a posted form into the live record (a "revert"),
checking no more than that the person may view the model, and its pages look objects up by
primary key alone. Every admin with history in this project uses ``GuardedHistoryAdmin``
instead: reverting is refused (``SIMPLE_HISTORY_REVERT_DISABLED`` also hides the button), and an
object's history opens only when the object is in the admin's ``history_queryset`` — by default
the admin's own queryset, which already holds what the person may see.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .formatting import format_deadline, format_kroner, format_long_date

EMPTY = "–"


def _is_money(field) -> bool:
    return isinstance(field, models.IntegerField) and (
        "amount" in field.name or "budget" in field.name
    )


class ReadableChanges(HistoricalRecordContextHelper):
    """The changes in a history shown as people read them: the choice's label rather than its
    code, "1 500 000 kr", dates in words, and "–" for nothing."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "" or value == []:
            return EMPTY
        if getattr(field, "flatchoices", None):
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Ja") if value else _("Nei")
        if _is_money(field):
            return format_kroner(value)
        if isinstance(value, dt.datetime):
            return format_deadline(value)
        if isinstance(value, dt.date):
            return format_long_date(value)
        return value


class JoinedObjectMixin:
    """A change page reads its object with the relations its list joins: the same ones name it
    in the title, the read-only fields and the breadcrumbs, so they come in the one query."""

    def get_object(self, request, object_id, from_field=None):
        queryset = self.get_queryset(request)
        if isinstance(self.list_select_related, list | tuple) and self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        model = queryset.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None


class GuardedHistoryAdmin(JoinedObjectMixin, SimpleHistoryAdmin):
    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def history_queryset(self, request):
        """The objects whose history this person may see."""
        return self.get_queryset(request)

    def history_versions(self, request, versions):
        """The versions of a visible object this person may see (all of them by default)."""
        return versions

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        versions = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return self.history_versions(request, versions)

    def _check_history_access(self, request, object_id) -> None:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        if self.history_queryset(request).filter(pk=pk).exists():
            return
        # The history of a deleted object is kept for superusers; others see no trace of it.
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        if (
            request.user.is_superuser
            and not self.model._default_manager.filter(pk=pk).exists()
            and history.filter(**{self.model._meta.pk.attname: pk}).exists()
        ):
            return
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._check_history_access(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in {"GET", "HEAD"}:
            raise PermissionDenied  # no revert: changes go through the services
        self._check_history_access(request, object_id)
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        versions = self.history_versions(
            request, history.filter(**{self.model._meta.pk.attname: unquote(object_id)})
        )
        try:
            visible = versions.filter(history_id=int(version_id)).exists()
        except ValueError:
            visible = False
        if not visible:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)
