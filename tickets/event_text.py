"""What a timeline row says, in the reader's words: one title and a few lines for each kind of TicketEvent.
Staff read the whole row; residents (the tenant, a follower) read only what is meant for them, so the
back-office and the portal ask the same function and only differ in `for_staff`."""

from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalogs.models import Priority

from .models import Channel, Message, TicketEvent
from .status import Status

Text = tuple[str, list[str]]


def describe(event: TicketEvent, *, for_staff: bool) -> Text:
    """The title and lines of one row (a message's text and a file's link are shown by the caller)."""
    data = event.data or {}
    words = _KINDS.get(event.kind)
    if words is None:
        return event.get_kind_display(), _reason(data)
    return words(data, for_staff)


def who_for_resident(event: TicketEvent, *, user_id: int | None) -> str:
    """Who wrote a row, as a resident reads it: "Sie" for their own rows, staff by name, a worker by their
    trade, and every other resident unnamed (on a followed ticket too)."""
    if user_id is not None and event.actor_id == user_id:
        return _("Sie")
    if event.kind == TicketEvent.Kind.CONTRACTOR and event.data.get("worker") == "caretaker":
        return _("Hauswart")
    if event.actor is not None and event.actor.is_staff:
        return event.actor_label
    kind = event.data.get("actor_kind")  # rows written since the timeline keeps it
    if kind == "resident":
        return _("Bewohner/in")
    if kind in ("staff", "system"):
        return _("Verwaltung")  # the company's own system, or its ERP through the API
    if kind == "contractor":
        return _("Handwerksbetrieb")
    if event.actor_id is None and (event.actor_label == "System" or event.data.get("by_integration")):
        return _("Verwaltung")  # the company's own system, or its ERP through the API
    if event.actor_id is None and event.kind == TicketEvent.Kind.PROCESS:
        return _("Bewohner/in")  # a party without a login, by their link (a co-tenant's consent)
    if event.actor_id is None:
        return _("Handwerksbetrieb")
    return _("Bewohner/in")


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "—")


def when(text) -> str:
    moment = parse_datetime(text) if isinstance(text, str) else None
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else "—"


def _reason(data: dict) -> list[str]:
    return [_("Begründung: %(reason)s") % {"reason": data["reason"]}] if data.get("reason") else []


def _created(data: dict, for_staff: bool) -> Text:
    title = _("Gemeldet über %(channel)s") % {"channel": _label(Channel, data.get("channel"))}
    lines = []
    if for_staff and (data.get("assignee") or data.get("team")):
        lines.append(_("Zuständig: %(who)s") % {"who": data.get("assignee") or data.get("team")})
    if for_staff and data.get("deputy_for"):
        lines.append(_("in Vertretung für %(who)s") % {"who": data["deputy_for"]})
    return title, lines


def _status(data: dict, for_staff: bool) -> Text:
    new = _label(Status, data.get("new"))
    if not for_staff:
        lines = _reason(data)
        worker = {
            "contractor": _("Ein Handwerksbetrieb ist beauftragt."),
            "caretaker": _("Der Hauswart ist beauftragt."),
        }.get(data.get("target_kind"))
        return _("Neuer Status: %(status)s") % {"status": new}, ([worker] if worker else []) + lines
    title = _("Status: %(old)s → %(new)s") % {"old": _label(Status, data.get("old")), "new": new}
    lines = []
    if data.get("released_to"):
        lines.append(_("Freigegeben an: %(to)s") % {"to": data["released_to"]})
    if data.get("note"):
        lines.append(_("Hinweis: %(note)s") % {"note": data["note"]})
    return title, lines + _reason(data)


def _assigned(data: dict, for_staff: bool) -> Text:
    old, new = data.get("old") or {}, data.get("new") or {}
    if not for_staff:
        return _("Neue Ansprechperson: %(who)s") % {"who": new.get("assignee") or new.get("team") or "—"}, []
    title = _("Zugewiesen: %(old)s → %(new)s") % {
        "old": old.get("assignee") or _("niemand"),
        "new": new.get("assignee") or _("niemand"),
    }
    lines = []
    if old.get("team") != new.get("team") and new.get("team"):
        lines.append(_("Team: %(team)s") % {"team": new["team"]})
    return title, lines + _reason(data)


def _priority(data: dict, for_staff: bool) -> Text:
    old, new = data.get("old") or {}, data.get("new") or {}
    title = _("Priorität: %(old)s → %(new)s") % {
        "old": _label(Priority, old.get("priority")),
        "new": _label(Priority, new.get("priority")),
    }
    lines = []
    if old.get("due_at") != new.get("due_at"):
        lines.append(
            _("Fällig: %(old)s → %(new)s") % {"old": when(old.get("due_at")), "new": when(new.get("due_at"))}
        )
    return title, lines + (_reason(data) if for_staff else [])


def _due(data: dict, for_staff: bool) -> Text:
    old, new = data.get("old") or {}, data.get("new") or {}
    old_due = old.get("due_at") if isinstance(old, dict) else old
    new_due = new.get("due_at") if isinstance(new, dict) else new
    title = _("Fällig: %(old)s → %(new)s") % {"old": when(old_due), "new": when(new_due)}
    return title, _reason(data) if for_staff else []


def _message(data: dict, for_staff: bool) -> Text:
    # Shown with the message itself wherever it is found; this is the row when it is not.
    return _label(Message.Kind, data.get("message_kind")), []


def _attachment(data: dict, for_staff: bool) -> Text:
    return _("Datei hinzugefügt"), []


# The worker's steps, the same for a contractor (through their link) and a caretaker (in the portal).
STEP_TITLES: dict[str, Callable[[], str]] = {
    "accepted": lambda: _("Auftrag angenommen"),
    "declined": lambda: _("Auftrag abgelehnt"),
    "appointment": lambda: _("Termin vorgeschlagen"),
    "started": lambda: _("Arbeiten begonnen"),
    "done": lambda: _("Erledigt gemeldet"),
}


def _worker_step(data: dict, for_staff: bool) -> Text:
    step = data.get("step")
    title = STEP_TITLES[step]() if step in STEP_TITLES else _("Auftrag")
    lines = []
    if step == "appointment":
        title = _("Termin vorgeschlagen: %(when)s") % {"when": when(data.get("at"))}
    if data.get("note"):
        label = _("Bericht: %(note)s") if step == "done" else _("Hinweis: %(note)s")
        lines.append(label % {"note": data["note"]})
    if step == "done" and data.get("photo_ids"):
        lines.append(_("Fotos: %(count)s") % {"count": len(data["photo_ids"])})
    if step == "declined" and for_staff:
        lines += _reason(data)
    if for_staff and data.get("worker") == "caretaker":
        lines.insert(0, _("vom Hauswart"))
    return title, lines


def _email(data: dict, for_staff: bool, *, incoming: bool) -> Text:
    who = data.get("address") or data.get("sender") or data.get("recipient") or ""
    if incoming:
        title = _("E-Mail von %(who)s") % {"who": who} if who else _("E-Mail eingegangen")
    else:
        title = _("E-Mail an %(who)s") % {"who": who} if who else _("E-Mail versandt")
    lines = [_("Betreff: %(subject)s") % {"subject": data["subject"]}] if data.get("subject") else []
    return title, lines


def _letter(data: dict, for_staff: bool) -> Text:
    if data.get("batch"):
        return _("Brief gedruckt in Stapel %(number)s") % {"number": data["batch"]}, []
    return data.get("text") or _("Brief gedruckt"), []


def _data_change(data: dict, for_staff: bool) -> Text:
    if "confidential" in data:
        title = _("Als vertraulich markiert") if data["confidential"] else _("Nicht mehr vertraulich")
        # Without a reason the row stores the title's own words as its reason: don't say it twice.
        reason = data.get("reason", "").rstrip(".")
        return title, [_("Begründung: %(reason)s") % {"reason": data["reason"]}] if reason != title else []
    title = {
        "approved": _("Änderungsantrag genehmigt"),
        "rejected": _("Änderungsantrag abgelehnt"),
    }.get(data.get("state"), _("Änderungsantrag gestellt"))
    return title, _reason(data)


def _affected(data: dict, for_staff: bool) -> Text:
    if for_staff:
        return _("Meldet sich als ebenfalls betroffen"), []
    return _("Weitere Bewohner sind betroffen"), []


def _day(text) -> str:
    day = parse_date(text or "")
    return day.strftime("%d.%m.%Y") if day else "—"


def _follow_up(data: dict, for_staff: bool) -> Text:
    day, action = _day(data.get("due_on")), data.get("action")
    if action == "done":
        title = _("Wiedervorlage vom %(day)s erledigt") % {"day": day}
    elif action == "moved":
        title = _("Wiedervorlage verschoben: %(old)s → %(new)s") % {
            "old": _day(data.get("previous")),
            "new": day,
        }
    elif action == "handed_over":
        title = _("Wiedervorlage am %(day)s übergeben an %(who)s") % {"day": day, "who": data.get("to", "—")}
    else:
        title = _("Wiedervorlage am %(day)s") % {"day": day}
    return title, [data["note"]] if data.get("note") else []


def _title(data: dict, for_staff: bool) -> Text:
    return _("Titel geändert: %(title)s") % {"title": data.get("new") or _("wie das Anliegen")}, []


def _overdue(data: dict, for_staff: bool) -> Text:
    return _("Überfällig: fällig war %(due)s") % {"due": when(data.get("due_at"))}, []


def _linked(data: dict, for_staff: bool) -> Text:
    if data.get("inbound_mail"):
        return _("E-Mail von %(who)s zugeordnet") % {"who": data.get("sender") or "—"}, []
    reason = data.get("reason") or ""
    if reason and " " not in reason:
        # A plain link stores the other ticket's reference as its reason.
        return _("Verknüpft mit Meldung %(reference)s") % {"reference": reason}, []
    return _("Mit anderer Meldung verknüpft"), [reason] if reason else []


def _comment_hidden(data: dict, for_staff: bool) -> Text:
    if data.get("author"):
        return _("Kommentar von %(who)s ausgeblendet") % {"who": data["author"]}, _reason(data)
    return _("Kommentar eines Bewohners ausgeblendet"), _reason(data)


def _watcher(data: dict, for_staff: bool) -> Text:
    if data.get("via") == "mention":
        return _("%(who)s in einer Notiz erwähnt und beobachtet die Meldung") % {
            "who": data.get("who", "—")
        }, []
    return _("%(who)s beobachtet die Meldung") % {"who": data.get("who", "—")}, []


def _named(names) -> str:
    """A name stored in the row in German, English and Dutch (a process and its steps): the reader's."""
    if not isinstance(names, dict):
        return str(names or "—")
    lang = (get_language() or "de")[:2]
    return names.get(lang) or names.get("de") or "—"


def _process(data: dict, for_staff: bool) -> Text:
    """A process step (processes.engine): started, done with an outcome, skipped; or the whole process
    started, finished or cancelled. The row carries the names, so nothing is loaded to show it."""
    action, step = data.get("action"), _named(data.get("step_name"))
    process = _named(data.get("process_name"))
    titles = {
        "process_started": _("Vorgang begonnen: %(process)s"),
        "process_done": _("Vorgang abgeschlossen: %(process)s"),
        "process_cancelled": _("Vorgang abgebrochen: %(process)s"),
        "step_started": _("Nächster Schritt: %(step)s"),
        "step_done": _("Schritt erledigt: %(step)s"),
        "step_skipped": _("Schritt übersprungen: %(step)s"),
        "step_answered": _("Antwort zum Schritt: %(step)s"),
        "party_added": _("Neu beteiligt am Vorgang %(process)s: %(role)s"),
        "data_changed": _("Angaben des Vorgangs geändert: %(process)s"),
        "consent_link_sent": _("Neuer Link zur Zustimmung gesendet an %(who)s"),
        "consent_reminded": _("Erinnerung zur Zustimmung gesendet an %(who)s"),
        "instalment_paid": _("Rate %(number)s bezahlt"),
        "instalment_waived": _("Rate %(number)s erlassen"),
        "instalment_late": _("Rate %(number)s überfällig: Erinnerung gesendet"),
        "instalment_escalated": _("Rate %(number)s weiter überfällig: Sachbearbeitung informiert"),
    }
    names = {
        "process": process,
        "step": step,
        "role": _named(data.get("role_name")),
        "who": data.get("who") or "—",
        "number": data.get("instalment") or "—",
    }
    title = str(titles.get(action, _("Vorgang: %(process)s"))) % names
    lines = _instalment(data)
    if data.get("outcome_name"):
        lines.append(_("Ergebnis: %(outcome)s") % {"outcome": _named(data["outcome_name"])})
    if data.get("due_at"):
        lines.append(_("Frist: %(due)s") % {"due": when(data["due_at"])})
    return title, lines + (_reason(data) if for_staff else [])


def _instalment(data: dict) -> list[str]:
    """An instalment of a payment arrangement (payments.instalments): its amount, due day and payment day."""
    if not data.get("instalment_amount"):
        return []
    line = _("%(amount)s €, fällig am %(due)s") % {
        "amount": number_format(Decimal(data["instalment_amount"]), 2, force_grouping=True),
        "due": _day(data.get("due_on")),
    }
    if data.get("paid_on"):
        line += " · " + _("bezahlt am %(day)s") % {"day": _day(data["paid_on"])}
    return [line]


_KINDS: dict[str, Callable[[dict, bool], Text]] = {
    TicketEvent.Kind.CREATED: _created,
    TicketEvent.Kind.STATUS: _status,
    TicketEvent.Kind.ASSIGNED: _assigned,
    TicketEvent.Kind.PRIORITY: _priority,
    TicketEvent.Kind.DUE: _due,
    TicketEvent.Kind.MESSAGE: _message,
    TicketEvent.Kind.ATTACHMENT: _attachment,
    TicketEvent.Kind.CONTRACTOR: _worker_step,
    TicketEvent.Kind.EMAIL_IN: lambda data, for_staff: _email(data, for_staff, incoming=True),
    TicketEvent.Kind.EMAIL_OUT: lambda data, for_staff: _email(data, for_staff, incoming=False),
    TicketEvent.Kind.LETTER: _letter,
    TicketEvent.Kind.DATA_CHANGE: _data_change,
    TicketEvent.Kind.AFFECTED: _affected,
    TicketEvent.Kind.FOLLOW_UP: _follow_up,
    TicketEvent.Kind.TITLE: _title,
    TicketEvent.Kind.OVERDUE: _overdue,
    TicketEvent.Kind.LINKED: _linked,
    TicketEvent.Kind.COMMENT_HIDDEN: _comment_hidden,
    TicketEvent.Kind.WATCHER: _watcher,
    TicketEvent.Kind.PROCESS: _process,
}
