"""The report wizard's way into a process: a catalog item that carries a process template leads to that
process's own form (the notice, the complaint about a neighbour, the modification request) instead of a
plain ticket. One mapping, template → form."""

from django.urls import reverse

from processes import modification, notice, nuisance
from processes.models import ProcessTemplate

from .permits import FORMS as PERMIT_FORMS

FORMS = {
    notice.TEMPLATE: "portal:notice",
    nuisance.TEMPLATE: "portal:nuisance_complaint",
    modification.TEMPLATE: "portal:modification_request",
    **PERMIT_FORMS,  # Untervermietung, Tierhaltung
}


def form_for(item) -> str | None:
    """The address of the form that starts the process carried by `item`, or None for a plain report."""
    templates = ProcessTemplate.objects.filter(catalog_item=item, is_active=True, tenant_may_start=True)
    code = templates.filter(code__in=FORMS).values_list("code", flat=True).first()
    return reverse(FORMS[code]) if code else None
