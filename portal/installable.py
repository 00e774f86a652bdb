"""The portal as an app on a phone's home screen: its web app manifest, and its service worker served
from the portal's own address so that it may look after every page under /portal/ (static/portal/sw.js
keeps copies of pages seen for reading offline; static/portal/offline.js keeps a report's draft)."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# The portal's accent and page colours (--accent and --bg in static/css/app.css); the home-screen tile and
# the phone's status bar take them on.
THEME_COLOR = "#0b5cad"
BACKGROUND_COLOR = "#f6f7f9"
ICONS = [
    ("portal/icons/icon-192.png", "192x192", "any"),
    ("portal/icons/icon-512.png", "512x512", "any"),
    ("portal/icons/maskable-192.png", "192x192", "maskable"),
    ("portal/icons/maskable-512.png", "512x512", "maskable"),
]
SERVICE_WORKER = "portal/sw.js"


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    home = reverse("portal:home")
    data = {
        "id": home,
        "name": f"{settings.COMPANY['name']} – {_('Mieterportal')}",
        "short_name": _("Mieterportal"),
        "description": _("Schäden melden, Meldungen verfolgen, Aushänge und Dokumente lesen."),
        "lang": get_language(),
        "dir": "ltr",
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static(name), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for name, sizes, purpose in ICONS
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The static file, from the portal's address: a worker looks after pages at and below its own path."""
    found = finders.find(SERVICE_WORKER)
    if found:
        with open(found, "rb") as source:
            script = source.read()
    else:  # collected for production, without the source folders
        with staticfiles_storage.open(SERVICE_WORKER) as source:
            script = source.read()
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("portal:home")
    # The browser looks for a new version on every visit; no cache in between may answer with an old one.
    response["Cache-Control"] = "no-cache"
    return response


urlpatterns = [
    path("manifest.webmanifest", manifest, name="manifest"),
    path("sw.js", service_worker, name="service_worker"),
]
