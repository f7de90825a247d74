from django.apps import AppConfig


class NasuwtSendConfig(AppConfig):
    """The project package as an app, for its site-wide management commands."""

    name = "nasuwt_send"
    verbose_name = "Site"
