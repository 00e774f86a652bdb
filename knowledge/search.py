"""Full-text search over articles, the same way as the queue's (tickets.search): a stored German
`tsvector` with a GIN index on PostgreSQL, a substring match on SQLite (the embedded mode)."""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet

from tickets.search import is_postgres

CONFIG = "german"

# Titles weigh most, the summary and the linked catalog items next (tenants search by what is broken),
# the body last. Every language goes in with the German dictionary: German is what most tenants type,
# and an English or Dutch word still matches itself. Tags are stripped so "strong" finds nothing.
_VECTOR_SQL = """
UPDATE knowledge_article AS a SET search_vector =
    setweight(to_tsvector('german', concat_ws(' ', a.title_de, a.title_en, a.title_nl)), 'A')
    || setweight(to_tsvector('german', concat_ws(' ', a.summary_de, a.summary_en, a.summary_nl,
        (SELECT string_agg(concat_ws(' ', i.name_de, i.name_en, i.name_nl), ' ')
           FROM knowledge_article_items ai JOIN catalogs_catalogitem i ON i.id = ai.catalogitem_id
          WHERE ai.article_id = a.id))), 'B')
    || setweight(to_tsvector('german', regexp_replace(
        concat_ws(' ', a.body_de, a.body_en, a.body_nl), '<[^>]*>', ' ', 'g')), 'C')
WHERE a.id = ANY(%s)
"""


def refresh_search_vectors(article_ids: Iterable[int]) -> None:
    """Recompute the search column; call it after an article's text or catalog items change."""
    ids = [int(i) for i in article_ids]
    if not ids or not is_postgres():
        return
    with connection.cursor() as cursor:
        cursor.execute(_VECTOR_SQL, [ids])


def search_articles(articles: QuerySet, text: str) -> QuerySet:
    text = text.strip()
    if not text:
        return articles
    if is_postgres():
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        return (
            articles.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "title_de")
        )
    fields = [f"{f}_{lang}" for f in ("title", "summary", "body") for lang in ("de", "en", "nl")]
    match = Q()
    for field in fields:
        match |= Q(**{f"{field}__icontains": text})
    return articles.filter(match)
