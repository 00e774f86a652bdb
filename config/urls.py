from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("portal/", include("portal.urls")),
    path("backoffice/", include("backoffice.urls")),
    path("contractor/", include("portal.contractor_urls")),
    # Delivery and inbound webhooks of the mail provider, secured by ANYMAIL["WEBHOOK_SECRET"].
    path("anymail/", include("anymail.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
