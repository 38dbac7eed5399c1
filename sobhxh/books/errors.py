"""Errors of the book lifecycle, each with its message in Vietnamese and in English."""

from sobhxh.bilingual import in_both_languages, of_active_language


class LifecycleError(ValueError):
    """A move the rules refuse. `message_vi` and `message_en` say why, naming the book.

    `template` and `params` are kept so that a caller can say the same thing again in its
    own form (an import report's row); `sobhxh.bilingual.in_both_languages` renders them."""

    def __init__(self, template, **params):
        self.template = template
        self.params = params
        self.message_vi, self.message_en = in_both_languages(template, params)
        super().__init__(f"{self.message_vi} ({self.message_en})")

    @property
    def message(self) -> str:
        """The message in the active language."""
        return of_active_language(self.message_vi, self.message_en)


class TransitionNotAllowed(LifecycleError):
    pass


class InvalidDate(LifecycleError):
    pass


class MissingDetails(LifecycleError):
    pass


class NotPermitted(LifecycleError):
    pass
