"""The second step of staff sign-in: setting up the app on first sign-in, then a code each time."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from tests.staff import authenticator_app, current_code

pytestmark = pytest.mark.django_db
ENTER_CODE = "/admin/two-factor/"
SET_UP = "/admin/two-factor/set-up/"


def password_given(client, person):
    response = client.post("/admin/login/", {"username": person.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def code_for_key(key_text: str) -> str:
    totp = TOTP(base64.b32decode(key_text.replace(" ", "")))
    return f"{totp.token():06d}"


def shown_key(response) -> str:
    return re.search(r'id="manual-key">([A-Z2-7 ]+)<', response.content.decode()).group(1)


def verified(client) -> bool:
    return client.get("/admin/").status_code == 200


# --- First sign-in: setting up the app ----------------------------------------------------------


def test_a_first_sign_in_shows_a_qr_code_and_the_key_as_text(client, alice):
    password_given(client, alice)

    response = client.get(ENTER_CODE, follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(SET_UP)
    assert "<svg" in page and "QR code for your authenticator app" in page
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    assert base64.b32decode(shown_key(response).replace(" ", "")) == device.bin_key
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "style=" not in page


def test_loading_the_page_again_shows_the_same_key(client, alice):
    password_given(client, alice)

    first, second = shown_key(client.get(SET_UP)), shown_key(client.get(SET_UP))

    assert first == second
    assert TOTPDevice.objects.filter(user=alice).count() == 1


def test_a_wrong_first_code_is_refused_with_a_message_and_sets_nothing_up(client, alice):
    password_given(client, alice)
    key = shown_key(client.get(SET_UP))
    wrong = f"{(int(code_for_key(key)) + 1) % 1_000_000:06d}"

    response = client.post(SET_UP, {"code": wrong})

    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert response.content.decode().count(wrong) == 1  # kept in the field
    assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
    assert not verified(client)


def test_the_right_first_code_confirms_the_app_and_shows_ten_backup_codes_once(client, alice):
    password_given(client, alice)
    key = shown_key(client.get(SET_UP))

    response = client.post(f"{SET_UP}?next=/admin/evidence/submission/", {"code": code_for_key(key)})

    page = response.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=alice).values_list("token", flat=True)) == set(codes)
    assert 'href="/admin/evidence/submission/"' in page
    assert TOTPDevice.objects.get(user=alice).confirmed
    assert verified(client)
    again = client.get(SET_UP, follow=True)
    assert not re.findall(r"<li><code>", again.content.decode())


def test_an_empty_code_asks_for_one(client, alice):
    password_given(client, alice)

    response = client.post(SET_UP, {"code": ""})

    assert "Enter a code" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


# --- Every later sign-in: a code ----------------------------------------------------------------


def test_a_staff_member_with_an_app_is_asked_for_a_code(client, alice):
    authenticator_app(alice)
    password_given(client, alice)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith(ENTER_CODE)
    assert "Enter your security code" in response.content.decode()


def test_the_code_from_the_app_opens_the_page_she_was_going_to(client, alice):
    device = authenticator_app(alice)
    password_given(client, alice)

    response = client.post(f"{ENTER_CODE}?next=/admin/evidence/submission/", {"code": current_code(device)})

    assert response.status_code == 302
    assert response.url == "/admin/evidence/submission/"
    assert verified(client)


def test_giving_the_code_renews_the_session_key(client, alice):
    device = authenticator_app(alice)
    password_given(client, alice)
    before = client.session.session_key

    client.post(ENTER_CODE, {"code": current_code(device)})

    assert client.session.session_key != before
    assert verified(client)


def test_a_wrong_code_is_refused_with_a_message(client, alice):
    device = authenticator_app(alice)
    password_given(client, alice)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(ENTER_CODE, {"code": wrong})

    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert not verified(client)


def test_the_same_code_works_only_once(client, alice):
    device = authenticator_app(alice)
    code = current_code(device)
    password_given(client, alice)
    client.post(ENTER_CODE, {"code": code})
    client.post(reverse("admin:logout"))
    password_given(client, alice)

    response = client.post(ENTER_CODE, {"code": code})

    assert "The code is not right" in response.content.decode()
    assert not verified(client)


def test_wrong_codes_in_a_row_make_her_wait(client, alice):
    device = authenticator_app(alice)
    password_given(client, alice)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    for _ in range(3):
        client.post(ENTER_CODE, {"code": wrong})

    response = client.post(ENTER_CODE, {"code": current_code(device)})

    assert "too many wrong codes" in response.content.decode()
    assert not verified(client)


def test_a_backup_code_works_once(client, alice):
    from nasuwt_send.signin.devices import make_backup_codes

    authenticator_app(alice)
    codes = make_backup_codes(user=alice)
    password_given(client, alice)

    assert client.post(ENTER_CODE, {"code": codes[0].upper()}).status_code == 302
    client.post(reverse("admin:logout"))
    password_given(client, alice)
    assert "The code is not right" in client.post(ENTER_CODE, {"code": codes[0]}).content.decode()
    assert StaticToken.objects.filter(device__user=alice).count() == 9


def test_a_next_address_off_the_site_is_ignored(client, alice):
    device = authenticator_app(alice)
    password_given(client, alice)

    response = client.post(f"{ENTER_CODE}?next=https://evil.example/", {"code": current_code(device)})

    assert response.url == reverse("admin:index")


def test_she_can_sign_out_from_the_code_page(client, alice):
    authenticator_app(alice)
    password_given(client, alice)

    response = client.post(reverse("admin:two_factor_sign_out"))

    assert response.url == reverse("admin:login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", [ENTER_CODE, SET_UP])
def test_the_code_pages_send_anyone_without_a_staff_password_to_the_login(client, erin, path):
    assert client.get(path).url == reverse("admin:login")
    client.force_login(erin)
    assert client.get(path).url == reverse("admin:login")
    assert not TOTPDevice.objects.exists()
