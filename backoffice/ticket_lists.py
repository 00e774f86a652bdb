"""The ticket page's lists that every ticket shares (text blocks, standard attachments, help articles), read
once and kept in the cache until one of them changes: the page picks what fits its ticket in Python, so
these lists cost no query per page."""

import datetime as dt

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from knowledge.models import Article, Audience
from tickets.models import StandardAttachment, TextBlock

KEY = "backoffice:ticket-lists"
# A change through a path that sends no signal (a queryset update) shows within this time.
SECONDS = 300


def read() -> dict:
    """The lists, for the functions below: read once per page."""
    found = cache.get(KEY)
    if found is None:
        found = _read()
        cache.set(KEY, found, SECONDS)
    return found


def _read() -> dict:
    now = timezone.now()
    # An article archived by now stays out; one published later or archived later is kept and picked by
    # the time of each request, so a scheduled article shows at its minute.
    articles = (
        Article.objects.filter(audience__in=[Audience.STAFF, Audience.TENANTS])
        .filter(published_at__isnull=False)
        .filter(Q(archived_at=None) | Q(archived_at__gt=now))
        .order_by("title_de", "pk")
    )
    rows = list(
        articles.values_list(
            "pk", "audience", "slug", "title_de", "summary_de", "published_at", "archived_at"
        )
    )
    items: dict[int, set[int]] = {pk: set() for pk, *_rest in rows}
    for article_id, item_id in Article.items.through.objects.filter(article_id__in=items).values_list(
        "article_id", "catalogitem_id"
    ):
        items[article_id].add(item_id)
    return {
        "text_blocks": list(
            TextBlock.objects.filter(active=True)
            .order_by("position", "title")
            .values_list("pk", "title", "category_id")
        ),
        "standard_attachments": list(
            StandardAttachment.objects.filter(active=True).order_by("title").values_list("pk", "title")
        ),
        "articles": [(*row, frozenset(items[row[0]])) for row in rows],
    }


def text_blocks(lists: dict, category_id: int | None) -> list[TextBlock]:
    """Active blocks for this category and those for every category, in the order of `blocks_for`."""
    return [
        TextBlock(pk=pk, title=title, category_id=category)
        for pk, title, category in lists["text_blocks"]
        if category is None or category == category_id
    ]


def standard_attachments(lists: dict) -> list[StandardAttachment]:
    """The active standard attachments for the reply form's boxes, by title."""
    return [StandardAttachment(pk=pk, title=title) for pk, title in lists["standard_attachments"]]


def articles(lists: dict, item_id: int, *, at: dt.datetime | None = None) -> list[Article]:
    """Published staff and tenant articles, by title, each with `on_item` for the ticket's item."""
    at = at or timezone.now()
    found = []
    for pk, audience, slug, title, summary, published_at, archived_at, item_ids in lists["articles"]:
        if published_at <= at and (archived_at is None or archived_at > at):
            article = Article(pk=pk, audience=audience, slug=slug, title_de=title, summary_de=summary)
            article.on_item = item_id in item_ids
            found.append(article)
    return found


def forget(**_kwargs) -> None:
    """Drop the lists now and once more when the change commits, so a request that read the old rows in
    between does not keep them."""
    cache.delete(KEY)
    transaction.on_commit(lambda: cache.delete(KEY))


def connect() -> None:
    for model in (TextBlock, StandardAttachment, Article):
        post_save.connect(forget, sender=model, dispatch_uid=f"backoffice-ticket-lists-save-{model.__name__}")
        post_delete.connect(
            forget, sender=model, dispatch_uid=f"backoffice-ticket-lists-delete-{model.__name__}"
        )
    m2m_changed.connect(forget, sender=Article.items.through, dispatch_uid="backoffice-ticket-lists-items")
