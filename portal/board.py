"""The notice board (Aushänge) and my documents."""

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from estate.models import Document, NoticePost

from .access import current_party, resident_required


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
