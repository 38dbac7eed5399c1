import base64
import json

import pytest
from django import forms

from sobhxh import challenge
from sobhxh.testing.challenge import solved


class _Form(forms.Form):
    altcha = challenge.ChallengeField()


def test_a_solved_challenge_is_accepted_once(client):
    payload = solved(client)

    assert challenge.spend(payload)
    assert not challenge.spend(payload)


def test_a_form_refuses_a_missing_challenge():
    form = _Form(data={})

    assert not form.is_valid()
    assert "altcha" in form.errors


def test_a_form_refuses_a_replayed_challenge(client):
    payload = solved(client)

    assert _Form(data={"altcha": payload}).is_valid()
    replay = _Form(data={"altcha": payload})
    assert not replay.is_valid()
    assert replay.errors["altcha"] == ["Kiểm tra chống máy tự động đã hết hạn. Vui lòng gửi lại."]


def test_a_wrong_solution_is_refused(client):
    payload = json.loads(base64.b64decode(solved(client)))
    payload["solution"]["counter"] += 1
    payload["solution"]["derivedKey"] = "00" * 32

    assert not challenge.spend(base64.b64encode(json.dumps(payload).encode()).decode())


def test_a_challenge_with_a_changed_parameter_is_refused(client):
    payload = json.loads(base64.b64decode(solved(client)))
    payload["challenge"]["parameters"]["expiresAt"] += 3600

    assert not challenge.spend(base64.b64encode(json.dumps(payload).encode()).decode())


def test_an_expired_challenge_is_refused(client, monkeypatch):
    payload = solved(client)
    later = challenge.time.time() + 3600
    monkeypatch.setattr("altcha.v2.time.time", lambda: later)

    assert not challenge.spend(payload)


@pytest.mark.parametrize("junk", ["", "x", "not base64!", "e30=", "A" * 5000])
def test_junk_is_refused_without_an_error(junk):
    assert not challenge.spend(junk)


def test_the_challenge_view_is_never_cached(client):
    response = client.get("/challenge/")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert response.json()["parameters"]["algorithm"] == "SHA-256"
