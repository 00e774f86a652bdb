"""Who may call: a valid, active token from an allowed address, within its rate limit, with the scope."""

from api.models import IntegrationCall, Scope
from tests.api.conftest import ApiClient, make_integration


def test_missing_token_answers_401_problem(db):
    response = ApiClient("").get("/tickets")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_rotated_token_fails_and_the_new_one_works(db):
    integration, old = make_integration(Scope.TICKETS_READ)
    new = integration.issue_token()
    integration.save()
    assert ApiClient(old).get("/tickets").status_code == 401
    assert ApiClient(new).get("/tickets").status_code == 200


def test_switched_off_integration_fails(db):
    integration, token = make_integration(Scope.TICKETS_READ, active=False)
    assert ApiClient(token).get("/tickets").status_code == 401


def test_read_only_token_cannot_write(db):
    _integration, token = make_integration(Scope.TICKETS_READ)
    response = ApiClient(token).post("/masterdata/units", {"items": []})
    assert response.status_code == 403
    assert "masterdata:write" in response.json()["detail"]


def test_address_outside_the_allow_list_is_refused(db):
    _integration, token = make_integration(Scope.TICKETS_READ, allowed_ips="192.0.2.0/24")
    assert ApiClient(token).get("/tickets").status_code == 403  # the test client calls from 127.0.0.1
    _integration, token = make_integration(Scope.TICKETS_READ, allowed_ips="127.0.0.1")
    assert ApiClient(token).get("/tickets").status_code == 200


def test_rate_limit_answers_429_with_retry_after(db, monkeypatch):
    from django.core.cache import cache

    # The window is a wall-clock minute: hold the clock mid-minute so the calls can't straddle two.
    monkeypatch.setattr("api.auth.time.time", lambda: 1_800_000_030.0)
    cache.clear()
    _integration, token = make_integration(Scope.TICKETS_READ, rate_limit_per_minute=2)
    client = ApiClient(token)
    assert [client.get("/tickets").status_code for _ in range(3)] == [200, 200, 429]
    assert int(client.get("/tickets")["Retry-After"]) > 0


def test_every_call_is_logged_with_its_integration(db):
    integration, token = make_integration(Scope.TICKETS_READ)
    ApiClient(token).get("/tickets", status="open")
    ApiClient(token + "x").get("/tickets")
    calls = list(IntegrationCall.objects.filter(integration=integration).order_by("id"))
    assert [(c.method, c.path, c.status) for c in calls] == [
        ("GET", "/api/v1/tickets?status=open", 200),
        ("GET", "/api/v1/tickets", 401),
    ]


def test_unknown_path_is_a_problem_too(db):
    _integration, token = make_integration(Scope.TICKETS_READ)
    response = ApiClient(token).get("/nothing-here")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
