"""Settings from the environment: production refuses unsafe defaults, the embedded mode stays under var/."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# Each test loads the settings in a fresh interpreter: seconds apiece, so not in `make test-fast`.
pytestmark = pytest.mark.worker

BASE_DIR = Path(settings.BASE_DIR)
SHOW_SETTINGS = """
import json
DATABASE_KEYS = ("ENGINE", "HOST", "NAME", "USER", "PASSWORD")
from django.conf import settings
print(json.dumps({
    "broker": settings.CELERY_BROKER_URL,
    "broker_transport": getattr(settings, "CELERY_BROKER_TRANSPORT", None),
    "transport": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
    "beat": settings.CELERY_BEAT_SCHEDULE_FILENAME,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"]["LOCATION"],
    "cache_options": {k: v for k, v in settings.CACHES["default"].get("OPTIONS", {}).items() if k != "retry"},
    "database": {k: settings.DATABASES["default"].get(k) for k in DATABASE_KEYS},
    "middleware": settings.MIDDLEWARE,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
}))
"""


def _settings_in(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with exactly these variables on top of a clean environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "REDIS_URL", "CACHE_URL", "BROKER_URL", "DATABASE_URL"}
        and not k.startswith(("DB_", "ANYMAIL"))
    }
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", "import django; django.setup()\n" + SHOW_SETTINGS],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _settings_in({"DEBUG": "off", "ALLOWED_HOSTS": "portal.example.org"})

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_embedded_mode_keeps_broker_and_beat_files_under_var():
    result = _settings_in({})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)

    var = BASE_DIR / "var"
    assert shown["broker"] == f"sqlite:///{var / 'broker.sqlite3'}"
    assert shown["broker_transport"] == "config.broker:Transport"
    assert Path(shown["beat"]).is_relative_to(var)
    assert shown["cache"].endswith("FileBasedCache")


def test_redis_url_moves_broker_and_cache_to_separate_redis_databases():
    result = _settings_in({"REDIS_URL": "redis://127.0.0.1:6379/9"})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)

    assert shown["broker"] == "redis://127.0.0.1:6379/9"
    assert shown["cache"].endswith("RedisCache")
    # A cache clear is a FLUSHDB: it must not empty the queues.
    assert shown["cache_location"] == "redis://127.0.0.1:6379/10"


def test_cache_url_sets_the_cache_apart():
    result = _settings_in({"REDIS_URL": "redis://127.0.0.1:6379/15", "CACHE_URL": "redis://cache:6379/3"})
    assert result.returncode == 0, result.stderr

    assert json.loads(result.stdout)["cache_location"] == "redis://cache:6379/3"


def test_every_redis_client_gives_up_after_a_second():
    result = _settings_in({"REDIS_URL": "redis://127.0.0.1:6379/15"})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)

    assert shown["cache_location"] == "redis://127.0.0.1:6379/14"
    assert shown["cache_options"] == {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
    assert shown["transport"]["socket_connect_timeout"] == shown["transport"]["socket_timeout"] == 1.0


def test_database_from_separate_variables_keeps_the_password_as_it_is():
    password = "p@ss:w/rd#%?"
    result = _settings_in(
        {"DB_HOST": "db", "DB_NAME": "mieterportal", "DB_USER": "mp", "DB_PASSWORD": password}
    )
    assert result.returncode == 0, result.stderr

    assert json.loads(result.stdout)["database"] == {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db",
        "NAME": "mieterportal",
        "USER": "mp",
        "PASSWORD": password,
    }


def test_production_cookies_are_secure_and_static_files_served():
    result = _settings_in({"DEBUG": "off", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.org"})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)

    assert shown["session_secure"] and shown["csrf_secure"]
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in shown["middleware"]


PRODUCTION = {"DEBUG": "off", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.org"}


def _example_value(name: str) -> str:
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.split("=", 1)[1]
    raise AssertionError(f"{name} is not in .env.example")


def test_production_refuses_the_example_secret_key():
    result = _settings_in({**PRODUCTION, "SECRET_KEY": _example_value("SECRET_KEY")})

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY still has the example value" in result.stderr


def test_production_refuses_the_example_webhook_secret():
    result = _settings_in({**PRODUCTION, "ANYMAIL_WEBHOOK_SECRET": _example_value("ANYMAIL_WEBHOOK_SECRET")})

    assert result.returncode != 0
    assert "ANYMAIL_WEBHOOK_SECRET still has the example value" in result.stderr


def test_production_refuses_the_example_database_password():
    example = _example_value("POSTGRES_PASSWORD")
    for database in (
        {"DB_NAME": "mieterportal", "DB_PASSWORD": example},
        {"DATABASE_URL": f"postgres://mieterportal:{example}@db:5432/mieterportal"},
    ):
        result = _settings_in({**PRODUCTION, **database})

        assert result.returncode != 0, database
        assert "DB_PASSWORD / the DATABASE_URL password still has the example value" in result.stderr
