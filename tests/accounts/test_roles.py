"""Staff roles as groups: the migration creates them, `manage.py sync_roles` puts their permissions back."""

import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.roles import ADMINISTRATION, CASE_WORKER, TEAM_LEAD

pytestmark = pytest.mark.django_db


def _codenames(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_the_migration_creates_the_three_roles_with_their_permissions():
    assert "tickets.change_changerequest" in _codenames(CASE_WORKER)
    assert "tickets.view_confidential" not in _codenames(CASE_WORKER)
    assert {
        "tickets.view_confidential",
        "tickets.view_closed",
        "tickets.add_textblock",
        "notifications.run_print_batch",
    } <= _codenames(TEAM_LEAD)
    assert "catalogs.change_catalogitem" in _codenames(ADMINISTRATION)


def test_sync_roles_restores_permissions_and_is_idempotent():
    lead = Group.objects.get(name=TEAM_LEAD)
    lead.permissions.remove(Permission.objects.get(codename="view_confidential"))
    call_command("sync_roles", stdout=io.StringIO())
    call_command("sync_roles", stdout=io.StringIO())
    assert "tickets.view_confidential" in _codenames(TEAM_LEAD)
    assert Group.objects.filter(name=TEAM_LEAD).count() == 1


def test_sync_roles_gives_administration_the_data_export_for_written_requests():
    call_command("sync_roles", stdout=io.StringIO())
    assert "privacy.produce_dataexport" in _codenames(ADMINISTRATION)
    assert "privacy.produce_dataexport" not in _codenames(TEAM_LEAD)


def test_case_workers_see_every_closed_case_no_longer_after_the_upgrade():
    """Installations from before keep their groups: migration 0005 takes the permission back."""
    upgrade = importlib.import_module("accounts.migrations.0005_case_workers_see_their_closed_cases")
    case_work = Group.objects.get(name=CASE_WORKER)
    case_work.permissions.add(Permission.objects.get(codename="view_closed"))
    upgrade.forwards(apps, None)
    assert "tickets.view_closed" not in _codenames(CASE_WORKER)
    assert "tickets.view_closed" in _codenames(TEAM_LEAD)
