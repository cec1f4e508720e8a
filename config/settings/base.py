"""Settings shared by every environment. Every value can be set from the environment."""

from __future__ import annotations

import os
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.database import database_config
from config.idporten import (
    DEFAULT_ACR_VALUES,
    DEFAULT_SCOPES,
    form_action_origins,
    openid_connect_settings,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "development-only-secret-key-not-for-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.admin.GuardedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.forms",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "calls",
    "applications",
    "awards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.middleware.StaffMFAMiddleware",
    "awards.public.cache.PublicPageCacheMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "config.backends.OneQueryModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

ROOT_URLCONF = "config.urls"
# A refused form post (an expired page, cookies blocked) gets the site's own 403 page.
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "calls.context_processors.site",
            ],
        },
    },
]

# Form widgets are rendered with the templates above, so templates/ can mend Django's own
# (the admin's split date and time gets a label for each input).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": database_config(conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Norwegian bokmål first, English second; deadlines in Europe/Oslo.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "utlysning_language"
LANGUAGE_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Applicants' attachments: never under MEDIA_ROOT or STATIC_ROOT; served only through a view.
PRIVATE_MEDIA_ROOT = Path(env("UTLYSNING_PRIVATE_MEDIA_ROOT", str(BASE_DIR / ".data" / "private")))
# Uploads: one file up to UPLOAD_MAX_MB (a call's own limits are checked after); larger ones are
# refused while they arrive (config/uploads.py). Files above 2.5 MB go to a temporary file, and
# a request's other fields may hold 2.5 MB at most.
UPLOAD_MAX_MB = int(env("UTLYSNING_UPLOAD_MAX_MB", "50"))
FILE_UPLOAD_HANDLERS = [
    "config.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440


def private_storage_config() -> dict:
    """The ``private`` storage: S3-compatible object storage when a bucket is named, else the
    file system under PRIVATE_MEDIA_ROOT. Either way it has no public URL: downloads are
    streamed by a view that checks permission (applications/applying/storage.py)."""
    bucket = env("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
        }
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Unset, boto3 finds the endpoint, keys and region itself (AWS, instance roles).
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "access_key": env("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "location": env("AWS_LOCATION", "private"),
            "default_acl": "private",
            "file_overwrite": False,
            # Nothing links to the bucket; should a URL ever be made, it is signed and short.
            "querystring_auth": True,
            "querystring_expire": 60,
            # A server that does not answer fails the request in seconds, not minutes.
            "client_config": Config(
                # "path" for servers that do not take the bucket in the host name (MinIO, Ceph).
                s3={"addressing_style": env("AWS_S3_ADDRESSING_STYLE") or None},
                connect_timeout=int(env("AWS_S3_CONNECT_TIMEOUT", "5")),
                read_timeout=int(env("AWS_S3_READ_TIMEOUT", "30")),
                retries={"mode": "standard", "max_attempts": 3},
            ),
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Attachments and letters (applications/applying/storage.py): no URL, served through views.
    "private": private_storage_config(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["designsystemet"]
CRISPY_TEMPLATE_PACK = "designsystemet"

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "Utlysning <utlysning@localhost>")
SERVER_EMAIL = env("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background work (django-tasks): a queue in PostgreSQL, run by `manage.py db_worker` on any
# number of machines; `manage.py run_scheduler` enqueues the periodic jobs (calls/schedule.py).
TASKS = {
    "default": {
        "BACKEND": env("UTLYSNING_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# DJANGO_CACHE_URL=redis://host:6379/0 shares one cache between every process and machine:
# allauth's login rate limits, used authenticator codes and the public-page cache then count once
# for the whole site. Unset, each process keeps its own cache in memory (fine on one laptop;
# production warns, calls.W001).
CACHE_URL = env("DJANGO_CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("DJANGO_CACHE_KEY_PREFIX", "utlysning"),
            "TIMEOUT": 300,
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured("DJANGO_CACHE_URL must be a redis://, rediss:// or unix:// URL.")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "utlysning",
        }
    }
# Shared caches are those every process of the site reaches (calls/checks.py, calls.W001).
SHARED_CACHE_BACKENDS = [
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.db.DatabaseCache",
]
# Without a shared cache, calls.W001 warns unless DEBUG is on (one process on one laptop);
# UTLYSNING_REQUIRE_SHARED_CACHE = True/False in settings overrides that.

# Content Security Policy (django-csp): scripts, styles, fonts and images from the site itself
# only, no inline scripts, event handlers or style attributes (static/ holds them all), no
# plugins, no framing. Scripts that set element.style (the admin's calendar) are not affected.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Where browsers report what the policy blocked (a collector of your choice), if anywhere.
if env("DJANGO_CSP_REPORT_URI"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [env("DJANGO_CSP_REPORT_URI")]

# Accounts (django-allauth): log in with e-mail and password, e-mail must be verified.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/my/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# The full name is asked too: people see each other by name, not by address or username.
ACCOUNT_SIGNUP_FORM_CLASS = "applications.people.forms.SignupNameForm"
ACCOUNT_USER_DISPLAY = "calls.formatting.person_name"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address in the browser that signed up logs the person in (allauth checks that).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Utlysning] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("DJANGO_HTTP_PROTOCOL", "http")
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Behind a reverse proxy every client has the proxy's address, so one attacker's failed logins
# would lock everyone out. Name how many proxies append to X-Forwarded-For (the client's own
# address is then the one that many entries from the right), or the header a proxy sets to the
# client's address. Unset, both headers are ignored and the connection's address is used.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER") or None
# ID-porten (config/idporten.py): on when issuer, client id and secret are all set. A login with
# an e-mail address ID-porten says is verified opens the account with that address (and is
# connected to it); anything else goes through sign-up. Staff still give their TOTP code.
SOCIALACCOUNT_PROVIDERS = openid_connect_settings(
    issuer=env("UTLYSNING_IDPORTEN_ISSUER"),
    client_id=env("UTLYSNING_IDPORTEN_CLIENT_ID"),
    secret=env("UTLYSNING_IDPORTEN_SECRET"),
    scopes=env("UTLYSNING_IDPORTEN_SCOPES", DEFAULT_SCOPES),
    acr_values=env("UTLYSNING_IDPORTEN_ACR_VALUES", DEFAULT_ACR_VALUES),
)
# The button's form leads on to ID-porten's login page (config/idporten.py).
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += form_action_origins(
    env("UTLYSNING_IDPORTEN_ISSUER"), env("UTLYSNING_IDPORTEN_LOGIN_ORIGIN")
)
SOCIALACCOUNT_ADAPTER = "applications.people.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# ID-porten's tokens are used once, at the login, and not kept (allauth's default, written out).
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = int(env("UTLYSNING_IDPORTEN_TIMEOUT", "5"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Utlysning"
ACCOUNT_ADAPTER = "applications.people.adapters.AccountAdapter"
MFA_ADAPTER = "applications.people.adapters.MFAAdapter"
# Staff need an authenticator app (TOTP) to reach the admin. On by default; local development may
# turn it off with UTLYSNING_STAFF_MFA_REQUIRED=0. Production always requires it.
UTLYSNING_STAFF_MFA_REQUIRED = env_bool("UTLYSNING_STAFF_MFA_REQUIRED", True)
# History pages only show: every change goes through the services, where the rules apply
# (calls/admin_history.py also refuses a posted revert).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Payouts: without a payout deadline in the decision, requests may come until this many months
# after the project period ends; an adviser may extend a grant's deadline once, by at most the
# scheme's limit of months beyond the first deadline.
UTLYSNING_PAYOUT_DEADLINE_MONTHS_AFTER_PROJECT = int(
    env("UTLYSNING_PAYOUT_DEADLINE_MONTHS_AFTER_PROJECT", "3")
)
UTLYSNING_PAYOUT_EXTENSION_MAX_MONTHS = int(env("UTLYSNING_PAYOUT_EXTENSION_MAX_MONTHS", "12"))

# The organisation that runs the calls, as published in open data and letters.
SITE_NAME = "Utlysning"
# The site's address, for links in e-mails sent outside a request (scheduled reminders).
# Days before a report's due date the organisation is reminded (and once more when it is late).
UTLYSNING_REPORT_REMINDER_DAYS = tuple(
    sorted(
        {int(days) for days in env("UTLYSNING_REPORT_REMINDER_DAYS", "14,3").split(",") if days},
        reverse=True,
    )
)
SITE_URL = env("UTLYSNING_SITE_URL", "http://127.0.0.1:8000")
FUNDING_ORGANISATION_NAME = env("UTLYSNING_FUNDER_NAME", "Innovasjon Norge")
FUNDING_ORGANISATION_ORGNR = env("UTLYSNING_FUNDER_ORGNR", "986399445")
# The funder's postal address in the letters' sender block: lines separated by ";".
FUNDING_ORGANISATION_ADDRESS = [
    line.strip()
    for line in env("UTLYSNING_FUNDER_ADDRESS", "Postboks 448 Sentrum; 0104 Oslo").split(";")
    if line.strip()
]
# Grant ids in open data start with the publisher's prefix registered with 360Giving.
OPEN_DATA_GRANT_PREFIX = env("UTLYSNING_360G_PREFIX", "360G-utlysning")
# Where people report accessibility problems (named in the accessibility statement).
ACCESSIBILITY_CONTACT_EMAIL = env(
    "UTLYSNING_ACCESSIBILITY_EMAIL", "tilgjengelighet@utlysning.example"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step and fontTools every font subset at INFO.
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Enhetsregisteret's open API (applications/people/enhetsregisteret.py): organisations and partner
# firms are looked up there by organisation number. Point it at a copy or a test server; when it
# does not answer, people can go on and the organisation is checked again later.
UTLYSNING_BRREG_URL = env("UTLYSNING_BRREG_URL", "https://data.brreg.no/enhetsregisteret/api/")
