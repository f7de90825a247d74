import base64
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from nasuwt_send.signin.devices import check_code


@pytest.mark.django_db
def test_it_makes_a_dev_admin_and_prints_a_password_that_works(capsys, settings):
    settings.DEBUG = True

    call_command("dev_superuser")

    password = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="admin", password=password).is_superuser


@pytest.mark.django_db
def test_it_gives_the_dev_admin_an_app_whose_printed_key_and_backup_codes_work(capsys, settings):
    settings.DEBUG = True

    call_command("dev_superuser")

    out = capsys.readouterr().out
    key = re.search(r"Authenticator app key: (.+)", out).group(1).replace(" ", "")
    codes = re.search(r"Backup codes \(each works once\): (.+)", out).group(1).split()
    admin = get_user_model().objects.get(username="admin")
    device = TOTPDevice.objects.get(user=admin, confirmed=True)
    assert base64.b32decode(key) == device.bin_key
    assert "otpauth://totp/" in out
    assert len(codes) == 10
    assert isinstance(check_code(user=admin, code=codes[0]).device, StaticDevice)
    assert check_code(user=admin, code=codes[0]).device is None


@pytest.mark.django_db
def test_it_prints_a_code_the_dev_admins_app_accepts(capsys, settings):
    settings.DEBUG = True
    call_command("dev_superuser")
    capsys.readouterr()

    call_command("dev_superuser", "--code")

    code = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    admin = get_user_model().objects.get(username="admin")
    assert isinstance(check_code(user=admin, code=code).device, TOTPDevice)


@pytest.mark.django_db
def test_it_leaves_an_existing_admin_alone_unless_asked(capsys, settings):
    settings.DEBUG = True
    call_command("dev_superuser")
    capsys.readouterr()
    key = TOTPDevice.objects.get().key

    call_command("dev_superuser")

    assert "exists" in capsys.readouterr().out
    assert TOTPDevice.objects.get().key == key


@pytest.mark.django_db
def test_reset_gives_a_new_key_and_new_backup_codes(capsys, settings):
    settings.DEBUG = True
    call_command("dev_superuser")
    capsys.readouterr()
    key = TOTPDevice.objects.get().key

    call_command("dev_superuser", "--reset")

    assert TOTPDevice.objects.get().key != key
    assert StaticDevice.objects.get().token_set.count() == 10


@pytest.mark.django_db
def test_it_makes_nobody_in_production(capsys, settings):
    settings.DEBUG = False

    call_command("dev_superuser")

    assert not get_user_model().objects.exists()
