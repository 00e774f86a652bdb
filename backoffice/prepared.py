"""Server-side prepared statements for a page's reads.

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

from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.db.models import Expression, Model
from django.db.models.expressions import RawSQL
from django.utils import timezone


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


# Expressions of a page's queries compiled to SQL once per process (`compiled`), by name, database and day.
_COMPILED: dict[tuple, dict[str, tuple]] = {}


def compiled(
    name: str, model: type[Model], expressions: Callable[[], dict[str, Expression]], *, daily: bool = False
) -> dict[str, RawSQL]:
    """`expressions()` for the top of a query of `model` (never inside another query: the SQL names its
    table), compiled to SQL once per database, and once a day with `daily` (for rules that ask for today),
    instead of built and compiled from querysets on every request: on the ticket page that cost more
    Python than anything else in its queries. A later expression may use an earlier one by name."""
    key = (name, connection.alias, connection.vendor, timezone.localdate() if daily else None)
    found = _COMPILED.get(key)
    if found is None:
        query = model._default_manager.annotate(**expressions()).query
        compiler = query.get_compiler(connection=connection)
        found = {}
        for column in query.annotation_select:
            expression = query.annotations[column]
            sql, params = compiler.compile(expression)
            found[column] = (sql, tuple(params), expression.output_field)
        for stale in [k for k in _COMPILED if k[:3] == key[:3]]:
            del _COMPILED[stale]
        _COMPILED[key] = found
    # The ORM's own SQL, values as parameters; the output fields convert what is read as before.
    return {column: RawSQL(sql, params, field) for column, (sql, params, field) in found.items()}  # noqa: S611
