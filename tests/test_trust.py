"""Readers can trust what they read (issue 20): the emergency strip on every page of every
language, review dates, alerts that end, and pages that explain themselves."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.build import check_site
from sitegen.errors import Problem
from tests.sitefixture import build, build_fails, messages, write_site

SITE_YAML = """\
title:
  en: Riverside Residents
  ur: ریور سائیڈ کے رہائشی
  ar: سكان ريفرسايد
base_url: https://example.test/riverside/
default_language: en
languages: [en, ur, ar]
region: GB
emergency:
  number: "999"
  non_emergency: "101"
"""

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/index.ur.md": "---\ntitle: ہوم\n---\nخوش آمدید۔\n",
    "content/index.ar.md": "---\ntitle: الرئيسية\n---\nمرحبا.\n",
    "content/advice/bins.md": "---\ntitle: Bins\nreviewed: 2026-01-10\n---\nTuesdays.\n",
    "content/advice/safe.md": """\
        ---
        title: Keeping safe
        reviewed: 2026-10-01
        review_by: 2027-04-01
        ---
        Lock your doors.
        """,
    "content/advice/safe.ur.md": """\
        ---
        title: محفوظ رہنا
        translated_by: Amina Rahman
        translation_reviewed: true
        ---
        دروازے بند رکھیں۔
        """,
    "content/advice/safe.ar.md": """\
        ---
        title: البقاء بأمان
        machine_translated: true
        translation_reviewed: false
        ---
        أغلق الأبواب.
        """,
    "content/statements/fire/index.md": (
        "---\ntitle: After the fire\ndate: 2026-11-20\nreviewed: 2025-01-01\n---\nA record.\n"
    ),
    "content/alerts/road.md": """\
        ---
        title: River Street closed
        summary: Use Mill Lane.
        starts: 2026-11-01
        ends: 2026-12-10 18:30
        level: warning
        ---
        Buses are not affected.
        """,
    "content/alerts/road.ur.md": (
        "---\ntitle: ریور اسٹریٹ بند\nsummary: مل لین استعمال کریں۔\n---\nبسیں متاثر نہیں۔\n"
    ),
    "content/alerts/flood.md": """\
        ---
        title: Flood warning
        summary: The river was high.
        starts: 2026-11-02
        ends: 2026-11-05
        level: danger
        ---
        The water has gone down.
        """,
    "content/contacts/help.yaml": """\
        title: Who to call
        reviewed: 2026-11-01
        entries:
          - id: emergency
            name: Emergency services
            phone: "999"
          - id: police
            name: Police (non-emergency)
            phone: "101"
        """,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("trust") / "site", FILES, SITE_YAML)
    out, result = build(site)
    assert own_warnings(result.warnings) == [PAST_DUE]
    return out


PAST_DUE = (
    "content/advice/bins.md:3: warning: this page was due for review on 10 July 2026: check it "
    "is still right, then change 'reviewed:' to the day you checked it"
)


def own_warnings(problems: Iterable[Problem]) -> list[str]:
    """The warnings this issue adds (the fixtures have no contacts.lock: that one is left out)."""
    return [p.format() for p in problems if p.level == "warning" and p.ref.path != "contacts.lock"]


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


STRIP = {
    "en": ("In immediate danger? Call 999", "Not an emergency? Call 101"),
    "ur": ("فوری خطرے میں ہیں؟ 999 پر کال کریں", "ہنگامی صورت نہیں؟ 101 پر کال کریں"),
    "ar": ("في خطر داهم؟ اتصل بالرقم 999", "ليست حالة طارئة؟ اتصل بالرقم 101"),
}


def test_every_page_of_every_language_starts_with_the_emergency_strip(built: Path) -> None:
    seen = set()
    for path in pages(built):
        html = soup(path)
        lang = html.html["lang"]
        seen.add(lang)
        strip = html.select_one(".emergency")
        assert strip is not None, path
        # first in reading order after the skip link
        first = [tag for tag in html.body.find_all(recursive=False)][:2]
        assert first[0]["class"] == ["skip-link"] and first[1] is strip, path
        links = strip.select("a")
        assert [a["href"] for a in links] == ["tel:999", "tel:101"], path
        assert tuple(a.get_text() for a in links) == STRIP[lang], path
        assert strip["role"] == "region" and strip["aria-label"], path
        assert all(a.bdi["dir"] == "ltr" for a in links), path
    assert seen == {"en", "ur", "ar"}


def test_a_site_without_emergency_numbers_has_no_strip(tmp_path: Path) -> None:
    yaml = SITE_YAML.split("emergency:")[0]
    out, _ = build(write_site(tmp_path / "site", FILES, yaml))
    assert soup(out / "en" / "index.html").select(".emergency") == []


def test_the_non_emergency_number_is_optional(tmp_path: Path) -> None:
    yaml = SITE_YAML.replace('  non_emergency: "101"\n', "")
    out, _ = build(write_site(tmp_path / "site", FILES, yaml))
    links = soup(out / "ur" / "index.html").select(".emergency a")
    assert [a["href"] for a in links] == ["tel:999"]


def test_an_emergency_number_in_no_directory_is_a_warning(tmp_path: Path) -> None:
    yaml = SITE_YAML.replace('"101"', '"111"')
    site = write_site(tmp_path / "site", FILES, yaml)
    expected = [
        "site.yaml:9: warning: emergency: non_emergency: 111 is in no contact directory: check "
        "it is the number readers should call, and list it in content/contacts/"
    ]
    assert own_warnings(check_site(site).problems) == [PAST_DUE, *expected]
    _, result = build(site)
    assert sorted(own_warnings(result.warnings)) == [PAST_DUE, *expected]


def test_an_emergency_number_that_is_not_a_number_is_an_error(tmp_path: Path) -> None:
    yaml = SITE_YAML.replace('"999"', '"99x"')
    error = build_fails(write_site(tmp_path / "site", FILES, yaml))
    [message] = messages(error)
    assert message.startswith("site.yaml:10: error:"), message
    assert "99x" in message


def test_an_ended_alert_is_not_a_banner_and_is_listed_as_ended(built: Path) -> None:
    home = soup(built / "en" / "index.html")
    assert [a.get_text() for a in home.select(".alert__title a")] == ["River Street closed"]
    listed = soup(built / "en" / "alerts" / "index.html").select(".child")
    marks = {
        c.select_one(".child__title").get_text(): c.select_one(".child__ended") for c in listed
    }
    assert marks["River Street closed"] is None
    ended = marks["Flood warning"]
    assert ended.get_text() == "Ended on 5 November 2026"
    assert ended.time["datetime"] == "2026-11-05"


@pytest.mark.parametrize(
    ("lang", "text"),
    [("ur", "5 نومبر، 2026 کو ختم ہو گیا"), ("ar", "انتهى في 5 نوفمبر 2026")],
)
def test_the_ended_mark_is_in_the_readers_language(built: Path, lang: str, text: str) -> None:
    listed = soup(built / lang / "alerts" / "index.html").select(".child__ended")
    assert [mark.get_text() for mark in listed] == [text]
    assert listed[0]["lang"] == lang or listed[0].find_parent(lang=True)["lang"] == lang


def test_the_banner_says_when_it_applies_and_when_it_ends(built: Path) -> None:
    banner = soup(built / "en" / "index.html").select_one(".alert")
    # 18:30 in London in December is 18:30 UTC: the instant the browser compares its clock with
    assert banner["data-alert-ends"] == "2026-12-10T18:30:00Z"
    dates = banner.select_one(".alert__dates")
    assert dates.get_text(" ", strip=True) == "From 1 November 2026 until 10 December 2026, 18:30"
    assert [t["datetime"] for t in dates.select("time")] == [
        "2026-11-01",
        "2026-12-10T18:30:00+00:00",
    ]
    ur = soup(built / "ur" / "index.html").select_one(".alert .alert__dates")
    assert ur.get_text(" ", strip=True) == "1 نومبر، 2026 سے 10 دسمبر، 2026 6:30 PM تک"


def test_the_banner_shows_times_in_the_sites_time_zone(tmp_path: Path) -> None:
    yaml = SITE_YAML + "timezone: Asia/Karachi\n"
    files = {
        **FILES,
        "content/alerts/road.md": FILES["content/alerts/road.md"].replace(
            "ends: 2026-12-10 18:30", "ends: 2026-12-10T18:30:00+00:00"
        ),
    }
    out, _ = build(write_site(tmp_path / "site", files, yaml))
    banner = soup(out / "en" / "index.html").select_one(".alert")
    assert banner["data-alert-ends"] == "2026-12-10T18:30:00Z"
    # Karachi is five hours ahead of UTC: the end is written as its clocks show it
    assert (
        banner.select_one(".alert__dates")
        .get_text(" ", strip=True)
        .endswith("until 10 December 2026, 23:30")
    )


def test_every_page_loads_the_script_that_hides_ended_banners(built: Path) -> None:
    for path in pages(built):
        scripts = [s["src"] for s in soup(path).select("script[src]")]
        assert any(src.endswith("assets/alerts.js") for src in scripts), path
    assert (built / "assets" / "alerts.js").is_file()


def review_dates(out: Path, rel: str) -> list[str]:
    return [p.get_text() for p in soup(out / rel).select(".review-dates p")]


def test_pages_show_when_they_were_reviewed_and_are_due_again(built: Path) -> None:
    assert review_dates(built, "en/advice/safe/index.html") == [
        "Page last reviewed: 1 October 2026",
        "Next review due: 1 April 2027",
    ]
    # six months, the default review_every, after the last review
    assert review_dates(built, "en/advice/bins/index.html") == [
        "Page last reviewed: 10 January 2026",
        "Next review due: 10 July 2026",
    ]
    times = soup(built / "en/advice/safe/index.html").select(".review-dates time")
    assert [t["datetime"] for t in times] == ["2026-10-01", "2027-04-01"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ur", ["صفحے کا آخری جائزہ: 1 اکتوبر، 2026", "اگلا جائزہ: 1 اپریل، 2027"]),
        ("ar", ["آخر مراجعة للصفحة: 1 أكتوبر 2026", "موعد المراجعة التالية: 1 أبريل 2027"]),
    ],
)
def test_review_dates_are_in_the_readers_language(
    built: Path, lang: str, expected: list[str]
) -> None:
    # the translations say nothing of reviews: the original's dates hold for them
    assert review_dates(built, f"{lang}/advice/safe/index.html") == expected


def test_statements_and_pages_without_a_review_show_no_review_dates(built: Path) -> None:
    assert review_dates(built, "en/statements/fire/index.html") == []
    assert review_dates(built, "en/index.html") == []


def test_a_directory_says_when_its_numbers_were_checked(built: Path) -> None:
    checked = soup(built / "ar/contacts/help/index.html").select_one(".directory__checked")
    assert checked.get_text() == "تم التحقق من الأرقام في 1 نوفمبر 2026"
    assert checked.time["datetime"] == "2026-11-01"


def test_a_directory_past_its_review_date_is_a_warning(tmp_path: Path) -> None:
    files = {
        **FILES,
        "content/contacts/help.yaml": FILES["content/contacts/help.yaml"].replace(
            "reviewed: 2026-11-01", "reviewed: 2026-01-01\n        review_by: 2026-11-01"
        ),
    }
    site = write_site(tmp_path / "site", files, SITE_YAML + "review_every: 1 year\n")
    warnings = own_warnings(check_site(site).problems)
    # a year after 10 January 2026 is not yet past; the directory's own review_by is
    assert warnings == [
        "content/contacts/help.yaml:3: warning: the numbers in this directory were due a check "
        "on 1 November 2026: check each with its service, then change 'reviewed:' to the day "
        "you checked them"
    ]


def test_strict_fails_a_build_with_a_page_past_its_review(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, SITE_YAML + "strict: true\n")
    assert PAST_DUE in messages(build_fails(site))


def test_a_review_period_that_is_not_a_period_is_an_error(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, SITE_YAML + "review_every: half a year\n")
    assert messages(build_fails(site)) == [
        "site.yaml:12: error: review_every: 'half a year' is not a period: write it like "
        "'6 months', '1 year' or '8 weeks'"
    ]


def provenance(out: Path, rel: str) -> list[str]:
    return [" ".join(p.get_text().split()) for p in soup(out / rel).select(".notice--provenance p")]


def test_a_translation_says_who_made_it_and_that_it_was_checked(built: Path) -> None:
    assert provenance(built, "ur/advice/safe/index.html") == [
        "ترجمہ: Amina Rahman۔",
        "اس ترجمے کی جانچ ایک دوسرے مترجم نے کی ہے۔",
        "اصل English متن ہی مستند ہے۔ اصل متن پڑھیں",
    ]
    link = soup(built / "ur/advice/safe/index.html").select_one(".notice--provenance a")
    assert link["href"] == "../../../en/advice/safe/index.html" and link["hreflang"] == "en"


def test_a_machine_translation_says_so_and_is_never_shown_as_checked(built: Path) -> None:
    html = soup(built / "ar/advice/safe/index.html")
    assert html.select_one(".notice--provenance")["class"] == [
        "notice",
        "notice--provenance",
        "notice--machine",
    ]
    assert provenance(built, "ar/advice/safe/index.html") == [
        "ترجم برنامج حاسوبي هذه الصفحة. قد تحتوي على أخطاء تغيّر المعنى.",
        "لم يراجع مترجم ثانٍ هذه الترجمة بعد.",
        "النص الأصلي باللغة English هو النسخة المعتمدة. اقرأ النص الأصلي",
    ]


def test_originals_fallbacks_and_silent_translations_have_no_provenance(built: Path) -> None:
    assert provenance(built, "en/advice/safe/index.html") == []
    assert provenance(built, "ur/advice/bins/index.html") == []  # shown in English
    assert provenance(built, "ur/index.html") == []  # a translation that says nothing of it


@pytest.mark.parametrize(
    ("lang", "direction", "label", "zero"),
    [
        ("en", "ltr", "Search this site", "No results for [SEARCH_TERM]"),
        ("ur", "rtl", "اس سائٹ میں تلاش کریں", "[SEARCH_TERM] کے لیے کوئی نتیجہ نہیں"),
        ("ar", "rtl", "ابحث في هذا الموقع", "لا توجد نتائج لـ [SEARCH_TERM]"),
    ],
)
def test_the_search_box_is_given_the_readers_words_and_direction(
    built: Path, lang: str, direction: str, label: str, zero: str
) -> None:
    box = soup(built / lang / "search" / "index.html").select_one("[data-search]")
    words = json.loads(box["data-words"])
    assert words["direction"] == direction
    assert words["zero_results"] == zero
    assert box["data-label"] == label == words["search_label"]


@pytest.mark.parametrize(
    ("lang", "title", "not_erased"),
    [
        ("en", "About the quick exit", "It does not erase your browsing history."),
        ("ur", "فوری اخراج کے بارے میں", "یہ آپ کی براؤزنگ ہسٹری نہیں مٹاتا۔"),
        ("ar", "عن زر الخروج السريع", "لا يمحو سجل التصفح."),
    ],
)
def test_the_quick_exit_page_explains_the_button_in_every_language(
    built: Path, lang: str, title: str, not_erased: str
) -> None:
    html = soup(built / lang / "quick-exit" / "index.html")
    assert html.html["lang"] == lang
    assert html.h1.get_text() == title
    text = html.select_one("main").get_text(" ", strip=True)
    assert not_erased in text
    assert "www.bbc.co.uk" in text  # where the button goes, from site.yaml's default


def test_every_page_links_the_quick_exit_page_beside_the_button(built: Path) -> None:
    for path in pages(built):
        html = soup(path)
        link = html.select_one(".quick-exit .quick-exit__about")
        assert link is not None, path
        href = link["href"]
        if path.name == "404.html":  # served at any address: its links are from the site's root
            assert href == f"/riverside/{html.html['lang']}/quick-exit/index.html"
            continue
        target = (path.parent / href).resolve()
        assert target == (built / html.html["lang"] / "quick-exit" / "index.html").resolve(), path


def test_no_accessibility_statement_without_its_settings(built: Path) -> None:
    assert not (built / "en" / "accessibility").exists()
    assert soup(built / "en" / "index.html").select(".site-footer a[href*=accessibility]") == []


@pytest.mark.parametrize(
    ("lang", "title", "reviewed"),
    [
        ("en", "Accessibility statement", "This statement was last reviewed on 1 October 2026."),
        ("ur", "رسائی کا بیان", "اس بیان کا آخری جائزہ 1 اکتوبر، 2026 کو لیا گیا۔"),
        ("ar", "بيان إمكانية الوصول", "رُوجع هذا البيان آخر مرة في 1 أكتوبر 2026."),
    ],
)
def test_the_accessibility_statement_has_the_model_statements_sections(
    tmp_path: Path, lang: str, title: str, reviewed: str
) -> None:
    yaml = SITE_YAML + "accessibility:\n  contact: access@example.test\n  reviewed: 2026-10-01\n"
    out, _ = build(write_site(tmp_path / "site", FILES, yaml))
    html = soup(out / lang / "accessibility" / "index.html")
    assert html.h1.get_text() == title
    # how accessible, how tested, known problems, reporting, enforcement
    assert len(html.select("main article h2")) == 5
    assert html.select_one("a[href='mailto:access@example.test']").get_text() == (
        "access@example.test"
    )
    assert "EHRC" in html.main.get_text() and "EASS" in html.main.get_text()
    assert reviewed in [p.get_text() for p in html.select("main p")]
    assert "400%" in html.main.get_text() and "400%%" not in html.main.get_text()
    footer = html.select_one(".site-footer a[href$='accessibility/index.html']")
    assert footer is not None and footer.get_text() == title
    home = soup(out / lang / "index.html")
    assert home.select_one(".site-footer a")["href"]
    assert home.select(".site-footer a[href='../" + lang + "/accessibility/index.html']")
