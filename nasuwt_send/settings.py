"""Settings for the NASUWT SEND evidence portal.

Everything comes from the environment (see the table in README.md). Safe by default: with
``DJANGO_DEBUG`` unset (or ``0``) these are production's settings, which refuse to start without their
required variables. Local development says ``DJANGO_DEBUG=1`` (``make run``, the tests, CI's tools):
then SQLite under var/, tasks run in-process, mail written to var/mail/.
"""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured

from nasuwt_send import database_config, redis_config, schedule, security_headers
from nasuwt_send.env import env_bool, env_int, env_list, env_rate, env_required, env_str
from nasuwt_send.file_storage import evidence_storage
from nasuwt_send.logging_config import logging_config

# Lets the code write ModelAdmin[Submission] (and the like) for mypy: Django's classes do not take
# type arguments at run time without it.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DJANGO_VAR_DIR", str(BASE_DIR / "var")))

# Unset means production: forgetting the variable must never serve debug pages or a known secret key.
DEBUG = env_bool("DJANGO_DEBUG", False)

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production-0123456789")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
else:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY", "unless DJANGO_DEBUG=1")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters in production.")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required unless DJANGO_DEBUG=1.")

INSTALLED_APPS = [
    # django.contrib.admin, with an admin.site that asks for the second factor (Staff sign-in below).
    "nasuwt_send.signin.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "nasuwt_send",
    "consultation",
    "evidence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security headers: near the top, so every response (static files, error pages, 429s) gets them.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # No 500 from a NUL byte in an admin filter or search: 400 (issue 12).
    "nasuwt_send.bad_parameters.RefuseNulBytesInAdminQueries",
]

ROOT_URLCONF = "nasuwt_send.urls"
WSGI_APPLICATION = "nasuwt_send.wsgi.application"

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
                "nasuwt_send.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
DATABASES = database_config.databases(DATABASE_URL, var_dir=VAR_DIR)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, broker, rate limits ------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
# Sub-second timeouts: a Redis that hangs must cost a request well under a second.
REDIS_SOCKET_TIMEOUT = 0.5
# ...and, once it has failed, none at all for a few seconds: each process then skips Redis (cache
# misses, no rate limit, rows left for the relay) instead of every request waiting out the timeouts.
REDIS_PAUSE_AFTER_FAILURE_SECONDS = env_int("REDIS_PAUSE_AFTER_FAILURE_SECONDS", 5)

# The page cache may have a Redis of its own (CACHE_URL, with maxmemory and allkeys-lru, see README):
# pages are cheap to render again, while the broker's Redis must never evict (it would lose tasks).
# Rate-limit counters stay on REDIS_URL (nasuwt_send.redis_config.caches, docs/decisions/0036).
CACHE_URL = env_str("CACHE_URL") or REDIS_URL
CACHES = redis_config.caches(cache_url=CACHE_URL, redis_url=REDIS_URL, timeout=REDIS_SOCKET_TIMEOUT)
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", bool(REDIS_URL))
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_FAIL_OPEN = True
RATELIMIT_VIEW = "nasuwt_send.views.rate_limited"
EVIDENCE_RATE_LIMIT = env_rate("EVIDENCE_RATE_LIMIT", "30/h")

SILENCED_SYSTEM_CHECKS = []
if not REDIS_URL:
    # Only without Redis: the local-memory cache is per process, which django-ratelimit warns about,
    # but rate limiting is off then anyway.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- Rate limits that see the member --------------------------------------------------------------
# Behind the proxy REMOTE_ADDR is the proxy, so every member would share one allowance: the client is
# the address our proxy appended to X-Forwarded-For (nasuwt_send/client_address.py), for every limit.
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", False)
RATELIMIT_IP_META_KEY = "nasuwt_send.client_address.client_address"
# Generous: a school's members may share one address. Each journey start also makes a session row.
EVIDENCE_START_RATE_LIMIT = env_rate("EVIDENCE_START_RATE_LIMIT", "60/h")
EVIDENCE_UPLOAD_RATE_LIMIT = env_rate("EVIDENCE_UPLOAD_RATE_LIMIT", "100/h")
EVIDENCE_UPLOAD_BYTES_PER_HOUR = env_int("EVIDENCE_UPLOAD_BYTES_PER_HOUR", 500 * 1024 * 1024, minimum=1)

# --- Save and come back later (evidence/submissions/save_return.py) --------------------------------
# How long a saved form's link works; emails sent per address and, separately, per client.
SAVE_RETURN_DAYS = env_int("SAVE_RETURN_DAYS", 7, minimum=1)
SAVE_RETURN_RATE_LIMIT = env_rate("SAVE_RETURN_RATE_LIMIT", "10/h")

# Sessions in the database: the form journey survives a Redis outage. Django's store, one statement
# per read and per write (nasuwt_send/sessions.py).
SESSION_ENGINE = "nasuwt_send.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 24

# --- Celery ---------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fixup otherwise closes the database connection before and after every task: a new
# PostgreSQL backend per task cost the bench's stack more CPU than the tasks did. nasuwt_send.celery
# closes it as a web request would instead (broken, or older than CONN_MAX_AGE).
CELERY_DB_REUSE_MAX = 1_000_000_000
# Which queue each task goes to, and the beat schedule: nasuwt_send/schedule.py.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = schedule.TASK_ROUTES
# Every task sets its own limits (evidence/tasks.py); these are the fallback for one that does not.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 60, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 90, minimum=1)
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1)
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = redis_config.broker_transport_options(
    visibility_timeout=CELERY_VISIBILITY_TIMEOUT, timeout=REDIS_SOCKET_TIMEOUT
)
CELERY_TASK_PUBLISH_RETRY_POLICY = redis_config.PUBLISH_RETRY_POLICY
CELERY_TIMEZONE = "Europe/London"
CELERY_ENABLE_UTC = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = schedule.BEAT_SCHEDULE

# --- Metrics (issue 16) ---------------------------------------------------------------------------
# /metrics for Prometheus (nasuwt_send.metrics): 404 while METRICS_TOKEN is unset, 401 without it as a
# bearer token. Under gunicorn, PROMETHEUS_MULTIPROC_DIR (nasuwt_send.gunicorn_config) merges workers.
METRICS_TOKEN = env_str("METRICS_TOKEN")
# First: the latency covers every middleware, and a request any of them answers.
MIDDLEWARE.insert(0, "nasuwt_send.metrics.RequestLatency")

# --- Email ----------------------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    try:
        globals().update(environ.Env.email_url_config(EMAIL_URL))
    except Exception as exc:
        raise ImproperlyConfigured(f"EMAIL_URL could not be read: {exc}") from None
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
# As written in the briefing, and only as DEBUG's defaults: production names its own addresses. Staff
# may change them here, never "corrected" in code.
if DEBUG:
    DEFAULT_FROM_EMAIL = env_str(
        "DEFAULT_FROM_EMAIL", "NASUWT Education Team <education@mail.nasuwat.org.uk>"
    )
    EDUCATION_TEAM_EMAILS = env_list("EDUCATION_TEAM_EMAILS", "education@mail.nasuwat.org.uk")
else:
    DEFAULT_FROM_EMAIL = env_required("DEFAULT_FROM_EMAIL", "unless DJANGO_DEBUG=1")
    EDUCATION_TEAM_EMAILS = env_list("EDUCATION_TEAM_EMAILS")
    if not EDUCATION_TEAM_EMAILS:
        raise ImproperlyConfigured("EDUCATION_TEAM_EMAILS is required unless DJANGO_DEBUG=1.")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EDUCATION_TEAM_CONTACT = EDUCATION_TEAM_EMAILS[0] if EDUCATION_TEAM_EMAILS else ""
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Alerts for what needs action today (issue 13): an authority newly reported in SV/DBV, or consulting on
# an unpublished plan. Its own list, or the Education Team's.
EVIDENCE_ALERT_EMAILS = env_list("EVIDENCE_ALERT_EMAILS") or EDUCATION_TEAM_EMAILS

# --- Outbox: how long sending keeps trying, and how the relay re-queues rows ----------------------
# A mail server that refuses for a while (4xx, refused, timed out) is tried again for a day after the
# first attempt, as mail servers keep a queue; each wait is between half and all of
# min(max, backoff * 2**n). A 5xx refusal fails the row at once (evidence/mail/outbox.py).
EMAIL_RETRY_FOR_SECONDS = env_int("EMAIL_RETRY_FOR_SECONDS", 86400)
EMAIL_RETRY_BACKOFF_SECONDS = env_int("EMAIL_RETRY_BACKOFF_SECONDS", 30, minimum=1)
EMAIL_RETRY_BACKOFF_MAX_SECONDS = env_int("EMAIL_RETRY_BACKOFF_MAX_SECONDS", 1800, minimum=1)
if env_str("EMAIL_SEND_MAX_RETRIES"):
    # A budget counted in tries ran out in seconds for an unlucky row; it is counted in time now.
    raise ImproperlyConfigured(
        "EMAIL_SEND_MAX_RETRIES is no longer read: set EMAIL_RETRY_FOR_SECONDS (how long a failing "
        "email keeps being tried, default 86400) instead, and remove EMAIL_SEND_MAX_RETRIES."
    )
# A pending row whose task may still be on its way is re-queued only this long after it was due...
OUTBOX_RELAY_AFTER_SECONDS = env_int("OUTBOX_RELAY_AFTER_SECONDS", 300, minimum=1)
# ...and each relay run queues every row due, in batches, for at most this long.
OUTBOX_RELAY_BUDGET_SECONDS = env_int("OUTBOX_RELAY_BUDGET_SECONDS", 120, minimum=1)

# --- Evidence -------------------------------------------------------------------------------------
# Days evidence is kept before the nightly purge deletes it (evidence.privacy.retention); 0 keeps it
# until the end of the day it was sent (UK time).
EVIDENCE_RETENTION_DAYS = env_int("EVIDENCE_RETENTION_DAYS", 730, minimum=0)
EVIDENCE_MAX_FILES = env_int("EVIDENCE_MAX_FILES", 5, minimum=0)
EVIDENCE_MAX_FILE_BYTES = env_int("EVIDENCE_MAX_FILE_BYTES", 10 * 1024 * 1024, minimum=1)
EVIDENCE_TEXT_MAX_CHARS = 10_000
# Attachments live outside any URL Django or whitenoise serves; staff download them through a view.
EVIDENCE_ATTACHMENT_ROOT = Path(env_str("EVIDENCE_ATTACHMENT_ROOT", str(VAR_DIR / "attachments")))
# Five files of 10 MB, plus the rest of the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = None
# A ZIP made for a member's request holds all their personal data: deleted this many days after it was
# asked for (and at once when a submission it holds is erased or purged).
SUBJECT_ACCESS_RETENTION_DAYS = env_int("SUBJECT_ACCESS_RETENTION_DAYS", 7, minimum=1)
# A list longer than this is written to a file by the worker (heavy queue) rather than streamed in the
# request, which gunicorn's 30 s timeout would cut; the default is the admin list's capped count.
EVIDENCE_EXPORT_IN_REQUEST_ROWS = env_int("EVIDENCE_EXPORT_IN_REQUEST_ROWS", 10_000, minimum=1)
# Export files hold members' words and contact details: deleted this many days after the export.
EVIDENCE_EXPORT_RETENTION_DAYS = env_int("EVIDENCE_EXPORT_RETENTION_DAYS", 7, minimum=1)

# --- Dashboard and tracker figures ----------------------------------------------------------------
# evidence/triage/figures.py: below this many submissions (PostgreSQL's estimate) the dashboard and the
# tracker count for each visit; above it they read counts a beat task makes every minute, and say when.
# 0: always from the cache. Why 50,000: docs/decisions/0065.
TRIAGE_FIGURES_LIVE_BELOW_ROWS = env_int("TRIAGE_FIGURES_LIVE_BELOW_ROWS", 50_000)

# --- Audit log (evidence.privacy.audit) -----------------------------------------------------------
# Who opened, downloaded, searched, exported, corrected; staff sign-ins. Older events are purged daily.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 730, minimum=1)

# --- Publishing (evidence.publishing, issue 14) ---------------------------------------------------
# A second Education Team member must approve a quote before it is used, when on.
QUOTES_SECOND_APPROVAL = env_bool("QUOTES_SECOND_APPROVAL", False)
# Evidence packs hold approved quotes and figures: deleted this many days after they are made.
EVIDENCE_PACK_RETENTION_DAYS = env_int("EVIDENCE_PACK_RETENTION_DAYS", 30, minimum=1)

# --- File scanning --------------------------------------------------------------------------------
# Optional: clamd at a unix socket path or tcp://host:port scans every upload (INSTREAM). Once set,
# a scanner that is down or slower than the timeout means uploads are refused, never let through.
CLAMD_SOCKET = env_str("CLAMD_SOCKET", "")
if CLAMD_SOCKET and not (
    CLAMD_SOCKET.startswith("/")
    or (CLAMD_SOCKET.startswith("tcp://") and CLAMD_SOCKET.rpartition(":")[2].isdigit())
):
    raise ImproperlyConfigured("CLAMD_SOCKET must be a unix socket path (/...) or tcp://host:port.")
CLAMD_TIMEOUT_SECONDS = env_int("CLAMD_TIMEOUT_SECONDS", 10, minimum=1)

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
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

# --- File storage (nasuwt_send/file_storage.py) --------------------------------------------------
# Attachments and pending uploads: EVIDENCE_ATTACHMENT_ROOT by default, a private encrypted
# S3-compatible bucket with EVIDENCE_STORAGE=s3 (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, ...).
STORAGES["evidence"] = evidence_storage()

# --- Forms ----------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Locale ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Staff sign-in: a second factor, lockout, session limits (nasuwt_send/signin/) ----------------
# No setting here, and not DEBUG, lets a session into the admin without a verified second factor:
# admin.site (nasuwt_send.signin.admin_site.StaffAdminSite) asks for it on every page but the login.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static", "axes"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    # Before OTPMiddleware: a session it ends is anonymous by the time django-otp looks at it.
    "nasuwt_send.signin.sessions.StaffSessionLimits",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("nasuwt_send.signin.sessions.StaffSessionLimits") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes asks
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username or client
    "django.contrib.auth.backends.ModelBackend",
]
OTP_TOTP_ISSUER = "NASUWT SEND evidence"
# Nobody, not even a superuser, reads another person's TOTP key or backup codes in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Lockout: five failures by one username, or from one client, lock it for half an hour (never for
# good: a superuser can also unlock at once, `manage.py axes_reset_username NAME`).
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_CALLABLE = "nasuwt_send.signin.lockout.lockout_page"
AXES_CLIENT_IP_CALLABLE = "nasuwt_send.client_address.client_address"
# The audit log (evidence.models.audit.AuditEvent) records sign-ins; axes keeps only its attempts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Staff sessions end after 30 minutes without a request, and 8 hours after signing in whatever happens.
STAFF_SESSION_IDLE_SECONDS = 30 * 60
STAFF_SESSION_MAX_SECONDS = 8 * 60 * 60

# --- Security headers: on every response, in DEBUG and production alike ---------------------------
# The policies themselves, and why: nasuwt_send/security_headers.py.
CONTENT_SECURITY_POLICY = security_headers.CONTENT_SECURITY_POLICY
PERMISSIONS_POLICY = security_headers.PERMISSIONS_POLICY
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# --- Production rules -----------------------------------------------------------------------------
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_FAILURE_VIEW = "nasuwt_send.views.csrf_failure"

# --- Logging: no personal data, ever; request bodies are never logged -----------------------------
LOGGING = logging_config(env_str("LOG_LEVEL", "INFO"))

# --- Speed (issue 16 item 5): static JS imports hashed, HTML compressed -----------------------------
# nasuwt_send/static_storage.py: site.js imports govuk-frontend.min.js by its hashed name too, so
# whitenoise serves both for a year. nasuwt_send/compression.py: pages compressed, except a response
# that carries a CSRF token (decision 0061, BREACH). After whitenoise, so static files (compressed at
# collectstatic) never reach it; above everything that writes the body.
if not DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "nasuwt_send.static_storage.HashedStaticFilesStorage"}
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "nasuwt_send.compression.CompressPagesWithoutSecrets",
)
