"""The API's endpoints, one module a domain; each is a ninja Router mounted in `api.py`."""

from ..schemas import Error

# The refusals every endpoint may answer (400: a body or query that cannot be parsed at
# all), and those of the writes.
READ_ERRORS = (400, 401, 404, 422, 429)
WRITE_ERRORS = (*READ_ERRORS, 403, 409)


def answers(schema, errors: tuple[int, ...], *, status: int = 200) -> dict:
    """An operation's responses: `schema` for `status`, `Error` for each refusal."""
    return {status: schema, **dict.fromkeys(errors, Error)}
