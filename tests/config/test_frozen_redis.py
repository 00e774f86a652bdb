"""A Redis that hangs (stopped: it accepts connections and answers nothing) costs a call about a second."""

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis
from django.core.cache import caches
from kombu import Connection

from config import health
from config.celery import app as celery_app

# A second of timeout, and some slack for a busy machine.
LIMIT_SECONDS = 2.5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def frozen_redis(tmp_path) -> Iterator[str]:
    """A private redis-server, stopped with SIGSTOP once it answered; the URL of its db 0."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server must be installed: this test stops a real one"
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - a fixed binary
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        url = f"redis://127.0.0.1:{port}/0"
        client = redis.Redis.from_url(url, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        os.kill(server.pid, signal.SIGSTOP)
        yield url
    finally:
        os.kill(server.pid, signal.SIGCONT)
        server.kill()
        server.wait()


def _timed(call) -> tuple[float, BaseException | None]:
    started = time.monotonic()
    try:
        call()
    except Exception as error:
        return time.monotonic() - started, error
    return time.monotonic() - started, None


def test_cache_call_fails_within_a_second_or_two(settings, frozen_redis):
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": frozen_redis}}
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache"), "needs REDIS_URL: the Redis cache"

    elapsed, error = _timed(lambda: caches["default"].get("magic:ip:127.0.0.1"))

    assert isinstance(error, redis.TimeoutError)
    assert elapsed < LIMIT_SECONDS


def test_task_publish_fails_within_a_second_or_two(frozen_redis):
    # The connection a request's .delay() gets: this app's broker settings, only another server.
    with Connection(frozen_redis, transport_options=celery_app.conf.broker_transport_options) as connection:
        elapsed, error = _timed(lambda: celery_app.send_task("tickets.mark_overdue", connection=connection))

    assert error is not None
    assert elapsed < LIMIT_SECONDS


@pytest.mark.django_db
def test_healthz_answers_503_within_its_budget(client, monkeypatch, frozen_redis):
    # setitem restores the raw keys afterwards (see test_healthz.py).
    monkeypatch.setitem(celery_app.conf, "broker_write_url", frozen_redis)
    monkeypatch.setitem(celery_app.conf, "broker_url", frozen_redis)

    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False}
    assert elapsed < health.BUDGET_SECONDS + 0.5


def test_healthz_budget_holds_whatever_check_hangs():
    hanging = {"stuck": lambda: time.sleep(30) or True, "fine": lambda: True}

    started = time.monotonic()
    first = health.run_checks(hanging, budget=0.5)
    second = health.run_checks(hanging, budget=0.5)
    elapsed = time.monotonic() - started

    assert first == second == {"stuck": False, "fine": True}
    # The second call does not wait for the check still hanging from the first.
    assert elapsed < 1.5
