"""Issue 20 in a real browser: the emergency strip and the new page types pass axe and the Nu
checker in English, Urdu and Arabic, and stay usable on a phone, zoomed and in print."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium.webdriver.support.wait import WebDriverWait

from sitegen.build import build_site
from tests.browser.browserkit import Browser, Served, format_violations, serve
from tests.browser.test_browser_privacy import vnu_errors
from tests.sitefixture import NOW, write_site
from tests.test_trust import FILES, SITE_YAML

LANGS = ("en", "ur", "ar")
PAGES = (
    "index.html",
    "contacts/help/index.html",
    "advice/bins/index.html",
    "advice/safe/index.html",
    "alerts/index.html",
    "quick-exit/index.html",
    "accessibility/index.html",
)
ACCESSIBILITY = "accessibility:\n  contact: access@example.test\n  reviewed: 2026-10-01\n"


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The fixture without statements and alerts: a menu that fits one line on a phone, so the
    page's title is pushed down by the strip and the quick exit only."""
    root = tmp_path_factory.mktemp("trust-small")
    files = {
        k: v
        for k, v in FILES.items()
        if not k.startswith(("content/statements/", "content/alerts/"))
    }
    build_site(write_site(root / "site", files, SITE_YAML), root / "out", now=NOW)
    with serve(root / "out") as served:
        yield served


@pytest.fixture(scope="module")
def trust_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("trust-browser")
    out = root / "out"
    build_site(write_site(root / "site", FILES, SITE_YAML + ACCESSIBILITY), out, now=NOW)
    with serve(out) as served:
        yield served


@pytest.mark.parametrize("rel", [f"{lang}/{rel}" for lang in LANGS for rel in PAGES])
def test_pages_with_the_strip_pass_axe(browser: Browser, trust_site: Served, rel: str) -> None:
    browser.open(trust_site.url(rel))
    assert browser.js("return document.querySelector('.emergency a').href") == "tel:999"
    violations = browser.axe()
    assert violations == [], format_violations(violations)


def test_every_page_is_valid_html(trust_site: Served) -> None:
    assert vnu_errors([trust_site.root]) == []


# (width, height): a small phone, and a 1280x720 screen zoomed to 200 %
SCREENS = [(320, 568), (640, 360)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_strip_fits_and_leaves_the_title_in_view(
    browser: Browser, small_site: Served, lang: str, width: int, height: int
) -> None:
    browser.viewport(width, height)
    browser.open(small_site.url(f"{lang}/index.html"))
    found = browser.js(
        "const strip = document.querySelector('.emergency').getBoundingClientRect();"
        "const h1 = document.querySelector('h1').getBoundingClientRect();"
        "return {stripRight: strip.right, stripLeft: strip.left, stripHeight: strip.height,"
        " h1Bottom: h1.bottom, scrollWidth: document.documentElement.scrollWidth};"
    )
    assert found["scrollWidth"] <= width, found  # nothing pushes the page sideways
    assert found["stripLeft"] >= 0 and found["stripRight"] <= width, found
    assert found["h1Bottom"] <= height, found  # the page's title is above the fold
    heights = browser.js(
        "return [...document.querySelectorAll('.emergency a')]"
        ".map(a => a.getBoundingClientRect().height);"
    )
    assert len(heights) == 2 and min(heights) >= 44, heights  # tap targets, as a.phone's


def test_the_strip_is_printed_without_its_tel_address(browser: Browser, trust_site: Served) -> None:
    browser.open(trust_site.url("ur/advice/bins/index.html"))
    browser.cdp("Emulation.setEmulatedMedia", {"media": "print"})
    found = browser.js(
        "const link = document.querySelector('.emergency a');"
        "return [getComputedStyle(document.querySelector('.emergency')).display,"
        " getComputedStyle(link, '::after').content];"
    )
    assert found == ["flex", "none"]


def test_the_strip_works_without_css_and_javascript(
    browser: Browser, trust_site: Served, tmp_path: Path
) -> None:
    browser.cdp("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.open(trust_site.url("ar/index.html"))
    browser.cdp("Emulation.setScriptExecutionDisabled", {"value": False})
    # with the stylesheet gone, the links are still the first links after the skip link
    browser.js("document.querySelectorAll('link[rel=stylesheet]').forEach(l => l.remove())")
    links = browser.js(
        "return [...document.querySelectorAll('body a')].slice(0, 3)"
        ".map(a => [a.getAttribute('href'), a.offsetHeight > 0]);"
    )
    assert links == [["#main", True], ["tel:999", True], ["tel:101", True]]


# Run before the page's own scripts: the reader's clock reads `offset` ms from the banner's end.
CLOCK_JS = """
(() => {
  const end = Date.parse('2026-12-10T18:30:00Z');
  const offset = %d;
  Date.now = () => end + offset + performance.now();
})();
"""
ENDED = 1_000  # a second after the banner's end


@contextmanager
def reader_clock(browser: Browser, offset_ms: int) -> Iterator[None]:
    """Set the clock pages loaded in the block read, relative to the fixture banner's end."""
    script = browser.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCK_JS % offset_ms})
    try:
        yield
    finally:
        browser.cdp(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
        )


HIDDEN_JS = (
    "return [document.querySelector('[data-alert-ends]').hidden,"
    " document.querySelector('.alerts').hidden];"
)


@pytest.mark.parametrize("lang", LANGS)
def test_the_banner_hides_itself_once_its_end_has_passed(
    browser: Browser, trust_site: Served, lang: str
) -> None:
    url = trust_site.url(f"{lang}/index.html")
    with reader_clock(browser, -3_600_000):  # an hour before its end
        browser.open(url)
        assert browser.js(HIDDEN_JS) == [False, False]
    with reader_clock(browser, ENDED):
        browser.open(url)
        assert browser.js(HIDDEN_JS) == [True, True]


def test_an_open_page_hides_the_banner_when_the_clock_passes_its_end(
    browser: Browser, trust_site: Served
) -> None:
    with reader_clock(browser, -1_500):  # it ends a second and a half after the page opens
        browser.open(trust_site.url("ar/index.html"))
        assert browser.js(HIDDEN_JS) == [False, False]
        WebDriverWait(browser.driver, 20).until(lambda _: browser.js(HIDDEN_JS) == [True, True])


def test_without_javascript_the_banner_stays_with_its_dates(
    browser: Browser, trust_site: Served
) -> None:
    browser.cdp("Emulation.setScriptExecutionDisabled", {"value": True})
    with reader_clock(browser, ENDED):
        browser.open(trust_site.url("en/index.html"))
        assert browser.js(HIDDEN_JS) == [False, False]


SEARCH_BOX_JS = """
const input = document.querySelector('.pagefind-ui__search-input');
if (!input) return null;
const label = input.labels && input.labels[0];
return {label: label ? label.textContent : null,
        labelShown: label ? label.getBoundingClientRect().height > 0 : false,
        placeholder: input.placeholder,
        dir: getComputedStyle(input).direction};
"""

LABEL_RULES_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'rule', values: ['label', 'label-title-only']}})
  .then(r => done(r.violations.map(v => v.id)), e => done(['axe-error: ' + e]));
"""


@pytest.mark.parametrize(
    ("lang", "label", "placeholder", "direction"),
    [
        ("en", "Search this site", "Search", "ltr"),
        ("ur", "اس سائٹ میں تلاش کریں", "تلاش", "rtl"),
        ("ar", "ابحث في هذا الموقع", "بحث", "rtl"),
    ],
)
def test_the_search_field_has_a_visible_label_in_the_readers_language(
    browser: Browser, trust_site: Served, lang: str, label: str, placeholder: str, direction: str
) -> None:
    browser.open(trust_site.url(f"{lang}/search/index.html"))
    WebDriverWait(browser.driver, 20).until(lambda _: browser.js(SEARCH_BOX_JS) is not None)
    found = browser.js(SEARCH_BOX_JS)
    assert found == {
        "label": label,
        "labelShown": True,
        "placeholder": placeholder,
        "dir": direction,
    }
    violations = browser.axe()
    assert violations == [], format_violations(violations)
    browser.driver.set_script_timeout(30)
    assert browser.driver.execute_async_script(LABEL_RULES_JS) == []
