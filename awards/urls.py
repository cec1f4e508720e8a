from django.urls import path

from . import letter_views, views

app_name = "awards"

urlpatterns = [
    path("", views.award_list, name="list"),
    path("<int:pk>/", views.award_detail, name="detail"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("letters/<int:pk>/", letter_views.letter_detail, name="letter"),
    path("letters/<int:pk>.pdf", letter_views.letter_pdf_download, name="letter_pdf"),
]
