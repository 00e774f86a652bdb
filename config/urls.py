from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from notifications.webhooks import postmark_inbound

from . import errors, health

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # One door for staff sign-in: the admin's own login would skip the back-office lock-out and second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="backoffice:signin", query_string=True)),
    path("admin/", admin.site.urls),
    path("portal/", include("portal.urls")),
    path("backoffice/", include("backoffice.urls")),
    path("contractor/", include("portal.contractor_urls")),
    # The exchange API for the ERP and contractors' systems, with its OpenAPI document and docs page.
    path("api/v1/", include("api.urls")),
    # Delivery and inbound webhooks of the mail provider, secured by ANYMAIL["WEBHOOK_SECRET"].
    # Inbound mail may carry attachments larger than the usual request body limit (before anymail's own).
    path("anymail/postmark/inbound/", postmark_inbound, name="postmark_inbound"),
    path("anymail/", include("anymail.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
