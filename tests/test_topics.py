"""Who pages are for and their topics: a page per audience and per tag, in every language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitegen.build import build_site
from tests.sitefixture import NOW, SITE_YAML, build, build_fails, messages, page, write_site

BASE = "https://example.test/group/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

VOCABULARY = """\
audiences:
  parents:
    en: Parents and carers
    ur: والدین اور سرپرست
  worship:
    en: Places of worship
tags:
  children:
    en: Children
    ur: بچے
"""

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/advice/parents.md": """\
        ---
        title: Talking to children
        summary: What to say after worrying news.
        audience: [parents]
        tags: [children]
        weight: 1
        ---
        Listen first.
        """,
    "content/advice/parents.ur.md": """\
        ---
        title: بچوں سے بات کرنا
        summary: پریشان کن خبروں کے بعد کیا کہیں۔
        ---
        پہلے سنیں۔
        """,
    "content/advice/worship.md": """\
        ---
        title: Keeping buildings safe
        audience:
          - worship
          - parents
        weight: 2
        ---
        Lock the doors.
        """,
    "content/about.md": "---\ntitle: About\n---\nUs.\n",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("topics") / "site", FILES, SITE_YAML + VOCABULARY)
    built, _ = build(site)
    return built


def listed(soup) -> list[tuple[str, str, str, str]]:
    return [
        (li["lang"], li["dir"], li.a.get_text(strip=True), li.a["href"])
        for li in soup.select("ul.children > li")
    ]


def test_an_audience_page_in_english_lists_what_is_written_for_it(out: Path) -> None:
    soup = page(out, "en/audience/parents/index.html")
    assert soup.h1.get_text(strip=True) == "Parents and carers"
    assert soup.title.get_text() == "Parents and carers – Test Group"
    lead = soup.select_one(".section--audience .lead")
    assert lead.get_text(strip=True) == "Everything on this site written for this group of readers."
    assert listed(soup) == [
        ("en", "ltr", "Talking to children", "../../advice/parents/index.html"),
        ("en", "ltr", "Keeping buildings safe", "../../advice/worship/index.html"),
    ]
    assert soup.find(class_="notice--fallback") is None


def test_an_audience_page_in_urdu_shows_translations_and_marks_originals(out: Path) -> None:
    soup = page(out, "ur/audience/parents/index.html")
    content = soup.find("div", class_="content")
    assert (content["lang"], content["dir"]) == ("ur", "rtl")
    assert soup.h1.get_text(strip=True) == "والدین اور سرپرست"
    lead = soup.select_one(".section--audience .lead")
    assert lead.get_text(strip=True) == "اس سائٹ پر قارئین کے اس گروہ کے لیے لکھی گئی ہر چیز۔"
    assert listed(soup) == [
        ("ur", "rtl", "بچوں سے بات کرنا", "../../advice/parents/index.html"),
        ("en", "ltr", "Keeping buildings safe", "../../advice/worship/index.html"),
    ]
    assert soup.find(class_="notice--fallback") is None
    assert soup.find("html")["lang"] == "ur"


def test_an_untranslated_label_is_marked_with_its_language(out: Path) -> None:
    soup = page(out, "ur/audience/worship/index.html")
    content = soup.find("div", class_="content")
    assert (content["lang"], content["dir"]) == ("en", "ltr")
    assert soup.h1.get_text(strip=True) == "Places of worship"
    lead = soup.select_one(".section--audience .lead")
    assert (lead["lang"], lead["dir"]) == ("ur", "rtl")
    assert soup.find(class_="notice--fallback") is None
    assert listed(soup) == [
        ("en", "ltr", "Keeping buildings safe", "../../advice/worship/index.html")
    ]


def test_a_tag_page_in_two_languages(out: Path) -> None:
    en = page(out, "en/tags/children/index.html")
    assert en.h1.get_text(strip=True) == "Children"
    assert en.select_one(".section--tag .lead").get_text(strip=True) == (
        "Everything on this site on this topic."
    )
    assert listed(en) == [("en", "ltr", "Talking to children", "../../advice/parents/index.html")]
    ur = page(out, "ur/tags/children/index.html")
    assert ur.h1.get_text(strip=True) == "بچے"
    assert ur.select_one(".section--tag .lead").get_text(strip=True) == (
        "اس سائٹ پر اس موضوع سے متعلق ہر چیز۔"
    )
    assert listed(ur) == [("ur", "rtl", "بچوں سے بات کرنا", "../../advice/parents/index.html")]


def topic_links(soup) -> list[tuple[str, list[tuple[str, str, str]]]]:
    groups: list[tuple[str, list[tuple[str, str, str]]]] = []
    for item in soup.select("dl.topics > *"):
        if item.name == "dt":
            groups.append((item.get_text(strip=True), []))
        else:
            groups[-1][1].append((item.a.get_text(strip=True), item.a["href"], item.a["lang"]))
    return groups


def test_a_carrying_page_links_its_audiences_and_tags(out: Path) -> None:
    en = page(out, "en/advice/parents/index.html")
    assert topic_links(en) == [
        ("Written for", [("Parents and carers", "../../audience/parents/index.html", "en")]),
        ("Topics", [("Children", "../../tags/children/index.html", "en")]),
    ]
    ur = page(out, "ur/advice/parents/index.html")
    assert topic_links(ur) == [
        ("کس کے لیے لکھا گیا", [("والدین اور سرپرست", "../../audience/parents/index.html", "ur")]),
        ("موضوعات", [("بچے", "../../tags/children/index.html", "ur")]),
    ]
    # A fallback page links the same pages, in the reader's language.
    pl = page(out, "pl/advice/worship/index.html")
    assert topic_links(pl) == [
        (
            "Napisane dla",
            [
                ("Places of worship", "../../audience/worship/index.html", "en"),
                ("Parents and carers", "../../audience/parents/index.html", "en"),
            ],
        )
    ]
    assert page(out, "en/about/index.html").find("dl", class_="topics") is None


def test_topic_pages_are_in_the_sitemap_with_their_alternates(out: Path) -> None:
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    urls = {
        url.findtext(f"{SM}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SM}url")
    }
    alternates = {
        "en": BASE + "en/audience/parents/",
        "ur": BASE + "ur/audience/parents/",
        "pl": BASE + "pl/audience/parents/",
        "x-default": BASE + "en/audience/parents/",
    }
    for code in ("en", "ur", "pl"):
        assert urls[BASE + f"{code}/audience/parents/"] == alternates
    assert BASE + "ur/tags/children/" in urls
    head = page(out, "ur/audience/parents/index.html")
    links = {link["hreflang"]: link["href"] for link in head.find_all("link", hreflang=True)}
    assert links == alternates
    assert head.find("link", rel="canonical")["href"] == BASE + "ur/audience/parents/"


def test_an_unknown_audience_is_a_located_error(tmp_path: Path) -> None:
    files = {
        "content/index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/a.md": "---\ntitle: A\naudience:\n  - parnts\ntags: [childen]\n---\nText.\n",
        "content/a.ur.md": "---\ntitle: اے\naudience: [pupils]\n---\nمتن۔\n",
    }
    site = write_site(tmp_path / "s", files, SITE_YAML + VOCABULARY)
    assert messages(build_fails(site)) == [
        "content/a.md:3: error: unknown audience 'parnts' (did you mean 'parents'?): use one "
        "declared under 'audiences:' in site.yaml (parents, worship), or declare it there",
        "content/a.md:5: error: unknown tag 'childen' (did you mean 'children'?): use one "
        "declared under 'tags:' in site.yaml (children), or declare it there",
        "content/a.ur.md:3: error: unknown audience 'pupils': use one declared under "
        "'audiences:' in site.yaml (parents, worship), or declare it there",
    ]


def test_a_missing_or_badly_written_label_is_a_located_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + "audiences:\n  schools:\n  faith:\n    xx: Faith\n"
    site = write_site(
        tmp_path / "s", {"content/index.md": "---\ntitle: Home\n---\nHi.\n"}, site_yaml
    )
    assert messages(build_fails(site)) == [
        "site.yaml:10: error: 'audiences.schools' has no label: write it after ':'",
        "site.yaml:12: error: unknown language code 'xx': use a standard code such as en, ur, "
        "cy or pt-BR",
    ]


def test_an_id_that_cannot_be_an_address_is_a_located_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + "tags:\n  children: Children\n  Hate Crime: Hate crime\n"
    site = write_site(
        tmp_path / "s", {"content/index.md": "---\ntitle: Home\n---\nHi.\n"}, site_yaml
    )
    assert messages(build_fails(site)) == [
        "site.yaml:11: error: tag id 'Hate Crime' must be lower case letters and digits "
        "joined by hyphens, e.g. places-of-worship",
    ]


def test_without_a_declared_list_any_words_get_a_page(tmp_path: Path) -> None:
    files = {
        "content/index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/a.md": "---\ntitle: A\naudience: [Faith leaders]\ntags: [hate crime]\n---\nT.\n",
    }
    built, _ = build(write_site(tmp_path / "s", files))
    soup = page(built, "ur/audience/faith-leaders/index.html")
    assert soup.h1.get_text(strip=True) == "Faith leaders"
    assert soup.find("div", class_="content")["lang"] == "en"
    assert listed(soup) == [("en", "ltr", "A", "../../a/index.html")]
    assert topic_links(page(built, "en/a/index.html")) == [
        ("Written for", [("Faith leaders", "../audience/faith-leaders/index.html", "en")]),
        ("Topics", [("hate crime", "../tags/hate-crime/index.html", "en")]),
    ]


def test_a_content_page_where_a_topic_page_goes_is_a_located_error(tmp_path: Path) -> None:
    files = {
        "content/index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/a.md": "---\ntitle: A\ntags: [children]\n---\nT.\n",
        "content/tags/children.md": "---\ntitle: Kids\n---\nT.\n",
    }
    site = write_site(tmp_path / "s", files, SITE_YAML + VOCABULARY)
    assert messages(build_fails(site)) == [
        "content/tags/children.md:1: error: content/tags/children.md would be the page "
        "'tags/children', which lists the pages for the tag 'children': move it to another folder"
    ]


def test_a_cached_build_after_a_topic_edit_is_the_same_as_a_cold_one(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, SITE_YAML + VOCABULARY)
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    worship = site / "content/advice/worship.md"
    worship.write_text(worship.read_text().replace("  - parents\n", "tags: [children]\n"))
    build_site(site, out, now=NOW)
    assert listed(page(out, "en/tags/children/index.html"))[1][2] == "Keeping buildings safe"
    assert len(listed(page(out, "en/audience/parents/index.html"))) == 1
    (site / "site.yaml").write_text(SITE_YAML + VOCABULARY.replace("    ur: بچے\n", ""))
    build_site(site, out, now=NOW)
    assert page(out, "ur/tags/children/index.html").h1.get_text(strip=True) == "Children"
    cold = tmp_path / "cold"
    build_site(site, cold, now=NOW, use_cache=False)
    assert tree(out) == tree(cold)


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_free_words_with_nothing_to_make_an_address_from_are_a_located_error(
    tmp_path: Path,
) -> None:
    files = {
        "content/index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/a.md": "---\ntitle: A\ntags:\n  - '!!!'\n---\nT.\n",
    }
    assert messages(build_fails(write_site(tmp_path / "s", files))) == [
        "content/a.md:3: error: tag '!!!' has no letters or digits to make the address of its "
        "page from: write it in words, or declare 'tags:' in site.yaml"
    ]
