"""The mailbox beyond the inbox: one mail with who read and answered it, folders (created by staff with
the right), the archive of filed and dismissed mail, and the mail sent from the mailbox."""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from estate.fields import LineField
from notifications.mail_out import mail_mark_read, mail_move
from notifications.models import InboundMail, MailFolder, MailRead, OutboxMessage

from .access import staff_required, staff_with_permission

PAGE_SIZE = 50


class FolderForm(forms.ModelForm):
    name = LineField(label=gettext_lazy("Name"), max_length=100)

    class Meta:
        model = MailFolder
        fields = ["name"]


def mail_rows(queryset):
    """Mail for a list: sender, ticket, folder and the read log in a fixed number of queries."""
    reads = MailRead.objects.select_related("user").order_by("read_at", "id")
    return (
        queryset.select_related("party", "ticket", "refers_to", "folder", "filed_by")
        .prefetch_related(Prefetch("reads", queryset=reads))
        .defer("raw")
    )


def _list(request: HttpRequest, *, mails, title: str, folder: MailFolder | None = None) -> HttpResponse:
    rows = list(mail_rows(mails)[: PAGE_SIZE + 1])
    context = {
        "mails": rows[:PAGE_SIZE],
        "more": len(rows) > PAGE_SIZE,
        "title": title,
        "folder": folder,
        "folders": MailFolder.objects.all(),
    }
    return render(request, "backoffice/mailbox/folder.html", context)


@staff_required
def folder(request: HttpRequest, pk: int) -> HttpResponse:
    shelf = get_object_or_404(MailFolder, pk=pk)
    mails = InboundMail.objects.filter(folder=shelf).order_by("-received_at", "-id")
    return _list(request, mails=mails, title=shelf.name, folder=shelf)


@staff_required
def archive(request: HttpRequest) -> HttpResponse:
    """Archiv: mail filed into a ticket or set aside, newest first."""
    mails = InboundMail.objects.exclude(ticket__isnull=True, filed_by__isnull=True).order_by(
        "-received_at", "-id"
    )
    return _list(request, mails=mails, title=_("Archiv"))


@staff_required
def sent(request: HttpRequest) -> HttpResponse:
    """Gesendet: mail written in the mailbox, newest first."""
    rows = (
        OutboxMessage.objects.filter(written_by__isnull=False)
        .select_related("written_by", "ticket", "recipient_party", "answers")
        .defer("body_html", "letter")
        .order_by("-created_at", "-id")
    )
    rows = list(rows[: PAGE_SIZE + 1])
    context = {"sent": rows[:PAGE_SIZE], "more": len(rows) > PAGE_SIZE, "folders": MailFolder.objects.all()}
    return render(request, "backoffice/mailbox/sent.html", context)


@staff_required
def mail(request: HttpRequest, pk: int) -> HttpResponse:
    """One mail, in full; opening it is noted in its read log."""
    mail_mark_read(mail=get_object_or_404(InboundMail.objects.only("pk"), pk=pk), user=request.user)
    found = mail_rows(InboundMail.objects.all()).get(pk=pk)
    context = {"mail": found, "folders": MailFolder.objects.all(), "answers": found.answers.all()}
    return render(request, "backoffice/mailbox/mail.html", context)


@require_POST
@staff_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(InboundMail.objects.defer("raw"), pk=pk)
    target = request.POST.get("folder", "")
    shelf = get_object_or_404(MailFolder, pk=target) if target.isdigit() else None
    mail_move(mails=[found], folder=shelf)
    if shelf is None:
        messages.success(request, _("Die E-Mail liegt wieder im Posteingang."))
    else:
        messages.success(request, _("Die E-Mail liegt im Ordner „%(name)s“.") % {"name": shelf.name})
    return HttpResponseRedirect(reverse("backoffice:mailbox_mail", args=[found.pk]))


@staff_with_permission("notifications.add_mailfolder")
def folder_create(request: HttpRequest) -> HttpResponse:
    form = FolderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        shelf = form.save(commit=False)
        shelf.created_by = request.user
        shelf.save()
        messages.success(request, _("Der Ordner „%(name)s“ ist angelegt.") % {"name": shelf.name})
        return HttpResponseRedirect(reverse("backoffice:mailbox_folder", args=[shelf.pk]))
    return render(request, "backoffice/mailbox/folder_new.html", {"form": form})


urlpatterns = [
    path("postfach/mail/<int:pk>/", mail, name="mailbox_mail"),
    path("postfach/mail/<int:pk>/verschieben/", move, name="mailbox_move"),
    path("postfach/archiv/", archive, name="mailbox_archive"),
    path("postfach/gesendet/", sent, name="mailbox_sent"),
    path("postfach/ordner/neu/", folder_create, name="mailbox_folder_new"),
    path("postfach/ordner/<int:pk>/", folder, name="mailbox_folder"),
]
