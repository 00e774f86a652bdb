"""Every combination the staff queue offers: tab × status (open or all) × filter × sort × depth (the
first page, and a page in the middle of the matching rows, at most row 100,000, reached by the keyset
cursor as a case worker paging down would hold it). Part of the side-by-side benchmark (bench/compare.py),
run in its Django process."""

import statistics
from types import SimpleNamespace
from urllib.parse import urlencode

from django.utils import timezone

from bench.timing import load, time_page

DEEPEST = 100_000


def representative_values() -> dict[str, dict]:
    """One realistic value per filter the form offers, taken from the data (the newest ticket that has
    it), plus the rare values that make plans fall over (emergencies, one channel in one year)."""
    from processes.models import Process
    from tickets.models import Ticket

    newest = Ticket.objects.select_related("property", "item").order_by("-id")
    latest = newest.first()
    contractor = newest.filter(contractor__isnull=False).values_list("contractor_id", flat=True).first()
    # The newest process's template; a database without processes still times the filter, as "any".
    template = Process.objects.order_by("-id").values_list("template_id", flat=True).first()
    year = timezone.localdate().year
    return {
        "category": {"category": latest.category_id},
        "group": {"group": latest.item.group_id},
        "property": {"property": latest.property.code},
        "priority": {"priority": "emergency"},
        "contractor": {"contractor": contractor},
        "channel": {"channel": "phone"},
        "process": {"process": str(template) if template else "any"},
        f"created {year - 2}": {"created_from": f"{year - 2}-01-01", "created_to": f"{year - 2}-12-31"},
        f"due {year - 1}": {"due_from": f"{year - 1}-01-01", "due_to": f"{year - 1}-12-31"},
        "search Heizung": {"q": "Heizung"},
        "category + emergency": {"category": latest.category_id, "priority": "emergency"},
        "group + emergency": {"group": latest.item.group_id, "priority": "emergency"},
        f"channel phone + created {year - 2}": {
            "channel": "phone",
            "created_from": f"{year - 2}-01-01",
            "created_to": f"{year - 2}-12-31",
        },
    }


def combinations() -> tuple[list[dict], list[str]]:
    """The combinations to time, and the form's filters this sweep has no value for (reported)."""
    from backoffice.forms import QueueFilterForm
    from backoffice.views.queue import FILTERS

    values = representative_values()
    covered = {name for filters in values.values() for name in filters} | {"status"}
    missing = [name for name in FILTERS if name not in covered]
    filters = [("no filter", {})] + [(name, f) for name, f in values.items() if set(f) <= {*FILTERS, "q"}]
    statuses = [(QueueFilterForm.OPEN, "open"), (QueueFilterForm.ANY, "all statuses")]
    out = []
    for view, _label in QueueFilterForm.VIEWS:
        for status, status_name in statuses:
            for filter_name, filter_values in filters:
                if "q" in filter_values and view != "all":
                    continue  # a search looks through every tab: the tab changes nothing
                for sort, _sort_label in QueueFilterForm.SORT_CHOICES:
                    params = {"view": view, "status": status, **filter_values, "sort": sort}
                    out.append(
                        {
                            "name": f"{view} / {status_name} / {filter_name} / {sort}",
                            "params": {k: v for k, v in params.items() if v not in ("", None)},
                        }
                    )
    return out, missing


def _queryset(user, params: dict):
    from backoffice.forms import QueueFilterForm
    from backoffice.views.queue import filtered_tickets

    form = QueueFilterForm(params)
    if not form.is_valid():
        return None, form.errors.as_json()
    return filtered_tickets(user, form.cleaned_data), None


def deep_cursor(user, params: dict, matching: int) -> tuple[str | None, int]:
    """The cursor of the page that starts in the middle of the matching rows (at most row 100,000)."""
    from backoffice import keyset

    position = min(DEEPEST, matching // 2)
    if position < 50:
        return None, position
    tickets, _ = _queryset(user, params)
    keys = keyset.SORTS[params["sort"]]
    row = (
        keyset.with_keys(tickets).order_by(*keyset.order(keys)).values(*[k.field for k in keys])[position - 1]
    )
    return keyset.encode_cursor(SimpleNamespace(**row), keys), position


def run(
    client, user, queue_url: str, *, reps: int, warmup: int, marker: str, log=print, progress=None
) -> dict:
    """Time every combination; `progress` gets the summary so far every 25 combinations."""
    combos, missing = combinations()
    if missing:
        log(f"sweep: no representative value for the filter(s) {', '.join(missing)}: not swept")
    counted: dict[str, int] = {}
    results = []
    for number, combo in enumerate(combos, 1):
        params = combo["params"]
        tickets, errors = _queryset(user, params)
        if tickets is None:
            results.append({**combo, "depth": "first", "offered": False, "errors": errors})
            continue
        count_key = urlencode({k: v for k, v in params.items() if k != "sort"})
        if count_key not in counted:  # bounded: enough to place the deep page
            counted[count_key] = tickets.order_by()[: 2 * DEEPEST + 1].count()
        pages = [("first", None, 0)]
        cursor, position = deep_cursor(user, params, counted[count_key])
        if cursor:
            pages.append(("deep", cursor, position))
        for depth, after, row in pages:
            query = {**params, "after": after} if after else params
            url = f"{queue_url}?{urlencode(query)}"
            figures = time_page(client, url, warmup=max(1, warmup), reps=reps, budget_s=1.0, min_reps=1,
                                explain=marker, only_rows_plan=True, count_in_warmup=True)  # fmt: skip
            results.append(
                {**combo, "depth": depth, "row": row, "matching": counted[count_key], "offered": True,
                 **figures}
            )  # fmt: skip
        if number % 25 == 0:
            log(f"sweep: {number} of {len(combos)} combinations (load {load()})")
            if progress:
                progress(summarise(results, missing))
    return summarise(results, missing)


def summarise(results: list[dict], missing: list[str]) -> dict:
    timed = [r for r in results if r.get("offered") and r.get("status") == 200]
    slowest = sorted(timed, key=lambda r: r["median_ms"], reverse=True)
    medians = [r["median_ms"] for r in timed]
    return {
        "combinations": len(results),
        "timed": len(timed),
        # A combination the form refuses, or the page answers 400 for, is one the UI does not offer.
        "not_offered": [r["name"] for r in results if not r.get("offered") or r.get("status") == 400],
        "failed": [
            {"name": r["name"], "status": r["status"]}
            for r in results
            if r.get("status") not in (None, 200, 400)
        ],
        "not_swept_filters": missing,
        "median_of_medians_ms": round(statistics.median(medians), 1) if medians else None,
        "over_30ms_median": sum(m > 30 for m in medians),
        "over_100ms": [_brief(r) for r in slowest if r["median_ms"] > 100],
        "most_queries": max((r["queries"] for r in timed), default=0),
        "slowest": [_brief(r) for r in slowest[:10]],
        "results": results,
    }


def _brief(r: dict) -> dict:
    plan = r.get("rows_query") or {}
    return {
        "name": f"{r['name']} / {r['depth']}" + (f" (row {r['row']:,})" if r["depth"] == "deep" else ""),
        "median_ms": r["median_ms"],
        "p95_ms": r["p95_ms"],
        "queries": r["queries"],
        "rows_plan_ms": plan.get("plan_ms"),
        "rows_exec_ms": plan.get("exec_ms"),
        "url": r["url"],
    }


def print_slowest(summary: dict, log=print) -> None:
    log(
        f"\nSweep: {summary['timed']} combinations timed, median of medians "
        f"{summary['median_of_medians_ms']} ms, {summary['over_30ms_median']} over 30 ms, "
        f"{len(summary['over_100ms'])} over 100 ms, at most {summary['most_queries']} queries"
    )
    log("\n| slowest combinations | median ms | p95 ms | queries | rows query plan / exec ms |")
    log("|---|---:|---:|---:|---:|")
    for r in summary["slowest"]:
        log(f"| {r['name']} | {r['median_ms']} | {r['p95_ms']} | {r['queries']} | "
            f"{r['rows_plan_ms']} / {r['rows_exec_ms']} |")  # fmt: skip
    extra = [r for r in summary["over_100ms"][10:]]
    if extra:
        log(f"\nAlso over 100 ms ({len(extra)}):")
        for r in extra:
            log(f"- {r['name']}: {r['median_ms']} ms")
