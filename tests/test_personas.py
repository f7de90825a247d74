"""The people of the tests (tests/conftest.py) are who every other file takes them to be."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory

from evidence.triage.access import (
    CONTENT_EDITORS,
    DATA_PROTECTION,
    EDUCATION_TEAM,
    can_erase,
    can_give_subject_access,
    can_see_evidence,
)
from tests.factories import PASSWORD, staff_member

pytestmark = pytest.mark.django_db


def groups(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def test_alice_is_staff_in_the_education_team(alice):
    assert (alice.is_staff, alice.is_superuser, groups(alice)) == (True, False, [EDUCATION_TEAM])


def test_bob_is_staff_and_a_content_editor(bob):
    assert (bob.is_staff, bob.is_superuser, groups(bob)) == (True, False, [CONTENT_EDITORS])


def test_charlie_is_staff_with_no_group_and_no_permission(charlie):
    assert (charlie.is_staff, charlie.is_superuser, groups(charlie)) == (True, False, [])
    assert charlie.get_all_permissions() == set()


def test_dave_is_a_superuser(dave):
    assert dave.is_staff and dave.is_superuser


def test_erin_has_an_account_but_is_not_staff(erin):
    assert (erin.is_staff, erin.is_superuser, groups(erin)) == (False, False, [])


def test_frank_is_alices_colleague_in_the_education_team(alice, frank):
    assert groups(frank) == groups(alice) == [EDUCATION_TEAM]
    assert frank.pk != alice.pk


def test_everyone_logs_in_with_the_test_password_hashed_the_fast_way(client, alice, bob, charlie, dave, erin):
    for person in (alice, bob, charlie, dave, erin):
        assert person.password.startswith("md5$"), person.username
        # django-axes checks every sign-in against its lockout, so it needs the request.
        request = RequestFactory().post("/admin/login/")
        assert client.login(request=request, username=person.username, password=PASSWORD), person.username
        client.logout()


def test_staff_can_be_made_after_a_flush_removed_the_groups():
    Group.objects.all().delete()

    member = staff_member("after-a-flush", group=EDUCATION_TEAM)

    assert groups(member) == [EDUCATION_TEAM]
    assert Group.objects.get(name=EDUCATION_TEAM).permissions.filter(codename="view_submission").exists()


def test_grace_is_in_the_education_team_and_data_protection(grace):
    assert groups(grace) == sorted([DATA_PROTECTION, EDUCATION_TEAM])
    assert can_see_evidence(grace) and can_erase(grace) and can_give_subject_access(grace)


def test_only_grace_and_dave_may_erase_or_give_subject_access(alice, bob, charlie, dave, frank, grace):
    allowed = [p.username for p in (alice, bob, charlie, dave, frank, grace) if can_erase(p)]
    assert allowed == ["dave", "grace"]
    assert [p.username for p in (alice, bob, charlie, dave, frank, grace) if can_give_subject_access(p)] == [
        "dave",
        "grace",
    ]
