"""Retrain the theme model now (the nightly beat task does the same)."""

from typing import Any

from django.core.management.base import BaseCommand

from evidence.analysis.training import train_theme_model


class Command(BaseCommand):
    help = "Retrain the theme suggestion model on the shipped training split and live labels."

    def handle(self, *args: Any, **options: Any) -> None:
        model = train_theme_model()
        self.stdout.write(
            f"Trained the theme model on {model.labelled_count} labelled and {model.live_count} live "
            f"submissions; {len(model.data['vocabulary'])} terms kept."
        )
