from django.apps import AppConfig


class NasuwtSendConfig(AppConfig):
    """The project package as an app, for its site-wide management commands and staff sign-in."""

    name = "nasuwt_send"
    verbose_name = "Site"

    def ready(self) -> None:
        from nasuwt_send import cache_versions
        from nasuwt_send.signin import lockout, sessions

        cache_versions.connect()
        lockout.connect()
        sessions.connect()
