"""Whether a report may be public: the item and its category must both allow it."""

import pytest

from tests.factories import CatalogItemFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("item_allows", "category_allows", "expected"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_item_may_be_public_only_where_item_and_category_allow_it(item_allows, category_allows, expected):
    item = CatalogItemFactory(
        allows_public=item_allows, group__category=CategoryFactory(allows_public=category_allows)
    )
    assert item.may_be_public is expected
