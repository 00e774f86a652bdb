"""The exchange API (`/api/v1/`): one NinjaAPI, its routers per resource, and the OpenAPI 3.1 document
generated from their types. Error answers are documented as application/problem+json."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from . import problems
from .routers import (
    arrears,
    change_requests,
    contract_changes,
    documents,
    events,
    masterdata,
    payment_plans,
    payments,
    tickets,
    work_orders,
)
from .routers.letting import router as letting_router
from .routers.subscriptions import router as subscriptions_router
from .routers.swaps import router as swaps_router

DESCRIPTION = """\
The exchange API of the tenant portal for the housing company's ERP and its contractors' systems, shaped
after the Dutch VERA maintenance standard (OHD): a ticket is VERA's *onderhoudsverzoek*, a work order its
*onderhoudsorder*, and where our codes match VERA's, the representation carries the VERA code beside ours
(`{"soort": ..., "code": ..., "naam": ...}`, as VERA's *Referentiedata*).

**Authentication**: `Authorization: Bearer <token>` of an integration (created in the admin, shown once).
Each operation needs one scope. **Errors** are RFC 9457 problem details (`application/problem+json`);
bulk requests name the failing row in `errors[].row`. **Retries**: send an `Idempotency-Key` header with
every POST; a retry with the same key gets the stored answer, the same key with another body gets 422.

**Changes**: poll `GET /events` with the last `next_cursor`, or subscribe to webhooks in the admin (ticket
created, status changed, public message, work order step, change request decided, payment request ended,
payment method decided, `subscription.changed`: a Zusatzvereinbarung booked, decided, given notice or
ended, with the change and the agreement as `GET /subscriptions` shows it). A webhook is a POST of
JSON with `Webhook-Id` (the same on every retry: drop what you have seen), `Webhook-Timestamp` (Unix
seconds) and `Webhook-Signature: v1=<hex>`, the HMAC-SHA256 of `<timestamp>.<body>` keyed with the
subscription's secret; reject a stale timestamp. Answer 2xx quickly; anything else is tried again with
growing pauses for three days.
"""


class ExchangeAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema.get("paths", {}).values():
            for method, operation in path.items():
                for code, response in operation.get("responses", {}).items():
                    if int(code) >= 400 and "content" in response:
                        response["content"] = {problems.CONTENT_TYPE: response["content"]["application/json"]}
                if method == "post":
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
        return schema


IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": "Makes a retry safe: the first answer is stored and sent again for the same key.",
}

api = ExchangeAPI(
    title="Mieterportal exchange API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)
api.add_router("/masterdata", masterdata.router)
api.add_router("/tickets", tickets.router)
api.add_router("/work-orders", work_orders.router)
api.add_router("/change-requests", change_requests.router)
api.add_router("/contract-changes", contract_changes.router)
api.add_router("/documents", documents.router)
api.add_router("/events", events.router)
api.add_router("/payment-requests", payments.router)
api.add_router("/payment-methods", payments.methods_router)
api.add_router("/arrears", arrears.router)
api.add_router("/lettings", letting_router)
api.add_router("/subscriptions", subscriptions_router)
api.add_router("/payment-plans", payment_plans.router)
api.add_router("/home-swaps", swaps_router)
