from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from .roles import sync_roles

    sync_roles()


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Tildelinger")

    def ready(self):
        from calls.models import CALL_CHECKS, CRITERION_CHECKS

        from .assessment.rules import criterion_check_weight
        from .decisions.ranking import RELEASED_SOURCES
        from .decisions.rules import call_check_budget
        from .followup.jobs import register_jobs
        from .followup.payments.closeout import on_final_report_approved
        from .followup.reports.hooks import on_final_report_approved as final_report_hooks
        from .followup.selectors import released_by_application
        from .followup.services import grant_offer_from_letter
        from .hooks import register
        from .letters import checks as letter_checks  # noqa: F401  (registers its system check)
        from .letters.hooks import offer_sent_register
        from .public.cache import AFTER_PUBLIC_DATA_CHANGE, connect_signals
        from .public.exports import exports_regenerate_later

        connect_signals()
        # The stored open-data exports are made again after every change the public can see.
        if exports_regenerate_later not in AFTER_PUBLIC_DATA_CHANGE:
            AFTER_PUBLIC_DATA_CHANGE.append(exports_regenerate_later)
        register_jobs()  # offers past their deadline lapse, run by the scheduler
        # An approved final report lets the last instalment be paid, and may close the grant.
        if on_final_report_approved not in final_report_hooks:
            final_report_hooks.append(on_final_report_approved)
        # Declined, lapsed and closed grants give their unbound money back to the ranking board.
        if released_by_application not in RELEASED_SOURCES:
            RELEASED_SOURCES.append(released_by_application)
        offer_sent_register(grant_offer_from_letter)  # a sent offer letter makes the grant
        register()  # what awards adds to the pages of calls and applications
        # A call's budget covers what is awarded from it; weights stay once scores are given.
        for checks, check in (
            (CALL_CHECKS, call_check_budget),
            (CRITERION_CHECKS, criterion_check_weight),
        ):
            if check not in checks:
                checks.append(check)
        # After every migrate and every test-database flush the role groups are back as defined.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="awards.sync_roles")
