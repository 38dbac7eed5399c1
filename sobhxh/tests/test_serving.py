"""The site as production serves it: gunicorn, WhiteNoise, HTTPS behind one proxy.

The requests below are what nginx (deploy/nginx.conf) would pass on: the client's address
appended to X-Forwarded-For and the scheme in X-Forwarded-Proto.
"""

import gc
import gzip
import http.client
import re
import runpy
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from sobhxh.testing.processes import gunicorn, production_environment

HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    env = production_environment(
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        SOBHXH_STATE_DIR=str(folder / "state"),
    )
    with gunicorn(env, folder / "gunicorn.log") as address:
        yield address


def get(site, path, headers=None):
    connection = http.client.HTTPConnection(urlsplit(site).netloc, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_plain_http_is_sent_to_https(site):
    response, _ = get(site, "/accounts/login/")
    assert response.status == 301
    assert response.getheader("Location") == f"https://{urlsplit(site).netloc}/accounts/login/"


def test_a_page_over_https_has_hsts_csp_and_a_secure_cookie(site):
    response, body = get(site, "/accounts/login/", HTTPS)

    assert response.status == 200
    assert response.getheader("Server") == "gunicorn"
    hsts = response.getheader("Strict-Transport-Security")
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'none'" in response.getheader("Content-Security-Policy")
    cookie = response.getheader("Set-Cookie")
    assert cookie.startswith("csrftoken=") and "Secure" in cookie
    assert "Đăng nhập" in body.decode()


def test_static_files_have_hashed_names_are_compressed_and_kept_for_ever(site):
    _, body = get(site, "/accounts/login/", HTTPS)
    stylesheet = re.search(r'href="(/static/sobhxh/site\.[0-9a-f]{12}\.css)"', body.decode())
    assert stylesheet, "the page does not link the hashed stylesheet"

    response, css = get(site, stylesheet[1], {**HTTPS, "Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "immutable" in response.getheader("Cache-Control")
    assert ".badge-behind" in gzip.decompress(css).decode()


def test_the_server_freezes_what_the_application_loaded_and_its_workers_collect_the_rest():
    before = gc.isenabled()
    try:
        hooks = runpy.run_path(str(settings.BASE_DIR / "deploy" / "gunicorn.conf.py"))
        assert not gc.isenabled()  # in the master, until the fork
        hooks["when_ready"](None)
        assert gc.get_freeze_count() > 0
        hooks["post_fork"](None, None)
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        if before:
            gc.enable()
        else:
            gc.disable()
