"""The `<ref:...>` path converter for a ticket's reference in page addresses (portal and back-office): any
text but a slash or a NUL byte. PostgreSQL cannot even compare a NUL, so such an address matches no page
and answers 404 here, once, instead of a check in every view."""

from django.urls import register_converter


class ReferenceConverter:
    regex = "[^/\x00]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "ref")
