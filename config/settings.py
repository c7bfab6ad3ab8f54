"""The one settings module, driven by environment variables (see README "Configuration")."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


LOCAL_ENV_FILE = BASE_DIR / "local.env"


def read_local_env(path: Path) -> None:
    """A checkout's development settings (``KEY=value`` lines), written by ``scripts/serve`` on
    its first run and git-ignored; real environment variables win. A server has no such file,
    so production still needs its own DJANGO_SECRET_KEY."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        name, equals, value = line.strip().partition("=")
        if equals and not name.startswith("#"):
            os.environ.setdefault(name.strip(), value.strip())


# A test run is configured by its own environment alone, never by the developer's checkout.
if "pytest" not in sys.modules:
    read_local_env(LOCAL_ENV_FILE)

DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (in a checkout, "
            "scripts/serve writes both into local.env)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "trials.apps.SecureAdminConfig",  # django.contrib.admin with a two-factor login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "django_countries",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "trials",
]

MIDDLEWARE = [
    # Compresses HTML and JSON (static files come compressed from WhiteNoise); Django pads the
    # gzip header with random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "trials.middleware.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "trials.middleware.RejectControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trials.sessions.AbsoluteSessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "trials.middleware.RequestBodyLimitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # After the CSRF and authentication middleware (see its docstring).
    "trials.views.caching.PublicCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets visitors read while an import writes; the timeout waits out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's default planner costs assume spinning disks and then prefer sequential
    # scans to the full-text GIN index; 1.1 is the usual value for SSD storage.
    DATABASES["default"]["OPTIONS"] = {
        "options": "-c random_page_cost=" + os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1"),
        # With the database down, a page must fail fast (503) rather than hang.
        "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SITE_NAME = "RegenTrials"
TRIALS_PER_PAGE = 25
# Facet counts that take longer are omitted (the page says so) instead of slowing the page.
FACET_TIMEOUT_MS = int(os.environ.get("FACET_TIMEOUT_MS", "500"))
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
# Request bodies: larger ones are refused (413) unread (trials/middleware.py), except uploads
# to the admin's import by verified staff; Django's own caps agree.
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", str(2_621_440)))
IMPORT_MAX_REQUEST_BYTES = int(os.environ.get("IMPORT_MAX_REQUEST_BYTES", str(64 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES  # the fields of a form, files not included
DATA_UPLOAD_MAX_NUMBER_FILES = 100
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES  # an accepted document never goes to disk
# PostgreSQL's synchronous_commit for the importer's transactions only ("" keeps the
# server's). "off": a commit does not wait for its WAL flush; a crash can lose the last
# fraction of a second of imports (never part of one), which re-running the import restores.
IMPORT_SYNCHRONOUS_COMMIT = os.environ.get("IMPORT_SYNCHRONOUS_COMMIT", "off")
if IMPORT_SYNCHRONOUS_COMMIT not in {"", "on", "off", "local", "remote_write", "remote_apply"}:
    raise ImproperlyConfigured(
        "IMPORT_SYNCHRONOUS_COMMIT must be on, off, local, remote_write, remote_apply or "
        f"empty, not {IMPORT_SYNCHRONOUS_COMMIT!r}"
    )

# Error e-mails: Django mails the traceback of every 500 to ADMINS (README "Deploy").
ADMINS = env_list("DJANGO_ADMINS")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")
# Mail goes through SMTP unless EMAIL_BACKEND says otherwise ("console" prints every message,
# the default under DJANGO_DEBUG, so development sends nothing by mistake).
EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
EMAIL_BACKEND_NAME = os.environ.get("EMAIL_BACKEND", "console" if DEBUG else "smtp")
if EMAIL_BACKEND_NAME not in EMAIL_BACKENDS:
    raise ImproperlyConfigured(f"EMAIL_BACKEND must be smtp or console, not {EMAIL_BACKEND_NAME!r}")
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKENDS[EMAIL_BACKEND_NAME],
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            "timeout": 10,
        }
        if EMAIL_BACKEND_NAME == "smtp"
        else {},
    }
}

# E-mail alerts (trials/alerts/, docs/alerts.md).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALERTS_FROM_EMAIL = os.environ.get("ALERTS_FROM_EMAIL", "alerts@localhost")
ALERTS_CONFIRM_HOURS = int(os.environ.get("ALERTS_CONFIRM_HOURS", "48"))
# Changes younger than this wait for the next run: an import still committing has the time.
ALERTS_SETTLE_SECONDS = int(os.environ.get("ALERTS_SETTLE_SECONDS", "120"))
# Confirmation mails asked for, per address and per client address, in an hour.
ALERTS_REQUESTS_PER_ADDRESS = int(os.environ.get("ALERTS_REQUESTS_PER_ADDRESS", "3"))
ALERTS_REQUESTS_PER_CLIENT = int(os.environ.get("ALERTS_REQUESTS_PER_CLIENT", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Growth past one machine (README "Deploy"): read replicas and a shared Redis cache.
# Each replica URL becomes a database alias "replica1", "replica2"...; the router sends the
# reads of public GET pages there and everything else (writes, the admin) to "default".
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _replica = dj_database_url.parse(
        _url,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    _replica["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
DATABASE_ROUTERS = ["config.database.PrimaryReplicaRouter"]
MIDDLEWARE.insert(0, "config.database.DatabaseUnavailableMiddleware")
MIDDLEWARE.insert(1, "config.database.PrimaryForWritesMiddleware")

# Without REDIS_URL: a per-process memory cache. Django's default keeps 300 entries, fewer
# than a busy minute's facet counts, page ids, records and trial pages: culling them made
# warm pages cold again.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
    }
}
# With REDIS_URL: a shared Redis cache that fails soft (config/cache.py): while Redis is
# unreachable pages are served uncached and /readyz says "degraded". A call waits at most
# REDIS_TIMEOUT_SECONDS for Redis.
if os.environ.get("REDIS_URL"):
    _redis_timeout = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "config.cache.FailSoftRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "regentrials"),
            "OPTIONS": {
                "socket_connect_timeout": _redis_timeout,
                "socket_timeout": _redis_timeout,
            },
        }
    }
# Seconds a visitor is asked to wait (Retry-After) while the database is unreachable.
DATABASE_RETRY_AFTER = int(os.environ.get("DATABASE_RETRY_AFTER", "30"))

# Security (README "Configuration" and docs/security.md). Cookies are Secure unless debug is
# on; the HTTPS redirect is opted into because behind a TLS proxy it needs
# DJANGO_SECURE_PROXY_SSL_HEADER too (`check --deploy` reports it missing).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
_proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "")
if "=" in _proxy_header:  # "Header-Name=value"
    _header, _, _value = _proxy_header.partition("=")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _header.strip().upper().replace("-", "_"), _value.strip())
elif env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def _static_file_headers(headers, path, url):
    headers["X-Frame-Options"] = X_FRAME_OPTIONS  # WhiteNoise answers before that middleware


WHITENOISE_ADD_HEADERS_FUNCTION = _static_file_headers
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Only staff log in; a session ends 12 hours after the login (trials/sessions.py).
SESSION_COOKIE_AGE = 12 * 3600
if SESSION_COOKIE_SECURE:
    # The browser keeps a __Host- cookie only if it is Secure, for the whole host (path /, no
    # Domain): a subdomain or a plain-HTTP page cannot set or shadow it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_FAILURE_VIEW = "trials.views.errors.csrf_failure"
SECURE_CSP = {
    # 'none' by default, so a response that used no nonce allows no script at all.
    "default-src": [CSP.NONE],
    "script-src": [CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "camera",
        "display-capture", "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock",
        "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip

# The admin: its address, two-factor login (django-otp) and lockout (django-axes).
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ADMIN_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "trials.middleware.client_ip"
AXES_LOCKOUT_CALLABLE = "trials.views.errors.login_locked_out"
OTP_TOTP_ISSUER = SITE_NAME

# Full exports (CSV, JSON, RIS) streaming at once, per client IP and over the site; more
# get 429. Keep EXPORTS_AT_ONCE below the workers x threads of gunicorn.
EXPORTS_PER_CLIENT = int(os.environ.get("EXPORTS_PER_CLIENT", "2"))
EXPORTS_AT_ONCE = int(os.environ.get("EXPORTS_AT_ONCE", "3"))

# Public rate limit per client IP (README "Configuration"); static files, the health probes
# and the admin are exempt; admin login POSTs have their own limits (trials/middleware.py).
RATE_LIMIT_PER_MINUTE = int(os.environ.get("RATE_LIMIT_PER_MINUTE", "120"))
ADMIN_LOGIN_RATE_PER_MINUTE = int(os.environ.get("ADMIN_LOGIN_RATE_PER_MINUTE", "10"))
ADMIN_LOGIN_GLOBAL_RATE_PER_MINUTE = int(os.environ.get("ADMIN_LOGIN_GLOBAL_RATE_PER_MINUTE", "30"))
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# The licence the catalogue's data is published under (the API page and the OpenAPI document).
DATA_LICENSE_NAME = os.environ.get("DATA_LICENSE_NAME", "CC BY 4.0")
DATA_LICENSE_URL = os.environ.get(
    "DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
