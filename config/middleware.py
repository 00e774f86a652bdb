"""Responses that carry a person's data are never kept by a browser or a proxy cache."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

# A contractor's pages are opened by a signed link, not a session; they show the tenant's data too.
SIGNED_LINK_PREFIXES = ("/contractor/",)


class NoStoreForPersonalPagesMiddleware:
    """`Cache-Control: no-store` on every page of a signed-in person and every signed-link page, so the
    back button after signing out on a shared computer shows nothing, and no proxy keeps a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith(SIGNED_LINK_PREFIXES):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
