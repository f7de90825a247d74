import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command


@pytest.mark.django_db
def test_it_makes_a_dev_admin_and_prints_a_password_that_works(capsys, settings):
    settings.DEBUG = True

    call_command("dev_superuser")

    password = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert authenticate(username="admin", password=password).is_superuser


@pytest.mark.django_db
def test_it_leaves_an_existing_admin_alone_unless_asked(capsys, settings):
    settings.DEBUG = True
    call_command("dev_superuser")
    capsys.readouterr()

    call_command("dev_superuser")

    assert "exists" in capsys.readouterr().out


@pytest.mark.django_db
def test_it_makes_nobody_in_production(capsys, settings):
    settings.DEBUG = False

    call_command("dev_superuser")

    assert not get_user_model().objects.exists()
