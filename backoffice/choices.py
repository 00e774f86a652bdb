"""The queue's choice lists (categories, catalog groups, contractors, process templates, colleagues for the
bulk action), read from the database once and kept in the cache per language until one of them changes:
the queue page reads no master data on a request, and the colleagues' select is rendered once, not on
every page."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from catalogs.models import CatalogGroup, CatalogItem, Category
from estate.models import Contractor
from processes.models import ProcessTemplate

# A change through a path that sends no signal (a queryset update) shows within this time.
SECONDS = 300
SOURCES = (Category, CatalogGroup, CatalogItem, Contractor, ProcessTemplate, User)


def _key(language: str) -> str:
    return f"backoffice:choices:{language}"


def queue_choices() -> dict:
    """{"categories", "groups", "contractors", "process_templates": [(pk, label)], "stamp": int,
    "group_items": {group: [item ids]}, "colleagues": [(pk, username, first name, last name)],
    "staff_select": "<select>…"} in the active language."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    found = cache.get(_key(language))
    if found is None:
        found = _read()
        cache.set(_key(language), found, SECONDS)
    return found


def _read() -> dict:
    from .forms import PlainSelect, staff_users

    groups = list(CatalogGroup.objects.select_related("category"))
    group_items: dict[int, list[int]] = {g.pk: [] for g in groups}
    for item_id, group_id in CatalogItem.objects.values_list("pk", "group_id"):
        group_items.setdefault(group_id, []).append(item_id)
    categories = {g.category_id: str(g.category) for g in groups}
    colleagues = list(staff_users().values_list("pk", "username", "first_name", "last_name"))
    staff = [("", _("– Person –"))] + [
        (pk, str(User(pk=pk, username=u, first_name=f, last_name=la))) for pk, u, f, la in colleagues
    ]
    contractors = list(Contractor.objects.filter(active=True).values_list("pk", "name"))
    option = '<option value="{}">{}</option>'
    return {
        # Tells one reading of the lists from the next: what is rendered from them is kept by it.
        "stamp": time.time_ns(),
        "categories": list(categories.items()),
        "groups": [(g.pk, f"{g.category} – {g}") for g in groups],
        "group_items": group_items,
        "contractors": contractors,
        "process_templates": [(t.pk, t.label) for t in ProcessTemplate.objects.filter(is_active=True)],
        "colleagues": colleagues,
        "staff_select": PlainSelect(choices=staff).render("assignee", "", {"id": "bulk-assignee"}),
        # The ticket page's staff and contractor selects, without their empty choice (PlainSelect).
        "staff_options": format_html_join("", option, staff[1:]),
        "contractor_options": format_html_join(
            "", option, ((pk, str(Contractor(pk=pk, name=name))) for pk, name in contractors)
        ),
    }


def forget(sender=None, instance=None, update_fields=None, **_kwargs) -> None:
    """Drop the lists now and once more when the change commits, so a request that read the old rows in
    between does not keep them. A sign-in (last_login) and a resident's account change no list."""
    if sender is User and (update_fields == frozenset({"last_login"}) or not instance.is_staff):
        return
    keys = [_key(code) for code, _name in settings.LANGUAGES]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def connect() -> None:
    for model in SOURCES:
        post_save.connect(forget, sender=model, dispatch_uid=f"backoffice-choices-save-{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"backoffice-choices-delete-{model.__name__}")


def colleagues() -> list[User]:
    """Active staff, in the order of the staff selects, as unsaved users built from the cached rows."""
    return [
        User(pk=pk, username=username, first_name=first, last_name=last)
        for pk, username, first, last in queue_choices()["colleagues"]
    ]


def contractors() -> list[Contractor]:
    """Active contractors for a select, as unsaved objects built from the cached rows."""
    return [Contractor(pk=pk, name=name) for pk, name in queue_choices()["contractors"]]
