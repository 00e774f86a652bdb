"""Hilfe & FAQ: the tenants' articles by category with a search, one article's page, and the articles the
report wizard shows before the description, where "Das hat geholfen" ends the report without a ticket."""

from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from knowledge.models import Article
from knowledge.services import article_helped

from .access import resident_required

MAX_QUERY = 200


def tenant_article_or_404(slug: str) -> Article:
    """A published tenant article, else 404: drafts, archived and staff articles do not exist here."""
    article = Article.objects.for_tenants().select_related("category").filter(slug=slug).first()
    if article is None:
        raise Http404
    return article


def item_articles(item_id: int) -> list[Article]:
    """The tenant articles linked to a catalog item, for the wizard's step before the description."""
    return list(Article.objects.for_tenants().for_item(item_id).order_by("position", "title_de"))


def help_index(request: HttpRequest) -> HttpResponse:
    """Open to everyone, signed in or not: a question answered here is a call the hotline does not get."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    articles = (
        Article.objects.for_tenants()
        .select_related("category")
        .order_by("category__position", "category__name_de", "category_id", "position", "title_de")
    )
    if query:
        context = {"results": list(articles.search(query)[:50])}
    else:
        context = {
            "categories": [
                (category, list(rows)) for category, rows in groupby(articles, key=lambda a: a.category)
            ]
        }
    return render(request, "portal/help/index.html", {"query": query, **context})


def article_page(request: HttpRequest, slug: str) -> HttpResponse:
    article = tenant_article_or_404(slug)
    return render(request, "portal/help/article.html", {"article": article})


@resident_required
@require_http_methods(["GET", "POST"])
def helped(request: HttpRequest) -> HttpResponse:
    """POST: the article answered it, count that and write no ticket. GET: the page that says so."""
    if request.method == "GET":
        article = tenant_article_or_404(request.GET.get("artikel", ""))
        return render(request, "portal/help/helped.html", {"article": article})
    article_id, item_id = request.POST.get("article", ""), request.POST.get("item", "")
    if not article_id.isdigit():
        raise Http404
    article = Article.objects.for_tenants().filter(pk=article_id).first()
    if article is None:
        raise Http404
    # Only an item the article belongs to is counted with it; anything else counts for the article alone.
    item = article.items.filter(pk=item_id).first() if item_id.isdigit() else None
    article_helped(article=article, item=item)
    return redirect(f"{reverse('portal:report_helped')}?artikel={article.slug}")
