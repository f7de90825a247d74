"""The Education Team's admin: one module per area, each registering its own models."""

from evidence.admin import outbox, reference, submission  # noqa: F401
