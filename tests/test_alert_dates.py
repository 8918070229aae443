"""Alerts' dates: checked where they are written, and read in the site's time zone (issue 16,
point 15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.build import check_site
from tests.sitefixture import SITE_YAML, build, build_fails, messages, page, write_site

HOME = {"content/index.md": "---\ntitle: Home\n---\nWelcome.\n"}


def alert(dates: str, title: str = "Road closed") -> str:
    return f"---\ntitle: {title}\nlevel: warning\n{dates}\n---\nUse Elm Road instead.\n"


def banners(out: Path, rel: str = "en/index.html") -> list[str]:
    return [h.get_text(" ", strip=True) for h in page(out, rel).select(".alert__title a")]


def test_an_alert_that_ends_before_it_starts_is_an_error_at_its_ends_line(tmp_path: Path) -> None:
    files = {**HOME, "content/alerts/road.md": alert("starts: 2026-11-25\nends: 2026-11-20")}
    site = write_site(tmp_path / "site", files)
    expected = [
        "content/alerts/road.md:5: error: 'ends' (2026-11-20) is not after 'starts' (2026-11-25, "
        "line 4): the alert would never be shown; correct the dates"
    ]
    assert messages(build_fails(site)) == expected
    assert [p.format() for p in check_site(site).problems] == expected


def test_a_translation_that_ends_before_it_starts_is_located_in_the_translation(
    tmp_path: Path,
) -> None:
    files = {
        **HOME,
        "content/alerts/road.md": alert("starts: 2026-11-20\nends: 2026-11-25"),
        "content/alerts/road.ur.md": alert(
            "starts: 2026-11-20 18:00\nends: 2026-11-20 09:00", "سڑک بند"
        ),
    }
    assert messages(build_fails(write_site(tmp_path / "site", files))) == [
        "content/alerts/road.ur.md:5: error: 'ends' (2026-11-20T09:00:00) is not after 'starts' "
        "(2026-11-20T18:00:00, line 4): the alert would never be shown; correct the dates"
    ]


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (
            "starts: 2026-11-20\nends: next Friday",
            "5: error: 'ends' must be a date written like 2024-03-01 (or 2024-03-01 14:30), "
            "found 'next Friday'",
        ),
        (
            "starts: 2026-02-30",
            "4: error: 'starts' is not a real date: '2026-02-30' (day is out of range for month)",
        ),
        (
            "starts: 2026-11-20\nends:",
            "5: error: 'ends' has no date: write one after 'ends:' like 2026-03-01, or delete the "
            "line",
        ),
    ],
)
def test_a_date_that_is_not_a_date_is_an_error_at_its_line(
    tmp_path: Path, dates: str, message: str
) -> None:
    files = {**HOME, "content/alerts/road.md": alert(dates)}
    errors = [
        m for m in messages(build_fails(write_site(tmp_path / "site", files))) if "error" in m
    ]
    assert errors == [f"content/alerts/road.md:{message}"]


# 2026-07-01 is in British Summer Time: midnight in London is 23:00 UTC the day before.
SUMMER = {
    **HOME,
    "content/alerts/fair.md": alert("starts: 2026-07-01\nends: 2026-07-01", "Summer fair"),
    "content/alerts/vigil.md": alert(
        "starts: 2026-07-01 09:30\nends: 2026-07-01 18:00", "Vigil at nine thirty"
    ),
}


@pytest.mark.parametrize(
    ("now", "shown"),
    [
        (dt.datetime(2026, 6, 30, 22, 59, tzinfo=dt.UTC), []),
        (dt.datetime(2026, 6, 30, 23, 0, tzinfo=dt.UTC), ["Summer fair"]),
        (dt.datetime(2026, 7, 1, 8, 30, tzinfo=dt.UTC), ["Summer fair", "Vigil at nine thirty"]),
        (dt.datetime(2026, 7, 1, 17, 0, tzinfo=dt.UTC), ["Summer fair"]),
        (dt.datetime(2026, 7, 1, 22, 59, tzinfo=dt.UTC), ["Summer fair"]),
        (dt.datetime(2026, 7, 1, 23, 0, tzinfo=dt.UTC), []),
    ],
)
def test_alert_dates_are_in_london_time_by_default(
    tmp_path: Path, now: dt.datetime, shown: list[str]
) -> None:
    out, _ = build(write_site(tmp_path / "site", SUMMER), now=now)
    assert sorted(banners(out)) == shown


def test_alert_dates_are_in_the_time_zone_site_yaml_names(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", SUMMER, SITE_YAML + "timezone: Asia/Karachi\n")
    # 05:00 UTC is 10:00 in Karachi (UTC+5): the vigil (from 09:30 there) has started.
    out, _ = build(site, now=dt.datetime(2026, 7, 1, 5, 0, tzinfo=dt.UTC))
    assert sorted(banners(out)) == ["Summer fair", "Vigil at nine thirty"]
    # 19:30 UTC is already 00:30 on 2 July in Karachi: both are over.
    out, _ = build(site, now=dt.datetime(2026, 7, 1, 19, 30, tzinfo=dt.UTC))
    assert banners(out) == []


def test_an_explicit_offset_is_kept(tmp_path: Path) -> None:
    files = {**HOME, "content/alerts/road.md": alert("starts: 2026-07-01T12:00+00:00")}
    site = write_site(tmp_path / "site", files)
    out, _ = build(site, now=dt.datetime(2026, 7, 1, 11, 30, tzinfo=dt.UTC))
    assert banners(out) == []  # 12:30 in London, but the alert said 12:00 UTC
    out, _ = build(site, now=dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC))
    assert banners(out) == ["Road closed"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "europe/london",
            "unknown time zone 'europe/london': did you mean 'Europe/London'? use a name from "
            "the IANA time zone database, such as Europe/London or Asia/Karachi",
        ),
        (
            "British time",
            "unknown time zone 'British time': use a name from the IANA time zone database, "
            "such as Europe/London or Asia/Karachi",
        ),
        (
            "../../etc/passwd",
            "unknown time zone '../../etc/passwd': use a name from the IANA time zone database, "
            "such as Europe/London or Asia/Karachi",
        ),
    ],
)
def test_an_unknown_time_zone_is_an_error_at_its_line(
    tmp_path: Path, written: str, message: str
) -> None:
    site = write_site(tmp_path / "site", HOME, SITE_YAML + f"timezone: {written}\n")
    line = SITE_YAML.count("\n") + 1
    assert messages(build_fails(site)) == [f"site.yaml:{line}: error: {message}"]


def test_feed_times_are_in_the_site_time_zone_too(tmp_path: Path) -> None:
    files = {
        **HOME,
        "content/statements/fair/index.md": "---\ntitle: Fair\ndate: 2026-07-01\n---\nHi.\n",
        "content/statements/vigil/index.md": (
            "---\ntitle: Vigil\ndate: 2026-12-01 18:30\n---\nHi.\n"
        ),
    }
    out, _ = build(write_site(tmp_path / "site", files))
    feed = BeautifulSoup((out / "en" / "feed.xml").read_text(encoding="utf-8"), "xml")
    updated = {e.title.get_text(): e.updated.get_text() for e in feed.find_all("entry")}
    # Midnight in London in July is 23:00 UTC the day before; in December London is on UTC.
    assert updated == {"Fair": "2026-07-01T00:00:00+01:00", "Vigil": "2026-12-01T18:30:00Z"}
