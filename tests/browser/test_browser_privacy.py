"""Privacy and weight: nothing leaves the machine, pages are small, and work from disk too."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.browser.browserkit import VNU_JAR, Browser, is_content_page, page_params
from tests.browser.conftest import Sites

PAGES = page_params()


def open_page(browser: Browser, sites: Sites, site: str, rel: str) -> str:
    """Open a page of the example or the fixture site; return its URL."""
    url = (sites.example if site == "example" else sites.fixture).url(rel)
    browser.open(url)
    return url


@pytest.mark.parametrize(("site", "rel"), PAGES)
def test_every_request_stays_on_the_local_server(
    browser: Browser, sites: Sites, site: str, rel: str
) -> None:
    url = open_page(browser, sites, site, rel)
    origin = url[: url.index("/", len("http://"))] + "/"
    requested = browser.requested_urls()
    assert url in requested
    # data: URLs (an icon inside Pagefind's stylesheet) are inline: they go to no host at all
    assert [u for u in requested if not u.startswith((origin, "data:"))] == []
    problems = browser.console_problems()
    if not is_content_page(rel) and rel != "index.html":  # the 404 page's own status
        problems = [p for p in problems if not p.startswith(f"{url} - ")]
    assert problems == []


HEAD_JS = """
const meta = sel => { const m = document.querySelectorAll(sel);
                      return [...m].map(x => x.content); };
return {
  csp: meta('meta[http-equiv="Content-Security-Policy"]'),
  referrer: meta('meta[name="referrer"]'),
  sheets: document.styleSheets.length,
  fontFaces: [...document.styleSheets].flatMap(s => [...s.cssRules])
    .filter(r => r instanceof CSSFontFaceRule).length,
  external: [...document.querySelectorAll('main a[href]')]
    .filter(a => a.protocol.startsWith('http') && a.host !== location.host)
    .map(a => [a.href, a.relList.contains('noopener') && a.relList.contains('noreferrer')]),
};
"""


@pytest.mark.parametrize(("site", "rel"), PAGES)
def test_head_sets_privacy_policies_and_one_stylesheet(
    browser: Browser, sites: Sites, site: str, rel: str
) -> None:
    open_page(browser, sites, site, rel)
    found = browser.js(HEAD_JS)
    assert len(found["csp"]) == 1
    policy = {d.split()[0]: d.split()[1:] for d in found["csp"][0].split(";") if d.strip()}
    assert policy["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in found["csp"][0]
    assert found["referrer"] == ["no-referrer"]
    # the search page also loads Pagefind's own stylesheet, from this site
    assert found["sheets"] == (2 if rel.endswith("search/index.html") else 1)
    assert found["fontFaces"] == 0, "no web fonts: readers' phones use their own"
    assert [href for href, ok in found["external"] if not ok] == []


def test_external_links_are_found_in_content(browser: Browser, sites: Sites) -> None:
    """Guard the check above: the fixture's advice page links out, and rel is set on it."""
    open_page(browser, sites, "fixture", "en/advice/keeping-safe/index.html")
    found = dict(browser.js(HEAD_JS)["external"])
    assert found["https://www.police.uk/"] and found["https://www.victimsupport.org.uk/"]


BUDGET = 30 * 1024
WEIGHT_JS = """
const nav = performance.getEntriesByType('navigation')[0];
const res = performance.getEntriesByType('resource');
return {page: nav.decodedBodySize,
        loaded: res.map(r => [r.name, r.initiatorType, r.decodedBodySize])};
"""


def article_pages(root: Path) -> list[str]:
    """List the built pages of every language that are not section lists."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.glob("*/*/*/index.html")  # lang/section/page/index.html
    )


def test_every_article_page_is_under_30_kb_with_what_it_loads(
    browser: Browser, sites: Sites
) -> None:
    pages = article_pages(sites.example.root)
    assert len(pages) > 20
    too_heavy = []
    for rel in pages:
        browser.open(sites.example.url(rel))
        weight = browser.js(WEIGHT_JS)
        kinds = sorted(kind for _, kind, _ in weight["loaded"])
        # the stylesheet, quick-exit.js and alerts.js (hides banners past their end: issue 20),
        # and on a rumour's page copy-answer.js (issue 23)
        scripts = 3 if "/rumours/" in rel else 2
        assert kinds == ["link", *["script"] * scripts], (rel, weight["loaded"])
        total = weight["page"] + sum(size for _, _, size in weight["loaded"])
        if total > BUDGET or weight["page"] == 0:
            too_heavy.append((rel, total))
    assert too_heavy == []


def test_page_opened_from_disk_applies_its_stylesheet_and_script(
    browser: Browser, sites: Sites
) -> None:
    for rel in ("ur/advice/keeping-safe/index.html", "index.html"):
        browser.open((sites.fixture.root / rel).as_uri())
        found = browser.js(
            "const exit = getComputedStyle(document.querySelector('.quick-exit__link'));"
            "return {skip: getComputedStyle(document.querySelector('.skip-link')).position,"
            " exit: [exit.backgroundColor, exit.color],"
            " hint: document.querySelector('[data-quick-exit-hint]').hidden};"
        )
        assert found["skip"] == "absolute", (rel, found)
        assert found["exit"] == ["rgb(177, 14, 30)", "rgb(255, 255, 255)"], (rel, found)
        assert found["hint"] is False, f"{rel}: quick-exit.js did not run"
        assert browser.console_problems() == []


def vnu_errors(folders: list[Path]) -> list[tuple[str, str]]:
    """Run the Nu Html Checker once on every HTML file of some folders; return (file, error)."""
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", "--format", "json"]
        + [str(folder) for folder in folders],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return [
        (m.get("url", ""), f"{m.get('lastLine', '?')}: {m['message']}")
        for m in json.loads(run.stderr)["messages"]
    ]


INVALID_PAGE = "<!DOCTYPE html>\n<html lang=en><title>x</title>\n<p><div></p>\n"


@pytest.fixture(scope="module")
def html_errors(sites: Sites, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Check both sites and one invalid page in one run (the checker takes seconds to start)."""
    invalid = tmp_path_factory.mktemp("invalid")
    (invalid / "bad.html").write_text(INVALID_PAGE, encoding="utf-8")
    folders = {"example": sites.example.root, "fixture": sites.fixture.root, "invalid": invalid}
    errors: dict[str, list[str]] = {name: [] for name in folders}
    for url, error in vnu_errors(list(folders.values())):
        path = Path(url.removeprefix("file:"))  # the checker writes file:/tmp/...
        name = next(n for n, folder in folders.items() if folder in path.parents)
        errors[name].append(f"{url}:{error}")
    return errors


@pytest.mark.parametrize("site", ["example", "fixture"])
def test_every_page_is_valid_html(
    sites: Sites, html_errors: dict[str, list[str]], site: str
) -> None:
    root = (sites.example if site == "example" else sites.fixture).root
    assert len(list(root.rglob("*.html"))) > 20
    assert html_errors[site] == []


def test_the_html_checker_reports_errors(html_errors: dict[str, list[str]]) -> None:
    """Guard the guard: an invalid page is reported, with its line."""
    assert html_errors["invalid"]
    assert all("/bad.html:3: " in e for e in html_errors["invalid"]), html_errors["invalid"]
