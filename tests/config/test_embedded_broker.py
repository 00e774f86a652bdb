"""The embedded mode's broker (SQLite, config/broker.py) loses no task when its worker is killed mid-work."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from kombu import Connection

from config.celery import app as celery_app

pytestmark = pytest.mark.worker

BASE_DIR = Path(settings.BASE_DIR)
TASKS = 6
WAIT_SECONDS = 60


def _start_worker(tmp_path: Path, broker_url: str, log_path: Path) -> subprocess.Popen:
    """The worker `make run` starts (Procfile.dev), on SQLite files of this test."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_URL"}}
    env.update(DEBUG="on", BROKER_URL=broker_url, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    command = [
        *(sys.executable, "-m", "celery", "-A", "config", "worker", "--include", "tests.config.slow_task"),
        *("--queues", "default,print", "--pool", "threads", "--concurrency", "2", "--loglevel", "INFO"),
    ]
    # Its own session: killing the group kills the pool's children too, as a power cut would.
    with log_path.open("a") as log:
        return subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def _wait_for(condition, what: str, worker: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if worker.poll() is not None:
            pytest.fail(f"the worker exited ({worker.returncode}) before {what}:\n{log_path.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"not within {WAIT_SECONDS} s: {what}; log:\n{log_path.read_text()[-4000:]}")
        time.sleep(0.1)


def _notes(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_worker_killed_mid_task_loses_nothing_and_starts_again(tmp_path):
    broker_url = f"sqlite:///{tmp_path / 'broker.sqlite3'}"
    notes, log_path = tmp_path / "notes.txt", tmp_path / "worker.log"
    with Connection(broker_url, transport="config.broker:Transport") as connection:
        for number in range(TASKS):
            celery_app.send_task(
                "tests.config.note_work", (str(notes), number, 1.0), queue="default", connection=connection
            )

    worker = _start_worker(tmp_path, broker_url, log_path)
    try:
        _wait_for(lambda: "start 0" in _notes(notes), "the first task started", worker, log_path)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        finished_before_kill = [note for note in _notes(notes) if note.startswith("done")]
        assert len(finished_before_kill) < TASKS, "killed too late to prove anything"

        worker = _start_worker(tmp_path, broker_url, log_path)
        done = lambda: {f"done {n}" for n in range(TASKS)} <= set(_notes(notes))  # noqa: E731
        _wait_for(done, f"all {TASKS} tasks done after the restart", worker, log_path)
    finally:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=20)

    log = log_path.read_text()
    assert "back in the queue that a stopped worker had not finished" in log, log
    assert "Unrecoverable error" not in log, log
    assert "Traceback" not in log, log
    assert worker.returncode == 0, log
