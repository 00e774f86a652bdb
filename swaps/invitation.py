"""The partner's link: a signed link that expires, sent by e-mail, with which the swap partner (a tenant
of ours or someone from outside) confirms the joint application, and the outside partner first registers
their data. No sign-in is needed: the link is the key to this one confirmation; a different person who is
signed in is refused (portal.swap_partner answers 403).

    partner_token(swap) -> str
    swap_for_token(token) -> HomeSwap          raises LinkInvalid / LinkExpired
"""

import datetime as dt

from django.core import signing
from django.utils.translation import gettext_lazy as _

from processes.errors import ProcessError

from .models import HomeSwap

SALT = "swaps.partner"
LINK_MAX_AGE = dt.timedelta(days=14)


class LinkInvalid(ProcessError):
    default_message = _("Dieser Link ist ungültig.")


class LinkExpired(LinkInvalid):
    default_message = _("Dieser Link ist abgelaufen. Bitte rufen Sie uns an; wir senden Ihnen einen neuen.")


def partner_token(swap: HomeSwap) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"s": swap.pk, "y": swap.partner_id})


def swap_for_token(token: str) -> HomeSwap:
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as expired:
        raise LinkExpired() from expired
    except signing.BadSignature as bad:
        raise LinkInvalid() from bad
    swap = (
        HomeSwap.objects.filter(pk=payload.get("s"), partner_id=payload.get("y"))
        .select_related(
            "partner",
            "applicant",
            "applicant_unit__building",
            "partner_unit__building",
            "process__ticket",
            "process__template",
            "process__current_step__template",
        )
        .first()
    )
    if swap is None:
        raise LinkInvalid()
    return swap
