"""Which door of privacy covers each model that points at a person (estate.Party) or an account
(accounts.User): the retention rule that anonymises it, or why no rule of its own is needed. A new model with
such a link must be added here (tests/privacy/test_new_processes.py fails until it is)."""

from .models import RetentionRule

Kind = RetentionRule.Kind

STAFF = "Beschäftigtendaten (Mitarbeiterkonto), keine Bewohnerdaten; gehen mit dem Konto"
LINK_ONLY = "nur die Verknüpfung zur Person, kein eigener Text; der Name geht mit der Person (party)"
CONTRACTOR = "Hauswart/Dienstleister als Geschäftspartner, keine Bewohnerdaten"

COVERED: dict[str, str] = {
    # Residents' data, each under its rule.
    "accounts.MagicLink": Kind.PARTY,
    "estate.Party": Kind.PARTY,
    "estate.Tenancy": Kind.PARTY,
    "estate.Ownership": Kind.PARTY,
    "estate.BoardMembership": Kind.PARTY,
    "estate.CaretakerAssignment": Kind.PARTY,
    "estate.BankAccount": Kind.PARTY,
    "estate.Document": Kind.DOCUMENT,
    "estate.IbanAccess": Kind.PARTY,
    "tickets.Ticket": Kind.TICKET,
    "tickets.AffectedParty": Kind.TICKET,
    "tickets.TicketEvent": Kind.TICKET,
    "tickets.Message": Kind.TICKET,
    "tickets.Attachment": Kind.TICKET,
    "tickets.FollowUp": Kind.TICKET,
    "tickets.ChangeRequest": Kind.CHANGE_REQUEST,
    "tickets.ReportKey": LINK_ONLY,
    "notifications.OutboxMessage": Kind.EMAIL,
    "notifications.InboundMail": Kind.INBOUND,
    "notifications.PrintBatch": Kind.LETTER,
    "reports.Feedback": Kind.TICKET,
    "privacy.DataExport": Kind.PARTY,
    "privacy.LegalHold": "die Sperre selbst: bleibt, solange sie gilt",
    # The customer processes.
    "processes.ProcessParty": LINK_ONLY,
    "processes.ProcessStep": "Angaben mit dem Datensatz des Vorgangs (process_anonymise.scrub_processes)",
    "processes.Signature": "mit dem unterschriebenen Datensatz (letting, payment, contract_change)",
    "processes.NuisanceLogEntry": Kind.TICKET,
    "payments.PaymentRequest": Kind.PAYMENT,
    "payments.SepaMandate": Kind.PAYMENT,
    "payments.PaymentMethodChange": Kind.PAYMENT,
    "payments.Arrear": Kind.PAYMENT,
    "payments.PaymentPlan": Kind.PAYMENT,
    "letting.Letting": Kind.LETTING,
    "subscriptions.Subscription": Kind.SUBSCRIPTION,
    "contracts.ContractChange": Kind.CONTRACT_CHANGE,
    "swaps.HomeSwap": Kind.SWAP,
    "swaps.SwapCheck": Kind.SWAP,
    "certificates.Certificate": Kind.DOCUMENT,
    "permits.Permit": Kind.CONTRACT_CHANGE,
    # Staff and business partners.
    "admin.LogEntry": Kind.PARTY,
    "otp_totp.TOTPDevice": STAFF,
    "accounts.Absence": STAFF,
    "estate.Team": STAFF,
    "estate.TeamMembership": STAFF,
    "estate.NoticePost": STAFF,
    "catalogs.Responsibility": STAFF,
    "catalogs.WorkflowRule": CONTRACTOR,
    "tickets.WorkOrder": Kind.TICKET,
    "tickets.ReplyKey": STAFF,
    "tickets.Watcher": STAFF,
    "tickets.SavedView": STAFF,
    "tickets.Appointment": STAFF,
    "processes.InspectionSlot": STAFF,
    "processes.Inspection": STAFF,
    "notifications.MailFolder": STAFF,
    "notifications.MailRead": STAFF,
    "reports.QualityCheck": Kind.TICKET,
}
