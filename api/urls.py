"""The API's URLs: every view is wrapped by api.calls (call log, Idempotency-Key, problem details), and
anything else under /api/v1/ answers with a 404 problem."""

from django.urls import URLPattern, re_path

from .calls import not_found, wrapped
from .main import api

patterns, _app_name, app_name = api.urls  # app_name: the namespace ninja reverses its docs by ("api")

urlpatterns = [
    URLPattern(p.pattern, wrapped(p.callback), p.default_args, p.name) if isinstance(p, URLPattern) else p
    for p in patterns
] + [re_path(r"^.*$", wrapped(not_found))]
