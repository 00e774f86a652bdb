"""Routing: the most specific responsibility wins, a deputy stands in, a fallback team catches the rest."""

import datetime as dt

import pytest
from django.utils import timezone

from catalogs.routing import route, workflow_rule_for
from tests.factories import (
    AbsenceFactory,
    CatalogItemFactory,
    PropertyFactory,
    ResponsibilityFactory,
    StaffFactory,
    TeamFactory,
    WorkflowRuleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return CatalogItemFactory()


@pytest.fixture
def prop():
    return PropertyFactory()


def test_item_beats_group_beats_category_beats_all(item, prop):
    everything = ResponsibilityFactory()
    assert route(prop=prop, item=item).team == everything.team
    category = ResponsibilityFactory(category=item.group.category)
    assert route(prop=prop, item=item).team == category.team
    group = ResponsibilityFactory(group=item.group)
    assert route(prop=prop, item=item).team == group.team
    exact = ResponsibilityFactory(item=item)
    assert route(prop=prop, item=item).team == exact.team


def test_at_the_same_level_this_property_beats_all_properties(item, prop):
    ResponsibilityFactory(group=item.group)
    local = ResponsibilityFactory(group=item.group, property=prop)
    assert route(prop=prop, item=item).team == local.team


def test_rule_for_another_property_does_not_apply(item, prop):
    general = ResponsibilityFactory()
    ResponsibilityFactory(item=item, property=PropertyFactory())
    assert route(prop=prop, item=item).team == general.team


def test_inactive_rule_is_ignored(item, prop):
    general = ResponsibilityFactory()
    ResponsibilityFactory(item=item, active=False)
    assert route(prop=prop, item=item).team == general.team


def test_case_worker_gets_the_ticket(item, prop):
    worker = StaffFactory()
    ResponsibilityFactory(item=item, user=worker)
    assert route(prop=prop, item=item).user == worker


def test_deputy_of_the_responsibility_stands_in_during_an_absence(item, prop):
    worker, deputy = StaffFactory(), StaffFactory()
    ResponsibilityFactory(item=item, user=worker, deputy=deputy)
    AbsenceFactory(user=worker)
    result = route(prop=prop, item=item)
    assert result.user == deputy
    assert result.deputised_for == worker


def test_deputy_named_in_the_absence_stands_in_when_the_rule_has_none(item, prop):
    worker, deputy = StaffFactory(), StaffFactory()
    ResponsibilityFactory(item=item, user=worker)
    AbsenceFactory(user=worker, deputy=deputy)
    assert route(prop=prop, item=item).user == deputy


def test_absent_deputy_leaves_the_ticket_with_the_team(item, prop):
    worker, deputy = StaffFactory(), StaffFactory()
    rule = ResponsibilityFactory(item=item, user=worker, deputy=deputy)
    AbsenceFactory(user=worker)
    AbsenceFactory(user=deputy)
    result = route(prop=prop, item=item)
    assert result.user is None
    assert result.team == rule.team


def test_absence_in_the_past_does_not_count(item, prop):
    worker = StaffFactory()
    ResponsibilityFactory(item=item, user=worker, deputy=StaffFactory())
    today = timezone.localdate()
    AbsenceFactory(user=worker, starts_on=today - dt.timedelta(days=10), ends_on=today - dt.timedelta(days=1))
    assert route(prop=prop, item=item).user == worker


def test_fallback_team_when_nothing_matches(item, prop):
    fallback = TeamFactory(is_fallback=True)
    ResponsibilityFactory(item=CatalogItemFactory())
    result = route(prop=prop, item=item)
    assert result.team == fallback
    assert result.user is None


def test_workflow_rule_most_specific_contractor(item, prop):
    WorkflowRuleFactory(group=item.group)
    exact = WorkflowRuleFactory(item=item, property=prop)
    assert workflow_rule_for(prop=prop, item=item) == exact
