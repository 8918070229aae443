"""A copy for a USB stick (`host: usb`), opened straight from disk in headless Chromium: every
link works, search finds pages, and not one request fails."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from sitegen.build import build_site
from sitegen.scaffold.newsite import NewSiteRequest, new_site
from tests.browser.browserkit import Browser
from tests.sitefixture import NOW

pytestmark = pytest.mark.browser

LINKS = (
    "return [...document.querySelectorAll('a[href]')].map(a => [a.getAttribute('href'), a.href]);"
)
TYPE = """
const input = document.querySelector('[data-offline-search] input');
input.value = arguments[0];
input.dispatchEvent(new Event('input', {bubbles: true}));
const found = document.querySelectorAll('[data-offline-search] ol a');
return [...found].map(a => [a.textContent, a.href]);
"""


@pytest.fixture(scope="module")
def usb_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("usb") / "site"
    new_site(NewSiteRequest(folder, "Hillside Neighbours", ("en", "ur", "ar"), "GB"), NOW)
    (folder / "content/advice/lighting.md").write_text(
        "---\ntitle: Lights at night\naliases: [en/advice/old-lights/]\n---\n"
        "Timer switches make an empty house look lived in.\n",
        encoding="utf-8",
    )
    out = folder.parent / "stick"
    build_site(folder, out, now=NOW, host="usb")
    return out


def failures(browser: Browser) -> list[str]:
    """Requests that failed since the logs were last read, and console errors and warnings."""
    failed = []
    for entry in browser.driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.loadingFailed":
            failed.append(f"{message['params'].get('errorText')}: {message['params']}")
    return failed + browser.console_problems()


def test_every_link_works_from_disk(browser: Browser, usb_copy: Path) -> None:
    root = usb_copy.resolve().as_uri() + "/"
    pending, seen = [root + "index.html"], set()
    while pending:
        url = pending.pop()
        if url in seen:
            continue
        seen.add(url)
        browser.drain_logs()
        browser.open(url)
        assert browser.js("return document.querySelector('main, h1') !== null"), url
        for href, resolved in browser.js(LINKS):
            if href.startswith(("https:", "http:", "tel:", "mailto:")):
                continue  # the quick exit, sharing, a phone number: not this copy's files
            assert not href.startswith("/"), f"{url}: {href} is not relative"
            target = resolved.split("#")[0]
            assert target.startswith(root), (url, href)
            if target.endswith(".html"):
                assert href.split("#")[0] == "" or href.split("#")[0].endswith("index.html"), (
                    f"{url}: {href} does not name index.html"
                )
                pending.append(target)
            else:
                assert Path(target.removeprefix("file://")).is_file(), (url, href)
        assert failures(browser) == [], url
        assert browser.js(
            "return 'serviceWorker' in navigator && navigator.serviceWorker.controller"
        ) in (None, False)
    assert root + "en/advice/lighting/index.html" in seen
    assert len(seen) > 10


def test_search_finds_a_page_from_disk_and_the_result_opens(
    browser: Browser, usb_copy: Path
) -> None:
    browser.drain_logs()
    browser.open((usb_copy / "en/search/index.html").resolve().as_uri())
    deadline = time.monotonic() + 10
    while not browser.js("return !document.querySelector('[data-offline-search]').hidden"):
        assert time.monotonic() < deadline, "the offline search did not start"
        time.sleep(0.1)
    results = browser.js(TYPE, "timer switches")
    assert [title for title, _ in results] == ["Lights at night"]
    assert browser.js("return document.querySelector('[data-no-results]').hidden") is True
    assert browser.js(TYPE, "nothingmatchesthis") == []
    assert browser.js("return document.querySelector('[data-no-results]').hidden") is False
    assert failures(browser) == []
    browser.open(results[0][1])
    assert browser.js("return document.querySelector('h1').textContent.trim()") == "Lights at night"
    assert failures(browser) == []


def test_an_old_address_on_the_stick_leads_to_the_page(browser: Browser, usb_copy: Path) -> None:
    browser.drain_logs()
    browser.open((usb_copy / "en/advice/old-lights/index.html").resolve().as_uri())
    deadline = time.monotonic() + 10
    while not browser.driver.current_url.endswith("/en/advice/lighting/index.html"):
        assert time.monotonic() < deadline, browser.driver.current_url
        time.sleep(0.1)
    assert failures(browser) == []
    assert not list(usb_copy.rglob("sw.js")) and not list(usb_copy.rglob("pagefind*"))
