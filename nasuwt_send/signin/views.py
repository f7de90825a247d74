"""The second step of staff sign-in, after the admin's password page: a code, or setting up an app.

These pages sit under /admin/ but outside ``admin_view``: they are for a staff member who has given
their password and not yet a code. Anyone else is sent back to the admin's login page.
"""

from typing import Any

from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from nasuwt_send.signin.devices import authenticator_to_set_up, has_second_factor, manual_key, qr_code_svg
from nasuwt_send.signin.forms import SetUpCodeForm, SignInCodeForm


def is_staff(user: Any) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def is_verified(user: Any) -> bool:
    """Whether this session gave a code (django-otp's middleware puts ``is_verified`` on the user)."""
    return bool(user.is_verified())


def next_url(request: HttpRequest) -> str:
    """Where the staff member was going, if it is on this site; the admin's index otherwise."""
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index")


def with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({REDIRECT_FIELD_NAME: next_url(request)})}"


def mark_verified(request: HttpRequest, device: Any) -> None:
    """The session now opens the admin: give it a new key, as Django does when a password is given."""
    request.session.cycle_key()
    otp_login(request, device)


@never_cache
@sensitive_post_parameters("code")
def enter_code(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not is_staff(user):
        return redirect("admin:login")
    if is_verified(user):
        return redirect(next_url(request))
    if not has_second_factor(user):
        return redirect(with_next("admin:two_factor_set_up", request))
    form = SignInCodeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        mark_verified(request, form.device)
        return redirect(next_url(request))
    return render(request, "signin/enter_code.html", {"form": form})


@never_cache
@sensitive_post_parameters("code")
def set_up_app(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not is_staff(user):
        return redirect("admin:login")
    if has_second_factor(user):
        return redirect(with_next("admin:two_factor", request))
    device = authenticator_to_set_up(user=user)
    form = SetUpCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        mark_verified(request, device)
        # Shown once, in this response: the codes are never put anywhere a later page could read them.
        context = {"codes": form.backup_codes, "next_url": next_url(request)}
        return render(request, "signin/backup_codes.html", context)
    return render(
        request,
        "signin/set_up_app.html",
        {"form": form, "qr_code": qr_code_svg(device), "key": manual_key(device)},
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("admin:login")
