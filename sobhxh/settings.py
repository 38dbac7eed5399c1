"""Settings for sobhxh.

Every deployment knob is read from an environment variable with a default that lets the
project start on a laptop with no configuration at all.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from sobhxh import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


# What the site makes for itself and keeps (its secret key): outside the repository.
STATE_DIR = secret_key.state_dir()
# Never a key in the code: without SECRET_KEY, a random one is made on first start and kept
# in STATE_DIR, so that every process and every restart signs with the same one.
SECRET_KEY = os.environ.get("SECRET_KEY") or secret_key.read_or_create(
    STATE_DIR / secret_key.FILE_NAME
)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
# The number of reverse proxies in front of the application (nginx: 1), each of which
# appends the address it was called from to X-Forwarded-For. 0: the header is not trusted.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT") or 0)
# The application serves its static files itself, through WhiteNoise (the demo, an office
# server, behind any proxy); set SERVE_STATIC=0 when nginx or the like serves STATIC_ROOT.
SERVE_STATIC = env_bool("SERVE_STATIC", True)

INSTALLED_APPS = [
    # runserver leaves static files to WhiteNoise, as gunicorn does.
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "sobhxh.accounts",
    "sobhxh.units",
    "sobhxh.organisation",
    "sobhxh.books",
    "sobhxh.duplicates",
    "sobhxh.progress",
    "sobhxh.intake",
    "sobhxh.handover",
    "sobhxh.ops",
    "sobhxh.audit",
    "sobhxh.problems",
    "sobhxh.reports",
    "sobhxh.money",
    "sobhxh.api",
    # ninja serves its docs page's files itself when installed (no CDN).
    "ninja",
    # The public side: the portal's pages (Wagtail), questions and answers, the poll, the
    # visit counter, and the worker's own book.
    "sobhxh.portal",
    "sobhxh.questions",
    "sobhxh.poll",
    "sobhxh.visits",
    "sobhxh.selfservice",
    "wagtail.contrib.settings",
    "wagtail.search",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    *(["whitenoise.middleware.WhiteNoiseMiddleware"] if SERVE_STATIC else []),
    # Counts the portal's page views from the final response (after every middleware
    # below has answered); static files, served above, never reach it. sobhxh/visits.
    "sobhxh.visits.middleware.VisitsMiddleware",
    "sobhxh.security.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sobhxh.accounts.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a flagged login attempt into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sobhxh.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sobhxh" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sobhxh.accounts.context_processors.account",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "sobhxh.wsgi.application"

SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while an import writes; IMMEDIATE makes a writing
        # transaction take its lock up front instead of failing half-way with "locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# An office PC is often shared: a session ends with the browser, and after a working day
# at most (the server forgets it then even if the browser stays open).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# HTTPS=1 when the site is served over HTTPS (in production, always): plain HTTP is
# redirected, browsers are told to use HTTPS only (HSTS, a year by default), and the
# session and CSRF cookies travel only over HTTPS. Behind a proxy that ends TLS, the proxy
# says so in X-Forwarded-Proto (trusted only when PROXY_COUNT says there is a proxy).
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS") or (365 * 24 * 60 * 60 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Other origins whose forms may post here (https://host), when a proxy rewrites the host.
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# django-axes: five failed attempts for one user name from one address lock that pair out
# for 30 minutes; the lock-out page is ours, in the user's language.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "sobhxh.accounts.views.locked_out"

# The REST API (/api/v1/): requests a minute per token, and how long an Idempotency-Key is
# remembered (`manage.py prune_idempotency_keys` deletes the older ones).
API_REQUESTS_PER_MINUTE = int(os.environ.get("API_REQUESTS_PER_MINUTE") or 120)
API_IDEMPOTENCY_DAYS = int(os.environ.get("API_IDEMPOTENCY_DAYS") or 1)
# The client's address, read from X-Forwarded-For only behind PROXY_COUNT reverse proxies.
AXES_CLIENT_IP_CALLABLE = "sobhxh.accounts.clients.client_address"

# Content Security Policy (django-csp) on every response: scripts, styles, images and fonts
# only from the site itself, as files (no inline script, style element or style attribute:
# the pages use classes, SVG presentation attributes and static files). Nothing may frame
# the site, forms post only to it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}

# Background jobs (uploads) run from the database: no extra server to install.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Every form renders its fields through one template: label, help, errors, field.
FORM_RENDERER = "sobhxh.accounts.forms.SiteFormRenderer"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "sobhxh" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["sobhxh.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "sobhxh" / "static"]
# STATIC_MANIFEST=1 in production: `collectstatic` (make serve, the service) writes every
# file into STATIC_ROOT under a name with its hash, compressed (gzip), and the pages link
# those names, which browsers may then keep for ever. Otherwise (the demo, the tests) the
# files are served from the apps' folders as they are, with no collectstatic to run.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
STATIC_ROOT = os.environ.get("STATIC_ROOT") or (
    str(BASE_DIR / "staticfiles") if STATIC_MANIFEST else None
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG
# An import commits every this many books (with their periods): fewer, larger commits are
# faster; a killed import loses at most one commit's work, which running it again redoes.
IMPORT_COMMIT_EVERY = int(os.environ.get("IMPORT_COMMIT_EVERY", "25000"))
# Days the access log (who looked at whose personal data) is kept; `prune_access_log`
# deletes older rows.
ACCESS_LOG_DAYS = int(os.environ.get("ACCESS_LOG_DAYS", "730"))
# Uploaded book files and their error reports; never served as static files.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
# Notifications (problems routed, answered, escalated). The console by default, as in the
# demo; production sets EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the
# server's address.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sobhxh <noreply@localhost>")

# The cache holds the public forms' limits and spent challenges, the portal's cached
# figures and the visit counter, which every server process must share: Redis when
# REDIS_URL is set (several machines); otherwise diskcache, a SQLite file in the state
# folder that the processes of one machine share, with atomic increments.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "diskcache.DjangoCache",
            "LOCATION": str(STATE_DIR / "cache"),
            "SHARDS": 4,
            "DATABASE_TIMEOUT": 0.25,
            "OPTIONS": {"size_limit": 2**28},
        }
    )
}

# The public portal's CMS (Wagtail), its admin at /cms/ in the user's language.
WAGTAIL_SITE_NAME = "Bảo hiểm xã hội Việt Nam"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = False
# Page addresses in plain ASCII (/tin-tuc/tien-do-ra-soat/), not percent-encoded Vietnamese.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Uploaded images and documents are bounded like every upload (bytes, then pixels).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# The proof-of-work challenge on public forms (ALTCHA): the work a browser must do, and how
# long a challenge stays good. CHALLENGE_MAX_NUMBER is the range of the secret counter;
# tests lower it so that solving takes no time.
CHALLENGE_MAX_NUMBER = int(os.environ.get("CHALLENGE_MAX_NUMBER") or 50_000)
CHALLENGE_SECONDS = int(os.environ.get("CHALLENGE_SECONDS") or 600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
