"""Full-text search over tickets: a stored German `tsvector` on PostgreSQL, a plain substring match on
SQLite (the embedded mode). A reference typed in full always finds exactly that ticket."""

import re
from collections.abc import Iterable, Iterator

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Exists, OuterRef, Q

REFERENCE = re.compile(r"\d{4}-\d{6}")


def vector_sql(t: str = "t", conversation: str | None = None) -> str:
    """The search vector of the ticket row aliased `t`, as one SQL expression. Reference and names weigh
    most, the description next, the whole conversation last. The catalog item is in there too, since case
    workers search by what is broken as often as by who reported it. `conversation` stands in for the
    messages' text where they are not stored yet (the bench generator computes the vector as it inserts)."""
    # Only fixed aliases and SQL from this codebase go in here, never input.
    if conversation is None:
        conversation = (
            "(SELECT string_agg(m.body, ' ' ORDER BY m.id) FROM tickets_message m "  # noqa: S608
            f"WHERE m.ticket_id = {t}.id)"
        )
    return f"""
    setweight(to_tsvector('german', {t}.reference), 'A')
    || setweight(to_tsvector('german', concat_ws(' ',
        (SELECT concat_ws(' ', p.first_name, p.last_name, p.company_name)
           FROM estate_party p WHERE p.id = {t}.reporter_id),
        {t}.reporter_name)), 'A')
    || setweight(to_tsvector('german', coalesce(
        (SELECT concat_ws(' ', i.name_de, i.staff_label) FROM catalogs_catalogitem i
          WHERE i.id = {t}.item_id),
        '')), 'B')
    || setweight(to_tsvector('german', {t}.description), 'B')
    || setweight(to_tsvector('german', coalesce({conversation}, '')), 'C')"""  # noqa: S608


_VECTOR_SQL = "UPDATE tickets_ticket AS t SET search_vector = " + vector_sql("t") + "\nWHERE {where}\n"  # noqa: S608


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def refresh_search_vector(ticket_ids: Iterable[int]) -> None:
    """Recompute the search column of these tickets; call it after anything that changes their text."""
    ids = [int(i) for i in ticket_ids]
    if not ids or not is_postgres():
        return
    with connection.cursor() as cursor:
        cursor.execute(_VECTOR_SQL.format(where="t.id = ANY(%s)"), [ids])


def backfill_search_vectors(*, batch_size: int = 20_000, only_missing: bool = True) -> Iterator[int]:
    """Fill the search column in id ranges (each its own short statement); yields the rows done so far."""
    if not is_postgres():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM tickets_ticket")
        low, high = cursor.fetchone()
    if low is None:
        return
    done = 0
    where = "t.id >= %s AND t.id < %s" + (" AND t.search_vector IS NULL" if only_missing else "")
    for start in range(low, high + 1, batch_size):
        with connection.cursor() as cursor:
            cursor.execute(_VECTOR_SQL.format(where=where), [start, start + batch_size])
            done += cursor.rowcount
        yield done


def search_filter(text: str) -> Q:
    """The condition for tickets matching `text`: the reference exactly, else the full text."""
    text = text.strip()
    if REFERENCE.fullmatch(text):
        return Q(reference=text)
    if is_postgres():
        return Q(search_vector=SearchQuery(text, config="german", search_type="websearch"))
    from .models import Message

    in_messages = Exists(Message.objects.filter(ticket=OuterRef("pk"), body__icontains=text))
    return (
        Q(reference__icontains=text)
        | Q(description__icontains=text)
        | Q(reporter_name__icontains=text)
        | Q(reporter__last_name__icontains=text)
        | Q(reporter__first_name__icontains=text)
        | Q(reporter__company_name__icontains=text)
        | Q(item__name_de__icontains=text)
        | in_messages
    )
