from django.urls import path

from . import portal
from .applying.views import sections, submission
from .people import views as people

app_name = "applications"

urlpatterns = [
    path("", portal.dashboard, name="dashboard"),
    path("organisation/choose/", people.choose_organisation, name="choose_organisation"),
    path("organisations/new/", people.organisation_new, name="organisation_new"),
    path("organisations/<int:organisation_id>/people/", people.organisation_people, name="people"),
    path(
        "organisations/<int:organisation_id>/people/<int:membership_id>/",
        people.membership_update,
        name="membership_update",
    ),
    path(
        "organisations/<int:organisation_id>/requests/<int:request_id>/",
        people.access_request_decide,
        name="access_request_decide",
    ),
    path("invitations/<str:token>/", people.invitation, name="invitation"),
    path("data.json", portal.my_data, name="my_data"),
    path("name/", people.account_name, name="account_name"),
    path("delete-account/", people.account_delete, name="account_delete"),
    path("calls/<slug:slug>/start/", submission.application_start, name="start"),
    path("applications/<int:pk>/", submission.task_list, name="task_list"),
    path("applications/<int:pk>/project/", sections.project, name="project"),
    path("applications/<int:pk>/partners/", sections.partners, name="partners"),
    path(
        "applications/<int:pk>/partners/<int:partner_id>/", sections.partners, name="partner_edit"
    ),
    path(
        "applications/<int:pk>/partners/<int:partner_id>/delete/",
        sections.partner_delete,
        name="partner_delete",
    ),
    path("applications/<int:pk>/budget/", sections.budget, name="budget"),
    path("applications/<int:pk>/attachments/", sections.attachments, name="attachments"),
    path(
        "applications/<int:pk>/attachments/<int:attachment_id>/",
        sections.attachment_download,
        name="attachment_download",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_id>/delete/",
        sections.attachment_delete,
        name="attachment_delete",
    ),
    path("applications/<int:pk>/summary/", submission.summary, name="summary"),
    path("applications/<int:pk>/submit/", submission.submit, name="submit"),
    path("applications/<int:pk>/receipt/", submission.receipt, name="receipt"),
    path(
        "applications/<int:pk>/send-in-again/",
        submission.correction_submit,
        name="correction_submit",
    ),
    path(
        "applications/<int:pk>/request-signoff/",
        submission.request_signoff,
        name="request_signoff",
    ),
    path("applications/<int:pk>/withdraw/", submission.withdraw, name="withdraw"),
    path("applications/<int:pk>/continue/", submission.continue_sketch, name="continue_sketch"),
]
