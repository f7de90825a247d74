"""``admin.site``: Django's admin, where every page but the login asks for a verified second factor."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path

from nasuwt_send.signin import views


class StaffAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        # is_verified comes from django-otp's middleware; without it this fails closed (an error).
        return super().has_permission(request) and views.is_verified(request.user)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.method == "GET" and views.is_staff(request.user) and not views.is_verified(request.user):
            # The password is given: the next step is the code.
            return redirect(views.with_next("admin:two_factor", request))
        return super().login(request, extra_context)

    def get_urls(self) -> list[URLPattern | URLResolver]:
        return [
            path("two-factor/", views.enter_code, name="two_factor"),
            path("two-factor/set-up/", views.set_up_app, name="two_factor_set_up"),
            path("two-factor/sign-out/", views.sign_out, name="two_factor_sign_out"),
            *super().get_urls(),
        ]
