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
from django.conf import settings
print(json.dumps({
    "broker": settings.CELERY_BROKER_URL,
    "transport": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
    "beat": settings.CELERY_BEAT_SCHEDULE_FILENAME,
    "cache": settings.CACHES["default"]["BACKEND"],
    "middleware": settings.MIDDLEWARE,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
}))
"""


def _settings_in(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with exactly these variables on top of a clean environment."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "REDIS_URL", "DATABASE_URL"}
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
    assert shown["broker"] == "filesystem://"
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        assert Path(shown["transport"][key]).is_relative_to(var), key
    assert Path(shown["beat"]).is_relative_to(var)
    assert shown["cache"].endswith("FileBasedCache")


def test_redis_url_moves_broker_and_cache_to_redis():
    result = _settings_in({"REDIS_URL": "redis://127.0.0.1:6379/9"})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)

    assert shown["broker"] == "redis://127.0.0.1:6379/9"
    assert shown["cache"].endswith("RedisCache")


def test_production_cookies_are_secure_and_static_files_served():
    result = _settings_in({"DEBUG": "off", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.org"})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)

    assert shown["session_secure"] and shown["csrf_secure"]
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in shown["middleware"]
