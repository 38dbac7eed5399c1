"""What the problems app says when it refuses something.

`ProblemRefused` is a `ValidationError`, so a form adds it as it is (`form.add_error(None,
error)`) and a command prints `error.messages`; its template and params are kept so that
it renders in whichever language is active when it is shown.
"""

from django.core.exceptions import ValidationError


class ProblemRefused(ValidationError):
    """A change the rules refuse, with a message that names what and says why."""

    def __init__(self, template, code: str = "refused", **params):
        super().__init__(template, code=code, params=params)
        self.template = template
