import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from nasuwt_send.signin.devices import confirmed_authenticator, current_code, make_backup_codes, manual_key

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "In local development only: make an 'admin' superuser, with an authenticator app and backup "
        "codes, and print its one-time password, the app's key and the codes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Give the existing dev admin a new password, key and codes."
        )
        parser.add_argument(
            "--code", action="store_true", help="Print the code the dev admin's app shows now, to sign in."
        )

    def handle(self, *args: Any, reset: bool = False, code: bool = False, **options: Any) -> None:
        if not settings.DEBUG:
            self.stdout.write("Not in DEBUG: no dev superuser is made. Use `manage.py createsuperuser`.")
            return
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        if code:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user else None
            if device is None:
                self.stdout.write("The dev admin has no app yet: run `manage.py dev_superuser --reset`.")
                return
            self.stdout.write(f"Code for '{USERNAME}': {current_code(device)}")
            return
        if user and not reset:
            self.stdout.write(
                f"Dev admin login: '{USERNAME}' (exists). A code to sign in: "
                ".venv/bin/python manage.py dev_superuser --code; a new password, key and backup codes: "
                ".venv/bin/python manage.py dev_superuser --reset"
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User(username=USERNAME, email="admin@localhost", is_staff=True, is_superuser=True)
        user.set_password(password)
        user.save()
        device = confirmed_authenticator(user=user)
        codes = make_backup_codes(user=user)
        self.stdout.write(f"Authenticator app key: {manual_key(device)}")
        self.stdout.write(f"  or add this URL to your app: {device.config_url}")
        self.stdout.write(f"Backup codes (each works once): {' '.join(codes)}")
        self.stdout.write("A code to sign in now: .venv/bin/python manage.py dev_superuser --code")
        self.stdout.write(
            self.style.SUCCESS(f"Dev admin login: '{USERNAME}' with one-time password: {password}")
        )
