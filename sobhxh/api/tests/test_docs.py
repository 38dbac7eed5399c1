"""The OpenAPI document and the docs page are served by the app itself: nothing from a CDN,
and a Content-Security-Policy that lets Swagger UI's own files work."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_openapi_document_lists_the_operations_with_bearer_auth(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "sobhxh API"
    assert "/api/v1/books" in document["paths"]
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_docs_page_loads_only_the_site_s_own_files(client):
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/static/ninja/") for source in sources)
    assert "<script>" not in page  # no inline script: the policy allows none
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["img-src"] == "'self' data:" and policy["script-src"] == "'self'"
    assert '"validatorUrl": null' in page
