"""How the side-by-side benchmark times a page, the same way the peer's harness does: in-process test
client, a few warm-up requests, then timed ones (median, p95 by nearest rank), then one more request
whose SQL is captured (query count, summed SQL time, and planning versus execution of the queries)."""

import json
import math
import os
import statistics
import time

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


def nearest_rank(samples: list[float], share: float) -> float:
    """The peer's percentile: p95 of 20 samples is the 19th."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def time_page(client, url: str, *, warmup: int = 2, reps: int = 20, budget_s: float = 180.0,
              min_reps: int = 3, explain: str | None = None, only_rows_plan: bool = False,
              count_in_warmup: bool = False) -> dict:  # fmt: skip
    """Time GET `url`. A page slower than `budget_s` over all its samples stops once it has `min_reps`.
    `explain`: a piece of SQL that identifies the query whose plan is measured (e.g. 'LIMIT 51');
    `only_rows_plan` explains that one alone. `count_in_warmup` counts the queries in the first warm-up
    request instead of one more request (the sweep, where pages can take seconds)."""

    def get():
        began = time.perf_counter()
        response = client.get(url, secure=True)
        return (time.perf_counter() - began) * 1000, response

    captured, first_ms = None, None
    for n in range(warmup):
        if n == 0 and count_in_warmup:
            reset_queries()  # what earlier captures left in the log would shift this one's count
            with CaptureQueriesContext(connection) as capture:
                first_ms, _ = get()
            captured = capture.captured_queries  # read now: the next request empties the log
        else:
            get()
    samples, started = [], time.perf_counter()
    while len(samples) < reps:
        ms, response = get()
        samples.append(ms)
        if time.perf_counter() - started > budget_s and len(samples) >= min_reps:
            break
    if captured is None:
        reset_queries()
        with CaptureQueriesContext(connection) as capture:
            _, response = get()
        captured = capture.captured_queries
    queries = captured
    result = {
        "url": url,
        "status": response.status_code,
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(nearest_rank(samples, 0.95), 1),
        "min_ms": round(min(samples), 1),
        "queries": len(queries),
        "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
        "bytes": len(response.content),
        "load": load(),
    }
    if explain is not None:
        statements = [q["sql"] for q in queries]
        if only_rows_plan:
            statements = [sql for sql in statements if explain in sql][:1]
        # A page of seconds is planned but not run again: planning time is what EXPLAIN adds here.
        analyze = max(samples) < 1000 and (first_ms or 0) < 1000
        result.update(plans(statements, explain, analyze=analyze))
    return result


def plans(statements: list[str], marker: str, analyze: bool = True) -> dict:
    """Planning and execution time (EXPLAIN ANALYZE, SUMMARY) of the page's SELECTs: summed over all,
    and of the one containing `marker` (the rows query). Without `analyze` only planning is measured."""
    planning = execution = 0.0
    rows_query = None
    for sql in statements:
        if not sql.lstrip().upper().startswith("SELECT") or "$1" in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ({'ANALYZE, ' if analyze else ''}SUMMARY, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
        planning += plan["Planning Time"]
        execution += plan.get("Execution Time", 0.0)
        if rows_query is None and marker in sql:
            rows_query = {
                "plan_ms": round(plan["Planning Time"], 2),
                "exec_ms": round(plan["Execution Time"], 2) if analyze else None,
                "top": plan["Plan"]["Node Type"],
            }
    return {"plan_ms_all": round(planning, 2), "exec_ms_all": round(execution, 2), "rows_query": rows_query}
