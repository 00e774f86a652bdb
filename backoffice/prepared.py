"""A hot page's reads made cheap on both sides: prepared on the server (`prepared`), and built and compiled
to SQL once per process in Python (`read_compiled`).

The queries of a hot page are the same SQL text on every request; only their values change. PostgreSQL
plans a query each time it receives it as text: for the ticket page that was more than half of its SQL
time (the ticket query joins ten tables). Inside `prepared()` the ORM's queries go out with server-side
binding and are prepared on the connection the first time (psycopg's `prepare_threshold` 0); after five
runs PostgreSQL settles on a generic plan for each where it costs no more than planning anew, and stops
planning. Persistent connections
(`CONN_MAX_AGE`) keep the statements from request to request; psycopg keeps at most `prepared_max`
(100) per connection and deallocates the oldest.

Outside the block nothing changes: Django binds values on the client as configured, so queries whose
parameters PostgreSQL could not type on its own (parameters in GROUP BY, Django #34255) are unaffected.
Use it for plain reads. The ORM names every column it selects, so a migration that adds one only makes
PostgreSQL plan the statement again. A transaction pooler in front of PostgreSQL (PgBouncer before 1.21)
would need it switched off: `PREPARED_STATEMENTS=false` in the environment (config/settings.py).

Measured on the ticket page (bench/ticket_page.py, A/B in one run): PostgreSQL's CPU time a request
7.75 → 2.75 ms, the same Python time.
"""

import copy
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, connections
from django.db.models import Model, QuerySet
from django.db.models.sql import Query


@contextmanager
def prepared():
    """Within the block, the default connection's queries are bound on the server and prepared."""
    if connection.vendor != "postgresql" or not settings.PREPARED_STATEMENTS:
        yield
        return
    from django.db.backends.postgresql.base import ServerBindingCursor, is_psycopg3

    if not is_psycopg3 or connection.features.uses_server_side_binding:
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    factory, threshold = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory, raw.prepare_threshold = ServerBindingCursor, 0
    try:
        yield
    finally:
        # The connection may have been closed and replaced in between: restore only the one changed.
        raw.cursor_factory, raw.prepare_threshold = factory, threshold


# Whole queries compiled once per process (`read_compiled`), by name, database and the caller's key.
_QUERIES: dict[tuple, tuple] = {}
_MAX_QUERIES = 100


def read_compiled(name: str, key: tuple, build: Callable[..., QuerySet], *values: int | str) -> list[Model]:
    """What `build(*values)` reads, with the queryset built and compiled once per process, database and
    `key` (everything besides `values` that its SQL depends on) and then run with each call's values.
    Building and compiling the ticket page's query (ten tables, the flags, the visibility rule) cost
    three times the Python of running it and making its objects.

    `build` gets a marker in place of each value and must pass each on as query values, unchanged; it
    may select related objects, annotate and filter (no prefetching). The objects come from Django's own
    iterable, so they are what the queryset would have made."""
    if not all(isinstance(value, int | str) for value in values):
        # None, for one, would become `= NULL` in SQL compiled for `= %s`, where the ORM writes IS NULL.
        raise TypeError(f"{name}: only whole numbers and text go in as values")
    full_key = (name, connection.alias, connection.vendor, key)
    found = _QUERIES.get(full_key)
    if found is None:
        markers = [_placeholder(n, value) for n, value in enumerate(values)]
        queryset = build(*markers)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        slots = {marker: n for n, marker in enumerate(markers)}
        where = tuple(slots.get(p) if isinstance(p, int | str) else None for p in params)
        if {n for n in where if n is not None} != set(range(len(values))):
            raise ValueError(f"{name}: every value must reach the SQL as a value")
        if len(_QUERIES) >= _MAX_QUERIES:
            _QUERIES.clear()
        found = _QUERIES[full_key] = (queryset.model, queryset.db, compiler, sql, tuple(params), where)
    model, db, compiler, sql, params, where = found
    params = [p if n is None else values[n] for p, n in zip(params, where, strict=True)]
    queryset = model._default_manager.using(db).all()
    queryset.query = _Compiled(compiler, sql, params)
    return list(queryset)


def _placeholder(n: int, value: int | str) -> int | str:
    """A value no row holds, of the same type, that stands for the nth value while the query is built."""
    # Positive and within 32 bits: Django leaves out a comparison with a value outside a field's range.
    return 2**31 - 9100 - n if isinstance(value, int) else f"\ue000compiled-{n}\ue001"


class _Compiled(Query):
    """A query compiled before: its compiler, a copy of the one that compiled it (which knows the columns
    and the related objects in them), answers with that SQL and these values on this thread's
    connection."""

    def __init__(self, compiler, sql: str, params: list):
        super().__init__(compiler.query.model)
        self.done, self.sql, self.params = compiler, sql, params

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = copy.copy(self.done)
        compiler.connection = connections[using] if using else connection
        compiler.using = using
        sql, params = self.sql, self.params
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler
