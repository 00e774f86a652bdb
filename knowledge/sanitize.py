"""The one door for HTML that staff type into the admin: articles and legal texts keep headings, lists,
links, tables and images, and lose scripts, styles, event handlers and javascript: links."""

import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "b", "i", "a", "img",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "abbr",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
    "th": {"scope"},
}
# Links may go anywhere a tenant can follow; images must come from our own site (relative addresses),
# since the Content Security Policy would block any other source anyway.
URL_SCHEMES = {"https", "http", "mailto", "tel"}


def clean_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_only_local_images,
    )


def safe_html(html: str) -> SafeString:
    """Sanitised again on every render: rows written by imports or the shell never reach a page raw."""
    return mark_safe(clean_html(html))  # noqa: S308 - cleaned by nh3 just above


def _only_local_images(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not (value.startswith("/") and not value.startswith("//")):
        return None
    return value
