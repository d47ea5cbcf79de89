"""Settings for factcheck, read from environment variables (documented in README.md)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development).")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    # Background jobs in PostgreSQL (issue 14): brings its own migrations and Django admin pages.
    "procrastinate.contrib.django",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "csp",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before every middleware that may query: a short 503 page instead of a 500 while the
    # database does not answer (the security headers above still apply to it).
    "factcheck.unavailable.DatabaseUnavailableMiddleware",
    # Oversized and malformed requests answer 400/413/414 before any view runs (factcheck/security.py).
    "factcheck.security.RequestLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language: the language cookie, then Accept-Language (after sessions, before common).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets the language cookie after a login applied the user's preferred language.
    "articles.i18n.RememberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Production serves collected static files itself; runserver and tests use staticfiles' finders.
    MIDDLEWARE.insert(MIDDLEWARE.index("csp.middleware.CSPMiddleware"), "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "factcheck.urls"

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
                "articles.context_processors.navigation",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

# The database: DATABASE_URL when set, otherwise the embedded PostgreSQL in EMBEDDED_PGDATA.
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    from factcheck import embedded_db

    DATABASES = {"default": embedded_db.database_settings(Path(env_str("EMBEDDED_PGDATA", str(BASE_DIR / ".pgdata"))))}

# One cache for every worker and host, in PostgreSQL (factcheck/cache.py; its table comes from
# migration 0015_cache): the dashboard's counts are computed once a minute, not once per worker.
CACHES = {
    "default": {
        "BACKEND": "factcheck.cache.PostgresCache",
        "LOCATION": "factcheck_cache",
    }
}

FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6.0's default, adopted now

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failures in a row for one username, or
# from one address, logging in is locked for LOGIN_COOLOFF_MINUTES; a successful login resets the
# count. Admins unlock in Django admin (Axes > Access attempts: delete) or `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks: per account and per address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "factcheck.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "factcheck.security.client_ip"
# Proxies in front of the app that append to X-Forwarded-For (0: use the connection's address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# The languages of the interface (README: "Languages of the interface"). Adding one is a line here
# and its locale/<code>/LC_MESSAGES/django.po (`make messages`, then translate).
LANGUAGES = [
    ("en", "English"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
    ("ja", "日本語"),
    ("km", "ខ្មែរ"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date, time and number formats per language where Django's own need changes (Thai: Buddhist era).
FORMAT_MODULE_PATH = ["factcheck.formats"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security: strict by default, relaxed only for local development over plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions: a login lasts SESSION_COOKIE_AGE seconds (default 12 hours, a working day), or until
# the browser closes when SESSION_EXPIRE_AT_BROWSER_CLOSE is on.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)

# Content-Security-Policy (django-csp 4): the app's own static files only, nothing inline; frames,
# plugins, <base> and foreign form targets refused. JSON-LD data blocks need no script-src.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # procrastinate lists every task and schedule at start-up: only its warnings (jobs are still logged).
    "loggers": {name: {"level": "WARNING"} for name in ("procrastinate.blueprints", "procrastinate.periodic")},
}

# Application settings.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 2 * 1024 * 1024)
CANDIDATE_THRESHOLD = env_float("CANDIDATE_THRESHOLD", 0.5)
MATCH_THRESHOLD = env_float("MATCH_THRESHOLD", 0.5)
# The site's address, for absolute links in exports made outside a request (export_claims).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Publishing fact-checks (ClaimReview): the organisation named as their author, and its address.
FACTCHECK_ORGANISATION = env_str("FACTCHECK_ORGANISATION", "factcheck newsroom")
FACTCHECK_ORGANISATION_URL = env_str("FACTCHECK_ORGANISATION_URL", SITE_URL + "/")

# Background jobs (issue 14): procrastinate keeps its queue in this PostgreSQL; tasks are in
# articles/tasks.py. A worker sends a heartbeat every JOBS_HEARTBEAT_SECONDS; a job whose worker
# has sent none for JOBS_STALLED_AFTER_SECONDS is retried by the retry_stalled_jobs periodic job.
JOBS_HEARTBEAT_SECONDS = env_float("JOBS_HEARTBEAT_SECONDS", 10.0)
JOBS_STALLED_AFTER_SECONDS = env_float("JOBS_STALLED_AFTER_SECONDS", 30.0)
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": JOBS_HEARTBEAT_SECONDS,
    "stalled_worker_timeout": JOBS_STALLED_AFTER_SECONDS,
    # Finished jobs are kept for the admin's job list; retry_stalled_jobs' daily run prunes old ones.
    "delete_jobs": "never",
}
# Schedules (cron, with an optional sixth field for seconds), in UTC.
JOBS_FLAG_DUE_CRON = env_str("JOBS_FLAG_DUE_CRON", "0 5 * * *")
JOBS_SIGNAL_STATS_CRON = env_str("JOBS_SIGNAL_STATS_CRON", "0 3 * * 0")
JOBS_STALLED_CHECK_CRON = env_str("JOBS_STALLED_CHECK_CRON", "* * * * *")
# Batch uploads (a zip or many files): limits checked before anything is stored.
IMPORT_BATCH_MAX_FILES = env_int("IMPORT_BATCH_MAX_FILES", 2000)
IMPORT_BATCH_MAX_BYTES = env_int("IMPORT_BATCH_MAX_BYTES", 200 * 1024 * 1024)
IMPORT_ZIP_MAX_RATIO = env_int("IMPORT_ZIP_MAX_RATIO", 100)
# Exports of more claims than this run as a job that writes the file into the database (chunks).
EXPORT_ASYNC_THRESHOLD = env_int("EXPORT_ASYNC_THRESHOLD", 50000)

# The JSON API (articles/api/, README "JSON API"): tokens or the browser's session, the pages' roles,
# cursor pages, and requests per user (a token acts as its user) or per address for anonymous ones.
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "600/minute")
API_ANON_THROTTLE_RATE = env_str("API_ANON_THROTTLE_RATE", "60/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "articles.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["articles.api.throttling.UserThrottle", "articles.api.throttling.AnonThrottle"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "articles.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Articles, claims, sources, evidence, verdicts and match suggestions of the newsroom.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "articles.models.Claim.Status",
        "VerdictStatusEnum": "articles.models.Verdict.Status",
        "ImportStatusEnum": "articles.api.serializers.IMPORT_STATUSES",
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024  # a form without files (a pasted article)
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024  # larger uploads are spooled to disk
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)
# A batch upload may choose as many files as a batch may hold (issue 14).
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", IMPORT_BATCH_MAX_FILES)
# Whole request bodies and query strings past these get 413 / 414; the import page's batch upload
# may send up to IMPORT_BATCH_MAX_BYTES (factcheck/security.py).
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 10 * 1024 * 1024)
QUERY_STRING_MAX_BYTES = env_int("QUERY_STRING_MAX_BYTES", 8192)
