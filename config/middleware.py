"""The project's own middleware: language choice, private pages, the staff two-factor rule."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from config.mfa import staff_has_second_factor


class LanguageCookieMiddleware:
    """Activate the language saved in the language cookie, else the default (bokmål).

    Django's LocaleMiddleware would also follow the browser's Accept-Language header; a Norwegian
    public service shows Norwegian first and lets people switch, so the header is not used.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


# Pages under these paths belong to someone (or lead there) even before the person logs in.
PRIVATE_PREFIXES = ("/my/", "/admin/", "/accounts/")


class PrivatePagesMiddleware:
    """Pages behind a login, and every page shown to a logged-in person, are theirs alone.

    ``Cache-Control: private, no-store`` keeps them out of shared proxies and the browser's
    disk: a person's data export or application must not be served to the next person.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path_info.startswith(
            PRIVATE_PREFIXES
        ):
            patch_cache_control(response, private=True, no_store=True, max_age=0)
        return response


class StaffMFAMiddleware:
    """Send the admin's login to allauth's (so the TOTP step applies) and require TOTP for staff.

    With ``UTLYSNING_STAFF_MFA_REQUIRED`` on (always in production), a staff member without an
    authenticator app is sent to set one up before any admin page opens.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_prefix = reverse("admin:index")
        if request.path_info.startswith(admin_prefix):
            response = self._guard(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _guard(self, request):
        user = request.user
        if request.path_info == reverse("admin:login"):
            if user.is_authenticated and not user.is_staff:
                raise PermissionDenied(_("Saksbehandlingen er bare for ansatte og fagvurderere."))
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = ""
            if not user.is_authenticated:
                query = urlencode({"next": target or reverse("admin:index")})
                return HttpResponseRedirect(f"{settings.LOGIN_URL}?{query}")
        if user.is_authenticated and user.is_staff and not staff_has_second_factor(user):
            messages.warning(
                request,
                _(
                    "Saksbehandlingen krever tofaktorautentisering. Sett opp en "
                    "autentiseringsapp før du fortsetter."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return None
