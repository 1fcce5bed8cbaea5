"""The Curators and Partners groups exist with the permissions their roles need."""

import io
import os

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from core.registry import domain_apps

pytestmark = pytest.mark.django_db

DOMAIN_APPS = domain_apps()


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_curators_can_change_everything_in_the_domain():
    domain = set(Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS).values_list("codename", flat=True))
    presets = {f"{action}_importpreset" for action in ("add", "change", "delete", "view")}  # saved column mappings
    assert codenames("Curators") == domain | {"view_importrecord", "change_importrecord"} | presets  # history, undo
    assert "change_user" not in codenames("Curators")


def test_partners_only_view_until_their_rights_are_scoped():
    partner = codenames("Partners")
    assert partner and all(codename.startswith("view_") for codename in partner)
    assert "view_traderecord" in partner


def test_ensure_admin_creates_once_then_reports(tmp_path, monkeypatch, settings):
    from accounts.management.commands import ensure_admin

    monkeypatch.setattr(ensure_admin, "LOGIN_FILE", tmp_path / ".admin-login")
    monkeypatch.setitem(os.environ, "ADMIN_PASSWORD", "a-long-test-password")
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    assert "admin / a-long-test-password" in out.getvalue()
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    assert "Admin login: admin / a-long-test-password" in out.getvalue()
    from django.contrib.auth.models import User

    assert User.objects.filter(is_superuser=True).count() == 1
