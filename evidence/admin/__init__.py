"""The Education Team's admin: one module per area, each registering its own models."""

from evidence.admin import outbox, records, reference, submission  # noqa: F401
