from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisation/choose/", views.choose_organisation, name="choose_organisation"),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("organisations/<int:organisation_id>/people/", views.organisation_people, name="people"),
    path(
        "organisations/<int:organisation_id>/people/<int:membership_id>/",
        views.membership_update,
        name="membership_update",
    ),
    path(
        "organisations/<int:organisation_id>/requests/<int:request_id>/",
        views.access_request_decide,
        name="access_request_decide",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("data.json", views.my_data, name="my_data"),
    path("delete-account/", views.account_delete, name="account_delete"),
    path("calls/<slug:slug>/start/", views.application_start, name="start"),
    path("applications/<int:pk>/", views.task_list, name="task_list"),
    path("applications/<int:pk>/project/", views.project, name="project"),
    path("applications/<int:pk>/partners/", views.partners, name="partners"),
    path("applications/<int:pk>/partners/<int:partner_id>/", views.partners, name="partner_edit"),
    path(
        "applications/<int:pk>/partners/<int:partner_id>/delete/",
        views.partner_delete,
        name="partner_delete",
    ),
    path("applications/<int:pk>/budget/", views.budget, name="budget"),
    path("applications/<int:pk>/attachments/", views.attachments, name="attachments"),
    path(
        "applications/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("applications/<int:pk>/summary/", views.summary, name="summary"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/continue/", views.continue_sketch, name="continue_sketch"),
]
