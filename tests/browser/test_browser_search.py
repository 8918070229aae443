"""Search, as a reader uses it: type a word on the search page, follow a result in that language."""

from __future__ import annotations

import time

import pytest

from tests.browser.browserkit import Browser
from tests.browser.conftest import Sites

pytestmark = pytest.mark.browser

TYPE_AND_WAIT = """
const [query, done] = [arguments[0], arguments[arguments.length - 1]];
const input = document.querySelector('.pagefind-ui__search-input');
if (!input) { done({error: 'no search box'}); return; }
input.value = query;
input.dispatchEvent(new Event('input', {bubbles: true}));
const started = Date.now();
(function poll() {
  const links = [...document.querySelectorAll('.pagefind-ui__result-link')];
  if (links.length || Date.now() - started > 15000) {
    done({links: links.map(a => [a.getAttribute('href'), a.textContent.trim()])});
  } else { setTimeout(poll, 100); }
})();
"""


def search(browser: Browser, url: str, query: str) -> list[list[str]]:
    browser.open(url)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # Pagefind UI builds its box after the page loads
        if browser.js("return !!document.querySelector('.pagefind-ui__search-input')"):
            break
        time.sleep(0.1)
    result = browser.driver.execute_async_script(TYPE_AND_WAIT, query)
    assert "error" not in result, result
    return list(result["links"])


@pytest.mark.parametrize(
    ("lang", "query", "title"),
    [
        ("ur", "دروازے", "محفوظ رہنا"),
        ("ar", "الأبواب", "البقاء بأمان"),
        ("en", "doors", "Keeping safe"),
    ],
)
def test_search_finds_pages_in_the_readers_language(
    browser: Browser, sites: Sites, lang: str, query: str, title: str
) -> None:
    browser.driver.set_script_timeout(30)
    links = search(browser, sites.fixture.url(f"{lang}/search/index.html"), query)
    assert links, f"no result for {query!r}"
    hrefs = [href for href, _ in links]
    assert all(f"/{lang}/" in href for href in hrefs), hrefs
    assert title in [text for _, text in links]
    base = sites.fixture.url("")
    origin = base[: base.index("/", len("http://"))]
    browser.open(origin + hrefs[0])  # the result leads to the page, in the reader's language
    assert browser.js("return document.documentElement.lang") == lang
