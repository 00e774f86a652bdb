"""A task for the embedded-broker test: it notes when it starts and when it is done, and takes its time."""

import time
from pathlib import Path

from celery import shared_task


@shared_task(name="tests.config.note_work")
def note_work(path: str, number: int, seconds: float) -> None:
    with Path(path).open("a") as notes:
        notes.write(f"start {number}\n")
    time.sleep(seconds)
    with Path(path).open("a") as notes:
        notes.write(f"done {number}\n")
