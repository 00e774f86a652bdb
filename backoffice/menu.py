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
# The menu entry a page belongs to, where its URL name is not the entry's own: a ticket is the queue's.
MENU_SECTIONS = {
    "ticket": "queue",
    "process": "processes",
    "person": "people",
    "person_exports": "people",
    "approval": "approvals",
    "report": "reports",
    "report_hotspot": "reports",
    "report_quality": "reports",
    "report_quality_record": "reports",
    "notice_new": "notices",
    "notice_edit": "notices",
    "text_block_new": "text_blocks",
    "text_block_edit": "text_blocks",
    "knowledge_article": "knowledge",
    "print_batch": "print_batches",
    "twofactor_setup": "account",
    "payment_plan": "payment_plans",
    "subscription": "subscriptions",
    "certificate": "certificates",
    "letting": "lettings",
    "letting_new": "lettings",
    "contract_change": "contract_changes",
    "contract_change_new": "people",
}


def _menu(user) -> dict[str, bool]:
    if not (user.is_authenticated and user.is_staff):
        return {}
    key = f"backoffice:menu:{user.pk}"
    found = cache.get(key)
    if found is None:
        found = {name: user.has_perm(permission) for name, permission in MENU_PERMISSIONS.items()}
        cache.set(key, found, MENU_SECONDS)
    return found


def _here(request: HttpRequest) -> dict[str, str]:
    """The entry to mark: aria-current "page" on the entry's own page, "true" on a page below it."""
    match = request.resolver_match
    if match is None or match.app_name != "backoffice":
        return {}
    name = match.url_name
    section = MENU_SECTIONS.get(name, name)
    return {section: "page" if section == name else "true"}


def menu(request: HttpRequest) -> dict:
    """Context processor: `bo_menu.notices`, `bo_menu.text_blocks`; nothing is read unless a page asks.
    `bo_here.queue` is the queue entry's aria-current value on the queue and its tickets."""
    return {"bo_menu": SimpleLazyObject(lambda: _menu(request.user)), "bo_here": _here(request)}
