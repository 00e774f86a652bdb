"""`make run` has no Redis: deliveries go through kombu's file-system broker the same way."""

import json

import pytest

from config import celery_app
from notifications.services import enqueue_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def filesystem_broker(tmp_path):
    saved = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    folders = {name: tmp_path / name for name in ("in", "processed", "control")}
    for folder in folders.values():
        folder.mkdir()
    celery_app.conf.broker_url = "filesystem://"
    celery_app.conf.broker_transport_options = {
        "data_folder_in": str(folders["in"]),
        "data_folder_out": str(folders["in"]),
        "processed_folder": str(folders["processed"]),
        "control_folder": str(folders["control"]),
    }
    yield folders["in"]
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved


def test_delivery_is_queued_as_a_file(filesystem_broker, report):
    row = report().outbox_messages.get(kind="ticket_created")
    enqueue_delivery(row.pk)
    files = list(filesystem_broker.iterdir())
    assert len(files) == 1
    envelope = json.loads(files[0].read_text())
    assert envelope["headers"]["task"] == "notifications.deliver"
    assert envelope["headers"]["argsrepr"] == f"({row.pk},)"
