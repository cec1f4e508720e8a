from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import views

admin.site.site_header = _("Utlysning – saksbehandling")
admin.site.site_title = _("Utlysning")
admin.site.index_title = _("Saksbehandling")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("my/", include("applications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("awards/", include("awards.urls")),
    path("", include("awards.urls_public")),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("", include("calls.urls")),
]
