"""Mails and letters of processes (Vorgänge). The engine announces its facts (`processes.signals`:
step_started, step_completed, process_ended); each module here gives the steps of one area who is told
what, keyed by the template's stable step codes (processes.standard):

- tenancy      end of tenancy: co-tenants' consent links, confirmation letter, settlement reminder
- inspections  appointment slots booked, the signed inspection protocol
- cases        nuisance (letters to the accused that never name the complainant), home modification
- money        payment requests (transfer details, QR code link) and their reminders, payment method
- subscriptions  Zusatzleistungen: the Zusatzvereinbarung and the confirmation of its notice, refusals
- contracts    Vertragsänderungen: consent links, the Nachtrag zum Mietvertrag, confirmation letters
- swaps        home swap: the partner's link, the decision letters to both applicants
- letting      Vermietung: the invitation to sign the tenancy agreement, the sealed agreement as PDF
- permits      Erlaubnisse (Untervermietung, Tierhaltung): the decision and revocation letters
- certificates Bescheinigungen: the certificate is ready (or printed and posted), a refusal with its reason

Each module has `connect()`, called once from NotificationsConfig.ready()."""

from . import (
    cases,
    certificates,
    contracts,
    inspections,
    letting,
    money,
    permits,
    subscriptions,
    swaps,
    tenancy,
)


def connect() -> None:
    modules = (
        tenancy,
        inspections,
        cases,
        money,
        contracts,
        letting,
        subscriptions,
        swaps,
        certificates,
        permits,
    )
    for module in modules:
        module.connect()
