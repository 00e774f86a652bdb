"""Bescheinigungen in the portal: the tenant picks a certificate (Wohnungsgeberbestätigung,
Mietschuldenfreiheitsbescheinigung, Mietbescheinigung), gets it at once where our data carries it, or
sees it waiting for the case worker, and reads every certificate they asked for with its state. Every
rule is certificates.services'; a certificate of someone else answers 404."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from certificates import services
from certificates.models import Certificate
from tickets.actors import Actor
from tickets.errors import TicketError

from .access import current_party, resident_required

Kind = Certificate.Kind

# What each certificate is for, in the reader's language (the certificate itself stays German).
OFFERS = (
    (
        Kind.REGISTRATION,
        _(
            "Für die Anmeldung beim Bürgeramt: bestätigt Ihren Einzug mit Datum und allen Personen, die sich "
            "anmelden müssen. Sie erhalten sie sofort."
        ),
    ),
    (
        Kind.NO_ARREARS,
        _(
            "Für Ihren künftigen Vermieter: bestätigt, dass Ihre Miete bis zum letzten Stand unserer "
            "Mietenbuchhaltung bezahlt ist. Meldet sie einen offenen Betrag oder läuft eine Ratenzahlung, "
            "prüfen wir Ihre Anfrage zuerst."
        ),
    ),
    (
        Kind.RENT,
        _(
            "Für das Jobcenter oder die Wohngeldstelle: Grundmiete, Betriebs- und Heizkostenvorauszahlung, "
            "Wohnfläche, Zimmer und Personen. Fehlt uns eine Angabe, ergänzen wir sie und melden uns."
        ),
    ),
)


# Where the long German words may break on a phone, with a hyphen (soft hyphens: invisible otherwise, and
# screen readers skip them); the translations keep the German word in brackets, so they need it too.
SOFT_BREAKS = {
    "Mietschuldenfreiheitsbescheinigung": "Mietschulden\u00adfreiheits\u00adbescheinigung",
    "Wohnungsgeberbestätigung": "Wohnungsgeber\u00adbestätigung",
}


def breakable(label) -> str:
    text = str(label)
    for word, broken in SOFT_BREAKS.items():
        text = text.replace(word, broken)
    return text


def _chosen(request: HttpRequest) -> str:
    kind = request.GET.get("art", "")
    if kind and kind not in Kind.values:  # an unknown kind, a NUL byte: no such certificate
        raise Http404
    return kind


@resident_required
@require_http_methods(["GET", "POST"])
def certificates(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    status, error, chosen = 200, "", _chosen(request)
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        chosen = kind if kind in Kind.values else ""
        try:
            certificate = services.certificate_request(
                party=party, kind=kind, actor=Actor.for_user(request.user)
            )
        except TicketError as refused:
            error = str(refused.message)
            status = 400 if isinstance(refused, services.NoHome) or kind not in Kind.values else 409
        else:
            if certificate.state == Certificate.State.ISSUED:
                messages.success(
                    request,
                    gettext("%(kind)s ist ausgestellt. Sie finden sie unten und unter „Meine Dokumente“.")
                    % {"kind": certificate.get_kind_display()},
                )
            else:
                messages.success(
                    request,
                    gettext(
                        "Ihre Anfrage ist eingegangen. Wir prüfen sie und melden uns bei Ihnen per E-Mail."
                    ),
                )
            return redirect("portal:certificates")
    mine = list(Certificate.objects.of_party(party)[:50])
    return render(
        request,
        "portal/certificates/list.html",
        {
            "offers": [(kind, breakable(kind.label), text) for kind, text in OFFERS],
            "mine": [(c, breakable(c.get_kind_display())) for c in mine],
            "chosen": chosen,
            "error": error,
        },
        status=status,
    )


def wizard_link(kind: str) -> str:
    """Where the report wizard sends a catalog item that asks for one of our certificates."""
    return f"{reverse('portal:certificates')}?art={kind}"


urlpatterns = [
    path("bescheinigungen/", certificates, name="certificates"),
]
