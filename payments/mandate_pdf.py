"""The SEPA mandate as the tenant signs it: the mandate text (the wording the SEPA Core scheme asks for)
as HTML for the portal page, and as a DIN 5008 PDF with the company's letterhead (WeasyPrint, the
letters' stylesheet) that is signed by its SHA-256 and kept with the tenant's documents."""

import functools
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from estate.models import Party
from estate.salutations import word_for

from . import epc

STATIC_DIR = Path(settings.BASE_DIR) / "static"


def mandate_context(
    *, party: Party, reference: str, holder: str, iban: str, bic: str, signed_by="", signed_at=None
):
    creditor = settings.PAYMENTS
    return {
        "company": settings.COMPANY,
        "letterhead": settings.LETTERHEAD,
        "logo": settings.LETTERHEAD.get("logo", ""),
        "date": timezone.localdate(),
        "language": "de",
        "recipient": [party.display_name, party.street, f"{party.postcode} {party.city}".strip()],
        "creditor_name": creditor["creditor_name"],
        "creditor_id": creditor["creditor_id"],
        "mandate_reference": reference,
        "holder": holder,
        "iban_grouped": epc.grouped_iban(iban),
        "bic": bic,
        "party": party,
        # The mandate is German legal text: the tenant is Mieterin or Mieter by the salutation.
        "tenant_word": word_for(party, female="Mieterin", male="Mieter", neutral="Mieter/in"),
        "signed_by": signed_by,
        "signed_at": signed_at,
    }


def mandate_html(context: dict) -> str:
    """The mandate's own words, for the page the tenant reads before signing."""
    with translation.override("de"):  # the mandate is a German legal text; the page says so
        return render_to_string("payments/_mandate_text.html", context)


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


def mandate_pdf(context: dict) -> bytes:
    with translation.override("de"):
        html = render_to_string("letters/sepa_mandate.html", context)
    document = HTML(
        string=html, base_url=str(STATIC_DIR) + "/", url_fetcher=URLFetcher(allowed_protocols={"file"})
    )
    stylesheet = CSS(filename=str(STATIC_DIR / "letters" / "letter.css"), font_config=_font_config())
    return document.write_pdf(stylesheets=[stylesheet], font_config=_font_config())
