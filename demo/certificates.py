"""Bescheinigungen of the demo company: the first demo tenant has a Wohnungsgeberbestätigung and a
Mietbescheinigung (the rent accounting team completed the heating-cost prepayment), another tenant's
Mietschuldenfreiheitsbescheinigung waits for the team because the ERP has reported no rent account yet.
So `make run` shows the portal's Bescheinigungen and Meine Dokumente, the back-office's list and the 360°
view's section."""

from decimal import Decimal

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from certificates import services
from certificates.figures import home_of
from certificates.models import Certificate
from certificates.standard import install
from notifications.models import OutboxMessage
from tickets.actors import Actor

from .company import Company

# Demo rent per m² of living space: net rent, operating costs, heating costs (EUR).
PER_SQUARE_METRE = (Decimal("7.40"), Decimal("2.35"), Decimal("1.15"))


def _rent_figures(certificate: Certificate) -> dict:
    area = certificate.area or Decimal("65.00")
    rent, costs, heating = (area * rate for rate in PER_SQUARE_METRE)
    return {
        "rent_net": f"{certificate.rent_net or rent:.2f}",
        "operating_costs": f"{certificate.operating_costs or costs:.2f}",
        "heating_costs": f"{heating:.2f}",
        "area": f"{area}",
        "rooms": f"{certificate.rooms or Decimal('2.5')}",
        "household": str(certificate.household or 1),
    }


def build_certificates(company: Company) -> None:
    install(apps)
    if Certificate.objects.exclude(source=Certificate.Source.AUTOMATIC).exists():
        return  # seeded once: a second run changes nothing
    tenants = [p for p in company.resident_logins if home_of(p) is not None]
    first, second = tenants[0], tenants[1]
    team = Actor.for_user(company.staff["p.hoffmann"])
    services.certificate_request(
        party=first, kind=Certificate.Kind.REGISTRATION, actor=Actor.for_party(first)
    )
    rent = services.certificate_request(party=first, kind=Certificate.Kind.RENT, actor=Actor.for_party(first))
    if rent.state == Certificate.State.PENDING:
        services.certificate_decide(rent, actor=team, issue=True, figures=_rent_figures(rent))
    services.certificate_request(
        party=second, kind=Certificate.Kind.NO_ARREARS, actor=Actor.for_party(second)
    )
    # Like the history's, their mails count as sent: the mailbox shows the visitor's own sign-in link.
    tickets = Certificate.objects.filter(process__isnull=False).values("process__ticket_id")
    OutboxMessage.objects.filter(
        Q(ticket_id__in=tickets) | Q(kind__startswith="certificate_"), state=OutboxMessage.State.PENDING
    ).update(state=OutboxMessage.State.SENT, sent_at=timezone.now())
