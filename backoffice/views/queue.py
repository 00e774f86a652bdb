"""The queue (Arbeitskorb): views, filters, search, keyset pages, bulk actions and the CSV export."""

import datetime as dt

from django.contrib import messages
from django.contrib.postgres.expressions import ArraySubquery
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

from processes.models import Process
from tickets import workflow
from tickets.actors import Actor
from tickets.errors import TicketError
from tickets.export import csv_lines
from tickets.models import Ticket
from tickets.status import Status

from .. import keyset, queue_rows, saved_views, tab_counts
from ..access import staff_required
from ..choices import queue_choices
from ..form_renderer import FAST
from ..forms import BulkForm, QueueFilterForm

PAGE_SIZE = 50
# The filters besides the tab, the search text, the sort and the page.
FILTERS = [name for name in QueueFilterForm.base_fields if name not in {"view", "q", "sort", "after"}]
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


def filtered_tickets(user, data: dict) -> QuerySet:
    """The tickets of one queue view with its filters; shared by the page and the export."""
    searching = is_search(data)
    return in_view(_filtered(user, data), "all" if searching else data["view"], user, data)


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


def in_view(tickets: QuerySet, view: str, user, data: dict) -> QuerySet:
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
        tickets = tickets.due_before(timezone.now())
        if (data.get("status") or QueueFilterForm.OPEN) == QueueFilterForm.ANY:
            tickets = tickets.active()
        return tickets
    if view == "follow_up":
        return tickets.follow_up_due(timezone.localdate())
    return tickets


def _tab_counts(user, data: dict) -> dict[str, str]:
    """Each tab's count with the filters in use; a tab leaves the search, so the search text is not."""
    data = {**data, "q": ""}

    def count() -> dict[str, int]:
        common = _filtered(user, data).order_by()
        tabs = {key: in_view(common, key, user, data) for key, _label in QueueFilterForm.VIEWS}
        return tab_counts.bounded_counts(tabs)

    counts = tab_counts.kept(user, {name: data.get(name) for name in FILTERS}, count)
    return {key: tab_counts.label(number) for key, number in counts.items()}


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
        tickets, next_cursor = keyset.page(
            filtered_tickets(request.user, data), keys, data.get("cursor"), PAGE_SIZE, rows=queue_rows.fetch
        )
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
