"""Keeping the privacy notice's promises: retention, clean-up of abandoned forms, erasure, restriction,
subject access, corrections and the audit log, one module per idea."""
