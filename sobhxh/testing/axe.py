"""Accessibility checks of a page in the browser tests, with axe-core (Deque's rules engine).

axe-core comes from the npm registry, for the tests only (`sobhxh/testing/npm`, pinned by
its package-lock.json; `.ci/run` installs it with `npm ci`). It is never served to
visitors: the script is evaluated in the page through Playwright (`page.evaluate`), which
the site's Content Security Policy does not see, since it adds no script element.
"""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent / "npm" / "node_modules" / "axe-core" / "axe.min.js"
# What blocks or seriously hinders someone; "minor" and "moderate" are reported by axe too
# but do not fail a test.
FAILING_IMPACTS = ("serious", "critical")
# WCAG 2.1 A and AA, as the agency's sites are expected to meet.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip(
            f"axe-core is not installed ({AXE} missing): run "
            "`npm ci --prefix sobhxh/testing/npm --no-audit --no-fund` (CI does)"
        )
    return AXE.read_text(encoding="utf-8")


def violations(page) -> list[dict]:
    """The serious and critical violations of the page as it is now: each with its rule,
    impact, help text and the selectors of the offending elements."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        TAGS,
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]
