"""Layout on small screens and in right-to-left languages, and whether the scripts really render."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.browserkit import Browser, page_params
from tests.browser.conftest import Sites

PAGES = page_params()

OVERFLOW_JS = """
const root = document.documentElement;
const wide = [...document.querySelectorAll('body *')]
  .filter(el => { const r = el.getBoundingClientRect();
                  return r.width > 0 && (r.right > root.clientWidth + 1 || r.left < -1); })
  .filter(el => !el.closest('.skip-link'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + el.textContent.slice(0, 30));
return {scroll: root.scrollWidth, client: root.clientWidth, wide: wide};
"""


def open_page(browser: Browser, sites: Sites, site: str, rel: str) -> None:
    """Open a page of the example or the fixture site."""
    browser.open((sites.example if site == "example" else sites.fixture).url(rel))


# 320 CSS px is WCAG 1.4.10 reflow; 640 is a 1280 px window zoomed to 200% (1.4.4).
@pytest.mark.parametrize("width", [320, 640])
@pytest.mark.parametrize(("site", "rel"), PAGES)
def test_no_horizontal_scrolling(
    browser: Browser, sites: Sites, site: str, rel: str, width: int
) -> None:
    browser.viewport(width, 640)
    open_page(browser, sites, site, rel)
    found = browser.js(OVERFLOW_JS)
    assert found["client"] == width
    assert found["scroll"] <= width, found
    assert found["wide"] == [], found


MIRROR_JS = """
const textBox = el => { const r = document.createRange(); r.selectNodeContents(el);
                        const b = r.getBoundingClientRect(); return [b.left, b.right]; };
const first = sel => document.querySelector(sel);
return {
  width: document.documentElement.clientWidth,
  h1: textBox(first('h1')),
  title: textBox(first('.site-title')),
  switcher: textBox(first('.switcher li')),
  nav: textBox(first('.site-nav li')),
  exit: textBox(first('.quick-exit__link')),
};
"""


@pytest.mark.parametrize(
    ("lang", "rtl"), [("en", False), ("ur", True), ("ar", True)], ids=["en", "ur", "ar"]
)
@pytest.mark.parametrize("site", ["example", "fixture"])
def test_layout_mirrors_in_right_to_left_languages(
    browser: Browser, sites: Sites, site: str, lang: str, rtl: bool
) -> None:
    browser.viewport(360, 740)
    open_page(browser, sites, site, f"{lang}/index.html")
    found = browser.js(MIRROR_JS)
    width = found.pop("width")
    for name, (left, right) in found.items():
        assert right - left > 0, name
        if rtl:  # starts at the right edge (within the 1rem padding and a border)
            assert right > width - 40, f"{name} should start on the right: {left}-{right}"
        elif name != "exit":  # the quick exit may sit at the end on wide screens only
            assert left < 40, f"{name} should start on the left: {left}-{right}"


FONT_JS = """
// Width of the same letters joined and kept apart by ZERO WIDTH NON-JOINER, in the element's
// own font. Shaped Arabic script is narrower joined; boxes ("tofu") are the same either way.
const el = arguments[0];
const s = getComputedStyle(el);
const ctx = document.createElement('canvas').getContext('2d');
ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
const text = arguments[1];
const apart = [...text].join('\\u200c');
return {joined: ctx.measureText(text).width, apart: ctx.measureText(apart).width,
        element: el.getBoundingClientRect().width};
"""

SCRIPTS = {
    # language: (a word to shape, the font family that must draw it)
    "ur": ("پاکستان", "Noto Nastaliq Urdu"),
    "ar": ("السلامة", "Noto Naskh Arabic"),
}


def platform_fonts(browser: Browser, selector: str) -> list[str]:
    """Name the installed fonts Chromium actually used to draw an element's text."""
    browser.cdp("DOM.enable")
    browser.cdp("CSS.enable")
    try:
        document = browser.cdp("DOM.getDocument", {"depth": 0})
        node = browser.cdp(
            "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector}
        )
        fonts = browser.cdp("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        # The node's own text first: its child text node holds the glyphs
        return [f["familyName"] for f in fonts if f["glyphCount"] > 0]
    finally:
        browser.cdp("CSS.disable")
        browser.cdp("DOM.disable")


@pytest.mark.parametrize("lang", ["ur", "ar"])
def test_arabic_script_renders_with_real_glyphs(
    browser: Browser, sites: Sites, lang: str, tmp_path: Path
) -> None:
    word, family = SCRIPTS[lang]
    browser.viewport(360, 740)
    open_page(browser, sites, "fixture", f"{lang}/advice/keeping-safe/index.html")
    h1 = browser.driver.find_element("css selector", "h1")
    h1.screenshot(str(tmp_path / f"{lang}-h1.png"))
    browser.driver.save_screenshot(str(tmp_path / f"{lang}-page.png"))
    text_fonts = platform_fonts(browser, ".prose p")
    assert text_fonts and text_fonts[0] == family, text_fonts
    widths = browser.js(FONT_JS, h1, word)
    assert widths["element"] > 0
    assert 0 < widths["joined"] < widths["apart"] * 0.95, f"letters are not joined: {widths}"


def test_tofu_would_be_caught(browser: Browser, sites: Sites) -> None:
    """Guard the guard: characters no font has measure the same joined or apart."""
    open_page(browser, sites, "fixture", "en/index.html")
    h1 = browser.driver.find_element("css selector", "h1")
    widths = browser.js(FONT_JS, h1, "\U000e0fff\U000e0ffe\U000e0ffd")
    assert widths["joined"] == pytest.approx(widths["apart"])
