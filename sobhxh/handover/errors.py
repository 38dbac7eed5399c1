"""Errors of the review and handover work, with their message in Vietnamese and English
like the lifecycle's own (`books.errors.LifecycleError`)."""

from sobhxh.books.errors import LifecycleError


class NothingToDo(LifecycleError):
    """None of the chosen books could be taken; `refused` says why for each of them."""

    def __init__(self, template, *, refused: list[tuple[str, str]], **params):
        super().__init__(template, **params)
        self.refused = refused
