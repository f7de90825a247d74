"""The logging configuration (settings.LOGGING): no personal data, ever; request bodies are never logged."""


def logging_config(level: str) -> dict[str, object]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # django-redis logs every ignored exception; one line each is enough.
            "django_redis": {"level": "WARNING"},
            # Django's default config hangs an AdminEmailHandler here, which would mail a 500's request,
            # the member's POST values included, to ADMINS: its lines go to the console above and nowhere
            # else.
            "django": {"handlers": [], "propagate": True},
            # django-axes writes usernames and addresses into its warnings; the audit log records lockouts.
            "axes": {"level": "ERROR"},
        },
    }
