"""A tenant with one record of every customer process (payments, letting, subscription, contract change,
contact person, home swap), built straight through the models: what privacy reads, not how the processes
make it. The swap's partner is another tenant whose income and household must never reach the tenant."""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from contracts.models import ContactPerson, ContractChange
from estate.models import Document
from letting.models import Letting
from payments.models import Arrear, Instalment, PaymentPlan, PaymentRequest, SepaMandate
from processes.models import Process, ProcessTemplate, Role, Signature
from subscriptions.models import Service, Subscription, SubscriptionChange
from swaps.models import HomeSwap, SwapCheck
from tests.factories import AttachmentFactory, ChangeRequestFactory, TenancyFactory, TicketFactory

IP = "203.0.113.77"
BROWSER = "Mozilla/5.0 (Quellbrowser 9)"
PARTNER_INCOME = Decimal("2345.67")
CONTACT = "Hildegard Vormund"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 4), "black").save(buffer, "PNG")
    return buffer.getvalue()


def process_for(party, unit, *, ended_at=None) -> Process:
    ticket = TicketFactory(reporter=party, property=unit.building.property, unit=unit)
    state = Process.State.DONE if ended_at else Process.State.RUNNING
    return Process.objects.create(
        ticket=ticket,
        template=ProcessTemplate.objects.order_by("pk").first(),
        state=state,
        ended_at=ended_at,
        data={"names": [str(party)], "count": 2},
    )


def signature(party, process, label: str, *, at=None) -> Signature:
    sig = Signature(
        party=party,
        process=process,
        role=Role.TENANT,
        signer_name=f"{party.first_name} {party.last_name}",
        signed_at=at or timezone.now(),
        ip_address=IP,
        user_agent=BROWSER,
        document_label=label,
        document_hash="a" * 64,
    )
    sig.image.save("x.png", ContentFile(png()), save=False)
    sig.save()
    return sig


def processes_of(party, tenancy, partner, *, ended=None) -> dict:
    """Every kind of record for `party` living under `tenancy`; `ended`: when all of it was over."""
    unit = tenancy.unit
    at = ended or timezone.now()
    pdf = b"%PDF-1.4 Mietvertrag"
    made = {}

    made["request"] = PaymentRequest.objects.create(
        process=process_for(party, unit, ended_at=ended), party=party, amount=Decimal("80.00"),
        purpose="Schlüsselersatz", due_date=at.date(), state=PaymentRequest.State.PAID, paid_at=at,
        settled_by=f"Überweisung {party.last_name}",
    )  # fmt: skip
    mandate_process = process_for(party, unit, ended_at=ended)
    mandate = SepaMandate(
        party=party, process=mandate_process, reference=f"MANDAT-{party.pk}",
        creditor_id="DE98ZZZ09999999999", creditor_name="Wohnbau eG",
        holder=f"{party.first_name} {party.last_name}", iban="DE89370400440532013000",
        signed_at=at, signature=signature(party, mandate_process, "SEPA-Mandat", at=at),
        state=SepaMandate.State.ENDED, ended_at=at,
    )  # fmt: skip
    mandate.document.save("mandat.pdf", ContentFile(pdf), save=False)
    mandate.save()
    made["mandate"] = mandate
    made["arrear"] = Arrear.objects.create(
        party=party, tenancy=tenancy, amount=Decimal("640.00"), as_of=at.date(), reported_by="ERP"
    )
    plan = PaymentPlan.objects.create(
        process=process_for(party, unit, ended_at=ended), party=party, arrear=made["arrear"],
        amount=Decimal("640.00"), instalment_count=2, first_due=at.date(),
        interval=PaymentPlan.Interval.MONTHLY,
        tenant_terms={"note": f"Bitte Rücksicht, {party.last_name}"}, state=PaymentPlan.State.ENDED,
        end_reason=PaymentPlan.EndReason.PAID_OFF, decided_at=at, ended_at=at,
    )  # fmt: skip
    for number in (1, 2):
        Instalment.objects.create(
            plan=plan, number=number, due_date=at.date() + dt.timedelta(days=30 * number),
            amount=Decimal("320.00"), state=Instalment.State.PAID, paid_on=at.date(),
            paid_amount=Decimal("320.00"),
            settled_by=f"Zahlung {party.last_name}",
        )  # fmt: skip
    made["plan"] = plan

    letting_process = process_for(party, unit, ended_at=ended)
    letting = Letting(
        process=letting_process, party=party, unit=unit, contract_number=f"MV-{party.pk}-{unit.pk}",
        start=tenancy.start, rent_net=Decimal("500.00"), operating_costs=Decimal("150.00"),
        deposit=Decimal("1500.00"), state=Letting.State.CONCLUDED, contract_hash="b" * 64, tenancy=tenancy,
        tenant_signature=signature(party, letting_process, "Mietvertrag", at=at), sealed_at=at,
    )  # fmt: skip
    letting.contract_pdf.save("vertrag.pdf", ContentFile(pdf), save=False)
    letting.sealed_pdf.save("vertrag-versiegelt.pdf", ContentFile(pdf + b" sealed"), save=False)
    letting.save()
    made["letting"] = letting
    # The sealed agreement among the tenant's documents: the same file.
    made["letting_document"] = Document.objects.create(
        party=party, kind="mietvertrag", title=f"Mietvertrag {letting.contract_number}", year=at.year,
        file=letting.sealed_pdf.name, created_at=at,
    )  # fmt: skip

    service, _ = Service.objects.get_or_create(
        code="privacy-stellplatz", defaults={"name_de": "Stellplatz", "monthly_price": Decimal("30.00")}
    )
    subscription = Subscription.objects.create(
        process=process_for(party, unit, ended_at=ended), party=party, service=service,
        property=unit.building.property, state=Subscription.State.ENDED,
        starts_on=min(tenancy.start, at.date()),
        ends_on=at.date(), monthly_price=Decimal("30.00"), reason=f"Umzug {party.last_name}", changed_at=at,
    )  # fmt: skip
    SubscriptionChange.objects.create(
        subscription=subscription, kind=SubscriptionChange.Kind.ENDED, effective_on=at.date(),
        note=f"Kündigung von {party.last_name}", by=f"{party.first_name} {party.last_name}", at=at,
    )  # fmt: skip
    made["subscription"] = subscription

    change_process = process_for(party, unit, ended_at=ended)
    change = ContractChange(
        process=change_process, kind=ContractChange.Kind.NAME, tenancy=tenancy, unit=unit, requested_by=party,
        change_request=ChangeRequestFactory(party=party), state=ContractChange.State.APPROVED, decided_at=at,
        reason=f"Heirat {party.last_name}",
    )  # fmt: skip
    change.addendum.save("nachtrag.pdf", ContentFile(pdf + b" Nachtrag"), save=False)
    change.save()
    made["consent"] = signature(party, change_process, "Nachtrag", at=at)
    made["proof"] = AttachmentFactory(
        ticket=change_process.ticket, uploaded_by=party.user, original_name="heiratsurkunde.jpg"
    )
    made["change"] = change
    made["contact"] = ContactPerson.objects.create(
        tenancy=tenancy, change=change, name=CONTACT, street="Vormundweg 3", postcode="10115", city="Berlin",
        email="vormund@example.net", phone="030 999", scope=ContactPerson.Scope.CONTACT,
        basis=ContactPerson.Basis.RELATIVE, valid_from=at - dt.timedelta(days=1), valid_until=at,
    )  # fmt: skip

    partner_tenancy = TenancyFactory(party=partner)
    made["swap"] = HomeSwap.objects.create(
        process=process_for(party, unit, ended_at=ended), applicant=party, applicant_unit=unit,
        applicant_household=3, partner=partner, partner_unit=partner_tenancy.unit, partner_household=5,
        partner_income=PARTNER_INCOME, outside_landlord="Alte Vermietung GmbH", wished_date=at.date(),
    )  # fmt: skip
    SwapCheck.objects.create(
        swap=made["swap"],
        party=party,
        code=SwapCheck.Code.TENURE,
        passed=True,
        reason="seit 2005",
        checked_at=at,
    )
    SwapCheck.objects.create(
        swap=made["swap"], party=partner, code=SwapCheck.Code.ARREARS, passed=False,
        reason="Rückstand der Partnerin 999,00 EUR", checked_at=at,
    )  # fmt: skip
    return made
