"""The Education Team's admin: each module registers its own models and pages."""

from evidence.admin import audit, exports, outbox, packs, quotes, reference, submission  # noqa: F401
