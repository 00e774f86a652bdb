"""Mails of Bescheinigungen (certificates.signals), in the person's language:

- issued: the certificate is in "Meine Dokumente"; the mail says which, for what, and links there. For
  those who want post, the certificate itself is printed and sent (the same German PDF);
- refused after the case worker's review: the reason, and whom to call."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.pdf import TEMPLATES, context
from certificates.signals import certificate_issued, certificate_refused

from ..models import OutboxMessage
from ..recipients import absolute, for_party, tell
from ..services import letter_enqueue

Kind = Certificate.Kind


def connect() -> None:
    certificate_issued.connect(on_issued, dispatch_uid="process_mail.certificates.issued")
    certificate_refused.connect(on_refused, dispatch_uid="process_mail.certificates.refused")


def _what(certificate: Certificate) -> str:
    if certificate.kind == Kind.REGISTRATION:
        return (
            _("die Wohnungsgeberbestätigung für Ihren Einzug")
            if certificate.event == Certificate.Event.MOVE_IN
            else _("die Wohnungsgeberbestätigung für Ihren Auszug")
        )
    if certificate.kind == Kind.NO_ARREARS:
        return _("die Mietschuldenfreiheitsbescheinigung")
    return _("die Mietbescheinigung")


def _purpose(certificate: Certificate) -> str:
    if certificate.kind == Kind.REGISTRATION:
        return _(
            "Legen Sie sie bitte innerhalb von zwei Wochen nach dem Umzug bei Ihrer Meldebehörde "
            "(Bürgeramt) vor."
        )
    if certificate.kind == Kind.NO_ARREARS:
        return _("Sie bestätigt den Stand Ihres Mietkontos für Ihren künftigen Vermieter.")
    return _("Sie ist für das Jobcenter, die Wohngeldstelle oder eine andere Behörde bestimmt.")


def _ticket(certificate: Certificate):
    return certificate.process.ticket if certificate.process_id else None


def on_issued(sender, *, certificate: Certificate, **kwargs) -> None:
    party = certificate.party
    recipient = for_party(party)
    if recipient.channel == OutboxMessage.Channel.LETTER or not party.email:
        with translation.override(party.language):
            subject = str(certificate.get_kind_display())
        ctx = context(certificate)
        letter_enqueue(
            idempotency_key=f"certificate_issued:{certificate.pk}:p{party.pk}",
            kind="certificate_issued",
            party=party,
            subject=subject,
            ticket=_ticket(certificate),
            letter={
                "builder": "spec",
                "template": TEMPLATES[Kind(certificate.kind)],
                "recipient": list(ctx["recipient"]),
                "context": {
                    k: v for k, v in ctx.items() if k not in ("company", "letterhead", "logo", "date")
                },
                "language": "de",
            },
        )
        return

    def compose() -> tuple[str, list[str]]:
        subject = _("Ihre Bescheinigung: %(kind)s") % {"kind": certificate.get_kind_display()}
        return subject, [
            _(
                "wir haben %(what)s für Sie ausgestellt. Sie liegt als PDF im Mieterportal unter "
                "„Meine Dokumente“."
            )
            % {"what": _what(certificate)},
            _purpose(certificate),
        ]

    tell(
        recipient,
        kind="certificate_issued",
        key=str(certificate.pk),
        ticket=_ticket(certificate),
        compose=compose,
        link=absolute(reverse("portal:documents")),
        link_label=lambda: _("Meine Dokumente im Mieterportal"),
    )


def on_refused(sender, *, certificate: Certificate, **kwargs) -> None:
    def compose() -> tuple[str, list[str]]:
        subject = _("Ihre Anfrage: %(kind)s") % {"kind": certificate.get_kind_display()}
        return subject, [
            _("Die %(kind)s können wir Ihnen leider nicht ausstellen.")
            % {"kind": certificate.get_kind_display()},
            _("Begründung: %(reason)s") % {"reason": certificate.reason},
        ]

    tell(
        for_party(certificate.party),
        kind="certificate_refused",
        key=str(certificate.pk),
        ticket=_ticket(certificate),
        compose=compose,
        link=absolute(reverse("portal:certificates")),
        link_label=lambda: _("Bescheinigungen im Mieterportal"),
    )
