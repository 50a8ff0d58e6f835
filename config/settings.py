"""Kapstok settings: one module, driven by environment variables (see README, "Configuratie").

Insecure values are only accepted with ``DEBUG=true``; production refuses to start without
a real ``SECRET_KEY``, an explicit ``ALLOWED_HOSTS`` and HTTPS settings.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

_DEV_SECRET = "kapstok-development-only-secret-key-never-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not DEBUG and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS: on by default outside debug. Behind a TLS-terminating proxy set
# SECURE_PROXY_SSL_HEADER via TRUST_X_FORWARDED_PROTO=true.
HTTPS = env_bool("HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed; empty: none, the
# header is ignored. audit.services.client_ip gives the client address to the security log
# and the lockout.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must list IP addresses or networks (e.g. 10.0.0.1,192.168.0.0/24), got {_proxy!r}."
        ) from _exc
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [] if env_bool("SECURE_HSTS_PRELOAD", False) else ["security.W021"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = False  # accounts.middleware.SessionLimitsMiddleware slides the expiry
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 10)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "pghistory",
    "django_tasks",
    "django_tasks_db",
    "lib",
    "accounts",
    "organisations",
    "audit",
    "documents",
    "background",
    "dashboard",
    "herinneringen",
    "kader",
    "ivp",
    "bijeenkomsten",
    "risicos",
    "acties",
    "incidenten",
    "oefenen",
    "quickscan",
    "pdca",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.middleware.ApiHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.TenancyMiddleware",
    "lib.history.HistoryMiddleware",
    "audit.middleware.AccessDeniedMiddleware",  # inside the request transaction, gemeente bound
    "accounts.middleware.MfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lib.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.kapstok",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]


# Database: PostgreSQL only. DATABASE_URL is the app role (owns nothing, subject to RLS);
# DATABASE_OWNER_URL is the owner role used for migrations (KAPSTOK_AS_OWNER=true).
def _database_urls() -> tuple[str, str | None]:
    url = env_str("DATABASE_URL", "")
    owner = env_str("DATABASE_OWNER_URL", "") or None
    if not url:
        state = BASE_DIR / "var" / "embedded-db.json"
        if not state.exists():
            raise ImproperlyConfigured(
                "No DATABASE_URL and no embedded database: run `make run` or `python -m lib.dbserver env` first."
            )
        data = json.loads(state.read_text())
        url, owner = data["DATABASE_URL"], data["DATABASE_OWNER_URL"]
    return url, owner


_APP_URL, _OWNER_URL = _database_urls()
AS_OWNER = env_bool("KAPSTOK_AS_OWNER", False)
if AS_OWNER and not _OWNER_URL:
    raise ImproperlyConfigured("KAPSTOK_AS_OWNER needs DATABASE_OWNER_URL.")
DATABASE_OWNER_URL = _OWNER_URL
DATABASE_APP_ROLE = dj_database_url.parse(_APP_URL)["USER"]
_db = dj_database_url.parse(_OWNER_URL if AS_OWNER and _OWNER_URL else _APP_URL)
_db["ENGINE"] = "django.db.backends.postgresql"
_db["CONN_MAX_AGE"] = 0
_db["CONN_HEALTH_CHECKS"] = True
_db["ATOMIC_REQUESTS"] = False  # accounts.middleware.TenancyMiddleware opens the request transaction
_db["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_kapstok")}
# Every history trigger first asks pgtrigger whether it is to be skipped; with no value for
# pgtrigger.ignore in the session that check raises and catches an error for every row, which
# made bulk writes twenty times slower. An empty list is the same answer without the error.
_db.setdefault("OPTIONS", {})["options"] = "-c pgtrigger.ignore={}"
_pool_max = env_int("DATABASE_POOL_MAX_SIZE", 0)
if _pool_max:
    _db.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": _pool_max, "timeout": 10}
DATABASES = {"default": _db}
# Rendered parts of the heaviest pages, per gemeente revision and member (lib.revisions, ADR 0011).
# In each worker's memory: nothing to run beside PostgreSQL, and a part never leaves the process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 1000)},
    }
}
# Widgets render through Jinja2 (Django's own widget templates for it): the same markup as the
# Django-template renderer, without a template include per option of a select.
FORM_RENDERER = "django.forms.renderers.Jinja2"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The tenant: every gemeente table points here, and row-level security keys on it (lib.tenancy).
KAPSTOK_TENANT_MODEL = "organisations.Gemeente"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.ProductWordsValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)

# Lockout (django-axes): per user name + IP, so nobody can lock a mayor out from elsewhere.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Count failures under the name as login matches it (any case, surrounding spaces): one budget.
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
# The client address as the security log sees it (TRUSTED_PROXIES): per client, not per proxy.
AXES_CLIENT_IP_CALLABLE = "audit.services.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Kapstok")

# Optional OpenID Connect login (e.g. Microsoft Entra ID). See docs/oidc.md.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("accounts.oidc.KapstokOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
    OIDC_USE_PKCE = True
    OIDC_CREATE_USER = False  # only people invited by a coördinator may log in
    OIDC_MFA_FROM_IDP = env_bool("OIDC_MFA_FROM_IDP", True)
    OIDC_MFA_ACR_VALUES = env_list("OIDC_MFA_ACR_VALUES")
    LOGIN_REDIRECT_URL_FAILURE = "/inloggen"

# Content-Security-Policy: no inline scripts or styles, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
LOGO_MAX_BYTES = 512 * 1024

# Documents (documents.slots): at most this many renders at once in the whole instance; more
# requests get 503 with Retry-After at once. Keep it below the number of app workers, so pages
# always have a free worker.
DOCUMENT_RENDER_SLOTS = env_int("DOCUMENT_RENDER_SLOTS", 2)
if DOCUMENT_RENDER_SLOTS < 1:
    raise ImproperlyConfigured("DOCUMENT_RENDER_SLOTS must be at least 1.")

# Background tasks (docs/adr/0009-background-tasks.md): a queue in PostgreSQL, the table of
# django-tasks' database backend, worked off by `manage.py db_worker` (started by `make run`; a
# service of its own in production). background.services.enqueue puts a task in it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Link in the footer to the gemeente's (or platform's) toegankelijkheidsverklaring.
TOEGANKELIJKHEIDSVERKLARING_URL = env_str("TOEGANKELIJKHEIDSVERKLARING_URL", "/toegankelijkheid")
PLATFORM_NAME = env_str("PLATFORM_NAME", "Kapstok")

API_VERSION = "1.0.0"
API_BASE_URL = env_str("API_BASE_URL", "")  # e.g. https://kapstok.gemeente.nl/api/v1; default: from the request
API_CONTACT_NAME = env_str("API_CONTACT_NAME", "Kapstok-beheerteam")
API_CONTACT_EMAIL = env_str("API_CONTACT_EMAIL", "beheer@kapstok.example.org")
API_CONTACT_URL = env_str("API_CONTACT_URL", "")
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1_048_576)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kapstok@localhost")
# The SMTP server, when EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # TLS from the start, usually port 465
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Where Kapstok is reached, for the links in e-mails sent outside a request (manage.py herinneringen).
SITE_URL = env_str("SITE_URL", "http://localhost:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "kapstok.security": {"handlers": ["console"], "level": "INFO"},
        "kapstok.background": {"handlers": ["console"], "level": "INFO"},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}

# History (django-pghistory): triggers record insert, update and delete of gemeente data, with
# the request context (user, url, origin) stored on each event row itself.
import pghistory  # noqa: E402

from lib import trackers  # noqa: E402

PGHISTORY_CONTEXT_FIELD = pghistory.ContextJSONField()
PGHISTORY_CONTEXT_ID_FIELD = pghistory.ContextUUIDField()
# Insert, update and delete, each written per statement (lib.trackers, ADR 0020).
PGHISTORY_DEFAULT_TRACKERS = trackers.default_trackers()
# The triggers of django-pgtrigger (pghistory's among them) are installed after every migrate
# (lib.apps), not by migration operations: each such operation re-renders the models of the whole
# project, and changing the triggers of every tracked model in migrations cost minutes per migrate
# (ADR 0020). pgtrigger's own post_migrate handler is off: it would also run after every flush.
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = False
PGHISTORY_OBJ_FIELD = pghistory.ObjForeignKey(related_name="+", related_query_name="+")
PGHISTORY_MIDDLEWARE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

PLATFORM_ADMIN_MFA_REQUIRED = env_bool("PLATFORM_ADMIN_MFA_REQUIRED", True)

# Integraal veiligheidsplan: where "haal de cijfers op" asks for the police/CBS open-data tables
# (OData v3). Tests point it at a local stand-in; without internet the upload works the same.
IVP_OPENDATA_URL = env_str("IVP_OPENDATA_URL", "https://dataderden.cbs.nl/ODataApi/OData")
