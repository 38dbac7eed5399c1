from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from sobhxh.accounts.models import Role
from sobhxh.testing.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


# The world's users log in: "hcm" (province 79) and "q1" (district 760), password PASSWORD.
def log_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_passwords_are_hashed_with_argon2_and_logging_in_works(client, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    user = make_user("hcm", role=Role.PROVINCE, office="79")
    assert user.password.startswith("argon2$argon2id$")

    response = log_in(client, "hcm", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home"), follow=True).context["user"] == user


def test_argon2_is_the_first_hasher_of_the_project():
    # The autouse fixture swaps in MD5 for speed; the project's own setting is read here.
    from sobhxh import settings as project

    assert project.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_wrong_password_is_refused_with_a_vietnamese_message(client, world):
    response = log_in(client, "hcm", "wrong-password")
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_user_out_for_30_minutes_with_a_vietnamese_page(client, world):
    for _ in range(4):
        assert log_in(client, "hcm", "wrong-password").status_code == 200

    locked = log_in(client, "hcm", "wrong-password")
    page = locked.content.decode()
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in page
    assert "30 phút" in page
    assert "Traceback" not in page

    # Even the right password is refused while the lock holds.
    assert log_in(client, "hcm", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert log_in(client, "hcm", PASSWORD).status_code == 302


def test_the_lock_out_is_per_user_name_and_address(client, world):
    for _ in range(5):
        log_in(client, "hcm", "wrong-password")

    assert log_in(client, "q1", PASSWORD).status_code == 302
    assert log_in(client, "hcm", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, world):
    for _ in range(4):
        log_in(client, "hcm", "wrong-password")
    assert log_in(client, "hcm", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert log_in(client, "hcm", "wrong-password").status_code == 200


def test_logout_requires_post(client, world):
    client.force_login(world.users.central)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_logout_without_the_csrf_token_is_refused(world):
    from django.test import Client

    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(world.users.central)
    response = guarded.post(reverse("logout"))
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert "_auth_user_id" in guarded.session


def test_sessions_end_with_the_browser_and_after_eight_hours_at_most(client, world):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60

    response = log_in(client, "hcm", PASSWORD)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/staff/"


def test_login_returns_to_the_page_asked_for(client, world):
    response = client.post(
        reverse("login"),
        {"username": "hcm", "password": PASSWORD, "next": reverse("password_change")},
    )
    assert response.url == reverse("password_change")


def test_the_login_page_labels_its_fields_in_vietnamese(client):
    page = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">Tên đăng nhập:</label>' in page
    assert '<label for="id_password">Mật khẩu:</label>' in page
    assert "Đăng nhập" in page


def test_a_signed_in_user_going_to_the_login_page_goes_home(client, world):
    client.force_login(world.users.central)
    assert client.get(reverse("login")).url == reverse("home")


def test_an_inactive_user_cannot_log_in(client):
    user = make_user("old", role=Role.CENTRAL)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert log_in(client, "old", PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session
