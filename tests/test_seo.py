"""Being found and shared: sitemap, robots.txt, Open Graph meta, share links, JSON-LD."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from sitegen.render.jsonld import script_safe_json
from tests.sitefixture import SITE_YAML, build, build_fails, messages, page, write_site

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = "https://example.test/group/"

ORGANISATION = """\
organisation:
  name:
    en: Northfield <Safety> & Co
    ur: نارتھ فیلڈ سیفٹی
  description:
    en: Neighbours keeping each other safe.
    ur: پڑوسی ایک دوسرے کو محفوظ رکھتے ہیں۔
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
    "content/statements/calm/letters/01-chief.md": """\
        ---
        from: Sarah Whitcombe
        role: Chief Constable
        organisation: Wealdshire Police
        to: The people of Northfield
        date: 2026-11-02
        ---
        Dear residents.
        """,
    "content/statements/calm/letters/01-chief.ur.md": """\
        ---
        from: سارہ وٹکومب
        role: چیف کانسٹیبل
        organisation: ویلڈشائر پولیس
        to: نارتھ فیلڈ کے لوگ
        date: 2026-11-02
        ---
        محترم رہائشیو۔
        """,
    "content/statements/calm/letters/02-council.md": """\
        ---
        organisation: Northfield Borough Council
        ---
        From the council.
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


def test_json_ld_of_the_home_page_is_the_organisation_in_english(out: Path) -> None:
    assert json_ld(out, "en/index.html") == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Northfield <Safety> & Co",
        "url": "https://northfield.example/",
        "description": "Neighbours keeping each other safe.",
        "email": "hello@northfield.example",
        "telephone": "+44800789321",
    }


def test_json_ld_of_the_urdu_home_page_uses_the_urdu_words(out: Path) -> None:
    data = json_ld(out, "ur/index.html")
    assert data["@type"] == "Organization"
    assert data["name"] == "نارتھ فیلڈ سیفٹی"
    assert data["description"] == "پڑوسی ایک دوسرے کو محفوظ رکھتے ہیں۔"
    assert data["url"] == "https://northfield.example/"
    assert data["email"] == "hello@northfield.example"
    assert data["telephone"] == "+44800789321"
    # The services in the directories are not the organisation: nothing of them is here.
    assert "contactPoint" not in data
    raw = (out / "ur/index.html").read_text(encoding="utf-8")
    assert "Helpline" not in raw and "Emergency services" not in raw


def test_json_ld_name_falls_back_to_the_default_language(out: Path) -> None:
    data = json_ld(out, "pl/index.html")
    assert data["name"] == "Northfield <Safety> & Co"
    assert data["description"] == "Neighbours keeping each other safe."


def test_a_statement_is_a_news_article_in_english(out: Path) -> None:
    data = json_ld(out, "en/statements/calm/index.html")
    publisher = {
        "@type": "Organization",
        "name": "Northfield <Safety> & Co",
        "url": "https://northfield.example/",
        "description": "Neighbours keeping each other safe.",
        "email": "hello@northfield.example",
        "telephone": "+44800789321",
    }
    url = BASE + "en/statements/calm/"
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Stay calm & carry on",
        "inLanguage": "en",
        "url": url,
        "description": "A message after the fire.",
        "datePublished": "2026-11-01",
        "dateModified": "2026-11-03",
        "author": publisher,
        "publisher": publisher,
        "hasPart": [
            {
                "@type": "Message",
                "url": url + "#01-chief",
                "inLanguage": "en",
                "sender": {
                    "@type": "Person",
                    "name": "Sarah Whitcombe",
                    "jobTitle": "Chief Constable",
                    "worksFor": {"@type": "Organization", "name": "Wealdshire Police"},
                },
                "recipient": {"@type": "Audience", "audienceType": "The people of Northfield"},
                "dateSent": "2026-11-02",
            },
            {
                "@type": "Message",
                "url": url + "#02-council",
                "inLanguage": "en",
                "sender": {"@type": "Organization", "name": "Northfield Borough Council"},
            },
        ],
    }


def test_a_statement_is_a_news_article_in_urdu(out: Path) -> None:
    data = json_ld(out, "ur/statements/calm/index.html")
    url = BASE + "ur/statements/calm/"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "پرسکون رہیں"
    assert data["description"] == "آگ کے بعد ایک پیغام۔"
    assert data["inLanguage"] == "ur"
    assert data["url"] == url
    assert data["datePublished"] == "2026-11-01"
    assert "dateModified" not in data  # the Urdu text was not updated
    assert data["author"]["name"] == "نارتھ فیلڈ سیفٹی"
    assert data["author"]["description"] == "پڑوسی ایک دوسرے کو محفوظ رکھتے ہیں۔"
    assert data["publisher"] == data["author"]
    chief, council = data["hasPart"]
    assert chief == {
        "@type": "Message",
        "url": url + "#01-chief",
        "inLanguage": "ur",
        "sender": {
            "@type": "Person",
            "name": "سارہ وٹکومب",
            "jobTitle": "چیف کانسٹیبل",
            "worksFor": {"@type": "Organization", "name": "ویلڈشائر پولیس"},
        },
        "recipient": {"@type": "Audience", "audienceType": "نارتھ فیلڈ کے لوگ"},
        "dateSent": "2026-11-02",
    }
    assert council["inLanguage"] == "en"  # not translated: the original, said to be English
    assert council["sender"] == {"@type": "Organization", "name": "Northfield Borough Council"}


def test_an_untranslated_statement_is_described_as_the_original(out: Path) -> None:
    data = json_ld(out, "pl/statements/calm/index.html")
    assert data["headline"] == "Stay calm & carry on"
    assert data["inLanguage"] == "en"
    assert data["url"] == BASE + "en/statements/calm/"
    assert data["author"]["name"] == "Northfield <Safety> & Co"


def test_json_ld_cannot_break_out_of_its_script(out: Path) -> None:
    raw = (out / "en/index.html").read_text(encoding="utf-8")
    start = raw.index('<script type="application/ld+json">')
    body = raw[start : raw.index("</script>", start)]
    assert "<Safety>" not in body and "& Co" not in body
    assert "\\u003cSafety\\u003e \\u0026 Co" in body
    assert script_safe_json({"a": "</script><b>"}) == '{"a":"\\u003c/script\\u003e\\u003cb\\u003e"}'


def test_json_ld_only_on_home_pages_and_statements(out: Path) -> None:
    assert page(out, "en/about/index.html").find("script", type="application/ld+json") is None
    assert page(out, "en/advice/safe/index.html").find("script", type="application/ld+json") is None


def test_without_organisation_the_site_itself_is_the_publisher(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + "description:\n  en: Help for neighbours.\n  ur: پڑوسیوں کی مدد۔\n"
    files = {
        "content/index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/statements/s/index.md": "---\ntitle: News\ndate: 2026-11-01\n---\nText.\n",
    }
    built, _ = build(write_site(tmp_path / "s", files, site_yaml))
    assert json_ld(built, "ur/index.html") == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "ٹیسٹ گروپ",
        "url": BASE + "ur/",
        "description": "پڑوسیوں کی مدد۔",
    }
    article = json_ld(built, "en/statements/s/index.html")
    assert article["author"] == {
        "@type": "Organization",
        "name": "Test Group",
        "url": BASE + "en/",
        "description": "Help for neighbours.",
    }
    assert "dateModified" not in article


def test_a_bad_organisation_url_is_a_located_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + "organisation:\n  name: Us\n  url: northfield.example\n"
    site = write_site(
        tmp_path / "s", {"content/index.md": "---\ntitle: Home\n---\nHi.\n"}, site_yaml
    )
    assert messages(build_fails(site)) == [
        "site.yaml:11: error: 'northfield.example' is not a web address: "
        "write it like https://example.org/"
    ]


def test_a_misspelt_organisation_key_is_a_located_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + "organisation:\n  name: Us\n  phon: '0800 789 321'\n"
    site = write_site(
        tmp_path / "s", {"content/index.md": "---\ntitle: Home\n---\nHi.\n"}, site_yaml
    )
    assert messages(build_fails(site)) == [
        "site.yaml:11: error: unknown key 'organisation.phon' (did you mean 'organisation.phone'?)"
    ]


def test_a_bad_organisation_phone_is_a_located_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + "organisation:\n  name: Us\n  phone: call us\n"
    site = write_site(
        tmp_path / "s", {"content/index.md": "---\ntitle: Home\n---\nHi.\n"}, site_yaml
    )
    found = messages(build_fails(site))
    assert found == [
        "site.yaml:11: error: phone number 'call us' has no digits; write it like '0121 234 5678'"
    ]
