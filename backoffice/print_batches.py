"""Druckstapel in the back-office: the list, a new batch on demand, a batch's progress (polled by htmx,
reloaded without JavaScript), its PDF, and "posted". Also the desk print of a requested document."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import documents, printing
from notifications.models import PrintBatch
from tickets.actors import Actor
from tickets.errors import TicketError

from .access import get_ticket_or_404, staff_required

PERMISSION = "notifications.run_print_batch"


def print_permission_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff with the print permission; other staff get 404 (config.errors); the rest as in staff_required."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_batch_or_404(request: HttpRequest, pk: int) -> PrintBatch:
    """A batch for staff who may print, or the one letter a case worker printed at the desk."""
    batch = get_object_or_404(PrintBatch.objects.select_related("created_by", "posted_by"), pk=pk)
    if batch.created_by_id != request.user.pk and not request.user.has_perm(PERMISSION):
        raise Http404
    return batch


def _to_batch(batch: PrintBatch) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("backoffice:print_batch", args=[batch.pk]))


@print_permission_required
def batch_list(request: HttpRequest) -> HttpResponse:
    batches = PrintBatch.objects.select_related("created_by").order_by("-created_at", "-id")
    page = Paginator(batches, 25).get_page(request.GET.get("seite"))
    context = {"page": page, "batches": page.object_list, "waiting": printing.pending_letters().count()}
    return render(request, "backoffice/print_batches/list.html", context)


@require_POST
@print_permission_required
def batch_create(request: HttpRequest) -> HttpResponse:
    batch = printing.print_batch_create(created_by=request.user)
    if batch is None:
        messages.info(request, _("Zurzeit warten keine Briefe auf den Druck."))
        return HttpResponseRedirect(reverse("backoffice:print_batches"))
    messages.success(request, _("Druckstapel %(number)s wird erstellt.") % {"number": batch.pk})
    return _to_batch(batch)


@staff_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch page, or only its progress block when htmx polls for it."""
    batch = get_batch_or_404(request, pk)
    context = {"batch": batch, "may_print": request.user.has_perm(PERMISSION)}
    if request.headers.get("HX-Request") or request.GET.get("teil") == "fortschritt":
        return render(request, "backoffice/print_batches/_progress.html", context)
    context["items"] = batch.items.select_related("message__ticket").order_by("position")
    return render(request, "backoffice/print_batches/detail.html", context)


@staff_required
def batch_download(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_or_404(request, pk)
    if not batch.file:
        raise Http404
    return FileResponse(
        batch.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"druckstapel-{batch.pk}.pdf",
    )


@require_POST
@print_permission_required
def batch_mark_posted(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_or_404(request, pk)
    if printing.print_batch_mark_posted(batch=batch, user=request.user):
        messages.success(request, _("Druckstapel %(number)s ist als versendet markiert.") % {"number": pk})
    else:
        messages.error(request, _("Nur ein fertig gedruckter Stapel kann als versendet markiert werden."))
    return _to_batch(batch)


@require_POST
@print_permission_required
def batch_retry(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_or_404(request, pk)
    if printing.print_batch_retry(batch=batch):
        messages.success(request, _("Druckstapel %(number)s wird erneut gedruckt.") % {"number": pk})
    return _to_batch(batch)


@require_POST
@staff_required
def document_print(request: HttpRequest, reference: str) -> HttpResponse:
    """ "Dokument drucken und versenden" on the ticket page: the cover letter is printed at once."""
    ticket = get_ticket_or_404(request, reference)
    try:
        batch = documents.document_request_print(ticket=ticket, actor=Actor.for_user(request.user))
    except TicketError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(reverse("backoffice:ticket", args=[ticket.reference]))
    messages.success(
        request,
        _("Das Anschreiben ist gedruckt. Bitte legen Sie die Unterlage bei und versenden Sie beides."),
    )
    return _to_batch(batch)


urlpatterns = [
    path("druckstapel/", batch_list, name="print_batches"),
    path("druckstapel/neu/", batch_create, name="print_batch_create"),
    path("druckstapel/<int:pk>/", batch_detail, name="print_batch"),
    path("druckstapel/<int:pk>/pdf/", batch_download, name="print_batch_pdf"),
    path("druckstapel/<int:pk>/versendet/", batch_mark_posted, name="print_batch_posted"),
    path("druckstapel/<int:pk>/erneut/", batch_retry, name="print_batch_retry"),
    path("meldungen/<ref:reference>/dokument-drucken/", document_print, name="document_print"),
]
