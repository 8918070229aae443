"""Readers can trust what they read (issue 20): the emergency strip on every page of every
language, review dates, alerts that end, and pages that explain themselves."""

from __future__ import annotations

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
    "content/advice/bins.md": "---\ntitle: Bins\n---\nTuesdays.\n",
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
    assert own_warnings(result.warnings) == []
    return out


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
    assert own_warnings(check_site(site).problems) == expected
    _, result = build(site)
    assert own_warnings(result.warnings) == expected


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
