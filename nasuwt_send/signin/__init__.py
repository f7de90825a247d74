"""Staff sign-in: a password, then a second factor, then a session with limits.

Rules:

- **No admin page without a second factor.** ``admin.site`` is a ``StaffAdminSite``: every page but
  the login refuses a session whose django-otp device is not verified, for every staff account,
  superusers included. No setting, and not DEBUG, turns this off.
- **Enrolment on first sign-in.** A staff member with no confirmed device is shown a QR code and the
  key as text, confirms with a code from their app, and is shown ten single-use backup codes, once.
- **Lockout** (django-axes, settings ``AXES_*``): five failures by one username or from one client
  lock it for ``AXES_COOLOFF_TIME``; each lock is recorded in the audit log as ``locked-out``.
- **Session limits** for staff only: ``STAFF_SESSION_IDLE_SECONDS`` without a request, or
  ``STAFF_SESSION_MAX_SECONDS`` after signing in, and the session ends. Anonymous visitors and members
  are never touched, so they get no cookie from it.
"""
