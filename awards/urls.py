from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.award_list, name="list"),
]
