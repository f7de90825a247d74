"""The staff groups made after migrate, and who may see members' evidence."""

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.urls import reverse

from evidence.triage.access import CONTENT_EDITORS, EDUCATION_TEAM, can_see_evidence, make_staff_groups
from tests.factories import UserFactory, staff_member

pytestmark = pytest.mark.django_db


def codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_migrate_makes_the_education_team_with_triage_permissions_only():
    team = codenames(EDUCATION_TEAM)
    assert {
        "evidence.view_submission",
        "evidence.change_submission",
        "evidence.add_triagenote",
        "evidence.view_triagenote",
        "evidence.view_submissionchange",
        "evidence.view_attachment",
        "evidence.view_localauthority",
        "evidence.add_programmemembership",
        "evidence.change_programmemembership",
        "evidence.view_evidenceexport",
        "evidence.view_outboundemail",
        "evidence.change_outboundemail",
        "evidence.export_submission",
    } <= team
    assert not any(name.startswith(("auth.", "consultation.", "admin.")) for name in team)
    assert "evidence.delete_submission" not in team
    assert "evidence.change_triagenote" not in team and "evidence.delete_triagenote" not in team


def test_migrate_makes_content_editors_for_every_consultation_model():
    editors = codenames(CONTENT_EDITORS)
    consultation = Permission.objects.filter(content_type__app_label="consultation")
    models = set(consultation.values_list("content_type__model", flat=True))
    assert models
    assert editors == {f"consultation.{a}_{m}" for m in models for a in ("add", "change", "delete", "view")}


def test_making_the_groups_again_changes_nothing_and_restores_a_removed_permission():
    before = {name: codenames(name) for name in (EDUCATION_TEAM, CONTENT_EDITORS)}
    team = Group.objects.get(name=EDUCATION_TEAM)
    team.permissions.remove(Permission.objects.get(codename="export_submission"))
    team.permissions.add(Permission.objects.get(codename="delete_submission"))
    make_staff_groups()
    make_staff_groups()
    assert {name: codenames(name) for name in before} == before
    assert Group.objects.filter(name__in=before).count() == 2


def test_migrate_makes_the_groups_but_a_flush_does_not():
    Group.objects.all().delete()
    evidence = django_apps.get_app_config("evidence")
    make_staff_groups(signal=post_migrate, sender=evidence, using="default")  # as flush sends it
    assert not Group.objects.exists()
    make_staff_groups(signal=post_migrate, sender=evidence, using="default", plan=[])  # as migrate does
    assert set(Group.objects.values_list("name", flat=True)) == {EDUCATION_TEAM, CONTENT_EDITORS}


def test_who_sees_evidence():
    alice = staff_member("alice")
    charlie = staff_member("charlie", group=None)
    charlie.user_permissions.add(Permission.objects.get(codename="view_submission"))
    carol = staff_member("carol", group=CONTENT_EDITORS)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    gone = staff_member("gone", is_active=False)
    member_not_staff = UserFactory(username="member")
    member_not_staff.groups.add(Group.objects.get(name=EDUCATION_TEAM))
    assert can_see_evidence(alice) and can_see_evidence(root)
    for user in (charlie, carol, gone, member_not_staff):
        assert not can_see_evidence(user), user.username


def test_a_content_editor_reaches_the_consultation_admin_but_no_evidence(client):
    carol = staff_member("carol", group=CONTENT_EDITORS)
    client.force_login(carol)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    apps = {app["app_label"] for app in index.context["app_list"]}
    assert "evidence" not in apps
    from django.contrib import admin

    if any(model._meta.app_label == "consultation" for model in admin.site._registry):
        assert "consultation" in apps
    assert carol.has_perm("consultation.change_question")
    assert not carol.has_perm("evidence.view_submission")
