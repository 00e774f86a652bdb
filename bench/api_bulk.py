"""Benchmark of the exchange API's bulk upsert: 10,000 units in one request, through the whole stack
(token, rate limit, validation, estate.upserts, call log), on its own database.

    createdb -h 127.0.0.1 -U postgres mp_api_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_api_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_api_bench .venv/bin/python bench/api_bulk.py

Sends the same 10,000 units three times: the first run creates them, the second must change nothing
(idempotent), the third changes every unit's area (bulk update). Prints time and query count of each and
writes bench/results/api_bulk.json. The units' property and building, and the integration, are created
by the script and removed afterwards, so it can run on any database.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mp_api_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from api.models import Integration, Scope  # noqa: E402
from estate.models import Property, Unit  # noqa: E402

PREFIX = "bench-api-"


def send(client: Client, token: str, path: str, items: list[dict]) -> tuple[dict, float, int]:
    body = json.dumps({"items": items})
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.post(
            f"/api/v1/masterdata/{path}",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code} {response.content[:500]!r}")
    return response.json(), seconds, len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=10_000)
    args = parser.parse_args()
    cleanup()
    integration = Integration(
        name=f"{PREFIX}erp", scopes=[Scope.MASTERDATA_WRITE], rate_limit_per_minute=1000
    )
    token = integration.issue_token()
    integration.save()
    client = Client()
    try:
        send(
            client,
            token,
            "properties",
            [
                {
                    "external_id": f"{PREFIX}p",
                    "code": f"{PREFIX}p"[:20],
                    "name": "Benchmark",
                    "street": "Weg 1",
                    "postcode": "10115",
                    "city": "Berlin",
                }
            ],
        )
        send(
            client,
            token,
            "buildings",
            [
                {
                    "external_id": f"{PREFIX}b",
                    "property": f"{PREFIX}p",
                    "street": "Weg",
                    "house_number": "1",
                    "postcode": "10115",
                    "city": "Berlin",
                }
            ],
        )
        units = [
            {
                "external_id": f"{PREFIX}u{n}",
                "building": f"{PREFIX}b",
                "number": f"{n:06d}",
                "kind": "flat",
                "floor": f"{n % 8}. OG",
                "rooms": "3.0",
                "area": "72.50",
            }
            for n in range(args.units)
        ]
        runs = {}
        for name, rows in [
            ("create", units),
            ("retry", units),
            ("update", [u | {"area": "73.00"} for u in units]),
        ]:
            result, seconds, queries = send(client, token, "units", rows)
            runs[name] = {
                "seconds": round(seconds, 3),
                "queries": queries,
                "created": result["created"],
                "updated": result["updated"],
                "unchanged": result["unchanged"],
            }
            print(
                f"{name:7} {args.units} units: {seconds:6.2f} s, {queries:3d} queries, "
                f"created {result['created']}, updated {result['updated']}, unchanged {result['unchanged']}"
            )
        assert runs["retry"]["unchanged"] == args.units, "the second run must change nothing"
        out = {"units": args.units, "runs": runs}
        path = ROOT / "bench" / "results" / "api_bulk.json"
        path.write_text(json.dumps(out, indent=2) + "\n")
        print(f"wrote {path}")
    finally:
        cleanup()


def cleanup() -> None:
    Unit.objects.filter(external_id__startswith=PREFIX).delete()
    Property.objects.filter(external_id__startswith=PREFIX).delete()
    Integration.objects.filter(name__startswith=PREFIX).delete()


if __name__ == "__main__":
    main()
