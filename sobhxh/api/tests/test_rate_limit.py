"""A token may make API_REQUESTS_PER_MINUTE requests a minute; then 429 with Retry-After."""

import pytest

from sobhxh.testing.factories import make_token

from .conftest import Caller

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "Quá nhiều yêu cầu với mã truy cập này"), ("en", "Too many requests with this token")],
)
def test_past_the_limit_a_token_gets_429_with_retry_after(world, settings, language, expected):
    settings.API_REQUESTS_PER_MINUTE = 3
    busy = Caller(make_token(world.users.central)[1], language)
    assert [busy.get("/problems")[0] for _ in range(3)] == [200, 200, 200]
    response = busy.client.get("/api/v1/problems", headers=busy.headers())
    assert response.status_code == 429 and response.json()["detail"].startswith(expected)
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another token of the same user has its own count.
    assert Caller(make_token(world.users.central)[1]).get("/problems")[0] == 200
