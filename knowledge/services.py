"""Writes and counts of the knowledge base: a tenant's "that helped", and what the reports ask of it."""

import datetime as dt
from typing import Protocol

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from catalogs.models import CatalogItem

from .models import Article, ArticleHelped


class Period(Protocol):
    """Anything with an aware start and an exclusive end, e.g. reports.scope.Scope."""

    @property
    def since(self) -> dt.datetime: ...

    @property
    def until(self) -> dt.datetime: ...


@transaction.atomic
def article_helped(*, article: Article, item: CatalogItem | None) -> ArticleHelped:
    """Count one report that an article made unnecessary. Only published tenant articles count."""
    if not Article.objects.for_tenants().filter(pk=article.pk).exists():
        raise Article.DoesNotExist
    return ArticleHelped.objects.create(article=article, item=item)


def _in_period(period: Period | tuple[dt.date, dt.date]):
    if isinstance(period, tuple):
        start, end = period  # inclusive days, as a report's filter names them
        since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
        until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    else:
        since, until = period.since, period.until
    return ArticleHelped.objects.filter(at__gte=since, at__lt=until)


def reports_prevented(period: Period | tuple[dt.date, dt.date]) -> int:
    """How many reports the articles made unnecessary in the period ("Das hat geholfen" clicks)."""
    return _in_period(period).count()


def reports_prevented_by_article(period: Period | tuple[dt.date, dt.date]) -> list[dict]:
    """The same, per article and catalog item, most first: [{article_id, title, item_id, count}]."""
    rows = (
        _in_period(period)
        .values("article_id", "article__title_de", "item_id")
        .annotate(count=Count("id"))
        .order_by("-count", "article__title_de")
    )
    return [
        {
            "article_id": r["article_id"],
            "title": r["article__title_de"],
            "item_id": r["item_id"],
            "count": r["count"],
        }
        for r in rows
    ]
