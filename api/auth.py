"""Who is calling: the bearer token names an integration; it must be active, call from an allowed
address, stay within its rate limit and hold the scope the operation needs."""

import time

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from .models import Integration, split_token
from .problems import ApiProblem

RATE_WINDOW = 60  # seconds: limits are set per minute


def client_ip(request: HttpRequest) -> str:
    # Behind the proxy, REMOTE_ADDR is what the proxy set; X-Forwarded-For can be forged by anyone.
    return request.META.get("REMOTE_ADDR", "")


def bearer_token(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def integration_for(request: HttpRequest) -> Integration | None:
    """The integration whose token the request carries, looked up once per request; None when the token
    is missing, unknown, rotated away or the integration is switched off. `request.api_integration_seen`
    keeps who it claimed to be, so a failed call still shows in that integration's log."""
    if hasattr(request, "api_integration"):
        return request.api_integration
    token = bearer_token(request)
    prefix = split_token(token) if token else None
    found = (
        Integration.objects.select_related("contractor").filter(token_prefix=prefix).first()
        if prefix
        else None
    )
    request.api_integration_seen = found
    if found is not None and (not found.active or not found.token_matches(token)):
        found = None
    request.api_integration = found
    return found


def check_rate(integration: Integration) -> None:
    """A fixed window per minute in the shared cache (Redis in production): every web process counts
    into the same number."""
    window = int(time.time() // RATE_WINDOW)
    key = f"api:rate:{integration.pk}:{window}"
    cache.add(key, 0, timeout=RATE_WINDOW * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW * 2)
        count = 1
    if count > integration.rate_limit_per_minute:
        retry_after = RATE_WINDOW - int(time.time()) % RATE_WINDOW
        raise ApiProblem(
            429,
            _("Zu viele Aufrufe: höchstens %(limit)s pro Minute.")
            % {"limit": integration.rate_limit_per_minute},
            kind="rate-limited",
            headers={"Retry-After": str(retry_after)},
        )


class IntegrationAuth(HttpBearer):
    """Bearer token of an integration that holds `scope`."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest):
        integration = integration_for(request)
        if integration is None:
            return None  # ninja answers 401
        if not integration.allows_ip(client_ip(request)):
            raise ApiProblem(403, _("Von dieser Adresse ist der Zugang nicht erlaubt."), kind="forbidden")
        if not getattr(request, "api_rate_checked", False):
            request.api_rate_checked = True
            check_rate(integration)
        if not integration.has_scope(self.scope):
            raise ApiProblem(
                403, _("Diesem Zugang fehlt das Recht „%(scope)s“.") % {"scope": self.scope}, kind="forbidden"
            )
        return integration

    def authenticate(self, request: HttpRequest, token: str):  # pragma: no cover - __call__ does it all
        return None
