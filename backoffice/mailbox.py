"""Postfach: incoming e-mail no rule could match to a ticket. A case worker files each one into an
existing ticket (by its number), into a new ticket (the intake screen, pre-filled), or marks it as
needing no action; either way it leaves the list and who did it is kept. Every mail can be downloaded as
it arrived, which for a mail nobody could read is the only way to see it."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from estate.fields import LineField
from notifications.inbound import inbound_mail_dismiss, inbound_mail_file
from notifications.models import InboundMail, MailFolder
from tickets.actors import Actor
from tickets.models import Ticket

from . import mail_compose, mail_folders
from .access import staff_required
from .mail_folders import mail_rows

PAGE_SIZE = 50


class FileForm(forms.Form):
    reference = LineField(label=gettext_lazy("Vorgangsnummer"), max_length=20)


def waiting():
    return InboundMail.objects.filter(ticket__isnull=True, filed_by__isnull=True)


@staff_required
def mailbox(request: HttpRequest) -> HttpResponse:
    # Oldest first, as a post room works through a stack; `.defer` is not used: the preview needs the text.
    # Mail moved into a folder waits there, not here.
    mails = mail_rows(waiting().filter(folder__isnull=True)).order_by("received_at", "id")
    mails = list(mails[: PAGE_SIZE + 1])
    context = {
        "mails": mails[:PAGE_SIZE],
        "more": len(mails) > PAGE_SIZE,
        "folders": MailFolder.objects.all(),
    }
    return render(request, "backoffice/mailbox/list.html", context)


def _mail_or_404(pk: int) -> InboundMail:
    return get_object_or_404(waiting().select_related("party").defer("raw"), pk=pk)


@staff_required
def original(request: HttpRequest, pk: int) -> HttpResponse:
    """The mail as it arrived, as a file to open in a mail program; never shown inline in the browser."""
    mail = get_object_or_404(InboundMail, pk=pk)
    response = HttpResponse(bytes(mail.raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="e-mail-{mail.pk}.eml"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@staff_required
def file_into_ticket(request: HttpRequest, pk: int) -> HttpResponse:
    mail = _mail_or_404(pk)
    form = FileForm(request.POST)
    reference = form.data.get("reference", "").strip()
    ticket = (
        Ticket.objects.visible_to(request.user).filter(reference=reference).first() if reference else None
    )
    if ticket is None:
        messages.error(
            request, _("Keine Meldung mit der Nummer „%(ref)s“ gefunden.") % {"ref": reference[:20]}
        )
        return HttpResponseRedirect(reverse("backoffice:mailbox"))
    inbound_mail_file(mail=mail, ticket=ticket, actor=Actor.for_user(request.user))
    messages.success(request, _("Die E-Mail ist der Meldung %(ref)s zugeordnet.") % {"ref": ticket.reference})
    return HttpResponseRedirect(reverse("backoffice:mailbox"))


@require_POST
@staff_required
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    mail = _mail_or_404(pk)
    inbound_mail_dismiss(mail=mail, actor=Actor.for_user(request.user))
    messages.success(request, _("Die E-Mail ist als „keine Bearbeitung nötig“ abgelegt."))
    return HttpResponseRedirect(reverse("backoffice:mailbox"))


urlpatterns = [
    path("postfach/", mailbox, name="mailbox"),
    path("postfach/<int:pk>/zuordnen/", file_into_ticket, name="mailbox_file"),
    path("postfach/<int:pk>/erledigt/", dismiss, name="mailbox_dismiss"),
    path("postfach/<int:pk>/original.eml", original, name="mailbox_original"),
    *mail_compose.urlpatterns,
    *mail_folders.urlpatterns,
]
