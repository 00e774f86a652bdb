"""Datenauskunft: a tenant asks for their data in the portal and confirms by a fresh link to their
address, or staff produce it for a written request; a worker builds the ZIP; only that tenant (or staff
with the permission) downloads it, for seven days. Each DataExport row is the log entry."""

import datetime as dt
import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.magic import hash_token, send_link_email
from estate.models import Party

from .export_data import export_content
from .export_files import export_zip
from .models import CONFIRM_LIFETIME, EXPORT_LIFETIME, DataExport

log = logging.getLogger(__name__)
PRODUCE_PERMISSION = "privacy.produce_dataexport"


class ExportNotFound(Exception):
    """No export this person may confirm or download: answered with 404, like everything not theirs."""


class NotPermitted(Exception):
    """Staff without the permission to produce exports."""


def _enqueue_build(export_id: int) -> None:
    from .tasks import build_export

    try:
        build_export.delay(export_id)
    except Exception:
        # The hourly sweep builds confirmed exports that no worker took.
        log.exception("Could not enqueue data export %s; the sweep will build it", export_id)


@transaction.atomic
def export_request(*, party: Party, user, build_url: Callable[[str], str], now=None) -> DataExport:
    """Open a request and mail a fresh confirmation link to the party's address; earlier open requests die.

    The link proves again that the person asking controls the mailbox, the session alone is not enough for
    handing out everything at once (a phone left signed in)."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    DataExport.objects.filter(party=party, state=DataExport.State.UNCONFIRMED).update(
        state=DataExport.State.EXPIRED, confirm_token_hash=None
    )
    export = DataExport.objects.create(
        party=party,
        channel=DataExport.Channel.PORTAL,
        requested_by=user,
        confirm_token_hash=hash_token(token),
        confirm_expires_at=now + CONFIRM_LIFETIME,
        created_at=now,
    )
    with translation.override(party.language or settings.LANGUAGE_CODE):
        context = {
            "party": party,
            "url": build_url(token),
            "minutes": int(CONFIRM_LIFETIME.total_seconds() // 60),
            "company": settings.COMPANY,
        }
        send_link_email(
            to=party.email,
            subject=render_to_string("portal/privacy/emails/confirm_subject.txt", context).strip(),
            text=render_to_string("portal/privacy/emails/confirm.txt", context),
            html=render_to_string("portal/privacy/emails/confirm.html", context),
        )
    log.info("Party %s asked for a data export (%s)", party.pk, export.pk)
    return export


def export_check(*, token: str, party: Party, now=None) -> DataExport:
    """The open request behind `token` if `party` may confirm it now; no side effects (mail scanners)."""
    now = now or timezone.now()
    if not token or len(token) > 100:
        raise ExportNotFound
    export = DataExport.objects.filter(
        confirm_token_hash=hash_token(token),
        party=party,
        state=DataExport.State.UNCONFIRMED,
        confirm_expires_at__gt=now,
    ).first()
    if export is None:
        raise ExportNotFound
    return export


@transaction.atomic
def export_confirm(*, token: str, party: Party, now=None) -> DataExport:
    now = now or timezone.now()
    export = export_check(token=token, party=party, now=now)
    # The conditional UPDATE is the lock: of two confirmations at once only one changes the row.
    confirmed = DataExport.objects.filter(pk=export.pk, state=DataExport.State.UNCONFIRMED).update(
        state=DataExport.State.CONFIRMED, confirmed_at=now, confirm_token_hash=None
    )
    if confirmed != 1:
        raise ExportNotFound
    transaction.on_commit(lambda: _enqueue_build(export.pk))
    export.refresh_from_db()
    return export


@transaction.atomic
def export_for_request(*, party: Party, staff_user, note: str, now=None) -> DataExport:
    """Staff produce the export for a written request (letter, form at the counter)."""
    if not (staff_user.is_active and staff_user.is_staff and staff_user.has_perm(PRODUCE_PERMISSION)):
        raise NotPermitted
    now = now or timezone.now()
    export = DataExport.objects.create(
        party=party,
        channel=DataExport.Channel.STAFF,
        state=DataExport.State.CONFIRMED,
        requested_by=staff_user,
        produced_by=staff_user,
        note=note,
        confirmed_at=now,
        created_at=now,
    )
    transaction.on_commit(lambda: _enqueue_build(export.pk))
    log.info("User %s produces a data export of party %s (%s)", staff_user.pk, party.pk, export.pk)
    return export


def export_build(*, export_id: int, now=None) -> bool:
    """Build the ZIP of a confirmed export; does nothing for one already built, expired or unknown."""
    now = now or timezone.now()
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(of=("self",))
            .select_related("party__user")
            .filter(pk=export_id, state=DataExport.State.CONFIRMED)
            .first()
        )
        if export is None:
            return False
        content = export_content(export.party)
        archive = export_zip(export.party, content)
        export.file.save(f"{secrets.token_urlsafe(24)}.zip", archive, save=False)
        export.size = archive.size
        export.contents = content.counts()
        export.state = DataExport.State.READY
        export.produced_at = now
        export.expires_at = now + EXPORT_LIFETIME
        stored = export.file.name
        try:
            export.save()
        except Exception:
            # No orphan file with someone's data in it when the row cannot say where it is.
            export.file.storage.delete(stored)
            raise
    return True


def export_for_download(
    *, export_id: int, party: Party | None = None, staff_user=None, now=None
) -> DataExport:
    """The export if this party (its owner) or staff with the permission may download it now, counted."""
    now = now or timezone.now()
    exports = DataExport.objects.downloadable(now).filter(pk=export_id)
    if party is not None:
        exports = exports.filter(party=party)
    elif staff_user is None or not staff_user.has_perm(PRODUCE_PERMISSION):
        raise ExportNotFound
    export = exports.first()
    if export is None:
        raise ExportNotFound
    DataExport.objects.filter(pk=export.pk).update(downloads=export.downloads + 1, last_download_at=now)
    log.info("Data export %s downloaded by %s", export.pk, f"party {party.pk}" if party else staff_user.pk)
    return export


def exports_sweep(*, now=None) -> dict[str, int]:
    """Hourly: expired files go, open requests die after their hour, and confirmed ones a broker outage
    left behind are built."""
    now = now or timezone.now()
    expired = 0
    for export in DataExport.objects.filter(state=DataExport.State.READY, expires_at__lte=now):
        if export.file:
            export.file.delete(save=False)
        DataExport.objects.filter(pk=export.pk).update(state=DataExport.State.EXPIRED, file="")
        expired += 1
    lapsed = DataExport.objects.filter(
        state=DataExport.State.UNCONFIRMED, confirm_expires_at__lte=now
    ).update(state=DataExport.State.EXPIRED, confirm_token_hash=None)
    stuck = DataExport.objects.filter(
        state=DataExport.State.CONFIRMED, confirmed_at__lte=now - dt.timedelta(minutes=10)
    ).values_list("pk", flat=True)
    built = sum(export_build(export_id=pk, now=now) for pk in list(stuck))
    return {"expired": expired, "lapsed": lapsed, "built": built}
