"""Checked rumours as readers get them: the verdict in words, the date checked, who confirmed
it, the answer to pass on, the share card, ClaimReview JSON-LD, lists, feeds, sitemap and search
(issue 23, points 2 to 5)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from sitegen.build import build_site
from sitegen.render.search import pagefind_executable
from tests.rumourfixture import FILES, SITE
from tests.sitefixture import NOW, build, page, write_site

VAN = "rumours/van/index.html"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("rumours") / "site", FILES, SITE)
    built, result = build(site)
    assert result.warnings == ()
    return built


def _van(out: Path, lang: str) -> BeautifulSoup:
    return page(out, f"{lang}/{VAN}")


@pytest.mark.parametrize(
    ("lang", "label", "verdict_line"),
    [
        ("en", "False", "Verdict: ✗ False"),
        ("ur", "غلط", "نتیجہ: ✗ غلط"),
        ("ar", "خاطئ", "الحكم: ✗ خاطئ"),
    ],
)
def test_the_verdict_is_a_label_in_the_readers_words_with_an_icon(
    out: Path, lang: str, label: str, verdict_line: str
) -> None:
    soup = _van(out, lang)
    badge = soup.select_one(".rumour__verdict .verdict")
    assert badge is not None and "verdict--false" in badge["class"]
    assert badge.select_one(".verdict__words").get_text() == label
    icon = badge.select_one(".verdict__icon")
    assert icon.get_text() == "✗" and icon["aria-hidden"] == "true"
    assert soup.select_one(".rumour__verdict").get_text() == verdict_line


@pytest.mark.parametrize(
    ("lang", "checked"),
    [
        ("en", "Checked 20 November 2026, 18:30"),
        ("ur", "جانچ کی گئی: 20 نومبر، 2026 6:30 PM"),
        ("ar", "تم التحقق في 20 نوفمبر 2026، 6:30 م"),
    ],
)
def test_the_date_checked_is_written_in_the_readers_language(
    out: Path, lang: str, checked: str
) -> None:
    meta = _van(out, lang).select_one(".rumour .meta")
    assert meta.get_text() == checked
    assert meta.time["datetime"] == "2026-11-20T18:30:00"


def test_the_page_shows_the_claim_the_text_and_who_confirmed_it(out: Path) -> None:
    soup = _van(out, "ur")
    assert soup.html["dir"] == "rtl"
    assert soup.h1.get_text() == "ایک سفید وین لیبروک اسکول سے بچوں کا پیچھا کر رہی ہے"
    assert soup.select_one(".rumour__kicker").get_text() == "لوگ کیا شیئر کر رہے ہیں"
    sources = [(a.get_text(), a["href"]) for a in soup.select(".rumour__sources li a")]
    assert sources == [
        ("ویسٹ مڈلینڈز پولیس", "../../statements/mosque/index.html"),
        ("لیبروک پرائمری اسکول", "https://leabrook-primary.example/news"),
    ]
    assert "پولیس نے ہر اطلاع" in soup.select_one(".prose").get_text()


def test_a_source_without_a_link_is_named_without_one(out: Path) -> None:
    items = page(out, "en/rumours/curfew/index.html").select(".rumour__sources li")
    assert [(li.get_text(), li.a) for li in items] == [("Leabrook Residents' Association", None)]


SHARE_TEXTS = {
    "en": "Rumour: A white van is following children home from Leabrook school\n"
    "Verdict: False\n"
    "The police looked into every report and found no van following anyone.\n"
    "https://example.test/en/rumours/van/",
    "ur": "افواہ: ایک سفید وین لیبروک اسکول سے بچوں کا پیچھا کر رہی ہے\n"
    "نتیجہ: غلط\n"
    "پولیس نے ہر اطلاع کی جانچ کی اور کوئی وین کسی کا پیچھا کرتی نہیں ملی۔\n"
    "https://example.test/ur/rumours/van/",
    "ar": "إشاعة: شاحنة بيضاء تلاحق الأطفال من مدرسة ليبروك\n"
    "الحكم: خاطئ\n"
    "تحققت الشرطة من كل بلاغ ولم تجد أي شاحنة تلاحق أحدًا.\n"
    "https://example.test/ar/rumours/van/",
}


@pytest.mark.parametrize("lang", ["en", "ur", "ar"])
def test_the_share_text_is_shown_and_used_by_the_share_links(out: Path, lang: str) -> None:
    soup = _van(out, lang)
    shown = soup.select_one("#sg-share-text")
    assert shown.get_text() == SHARE_TEXTS[lang]
    assert shown["lang"] == lang
    whatsapp = soup.select_one('.share a[href^="https://wa.me/"]')["href"]
    assert parse_qs(urlsplit(whatsapp).query)["text"] == [SHARE_TEXTS[lang]]
    mail = urlsplit(soup.select_one('.share a[href^="mailto:"]')["href"])
    assert parse_qs(mail.query)["body"] == [SHARE_TEXTS[lang]]


def test_the_share_text_keeps_an_apostrophe_as_written(out: Path) -> None:
    soup = page(out, "en/rumours/curfew/index.html")
    text = soup.select_one("#sg-share-text").get_text()
    assert text.splitlines()[2] == "We have asked the council and will update this page."
    whatsapp = soup.select_one('.share a[href^="https://wa.me/"]')["href"]
    assert "&#39;" not in unquote(whatsapp) and "&amp;" not in unquote(whatsapp)


def test_the_copy_button_is_hidden_until_its_script_runs(out: Path) -> None:
    soup = _van(out, "ur")
    button = soup.select_one("button[data-copy-answer]")
    assert button.has_attr("hidden") and button["data-copy-answer"] == "sg-share-text"
    assert button.get_text() == "یہ جواب کاپی کریں"
    assert button["type"] == "button"
    scripts = [s["src"] for s in soup.select("script[src]")]
    assert "../../../assets/copy-answer.js" in scripts
    assert (out / "assets" / "copy-answer.js").is_file()
    inline = [s for s in soup.select("script:not([src])") if s["type"] != "application/ld+json"]
    assert inline == []


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "False: A white van is following children home from Leabrook school"),
        ("ur", "غلط: ایک سفید وین لیبروک اسکول سے بچوں کا پیچھا کر رہی ہے"),
    ],
)
def test_the_share_card_carries_the_verdict(out: Path, lang: str, title: str) -> None:
    soup = _van(out, lang)
    assert soup.find("meta", property="og:title")["content"] == title
    assert soup.find("meta", attrs={"name": "twitter:title"})["content"] == title
    description = soup.find("meta", property="og:description")["content"]
    assert description == SHARE_TEXTS[lang].splitlines()[2]
    assert soup.find("meta", property="og:type")["content"] == "article"


def _claim_review(soup: BeautifulSoup) -> dict:
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_the_claim_review_is_checked_field_by_field(out: Path) -> None:
    data = _claim_review(_van(out, "ur"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["url"] == "https://example.test/ur/rumours/van/"
    assert data["inLanguage"] == "ur"
    assert data["claimReviewed"] == "ایک سفید وین لیبروک اسکول سے بچوں کا پیچھا کر رہی ہے"
    assert data["datePublished"] == "2026-11-20T18:30:00+00:00"
    assert data["author"] == {
        "@type": "Organization",
        "name": "Leabrook Residents' Association",
        "url": "https://leabrook.example/",
    }
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "غلط",
    }
    assert data["itemReviewed"] == {"@type": "Claim", "name": data["claimReviewed"]}


def test_an_unconfirmed_rumour_checked_on_a_day_is_rated_in_the_middle(out: Path) -> None:
    data = _claim_review(page(out, "en/rumours/curfew/index.html"))
    assert data["datePublished"] == "2026-11-21"
    assert data["reviewRating"]["ratingValue"] == 3
    assert data["reviewRating"]["alternateName"] == "Unconfirmed"
    assert data["inLanguage"] == "en"


def test_the_section_lists_rumours_newest_first_with_their_verdicts(out: Path) -> None:
    soup = page(out, "ur/rumours/index.html")
    assert soup.h1.get_text() == "افواہیں اور حقائق"
    items = [
        (li.select_one(".child__title").get_text(), li.select_one(".verdict__words").get_text())
        for li in soup.select("li.child")
    ]
    assert items == [
        ("There is a curfew on Leabrook Road from 8pm", "غیر تصدیق شدہ"),
        ("ایک سفید وین لیبروک اسکول سے بچوں کا پیچھا کر رہی ہے", "غلط"),
    ]


def test_the_home_page_shows_the_latest_rumours_under_its_heading(out: Path) -> None:
    soup = page(out, "ar/index.html")
    section = soup.select_one(".latest-rumours")
    assert section.h2.get_text() == "إشاعات تحققنا منها"
    items = [
        (a.get_text(), a["href"], li.select_one(".verdict__words").get_text())
        for li in section.select("li")
        for a in li.select("a")
    ]
    assert items == [
        ("There is a curfew on Leabrook Road from 8pm", "rumours/curfew/index.html", "غير مؤكَّد"),
        ("شاحنة بيضاء تلاحق الأطفال من مدرسة ليبروك", "rumours/van/index.html", "خاطئ"),
    ]
    assert section.find_previous("h1") is not None


def test_rumours_are_in_the_feeds_and_the_sitemap(out: Path) -> None:
    feed = BeautifulSoup((out / "ur" / "feed.xml").read_text(encoding="utf-8"), "xml")
    titles = [entry.title.get_text() for entry in feed.find_all("entry")]
    assert "ایک سفید وین لیبروک اسکول سے بچوں کا پیچھا کر رہی ہے" in titles
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    for lang in ("en", "ur", "ar"):
        assert f"<loc>https://example.test/{lang}/rumours/van/</loc>" in sitemap
    assert "<lastmod>2026-11-20T18:30:00+00:00</lastmod>" in sitemap


@pytest.mark.skipif(pagefind_executable() is None, reason="Pagefind is not installed")
def test_rumours_are_in_the_search_index(out: Path) -> None:
    urls = set()
    for path in sorted((out / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        urls.add(json.loads(data[len(b"pagefind_dcd") :])["url"])
    assert {"/en/rumours/van/index.html", "/ur/rumours/van/index.html"} <= urls


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_changed_verdict_reaches_every_language_through_the_cache(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, SITE)
    warm = tmp_path / "warm"
    build_site(site, warm, now=NOW)
    english = site / "content" / "rumours" / "van.md"
    english.write_text(
        english.read_text(encoding="utf-8").replace("verdict: false", "verdict: misleading"),
        encoding="utf-8",
    )
    arabic = site / "content" / "rumours" / "van.ar.md"
    arabic.write_text(
        arabic.read_text(encoding="utf-8").replace("verdict: false\n", ""), encoding="utf-8"
    )
    build_site(site, warm, now=NOW)
    cold = tmp_path / "cold"
    build_site(site, cold, now=NOW, use_cache=False)
    assert _tree(warm) == _tree(cold)
    for lang, words in (("en", "Misleading"), ("ur", "گمراہ کن"), ("ar", "مضلِّل")):
        soup = page(warm, f"{lang}/{VAN}")
        assert soup.select_one(".rumour__verdict .verdict__words").get_text() == words
        assert _claim_review(soup)["reviewRating"]["ratingValue"] == 2
    home = page(warm, "ur/index.html").select(".latest-rumours .verdict__words")
    assert [item.get_text() for item in home] == ["غیر تصدیق شدہ", "گمراہ کن"]


def test_rumours_in_a_folder_of_their_own_are_rumours_and_the_folder_lists_them(
    tmp_path: Path,
) -> None:
    files = dict(FILES)
    files["content/rumours/2025/leaflet.md"] = (
        "---\nclaim: The leaflet about the march is from the council\nverdict: false\n"
        "checked: 2025-06-01\nsources:\n  - organisation: The council\n---\nIt is not.\n"
    )
    files["content/rumours/2025/index.md"] = "---\ntitle: Rumours of 2025\n---\nLast year.\n"
    out, _ = build(write_site(tmp_path / "site", files, SITE), now=NOW)
    rumour = page(out, "en/rumours/2025/leaflet/index.html")
    assert rumour.select_one(".rumour__verdict .verdict__words").get_text() == "False"
    listing = page(out, "en/rumours/2025/index.html")
    assert [a.get_text() for a in listing.select(".child__title a")] == [
        "The leaflet about the march is from the council"
    ]
