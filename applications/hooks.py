"""Doors that applications opens for the apps built on it, filled from their ``AppConfig.ready()``.

- ``dashboard``: panels on the /my/ dashboard. Values: ``membership`` (the organisation the
  person acts for, or ``None``) and ``user``.
- ``my_application``: extras beside an application's status in the /my/ list (a link to the
  decision letter, say). Values: ``application`` and ``user`` (the person looking).
  ``prepare(applications)`` runs once per list.
- ``staff_readers``: predicates that say whether a staff member may read a sent application
  (its summary and attachments). Each is called as ``predicate(user=..., applications=...)``
  with a queryset holding the sent application asked about, and returns True to allow. With
  none registered no staff member reads any application through the applicant pages.

- ``correction_answered``: called as ``callback(request=...)`` after the commit when an
  organisation sends in the sections an adviser reopened (``applying/corrections.py``).
- ``personal_data``: sections of a person's data download (/my/data.json). Each callback is
  called as ``callback(user=...)`` and returns ``(name, data)``.
- ``account_forget``: called as ``callback(user=...)`` inside the transaction that deletes an
  account, before the row goes: what is kept as a case record (a sent letter) loses the person's
  address there.

The slots are rendered through ``applications.portal`` and the ``applying`` template tags.

``register()`` fills the doors of ``calls`` with what applications offers there (the button to
start an application on a call's page); ``ApplicationsConfig.ready()`` calls it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from calls import hooks as call_hooks
from calls.hooks import Registry, Slot

StaffReader = Callable[..., bool]


class Predicates(Registry):
    """Yes/no questions answered by whoever registered; any yes is a yes."""

    def register(self, *, key: str, predicate: StaffReader) -> None:
        self.add(key, predicate)

    def any(self, **values) -> bool:
        return any(predicate(**values) for predicate in self)


class Callbacks(Registry):
    """Functions called with the same keyword values, in the order they were registered."""

    def register(self, *, key: str, callback: Callable) -> None:
        self.add(key, callback)

    def call(self, **values) -> None:
        for callback in self:
            callback(**values)


dashboard = Slot(
    "applications.dashboard",
    "Panels on /my/. Values: membership, user, applications (the organisation's, as prepared "
    "by my_application's prepare callbacks).",
)
my_application = Slot(
    "applications.my_application",
    "Beside an application's status on /my/. Values: application, user.",
)
staff_readers = Predicates("applications.staff_readers", "May this staff member read it?")
correction_answered = Callbacks(
    "applications.correction_answered",
    "Sections sent in again after a request for more information. Values: request.",
)
personal_data = Callbacks("applications.personal_data", "Data download: (name, data) per user.")
account_forget = Callbacks("applications.account_forget", "Pseudonymise before deleting a user.")


def staff_may_read(*, user, applications: QuerySet) -> bool:
    """Whether a registered rule lets the staff member read the (sent) applications given."""
    return staff_readers.any(user=user, applications=applications)


def register() -> None:
    call_hooks.call_actions.register(
        key="applications.start", template="applications/includes/call_actions.html"
    )
