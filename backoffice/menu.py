"""What the back-office menu offers this person. The permission check costs two queries; the answer is
kept for a few minutes per person so the queue and the ticket page stay within their query budget."""

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

MENU_PERMISSIONS = {
    "notices": "estate.change_noticepost",
    "text_blocks": "tickets.change_textblock",
    "approvals": "tickets.change_changerequest",
    "reports": "reports.view_reports",
    "print_batches": "notifications.run_print_batch",
}
# A permission taken away shows in the menu within this time; the pages themselves check at once.
MENU_SECONDS = 300


def _menu(user) -> dict[str, bool]:
    if not (user.is_authenticated and user.is_staff):
        return {}
    key = f"backoffice:menu:{user.pk}"
    found = cache.get(key)
    if found is None:
        found = {name: user.has_perm(permission) for name, permission in MENU_PERMISSIONS.items()}
        cache.set(key, found, MENU_SECONDS)
    return found


def menu(request: HttpRequest) -> dict:
    """Context processor: `bo_menu.notices`, `bo_menu.text_blocks`; nothing is read unless a page asks."""
    return {"bo_menu": SimpleLazyObject(lambda: _menu(request.user))}
