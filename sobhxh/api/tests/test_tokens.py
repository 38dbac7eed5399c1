"""Tokens: hashed at rest, refused once expired or revoked (401, in the request's language),
made by the command (with a service account) and on the user's own page."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.api.models import ApiToken
from sobhxh.api.services import create_token, revoke_token
from sobhxh.testing.factories import make_books, make_token, make_user

from .conftest import Caller

pytestmark = pytest.mark.django_db


def test_a_valid_token_reads_as_its_user_and_records_its_use(world):
    token, secret = make_token(world.users.district)
    number = make_books(world.employers.q1, 1)[0].number
    status, body = Caller(secret).get(f"/books/{number}")
    assert status == 200 and body["number"] == number
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_secret_is_not_stored_only_its_hash(world):
    token, secret = make_token(world.users.central)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        rows = cursor.fetchall()
    assert rows and not any(secret in str(value) for row in rows for value in row)
    assert not any(secret.rsplit("_", 1)[-1] in str(value) for row in rows for value in row)
    assert len(token.secret_hash) == 64 and secret.startswith(f"sbx_{token.prefix}_")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "Mã truy cập API này đã hết hạn ngày"), ("en", "This API token expired on")],
)
def test_an_expired_token_is_refused_with_401_in_the_request_language(world, language, expected):
    made = create_token(
        user=world.users.central, name="Cũ", days=1, now=timezone.now() - timedelta(days=2)
    )
    status, body = Caller(made.secret, language).get("/problems")
    assert status == 401 and body["detail"].startswith(expected)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "Mã truy cập API này đã bị thu hồi: hãy xin một mã mới."),
        ("en", "This API token has been revoked: ask for a new one."),
    ],
)
def test_a_revoked_token_is_refused_with_401(world, language, expected):
    token, secret = make_token(world.users.central)
    assert Caller(secret).get("/problems")[0] == 200
    revoke_token(token=token)
    status, body = Caller(secret, language).get("/problems")
    assert (status, body) == (401, {"detail": expected})


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer sbx_nothing_here",
        "Basic dHc6eA==",
        "Bearer {secret}x",
        "Token {secret}",
    ],
)
def test_a_missing_or_wrong_token_is_refused_with_401(world, client, header):
    _token, secret = make_token(world.users.central)
    headers = {"Authorization": header.format(secret=secret)} if header else {}
    response = client.get("/api/v1/problems", headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Hãy gửi một mã truy cập API hợp lệ trong tiêu đề “Authorization: Bearer <mã>”."
    }
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_inactive_user_s_token_is_refused(world):
    user = world.users.central
    _token, secret = make_token(user)
    user.is_active = False
    user.save()
    assert Caller(secret).get("/problems")[0] == 401


def test_the_command_makes_a_service_account_and_prints_the_secret_once(world):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "create_api_token", "he-thong-q1", "--name", "Phần mềm kế toán", "--days", "30",
        "--service-account", "--role", "district", "--office", "760", stdout=out, stderr=err,
    )  # fmt: skip
    secret = out.getvalue().strip()
    user = get_user_model().objects.get(username="he-thong-q1")
    assert not user.has_usable_password()
    assert scope.role(user) == Role.DISTRICT
    token = ApiToken.objects.get(user=user)
    assert token.name == "Phần mềm kế toán" and "Phần mềm kế toán" in err.getvalue()
    assert token.expires_at - token.created_at == timedelta(days=30)
    number = make_books(world.employers.q1, 1)[0].number
    assert Caller(secret).get(f"/books/{number}")[0] == 200
    other = make_books(world.employers.q12, 1)[0].number
    assert Caller(secret).get(f"/books/{other}")[0] == 404


def test_the_command_refuses_an_unknown_user(db):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("create_api_token", "khong-co", "--name", "X", stderr=err)
    assert exited.value.code == 2 and "Không có người dùng “khong-co”." in err.getvalue()


def test_the_page_makes_a_token_shows_its_secret_once_and_revokes_it(world, client):
    client.force_login(world.users.district)
    page = client.post(reverse("api_tokens"), {"name": "Hệ thống huyện", "days": "30"})
    token = ApiToken.objects.get(user=world.users.district)
    text = page.content.decode()
    secret = text.split('<code class="token-secret">', 1)[1].split("</code>", 1)[0]
    assert secret.startswith(f"sbx_{token.prefix}_") and "Đã tạo mã “Hệ thống huyện”" in text
    assert Caller(secret).get("/problems")[0] == 200

    again = client.get(reverse("api_tokens")).content.decode()
    assert "Hệ thống huyện" in again and secret not in again

    client.post(reverse("api_token_revoke", args=[token.pk]))
    assert Caller(secret).get("/problems")[0] == 401


def test_the_page_cannot_revoke_another_user_s_token(world, client):
    token, secret = make_token(world.users.central)
    client.force_login(world.users.district)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert Caller(secret).get("/problems")[0] == 200


def test_every_staff_page_links_to_the_users_own_tokens(client):
    client.force_login(make_user(role=Role.PROVINCE, office="79"))
    page = client.get("/dashboard/79/").content.decode()
    assert 'href="/accounts/tokens/"' in page and "Mã truy cập API" in page
