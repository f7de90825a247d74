from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "Consultation: the Green Paper and the union's response"

    def ready(self):
        from consultation import signals  # noqa: F401  (connects the cache invalidation)
