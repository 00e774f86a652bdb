"""Staff roles as Django groups: Sachbearbeitung, Teamleitung, Administration, and what each may do.

The data migration `accounts.0003_staff_roles` created the groups from its own copy of the roles as they
were then; `manage.py sync_roles` (re)assigns the permissions below, including ones that came with later
releases."""

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CASE_WORKER = "Sachbearbeitung"
TEAM_LEAD = "Teamleitung"
ADMINISTRATION = "Administration"

APPROVE_CHANGES = "tickets.change_changerequest"
VIEW_CONFIDENTIAL = "tickets.view_confidential"
VIEW_CLOSED = "tickets.view_closed"

# A case worker sees the closed cases of her teams and those she worked on (tickets.querysets); every
# closed case is for those who lead.
_CASE_WORK = [APPROVE_CHANGES, "tickets.view_changerequest"]
_LEADING = [
    *_CASE_WORK,
    VIEW_CLOSED,
    VIEW_CONFIDENTIAL,
    "tickets.add_textblock",
    "tickets.change_textblock",
    "tickets.delete_textblock",
    "notifications.run_print_batch",
    # Folders in the shared mailbox (Postfach-Ordner).
    "notifications.add_mailfolder",
    "reports.view_reports",
]

# "app.*" stands for every permission of the app.
ROLES: dict[str, list[str]] = {
    CASE_WORKER: _CASE_WORK,
    TEAM_LEAD: _LEADING,
    # Administration answers written requests for a person's data (DSGVO Art. 15) from the 360° view.
    ADMINISTRATION: [*_LEADING, "catalogs.*", "estate.view_ibanaccess", "privacy.produce_dataexport"],
}


# What a role lets its members do, in the words staff use; the admin shows these on each role's page
# (accounts.admin). Each line is one permission the pages check.
CAPABILITIES: list[tuple[str, Promise]] = [
    ("tickets.change_textblock", _("Textbausteine anlegen und ändern")),
    ("notifications.add_mailfolder", _("Ordner im Postfach anlegen")),
    (VIEW_CLOSED, _("alle abgeschlossenen (archivierten) Vorgänge einsehen")),
    (VIEW_CONFIDENTIAL, _("vertrauliche Vorgänge einsehen")),
    ("notifications.run_print_batch", _("Briefe drucken (Druckstapel)")),
    (APPROVE_CHANGES, _("Datenänderungen von Mieterinnen und Mietern freigeben")),
    ("reports.view_reports", _("Auswertungen sehen")),
    ("privacy.produce_dataexport", _("Datenauskünfte (DSGVO) erstellen")),
    ("estate.view_ibanaccess", _("Protokoll der IBAN-Einsichten sehen")),
    ("catalogs.change_catalogitem", _("Meldekatalog pflegen")),
    ("estate.change_noticepost", _("Aushänge verwalten")),
]


def capabilities(held: set[str]) -> list[tuple[str, bool]]:
    """Each capability in German words and whether `held` ("app.codename" strings) grants it."""
    return [(str(label), permission in held) for permission, label in CAPABILITIES]


def _matching(permission_model, specs: list[str]):
    query = Q(pk__in=[])
    for spec in specs:
        app_label, _, codename = spec.partition(".")
        if codename == "*":
            query |= Q(content_type__app_label=app_label)
        else:
            query |= Q(content_type__app_label=app_label, codename=codename)
    return permission_model.objects.filter(query)


def sync_roles(*, group_model=None, permission_model=None) -> dict[str, int]:
    """Create the groups and give each exactly its permissions that exist now; idempotent. Returns how
    many permissions each group holds. Models are passed in by the migration (historical models)."""
    if group_model is None or permission_model is None:
        from django.contrib.auth.models import Group, Permission

        group_model, permission_model = Group, Permission
    held = {}
    for name, specs in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = list(_matching(permission_model, specs))
        group.permissions.set(permissions)
        held[name] = len(permissions)
    return held
