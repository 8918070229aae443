"""Checked rumours in headless Chromium: clean under axe and the Nu Html Checker, left to right
and right to left; "Copy this answer" appears only when its script runs (issue 23)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from sitegen.build import build_site
from tests.browser.browserkit import VNU_JAR, Browser, format_violations, serve
from tests.rumourfixture import FILES, SITE
from tests.sitefixture import NOW, write_site

PAGES = [
    f"{lang}/{rel}"
    for lang in ("en", "ur", "ar")
    for rel in (
        "rumours/van/index.html",
        "rumours/curfew/index.html",
        "rumours/index.html",
        "index.html",
    )
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rumours")
    built = folder / "out"
    build_site(write_site(folder / "site", FILES, SITE), built, now=NOW)
    return built


@pytest.mark.parametrize("rel", PAGES)
def test_rumour_pages_pass_axe(browser: Browser, out: Path, rel: str) -> None:
    with serve(out) as served:
        browser.open(served.url(rel))
        expected = "rtl" if rel.startswith(("ur/", "ar/")) else "ltr"
        assert browser.js("return document.documentElement.dir") == expected
        violations = browser.axe()
        assert violations == [], format_violations(violations)
        assert browser.console_problems() == []


def test_rumour_pages_are_valid_html(out: Path) -> None:
    files = [str(out / rel) for rel in PAGES]
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    errors = [
        f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in json.loads(run.stderr)["messages"]
    ]
    assert errors == []


def test_copy_this_answer_appears_with_its_script_and_copies(browser: Browser, out: Path) -> None:
    with serve(out) as served:
        browser.open(served.url("ar/rumours/van/index.html"))
        button = "document.querySelector('[data-copy-answer]')"
        assert browser.js(f"return {button}.hidden") is False
        browser.js(f"{button}.click()")
        status = browser.driver.execute_async_script(
            "const done = arguments[0];"
            "setTimeout(() => done([document.querySelector('[data-copy-status]').textContent,"
            " String(window.getSelection())]), 300);"
        )
        shown = browser.js("return document.getElementById('sg-share-text').innerText")
        # Copied to the clipboard (the status says so), or selected for the reader to copy.
        assert status[0] == "تم النسخ: الصقه حيث تشاء." or status[1] == shown
        assert shown.splitlines()[1] == "الحكم: خاطئ"


def test_without_javascript_the_answer_is_text_and_there_is_no_button(
    browser: Browser, out: Path
) -> None:
    browser.cdp("Emulation.setScriptExecutionDisabled", {"value": True})
    with serve(out) as served:
        browser.open(served.url("ur/rumours/van/index.html"))
        visible = browser.driver.find_element("css selector", "[data-copy-answer]").is_displayed()
        text = browser.driver.find_element("id", "sg-share-text").text
    assert visible is False
    assert text.splitlines()[0].startswith("افواہ: ")
