"""Errors of the book lifecycle, each with its message in Vietnamese and in English."""

from django.utils import translation


class LifecycleError(ValueError):
    """A move the rules refuse. `message_vi` and `message_en` say why, naming the book."""

    def __init__(self, template, **params):
        self.template = template
        self.params = params
        self.message_vi = self._render("vi")
        self.message_en = self._render("en")
        super().__init__(f"{self.message_vi} ({self.message_en})")

    def _render(self, language: str) -> str:
        with translation.override(language):
            values = {key: str(value) for key, value in self.params.items()}
            return str(self.template) % values

    @property
    def message(self) -> str:
        """The message in the active language."""
        return self._render(translation.get_language() or "vi")


class TransitionNotAllowed(LifecycleError):
    pass


class InvalidDate(LifecycleError):
    pass


class MissingDetails(LifecycleError):
    pass


class NotPermitted(LifecycleError):
    pass
