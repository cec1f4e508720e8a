"""The applicant's side of awards under /my/: the decision letters, the case's messages, the
case documents and the grants."""

from django.urls import path

from . import appeals, changes, dialogue, documents, grants, payouts, reports, views

# /my/grants/…
grant_patterns = (
    [
        path("<int:pk>/", grants.grant_detail, name="detail"),
        path("<int:pk>/accept/", grants.grant_accept_view, name="accept"),
        path("<int:pk>/decline/", grants.grant_decline_view, name="decline"),
        path("<int:pk>/payouts/new/", payouts.payout_new, name="payout_new"),
        path("<int:pk>/changes/new/", changes.change_new, name="change_new"),
        path("changes/<int:pk>/file/", changes.change_file, name="change_file"),
        path("payouts/<int:pk>/<str:field>/", payouts.payout_file, name="payout_file"),
        path("conditions/<int:pk>/evidence/", payouts.condition_evidence, name="evidence"),
        path("conditions/<int:pk>/file/", payouts.condition_file, name="evidence_file"),
    ],
    "grants",
)

# /my/appeals/…
appeal_patterns = (
    [
        path("new/<int:application_pk>/", appeals.appeal_lodge_view, name="lodge"),
        path("<int:pk>/", appeals.appeal_detail, name="detail"),
        path("<int:pk>/file/", appeals.appeal_attachment, name="attachment"),
    ],
    "appeals",
)

# /my/reports/…
report_patterns = (
    [
        path("<int:pk>/", reports.report_detail, name="detail"),
        path("<int:pk>/summary/", reports.report_summary, name="summary"),
        path("<int:pk>/submit/", reports.report_submit_view, name="submit"),
        path("<int:pk>/attachments/", reports.report_attachments, name="attachments"),
        path(
            "<int:pk>/attachments/<int:attachment_pk>/delete/",
            reports.report_attachment_delete,
            name="attachment_delete",
        ),
        path("file/<int:pk>/", reports.report_attachment_download, name="file"),
        path("<int:pk>/<slug:section>/", reports.report_section, name="section"),
    ],
    "reports",
)

# /my/letters/…
letter_patterns = (
    [
        path("<int:pk>/", views.letter_detail, name="detail"),
        path("<int:pk>.pdf", views.letter_pdf_download, name="pdf"),
    ],
    "letters",
)

# /my/messages/…
dialogue_patterns = (
    [
        path("<int:pk>/", dialogue.thread, name="thread"),
        path("file/<int:pk>/", dialogue.attachment_download, name="attachment"),
    ],
    "dialogue",
)

# /my/documents/… (innsyn: the organisation's case documents)
document_patterns = (
    [path("<int:pk>/", documents.case_documents, name="list")],
    "case_documents",
)

# Letters were first served under /awards/letters/; sent e-mails link there, so they redirect.
legacy_patterns = [
    path("letters/<int:pk>/", views.legacy_letter_redirect, name="legacy_letter"),
    path("letters/<int:pk>.pdf", views.legacy_letter_pdf_redirect, name="legacy_letter_pdf"),
]
