from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """django.contrib.admin, whose ``admin.site`` asks every session for its second factor."""

    default_site = "nasuwt_send.signin.admin_site.StaffAdminSite"
