"""A report's answers to its item's extra questions (Zusatzfragen) as labelled rows for one audience: the
one place that decides who reads which answer, in their language, with IBANs masked. Every page, mail and
letter that shows answers asks `answer_rows`."""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from catalogs.models import Category, ExtraField
from estate.iban import looks_like_iban
from estate.models import mask_iban

from .models import Ticket


class Audience(StrEnum):
    STAFF = "staff"  # case workers: everything, an IBAN masked unless shown through the logged door
    RESIDENT = "resident"  # the reporter and the residents who may see the ticket: everything, masked
    WORKER = "worker"  # a contractor or caretaker: only what the job needs, never bank data


# The matters a worker is sent for; a tenancy matter's answers (bank account, name, move-out date) are
# personal data no contractor or caretaker needs.
WORK_KINDS = {Category.Kind.DAMAGE, Category.Kind.COMPLAINT, Category.Kind.NUISANCE, Category.Kind.GENERAL}


@dataclass(frozen=True)
class AnswerRow:
    key: str
    label: str
    value: str
    is_iban: bool = False


def answer_rows(ticket: Ticket, *, audience: Audience, reveal_iban: bool = False) -> list[AnswerRow]:
    """The ticket's answers in the order the item asks them, labelled in the active language.

    `reveal_iban` shows an IBAN in full, for staff only; the caller records the look (estate.IbanAccess)
    before it passes True. Answers to questions the item no longer asks are shown to staff by their key.
    """
    answers = ticket.answers or {}
    if not answers:
        return []
    if audience == Audience.WORKER and not _worker_may_read(ticket):
        return []
    reveal = reveal_iban and audience == Audience.STAFF
    rows = []
    fields = list(ticket.item.extra_fields.all())
    for field in fields:
        value = answers.get(field.key)
        if value in (None, ""):
            continue
        is_iban = field.kind == ExtraField.Kind.IBAN or looks_like_iban(value)
        if is_iban and audience == Audience.WORKER:
            continue
        rows.append(AnswerRow(field.key, field.label, _shown(field, value, is_iban, reveal), is_iban))
    if audience == Audience.STAFF:
        asked = {field.key for field in fields}
        for key, value in answers.items():
            if key not in asked and value not in (None, ""):
                is_iban = looks_like_iban(value)
                rows.append(AnswerRow(key, key, _shown(None, value, is_iban, reveal), is_iban))
    return rows


def has_iban(ticket: Ticket) -> bool:
    """Whether the answers hold an IBAN (so the staff page offers the logged door to show it)."""
    return any(row.is_iban for row in answer_rows(ticket, audience=Audience.STAFF))


def _worker_may_read(ticket: Ticket) -> bool:
    item = ticket.item
    if item.change_request_kind or item.document_delivery:
        return False
    return item.group.category.kind in WORK_KINDS


def _shown(field: ExtraField | None, value, is_iban: bool, reveal: bool) -> str:
    text = str(value)
    if is_iban:
        return text if reveal else mask_iban(text)
    kind = field.kind if field is not None else ""
    if kind == ExtraField.Kind.YES_NO:
        return {"yes": _("Ja"), "no": _("Nein")}.get(text, text)
    if kind == ExtraField.Kind.DATE:
        try:
            return date_format(dt.date.fromisoformat(text), "SHORT_DATE_FORMAT")
        except ValueError:
            return text
    return text
