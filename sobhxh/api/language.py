"""The language of an API answer: the one the request asks for in Accept-Language (or the
language cookie), Vietnamese otherwise.

The site's pages ignore Accept-Language on purpose (`accounts.middleware`: office PCs run an
English Windows and must still see Vietnamese); a partner system has no language switch to
click, so the API follows the header it sends."""

from functools import wraps

from django.utils import translation


def request_language(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(translation.get_language_from_request(request)):
            response = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", translation.get_language())
            return response

    return wrapper
