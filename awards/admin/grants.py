"""Grants in the admin. The grant's own fields are read only (its state moves through the
follow-up services); an adviser adds special conditions in the inline and extends the payout
deadline, cancels, closes or claims repayment through the list's actions."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.amounts import parse_kroner
from awards import audit
from awards.followup.payments import closeout
from awards.models import Grant, GrantCondition, Instalment, PayoutRequest, RepaymentClaim
from awards.permissions import MANAGE_GRANT
from calls.admin_history import GuardedHistoryAdmin
from calls.admin_lists import BigListAdmin

from .payouts import _run


class GrantActionForm(ActionForm):
    date = forms.CharField(
        label=gettext_lazy("Ny frist (ÅÅÅÅ-MM-DD)"), required=False, max_length=10
    )
    amount = forms.CharField(label=gettext_lazy("Beløp (kr)"), required=False, max_length=30)
    reason = forms.CharField(label=gettext_lazy("Grunn"), required=False, max_length=2000)


class GrantConditionInline(admin.TabularInline):
    model = GrantCondition
    extra = 0
    fields = ["text", "gate", "status_display", "evidence_name", "rejection_comment"]
    readonly_fields = ["status_display", "evidence_name", "rejection_comment"]
    verbose_name_plural = gettext_lazy("Særvilkår")

    @admin.display(description=gettext_lazy("Status"))
    def status_display(self, obj):
        return obj.get_status_display() if obj.pk else ""

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE_GRANT)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE_GRANT)

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InstalmentInline(_ReadOnlyInline):
    model = Instalment
    fields = ["order", "label", "share_percent", "amount", "paid_amount", "paid_at"]
    readonly_fields = fields


class PayoutRequestInline(_ReadOnlyInline):
    model = PayoutRequest
    fields = ["instalment", "state", "submitted_at", "approved_amount", "paid_amount", "paid_at"]
    readonly_fields = fields
    show_change_link = True


class RepaymentClaimInline(_ReadOnlyInline):
    model = RepaymentClaim
    fields = ["amount", "reason", "registered_by", "registered_at"]
    readonly_fields = fields


@admin.register(Grant)
class GrantAdmin(BigListAdmin, GuardedHistoryAdmin):
    list_display = [
        "award",
        "state",
        "offered_at",
        "accepted_at",
        "payout_deadline",
        "final_report_approved_at",
        "released_amount",
    ]
    list_filter = ["state", "award__application__call"]
    list_select_related = ["award__application__organisation", "answered_by"]
    search_fields = [
        "award__application__title",
        "award__application__reference",
        "award__application__organisation__name",
    ]
    date_hierarchy = "offered_at"
    inlines = [GrantConditionInline, InstalmentInline, PayoutRequestInline, RepaymentClaimInline]
    action_form = GrantActionForm
    actions = ["extend_deadline", "cancel_grants", "close_grants", "close_cancel_rest", "repay"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Change means adding special conditions; the grant's own fields stay read only.
        return request.user.has_perm(MANAGE_GRANT)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Grant._meta.concrete_fields]

    def save_model(self, request, obj, form, change):
        """The grant's fields are read only: nothing of the grant itself is saved here."""

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)  # read-only inlines give none
        if formset.model is not GrantCondition:
            return
        for condition in instances:
            if condition.pk and condition.approved_at:
                continue  # an approved condition stays as it was approved
            audit.save(condition, by=request.user, reason=_("Særvilkår lagt inn av rådgiver."))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(MANAGE_GRANT):
            for name in self.actions:
                actions.pop(name, None)
        return actions

    def _reason(self, request) -> str:
        return request.POST.get("reason", "")

    @admin.action(description=gettext_lazy("Forleng utbetalingsfristen (ny frist og grunn)"))
    def extend_deadline(self, request, queryset):
        try:
            new_deadline = dt.date.fromisoformat((request.POST.get("date") or "").strip())
        except ValueError:
            self.message_user(
                request,
                _("Skriv den nye fristen som ÅÅÅÅ-MM-DD, for eksempel 2028-12-31."),
                messages.ERROR,
            )
            return
        _run(
            self,
            request,
            queryset,
            lambda g: closeout.payout_deadline_extend(
                grant=g, by=request.user, new_deadline=new_deadline, reason=self._reason(request)
            ),
            _("Utbetalingsfristen er forlenget for %(count)s tilsagn."),
        )

    @admin.action(description=gettext_lazy("Kanseller tilsagnet (med grunn)"))
    def cancel_grants(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda g: closeout.grant_cancel(grant=g, by=request.user, reason=self._reason(request)),
            _("%(count)s tilsagn er kansellert."),
        )

    @admin.action(description=gettext_lazy("Avslutt tilsagnet"))
    def close_grants(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda g: closeout.grant_close(grant=g, by=request.user),
            _("%(count)s tilsagn er avsluttet."),
        )

    @admin.action(description=gettext_lazy("Avslutt og trekk tilbake resten av tilskuddet"))
    def close_cancel_rest(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda g: closeout.grant_close(grant=g, by=request.user, cancel_remainder=True),
            _("%(count)s tilsagn er avsluttet."),
        )

    @admin.action(description=gettext_lazy("Registrer krav om tilbakebetaling (beløp og grunn)"))
    def repay(self, request, queryset):
        try:
            amount = parse_kroner(request.POST.get("amount"))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        _run(
            self,
            request,
            queryset,
            lambda g: closeout.repayment_claim_register(
                grant=g, by=request.user, amount=amount or 0, reason=self._reason(request)
            ),
            _("Krav om tilbakebetaling er registrert for %(count)s tilsagn."),
        )
