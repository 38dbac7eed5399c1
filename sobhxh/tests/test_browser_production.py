"""In a real browser, the site served as in production: gunicorn with deploy/gunicorn.conf.py
and the environment of deploy/sobhxh.env, static files collected by WhiteNoise under hashed,
compressed names, the Content Security Policy kept by every page.

Only what plain HTTP on the loopback forces differs from a server: HTTPS=0 (test_serving.py
checks the HTTPS side through the proxy's headers), the host, and where files are kept.
"""

import re

import pytest

from sobhxh.browser import log_in, watch_csp
from sobhxh.testing.processes import gunicorn, manage, production_environment

pytestmark = pytest.mark.browser

HASHED_CSS = re.compile(r"/static/[a-z/]+\.[0-9a-f]{12}\.css$")


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    env = production_environment(
        HTTPS="0",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        SOBHXH_STATE_DIR=str(folder / "state"),
    )
    manage("migrate", "-v0", env=env)
    manage("generate_demo", "--books", "300", "--seed", "7", "--quiet", env=env)
    manage("create_demo_user", env=env)
    with gunicorn(env, folder / "gunicorn.log") as address:
        yield address


@pytest.fixture
def context(chromium, production_site):
    # As nginx would pass the requests on (PROXY_COUNT=1).
    context = chromium.new_context(
        base_url=production_site,
        locale="vi-VN",
        viewport={"width": 1366, "height": 768},
        extra_http_headers={"X-Forwarded-For": "203.0.113.7"},
    )
    context.violations = watch_csp(context)
    yield context
    context.close()
    assert context.violations == [], "Content Security Policy violated"


def test_pages_through_gunicorn_load_hashed_compressed_static_files(context):
    stylesheets = []
    context.on("response", lambda r: r.url.endswith(".css") and stylesheets.append(r))
    page = context.new_page()
    log_in(page, "demo")

    response = page.goto("/dashboard/VN/")

    headers = response.all_headers()
    assert headers["server"] == "gunicorn"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert stylesheets and all(HASHED_CSS.search(r.url) for r in stylesheets)
    for stylesheet in stylesheets:
        served = stylesheet.all_headers()
        assert stylesheet.status == 200
        assert served["content-encoding"] == "gzip"
        assert "immutable" in served["cache-control"]
    brand = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert brand == "rgb(11, 83, 148)"  # --brand of site.css: the stylesheet applied
    assert page.locator("svg.progress-chart").is_visible()


def test_the_admin_through_gunicorn_loads_its_collected_files(context):
    scripts = []
    context.on("response", lambda r: r.url.endswith(".js") and scripts.append(r))
    page = context.new_page()
    log_in(page, "demo")

    page.goto("/admin/units/employer/")
    page.locator("#action-toggle").check()

    assert page.locator("input.action-select").nth(1).is_checked()
    assert scripts and all(re.search(r"\.[0-9a-f]{12}\.js$", r.url) for r in scripts)
    assert all(r.status == 200 for r in scripts)
