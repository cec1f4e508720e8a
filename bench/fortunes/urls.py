from django.urls import path

from .views import fortunes

urlpatterns = [path("fortunes/", fortunes)]
