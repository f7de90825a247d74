"""Admin for this area; see evidence/admin/__init__.py."""
