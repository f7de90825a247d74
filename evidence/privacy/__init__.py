"""Members' data-protection rights and the audit log: what is recorded, given, corrected and purged."""
