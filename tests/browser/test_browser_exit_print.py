"""The quick-exit control, with and without JavaScript, and how pages print."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.browserkit import PAGE_TYPES, Browser, page_params
from tests.browser.conftest import Sites

PAGES = page_params()

EXIT_JS = """
const link = document.querySelector('.quick-exit__link');
const r = link.getBoundingClientRect();
const s = getComputedStyle(link);
const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
// The emergency strip (issue 20), where a site has one, comes first: the exit is right below it.
const strip = document.querySelector('.emergency');
const above = strip ? Math.max(0, strip.getBoundingClientRect().bottom) : 0;
return {top: r.top - above, bottom: r.bottom - above, width: r.width, visible: s.visibility,
        display: s.display, onTop: link.contains(hit), href: link.href};
"""


def open_page(browser: Browser, sites: Sites, site: str, rel: str) -> None:
    """Open a page of the example or the fixture site."""
    browser.open((sites.example if site == "example" else sites.fixture).url(rel))


@pytest.mark.parametrize(("site", "rel"), PAGES)
def test_quick_exit_is_at_the_top_and_stays_in_view(
    browser: Browser, sites: Sites, site: str, rel: str
) -> None:
    browser.viewport(320, 568)
    open_page(browser, sites, site, rel)
    found = browser.js(EXIT_JS)
    assert found["width"] > 0 and found["visible"] == "visible" and found["onTop"], found
    assert found["top"] >= 0 and found["bottom"] < 100, found
    browser.js("window.scrollTo(0, document.documentElement.scrollHeight);")
    scrolled = browser.js(EXIT_JS)
    assert scrolled["onTop"] and 0 <= scrolled["top"] < 100, f"lost when scrolled: {scrolled}"


def wait_for_url(browser: Browser, url: str) -> None:
    """Wait until the browser shows `url`."""
    WebDriverWait(browser.driver, 5).until(lambda d: d.current_url == url)


def test_quick_exit_click_leaves_and_back_does_not_return(browser: Browser, sites: Sites) -> None:
    browser.open(sites.exit.url("start.html"))
    browser.open(sites.fixture.url("ur/advice/keeping-safe/index.html"))
    browser.driver.find_element("css selector", ".quick-exit__link").click()
    wait_for_url(browser, sites.exit.url("exit.html"))
    browser.js("history.back();")
    # The site's page was replaced in the history: Back skips it.
    wait_for_url(browser, sites.exit.url("start.html"))


def test_escape_three_times_leaves(browser: Browser, sites: Sites) -> None:
    browser.open(sites.exit.url("start.html"))
    browser.open(sites.fixture.url("ar/contacts/help/index.html"))
    actions = ActionChains(browser.driver)
    for _ in range(3):
        actions.send_keys(Keys.ESCAPE)
    actions.perform()
    wait_for_url(browser, sites.exit.url("exit.html"))
    browser.js("history.back();")
    wait_for_url(browser, sites.exit.url("start.html"))


def test_escape_once_or_twice_stays(browser: Browser, sites: Sites) -> None:
    url = sites.fixture.url("en/index.html")
    browser.open(url)
    ActionChains(browser.driver).send_keys(Keys.ESCAPE).send_keys(Keys.ESCAPE).perform()
    browser.js("return 1;")  # let the key events run
    assert browser.driver.current_url == url


def test_without_javascript_quick_exit_is_a_plain_link(browser: Browser, sites: Sites) -> None:
    browser.cdp("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.open(sites.fixture.url("ur/index.html"))
    link = browser.driver.find_element("css selector", ".quick-exit__link")
    hint = browser.driver.find_element("css selector", "[data-quick-exit-hint]")
    assert link.is_displayed()
    assert not hint.is_displayed(), "the Esc hint must not promise what needs JavaScript"
    link.click()
    wait_for_url(browser, sites.exit.url("exit.html"))


PRINT_JS = """
const shown = sel => [...document.querySelectorAll(sel)]
  .filter(el => getComputedStyle(el).display !== 'none').length;
return {
  hiddenShown: ['.skip-link', '.quick-exit', '.switcher', '.site-nav']
    .map(sel => [sel, document.querySelectorAll(sel).length, shown(sel)]),
  otherControls: shown('.site-search, .share'),
  letters: [...document.querySelectorAll('.letter')]
    .map(el => getComputedStyle(el).breakBefore),
};
"""


@pytest.mark.parametrize("site", ["example", "fixture"])
def test_print_hides_controls_and_starts_each_letter_on_a_new_page(
    browser: Browser, sites: Sites, site: str
) -> None:
    open_page(browser, sites, site, f"ur/{PAGE_TYPES[site]['statement']}")
    on_screen = browser.js(PRINT_JS)
    assert all(shown > 0 for _, _, shown in on_screen["hiddenShown"]), on_screen
    browser.cdp("Emulation.setEmulatedMedia", {"media": "print"})
    printed = browser.js(PRINT_JS)
    assert [shown for _, _, shown in printed["hiddenShown"]] == [0, 0, 0, 0], printed
    assert printed["otherControls"] == 0, "links to search or share are no use on paper"
    assert len(printed["letters"]) >= 2
    # A new page for each letter but the first, which follows the introduction.
    assert printed["letters"][0] == "auto", printed
    assert set(printed["letters"][1:]) == {"page"}, printed


def test_printed_statement_puts_each_letter_at_the_top_of_a_page(
    browser: Browser, sites: Sites, tmp_path: Path
) -> None:
    open_page(browser, sites, "fixture", "en/statements/meeting/index.html")
    pdf = browser.cdp("Page.printToPDF", {"printBackground": False})
    path = tmp_path / "statement.pdf"
    path.write_bytes(base64.b64decode(pdf["data"]))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page.strip() for page in text.split("\f") if page.strip()]
    starts = [page.splitlines()[0].strip() for page in pages]
    # The first letter follows the introduction on the first page; the next starts a page.
    assert "After the public meeting" in pages[0] and "Sam Patel" in pages[0], pages[0]
    assert "Alex Morgan" in starts and "Alex Morgan" not in pages[0], starts
    assert "Leave this site quickly" not in text


WRITTEN_OUT_JS = """
return [...document.querySelectorAll('main a[href^="tel:"], main a[href^="http"]')]
  .map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content]);
"""


def test_print_writes_out_web_addresses_and_phone_numbers(browser: Browser, sites: Sites) -> None:
    open_page(browser, sites, "example", f"en/{PAGE_TYPES['example']['contacts']}")
    on_screen = browser.js(WRITTEN_OUT_JS)
    assert {content for _, content in on_screen} == {"none"}
    browser.cdp("Emulation.setEmulatedMedia", {"media": "print"})
    printed = browser.js(WRITTEN_OUT_JS)
    assert any(href.startswith("tel:") for href, _ in printed)
    assert any(href.startswith("http") for href, _ in printed)
    for href, content in printed:
        assert content == f'" ({href})"', (href, content)


LETTER_PRINT_JS = """
const visible = el => el !== null && getComputedStyle(el).display !== 'none'
  && getComputedStyle(el).visibility === 'visible' && el.getBoundingClientRect().height > 0;
const heads = [...document.querySelectorAll('.letter')].map(letter => ({
  sender: visible(letter.querySelector('.letter__sender'))
    && letter.querySelector('.letter__sender').textContent.trim(),
  role: visible(letter.querySelector('.letter__role')),
  org: visible(letter.querySelector('.letter__org')),
  date: visible(letter.querySelector('.letter__meta time')),
  permalink: visible(letter.querySelector('.letter__link')),
}));
const links = [...document.querySelectorAll('.letter__body a')]
  .map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content]);
const pdf = document.querySelector('.statement__pdf');
return {heads, links, pdf: pdf === null ? null : visible(pdf)};
"""


def test_printed_letters_keep_their_heads_and_write_out_their_links(
    browser: Browser, sites: Sites
) -> None:
    open_page(browser, sites, "fixture", "en/statements/meeting/index.html")
    on_screen = browser.js(LETTER_PRINT_JS)
    assert on_screen["links"] == [["https://www.riverside.example/lights", "none"]], on_screen
    browser.cdp("Emulation.setEmulatedMedia", {"media": "print"})
    printed = browser.js(LETTER_PRINT_JS)
    assert printed["heads"] == [
        {"sender": "Sam Patel", "role": True, "org": True, "date": True, "permalink": False},
        {"sender": "Alex Morgan", "role": True, "org": True, "date": True, "permalink": False},
    ], printed
    assert printed["links"] == [
        ["https://www.riverside.example/lights", '" (https://www.riverside.example/lights)"']
    ], printed
    # The link to the PDF (made only with the pdf extra) is no use on paper.
    assert printed["pdf"] in (None, False), printed
