"""The embedded mode's Celery broker: kombu's SQLAlchemy transport on a SQLite file under var/.

SQLite commits a message whole or not at all, so a process killed mid-write cannot leave half a message
behind (kombu's filesystem transport could, and its worker then died on the broken JSON). On top of kombu's
transport, which keeps every message it ever delivered: a message is deleted once its task is acknowledged,
and messages that a killed worker had taken but not finished go back to their queue when a worker starts
(`restore_unfinished`). That is "at least once", which tasks are written for; it assumes the one worker
that `make run` starts.
"""

import json
import threading
from queue import Empty

from kombu.transport import sqlalchemy
from kombu.utils.encoding import bytes_to_str
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.pool import NullPool

# Seconds a process waits for another's write lock on the file before it gives up.
LOCK_TIMEOUT_SECONDS = 20


class Channel(sqlalchemy.Channel):
    def __init__(self, *args, **kwargs):
        # delivery tag -> row id of each message this channel took and has not yet settled.
        self._taken: dict[str, int] = {}
        self._local = threading.local()
        super().__init__(*args, **kwargs)

    @property
    def session(self):
        # One session per thread: the worker acknowledges from its pool's result thread while its main
        # thread polls, and a SQLAlchemy session must not be used by two threads at once.
        session = getattr(self._local, "session", None)
        if session is None:
            _, session_factory = self._open()
            session = self._local.session = session_factory()
        return session

    def _engine_from_config(self):
        # The transport options (polling interval, ...) are kombu's, none is for the engine.
        return _engine(self.connection.client.hostname)

    def _get(self, queue):
        # kombu's _get, remembering which row it took so the acknowledgement can delete it.
        obj = self._get_or_create(queue)
        self.session.execute(text("BEGIN IMMEDIATE TRANSACTION"))
        try:
            message = (
                self.session.query(self.message_cls)
                .filter(self.message_cls.queue_id == obj.id, self.message_cls.visible.is_(True))
                .order_by(self.message_cls.sent_at, self.message_cls.id)
                .first()
            )
            if message is None:
                raise Empty()
            message.visible = False
            payload = json.loads(bytes_to_str(message.payload))
            self._taken[payload["properties"]["delivery_tag"]] = message.id
            return payload
        finally:
            self.session.commit()

    def basic_ack(self, delivery_tag, multiple=False):
        super().basic_ack(delivery_tag, multiple=multiple)
        self._forget(delivery_tag)

    def basic_reject(self, delivery_tag, requeue=False):
        # With requeue, kombu puts a copy back through _restore, which forgets the taken row.
        super().basic_reject(delivery_tag, requeue=requeue)
        self._forget(delivery_tag)

    def _restore(self, message):
        super()._restore(message)
        self._forget(message.delivery_tag)

    def _forget(self, delivery_tag: str) -> None:
        row_id = self._taken.pop(delivery_tag, None)
        if row_id is None:
            return
        self.session.query(self.message_cls).filter(self.message_cls.id == row_id).delete()
        self.session.commit()


class Transport(sqlalchemy.Transport):
    Channel = Channel


def restore_unfinished(url: str) -> int:
    """Put every message taken but never acknowledged back in its queue; the number of messages.

    Called when the worker starts, before it consumes: whatever is still taken then belonged to a worker
    that was killed (a warm shutdown puts its unfinished messages back itself)."""
    engine = _engine(url)
    try:
        with engine.begin() as connection:
            if not inspect(connection).has_table("kombu_message"):
                return 0
            return connection.execute(text("UPDATE kombu_message SET visible = 1 WHERE visible = 0")).rowcount
    finally:
        engine.dispose()


def _engine(url: str) -> Engine:
    # No pool: the worker forks its children after connecting, and a SQLite connection must not cross a
    # fork. A busy file is waited for, not failed on.
    return create_engine(url, poolclass=NullPool, connect_args={"timeout": LOCK_TIMEOUT_SECONDS})
