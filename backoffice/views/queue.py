"""The queue (Arbeitskorb): views, filters, search, keyset pages, bulk actions and the CSV export."""

import datetime as dt

from django.contrib import messages
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, F, Func, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from processes.models import Process
from tickets import workflow
from tickets.actors import Actor
from tickets.errors import TicketError
from tickets.export import csv_lines
from tickets.models import Ticket
from tickets.querysets import staff_access
from tickets.status import Status

from .. import keyset, queue_rows, saved_views, tab_counts
from ..access import staff_required
from ..choices import queue_choices
from ..form_renderer import FAST
from ..forms import BulkForm, QueueFilterForm

PAGE_SIZE = 50
# The filters besides the tab, the search text, the sort and the page.
FILTERS = [name for name in QueueFilterForm.base_fields if name not in {"view", "q", "sort", "after"}]
VIEWS = [key for key, _label in QueueFilterForm.VIEWS]
# The fields of the filter grid (_queue_filters.html): all but the tab, the search box and hidden ones.
GRID = [
    name
    for name, field in QueueFilterForm.base_fields.items()
    if name not in {"view", "q"} and not field.widget.is_hidden
]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def is_search(data: dict) -> bool:
    """A search looks through everything the user may see, whatever tab it was typed in: a case worker
    looking for a ticket rarely knows whether it is hers, her team's or already closed."""
    return bool(data.get("q", "").strip())


def filtered_tickets(user, data: dict, *, now=None, today=None) -> QuerySet:
    """The tickets of one queue view with its filters; shared by the page and the export."""
    searching = is_search(data)
    view = "all" if searching else data["view"]
    return in_view(_filtered(user, data), view, user, data, now=now, today=today)


def _filtered(user, data: dict) -> QuerySet:
    """Everything but the view (the tab): what all tabs of one page have in common."""
    tickets = Ticket.objects.visible_to(user).for_queue()
    searching = is_search(data)
    status = data.get("status") or (QueueFilterForm.ANY if searching else QueueFilterForm.OPEN)
    if status == QueueFilterForm.OPEN:
        tickets = tickets.filter(status__in=sorted(Status.active()))
    elif status != QueueFilterForm.ANY:
        tickets = tickets.filter(status=status)
    simple = {
        "category": "category_id",
        "property": "property",
        "contractor": "contractor_id",
        "channel": "channel",
    }
    for name, lookup in simple.items():
        if data.get(name):
            tickets = tickets.filter(**{lookup: data[name]})
    if data.get("group"):
        # The group's items as a list: PostgreSQL estimates a list of items from its statistics, where a
        # join to the catalog would leave it guessing.
        tickets = tickets.filter(item_id__in=queue_choices()["group_items"].get(data["group"], []))
    if data.get("process"):
        tickets = tickets.filter(_id_among(_process_tickets(data["process"])))
    if data.get("priority"):
        tickets = tickets.of_priority(data["priority"])
    if data.get("created_from"):
        tickets = tickets.filter(created_at__gte=_day_start(data["created_from"]))
    if data.get("created_to"):
        tickets = tickets.filter(created_at__lt=_day_start(data["created_to"] + dt.timedelta(days=1)))
    if data.get("due_from") or data.get("due_to"):
        end = data.get("due_to")
        tickets = tickets.due_between(
            _day_start(data["due_from"]) if data.get("due_from") else None,
            _day_start(end + dt.timedelta(days=1)) if end else None,
        )
    if searching:
        tickets = tickets.matching(data["q"])
    return tickets


def _process_tickets(choice: str) -> QuerySet:
    """The ids of the tickets carrying a process, of one template or (ANY) of every one."""
    processes = Process.objects.order_by()
    if choice != QueueFilterForm.ANY:
        processes = processes.filter(template_id=int(choice))
    return processes.values("ticket_id")


def _id_among(ids: QuerySet) -> Func:
    """`id = ANY(ARRAY(SELECT ...))` rather than `id IN (SELECT ...)`: the array is read first (from the
    process table's template index) and the tickets are then fetched by primary key, so the cost follows
    the number of processes. Given the semi-join, PostgreSQL hash-joined it against every open ticket
    (22,000 pages read at a million tickets), its estimate of the join being no better than a guess."""
    return Func(
        F("id"),
        ArraySubquery(ids),
        arg_joiner=" = ANY(",
        template="%(expressions)s)",
        output_field=BooleanField(),
    )


def in_view(tickets: QuerySet, view: str, user, data: dict, *, now=None, today=None) -> QuerySet:
    if view == "mine":
        return tickets.assigned_to(user)
    if view == "team":
        return tickets.of_teams_of(user)
    if view == "unassigned":
        return tickets.unassigned()
    if view == "overdue":
        # Overdue is open work past its due time. The status filter already keeps to open work by
        # default; naming the statuses twice makes PostgreSQL square their selectivity and pick a plan
        # that sorts every overdue ticket instead of reading the due-time index in order.
        tickets = tickets.due_before(now or timezone.now())
        if (data.get("status") or QueueFilterForm.OPEN) == QueueFilterForm.ANY:
            tickets = tickets.active()
        return tickets
    if view == "follow_up":
        return tickets.follow_up_due(today or timezone.localdate())
    return tickets


# --- The page's ids query and the tabs' counts, compiled once per shape ---------------------------------
# Building the filtered querysets and compiling them cost about 2 ms of every request (the ids) and 5 ms
# whenever the counts are not kept. Their SQL depends on the tab, the sort, the filters and their values,
# the user's two ticket permissions and whether a cursor is given; the user, the cursor's values and the
# clock are only parameters. So each is built once per shape with stand-ins for those (values no account,
# cursor or clock has) and kept; a request puts its own values where the stand-ins are. A search and a
# catalog group (whose items the cached lists give) are built each time.
_STAND_IN_USER = -(2**31) + 4201
_STAND_IN_NOW = dt.datetime(1901, 2, 3, 4, 5, 6, 4201, tzinfo=dt.UTC)
_STAND_IN_TODAY = dt.date(1901, 2, 4)
_COMPILED: dict[tuple, tuple[str, list] | None] = {}
_MAX_COMPILED = 1000


def _stand_in_cursor(keys: list[keyset.Key]) -> list:
    return [
        dt.datetime(1901, 2, 3, 4, 5, 6, 4300 + n, tzinfo=dt.UTC) if key.is_time else -(2**31) + 4300 + n
        for n, key in enumerate(keys)
    ]


def _page_keys(user, data: dict, keys: list[keyset.Key]) -> list:
    """The sort keys of the page's rows (and one more), as `keyset.key_rows` reads them."""
    cursor = data.get("cursor")
    if data.get("group") and (data["sort"] == "priority" or data.get("priority")):
        # By urgency, or of one urgency: a group's items item by item (an index leads with the item).
        items = queue_choices()["group_items"].get(data["group"], [])
        tickets = filtered_tickets(user, {**data, "group": None})
        return keyset.key_rows_per(tickets, keys, cursor, PAGE_SIZE, "item_id", items)

    def build(user, now, today, cursor) -> tuple[str, list]:
        tickets = filtered_tickets(user, data, now=now, today=today)
        query = keyset.key_rows(tickets, keys, cursor, PAGE_SIZE).query
        return query.get_compiler(connection=connection).as_sql()

    compiled = _compiled("keys", user, data, build, _stand_in_cursor(keys) if cursor is not None else None)
    if compiled is None:
        return list(keyset.key_rows(filtered_tickets(user, data), keys, cursor, PAGE_SIZE))
    return _run(compiled, user, cursor)


def _tab_counts(user, data: dict) -> dict[str, str]:
    """Each tab's count with the filters in use; a tab leaves the search, so the search text is not."""
    data = {**data, "q": ""}

    def build(user, now, today, _cursor) -> tuple[str, list]:
        common = _filtered(user, data).order_by()
        tabs = {key: in_view(common, key, user, data, now=now, today=today) for key in VIEWS}
        return tab_counts.counts_sql(tabs)

    def count() -> dict[str, int]:
        compiled = _compiled("counts", user, data, build)
        if compiled is None:
            return dict(zip(VIEWS, tab_counts.run(*build(user, None, None, None)), strict=True))
        return dict(zip(VIEWS, _run(compiled, user)[0], strict=True))

    counts = tab_counts.kept(user, {name: data.get(name) for name in FILTERS}, count)
    return {key: tab_counts.label(number) for key, number in counts.items()}


def _compiled(query: str, user, data: dict, build, cursor: list | None = None) -> tuple[str, list] | None:
    """`build(user, now, today, cursor)`'s SQL for this shape, built once with the stand-ins; None when it
    is built on every request (a search, a catalog group) or the stand-ins cannot be trusted."""
    if is_search(data) or data.get("group"):
        return None
    # The permissions and the teams (which the team tab names by id): a superuser's teams too.
    access = staff_access(user) if user.is_staff else None
    shape = (
        query,
        connection.alias,
        user.is_staff,
        user.is_superuser,
        access,
        timezone.get_current_timezone_name(),
        data["view"],
        data["sort"],
        tuple(getattr(data.get(name), "pk", data.get(name)) for name in FILTERS),
        cursor is not None,
        PAGE_SIZE,
        tab_counts.CAP,
    )
    if shape not in _COMPILED:
        if len(_COMPILED) >= _MAX_COMPILED:
            _COMPILED.clear()
        _COMPILED[shape] = _compile(build, user, access, cursor)
    return _COMPILED[shape]


def _compile(build, user, access, cursor: list | None) -> tuple[str, list] | None:
    """The SQL with each parameter either as it is or as the name of the value a request puts in
    ("user", "now", "today", or the cursor's position); None when the stand-ins cannot be trusted."""
    stand_in = User(pk=_STAND_IN_USER, is_staff=user.is_staff, is_superuser=user.is_superuser)
    if access is not None:
        stand_in._ticket_access = access  # staff_access's own per-request memo: the user's permissions
    try:
        sql, params = build(stand_in, _STAND_IN_NOW, _STAND_IN_TODAY, cursor)
    except EmptyResultSet:
        return None
    if access is not None and staff_access(stand_in) != access:
        return None  # the permissions were asked for the stand-in: its SQL is not the user's
    named = {_STAND_IN_USER: "user", _STAND_IN_NOW: "now", _STAND_IN_TODAY: "today"}
    named.update((value, n) for n, value in enumerate(cursor or []))
    slots = []
    for param in params:
        # An int may come wrapped for its column's type (psycopg's Int2 for the priority rank).
        plain = isinstance(param, int | dt.date) and not isinstance(param, bool)
        slot = named.get(param) if plain else None
        slots.append(("slot", slot) if slot is not None else ("value", param))
    if str(_STAND_IN_USER) in sql or "1901-02" in sql:
        return None  # a stand-in written into the SQL itself, not passed as a parameter
    if not set(range(len(cursor or []))) <= {slot for kind, slot in slots if kind == "slot"}:
        return None  # a cursor value not found among the parameters
    return sql, slots


def _run(compiled: tuple[str, list], user, cursor: list | None = None) -> list[tuple]:
    sql, slots = compiled
    values = {"user": user.pk, "now": timezone.now(), "today": timezone.localdate()}
    values.update(enumerate(cursor or []))
    params = [values[slot] if kind == "slot" else slot for kind, slot in slots]
    with connection.cursor() as db:
        db.execute(sql, params)
        return db.fetchall()


def _narrowed(data: dict) -> bool:
    """Whether filters beyond the search text limit a search."""
    return any(data.get(name) for name in FILTERS)


# The filter grid's HTML (_queue_filters.html) by everything it depends on when no field has an error: the
# choice lists (their stamp), the language and the values sent. Rendering its sixteen fields took about
# 2 ms of every request; most requests send one of a few combinations of filters.
_FILTER_FIELDS: dict[tuple, str] = {}
_MAX_FILTER_FIELDS = 500


def _filter_fields(form: QueueFilterForm, stamp) -> str:
    if form.errors:
        return render_to_string("backoffice/_queue_filters.html", {"form": form})
    key = (stamp, get_language(), form.is_bound, tuple(form.data.get(name) for name in GRID))
    found = _FILTER_FIELDS.get(key)
    if found is None:
        found = render_to_string("backoffice/_queue_filters.html", {"form": form})
        if len(_FILTER_FIELDS) >= _MAX_FILTER_FIELDS:
            _FILTER_FIELDS.clear()
        _FILTER_FIELDS[key] = found
    return found


def _query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    choices = queue_choices()
    form = QueueFilterForm(request.GET or None, renderer=FAST)
    rows, next_cursor, status, counts = [], None, 200, {}
    searching = narrowed = False
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {"view": "mine", "sort": "due"}
        keys = keyset.SORTS[data["sort"]]
        found_keys = _page_keys(request.user, data, keys)
        tickets, next_cursor = keyset.page(found_keys, keys, PAGE_SIZE, queue_rows.fetch)
        rows = queue_rows.queue_rows(tickets, request.user)
        view = data["view"]
        searching, narrowed = is_search(data), _narrowed(data)
        counts = _tab_counts(request.user, data)
    else:
        status = 400
        view = form.data.get("view") or "mine"
    base_query = _query_without(request, "after")
    context = {
        "form": form,
        "rows": rows,
        "rows_html": queue_rows.render_rows(rows),
        "view": view,
        "views": [(key, label, counts.get(key)) for key, label in QueueFilterForm.VIEWS],
        "searching": searching,
        "narrowed": narrowed,
        # A tab shows its own tickets: following one leaves the search.
        "view_query": _query_without(request, "after", "view", "q"),
        "next_query": f"{base_query}&after={next_cursor}" if next_cursor else "",
        "is_later_page": bool(request.GET.get("after")),
        "first_query": base_query,
        "filter_fields": _filter_fields(form, choices.get("stamp")),
        "staff_select": choices["staff_select"],
        "statuses": Status.choices,
        "here": request.get_full_path(),
        "saved_views": saved_views.for_user(request.user),
        "save_query": _query_without(request, "after"),
    }
    return render(request, "backoffice/queue.html", context, status=status)


@staff_required
def export(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "backoffice/queue.html", {"form": form, "rows": []}, status=400)
    tickets = keyset.with_keys(
        filtered_tickets(request.user, form.cleaned_data).prefetch_related("contractor")
    )
    tickets = tickets.order_by(*keyset.order(keyset.SORTS[form.cleaned_data["sort"]]))
    stamp = timezone.localtime().strftime("%Y-%m-%d_%H%M")
    response = StreamingHttpResponse(
        csv_lines(tickets.iterator(chunk_size=2000), request.user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meldungen_{stamp}.csv"'
    return response


@require_POST
@staff_required
def bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("backoffice:queue")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(next_url)
    data, actor = form.cleaned_data, Actor.for_user(request.user)
    versions = dict(data["tickets"])
    done = 0
    for ticket in Ticket.objects.visible_to(request.user).filter(pk__in=versions).order_by("id"):
        try:
            if data["action"] == "assign":
                workflow.reassign(
                    ticket,
                    actor=actor,
                    assignee=data["assignee"],
                    reason=data["reason"],
                    expected_version=versions[ticket.pk],
                )
            else:
                workflow.change_status(
                    ticket,
                    to=data["status"],
                    actor=actor,
                    reason=data["reason"],
                    expected_version=versions[ticket.pk],
                )
            done += 1
        except TicketError as error:
            messages.error(request, f"{ticket.reference}: {error.message}")
    if done:
        messages.success(request, _("%(count)d Meldung(en) geändert.") % {"count": done})
    return HttpResponseRedirect(next_url)
