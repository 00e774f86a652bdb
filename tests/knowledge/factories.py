"""Factories of the knowledge base: a published tenant article unless told otherwise."""

import datetime as dt

import factory
from django.utils import timezone

from knowledge.models import Article, ArticleCategory, Audience, LegalText
from knowledge.search import refresh_search_vectors


class ArticleCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleCategory
        django_get_or_create = ("slug",)

    slug = "haus-und-wohnung"
    name_de = "Haus und Wohnung"
    name_en = "House and flat"
    name_nl = "Huis en woning"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    category = factory.SubFactory(ArticleCategoryFactory)
    audience = Audience.TENANTS
    slug = factory.Sequence(lambda n: f"artikel-{n}")
    title_de = factory.Sequence(lambda n: f"Artikel {n}")
    body_de = "<p>So geht es.</p>"
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if create and extracted:
            self.items.set(extracted)
        if create:
            refresh_search_vectors([self.pk])


class LegalTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalText
        django_get_or_create = ("kind",)

    kind = LegalText.Kind.IMPRINT
    body_de = "<h2>Angaben gemäß § 5 DDG</h2><p>Wohnungsbau Musterstadt eG</p>"
