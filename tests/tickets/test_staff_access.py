"""`staff_access`: its SQL is compiled once per process and gives what its queryset gives, for every
user, with the permissions held directly or through a group and with any number of teams."""

import pytest
from django.contrib.auth.models import Group, Permission

from tests.factories import StaffFactory, TeamMembershipFactory
from tickets.querysets import StaffAccess, staff_access, staff_access_query

pytestmark = pytest.mark.django_db


def _permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="tickets", codename=codename)


def _built(user) -> StaffAccess:
    """What the uncompiled queryset answers."""
    confidential, closed, ids = staff_access_query(user.pk).get()
    return StaffAccess(confidential, closed, tuple(sorted(int(n) for n in (ids or "").split(",") if n)))


def _fresh(user) -> StaffAccess:
    """`staff_access` as the next request asks it (a newly loaded user, nothing remembered)."""
    return staff_access(type(user).objects.get(pk=user.pk))


def test_compiled_access_equals_the_built_one_for_each_way_of_holding_a_permission():
    worker = StaffFactory()
    group = Group.objects.create(name="Fallbearbeitung Plus")
    for direct, through_group in (((), ()), (("view_closed",), ()), ((), ("view_confidential",))):
        worker.user_permissions.set([_permission(c) for c in direct])
        group.permissions.set([_permission(c) for c in through_group])
        worker.groups.set([group])
        assert _fresh(worker) == _built(worker)
    worker.user_permissions.set([_permission("view_closed"), _permission("view_confidential")])
    assert _fresh(worker) == _built(worker) == StaffAccess(True, True, ())


def test_compiled_access_names_no_one_or_two_teams():
    worker = StaffFactory()
    assert _fresh(worker).teams == ()
    first = TeamMembershipFactory(user=worker).team
    assert _fresh(worker) == _built(worker) == StaffAccess(False, False, (first.pk,))
    second = TeamMembershipFactory(user=worker).team
    assert _fresh(worker) == _built(worker) == StaffAccess(False, False, tuple(sorted((first.pk, second.pk))))


def test_a_change_counts_from_the_next_request_and_each_user_gets_their_own():
    worker, colleague = StaffFactory(), StaffFactory()
    colleague.user_permissions.add(_permission("view_confidential"))
    assert _fresh(worker) == StaffAccess(False, False, ())
    assert _fresh(colleague) == StaffAccess(True, False, ())
    worker.user_permissions.add(_permission("view_closed"))
    team = TeamMembershipFactory(user=worker).team
    assert _fresh(worker) == StaffAccess(False, True, (team.pk,))
    worker.user_permissions.clear()
    assert _fresh(worker) == StaffAccess(False, False, (team.pk,))


def test_access_is_one_query_and_remembered_for_the_request(django_assert_num_queries):
    worker = StaffFactory()
    TeamMembershipFactory(user=worker)
    with django_assert_num_queries(1):
        staff_access(worker)
        staff_access(worker)
