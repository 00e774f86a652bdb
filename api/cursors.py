"""Opaque cursors for keyset pages: the sort key of the last row, so a page never counts or skips."""

import base64
import datetime as dt
import json

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .problems import ApiProblem


def encode(at: dt.datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([at.isoformat(), pk]).encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[dt.datetime, int]:
    try:
        at, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        when = dt.datetime.fromisoformat(at)
        if when.tzinfo is None or not isinstance(pk, int):
            raise ValueError(cursor)
        return when, pk
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiProblem(
            422,
            _("Ungültiger Cursor."),
            kind="validation",
            errors=[{"field": "cursor", "message": _("Ungültiger Cursor."), "row": None}],
        ) from exc


def keyset_page(rows: QuerySet, *, field: str, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page of `rows` in (`field`, pk) order after `cursor`, and the cursor of the next page (None on
    the last one)."""
    if cursor:
        at, pk = decode(cursor)
        rows = rows.filter(Q(**{f"{field}__gt": at}) | Q(**{field: at, "pk__gt": pk}))
    found = list(rows.order_by(field, "pk")[: limit + 1])
    if len(found) <= limit:
        return found, None
    found = found[:limit]
    return found, encode(getattr(found[-1], field), found[-1].pk)


def encode_position(pk: int) -> str:
    """A cursor over rows that only ever grow (the events feed): the last id seen."""
    return base64.urlsafe_b64encode(json.dumps([pk]).encode()).decode().rstrip("=")


def decode_position(cursor: str) -> int:
    try:
        (pk,) = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(pk, int) or isinstance(pk, bool) or not 0 <= pk < 2**63:
            raise ValueError(cursor)
        return pk
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiProblem(
            422,
            _("Ungültiger Cursor."),
            kind="validation",
            errors=[{"field": "cursor", "message": _("Ungültiger Cursor."), "row": None}],
        ) from exc
