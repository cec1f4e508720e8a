"""The three staff roles as Django groups, and what each may do.

The groups are created by a data migration and kept in step after every migrate (a test database
that is flushed between tests gets them back too).
"""

from __future__ import annotations

ADVISER = "Rådgiver"
PARTNER_REVIEWER = "Fagvurderer (partner)"
ADMINISTRATOR = "Administrator"
PAYOUT_APPROVER = "Godkjenner av utbetalinger"

_ALL = ("add", "change", "delete", "view")

# group → list of (app_label, codename)
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    ADVISER: [
        *[
            ("calls", f"{action}_{model}")
            for model in ("call", "criterion", "reportschedule", "outcomeindicator")
            for action in _ALL
        ],
        *[("calls", f"view_{model}") for model in ("scheme", "county", "municipality")],
        *[("calls", f"{action}_municipality") for action in ("add", "change")],
        # What the applicant sent stays as sent: advisers read applications, they do not edit them.
        ("applications", "view_application"),
        ("applications", "view_organisation"),
        ("applications", "confirm_organisation"),
        ("applications", "view_partner"),
        ("applications", "view_membership"),
        *[("awards", f"{action}_{model}") for model in ("lettertemplate",) for action in _ALL],
        *[("awards", f"{action}_reviewassignment") for action in _ALL],
        ("awards", "view_case"),
        ("awards", "change_case"),
        ("awards", "view_score"),
        ("awards", "view_decision"),
        ("awards", "view_letter"),
        ("awards", "view_message"),
        ("awards", "view_internalnote"),
        ("awards", "view_award"),
        ("awards", "view_grant"),
        *[
            ("awards", f"view_{model}")
            for model in (
                "grantcondition",
                "instalment",
                "payoutrequest",
                "repaymentclaim",
                "changerequest",
            )
        ],
        ("awards", "check_payout"),
        ("awards", "manage_grant"),
        ("awards", "view_report"),
        ("awards", "view_reportfigure"),
        ("awards", "view_reportattachment"),
        ("awards", "review_report"),
        ("awards", "change_award"),
        ("awards", "manage_assessment"),
        ("awards", "score_application"),
        ("awards", "decide_application"),
        ("awards", "send_letters"),
        ("awards", "publish_results"),
        ("awards", "export_ranking"),
    ],
    PARTNER_REVIEWER: [
        ("applications", "view_application"),
        ("awards", "view_reviewassignment"),
        ("awards", "score_application"),
    ],
    # The second pair of eyes on a payout: a person with this role approves what a case handler
    # checked (never their own check); they are usually advisers too.
    PAYOUT_APPROVER: [
        ("awards", "view_grant"),
        ("awards", "view_payoutrequest"),
        ("awards", "view_instalment"),
        ("awards", "approve_payout"),
    ],
    ADMINISTRATOR: [
        *[("auth", f"{action}_{model}") for model in ("user", "group") for action in _ALL],
        ("auth", "view_permission"),
        *[("applications", f"{action}_membership") for action in _ALL],
        ("applications", "view_organisation"),
    ],
}


def sync_roles(apps=None) -> None:
    """Create the groups and give each exactly its permissions (missing ones are created)."""
    if apps is None:
        from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Historical app configs (in migrations) have no models module; permissions are made
        # for them all the same.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = original

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=name)
        permissions = []
        for app_label, codename in wanted:
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)
