"""Solving the public forms' challenge in tests, as the browser's worker does."""

import altcha


def solved(client) -> str:
    """A payload that solves a fresh challenge from `client`'s /challenge/, ready to post
    as the form's "altcha" field."""
    challenge = altcha.Challenge.from_dict(client.get("/challenge/").json())
    solution = altcha.solve_challenge(challenge, timeout=10)
    assert solution is not None, "the test challenge could not be solved"
    return altcha.Payload(challenge, solution).to_base64()
