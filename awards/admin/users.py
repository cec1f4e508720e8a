"""User accounts and groups in the admin: the Administrator role manages people, not privileges.

Only a superuser makes superusers, hands out single permissions or edits a group's permissions.
An Administrator may give and take the project's role groups (``awards.roles``) and nothing else;
a superuser's account is read-only to them (changing its e-mail or password would be a way in).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group, User

from applications.people.names import single_line
from calls.admin_lists import BigListAdmin

from .. import roles

SUPERUSER_ONLY_USER_FIELDS = ("is_superuser", "user_permissions")


def role_groups():
    return Group.objects.filter(name__in=roles.ROLE_PERMISSIONS)


class PersonChangeForm(UserChangeForm):
    """A person's name is one line (it goes into e-mails and lists)."""

    def clean_first_name(self):
        return single_line(self.cleaned_data.get("first_name", ""))

    def clean_last_name(self):
        return single_line(self.cleaned_data.get("last_name", ""))


class RoleUserAdmin(BigListAdmin, UserAdmin):
    form = PersonChangeForm

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [name for name in SUPERUSER_ONLY_USER_FIELDS if name not in fields]
            if obj is not None and obj.is_superuser:
                fields.append("is_staff")
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = role_groups()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        """An Administrator's form lists role groups only: other groups the person is in stay."""
        kept = []
        if change and not request.user.is_superuser and "groups" in form.cleaned_data:
            kept = list(form.instance.groups.exclude(pk__in=role_groups()))
        super().save_related(request, form, formsets, change)
        if kept:
            form.instance.groups.add(*kept)


class RoleGroupAdmin(GroupAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser and "permissions" not in fields:
            fields.append("permissions")
        return fields


admin.site.unregister(User)
admin.site.register(User, RoleUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleGroupAdmin)
