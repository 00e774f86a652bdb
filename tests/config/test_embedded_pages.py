"""The embedded default (`make run`: SQLite, demo data) serves the busiest staff and tenant pages. The
suite itself runs on PostgreSQL, where the hot reads use arrays and prepared statements; SQLite must get
its own way to the same pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.worker


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_busiest_pages_answer_on_the_embedded_database(tmp_path):
    # The test run's Redis stays the cache: the embedded file cache under var/ is the developer's own.
    env = {**os.environ, "DEBUG": "on", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    for step in (("manage.py", "migrate", "--noinput", "-v", "0"), ("manage.py", "seed_demo")):
        done = _run(env, *step)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    walk = _run(env, "-m", "tests.config.embedded_pages")
    assert walk.returncode == 0, walk.stdout[-3000:] + walk.stderr[-4000:]
    assert walk.stdout.count("200 /backoffice/") >= 2 * 38
    assert "200 /portal/" in walk.stdout
