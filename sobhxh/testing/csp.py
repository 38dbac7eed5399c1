"""The Content Security Policy every response carries, and `check`, which asserts a response
carries it and that its markup needs nothing the policy forbids (used by the crawl of every
page in `sobhxh/tests/test_content_security_policy.py` and by pages tested one by one)."""

from html.parser import HTMLParser

POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
}


class Inline(HTMLParser):
    """What in a page a policy without 'unsafe-inline' would block."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.links: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action"} and (value or "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.found.append("<style>")
        self._script = tag == "script" and "src" not in attributes
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])

    def handle_data(self, data):
        if self._script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        self._script = False


def check(response, url):
    """Assert that `response` carries the policy and, if a page, needs nothing inline;
    return the links of the page."""
    header = response["Content-Security-Policy"]
    assert {d.split()[0]: d.split()[1:] for d in header.split("; ")} == POLICY, url
    parser = Inline()
    if response["Content-Type"].startswith("text/html"):
        parser.feed(response.content.decode())
        assert parser.found == [], url
    return parser.links
