"""Who we talk to, and who our letters go to, for a tenant: the contact person of their tenancy in force
(ContactPerson rows are never overwritten; the one in force has no end).

    contact_of(party) -> ContactPerson | None       for the person view and the portal (one query)
    postal_contact(party) -> ContactPerson | None   the Zustellbevollmächtigte(r), where letters go
"""

from estate.models import Party, Tenancy

from .models import ContactPerson


def contact_of(party: Party) -> ContactPerson | None:
    tenancies = Tenancy.objects.current().filter(party=party).values("pk")
    return (
        ContactPerson.objects.current().filter(tenancy__in=tenancies).order_by("-valid_from", "-pk").first()
    )


def postal_contact(party: Party) -> ContactPerson | None:
    contact = contact_of(party)
    return contact if contact is not None and contact.receives_post and contact.address_lines else None
