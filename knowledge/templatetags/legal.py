"""`{% site_url "portal:imprint" %}`: an absolute address on our site (settings.SITE_URL), for e-mails,
which are rendered without a request and read outside the site."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def site_url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)
