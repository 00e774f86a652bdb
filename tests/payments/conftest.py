import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from payments.requests import request_create
from payments.standard import install
from tickets.actors import Actor


@pytest.fixture
def money_templates(db):
    """The money templates (migration payments 0002 installs them; a flushed database needs them again)."""
    install(apps)


@pytest.fixture
def payment(money_templates, tenant, case_worker):
    """An open request of 45 euro for a key, due in 14 days."""
    return request_create(
        party=tenant,
        amount=Decimal("45.00"),
        purpose="Ersatzschlüssel Haustür",
        due_date=timezone.localdate() + dt.timedelta(days=14),
        actor=Actor.for_user(case_worker),
    )
