"""The applicant's side of awards under /my/: the decision letters, the case's messages and the
grants."""

from django.urls import path

from . import dialogue, grants, reports, views

# /my/grants/…
grant_patterns = (
    [
        path("<int:pk>/", grants.grant_detail, name="detail"),
        path("<int:pk>/accept/", grants.grant_accept_view, name="accept"),
        path("<int:pk>/decline/", grants.grant_decline_view, name="decline"),
    ],
    "grants",
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

# Letters were first served under /awards/letters/; sent e-mails link there, so they redirect.
legacy_patterns = [
    path("letters/<int:pk>/", views.legacy_letter_redirect, name="legacy_letter"),
    path("letters/<int:pk>.pdf", views.legacy_letter_pdf_redirect, name="legacy_letter_pdf"),
]
