"""Being found and shared: sitemap, robots.txt, Open Graph meta, share links, JSON-LD."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from sitegen.render.seo import script_safe_json
from tests.sitefixture import SITE_YAML, build, build_fails, messages, page, write_site

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = "https://example.test/group/"

ORGANISATION = """\
organisation:
  name: Northfield <Safety> & Co
  url: https://northfield.example/
  email: hello@northfield.example
  phone: "0800 789 321"
"""

FILES = {
    "content/index.md": "---\ntitle: Home\nsummary: Neighbours helping.\n---\nWelcome.\n",
    "content/statements/calm/index.md": """\
        ---
        title: Stay calm & carry on
        summary: A message after the fire.
        date: 2026-11-01
        updated: 2026-11-03
        ---
        Text.
        """,
    "content/statements/calm/index.ur.md": """\
        ---
        title: پرسکون رہیں
        summary: آگ کے بعد ایک پیغام۔
        date: 2026-11-01
        ---
        متن۔
        """,
    "content/advice/safe.md": "---\ntitle: Staying safe\n---\nLock the door.\n",
    "content/about.md": "---\ntitle: About\n---\nUs.\n",
    "content/contacts/help.yaml": """\
        title: Who to call
        entries:
          - id: emergency
            name: Emergency services
            phone: "999"
          - id: helpline
            name: Helpline
            phone: "0800 789 321"
            when: If you are worried
          - id: web-only
            name: Web only
            url: https://example.org/
        """,
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("seo") / "site", FILES, SITE_YAML + ORGANISATION)
    built, _ = build(site)
    return built


def sitemap_urls(out: Path) -> dict[str, dict[str, str]]:
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    urls = {}
    for url in root.findall(f"{SM}url"):
        loc = url.findtext(f"{SM}loc") or ""
        urls[loc] = {
            link.get("hreflang", ""): link.get("href", "")
            for link in url.findall(f"{XHTML}link")
            if link.get("rel") == "alternate"
        }
    return urls


def test_sitemap_lists_real_translations_with_their_alternates(out: Path) -> None:
    urls = sitemap_urls(out)
    calm = {
        "en": BASE + "en/statements/calm/",
        "ur": BASE + "ur/statements/calm/",
        "x-default": BASE + "en/statements/calm/",
    }
    assert urls[BASE + "en/statements/calm/"] == calm
    assert urls[BASE + "ur/statements/calm/"] == calm
    assert BASE + "pl/statements/calm/" not in urls  # a fallback is not a page of its own
    assert urls[BASE + "en/about/"] == {"en": BASE + "en/about/", "x-default": BASE + "en/about/"}
    assert BASE + "en/contacts/help/" in urls


def test_sitemap_lastmod_comes_from_the_page_dates(out: Path) -> None:
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    lastmod = {
        url.findtext(f"{SM}loc"): url.findtext(f"{SM}lastmod") for url in root.findall(f"{SM}url")
    }
    assert lastmod[BASE + "en/statements/calm/"] == "2026-11-03"
    assert lastmod[BASE + "ur/statements/calm/"] == "2026-11-01"
    assert lastmod[BASE + "en/about/"] is None


def test_robots_points_at_the_sitemap(out: Path) -> None:
    lines = (out / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {BASE}sitemap.xml" in lines


def meta(soup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return None if tag is None else tag["content"]


def test_open_graph_meta_of_a_translated_statement(out: Path) -> None:
    soup = page(out, "ur/statements/calm/index.html")
    assert meta(soup, "og:title") == "پرسکون رہیں"
    assert meta(soup, "og:description") == "آگ کے بعد ایک پیغام۔"
    assert meta(soup, "og:url") == BASE + "ur/statements/calm/"
    assert meta(soup, "og:locale") == "ur"
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:site_name") == "ٹیسٹ گروپ"
    assert meta(soup, "twitter:card") == "summary"
    assert meta(soup, "twitter:title") == "پرسکون رہیں"
    alternates = [t["content"] for t in soup.find_all("meta", property="og:locale:alternate")]
    assert alternates == ["en"]


def test_open_graph_description_falls_back_to_the_site_description(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + "description:\n  en: Help for neighbours.\n"
    site = write_site(
        tmp_path / "s", {"content/index.md": "---\ntitle: Home\n---\nHi.\n"}, site_yaml
    )
    built, _ = build(site)
    soup = page(built, "en/index.html")
    assert meta(soup, "og:description") == "Help for neighbours."
    assert meta(soup, "og:type") == "website"


def share_links(soup) -> dict[str, str]:
    nav = soup.find("nav", class_="share")
    assert nav is not None
    assert nav.has_attr("data-pagefind-ignore")
    return {a.get_text(strip=True): a for a in nav.find_all("a")}


def test_share_links_on_a_statement(out: Path) -> None:
    links = share_links(page(out, "en/statements/calm/index.html"))
    whatsapp = links["Share on WhatsApp"]
    parts = urlsplit(whatsapp["href"])
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/")
    assert parse_qs(parts.query) == {"text": [f"Stay calm & carry on {BASE}en/statements/calm/"]}
    assert set(whatsapp["rel"]) == {"noopener", "noreferrer"}
    mail = links["Share by e-mail"]
    parts = urlsplit(mail["href"])
    assert parts.scheme == "mailto"
    assert parse_qs(parts.query) == {
        "subject": ["Stay calm & carry on"],
        "body": [f"Stay calm & carry on {BASE}en/statements/calm/"],
    }


def test_share_links_on_advice_but_not_on_plain_pages(out: Path) -> None:
    links = share_links(page(out, "pl/advice/safe/index.html"))
    whatsapp = next(a for a in links.values() if a["href"].startswith("https://wa.me/"))
    assert parse_qs(urlsplit(whatsapp["href"]).query) == {
        "text": [f"Staying safe {BASE}pl/advice/safe/"]
    }
    assert page(out, "en/about/index.html").find("nav", class_="share") is None


def json_ld(out: Path, rel: str) -> dict:
    script = page(out, rel).find("script", type="application/ld+json")
    assert script is not None
    return json.loads(script.string)


def test_json_ld_names_the_organisation_and_its_contact_points(out: Path) -> None:
    data = json_ld(out, "ur/index.html")
    assert data["@type"] == "Organization"
    assert data["name"] == "Northfield <Safety> & Co"
    assert data["url"] == "https://northfield.example/"
    assert data["email"] == "hello@northfield.example"
    assert data["telephone"] == "+44800789321"
    assert data["contactPoint"] == [
        {"@type": "ContactPoint", "name": "Emergency services", "telephone": "999"},
        {
            "@type": "ContactPoint",
            "name": "Helpline",
            "telephone": "+44800789321",
            "contactType": "If you are worried",
        },
    ]


def test_json_ld_cannot_break_out_of_its_script(out: Path) -> None:
    raw = (out / "en/index.html").read_text(encoding="utf-8")
    start = raw.index('<script type="application/ld+json">')
    body = raw[start : raw.index("</script>", start)]
    assert "<Safety>" not in body and "& Co" not in body
    assert "\\u003cSafety\\u003e \\u0026 Co" in body
    assert script_safe_json({"a": "</script><b>"}) == '{"a":"\\u003c/script\\u003e\\u003cb\\u003e"}'


def test_json_ld_only_on_home_pages(out: Path) -> None:
    assert page(out, "en/about/index.html").find("script", type="application/ld+json") is None


def test_no_organisation_means_no_json_ld(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/index.md": "---\ntitle: Home\n---\nHi.\n"})
    built, _ = build(site)
    assert page(built, "en/index.html").find("script", type="application/ld+json") is None


def test_a_bad_organisation_phone_is_a_located_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + "organisation:\n  name: Us\n  phone: call us\n"
    site = write_site(
        tmp_path / "s", {"content/index.md": "---\ntitle: Home\n---\nHi.\n"}, site_yaml
    )
    found = messages(build_fails(site))
    assert found == [
        "site.yaml:11: error: phone number 'call us' has no digits; write it like '0121 234 5678'"
    ]
