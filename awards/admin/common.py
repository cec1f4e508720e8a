"""What the advisers' admin modules share."""

from __future__ import annotations

from awards.permissions import is_adviser


class ReadOnlyAdminMixin:
    """Lists and history only: the rows are written by the services, where the rules apply."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _is_adviser(request) -> bool:
    return is_adviser(request.user)
