"""/healthz answers 200 only when both the database and the broker answer, and fails fast when not."""

import time

import pytest
from django.db import OperationalError

from config import health
from config.celery import app as celery_app


@pytest.fixture
def closed_broker(monkeypatch):
    """Point the Celery broker at a port where nothing listens."""
    # setitem restores the raw keys afterwards; setattr would read the write URL through its fallback to
    # broker_url and leave it pinned to the real broker for every later test.
    monkeypatch.setitem(celery_app.conf, "broker_write_url", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")


@pytest.mark.django_db
def test_it_answers_ok_when_database_and_broker_answer(client, settings):
    assert settings.REDIS_URL, "REDIS_URL must be set: /healthz is tested against the real Redis broker"
    assert celery_app.conf.broker_url.startswith("redis://")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": True, "broker": True}}


@pytest.mark.django_db
def test_it_answers_503_quickly_when_broker_is_unreachable(client, closed_broker):
    assert celery_app.conf.broker_write_url == "redis://127.0.0.1:1/0"

    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": True, "broker": False}}
    assert elapsed < health.BUDGET_SECONDS + 0.5


class _BrokenConnection:
    def cursor(self):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    def close(self):
        pass


@pytest.mark.django_db
def test_it_answers_503_when_database_check_fails(client, monkeypatch):
    monkeypatch.setattr(health, "connection", _BrokenConnection())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False, "broker": True}


def test_it_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_it_is_never_cached(client, monkeypatch):
    monkeypatch.setattr(health, "_database_ok", lambda: True)
    monkeypatch.setattr(health, "_broker_ok", lambda: True)

    response = client.get("/healthz")

    assert "no-cache" in response.headers["Cache-Control"]
