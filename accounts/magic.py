"""Magic-link sign-in for residents: request a link, check it, use it once. The rules live here; the
portal's views only show forms and pages around them."""

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from estate.models import Party

from .models import MagicLink

LINK_LIFETIME = dt.timedelta(minutes=15)
log = logging.getLogger(__name__)


class LinkInvalid(Exception):
    """The link cannot sign anyone in. `reason` says why, for the page the resident sees."""

    def __init__(self, reason: str):
        self.reason = reason  # "tampered", "expired", "used", "superseded"
        super().__init__(reason)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


# --- Rate limits ------------------------------------------------------------------------------------


def rate_limited(*, email: str, ip: str) -> bool:
    """Count this request against the address and the IP; True when either is over its limit.

    The counters live in the shared cache (Redis in production), so every web process sees them.
    """
    window = settings.MAGIC_LINK_RATE_WINDOW
    address_key = "magic:addr:" + hashlib.sha256(normalise_email(email).encode()).hexdigest()
    ip_key = f"magic:ip:{ip}"
    over = False
    for key, limit in (
        (address_key, settings.MAGIC_LINK_RATE_PER_ADDRESS),
        (ip_key, settings.MAGIC_LINK_RATE_PER_IP),
    ):
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        over = over or count > limit
    return over


# --- Requesting a link ------------------------------------------------------------------------------


def party_for_email(email: str) -> Party | None:
    email = normalise_email(email)
    if not email:
        return None
    return Party.objects.filter(email__iexact=email).order_by("pk").first()


@transaction.atomic
def link_request(*, email: str, build_url: Callable[[str], str], now=None) -> None:
    """Send a sign-in link to a known address, or a pointer to the hotline to an unknown one.

    Both paths make a token, hash it and send one e-mail, so the answer takes the same time and nobody
    learns from it whether an address is ours.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    token = secrets.token_urlsafe(32)
    token_hash = hash_token(token)
    party = party_for_email(email)
    if party is None:
        _send_unknown_address_mail(email=email)
        return
    # A newer link voids every older one that is still usable.
    MagicLink.objects.filter(party=party, used_at__isnull=True, voided_at__isnull=True).update(voided_at=now)
    MagicLink.objects.create(
        party=party, token_hash=token_hash, email=email, created_at=now, expires_at=now + LINK_LIFETIME
    )
    with translation.override(party.language or settings.LANGUAGE_CODE):
        context = {
            "party": party,
            "url": build_url(token),
            "minutes": int(LINK_LIFETIME.total_seconds() // 60),
            "company": settings.COMPANY,
        }
        send_link_email(
            to=email,
            subject=render_to_string("portal/emails/magic_link_subject.txt", context).strip(),
            text=render_to_string("portal/emails/magic_link.txt", context),
            html=render_to_string("portal/emails/magic_link.html", context),
        )


def _send_unknown_address_mail(*, email: str) -> None:
    context = {"email": email, "company": settings.COMPANY}
    send_link_email(
        to=email,
        subject=render_to_string("portal/emails/unknown_address_subject.txt", context).strip(),
        text=render_to_string("portal/emails/unknown_address.txt", context),
        html=render_to_string("portal/emails/unknown_address.html", context),
    )


def send_link_email(*, to: str, subject: str, text: str, html: str) -> None:
    """The one door through which sign-in mails leave, after commit so a rolled-back request never
    mails a link that does not exist.

    Not through the outbox on purpose: an outbox row keeps the body, and with it the raw token, in the
    database, while the rule is that only its hash is stored. Retrying later buys little here anyway: a
    link is dead after 15 minutes, and the resident simply asks for a new one.
    """
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")

    def send() -> None:
        try:
            message.send()
        except Exception:
            # The request already answered "check your mailbox"; the operator must see why nothing came.
            log.exception("Could not send the sign-in e-mail to %s", to)

    transaction.on_commit(send)


# --- Using a link -----------------------------------------------------------------------------------


def link_check(*, token: str, now=None) -> MagicLink:
    """The link behind `token` if it could sign in now; raises LinkInvalid otherwise. No side effects:
    mail scanners open links, and opening must not burn them."""
    now = now or timezone.now()
    if not token or len(token) > 100:
        raise LinkInvalid("tampered")
    link = (
        MagicLink.objects.select_related("party", "party__user").filter(token_hash=hash_token(token)).first()
    )
    if link is None:
        raise LinkInvalid("tampered")
    if link.used_at is not None:
        raise LinkInvalid("used")
    if link.voided_at is not None or normalise_email(link.party.email) != link.email:
        raise LinkInvalid("superseded")
    if link.expires_at <= now:
        raise LinkInvalid("expired")
    user = link.party.user
    if user is not None and (not user.is_active or user.is_staff):
        # Staff sign in with their password (and second factor), never by link.
        raise LinkInvalid("tampered")
    return link


@transaction.atomic
def link_consume(*, token: str, now=None):
    """Use the link once and return the User to sign in (created on the party's first sign-in)."""
    now = now or timezone.now()
    link = link_check(token=token, now=now)
    # The conditional UPDATE is the lock: of two simultaneous POSTs only one sees a row change.
    used = MagicLink.objects.filter(
        pk=link.pk, used_at__isnull=True, voided_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if used != 1:
        raise LinkInvalid("used")
    return user_for_party(link.party)


def user_for_party(party: Party):
    """The party's portal login; made on first sign-in, with no password (residents only use links)."""
    party = Party.objects.select_for_update().get(pk=party.pk)
    if party.user is not None:
        return party.user
    user_model = get_user_model()
    user = user_model(
        username=f"party-{party.pk}",
        email=party.email,
        first_name=party.first_name,
        last_name=party.last_name or party.company_name[:150],
        language=party.language,
    )
    user.set_unusable_password()
    user.save()
    party.user = user
    party.save(update_fields=["user"])
    return user


# --- Changing the sign-in address -------------------------------------------------------------------

EMAIL_CHANGE_SALT = "accounts.email-change"
EMAIL_CHANGE_LIFETIME = dt.timedelta(hours=24)


class EmailChangeInvalid(Exception):
    """The confirmation link cannot change the address. `reason` says why, for the page shown."""

    def __init__(self, reason: str):
        self.reason = reason  # "tampered", "expired", "used", "taken"
        super().__init__(reason)


def email_change_request(*, party: Party, new_email: str, build_url: Callable[[str], str]) -> None:
    """Mail a confirmation link to the new address; nothing changes until it is opened and confirmed.

    The signed token carries the address it replaces, so once the change is made (or the address changed
    otherwise) the same link no longer works: it is good for one change only, and for 24 hours.
    """
    new_email = normalise_email(new_email)
    token = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).sign_object(
        {"party": party.pk, "email": new_email, "old": normalise_email(party.email)}
    )
    with translation.override(party.language or settings.LANGUAGE_CODE):
        context = {
            "party": party,
            "url": build_url(token),
            "hours": int(EMAIL_CHANGE_LIFETIME.total_seconds() // 3600),
            "company": settings.COMPANY,
        }
        send_link_email(
            to=new_email,
            subject=render_to_string("portal/emails/email_change_subject.txt", context).strip(),
            text=render_to_string("portal/emails/email_change.txt", context),
            html=render_to_string("portal/emails/email_change.html", context),
        )


def email_change_check(*, token: str) -> tuple[Party, str]:
    """The party and the new address behind a confirmation token; raises EmailChangeInvalid."""
    if not token or len(token) > 500:
        raise EmailChangeInvalid("tampered")
    try:
        data = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).unsign_object(
            token, max_age=EMAIL_CHANGE_LIFETIME
        )
    except signing.SignatureExpired as expired:
        raise EmailChangeInvalid("expired") from expired
    except signing.BadSignature as bad:
        raise EmailChangeInvalid("tampered") from bad
    party = Party.objects.select_related("user").filter(pk=data.get("party")).first()
    if party is None:
        raise EmailChangeInvalid("tampered")
    if normalise_email(party.email) != data["old"]:
        raise EmailChangeInvalid("used")
    # Sign-in looks a party up by address: two parties sharing one would sign in as the wrong person.
    if Party.objects.filter(email__iexact=data["email"]).exclude(pk=party.pk).exists():
        raise EmailChangeInvalid("taken")
    return party, data["email"]


@transaction.atomic
def email_change_confirm(*, token: str, now=None) -> Party:
    """Make the confirmed address the party's sign-in address and void every sign-in link still open."""
    now = now or timezone.now()
    party, new_email = email_change_check(token=token)
    checked_email = normalise_email(party.email)
    party = Party.objects.select_for_update(of=("self",)).select_related("user").get(pk=party.pk)
    old_email = party.email
    if normalise_email(old_email) != checked_email:  # confirmed twice at once: the second one loses
        raise EmailChangeInvalid("used")
    party.email = new_email
    # A new, working address also ends the letters that a bounce of the old one had switched on.
    party.email_bounced_at = None
    party.save(update_fields=["email", "email_bounced_at"])
    if party.user is not None:
        party.user.email = new_email
        party.user.save(update_fields=["email"])
    MagicLink.objects.filter(party=party, used_at__isnull=True, voided_at__isnull=True).update(voided_at=now)
    log.info("Party %s confirmed a new e-mail address", party.pk)
    if old_email:
        _send_email_changed_notice(party=party, old_email=old_email)
    return party


def _send_email_changed_notice(*, party: Party, old_email: str) -> None:
    """Tell the old address, so a tenant whose account was taken over hears of it and can call us."""
    with translation.override(party.language or settings.LANGUAGE_CODE):
        context = {"party": party, "company": settings.COMPANY}
        send_link_email(
            to=old_email,
            subject=render_to_string("portal/emails/email_changed_subject.txt", context).strip(),
            text=render_to_string("portal/emails/email_changed.txt", context),
            html=render_to_string("portal/emails/email_changed.html", context),
        )
