"""English strings of Django 6.1 and django-import-export that their Dutch catalogs lack. Django falls back
to LANGUAGE_CODE, so Dutch staff would read them in German (Django's or ours, locale/de); listed here, never
imported, so that makemessages keeps their Dutch in locale/nl. Remove one once the shipped catalog has it."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

STRINGS = (
    _("- Select an option -"),
    _("“%(value)s” is not a valid binary value."),
    _("No %s matches the given query."),
    _('The app "%s" could not be found.'),
    _("Filter by %(field_name)s"),
    _(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related objects, but "
        "your account doesn't have permission to delete the following types of objects:"
    ),
    _(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the following protected "
        "related objects:"
    ),
    _(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the following "
        "related items will be deleted:"
    ),
    _("Forgotten your login credentials?"),
    _("Pagination %(name)s entries"),
    _("Pagination %(name)s"),
    _("Search %(name)s"),
    _("Logout"),
    ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", "count"),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    pgettext_lazy("ordinal is 1", "{}st"),
    # django-import-export, on the admin's import pages for master data
    _("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    _(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct format for "
        "the file."
    ),
    _("No valid data to import. Ensure your file has the correct headers or data for import."),
    _("Value could not be parsed."),
    _("Resource"),
)
