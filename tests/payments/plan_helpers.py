"""Shared steps of the payment arrangement tests: a proposal as the tenant would send it from the portal."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from payments.plans import plan_approve, plan_propose
from payments.schedule import Terms
from tickets.actors import Actor


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def proposed(tenant, *, amount="600.00", count=4, first_due=None, interval="monthly", note=""):
    terms = Terms(Decimal(amount), count, first_due or in_days(10), interval)
    return plan_propose(party=tenant, terms=terms, actor=Actor.for_party(tenant), note=note)


def running(tenant, case_worker, **terms):
    plan = proposed(tenant, **terms)
    return plan_approve(plan, actor=Actor.for_user(case_worker))
