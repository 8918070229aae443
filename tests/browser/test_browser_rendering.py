"""Text that must look right in a real browser: fallback fonts, whole phone numbers, list numbers.

One small Urdu, Arabic and English site is built and served; headless Chromium lays it out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.build import build_site
from tests.browser.browserkit import Browser, Served, serve
from tests.sitefixture import NOW, write_site

SITE_YAML = """\
title:
  en: Riverside Residents
  ur: ریور سائیڈ کے رہائشی
  ar: سكان ريفرسايد
base_url: https://example.test/
default_language: en
languages: [en, ur, ar]
region: GB
quick_exit_url: https://www.bbc.co.uk/weather
"""

FILES: dict[str, str | bytes] = {
    "content/index.md": "---\ntitle: Riverside Residents\n---\nWelcome.\n",
    "content/index.ur.md": "---\ntitle: ریور سائیڈ کے رہائشی\n---\nخوش آمدید۔\n",
    "content/index.ar.md": "---\ntitle: سكان ريفرسايد\n---\nأهلا بكم.\n",
    # No Urdu or Arabic translation: shown in English on /ur/ and /ar/ pages.
    "content/advice/bins.md": """\
        ---
        title: Bin collection changes
        ---
        From December, bins are collected on Tuesdays. Garden waste is collected every two
        weeks, and bulky items by appointment.

        ## Garden waste

        Put the brown bin out by 7am.
        """,
    "content/advice/numbers.md": """\
        ---
        title: Useful numbers
        ---
        | The service that can help you in an emergency and otherwise | Number |
        | --- | --- |
        | The United Kingdom's confidential anti-terrorist hotline | 0800 789 321 |
        | Victim support, 24 hours a day, every day of the week | 0808 168 9111 |

        To report anything suspicious call [0800 789 321](tel:0800789321) at any time.
        [Call the confidential anti-terrorist hotline, day or night](tel:0800789321).
        """,
    "content/advice/numbers.ar.md": """\
        ---
        title: أرقام مفيدة
        ---
        | الخدمة التي يمكنها مساعدتك في حالات الطوارئ وغيرها | الرقم |
        | --- | --- |
        | خط المساعدة السري لمكافحة الإرهاب في المملكة المتحدة | 0800 789 321 |
        | خدمة دعم الضحايا على مدار الساعة طوال أيام الأسبوع | 0808 168 9111 |

        للإبلاغ عن أي نشاط مشبوه اتصل بالرقم [0800 789 321](tel:0800789321) في أي وقت.
        [اتصل بخط المساعدة السري لمكافحة الإرهاب على مدار الساعة](tel:0800789321).
        """,
    "content/contacts/help.yaml": """\
        title: Who to call
        entries:
          - id: hotline
            name: Anti-terrorist hotline
            phone: "+44 800 789 321"
          - id: victims
            name: Victim Support
            phone: "0808 168 9111"
          - id: relay
            name: Anti-terrorist hotline by text relay
            phone: "18001 0800 789 321"
        """,
    "content/contacts/help.ar.yaml": """\
        title: بمن تتصل
        entries:
          hotline:
            name: الخط الساخن لمكافحة الإرهاب في المملكة المتحدة على مدار الساعة
          victims:
            name: دعم الضحايا
          relay:
            name: الخط الساخن عبر خدمة الترحيل النصي
        """,
    "content/statements/meeting/index.md": "---\ntitle: After the meeting\n---\nTwo letters.\n",
    "content/statements/meeting/index.ar.md": "---\ntitle: بعد الاجتماع\n---\nرسالتان.\n",
    "content/statements/meeting/letters/01-police.md": """\
        ---
        from: Detective Chief Superintendent Samantha Patel-Okonkwo
        organisation: Riverside and District Neighbourhood Policing Team
        ---
        Dear residents, we will patrol more often.
        """,
    "content/statements/meeting/letters/01-police.ar.md": """\
        ---
        from: رئيسة المفتشين المباحث سامانثا باتيل أوكونكو
        organisation: فريق الشرطة المجتمعية في ريفرسايد والمنطقة المحيطة بها
        ---
        أعزاءنا السكان، سنكثف الدوريات.
        """,
    "content/statements/meeting/letters/02-council.md": """\
        ---
        from: Councillor Alexandra Morgan-Fitzgerald
        organisation: Riverside Metropolitan Borough Council
        ---
        Dear neighbours, the street lights will be repaired.
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Build the site above once and serve it."""
    root = tmp_path_factory.mktemp("rendering")
    source = write_site(root / "site", FILES, SITE_YAML)
    build_site(source, root / "out", now=NOW)
    with serve(root / "out") as served:
        yield served


STYLE_JS = """
const style = el => { if (!el) return null; const s = getComputedStyle(el);
  return {lang: el.closest('[lang]').lang, font: s.fontFamily,
          lineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize)}; };
return {
  notice: style(document.querySelector('.notice--fallback p')),
  text: style(document.querySelector('.content .prose p')),
  heading: style(document.querySelector('.content h2')),
};
"""


@pytest.mark.parametrize(
    ("lang", "family", "height"),
    [("ur", "Noto Nastaliq Urdu", 2.2), ("ar", "Noto Naskh Arabic", 1.8)],
)
def test_english_shown_on_a_right_to_left_page_keeps_the_english_font_and_spacing(
    browser: Browser, site: Served, lang: str, family: str, height: float
) -> None:
    browser.open(site.url("en/advice/bins/index.html"))
    english = browser.js(STYLE_JS)["text"]
    browser.open(site.url(f"{lang}/advice/bins/index.html"))
    found = browser.js(STYLE_JS)
    # The notice is in the reader's language, in its script's font and spacing...
    assert found["notice"]["lang"] == lang
    assert found["notice"]["font"].startswith(f'"{family}"')
    assert found["notice"]["lineHeight"] == pytest.approx(height)
    # ...and the English text it introduces looks as it does on the English page.
    assert found["text"]["lang"] == "en"
    assert found["text"]["font"] == english["font"]
    assert family not in found["text"]["font"]
    assert found["text"]["lineHeight"] == pytest.approx(english["lineHeight"])
    assert found["heading"]["lineHeight"] == pytest.approx(1.25)


# For every element: how many lines tall its text is, and where each digit group starts.
NUMBER_JS = """
const lines = el => { const r = document.createRange(); r.selectNodeContents(el);
  const tops = new Set([...r.getClientRects()].filter(b => b.width > 0)
                       .map(b => Math.round(b.top)));
  return tops.size; };
const groups = el => { const text = el.firstChild; const out = [];
  for (const m of text.data.matchAll(/[0-9+]+/g)) {
    const r = document.createRange(); r.setStart(text, m.index); r.setEnd(text, m.index + 1);
    out.push(r.getBoundingClientRect().left); }
  return out; };
return [...document.querySelectorAll(arguments[0])].map(el => ({
  text: el.textContent, lines: lines(el), groups: groups(el),
  height: el.getBoundingClientRect().height,
  left: el.getBoundingClientRect().left, right: el.getBoundingClientRect().right,
  lineHeight: parseFloat(getComputedStyle(el).lineHeight)}));
"""


@pytest.mark.parametrize(
    ("rel", "selector", "expected"),
    [
        (
            "ar/contacts/help/index.html",
            "a.phone",
            ["+44 800 789 321", "0808 168 9111", "18001 0800 789 321"],
        ),
        ("ar/advice/numbers/index.html", "td bdi", ["0800 789 321", "0808 168 9111"]),
        ("ar/advice/numbers/index.html", "p a[dir='ltr']", ["0800 789 321"]),
    ],
    ids=["directory-card", "table", "text-link"],
)
def test_a_phone_number_never_wraps_and_keeps_its_digit_groups_in_order(
    browser: Browser, site: Served, rel: str, selector: str, expected: list[str]
) -> None:
    browser.viewport(320, 640)
    browser.open(site.url(rel))
    assert browser.js("return document.documentElement.clientWidth") == 320
    numbers = browser.js(NUMBER_JS, selector)
    assert [n["text"] for n in numbers] == expected
    for number in numbers:
        assert number["lines"] == 1, number
        assert number["left"] >= 0 and number["right"] <= 320, f"off the screen: {number}"
        assert number["height"] < 2 * number["lineHeight"], number
        assert number["groups"] == sorted(number["groups"]), f"groups out of order: {number}"


# The list number of each entry is drawn beside its first line: read the ink in the marker's
# column (outside the link, on the inline-start side) from a screenshot.
TOC_JS = """
return [...document.querySelectorAll('.toc li')].map(li => {
  const a = li.querySelector('a'); const r = document.createRange(); r.selectNodeContents(a);
  const rects = [...r.getClientRects()].filter(b => b.width > 0);
  const box = a.getBoundingClientRect(); const item = li.getBoundingClientRect();
  return {lines: new Set(rects.map(b => Math.round(b.top))).size,
          first: [rects[0].top, rects[0].bottom], last: [rects.at(-1).top, rects.at(-1).bottom],
          marker: getComputedStyle(li).direction === 'rtl'
                  ? [box.right, Math.min(box.right + 40, document.documentElement.clientWidth)]
                  : [Math.max(box.left - 40, 0), box.left],
          top: item.top, bottom: item.bottom}; });
"""


def _ink_rows(png: bytes, left: float, right: float, top: float, bottom: float) -> list[int]:
    """Return the rows (page pixels) in which a strip of a screenshot has dark pixels."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    rows = []
    for y in range(int(top), int(bottom)):
        if any(image.getpixel((x, y)) < 128 for x in range(int(left), int(right))):
            rows.append(y)
    return rows


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_table_of_contents_numbers_stand_on_the_first_line_of_a_wrapped_entry(
    browser: Browser, site: Served, lang: str
) -> None:
    browser.viewport(320, 900)
    browser.open(site.url(f"{lang}/statements/meeting/index.html"))
    browser.js("document.querySelector('.toc').scrollIntoView({block: 'start'})")
    entries = browser.js(TOC_JS)
    png = browser.cdp("Page.captureScreenshot", {"format": "png"})["data"]
    import base64

    shot = base64.b64decode(png)
    assert entries and any(e["lines"] > 1 for e in entries), entries
    for entry in entries:
        ink = _ink_rows(shot, *entry["marker"], entry["top"], entry["bottom"])
        assert ink, f"no list number drawn: {entry}"
        assert entry["first"][0] - 2 <= min(ink) and max(ink) <= entry["first"][1] + 2, (
            f"the number is not on the first line: ink rows {min(ink)}-{max(ink)}, {entry}"
        )


def _write_leaflet_html(source: Path, out: Path, key: str, lang: str) -> str:
    """Write a page's leaflet HTML (what WeasyPrint prints) beside the page; return its path."""
    from sitegen.check import read_site
    from sitegen.errors import Problems
    from sitegen.render.environments import make_environments
    from sitegen.render.leaflet import leaflet_html
    from sitegen.render.views import ViewBuilder
    from sitegen.site.links import build_link_index

    problems = Problems()
    read = read_site(source, problems, now=NOW)
    links = build_link_index(read.site, read.sources)
    views = ViewBuilder.create(read.site, links, problems, leaflets=True)
    envs = make_environments(read.theme, read.config.languages, problems)
    html = leaflet_html(envs[lang], views, read.theme, read.site.pages[key], lang)
    rel = f"{lang}/{key}/leaflet-print.html"
    (out / rel).write_bytes(html)
    return rel


LEAFLET_JS = """
return [...document.querySelectorAll('.entry')].map(entry => {
  const box = el => { const r = document.createRange(); r.selectNodeContents(el);
                      const b = r.getBoundingClientRect(); return [b.left, b.right]; };
  return {label: box(entry.querySelector('dt')), phone: box(entry.querySelector('.phone')),
          direction: getComputedStyle(entry).direction}; });
"""


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_leaflet_numbers_stand_on_the_same_side_as_their_labels(
    browser: Browser, tmp_path: Path, lang: str
) -> None:
    source = write_site(tmp_path / "site", FILES, SITE_YAML)
    out = tmp_path / "out"
    build_site(source, out, now=NOW)
    rel = _write_leaflet_html(source, out, "contacts/help", lang)
    with serve(out) as served:
        browser.open(served.url(rel))
        entries = browser.js(LEAFLET_JS)
    assert len(entries) == 3
    for entry in entries:
        (label_left, label_right), (phone_left, phone_right) = entry["label"], entry["phone"]
        if lang == "ar":  # both start at the right edge of the entry
            assert entry["direction"] == "rtl"
            assert phone_right == pytest.approx(label_right, abs=2), entry
        else:
            assert phone_left == pytest.approx(label_left, abs=2), entry


def test_a_phone_link_in_words_keeps_their_direction_and_may_wrap(
    browser: Browser, site: Served
) -> None:
    browser.viewport(320, 640)
    browser.open(site.url("ar/advice/numbers/index.html"))
    found = browser.js(
        "const a = [...document.querySelectorAll('main p a[href^=\"tel:\"]')]"
        "  .find(a => !a.hasAttribute('dir'));"
        "const s = getComputedStyle(a);"
        "return {direction: s.direction, whiteSpace: s.whiteSpace, text: a.textContent};"
    )
    assert found == {
        "direction": "rtl",
        "whiteSpace": "normal",
        "text": "اتصل بخط المساعدة السري لمكافحة الإرهاب على مدار الساعة",
    }
