"""The anonymisation of the customer processes' records once their rule lets them go
(privacy.process_retention): names, addresses, contact data, incomes, household sizes, free texts, the
signatures' names, IP addresses, browsers and drawn images, and the files on disk (contracts, mandates,
addenda) go; amounts, dates, states and numbers stay, so the books and the figures still add up. Proofs
uploaded to a process are ticket attachments and go with the ticket (privacy.anonymise.anonymise_tickets)."""

from django.db.models import QuerySet

from certificates.models import Certificate
from contracts.models import ContactPerson, ContractChange
from estate.models import Document
from letting.models import Letting
from payments.models import Arrear, Instalment, PaymentMethodChange, PaymentPlan, PaymentRequest, SepaMandate
from permits.models import Permit
from processes.models import Process, ProcessStep, Signature
from subscriptions.models import Subscription, SubscriptionChange
from swaps.models import HomeSwap, SwapCheck

ANONYMISED = "Anonymisiert"


def _delete_files(files) -> None:
    """The files go from disk, and with them their copies among the party's documents (the same file)."""
    names = []
    for stored in files:
        if stored:
            stored.storage.delete(stored.name)
            names.append(stored.name)
    if names:
        Document.objects.filter(file__in=names).delete()


def anonymise_signatures(signatures: QuerySet) -> None:
    """The signature rows stay (that something was signed, when, over which hash); who and from where go."""
    for signature in signatures.exclude(image="").exclude(image__isnull=True):
        _delete_files([signature.image])
    signatures.update(signer_name=ANONYMISED, ip_address=None, user_agent="", image=None)


def scrub_processes(process_ids) -> None:
    """The facts a process kept on the way (names before and after, texts signed) lose their words too."""
    from .anonymise import scrub  # the run's one rule for timeline data, which imports this module

    process_ids = list(process_ids)
    for model, rows in (
        (Process, Process.objects.filter(pk__in=process_ids)),
        (ProcessStep, ProcessStep.objects.filter(process_id__in=process_ids)),
    ):
        changed = list(rows.exclude(data={}))
        for row in changed:
            row.data = scrub(row.data)
        model.objects.bulk_update(changed, ["data"])


def anonymise_lettings(ids: list[int]) -> None:
    lettings = Letting.objects.filter(pk__in=ids)
    signature_ids = []
    for letting in lettings:
        _delete_files([letting.contract_pdf, letting.sealed_pdf])
        signature_ids += [letting.tenant_signature_id, letting.staff_signature_id]
    # The hashes stay: they still say which agreement was signed, without the agreement.
    lettings.update(contract_pdf="", sealed_pdf="", external_id="")
    scrub_processes(lettings.values_list("process_id", flat=True))
    anonymise_signatures(Signature.objects.filter(pk__in=[pk for pk in signature_ids if pk]))


def anonymise_payment_requests(ids: list[int]) -> None:
    PaymentRequest.objects.filter(pk__in=ids).update(settled_by="")


def anonymise_mandates(ids: list[int]) -> None:
    mandates = SepaMandate.objects.filter(pk__in=ids)
    _delete_files(m.document for m in mandates)
    signature_ids = [pk for pk in mandates.values_list("signature_id", flat=True) if pk]
    mandates.update(holder=ANONYMISED, iban="", bic="", document="")
    anonymise_signatures(Signature.objects.filter(pk__in=signature_ids))


def anonymise_payment_method_changes(ids: list[int]) -> None:
    PaymentMethodChange.objects.filter(pk__in=ids).update(reason="")


def anonymise_arrears(ids: list[int]) -> None:
    Arrear.objects.filter(pk__in=ids).update(reported_by="")


def anonymise_payment_plans(ids: list[int]) -> None:
    PaymentPlan.objects.filter(pk__in=ids).update(tenant_terms={}, reason="")
    Instalment.objects.filter(plan_id__in=ids).update(settled_by="", waived_reason="")


def anonymise_subscriptions(ids: list[int]) -> None:
    Subscription.objects.filter(pk__in=ids).update(reason="")
    SubscriptionChange.objects.filter(subscription_id__in=ids).update(note="", by="")


def anonymise_contract_changes(ids: list[int]) -> None:
    changes = ContractChange.objects.filter(pk__in=ids)
    _delete_files(c.addendum for c in changes)
    process_ids = list(changes.values_list("process_id", flat=True))
    changes.update(birth_date=None, reason="", addendum="")
    scrub_processes(process_ids)
    # The consents given to the change (the requester's and the others' by link).
    anonymise_signatures(Signature.objects.filter(process_id__in=process_ids))


def anonymise_contact_persons(ids: list[int]) -> None:
    ContactPerson.objects.filter(pk__in=ids).update(
        name=ANONYMISED, street="", postcode="", city="", email="", phone=""
    )


def anonymise_swaps(ids: list[int]) -> None:
    HomeSwap.objects.filter(pk__in=ids).update(
        applicant_household=0,
        partner_household=None,
        partner_income=None,
        outside_address="",
        outside_landlord="",
        outside_rooms=None,
        outside_area=None,
    )
    SwapCheck.objects.filter(swap_id__in=ids).update(reason=ANONYMISED, override_reason="")
    scrub_processes(HomeSwap.objects.filter(pk__in=ids).values_list("process_id", flat=True))


def anonymise_certificates(ids: list[int]) -> None:
    """The names certified and every free text go; kind, state, dates and figures stay."""
    certificates = Certificate.objects.filter(pk__in=ids)
    process_ids = [pk for pk in certificates.values_list("process_id", flat=True) if pk]
    certificates.update(persons=[], owner="", reason="", hold_reason="", household=None)
    scrub_processes(process_ids)


def anonymise_permits(ids: list[int]) -> None:
    """The subtenant's name and every free text go; kind, period and Untermietzuschlag stay."""
    permits = Permit.objects.filter(pk__in=ids)
    process_ids = list(permits.values_list("process_id", flat=True))
    permits.update(
        subtenant_name=ANONYMISED, rooms="", description="", reason="", conditions="", revoke_reason=""
    )
    scrub_processes(process_ids)


DOERS = {
    "lettings": anonymise_lettings,
    "payment_requests": anonymise_payment_requests,
    "sepa_mandates": anonymise_mandates,
    "payment_method_changes": anonymise_payment_method_changes,
    "arrears": anonymise_arrears,
    "payment_plans": anonymise_payment_plans,
    "subscriptions": anonymise_subscriptions,
    "contract_changes": anonymise_contract_changes,
    "contact_persons": anonymise_contact_persons,
    "home_swaps": anonymise_swaps,
    "certificates": anonymise_certificates,
    "permits": anonymise_permits,
}
