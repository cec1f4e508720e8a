from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from applications.people import idporten
from awards.portal.urls import (
    appeal_patterns,
    dialogue_patterns,
    document_patterns,
    grant_patterns,
    legacy_patterns,
    letter_patterns,
    report_patterns,
)
from awards.public.urls import award_patterns, site_patterns
from config import views

# A lost database connection gets the site's 503 page, every other error its 500 page.
handler500 = "config.views.server_error"

admin.site.site_header = _("Utlysning – saksbehandling")
admin.site.site_title = _("Utlysning")
admin.site.index_title = _("Saksbehandling")

urlpatterns = [
    path("admin/", admin.site.urls),
    # allauth's start of an ID-porten login, with a message instead of a 500 when it is down.
    path("accounts/oidc/<str:provider_id>/login/", idporten.login),
    path("accounts/", include("allauth.urls")),
    path("my/letters/", include(letter_patterns)),
    path("my/messages/", include(dialogue_patterns)),
    path("my/grants/", include(grant_patterns)),
    path("my/appeals/", include(appeal_patterns)),
    path("my/documents/", include(document_patterns)),
    path("my/reports/", include(report_patterns)),
    path("my/", include("applications.urls")),
    # Switching language needs no CSRF token: at worst a forged request changes someone's
    # language. Public pages then carry no per-visitor token and are served from the cache as
    # they are, with no cookie set.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("awards/", include(legacy_patterns)),
    path("awards/", include(award_patterns)),
    path("", include(site_patterns)),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("", include("calls.urls")),
]
