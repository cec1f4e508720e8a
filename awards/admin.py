from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from calls.admin_history import GuardedHistoryAdmin
from calls.templatetags.utlysning import format_kroner

from .models import AWARDED_AMOUNT, Award


@admin.register(Award)
class AwardAdmin(GuardedHistoryAdmin):
    list_display = [
        "application",
        "organisation",
        "call",
        "amount",
        "decided_at",
        "is_published",
        "is_illustrative",
    ]
    list_filter = ["is_published", "is_illustrative", "application__call"]
    list_select_related = [
        "application__organisation",
        "application__call",
        "application__decision",
    ]
    search_fields = [
        "application__title",
        "application__reference",
        "application__organisation__name",
        "application__organisation__orgnr",
    ]
    autocomplete_fields = ["application"]
    date_hierarchy = "decided_at"

    @admin.display(description=_("tildelt beløp"), ordering=AWARDED_AMOUNT)
    def amount(self, obj):
        """The decision's amount: awards hold no amount of their own."""
        return format_kroner(obj.amount)

    @admin.display(ordering="application__organisation__name")
    def organisation(self, obj):
        return obj.application.organisation

    @admin.display(ordering="application__call__title")
    def call(self, obj):
        return obj.application.call


# The assessment's admin (applications, calls, reviews, decisions, letters) registers itself.
from . import admin_assessment  # noqa: E402, F401
