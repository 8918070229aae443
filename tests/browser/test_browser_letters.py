"""A statement whose letters do not all say who sent them, as axe-core reads it: no empty
heading, no link without a name (issue 16, point 9)."""

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
    "content/statements/fire/index.md": "---\ntitle: After the fire\n---\nOur letters.\n",
    "content/statements/fire/index.ar.md": "---\ntitle: بعد الحريق\n---\nرسائلنا.\n",
    "content/statements/fire/letters/01-police.md": "---\nfrom: Sam Patel\n---\nWe patrol.\n",
    "content/statements/fire/letters/02-residents.md": "Pasted without a sender.\n",
    "content/statements/fire/letters/03-open.md": "---\ntitle: Open letter\n---\nTo all.\n",
}


def test_letters_without_a_sender_pass_axe(browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(write_site(tmp_path / "site", FILES, SITE_YAML), out, now=NOW)
    with serve(out) as served:
        for rel in ("en/statements/fire/index.html", "ar/statements/fire/index.html"):
            browser.open(served.url(rel))
            assert browser.js("return document.querySelectorAll('article.letter').length") == 3
            violations = browser.axe()
            assert violations == [], format_violations(violations)
