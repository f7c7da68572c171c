"""Hyoka settings: one module that reads the environment (healthchecks' hc/settings.py is the model).

Production is the default: DEBUG is off unless DEBUG=1, and Hyoka refuses to start without a SECRET_KEY
of its own. `hyoka demo` and the Makefile set DEBUG=1 for themselves (a developer's machine); a server
sets the variables that docs/deploy.md lists. SQLite under the data directory unless DATABASE_URL says otherwise.
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable, parsed strictly: a typo such as DEBUG=ture must not silently mean either."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not a yes/no value: use 1/0, true/false or yes/no")


def env_int(name: str, default: int) -> int:
    """A whole-number variable; anything else is refused with the variable's name."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
# Fixed, not the current directory: `var/` beside the source checkout, or HYOKA_DATA_DIR (a server sets it).
# Nothing is created here: the SQLite backend makes the folder when it first connects (hyoka/db/sqlite3).
DATA_DIR = Path(os.environ.get("HYOKA_DATA_DIR") or BASE_DIR.parent / "var").resolve()

DEBUG = env_bool("DEBUG", False)
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret-set-SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set (or is the development key) and DEBUG is off: set SECRET_KEY to a long random "
        "value (python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), or DEBUG=1 on a development machine"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # e.g. https://hyoka.city.example.lg.jp

# HTTPS, read from the environment: docs/deploy.md sets every one of these behind nginx with TLS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^ping/$"]  # monitors may ask over plain http from inside
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
# Trust X-Forwarded-Proto only when a proxy that sets it stands in front (SECURE_PROXY_SSL_HEADER=1).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", False) else None
# How many reverse proxies of our own stand in front: the client is the entry they added to X-Forwarded-For
# (0: the connecting address). Used by the login throttle (hyoka/accounts/throttle.py).
TRUSTED_PROXIES = env_int("HYOKA_TRUSTED_PROXIES", 0)
# Self-hosted assets only (no CDN); inline style attributes draw the progress bars, no inline script anywhere.
CONTENT_SECURITY_POLICY = os.environ.get(
    "HYOKA_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "hyoka.accounts",
    "hyoka.plans",
    "hyoka.indicators",
    "hyoka.projects",
    "hyoka.evaluations",
    "hyoka.ingest",
    "hyoka.reports",
    "hyoka.notifications",
    "hyoka.web",
    "hyoka.catalog",
    "hyoka.national",  # hyoka synth: the national synthetic data set, loaded in bulk
    "ninja",  # the API's documentation page and its assets, served by Hyoka (no CDN)
    "hyoka.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hyoka.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hyoka.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "hyoka.urls"
WSGI_APPLICATION = "hyoka.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],  # project-wide overrides (the admin in Japanese with its font)
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hyoka.accounts.context_processors.roles",
                "hyoka.web.cache.public_csrf_token",  # the public's pages are kept with a placeholder for it
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'hyoka.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "hyoka.db.sqlite3"  # Django's, making the data folder at first connection
    # Tests in memory, as Django's own SQLite engine has them: pytest-django's xdist workers otherwise take
    # the engine for another database and each writes a file at ./test_<path of the data>_gw0.
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The public cache (hyoka/web/cache.py): anonymous pages and API answers per plan and published version.
# Local memory in each process by default; with REDIS_URL (redis://host:6379/0) Django's RedisCache, which
# several app servers share. Versions live in the database, so either way a write is seen at once everywhere.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
    )
}

LANGUAGE_CODE = "ja"  # Japanese first; English when the visitor picks it (the language cookie, not the browser)
LANGUAGES = [("ja", "日本語"), ("en", "English")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or DATA_DIR / "static")  # filled by collectstatic (hyoka serve)
WHITENOISE_USE_FINDERS = DEBUG  # development serves straight from the apps; production from STATIC_ROOT
WHITENOISE_AUTOREFRESH = DEBUG  # … and sees new files without a restart (fixed here: tests switch DEBUG off later)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Documents between an import's preview and its apply: DATA_DIR/uploads; several app servers share one
    # store instead (django-storages' S3 backend, a shared folder …), see docs/scale.md.
    "uploads": {"BACKEND": "hyoka.ingest.uploads.UploadFolder"},
    # Production: hashed names cached for a year, compressed copies beside them (collectstatic writes both).
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Everything to the console (systemd's journal, docker logs): request errors with their traceback,
# lockouts, imports and publications; HYOKA_LOG_LEVEL=DEBUG for more.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "hyoka": {"handlers": ["console"], "level": os.environ.get("HYOKA_LOG_LEVEL", "INFO"), "propagate": False},
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cycle-home"  # staff land on their tasks for the year
LOGOUT_REDIRECT_URL = "plan-list"
LOGIN_FAILURE_LIMIT = env_int("HYOKA_LOGIN_FAILURE_LIMIT", 5)  # password checks failed for one user name …
# … or from one client address (several colleagues may share one) …
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("HYOKA_LOGIN_FAILURE_LIMIT_PER_ADDRESS", 50)
LOGIN_FAILURE_WINDOW = 15 * 60  # … within this many seconds lock it out for the rest of the window
# An entry is submitted with a 実績・取組状況 of at least this many characters (a city may ask for more).
EVALUATION_NARRATIVE_MIN_LENGTH = env_int("HYOKA_NARRATIVE_MIN_LENGTH", 20)

# Mail (hyoka/notifications): sent through the SMTP server EMAIL_HOST names, else printed to the console
# (EMAIL_BACKEND chooses another). Links in mails start with HYOKA_BASE_URL, the address users open Hyoka at.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hyoka@localhost")
HYOKA_BASE_URL = os.environ.get("HYOKA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Import limits (hyoka/ingest/limits.py): how much of a file the readers read before they refuse it with a message
# naming the limit and the place. The defaults keep any file the 20 MB upload allows under 500 MB of memory; a key
# here overrides one of them, e.g. HYOKA_IMPORT_LIMITS='{"rows": 200000}' in the environment (JSON).
HYOKA_IMPORT_LIMITS: dict[str, int] = json.loads(os.environ.get("HYOKA_IMPORT_LIMITS") or "{}")
