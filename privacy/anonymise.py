"""The anonymisation run: names, contact data, free texts and files go from every place they were copied
to, while the rows, their kinds, statuses and times stay, so counts and phase durations still add up.
Each record is done once (privacy.models.Anonymised) and each run leaves its counts in AnonymisationRun."""

import logging
from collections.abc import Iterable

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from accounts.models import MagicLink
from estate.models import BankAccount, Document, Party
from notifications.models import DeliveryEvent, InboundMail, OutboxMessage, PrintBatch, PrintBatchItem
from processes.models import NuisanceLogEntry
from reports.models import Feedback, QualityCheck
from tickets.models import Attachment, ChangeRequest, FollowUp, Message, Ticket, TicketEvent, WorkOrder
from tickets.search import refresh_search_vector

from .models import AnonymisationRun, Anonymised, DataExport, RetentionRule
from .process_anonymise import DOERS as PROCESS_DOERS
from .retention import due_records

log = logging.getLogger(__name__)

ANONYMISED = "Anonymisiert"
CHUNK = 500
# Timeline data that says what happened, not who or in what words: the reports read these (old and new
# status, message kind, worker step and appointment time), the portal and back-office the rest.
STRUCTURAL_KEYS = {
    "old", "new", "status", "state", "kind", "message_kind", "message_id", "step", "at", "worker",
    "work_order_id", "attachment_id", "photo_ids", "version", "due_at", "due_on", "starts_at", "ends_at",
    "priority", "channel", "visibility", "is_anonymous", "phone_consent", "contractor_may_progress",
    "assignee_id", "previous_assignee_id", "linked_ticket_id", "change_request", "inbound_mail",
    "direction", "duration_minutes", "confidential", "common_area", "property_id", "actor_kind",
}  # fmt: skip


def scrub(value, key: str | None = None):
    """A timeline row's data with every free text and name replaced; numbers, flags and known keys kept."""
    if isinstance(value, dict):
        return {k: scrub(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, key) for v in value]
    if isinstance(value, str) and key not in STRUCTURAL_KEYS and value:
        return ANONYMISED
    return value


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _delete_files(files) -> None:
    for stored in files:
        if stored:
            stored.storage.delete(stored.name)


def anonymise_tickets(ids: list[int]) -> None:
    tickets = Ticket.objects.filter(pk__in=ids)
    tickets.update(
        reporter=None,
        subject_party=None,
        reporter_name=ANONYMISED,
        reporter_email="",
        reporter_phone="",
        description=ANONYMISED,
        location_note="",
        availability="",
        status_reason=Case(When(status_reason="", then=Value("")), default=Value(ANONYMISED)),
        answers={},
        updated_at=timezone.now(),
    )
    messages = Message.objects.filter(ticket_id__in=ids)
    messages.update(body=ANONYMISED, caller="", author_party=None)
    messages.exclude(author__is_staff=True).update(author_label="")
    attachments = Attachment.objects.filter(ticket_id__in=ids)
    for attachment in attachments.exclude(file="", thumbnail=""):
        _delete_files([attachment.file, attachment.thumbnail])
    attachments.update(file="", thumbnail="", original_name=ANONYMISED)
    attachments.exclude(uploaded_by__is_staff=True).update(uploaded_by_label="")
    events = list(TicketEvent.objects.filter(ticket_id__in=ids).select_related("actor"))
    for event in events:
        event.data = scrub(event.data)
        if not (event.actor is not None and event.actor.is_staff) and event.actor_label != "System":
            event.actor_label = ""
    TicketEvent.objects.bulk_update(events, ["data", "actor_label"], batch_size=CHUNK)
    FollowUp.objects.filter(ticket_id__in=ids).update(note="")
    WorkOrder.objects.filter(ticket_id__in=ids).update(decline_reason="")
    # The tenant's rating stays (the satisfaction figures); their comment and the inspection note go.
    Feedback.objects.filter(ticket_id__in=ids).update(comment="")
    QualityCheck.objects.filter(ticket_id__in=ids).update(note="")
    # A disturbance log belongs to the complaint's ticket: the dates stay, the words go.
    NuisanceLogEntry.objects.filter(process__ticket_id__in=ids).update(description=ANONYMISED)
    refresh_search_vector(ids)


def anonymise_outbox(ids: list[int]) -> None:
    OutboxMessage.objects.filter(pk__in=ids).update(
        recipient_address="",
        recipient_party=None,
        subject=ANONYMISED,
        body_text=ANONYMISED,
        body_html="",
        letter={},
        last_error="",
    )
    # The Message-ID stays: it is our own, and replies and bounces are matched by it.
    for message in OutboxMessage.objects.filter(pk__in=ids).exclude(headers={}):
        kept = {k: v for k, v in message.headers.items() if k == "Message-ID"}
        OutboxMessage.objects.filter(pk=message.pk).update(headers=kept)
    PrintBatchItem.objects.filter(message_id__in=ids).update(recipient=[ANONYMISED])


def anonymise_print_batches(ids: list[int]) -> None:
    for batch in PrintBatch.objects.filter(pk__in=ids).exclude(file=""):
        _delete_files([batch.file])
    PrintBatch.objects.filter(pk__in=ids).update(file="", last_error="")
    PrintBatchItem.objects.filter(batch_id__in=ids).update(recipient=[ANONYMISED])


def anonymise_inbound(ids: list[int]) -> None:
    InboundMail.objects.filter(pk__in=ids).update(
        raw=b"", from_address="", subject=ANONYMISED, body_text="", authentication="", party=None
    )


def anonymise_delivery_events(ids: list[int]) -> None:
    DeliveryEvent.objects.filter(pk__in=ids).update(recipient="")


def anonymise_change_requests(ids: list[int]) -> None:
    ChangeRequest.objects.filter(pk__in=ids).update(old_values={}, new_values={}, reason="")


def delete_documents(ids: list[int]) -> None:
    documents = Document.objects.filter(pk__in=ids)
    _delete_files(d.file for d in documents)
    documents.delete()


def anonymise_parties(ids: list[int]) -> None:
    """The party row keeps its roles (the homes' history) but no name, address, contact or account."""
    parties = Party.objects.filter(pk__in=ids)
    user_ids = [pk for pk in parties.values_list("user_id", flat=True) if pk]
    parties.update(
        salutation="",
        first_name="",
        last_name=ANONYMISED,
        company_name=Case(When(kind=Party.Kind.COMPANY, then=Value(ANONYMISED)), default=Value("")),
        email="",
        phone="",
        street="",
        postcode="",
        city="",
        number=None,
        email_bounced_at=None,
    )
    BankAccount.objects.filter(party_id__in=ids).delete()
    MagicLink.objects.filter(party_id__in=ids).delete()
    user_model = apps.get_model("accounts.User")
    for user in user_model.objects.filter(pk__in=user_ids):
        user.username = f"anonymisiert-{user.pk}"
        user.first_name = user.last_name = user.email = user.signature = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    # Their words on other people's tickets stay with those tickets, but no longer under their name.
    by_them = Q(author_party_id__in=ids) | Q(author_id__in=user_ids)
    Message.objects.filter(by_them).update(author_label="", author_party=None, caller="")
    TicketEvent.objects.filter(actor_id__in=user_ids).update(actor_label="")
    Attachment.objects.filter(uploaded_by_id__in=user_ids).update(uploaded_by_label="")
    for export in DataExport.objects.filter(party_id__in=ids).exclude(file=""):
        _delete_files([export.file])
    DataExport.objects.filter(party_id__in=ids).update(file="", note="", state=DataExport.State.EXPIRED)
    for model, pks in ((Party, ids), (user_model, user_ids)):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks]
        ).update(object_repr=ANONYMISED, change_message="")


DOERS = {
    "tickets": anonymise_tickets,
    "emails": anonymise_outbox,
    "letters": anonymise_outbox,
    "delivery_events": anonymise_delivery_events,
    "print_batches": anonymise_print_batches,
    "inbound_mails": anonymise_inbound,
    "bank_change_requests": anonymise_change_requests,
    "change_requests": anonymise_change_requests,
    "documents": delete_documents,
    "parties": anonymise_parties,
    **PROCESS_DOERS,
}


def anonymise_due(*, triggered_by: str, today=None) -> AnonymisationRun:
    """Anonymise what the active rules let go, in chunks of one transaction each; safe to run twice."""
    rules = {rule.kind: rule for rule in RetentionRule.objects.filter(active=True)}
    run = AnonymisationRun.objects.create(triggered_by=triggered_by)
    counts = {}
    # Worked one kind after the other, each asked afresh: a party is due only once its records went.
    for due in due_records(rules, today):
        ids = list(due.queryset.order_by("pk").values_list("pk", flat=True))
        label = due.queryset.model._meta.label
        for chunk in _chunks(ids):
            with transaction.atomic():
                DOERS[due.name](chunk)
                if due.name != "documents":  # deleted rows need no mark
                    Anonymised.objects.bulk_create(
                        [Anonymised(model=label, object_id=pk, run=run) for pk in chunk],
                        ignore_conflicts=True,
                    )
        counts[due.name] = len(ids)
    run.counts = counts
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    log.info("Anonymisation run %s: %s", run.pk, counts)
    return run
