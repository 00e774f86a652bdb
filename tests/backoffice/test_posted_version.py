"""backoffice.access.posted_version: the one reading of the version a staff form posts; hostile text is no
version (the domain then checks against the current one) instead of a server error."""

import pytest
from django.test import RequestFactory

from backoffice.access import posted_version


@pytest.mark.parametrize(
    ("posted", "version"),
    [("7", 7), ("", None), ("²", None), ("٣", None), ("-1", None), ("1e3", None), ("7\x00", None)],
)
def test_only_plain_digits_are_a_version(posted, version):
    request = RequestFactory().post("/", {"version": posted})
    assert posted_version(request) == version
