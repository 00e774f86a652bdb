"""Process mails and letters of Zusatzleistungen (subscriptions), on subscriptions.signals:

- a booking or a notice that waits for staff: the tenant hears it has arrived;
- a booking confirmed: the Zusatzvereinbarung (DIN 5008) with the service, place, start, monthly price and
  terms; a notice confirmed: the Kündigungsbestätigung with the end date. Printed for those who want
  post, else an e-mail with the same facts and the link to the portal; either way the letter is kept
  with the tenant's documents (portal: Meine Dokumente) once the change is committed;
- a booking or a notice refused: the tenant reads why.
Written in the tenant's language."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from estate.models import Document
from estate.money import euro
from estate.salutations import salutation_for
from subscriptions.models import Subscription, SubscriptionChange
from subscriptions.signals import subscription_changed

from ..letters.outbox import spec_letter
from ..letters.render import LetterSpec, render_letter
from ..letters.specs import postal_address
from ..models import OutboxMessage
from ..recipients import absolute, for_party, tell
from ..services import letter_enqueue

Kind = SubscriptionChange.Kind


def connect() -> None:
    subscription_changed.connect(on_changed, dispatch_uid="process_mail.subscriptions")


def _day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _letter_day(value) -> str:
    """A date in a letter reads as its date line does (TT.MM.JJJJ, DIN 5008), not spelled out as in mails."""
    return formats.date_format(value, "d.m.Y") if value else ""


def price_text(subscription) -> str:
    """The monthly price with its VAT note, as the letter, the mail and the portal write it (of an
    agreement, or of a service in the catalog)."""
    price = _("%(amount)s monatlich") % {"amount": euro(subscription.monthly_price)}
    if subscription.vat_rate:
        rate = formats.number_format(subscription.vat_rate.normalize(), decimal_pos=None)
        return _("%(price)s, inkl. %(rate)s %% USt.") % {"price": price, "rate": rate}
    return price


def _months(count: int) -> str:
    return ngettext("%(count)s Monat", "%(count)s Monate", count) % {"count": count}


def terms_text(subscription) -> str:
    """The notice period, of an agreement or of a service in the catalog."""
    notice = _months(subscription.notice_months)
    if getattr(subscription, "service", subscription).monthly:
        return _("%(notice)s zum Monatsende") % {"notice": notice}
    return notice


def minimum_term_text(subscription) -> str:
    return _months(subscription.minimum_term_months) if subscription.minimum_term_months else _("keine")


def facts(subscription: Subscription, *, day=_day) -> list[list[str]]:
    rows = [[_("Leistung"), subscription.service.label]]
    if subscription.unit_id:
        unit = subscription.unit
        rows.append([unit.get_kind_display(), f"{unit.number}, {unit.building}"])
    rows += [
        [_("Beginn"), day(subscription.starts_on)],
        [_("Preis"), price_text(subscription)],
        [_("Mindestlaufzeit"), minimum_term_text(subscription)],
        [_("Kündigungsfrist"), terms_text(subscription)],
    ]
    if subscription.ends_on:
        rows.append([_("Ende"), day(subscription.ends_on)])
    return rows


def _letter(subscription: Subscription, *, template: str, reference: str) -> LetterSpec:
    party, unit = subscription.party, subscription.unit
    with translation.override(party.language):
        context = {
            "salutation": salutation_for(party),
            "reference": reference,
            "service": subscription.service.label,
            "starts_on": _letter_day(subscription.starts_on),
            "ends_on": _letter_day(subscription.ends_on),
            "received_on": _letter_day(subscription.notice_received_on),
            "price": price_text(subscription),
            "facts": facts(subscription, day=_letter_day),
            # The space handed over, for the keys to give back ("" for a service without one).
            "place": f"{unit.get_kind_display()} {unit.number}" if unit else "",
            "minimum_term": subscription.minimum_term_months > 0,
        }
        return LetterSpec(
            template=template,
            recipient=postal_address(party, unit=subscription.process.ticket.unit),
            context=context,
            language=party.language,
        )


def agreement_letter(subscription: Subscription) -> LetterSpec:
    """Zusatzvereinbarung: what was agreed, from when, at which price (plain data for the outbox)."""
    return _letter(
        subscription, template="letters/subscription_agreement.html", reference=subscription.reference
    )


def cancellation_letter(subscription: Subscription) -> LetterSpec:
    """Kündigungsbestätigung of an agreement, with its last day."""
    process = subscription.cancel_process or subscription.process
    return _letter(
        subscription, template="letters/subscription_cancellation.html", reference=process.ticket.reference
    )


def _portal_link() -> str:
    return absolute(reverse("portal:subscriptions"))


def on_changed(sender, *, subscription: Subscription, change: SubscriptionChange, **kwargs) -> None:
    if change.kind == Kind.CONFIRMED:
        _send_letter(subscription, kind="subscription_agreement", spec=agreement_letter(subscription))
    elif change.kind == Kind.NOTICE_CONFIRMED:
        _send_letter(subscription, kind="subscription_cancellation", spec=cancellation_letter(subscription))
    elif change.kind == Kind.TENANCY_ENDS:
        _tell_tenancy_ends(subscription, change)
    elif change.kind in (Kind.REFUSED, Kind.NOTICE_REFUSED):
        _tell_refused(subscription, change)
    elif change.kind in (Kind.REQUESTED, Kind.NOTICE_GIVEN) and subscription.service.needs_confirmation:
        _tell_received(subscription, change)


def _subject(kind: str, subscription: Subscription) -> str:
    if kind == "subscription_agreement":
        return _("Zusatzvereinbarung: %(service)s") % {"service": subscription.service.label}
    return _("Bestätigung Ihrer Kündigung: %(service)s") % {"service": subscription.service.label}


DOCUMENT_KIND = "zusatzleistung"


def _keep(subscription: Subscription, *, kind: str, spec: LetterSpec, reference: str) -> None:
    """The letter as sent, kept with the tenant's documents (portal: Meine Dokumente), once. Rendered after
    commit (a third of a second of WeasyPrint), so a refused or rolled-back change keeps nothing; should
    rendering fail, the error is logged and the portal's Zusatzleistungen still render the PDF."""
    party = subscription.party
    with translation.override(party.language):
        title = (
            _("Zusatzvereinbarung %(service)s (%(reference)s)")
            if kind == "subscription_agreement"
            else _("Kündigungsbestätigung %(service)s (%(reference)s)")
        ) % {"service": subscription.service.label, "reference": reference}
    name = ("zusatzvereinbarung" if kind == "subscription_agreement" else "kuendigungsbestaetigung") + (
        f"-{reference}.pdf"
    )

    def write() -> None:
        if Document.objects.filter(party=party, kind=DOCUMENT_KIND, title=title[:200]).exists():
            return
        document = Document(
            party=party, kind=DOCUMENT_KIND, title=title[:200], year=timezone.localdate().year
        )
        document.file.save(name, ContentFile(render_letter(spec)), save=False)
        document.save()

    transaction.on_commit(write, robust=True)


def _send_letter(subscription: Subscription, *, kind: str, spec: LetterSpec) -> None:
    party = subscription.party
    process = subscription.cancel_process if kind == "subscription_cancellation" else subscription.process
    ticket = process.ticket
    _keep(subscription, kind=kind, spec=spec, reference=ticket.reference)
    recipient = for_party(party)
    if recipient.channel == OutboxMessage.Channel.LETTER or not party.email:
        with translation.override(party.language):
            subject = _subject(kind, subscription)
        letter_enqueue(
            idempotency_key=f"{kind}:{subscription.pk}:{process.pk}:p{party.pk}",
            kind=kind,
            party=party,
            subject=subject,
            ticket=ticket,
            letter=spec_letter(spec),
        )
        return

    def compose() -> tuple[str, list[str]]:
        if kind == "subscription_agreement":
            lead = _(
                "wir bestätigen Ihre Buchung. Als Zusatzvereinbarung zu Ihrem Mietvertrag gilt ab dem "
                "%(date)s:"
            ) % {"date": _day(subscription.starts_on)}
            tail = _("Der Betrag wird zusammen mit Ihrer Miete monatlich im Voraus fällig.")
        else:
            lead = _("wir bestätigen Ihre Kündigung. Die Zusatzvereinbarung endet am %(date)s.") % {
                "date": _day(subscription.ends_on)
            }
            tail = _("Bis dahin gilt die Vereinbarung wie bisher.")
        rows = [f"{label}: {value}" for label, value in facts(subscription)]
        return _subject(kind, subscription), [
            lead,
            *rows,
            tail,
            _("Das Schreiben als PDF finden Sie im Mieterportal unter „Meine Dokumente“."),
        ]

    tell(
        recipient,
        kind=kind,
        key=f"{subscription.pk}:{process.pk}",
        ticket=ticket,
        compose=compose,
        link=_portal_link(),
        link_label=lambda: _("Ihre Zusatzleistungen im Mieterportal"),
    )


def _tell_refused(subscription: Subscription, change: SubscriptionChange) -> None:
    notice = change.kind == Kind.NOTICE_REFUSED
    process = (
        subscription.cancel_process if notice and subscription.cancel_process_id else subscription.process
    )

    def compose() -> tuple[str, list[str]]:
        if notice:
            subject = _("Ihre Kündigung: %(service)s") % {"service": subscription.service.label}
            lead = _("Ihre Kündigung der Zusatzleistung „%(service)s“ können wir leider nicht bestätigen.")
        else:
            subject = _("Ihre Buchung: %(service)s") % {"service": subscription.service.label}
            lead = _("Ihre Buchung der Zusatzleistung „%(service)s“ können wir leider nicht bestätigen.")
        lines = [
            lead % {"service": subscription.service.label},
            _("Begründung: %(reason)s") % {"reason": change.note},
        ]
        if notice:
            lines.append(_("Ihre Zusatzvereinbarung läuft daher unverändert weiter."))
        return subject, lines

    tell(
        for_party(subscription.party),
        kind="subscription_refused",
        key=str(change.pk),
        ticket=process.ticket,
        compose=compose,
        link=_portal_link(),
        link_label=lambda: _("Ihre Zusatzleistungen im Mieterportal"),
    )


def _tell_received(subscription: Subscription, change: SubscriptionChange) -> None:
    notice = change.kind == Kind.NOTICE_GIVEN
    process = subscription.cancel_process if notice else subscription.process

    def compose() -> tuple[str, list[str]]:
        if notice:
            return _("Ihre Kündigung ist eingegangen"), [
                _("Ihre Kündigung der Zusatzleistung „%(service)s“ zum %(date)s ist bei uns eingegangen.")
                % {"service": subscription.service.label, "date": _day(change.effective_on)},
                _("Wir prüfen sie und schicken Ihnen die Bestätigung."),
            ]
        return _("Ihre Buchung ist eingegangen"), [
            _("Ihre Buchung der Zusatzleistung „%(service)s“ ab dem %(date)s ist bei uns eingegangen.")
            % {"service": subscription.service.label, "date": _day(subscription.starts_on)},
            _("Wir prüfen sie und schicken Ihnen die Zusatzvereinbarung."),
        ]

    tell(
        for_party(subscription.party),
        kind="subscription_received",
        key=str(change.pk),
        ticket=process.ticket,
        compose=compose,
        link=_portal_link(),
        link_label=lambda: _("Ihre Zusatzleistungen im Mieterportal"),
    )


def _tell_tenancy_ends(subscription: Subscription, change: SubscriptionChange) -> None:
    """The tenancy's Kündigung is confirmed: the agreements at that home end with it."""

    def compose() -> tuple[str, list[str]]:
        return _("Ihre Zusatzleistung endet mit dem Mietverhältnis"), [
            _(
                "mit dem Ende Ihres Mietverhältnisses endet auch Ihre Zusatzvereinbarung „%(service)s“, "
                "und zwar am %(date)s. Einer gesonderten Kündigung bedarf es nicht."
            )
            % {"service": subscription.service.label, "date": _day(change.effective_on)},
            _("Bitte geben Sie bis dahin alle Schlüssel und Fernbedienungen zurück, die dazugehören."),
        ]

    tell(
        for_party(subscription.party),
        kind="subscription_tenancy_ends",
        key=str(change.pk),
        ticket=subscription.process.ticket,
        compose=compose,
        link=_portal_link(),
        link_label=lambda: _("Ihre Zusatzleistungen im Mieterportal"),
    )
