"""A fixture site built once per module; many small assertions on the parsed HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from tests.sitefixture import build, page, write_site

FILES: dict[str, str | bytes] = {
    "content/index.md": """
        ---
        title: Welcome
        ---
        Hello neighbours. Read [staying safe](advice/staying-safe.md#reporting).
        Call 0800 789 321 or see www.example.org.
        """,
    "content/index.ur.md": """
        ---
        title: خوش آمدید
        ---
        السلام علیکم۔ فون کریں 0800 789 321 یا www.example.org دیکھیں۔
        """,
    "content/about.md": """
        ---
        title: About us
        weight: 2
        contacts: [reporting]
        ---
        We are volunteers.
        """,
    "content/advice/index.md": """
        ---
        title: Advice
        weight: 1
        ---
        Advice for everyone.
        """,
    "content/advice/staying-safe.md": """
        ---
        title: Staying safe
        summary: What to do.
        date: 2026-03-01
        ---
        ## What to do

        Paragraph.

        ## Reporting {#reporting}

        | Who | When |
        |-----|------|
        | 999 | Danger |

        A note.[^1]

        [^1]: The footnote.

        See the [reporting directory](../contacts/reporting.yaml) and [home](/index.md).
        Visit https://www.gov.uk/report-hate-crime for more.
        Things to bring:
        - your phone
        - a friend
        """,
    "content/advice/staying-safe.ur.md": """
        ---
        title: محفوظ رہیں
        ---
        ## کیا کریں

        متن۔

        ## رپورٹ کرنا {#reporting}

        خطرے میں 999 پر کال کریں۔

        [ڈائریکٹری](../contacts/reporting.yaml)
        مزید کے لیے https://www.gov.uk/report-hate-crime دیکھیں۔
        """,
    "content/advice/schools/teachers.md": """
        ---
        title: For teachers
        ---
        Text for teachers.
        """,
    "content/statements/index.md": """
        ---
        title: Statements
        ---
        Our statements.
        """,
    "content/statements/older/index.md": """
        ---
        title: Older statement
        date: 2025-01-10
        ---
        Old.
        """,
    "content/statements/newer/index.md": """
        ---
        title: Newer statement
        date: 2026-10-02
        author: The committee
        ---
        New. Read [the chief's letter](letters/01-chief.md).
        """,
    "content/statements/newer/letters/01-chief.md": """
        ---
        from: Jane Roe
        role: Chief Constable
        organisation: Northfield Police
        to: Residents
        date: 2026-10-01
        ---
        Dear residents, we are with you.
        """,
    "content/statements/newer/letters/02-council.md": """
        ---
        from: John Doe
        role: Leader
        organisation: Northfield Council
        date: 2026-10-02
        ---
        The council stands with you.
        """,
    "content/statements/newer/letters/01-chief.ur.md": """
        ---
        from: جین رو
        role: چیف کانسٹیبل
        organisation: نارتھ فیلڈ پولیس
        date: 2026-10-01
        ---
        محترم رہائشیو، ہم آپ کے ساتھ ہیں۔
        """,
    "content/alerts/now.md": """
        ---
        title: Extra patrols this week
        starts: 2026-11-01
        ends: 2026-12-01
        level: warning
        ---
        Officers will be visible near places of worship.
        """,
    "content/alerts/old.md": """
        ---
        title: An expired alert
        starts: 2025-01-01
        ends: 2025-02-01
        ---
        Over.
        """,
    "content/contacts/reporting.yaml": """
        title: Reporting
        intro: Who to call.
        entries:
          - id: emergency
            name: Emergency
            phone: 999
            when: When someone is in danger now
          - id: hotline
            name: Anti-Terrorist Hotline
            phone: "0800 789 321"
            url: https://www.gov.uk/ACT
          - id: office
            name: Office
            phone: 02071234567
            email: help@example.org
            hours: Mon-Fri 9:00-17:00
        """,
    "content/contacts/reporting.ur.yaml": """
        title: رپورٹ کرنا
        entries:
          emergency:
            name: ایمرجنسی
            when: جب کوئی ابھی خطرے میں ہو
        """,
    "content/files/leaflet.pdf": b"%PDF-1.4 fake",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("site") / "site", FILES)
    out_dir, _ = build(site)
    return out_dir


def html_tag(soup: BeautifulSoup) -> Tag:
    tag = soup.find("html")
    assert isinstance(tag, Tag)
    return tag


# -- output layout ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel",
    [
        "index.html",
        "404.html",
        "en/index.html",
        "ur/index.html",
        "pl/index.html",
        "en/about/index.html",
        "en/advice/index.html",
        "en/advice/staying-safe/index.html",
        "ur/advice/staying-safe/index.html",
        "pl/advice/staying-safe/index.html",
        "en/advice/schools/index.html",
        "en/advice/schools/teachers/index.html",
        "en/statements/newer/index.html",
        "en/contacts/reporting/index.html",
        "ur/contacts/reporting/index.html",
        "en/contacts/index.html",
        "files/leaflet.pdf",
        "assets/sitegen.css",
    ],
)
def test_output_paths(out: Path, rel: str) -> None:
    assert (out / rel).is_file()


def test_letters_are_not_pages(out: Path) -> None:
    assert not (out / "en/statements/newer/letters").exists()


# -- languages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "lang", "direction"),
    [
        ("en/index.html", "en", "ltr"),
        ("ur/index.html", "ur", "rtl"),
        ("ur/about/index.html", "ur", "rtl"),
        ("pl/advice/staying-safe/index.html", "pl", "ltr"),
    ],
)
def test_html_lang_and_dir(out: Path, rel: str, lang: str, direction: str) -> None:
    tag = html_tag(page(out, rel))
    assert tag["lang"] == lang
    assert tag["dir"] == direction


def test_chooser_names_each_language_in_its_own_script(out: Path) -> None:
    soup = page(out, "index.html")
    links = {a["href"]: a for a in soup.select("a[href]") if a.get("lang")}
    urdu = next(a for a in links.values() if a["lang"] == "ur")
    assert urdu.get_text(" ", strip=True).startswith("اردو ")
    assert urdu["dir"] == "rtl"
    polish = next(a for a in links.values() if a["lang"] == "pl")
    assert polish.get_text(" ", strip=True).startswith("Polski ")
    assert "ur/index.html" in urdu["href"]


def test_fallback_page_wraps_default_content_with_its_language(out: Path) -> None:
    soup = page(out, "ur/about/index.html")
    content = soup.find(string=re.compile("We are volunteers"))
    assert content is not None
    wrapper = content.find_parent(attrs={"lang": True})
    assert wrapper is not None and wrapper["lang"] == "en" and wrapper["dir"] == "ltr"
    notice = soup.select_one(".notice--fallback")
    assert notice is not None
    # the notice is in Urdu (the reader's language); only the language's own name is English
    for named in notice.select("[lang]"):
        named.extract()
    assert not re.search(r"[A-Za-z]{3,}", notice.get_text())
    assert "ترجمہ" in notice.get_text()


def test_fallback_canonical_points_at_original_and_no_hreflang_for_fallbacks(out: Path) -> None:
    soup = page(out, "ur/about/index.html")
    canonical = soup.select_one("link[rel=canonical]")
    assert canonical is not None
    assert canonical["href"] == "https://example.test/group/en/about/"
    hreflangs = {link["hreflang"]: link["href"] for link in soup.select("link[hreflang]")}
    assert hreflangs == {
        "en": "https://example.test/group/en/about/",
        "x-default": "https://example.test/group/en/about/",
    }


def test_translated_page_has_hreflang_for_each_real_translation(out: Path) -> None:
    soup = page(out, "ur/advice/staying-safe/index.html")
    hreflangs = {link["hreflang"] for link in soup.select("link[hreflang]")}
    assert hreflangs == {"en", "ur", "x-default"}
    canonical = soup.select_one("link[rel=canonical]")
    assert canonical is not None
    assert canonical["href"] == "https://example.test/group/ur/advice/staying-safe/"


def test_switcher_links_same_page_in_each_language_and_marks_fallbacks(out: Path) -> None:
    soup = page(out, "en/advice/staying-safe/index.html")
    switcher = soup.select_one("nav.switcher")
    assert switcher is not None
    links = switcher.select("a")
    hrefs = [a["href"] for a in links]
    assert hrefs == [
        "index.html",
        "../../../ur/advice/staying-safe/index.html",
        "../../../pl/advice/staying-safe/index.html",
    ]
    polish = links[2]
    assert polish.select_one(".switcher__mark") is not None
    assert links[1].select_one(".switcher__mark") is None
    assert "اردو" in links[1].get_text()


# -- links ---------------------------------------------------------------------------------


def test_internal_links_go_to_the_readers_language(out: Path) -> None:
    soup = page(out, "ur/index.html")
    # the Urdu home has its own body; the English home links advice with an anchor
    en = page(out, "en/index.html")
    link = en.find("a", string="staying safe")
    assert link is not None
    assert link["href"] == "advice/staying-safe/index.html#reporting"
    # a fallback page links to pages in the reader's language
    fallback = page(out, "pl/advice/staying-safe/index.html")
    directory_link = fallback.find("a", string="reporting directory")
    assert directory_link is not None
    assert directory_link["href"] == "../../contacts/reporting/index.html"
    home_link = fallback.find("a", string="home")
    assert home_link is not None
    assert home_link["href"] == "../../index.html"
    assert soup.find("html") is not None


def test_link_to_a_letter_leads_to_its_anchor(out: Path) -> None:
    soup = page(out, "ur/statements/newer/index.html")
    link = soup.find("a", string="the chief's letter")
    assert link is not None
    assert link["href"] == "index.html#01-chief"


def test_links_to_assets_are_relative(out: Path) -> None:
    soup = page(out, "en/advice/staying-safe/index.html")
    css = soup.select_one("link[rel=stylesheet]")
    assert css is not None and css["href"] == "../../../assets/sitegen.css"


# -- statements, letters, sections --------------------------------------------------------


def test_letters_in_filename_order_with_anchors_and_senders(out: Path) -> None:
    soup = page(out, "en/statements/newer/index.html")
    articles = soup.select("article[id]")
    assert [a["id"] for a in articles] == ["01-chief", "02-council"]
    first = articles[0].get_text(" ", strip=True)
    for word in ("Jane Roe", "Chief Constable", "Northfield Police", "1 October 2026"):
        assert word in first
    permalink = articles[0].select_one('a[href="#01-chief"]')
    assert permalink is not None


def test_translated_letter_and_fallback_letter(out: Path) -> None:
    soup = page(out, "ur/statements/newer/index.html")
    chief, council = soup.select("article[id]")
    assert "جین رو" in chief.get_text()
    assert council.get("lang") == "en" or council.find(attrs={"lang": "en"}) is not None


def test_statements_listed_newest_first(out: Path) -> None:
    soup = page(out, "en/statements/index.html")
    titles = [a.get_text(strip=True) for a in soup.select("main a") if "statement" in a.get_text()]
    assert titles.index("Newer statement") < titles.index("Older statement")


def test_folder_without_index_gets_a_listing(out: Path) -> None:
    soup = page(out, "en/advice/schools/index.html")
    link = soup.find("a", string=re.compile("For teachers"))
    assert link is not None
    assert link["href"] == "teachers/index.html"


def test_type_defaults_from_top_folder(out: Path) -> None:
    statement = page(out, "en/statements/newer/index.html")
    assert statement.select("article[id]")  # the statement template renders letters


# -- dates ----------------------------------------------------------------------------------


def test_dates_formatted_per_language(out: Path) -> None:
    en = page(out, "en/statements/newer/index.html")
    time = en.select_one('time[datetime="2026-10-02"]')
    assert time is not None and time.get_text(strip=True) == "2 October 2026"
    pl = page(out, "pl/statements/newer/index.html")
    time_pl = pl.select_one('time[datetime="2026-10-02"]')
    assert time_pl is not None and time_pl.get_text(strip=True) == "2 października 2026"


# -- alerts --------------------------------------------------------------------------------


def test_live_alert_is_a_banner_on_every_page(out: Path) -> None:
    for rel in ("en/index.html", "en/about/index.html", "ur/advice/staying-safe/index.html"):
        text = page(out, rel).get_text()
        assert "Extra patrols this week" in text
        assert "An expired alert" not in text


def test_now_decides_which_alerts_are_live(tmp_path: Path) -> None:
    import datetime as dt

    site = write_site(tmp_path / "site", FILES)
    out_dir, _ = build(site, now=dt.datetime(2025, 1, 15, tzinfo=dt.UTC))
    text = page(out_dir, "en/index.html").get_text()
    assert "An expired alert" in text
    assert "Extra patrols this week" not in text


# -- contacts and phone numbers -----------------------------------------------------------


def test_directory_page_shows_numbers_national_and_tel_e164(out: Path) -> None:
    soup = page(out, "en/contacts/reporting/index.html")
    tels = {a["href"]: a.get_text(strip=True) for a in soup.select('a[href^="tel:"]')}
    assert tels["tel:999"] == "999"
    assert tels["tel:+44800789321"] == "0800 789 321"
    assert tels["tel:+442071234567"] == "020 7123 4567"


def test_directory_translation_falls_back_word_by_word(out: Path) -> None:
    soup = page(out, "ur/contacts/reporting/index.html")
    text = soup.get_text()
    assert "ایمرجنسی" in text
    assert "Anti-Terrorist Hotline" in text  # not translated: shown in English
    hotline = soup.find(string=re.compile("Anti-Terrorist Hotline"))
    assert hotline is not None
    marked = hotline.find_parent(attrs={"lang": "en"})
    assert marked is not None


def test_directory_shown_on_pages_that_list_it(out: Path) -> None:
    soup = page(out, "en/about/index.html")
    assert soup.select_one('a[href="tel:+44800789321"]') is not None


def test_phone_numbers_are_isolated_in_rtl_pages(out: Path) -> None:
    soup = page(out, "ur/contacts/reporting/index.html")
    for link in soup.select('a[href^="tel:"]'):
        assert link.get("dir") == "ltr" or link.find_parent("bdi") is not None


def test_phone_numbers_in_rtl_markdown_are_isolated(out: Path) -> None:
    soup = page(out, "ur/index.html")
    bdis = [b.get_text() for b in soup.select("main bdi")]
    assert any("0800 789 321" in b for b in bdis)


# -- markdown -----------------------------------------------------------------------------


def test_markdown_features(out: Path) -> None:
    soup = page(out, "en/advice/staying-safe/index.html")
    main = soup.select_one("main")
    assert main is not None
    assert main.select_one("table td") is not None
    assert main.select_one("h2#reporting") is not None
    assert main.select_one(".footnote") is not None or main.select_one("[id^=fn]") is not None
    bare = main.find("a", href="https://www.gov.uk/report-hate-crime")
    assert bare is not None
    items = [li.get_text(strip=True) for li in main.select("ul li")]
    assert "your phone" in items and "a friend" in items


def test_headings_get_ids_in_urdu(out: Path) -> None:
    soup = page(out, "ur/advice/staying-safe/index.html")
    assert soup.select_one('h2[id="کیا-کریں"]') is not None


# -- reproducible -------------------------------------------------------------------------


def test_same_input_gives_byte_identical_output(out: Path, tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    again, _ = build(site)
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second
