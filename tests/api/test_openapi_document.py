import json
import re

from django.test import Client

from api.management.commands.openapi import DOCUMENT, current


def test_committed_document_matches_the_code():
    # `make openapi` writes it; commit the result with the code that changed it.
    assert DOCUMENT.read_text() == current(), "api/openapi.json is outdated: run `make openapi`"


def test_document_is_openapi_3_1_with_every_resource():
    schema = json.loads(DOCUMENT.read_text())
    assert schema["openapi"].startswith("3.1")
    for path in [
        "/api/v1/masterdata/units",
        "/api/v1/tickets",
        "/api/v1/work-orders/{order_id}/done",
        "/api/v1/change-requests/{request_id}/booked",
        "/api/v1/documents",
        "/api/v1/events",
    ]:
        assert path in schema["paths"]


def test_errors_are_documented_as_problem_details():
    schema = json.loads(DOCUMENT.read_text())
    answers = schema["paths"]["/api/v1/tickets"]["get"]["responses"]
    assert list(answers["401"]["content"]) == ["application/problem+json"]


def test_docs_page_loads_only_our_own_assets_under_the_csp(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    # No inline script: the only <script> without src is the JSON settings block.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']
    assert "script-src 'self'" in response["Content-Security-Policy"]
