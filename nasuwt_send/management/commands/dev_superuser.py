import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

USERNAME = "admin"


class Command(BaseCommand):
    help = "In local development only: make an 'admin' superuser and print its one-time password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Give the existing dev admin a new password."
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        if not settings.DEBUG:
            self.stdout.write("Not in DEBUG: no dev superuser is made. Use `manage.py createsuperuser`.")
            return
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        if user and not reset:
            self.stdout.write(
                f"Dev admin login: '{USERNAME}' (exists). For a new password: "
                ".venv/bin/python manage.py dev_superuser --reset"
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User(username=USERNAME, email="admin@localhost", is_staff=True, is_superuser=True)
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(f"Dev admin login: '{USERNAME}' with one-time password: {password}")
        )
