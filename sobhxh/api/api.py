"""The REST API for partner systems, under /api/v1/ (DESIGN.md): django-ninja, a bearer
token on every operation, its OpenAPI document at /api/v1/openapi.json and its docs page
at /api/v1/docs, served from ninja's own files (no CDN)."""

from csp.decorators import csp_update
from ninja import NinjaAPI, Swagger

from . import errors
from .auth import TokenAuth
from .endpoints import books, problems, progress, reports, uploads
from .language import request_language

# Swagger UI's stylesheet draws its icons from data: URLs; nothing else is widened. No
# validator badge: it would be fetched from another site.
docs_page = csp_update({"img-src": ["data:"]})


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # The function's own name (`search_books`): short, and stable for client generators.
        return operation.view_func.__name__


api = Api(
    title="sobhxh API",
    version="1",
    description=(
        "The review and handover of social insurance books (sổ BHXH), for partner systems. "
        "Every operation takes `Authorization: Bearer <token>`; answers are in Vietnamese, "
        "or in English with `Accept-Language: en`."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=docs_page,
)
errors.install(api)
# Around every operation, before its parameters are read: their refusals are translated too.
api.add_decorator(request_language, mode="view")
for module in (books, progress, uploads, problems, reports):
    api.add_router("", module.router)
