"""A draft previewed with --drafts shows its "Draft" banner where a reader looks first, in every
direction, and the page still passes axe-core (issue 16, point 18)."""

from __future__ import annotations

from pathlib import Path

from sitegen.build import build_site
from tests.browser.browserkit import Browser, format_violations, serve
from tests.sitefixture import NOW, write_site

SITE_YAML = """\
title: Riverside Residents
base_url: https://example.test/
default_language: en
languages: [en, ar]
region: GB
"""

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/advice/plans.md": "---\ntitle: Evacuation plans\ndraft: true\n---\nNot ready.\n",
    "content/advice/plans.ar.md": "---\ntitle: خطط الإخلاء\n---\nليست جاهزة.\n",
}


def test_the_draft_banner_is_seen_above_the_page(browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(write_site(tmp_path / "site", FILES, SITE_YAML), out, now=NOW, drafts=True)
    with serve(out) as served:
        for rel in ("en/advice/plans/index.html", "ar/advice/plans/index.html"):
            browser.open(served.url(rel))
            seen = browser.js(
                "const n = document.querySelector('.notice--draft');"
                "const h = document.querySelector('main h1');"
                "if (!n || !h) return null;"
                "const r = n.getBoundingClientRect();"
                "return {shown: r.height > 0 && getComputedStyle(n).visibility === 'visible',"
                " above: r.bottom <= h.getBoundingClientRect().top};"
            )
            assert seen == {"shown": True, "above": True}, rel
            violations = browser.axe()
            assert violations == [], format_violations(violations)
