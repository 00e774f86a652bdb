"""The one settings module. Everything that differs between machines comes from the environment.

Defaults give the embedded mode (`make run`): SQLite and a Celery broker on the file system under `var/`,
mail kept in `var/mail/`. Production sets DEBUG=off, SECRET_KEY, DATABASE_URL, REDIS_URL and mail settings.
"""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# True: staff must set up the second factor (TOTP) before they can use the back-office.
BACKOFFICE_REQUIRE_2FA = env.bool("BACKOFFICE_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Mieterportal")
# Production has no default secret: starting without one must fail loudly.
SECRET_KEY = env("SECRET_KEY") if not DEBUG else env("SECRET_KEY", default="insecure-dev-key-only-for-debug")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The ticket search column (tsvector); its ready() only acts on PostgreSQL connections.
    "django.contrib.postgres",
    "import_export",
    "anymail",
    # The staff's optional second factor (TOTP devices with replay and throttling built in).
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The exchange API's documentation page and its Swagger UI, served from our own static files.
    "ninja",
    "accounts",
    "estate",
    "catalogs",
    "tickets",
    "processes",
    "payments",
    "letting",
    "subscriptions",
    "contracts",
    "swaps",
    "permits",
    "certificates",
    "notifications",
    "reports",
    "knowledge",
    "privacy",
    "portal",
    "backoffice",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.StaffLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.NoStoreForPersonalPagesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "portal.context_processors.company",
                "portal.context_processors.caretaker",
                "backoffice.menu.menu",
            ],
        },
    },
]

VAR_DIR.mkdir(exist_ok=True)
if env("DATABASE_URL", default="") or not env("DB_NAME", default=""):
    DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
else:
    # PostgreSQL from separate variables: a password needs no URL-escaping here.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": env("DB_HOST", default="localhost"),
            "PORT": env.int("DB_PORT", default=5432),
            "NAME": env("DB_NAME"),
            "USER": env("DB_USER", default="postgres"),
            "PASSWORD": env("DB_PASSWORD", default=""),
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded mode runs a web process, a worker and beat on one file: wait for locks, don't fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The staff ticket page's reads as server-side prepared statements (backoffice.prepared); off behind a
# transaction pooler that cannot keep them (PgBouncer before 1.21).
PREPARED_STATEMENTS = env.bool("PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The reports' covering indexes (INCLUDE columns) are PostgreSQL's; SQLite builds them on their keys alone,
# which is all the demo data needs, and need not warn about it on every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"
# The first loads a request's user with their party in one query. Django's own stays listed: sessions
# signed in under its path (and the portal's magic link, which names it) keep working.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.UserWithPartyBackend",
    "django.contrib.auth.backends.ModelBackend",
]

REDIS_URL = env("REDIS_URL", default="")
# A Redis that hangs (stopped, half-open connection) must cost a request about a second, not minutes: every
# Redis client gives up after this many seconds, connecting or waiting for an answer, and does not retry.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=1.0)


def _next_redis_database(url: str) -> str:
    """The same Redis server, the next database (the one before for the last, 15): a cache clear is a
    FLUSHDB and must never empty the Celery queues."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{number + 1 if number < 15 else number - 1}"))


CACHE_URL = env("CACHE_URL", default=_next_redis_database(REDIS_URL) if REDIS_URL else "")
if CACHE_URL:
    from redis.backoff import NoBackoff  # noqa: E402
    from redis.retry import Retry  # noqa: E402

    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
                "retry": Retry(NoBackoff(), 0),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English"), ("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"  # never served directly: files go through views that check visibility
if not DEBUG:
    # Production serves its own static files (hashed names, compressed, cached for a year): gunicorn
    # containers need no separate web server for them.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# --- Mail -----------------------------------------------------------------------------------------------
# Embedded mode keeps every mail as a file under var/mail/ so the magic link can be opened from there.
# Production sends by SMTP by default; any django-anymail provider by MAIL_BACKEND (and MAIL_OPTIONS).
MAIL_BACKEND = env(
    "MAIL_BACKEND",
    default="django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
if MAIL_BACKEND.endswith("filebased.EmailBackend"):
    _mail_options = {"file_path": str(VAR_DIR / "mail")}
elif MAIL_BACKEND.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": env("SMTP_HOST", default="localhost"),
        "port": env.int("SMTP_PORT", default=25),
        "username": env("SMTP_USER", default=""),
        "password": env("SMTP_PASSWORD", default=""),
        "use_tls": env.bool("SMTP_USE_TLS", default=False),
        "timeout": env.int("SMTP_TIMEOUT", default=20),
    }
else:
    _mail_options = env.json("MAIL_OPTIONS", default={})
MAILERS = {"default": {"BACKEND": MAIL_BACKEND, "OPTIONS": _mail_options}}
# The header a mail provider reads as "send this once" (Resend over SMTP: Resend-Idempotency-Key; Brevo:
# idempotencyKey); each outbox row sends the same key on every attempt (notifications.emails).
MAIL_IDEMPOTENCY_HEADER = env("MAIL_IDEMPOTENCY_HEADER", default="")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Wohnungsbau Musterstadt eG <service@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mails (contractor work orders, portal): where this installation is reached.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
ANYMAIL = env.json("ANYMAIL", default={"WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default="")})
# Incoming mail: the mailbox polled by IMAP (imaps://user:password@host/INBOX; unset = no polling), and
# the largest mail the inbound webhook accepts (Postmark sends up to 35 MB, base64 inside JSON).
INBOUND_IMAP_URL = env("INBOUND_IMAP_URL", default="")
INBOUND_MAX_BYTES = env.int("INBOUND_MAX_BYTES", default=64 * 1024 * 1024)
# Replies thread by a signed token in the Reply-To (service+<token>@...); off where the shared mailbox
# does not accept plus-addresses, and replies then thread by our Message-IDs alone.
INBOUND_REPLY_TOKENS = env.bool("INBOUND_REPLY_TOKENS", default=True)

# --- The company ----------------------------------------------------------------------------------------
COMPANY = {
    "name": env("COMPANY_NAME", default="Wohnungsbau Musterstadt eG"),
    "street": env("COMPANY_STREET", default="Am Markt 1"),
    "postcode": env("COMPANY_POSTCODE", default="10115"),
    "city": env("COMPANY_CITY", default="Berlin"),
    "hotline": env("COMPANY_HOTLINE", default="030 123456-0"),
    # Outside office hours too: what a tenant calls first for a burst pipe, a gas smell or no heating.
    "emergency": env("COMPANY_EMERGENCY_PHONE", default="030 123456-99"),
    "email": env("COMPANY_EMAIL", default="service@example.org"),
    "register": env("COMPANY_REGISTER", default="Amtsgericht Charlottenburg GnR 123"),
    "board": env("COMPANY_BOARD", default="Vorstand: Maria Beispiel, Jan Muster"),
}
# Letterhead of printed letters (DIN 5008); name, address, register and board come from COMPANY above.
LETTERHEAD = {
    "bank": env("LETTERHEAD_BANK", default="Berliner Sparkasse · IBAN DE02 1203 0000 0000 2020 51"),
    "web": env("LETTERHEAD_WEB", default="www.example.org"),
    # A file under static/; an SVG keeps print sharp and small.
    "logo": env("LETTERHEAD_LOGO", default="letters/logo.svg"),
}
# Where tenants pay (the EPC QR code of a payment request, Zahlungsaufforderung) and who collects by direct
# debit (the SEPA mandate): the company's account and its creditor identifier (Gläubiger-ID).
PAYMENTS = {
    "creditor_name": env("PAYMENT_CREDITOR_NAME", default=COMPANY["name"]),
    "iban": env("PAYMENT_IBAN", default="DE02120300000000202051"),
    "bic": env("PAYMENT_BIC", default="BYLADEM1001"),
    "creditor_id": env("SEPA_CREDITOR_ID", default="DE98ZZZ09999999999"),
}
# Ratenzahlung: days after its due date an instalment counts as late (the tenant is reminded), and days
# after that the case worker is told.
PAYMENT_PLANS = {
    "grace_days": env.int("PAYMENT_PLAN_GRACE_DAYS", default=5),
    "escalate_days": env.int("PAYMENT_PLAN_ESCALATE_DAYS", default=14),
}
# The company's certificate that seals a signed tenancy agreement (Mietvertrag, PAdES via pyHanko): a PKCS#12
# file and its password. Without them no agreement is sealed (staff are told why) and `check --deploy` warns.
# In DEBUG the demo seed writes a throwaway self-signed one to var/, so `make run` shows the whole letting.
LEASE_SEAL_CERT = env("LEASE_SEAL_CERT", default=str(VAR_DIR / "lease-seal-demo.p12") if DEBUG else "")
LEASE_SEAL_PASSWORD = env("LEASE_SEAL_PASSWORD", default="demo-seal" if DEBUG else "")
# Wohnungstausch: the pre-checks (swaps.checks). Months a tenancy must have lasted, and the occupancy rule
# (Belegungsrichtlinie): at most this many persons per room and at least this many m² per person against
# over-occupancy, at most persons + this many whole rooms against under-occupancy.
SWAP_MIN_TENANCY_MONTHS = env.int("SWAP_MIN_TENANCY_MONTHS", default=12)
SWAP_MAX_PERSONS_PER_ROOM = env.int("SWAP_MAX_PERSONS_PER_ROOM", default=2)
SWAP_MIN_AREA_PER_PERSON = env.int("SWAP_MIN_AREA_PER_PERSON", default=9)
SWAP_MAX_ROOMS_ABOVE_PERSONS = env.int("SWAP_MAX_ROOMS_ABOVE_PERSONS", default=1)

# Working hours for due times outside emergencies: (first hour, last hour) on working days.
WORKING_HOURS = (env.int("WORKING_HOUR_START", default=8), env.int("WORKING_HOUR_END", default=16))
DEFAULT_HOLIDAY_STATE = env("DEFAULT_HOLIDAY_STATE", default="BE")

# --- Celery ---------------------------------------------------------------------------------------------
from celery.schedules import crontab  # noqa: E402

CELERY_BROKER_URL = env("BROKER_URL", default=REDIS_URL or f"sqlite:///{VAR_DIR / 'broker.sqlite3'}")
if CELERY_BROKER_URL.startswith("sqlite:"):
    # A SQLite file: a message is committed whole or not at all, whoever is killed when (config/broker.py).
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
    # kombu looks for new messages once a second by default: too slow for a demo that queues mails.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"polling_interval": 0.1}
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than any task runs (CELERY_TASK_TIME_LIMIT): only then is an unacknowledged task redelivered.
        "visibility_timeout": 3600,
        "socket_connect_timeout": REDIS_TIMEOUT,
        "socket_timeout": REDIS_TIMEOUT,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
# A publish after commit (`.delay()`, `apply_async`) tries twice at most, then fails: the request goes on and
# the outbox sweep sends what was not queued. kombu's default retries for about a second more each time.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"notifications.tasks.print_*": {"queue": "print"}}
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    "mark-overdue": {"task": "tickets.mark_overdue", "schedule": 300.0},
    # A process waiting for a date (the move-out day) moves on that morning (processes.engine).
    "process-waits": {"task": "processes.wake_due_waits", "schedule": 300.0},
    "outbox-sweep": {"task": "notifications.sweep", "schedule": 60.0},
    # Open payment requests past their due date: a reminder 7 and 14 days after (payments.reminders).
    "payment-reminders": {"task": "payments.send_reminders", "schedule": crontab(hour=6, minute=15)},
    # Instalments past due and grace: late, the tenant reminded (payments.plan_reminders).
    "instalment-check": {"task": "payments.check_instalments", "schedule": crontab(hour=6, minute=20)},
    # Zusatzvereinbarungen past their last day end, so the ERP reads the change (subscriptions.end_due).
    "subscriptions-end": {"task": "subscriptions.end_due", "schedule": crontab(hour=0, minute=30)},
    # Contract changes: whoever has not consented 5 days after their link is reminded once (contracts).
    "consent-reminders": {"task": "contracts.remind_consents", "schedule": crontab(hour=6, minute=25)},
    "webhook-sweep": {"task": "api.sweep_webhooks", "schedule": 60.0},
    # Does nothing while INBOUND_IMAP_URL is unset.
    "poll-mailbox": {"task": "notifications.poll_mailbox", "schedule": 120.0},
    "overdue-escalation": {"task": "notifications.escalate_overdue", "schedule": 3600.0},
    # Before the digest, so a reminder held for it goes out the same morning.
    "follow-up-reminders": {
        "task": "notifications.remind_follow_ups",
        "schedule": crontab(hour=6, minute=45),
    },
    "staff-digest": {"task": "notifications.send_digests", "schedule": crontab(hour=7, minute=0)},
    # The post room finds the night's letters as one PDF in the morning.
    "print-nightly": {"task": "notifications.tasks.print_nightly", "schedule": crontab(hour=2, minute=0)},
    "print-sweep": {"task": "notifications.sweep_print_batches", "schedule": 300.0},
    # Sends only on the first working day of a month, once per report (reports.monthly).
    "monthly-reports": {"task": "reports.send_monthly_reports", "schedule": crontab(hour=6, minute=30)},
    # Retention (privacy.anonymise): only rules an admin switched on after the preview.
    "privacy-anonymise": {"task": "privacy.anonymise_due", "schedule": crontab(hour=3, minute=30)},
    "privacy-exports": {"task": "privacy.sweep_exports", "schedule": 3600.0},
}

# --- Security -------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)
CSRF_COOKIE_HTTPONLY = True
# A form sent from a page open too long gets our own page, in the reader's language, with what to do.
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
if not DEBUG:
    # A secret copied unchanged from .env.example is public: production does not start with one.
    for _name, _value in {
        "SECRET_KEY": SECRET_KEY,
        "ANYMAIL_WEBHOOK_SECRET": ANYMAIL.get("WEBHOOK_SECRET", ""),
        "DB_PASSWORD / the DATABASE_URL password": DATABASES["default"].get("PASSWORD", ""),
    }.items():
        if "change-me" in (_value or "") or _value == "insecure-dev-key-only-for-debug":
            raise ImproperlyConfigured(f"{_name} still has the example value from .env.example: set a secret")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO; only its warnings are worth a log line.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Tenant portal --------------------------------------------------------------------------------------
LOGIN_URL = "portal:login"
# How long a resident stays signed in after using a magic link.
PORTAL_SESSION_AGE = env.int("PORTAL_SESSION_AGE", default=60 * 60 * 24 * 7)
# Sign-in link requests per address and per IP within the window (seconds), counted in the shared cache.
MAGIC_LINK_RATE_PER_ADDRESS = env.int("MAGIC_LINK_RATE_PER_ADDRESS", default=5)
MAGIC_LINK_RATE_PER_IP = env.int("MAGIC_LINK_RATE_PER_IP", default=20)
MAGIC_LINK_RATE_WINDOW = env.int("MAGIC_LINK_RATE_WINDOW", default=15 * 60)
# Photos a resident uploads: bytes per file and pixels per image (decompression bombs are refused).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=15 * 1024 * 1024)
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=40_000_000)
