"""Help articles in the back-office: the staff articles beside a ticket of their catalog item, the
articles' own pages with a search, and a tenant article's link put into a reply in the tenant's language."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from knowledge.models import Article, Audience
from tickets.models import Ticket
from tickets.textblocks import tenant_language

from . import ticket_lists
from .access import get_ticket_or_404, staff_required
from .forms import MessageForm

MAX_QUERY = 200


def ticket_knowledge(ticket: Ticket, lists: dict | None = None) -> dict:
    """For the ticket page: staff articles on the ticket's item, and every tenant article to link in a
    reply (those on the item first). From the cached list (backoffice.ticket_lists): no query."""
    articles = ticket_lists.articles(lists or ticket_lists.read(), ticket.item_id)
    staff = [a for a in articles if a.audience == Audience.STAFF and a.on_item]
    tenant = sorted((a for a in articles if a.audience == Audience.TENANTS), key=lambda a: not a.on_item)
    return {
        "staff_articles": staff,
        "tenant_articles": tenant,
        "tenant_articles_on_item": {a.pk for a in tenant if a.on_item},
    }


def tenant_link_line(article: Article, ticket: Ticket) -> str:
    """ "Title: https://…/portal/hilfe/slug/" with the title in the language the tenant reads."""
    with translation.override(tenant_language(ticket)):
        title = article.title
    url = settings.SITE_URL.rstrip("/") + reverse("portal:help_article", args=[article.slug])
    return f"{title}: {url}"


@staff_required
def insert_link(request: HttpRequest, reference: str) -> HttpResponse:
    """htmx: the reply box with the article's link added after what was typed. Without JavaScript the
    ticket page comes back with the link in the reply box."""
    ticket = get_ticket_or_404(request, reference)
    article_id = request.GET.get("artikel", "")
    article = (
        Article.objects.published().for_audience(Audience.TENANTS).filter(pk=article_id).first()
        if article_id.isdigit()
        else None
    )
    if article is None:
        raise Http404
    typed = request.GET.get("body", "").rstrip()
    text = "\n\n".join(part for part in (typed, tenant_link_line(article, ticket)) if part)
    if request.headers.get("HX-Request"):
        response = HttpResponse(str(MessageForm(initial={"body": text})["body"]))
    else:
        # The ticket page itself, with this text in its reply box (imported here: that page imports us).
        from .views.ticket import _page

        response = _page(request, ticket, body=text)
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff_required
def article_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    articles = Article.objects.published().select_related("category")
    articles = articles.search(query)[:100] if query else articles.order_by("audience", "title_de")
    return render(request, "backoffice/knowledge/list.html", {"articles": list(articles), "query": query})


@staff_required
def article_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff read every published article, whatever its audience; drafts only in the admin."""
    article = Article.objects.published().select_related("category").filter(slug=slug).first()
    if article is None:
        raise Http404
    return render(request, "backoffice/knowledge/article.html", {"article": article})


urlpatterns = [
    path("wissen/", article_list, name="knowledge"),
    path("wissen/<slug:slug>/", article_page, name="knowledge_article"),
    path("meldungen/<ref:reference>/artikel-link/", insert_link, name="knowledge_link"),
]
