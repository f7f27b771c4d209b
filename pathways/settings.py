"""Settings for Pathways: one module, configured from the environment.

Development is the default (SQLite under var/, debug on). `PATHWAYS_MODE=production`
turns debug off and requires SECRET_KEY, ALLOWED_HOSTS, PATHWAYS_AUDIT_KEY_FILE and
PATHWAYS_CASEWORK_MASTER_KEY_FILE from the environment.
`DATABASE_URL` selects the database for every command, in either mode.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
import django.conf.locale as django_locale
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PATHWAYS_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when PATHWAYS_MODE=production.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


def proxy_networks(values: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    try:
        return [ipaddress.ip_network(value, strict=False) for value in values]
    except ValueError as exc:
        raise ImproperlyConfigured(f"PATHWAYS_TRUSTED_PROXIES: {exc}.") from exc


DEVELOPMENT_SECRET_KEY = "development-only-key-not-for-production-use-0123456789"  # noqa: S105


def secret_key_weakness(key: str) -> str | None:
    """What makes `key` unfit for production (Django's deploy check W009 asks the same),
    or None. Sessions, password reset links and signed values rest on it."""
    if key == DEVELOPMENT_SECRET_KEY:
        return "it is the development key, which is public"
    if len(key) < 50:
        return f"it has {len(key)} characters; it needs at least 50"
    if len(set(key)) < 5:
        return f"it has {len(set(key))} distinct characters; it needs at least 5"
    if key.startswith("django-insecure-"):
        return "it starts with 'django-insecure-', the mark of a generated development key"
    return None


def production_secret_key() -> str:
    key = env_required("SECRET_KEY")
    weakness = secret_key_weakness(key)
    if weakness:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for PATHWAYS_MODE=production: {weakness}. Generate one "
            "with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return key


MODE = env("PATHWAYS_MODE", "development")
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured("PATHWAYS_MODE must be 'development' or 'production'.")
PRODUCTION = MODE == "production"

if PRODUCTION:
    SECRET_KEY = production_secret_key()
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when PATHWAYS_MODE=production.")
    DEBUG = False
else:
    # A fixed key is acceptable only because development mode never serves real data.
    SECRET_KEY = env("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    DEBUG = env("PATHWAYS_DEBUG", "1") == "1"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "ninja",  # serves the API documentation page from local static files
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # two-factor recovery codes (accounts/recovery.py)
    "django_tasks",
    "django_tasks_db",
    "pathways.audit",
    "pathways.programs",
    "pathways.accounts",
    "pathways.jobs",
    "pathways.notifications",
    "pathways.translations",
    "pathways.activities",
    "pathways.casework",
    "pathways.stats",
    "pathways.results",
    "pathways.reports",
    "pathways.api",
    "pathways.ops",
    "pathways.demo",
    "pathways.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pathways.ops.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pathways.accounts.language.PreferredLanguageMiddleware",
    # Reviewed translations from the database over the catalogs (a cached version check).
    "pathways.translations.overlay.ReviewedTranslationsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Casework sessions end after CASEWORK_IDLE_MINUTES without the person's own request.
    "pathways.casework.middleware.IdleTimeoutMiddleware",
    "pathways.accounts.two_factor.TwoFactorMiddleware",
]

ROOT_URLCONF = "pathways.urls"
WSGI_APPLICATION = "pathways.wsgi.application"

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
                "django.template.context_processors.i18n",
                "pathways.accounts.context_processors.navigation",
                "pathways.casework.context_processors.navigation",
                "pathways.activities.context_processors.duplicate_groups_waiting",
                "pathways.demo.context_processors.demo_banner",
                "pathways.notifications.context_processors.inbox_unread",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "pathways.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=0 if not PRODUCTION else 60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ yet; SQLite cannot create the folder itself.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers work while an import writes; IMMEDIATE avoids
            # "database is locked" on upgrade from read to write inside a transaction.
            # A 64 MB page cache (the default is 2 MB) keeps a big import's indexes in memory.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": env("PATHWAYS_TEST_SQLITE") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock an account (username, from any address) after 5 failures, for 30 minutes.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = ["username"]
# Axes' own lock by address would share the account's limit and lock out a whole office:
# partner offices share one NAT address. An address is locked by accounts/lockout.py instead,
# after failures across all usernames, with a limit of its own (SIGN_IN_ADDRESS_...).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "pathways.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "pathways.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Lock a client address after this many failed password checks, for any usernames, within
# AXES_COOLOFF_TIME (30 minutes); 0 turns the address lock off.
SIGN_IN_ADDRESS_FAILURE_LIMIT = int(env("PATHWAYS_ADDRESS_FAILURE_LIMIT", "30") or 30)
# The client address is the connection's, unless it comes from one of these proxies (addresses
# or networks, e.g. "127.0.0.1,10.0.0.0/8"): then X-Forwarded-For is read past them. Without
# them the header is ignored, so a client cannot pick its address by sending one.
AXES_CLIENT_IP_CALLABLE = "pathways.accounts.lockout.client_address"
TRUSTED_PROXIES = proxy_networks(env_list("PATHWAYS_TRUSTED_PROXIES"))

# A working day at most, and sessions end with the browser: office computers are shared.
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_NAME = "__Host-pathways_session" if PRODUCTION else "pathways_session"
CSRF_COOKIE_NAME = "__Host-pathways_csrf" if PRODUCTION else "pathways_csrf"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Two-factor sign-in (TOTP): open to everyone, required of admins in production mode.
OTP_TOTP_ISSUER = "Pathways"
# Nobody, not even an admin, reads another user's secret (config and QR code) in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Production cannot turn it off; PATHWAYS_2FA_FOR_ADMINS=1 tries the requirement in development.
TWO_FACTOR_REQUIRED_FOR_ADMINS = PRODUCTION or env("PATHWAYS_2FA_FOR_ADMINS", "0") == "1"
# Who else must use it, in every mode: functions (user) -> bool, asked by accounts without
# importing the apps above it. Casework staff always (casework.md, "Signing in").
TWO_FACTOR_REQUIRED_CHECKS = ["pathways.casework.signin.needs_two_factor"]
# A casework session ends after this many minutes without a request from the person
# (background polling does not count), and a casework user's API token after these hours.
CASEWORK_IDLE_MINUTES = int(env("PATHWAYS_CASEWORK_IDLE_MINUTES", "15") or 15)
CASEWORK_API_TOKEN_HOURS = int(env("PATHWAYS_CASEWORK_API_TOKEN_HOURS", "8") or 8)

# --- Accounts: forgotten passwords and email -----------------------------------------------
# A reset link works once and for this long (seconds).
PASSWORD_RESET_TIMEOUT = int(env("PATHWAYS_PASSWORD_RESET_TIMEOUT", "3600") or 3600)
# Reset requests counted per client address and per email address in fixed windows, in the
# cache named here (accounts/password_reset.py). Past the address limit the page says to wait;
# past the email limit the usual page shows but nothing is sent, so it reveals no account.
PASSWORD_RESET_RATE_WINDOW_SECONDS = int(env("PATHWAYS_PASSWORD_RESET_WINDOW", "3600") or 3600)
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(env("PATHWAYS_PASSWORD_RESET_PER_ADDRESS", "5") or 5)
PASSWORD_RESET_LIMIT_PER_EMAIL = int(env("PATHWAYS_PASSWORD_RESET_PER_EMAIL", "3") or 3)
PASSWORD_RESET_RATE_CACHE = env("PATHWAYS_PASSWORD_RESET_CACHE", "default") or "default"
# Development prints emails on the console (or writes them as files under
# PATHWAYS_EMAIL_FILE_DIR); production sends them by SMTP. The password never enters the repo.
if PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("PATHWAYS_EMAIL_HOST", "localhost") or "localhost"
    EMAIL_PORT = int(env("PATHWAYS_EMAIL_PORT", "25") or 25)
    EMAIL_HOST_USER = env("PATHWAYS_EMAIL_HOST_USER", "") or ""
    EMAIL_HOST_PASSWORD = env("PATHWAYS_EMAIL_HOST_PASSWORD", "") or ""
    EMAIL_USE_TLS = env("PATHWAYS_EMAIL_USE_TLS", "0") == "1"
    # A mail server that does not answer must not hold a page (and a worker) for long.
    EMAIL_TIMEOUT = 10
elif env("PATHWAYS_EMAIL_FILE_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("PATHWAYS_EMAIL_FILE_DIR")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("PATHWAYS_EMAIL_FROM", "Pathways <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address users reach the site at, put before the links in notification emails (sent
# outside any request); without it an email gives the link's path alone.
PATHWAYS_SITE_URL = (env("PATHWAYS_SITE_URL", "") or "").rstrip("/")

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("km", "ខ្មែរ"),
    ("lo", "ລາວ"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
    ("id", "Bahasa Indonesia"),
    ("fil", "Filipino"),
    ("my", "မြန်မာ"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Number and date formats: English day-month-year, and what Django lacks or leaves
# incomplete (km, vi grouping; lo, fil, my formats).
FORMAT_MODULE_PATH = ["pathways.formats"]
# Django ships no locale information for Lao and Filipino; without it get_language_info
# (the language menu, {% get_language_info %}) fails for them.
EXTRA_LANG_INFO = {
    "lo": {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"},
    "fil": {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"},
}
for _code, _info in EXTRA_LANG_INFO.items():
    django_locale.LANG_INFO.setdefault(_code, _info)
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves collected files; development serves them from the app folders.
STATIC_ROOT = VAR_DIR / "static" if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
# Uploads (attendance sheets, evidence) live outside anything served as static files.
MEDIA_ROOT = Path(env("PATHWAYS_MEDIA_ROOT") or VAR_DIR / "uploads")
MEDIA_URL = "/media/"
UPLOAD_MAX_BYTES = int(env("PATHWAYS_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)) or 0)
# Uploads whose import failed or was left unconfirmed are deleted this long after their last
# use (`manage.py purge_uploads`).
UPLOAD_RETENTION_HOURS = int(env("PATHWAYS_UPLOAD_RETENTION_HOURS", "24") or 24)
# Workbooks are read in a child process that may use this much more memory (MB) and this
# long (seconds); past either it is stopped and the upload refused (docs/operations.md).
SPREADSHEET_READER_MEMORY_MB = int(env("PATHWAYS_PARSE_MEMORY_MB", "1024") or 1024)
SPREADSHEET_READER_SECONDS = float(env("PATHWAYS_PARSE_SECONDS", "120") or 120)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Evidence files (scans of sign-in sheets, photos) hold personal data: readable by the
# server's user only, like the import uploads.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Files every process of the deployment reads: uploaded sheets waiting for their import, and
# files background jobs produce. A worker may run on another machine than the web process,
# so with more than one machine they cannot be on the web machine's disk
# (pathways/jobs/storage.py, docs/operations.md "More than one machine"):
# "database" (the default) keeps them in the database every process shares; "files" in a
# folder (PATHWAYS_SHARED_FILES_DIR, default MEDIA_ROOT/shared: one machine, or a folder all
# hosts mount); "s3" in an S3-compatible bucket through django-storages.
SHARED_STORAGE = env("PATHWAYS_SHARED_STORAGE", "database")


def shared_storage(kind: str | None) -> dict[str, object]:
    if kind == "database":
        return {"BACKEND": "pathways.jobs.storage.DatabaseStorage"}
    if kind == "files":
        location = Path(env("PATHWAYS_SHARED_FILES_DIR") or MEDIA_ROOT / "shared")
        return {
            "BACKEND": "pathways.jobs.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(location)},
        }
    if kind == "s3":
        bucket = env("PATHWAYS_S3_BUCKET")
        if not bucket:
            raise ImproperlyConfigured("PATHWAYS_SHARED_STORAGE=s3 needs PATHWAYS_S3_BUCKET.")
        options = {
            "bucket_name": bucket,
            # Unique names as the other storages give, never an overwrite.
            "file_overwrite": False,
            "querystring_auth": True,
            "location": env("PATHWAYS_S3_PREFIX", "") or "",
        }
        # Left out, boto3 finds them its own way (AWS_* variables, an instance role).
        for option, variable in {
            "endpoint_url": "PATHWAYS_S3_ENDPOINT_URL",
            "region_name": "PATHWAYS_S3_REGION",
            "access_key": "PATHWAYS_S3_ACCESS_KEY_ID",
            "secret_key": "PATHWAYS_S3_SECRET_ACCESS_KEY",
        }.items():
            if env(variable):
                options[option] = env(variable)
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    raise ImproperlyConfigured("PATHWAYS_SHARED_STORAGE must be 'database', 'files' or 's3'.")


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "shared": shared_storage(SHARED_STORAGE),
    # Casework attachments, sealed (docs/casework.md, "Attachments"): a private folder,
    # never under MEDIA_ROOT and never served by a URL; every host needs the same folder.
    "casework": {
        "BACKEND": "pathways.jobs.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": str(Path(env("PATHWAYS_CASEWORK_FILES_DIR") or VAR_DIR / "casework-files")),
            "base_url": None,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env("PATHWAYS_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Logging: no personal data, only what operators need --------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"no_personal_data": {"()": "pathways.ops.logging.NoPersonalDataFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("PATHWAYS_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        # Replaces Django's own handlers, which would print records before the filter runs.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- API -------------------------------------------------------------------------------
# Requests allowed per token in each fixed window, counted once for all processes
# (pathways/api/ratelimit.py): in Redis when PATHWAYS_REDIS_URL (or REDIS_URL) is set; else
# in a SQLite file of its own beside a SQLite database, never waiting behind an import's
# write lock; else in the (PostgreSQL) database. PATHWAYS_API_RATE_STORE chooses explicitly.
API_RATE_LIMIT = int(env("PATHWAYS_API_RATE_LIMIT", "600") or 600)
API_RATE_WINDOW_SECONDS = int(env("PATHWAYS_API_RATE_WINDOW_SECONDS", "60") or 60)
REDIS_URL = env("PATHWAYS_REDIS_URL") or env("REDIS_URL") or ""
API_RATE_STORE = (
    env("PATHWAYS_API_RATE_STORE")
    or REDIS_URL
    or (
        f"sqlite:///{Path(DATABASES['default']['NAME']).with_name('api-rate.sqlite3')}"
        if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        else "database"
    )
)
if API_RATE_STORE != "database" and not API_RATE_STORE.startswith(
    ("redis://", "rediss://", "unix://", "sqlite:///")
):
    raise ImproperlyConfigured(
        "PATHWAYS_API_RATE_STORE must be a redis:// URL, sqlite:///PATH or 'database'."
    )
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 500

# --- Background jobs ---------------------------------------------------------------------
# Django's tasks API (the django-tasks backport), with one of two backends behind it, chosen
# by PATHWAYS_TASK_BACKEND. "database" (the default) keeps queued tasks in the project's own
# database, so one machine needs nothing more; `manage.py db_worker` runs them. "redis" keeps
# them in Redis through RQ (django-tasks-rq), for many workers on many machines; `manage.py
# rqworker default` runs them. docs/operations.md shows both; docs/architecture.md says why RQ.
# Imports of more rows than PATHWAYS_BACKGROUND_IMPORT_ROWS run as a task after their
# confirm, and so does every larger import through the API.
TASK_BACKEND = env("PATHWAYS_TASK_BACKEND") or "database"
if TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASK_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured(
            "PATHWAYS_TASK_BACKEND=redis needs PATHWAYS_REDIS_URL (the Redis that holds the queue)."
        )
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # RQ stops a task that runs longer than its timeout (180 s unless told): an import of a
    # big sheet may take minutes, and the job's own heartbeat notices a worker that died.
    RQ_QUEUES = {
        "default": {
            "URL": REDIS_URL,
            "DEFAULT_TIMEOUT": int(env("PATHWAYS_TASK_TIMEOUT", "3600") or 3600),
        }
    }
    # The worker runs each task through django-tasks-rq's job class, which calls the Task
    # (RQ's own would call the Task object as a function); `rqworker` reads it from here.
    RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}
else:
    raise ImproperlyConfigured("PATHWAYS_TASK_BACKEND must be 'database' or 'redis'.")
BACKGROUND_IMPORT_ROWS = int(env("PATHWAYS_BACKGROUND_IMPORT_ROWS", "5000") or 5000)
# A running job whose worker has not been heard from for this long is failed (its worker
# died); a running import beats its heart every few seconds (pathways/jobs/progress.py).
JOB_HEARTBEAT_TIMEOUT_SECONDS = int(env("PATHWAYS_JOB_HEARTBEAT_TIMEOUT", "120") or 120)
# Periodic commands: `manage.py scheduler` queues each once per `every` seconds (slots counted
# from the epoch, so several schedulers agree), and a worker runs it with call_command; `args`
# are the command's arguments. Each must be safe to run twice. `every` 0 switches one off
# (docs/operations.md, "Periodic commands"). Runs older than PATHWAYS_PERIODIC_RUN_RETENTION_DAYS
# are deleted, each command's latest kept.
PERIODIC_COMMANDS: dict[str, dict] = {
    "purge_uploads": {
        "command": "purge_uploads",
        "every": int(env("PATHWAYS_PURGE_UPLOADS_EVERY", "3600") or 3600),
    },
    "fail_stale_jobs": {
        "command": "fail_stale_jobs",
        "every": int(env("PATHWAYS_FAIL_STALE_JOBS_EVERY", "60") or 60),
    },
    # Hashes each finished day (UTC) of the casework access log into the audit chain. Slots
    # start on the hour; a day is anchored once it ended 10 minutes ago, so the previous day
    # is anchored at the 01:00 UTC run, and the other runs find nothing to do (or catch up
    # a day missed while the scheduler was down).
    "anchor_access_log": {"command": "anchor_access_log", "every": 3600},
    # Pseudonymises casework past each country's retention (casework.md §7.5), daily.
    "casework_retention": {
        "command": "casework_retention",
        "every": int(env("PATHWAYS_CASEWORK_RETENTION_EVERY", "86400") or 86400),
    },
    # Reminds case workers of what is due soon and tells supervisors of what is overdue
    # (casework.md, the decision on deadlines); each deadline's notices go once, ever.
    "casework_deadlines": {
        "command": "casework_deadlines",
        "every": int(env("PATHWAYS_CASEWORK_DEADLINES_EVERY", "900") or 900),
    },
}
if TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
    # The periodic runs add a task record each; finished ones go after 14 days.
    PERIODIC_COMMANDS["prune_task_results"] = {
        "command": "prune_db_task_results",
        "args": ["--min-age-days", "14"],
        "every": 86400,
    }
PERIODIC_RUN_RETENTION_DAYS = int(env("PATHWAYS_PERIODIC_RUN_RETENTION_DAYS", "7") or 7)
# A job's file (an export, a ZIP of factsheets) is deleted by `purge_uploads` once its job is
# this many days old: what it holds was counted then, and a newer one is a click away.
JOB_FILE_RETENTION_DAYS = int(env("PATHWAYS_JOB_FILE_RETENTION_DAYS", "7") or 7)
# A running job's progress and heartbeat are written outside the import's transaction, in a
# cache every process shares: Redis when PATHWAYS_REDIS_URL is set, else files under var/
# (one machine). Not the database: on SQLite the import holds its only write lock.
# The default cache (rendered dashboards, the demo flag) is each process's memory without
# Redis; with PATHWAYS_REDIS_URL it is Redis, one cache for every process on every host, so
# a dashboard rendered once serves them all. Its keys change with every audited write, so
# neither can serve stale figures.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pathways",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "jobs": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(env("PATHWAYS_JOB_PROGRESS_DIR") or VAR_DIR / "job-progress")),
        }
    ),
}

# --- Audit trail ------------------------------------------------------------------------
# The keys signing the audit chain live outside the database (and outside its backups):
# one `id:base64` per line, the last in force. Production names the file and refuses to
# write audit entries without it (system check audit.E001); development creates one under
# var/ on first use. See docs/operations.md, "The audit key".
if PRODUCTION:
    AUDIT_KEY_FILE = Path(env_required("PATHWAYS_AUDIT_KEY_FILE"))
else:
    AUDIT_KEY_FILE = Path(env("PATHWAYS_AUDIT_KEY_FILE") or VAR_DIR / "audit.key")
# Checks `manage.py verify_audit` runs after the chain itself: dotted paths of functions
# returning a list of problems (empty when all holds). The audit app knows no app above it;
# each app that anchors its own records in the chain names its check here.
AUDIT_VERIFIERS = ["pathways.casework.access_log.verify_anchored_days"]

# --- Casework: the master key --------------------------------------------------------------
# Victims' identifiers are encrypted with a data key per country, each wrapped by this master
# key: 32 random bytes (raw, or base64 text) in a file readable by the server's user only,
# never in the database, its backups or the repository. Production refuses to start without
# the variable, and the system check casework.E001 without a usable file; development
# creates one under var/ on first use (`manage.py casework_keys init`). docs/casework.md.
if PRODUCTION:
    CASEWORK_MASTER_KEY_FILE = Path(env_required("PATHWAYS_CASEWORK_MASTER_KEY_FILE"))
else:
    CASEWORK_MASTER_KEY_FILE = Path(
        env("PATHWAYS_CASEWORK_MASTER_KEY_FILE") or VAR_DIR / "casework-master.key"
    )
# Unwrapped data keys stay in a process's memory this long, not for the process's life.
CASEWORK_KEY_CACHE_SECONDS = int(env("PATHWAYS_CASEWORK_KEY_CACHE_SECONDS", "300") or 300)
# Break-glass (casework.md §6.4): emergency read access to one case of another agency lasts
# this many hours, and its use is to be reviewed within this many hours of its start.
CASEWORK_BREAK_GLASS_HOURS = 4
CASEWORK_BREAK_GLASS_REVIEW_HOURS = 72
# A link to break-glass (from the intake search) is valid this long, for its user only.
CASEWORK_BREAK_GLASS_LINK_SECONDS = 60 * 60
# The largest casework attachment (identity document, consent scan, photo) accepted.
CASEWORK_ATTACHMENT_MAX_BYTES = int(
    env("PATHWAYS_CASEWORK_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)) or 0
)
# Intake searches a user may make in ten minutes: enough for the people in front of them,
# too few to walk the registry by guessing names and phones.
CASEWORK_INTAKE_SEARCHES_PER_10_MIN = int(
    env("PATHWAYS_CASEWORK_INTAKE_SEARCHES_PER_10_MIN", "20") or 20
)
# Data residency: the countries whose casework this deployment holds (ISO codes, e.g. "KH");
# empty holds every country's. A country that must keep its victims' data at home runs its own
# deployment limited to it; records of another country are refused (docs/casework.md).
CASEWORK_COUNTRIES = [code.upper() for code in env_list("PATHWAYS_CASEWORK_COUNTRIES")]

# Demo personas share this password; only in the demo database.
DEMO_PASSWORD = env("DEMO_PASSWORD") or "pathways-demo"
