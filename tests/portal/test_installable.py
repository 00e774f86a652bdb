"""The portal as an app: its manifest, its service worker's address and headers, and sign-out that
leaves nothing of the resident on the device."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from portal.installable import THEME_COLOR

pytestmark = pytest.mark.django_db


def test_manifest_names_the_company_and_opens_the_portal_standalone(client):
    response = client.get(reverse("portal:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == f"{settings.COMPANY['name']} – Mieterportal"
    assert manifest["lang"] == "de"
    assert manifest["start_url"] == manifest["scope"] == "/portal/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == THEME_COLOR


def test_manifest_icons_exist_in_their_sizes_and_one_is_maskable(client):
    icons = client.get(reverse("portal:manifest")).json()["icons"]
    for icon in icons:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert Image.open(path).size == (width, height)
    assert {(i["sizes"], i["purpose"]) for i in icons} >= {("192x192", "any"), ("512x512", "maskable")}


def test_theme_colour_is_the_portals_accent():
    css = Path(finders.find("css/app.css")).read_text()
    assert re.search(r"--accent:\s*([^;]+);", css)[1] == THEME_COLOR


def test_manifest_speaks_the_readers_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    manifest = client.get(reverse("portal:manifest")).json()
    assert manifest["lang"] == "nl" and manifest["short_name"] == "Huurdersportaal"


def test_service_worker_is_served_from_the_portal_for_its_whole_scope(client):
    response = client.get(reverse("portal:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/portal/"
    assert response["Cache-Control"] == "no-cache"
    assert b'self.addEventListener("fetch"' in response.content


def worker_keeps(script: str) -> list[re.Pattern]:
    """The JavaScript regular expressions of `const KEEP = [/^…/, …];` in sw.js, as Python ones."""
    listed = re.search(r"const KEEP = \[(.*)\];", script)[1]
    return [re.compile(p.strip()[1:-1].replace("\\/", "/")) for p in listed.split(", ")]


def test_the_pages_the_worker_keeps_are_still_where_it_looks():
    patterns = worker_keeps(Path(finders.find("portal/sw.js")).read_text())
    home = reverse("portal:home")
    for url in [
        home,
        reverse("portal:my_tickets"),
        reverse("portal:ticket", args=["2026-000001"]),
        reverse("portal:report"),
        reverse("portal:report_details"),
        reverse("portal:building_tickets"),
        reverse("portal:notices"),
        reverse("portal:attachment_thumb", args=[1]),
    ]:
        assert any(p.match(url.removeprefix(home)) for p in patterns), url
    for url in [reverse("portal:my_data"), reverse("portal:documents"), reverse("portal:login")]:
        assert not any(p.match(url.removeprefix(home)) for p in patterns), url


def test_every_portal_page_links_the_manifest_and_the_offline_script(client):
    page = client.get(reverse("portal:login")).text
    assert f'<link rel="manifest" href="{reverse("portal:manifest")}">' in page
    assert 'data-service-worker="/portal/sw.js"' in page
    assert f'<meta name="theme-color" content="{THEME_COLOR}">' in page


def test_sign_out_clears_the_devices_copies_and_drafts(tenant_client):
    response = tenant_client.post(reverse("portal:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
