"""The staff groups made after migrate, and who may see members' evidence (evidence.triage.access):
Alice of the Education Team and Dave the superuser; not Bob, Charlie or Erin, whatever they hold.
"""

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.urls import reverse

from evidence.triage.access import (
    CONTENT_EDITORS,
    DATA_PROTECTION,
    EDUCATION_TEAM,
    can_see_evidence,
    make_staff_groups,
)
from tests.staff import sign_in

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
    assert set(Group.objects.values_list("name", flat=True)) == {
        EDUCATION_TEAM,
        CONTENT_EDITORS,
        DATA_PROTECTION,
    }


def test_alice_and_dave_see_evidence(alice, dave):
    assert can_see_evidence(alice)
    assert can_see_evidence(dave)


def test_nobody_else_does_whatever_group_or_permission_they_hold(bob, charlie, erin):
    charlie.user_permissions.add(Permission.objects.get(codename="view_submission"))
    # The team's group alone is not enough: Erin is not staff.
    erin.groups.add(Group.objects.get(name=EDUCATION_TEAM))

    for person in (bob, charlie, erin):
        assert not can_see_evidence(get_user_model().objects.get(pk=person.pk)), person.username


def test_alice_sees_no_evidence_once_her_account_is_deactivated(alice):
    alice.is_active = False
    alice.save()

    assert not can_see_evidence(get_user_model().objects.get(pk=alice.pk))


def test_bob_reaches_the_consultation_admin_but_no_evidence(client, bob):
    sign_in(client, bob)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    apps = {app["app_label"] for app in index.context["app_list"]}
    assert "evidence" not in apps
    assert "consultation" in apps
    assert bob.has_perm("consultation.change_question")
    assert not bob.has_perm("evidence.view_submission")
