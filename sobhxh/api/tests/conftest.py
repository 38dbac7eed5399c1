"""The API's tests call it as a partner system does: over HTTP (Django's test client), with
a bearer token made through the real service."""

import json

import pytest
from django.test import Client

from sobhxh.testing.factories import make_token


class Caller:
    """A client of the API with one token; `get`/`post` return (status, JSON body)."""

    def __init__(self, secret: str, language: str = "vi"):
        self.secret, self.language = secret, language
        self.client = Client()

    def headers(self, **more) -> dict:
        headers = {"Authorization": f"Bearer {self.secret}", "Accept-Language": self.language}
        return {**headers, **more}

    def get(self, path: str, **params):
        response = self.client.get(f"/api/v1{path}", params, headers=self.headers())
        return response.status_code, _json(response)

    def post(self, path: str, body=None, *, key: str = "", files=None, **headers):
        extra = self.headers(**headers, **({"Idempotency-Key": key} if key else {}))
        if files is not None:
            response = self.client.post(f"/api/v1{path}", files, headers=extra)
        else:
            response = self.client.post(
                f"/api/v1{path}", json.dumps(body or {}), "application/json", headers=extra
            )
        self.last = response
        return response.status_code, _json(response)


def _json(response):
    if response.get("Content-Type", "").startswith("application/json"):
        return json.loads(response.content)
    return response.getvalue()


@pytest.fixture
def caller():
    """`caller(user)`: a Caller with a new token of `user`."""

    def make(user, language: str = "vi") -> Caller:
        _token, secret = make_token(user)
        return Caller(secret, language)

    return make


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
