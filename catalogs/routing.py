"""Routing: which team and case worker get a ticket, and which contractor the workflow rules name."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from estate.models import Property, Team

from .models import CatalogItem, Responsibility, WorkflowRule


@dataclass(frozen=True)
class Route:
    team: Team | None
    user: object | None
    responsibility: Responsibility | None = None
    deputised_for: object | None = None


def route(*, prop: Property, item: CatalogItem, when: datetime | None = None) -> Route:
    """The most specific responsibility wins; while its case worker is away the deputy takes over
    (the responsibility's own, else the one named in the absence). With no match: the fallback team."""
    when = when or timezone.now()
    rules = Responsibility.matching(prop=prop, item=item)
    if not rules:
        return Route(team=Team.objects.filter(is_fallback=True).first(), user=None)
    rule = rules[0]
    user = rule.user
    if user is None or not user.is_active:
        return Route(team=rule.team, user=None, responsibility=rule)
    absence = user.absence_on(when)
    if absence is None:
        return Route(team=rule.team, user=user, responsibility=rule)
    for deputy in (rule.deputy, absence.deputy):
        if deputy is not None and deputy.is_active and deputy.absence_on(when) is None:
            return Route(team=rule.team, user=deputy, responsibility=rule, deputised_for=user)
    return Route(team=rule.team, user=None, responsibility=rule, deputised_for=user)


def workflow_rule_for(*, prop: Property, item: CatalogItem) -> WorkflowRule | None:
    rules = WorkflowRule.matching(prop=prop, item=item)
    return rules[0] if rules else None
