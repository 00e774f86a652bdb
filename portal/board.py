"""The notice board (Aushänge), my documents, and my data as we have them on file."""

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from estate.models import Document, NoticePost

from .access import current_party, resident_required
from .places import places_for


@resident_required
def notices(request: HttpRequest) -> HttpResponse:
    posts = NoticePost.objects.current().for_party(current_party(request)).select_related("property")
    page = Paginator(posts, 20).get_page(request.GET.get("seite"))
    return render(request, "portal/notices.html", {"page": page, "posts": page.object_list})


@resident_required
def documents(request: HttpRequest) -> HttpResponse:
    page = Paginator(Document.objects.filter(party=current_party(request)), 25).get_page(
        request.GET.get("seite")
    )
    return render(request, "portal/documents.html", {"page": page, "documents": page.object_list})


@resident_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the party's own documents; anyone else's answers 404."""
    document = get_object_or_404(Document, pk=pk, party=current_party(request))
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
    )


@resident_required
def my_data(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    account = party.bank_accounts.filter(valid_until__isnull=True).first()
    return render(
        request, "portal/my_data.html", {"party": party, "account": account, "places": places_for(party)}
    )
