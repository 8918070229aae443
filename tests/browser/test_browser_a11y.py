"""Accessibility as a reader meets it: axe-core, keyboard, headings, landmarks, tap targets."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys

from tests.browser.browserkit import Browser, format_violations, is_content_page, page_params
from tests.browser.conftest import Sites

PAGES = page_params()


def open_page(browser: Browser, sites: Sites, site: str, rel: str) -> None:
    """Open a page of the example or the fixture site."""
    served = sites.example if site == "example" else sites.fixture
    browser.open(served.url(rel))


@pytest.mark.parametrize(("site", "rel"), PAGES)
def test_no_axe_violations(browser: Browser, sites: Sites, site: str, rel: str) -> None:
    open_page(browser, sites, site, rel)
    violations = browser.axe()
    assert violations == [], format_violations(violations)


def test_axe_finds_a_violation_when_there_is_one(browser: Browser, sites: Sites) -> None:
    """Guard the guard: a broken page must not pass the axe check."""
    open_page(browser, sites, "fixture", "en/index.html")
    browser.js("document.documentElement.removeAttribute('lang'); document.title = '';")
    ids = {v["id"] for v in browser.axe()}
    assert {"html-has-lang", "document-title"} <= ids


@pytest.mark.parametrize(("site", "rel"), PAGES)
def test_skip_link_is_first_and_moves_focus_to_main(
    browser: Browser, sites: Sites, site: str, rel: str
) -> None:
    open_page(browser, sites, site, rel)
    body = browser.driver.find_element("tag name", "body")
    body.send_keys(Keys.TAB)
    first = browser.driver.switch_to.active_element
    assert first.get_attribute("class") == "skip-link"
    assert first.get_attribute("href").endswith("#main")
    assert first.is_displayed() and first.rect["y"] >= 0, "the focused skip link must be seen"
    first.send_keys(Keys.ENTER)
    browser.driver.switch_to.active_element.send_keys(Keys.TAB)
    in_main = browser.js("return document.activeElement.closest('main') !== null;")
    assert in_main, "after the skip link, Tab must go to the main content"


@pytest.mark.parametrize(
    ("site", "rel"), [("fixture", "en/index.html"), ("example", "ur/index.html")]
)
def test_focused_link_is_visibly_marked(
    browser: Browser, sites: Sites, site: str, rel: str
) -> None:
    open_page(browser, sites, site, rel)
    link = "document.querySelector('main .content a')"
    before = browser.js(
        f"const s = getComputedStyle({link}); return [s.backgroundColor, s.boxShadow];"
    )
    body = browser.driver.find_element("tag name", "body")
    for _ in range(60):  # Tab (not .focus()) so that :focus-visible applies
        body.send_keys(Keys.TAB)
        if browser.js(f"return document.activeElement === {link};"):
            break
        body = browser.driver.switch_to.active_element
    else:
        pytest.fail("Tab never reached the first link in the content")
    style = browser.js(
        "const s = getComputedStyle(document.activeElement);"
        "return {style: s.outlineStyle, width: parseFloat(s.outlineWidth),"
        " background: s.backgroundColor, shadow: s.boxShadow};"
    )
    # A (transparent) outline stays for Windows high-contrast mode; the visible mark is the
    # yellow background and the thick underline drawn with box-shadow.
    assert style["style"] != "none" and style["width"] > 0
    assert [style["background"], style["shadow"]] != before
    assert style["shadow"] != "none"


HEADINGS_JS = """
return [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.getClientRects().length > 0)
  .map(h => Number(h.tagName[1]));
"""


@pytest.mark.parametrize(("site", "rel"), PAGES)
def test_headings_have_one_h1_and_skip_no_level(
    browser: Browser, sites: Sites, site: str, rel: str
) -> None:
    open_page(browser, sites, site, rel)
    levels = browser.js(HEADINGS_JS)
    assert levels.count(1) == 1, levels
    # An alert banner (h2) may come before the page's h1, as the site title stands above both.
    previous = 1
    for level in levels:
        assert level <= previous + 1, f"h{previous} is followed by h{level}: {levels}"
        previous = level


LANDMARKS_JS = """
const roles = {header: 'banner', nav: 'navigation', main: 'main', footer: 'contentinfo'};
const found = [];
for (const [tag, role] of Object.entries(roles)) {
  for (const el of document.querySelectorAll(tag)) {
    // header and footer are landmarks only outside article/section/main/nav/aside
    const sectioning = el.parentElement.closest('article, aside, main, nav, section');
    if ((tag === 'header' || tag === 'footer') && sectioning) continue;
    found.push(role);
  }
}
return found;
"""


@pytest.mark.parametrize(("site", "rel"), PAGES)
def test_landmarks(browser: Browser, sites: Sites, site: str, rel: str) -> None:
    open_page(browser, sites, site, rel)
    roles = browser.js(LANDMARKS_JS)
    for role in ("banner", "main", "contentinfo"):
        assert roles.count(role) == 1, f"{role}: {roles}"
    if is_content_page(rel):  # content pages have the menu and the language switcher
        assert roles.count("navigation") >= 2, roles


FALLBACK_JS = """
const describe = el => ({
  lang: el.closest('[lang]').getAttribute('lang'),
  dir: getComputedStyle(el).direction,
  text: el.textContent.trim().slice(0, 40),
});
return {
  html: describe(document.documentElement),
  notices: [...document.querySelectorAll('.notice--fallback')].map(describe),
  content: describe(document.querySelector('.content')),
  letters: [...document.querySelectorAll('.letter')].map(describe),
  entries: [...document.querySelectorAll('.entry')].map(describe),
};
"""


def test_fallback_page_marks_the_language_it_is_shown_in(browser: Browser, sites: Sites) -> None:
    open_page(browser, sites, "fixture", "ur/advice/bins/index.html")
    found = browser.js(FALLBACK_JS)
    assert found["html"]["lang"] == "ur" and found["html"]["dir"] == "rtl"
    assert [(n["lang"], n["dir"]) for n in found["notices"]] == [("ur", "rtl")]
    assert (found["content"]["lang"], found["content"]["dir"]) == ("en", "ltr")
    assert found["content"]["text"].startswith("Bin collection changes")


def test_fallback_letter_and_entry_keep_their_own_language(browser: Browser, sites: Sites) -> None:
    open_page(browser, sites, "fixture", "ur/statements/meeting/index.html")
    found = browser.js(FALLBACK_JS)
    assert [(x["lang"], x["dir"]) for x in found["letters"]] == [("ur", "rtl"), ("en", "ltr")]
    assert [(n["lang"], n["dir"]) for n in found["notices"]] == [("ur", "rtl")]
    open_page(browser, sites, "fixture", "ur/contacts/help/index.html")
    found = browser.js(FALLBACK_JS)
    langs = [(x["lang"], x["dir"]) for x in found["entries"]]
    assert langs == [("ur", "rtl"), ("ur", "rtl"), ("en", "ltr")]


TAP_TARGETS_JS = """
const selector = '.switcher a, .site-nav a, .quick-exit__link, a.phone, .languages a';
return [...document.querySelectorAll(selector)]
  .filter(a => a.getClientRects().length > 0)
  .map(a => [a.className || a.closest('[class]').className, a.textContent.trim().slice(0, 30),
             a.getBoundingClientRect().height]);
"""


@pytest.mark.parametrize(("site", "rel"), PAGES)
@pytest.mark.parametrize("width", [320, 1024])
def test_tap_targets_are_at_least_44px_high(
    browser: Browser, sites: Sites, site: str, rel: str, width: int
) -> None:
    browser.viewport(width)
    open_page(browser, sites, site, rel)
    targets = browser.js(TAP_TARGETS_JS)
    assert targets, "no tap targets found: has the theme's markup changed?"
    small = [t for t in targets if t[2] < 44]
    assert small == [], small
