"""Decisions and awards in the admin: read-only, since the services write them."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards.admin.forms import ReasonForm
from awards.admin.views.common import reason_form_response
from awards.decisions import services as decision_services
from awards.models import (
    AWARDED_AMOUNT,
    Award,
    Decision,
)
from calls.admin_history import GuardedHistoryAdmin
from calls.admin_lists import BigListAdmin
from calls.templatetags.utlysning import format_kroner

from .common import ReadOnlyAdminMixin


@admin.register(Decision)
class DecisionAdmin(BigListAdmin, ReadOnlyAdminMixin, GuardedHistoryAdmin):
    """Read-only list of decisions; decisions are made on the case page (the rules apply)."""

    list_display = [
        "application",
        "outcome",
        "amount",
        "decided_by",
        "decided_at",
        "letter_sent_at",
    ]
    list_filter = ["outcome", "application__call"]
    list_select_related = ["application", "decided_by"]
    search_fields = ["application__title", "application__reference"]


@admin.register(Award)
class AwardAdmin(BigListAdmin, ReadOnlyAdminMixin, GuardedHistoryAdmin):
    """Read-only: an award follows its decision (the amount is the decision's), publication
    follows the letters, and unpublishing takes a reason (the action below)."""

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

    actions = ["unpublish"]

    @admin.action(description=_("Ta ut av den offentlige listen (krever begrunnelse)"))
    def unpublish(self, request, queryset):
        if not request.user.has_perm("awards.publish_results"):
            raise PermissionDenied
        if "apply" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                done = 0
                for award in queryset:
                    try:
                        decision_services.award_unpublish(
                            award=award, reason=form.cleaned_data["reason"], by=request.user
                        )
                        done += 1
                    except ValidationError as error:
                        self.message_user(
                            request, f"{award}: {' '.join(error.messages)}", messages.ERROR
                        )
                self.message_user(
                    request, gettext("%(count)s tildelinger er tatt ut.") % {"count": done}
                )
                return None
        else:
            form = ReasonForm()
        return reason_form_response(
            request,
            title=gettext("Ta tildelinger ut av den offentlige listen"),
            intro=gettext("Skriv hvorfor. Begrunnelsen lagres i historikken."),
            queryset=queryset.select_related("application__organisation"),
            action="unpublish",
            form=form,
        )
