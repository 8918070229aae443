"""Checked rumours: their front matter, translations that keep the facts, source links and the
reminder to check an unconfirmed rumour again (issue 23, points 1 and 5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitegen.build import check_site
from sitegen.check import read_site
from sitegen.errors import Problems
from sitegen.render.alerts import live_span
from tests.rumourfixture import FILES, SITE
from tests.sitefixture import NOW, build, build_fails, messages, write_site


def _site(tmp_path: Path, **changes: str) -> Path:
    files = dict(FILES)
    files.update({f"content/rumours/{name}.md": text for name, text in changes.items()})
    return write_site(tmp_path / "site", files, SITE)


def _both(old: str, new: str) -> dict[str, str]:
    """The English rumour and its Urdu translation, with the same change made to each."""
    return {
        name: FILES[f"content/rumours/{name}.md"].replace(old, new) for name in ("van", "van.ur")
    }


def test_the_fixture_builds_without_problems(tmp_path: Path) -> None:
    _, result = build(_site(tmp_path))
    assert result.warnings == ()


def test_an_unknown_verdict_is_located(tmp_path: Path) -> None:
    bad = "---\nclaim: The school is closed\nverdict: fake\nchecked: 2026-11-20\n" + (
        "sources:\n  - organisation: Council\n---\nIt is open.\n"
    )
    error = build_fails(_site(tmp_path, school=bad))
    assert messages(error) == [
        "content/rumours/school.md:3: error: 'verdict' must be one of: false, true, "
        "misleading, unconfirmed; found 'fake'"
    ]


def test_a_missing_claim_date_and_organisation_are_located(tmp_path: Path) -> None:
    bad = "---\nverdict: true\nsources:\n  - link: https://example.org/\n---\nIt is.\n"
    error = build_fails(_site(tmp_path, school=bad))
    assert messages(error) == [
        "content/rumours/school.md:2: error: missing required key 'checked'",
        "content/rumours/school.md:2: error: missing required key 'claim'",
        "content/rumours/school.md:4: error: missing required key 'sources[1].organisation'",
    ]


def test_a_source_link_that_leads_nowhere_is_located(tmp_path: Path) -> None:
    bad = _both("/statements/mosque/index.md", "/statements/mosqe/index.md")
    error = build_fails(_site(tmp_path, **bad))
    assert messages(error) == [
        "content/rumours/van.md:7: error: source link '/statements/mosqe/index.md' leads "
        "nowhere: there is no file content/statements/mosqe/index.md "
        "(did you mean content/statements/mosque/index.md?)"
    ]


def test_a_source_link_that_is_no_web_address_is_located(tmp_path: Path) -> None:
    bad = _both("https://leabrook-primary.example/news", "javascript:alert(1)")
    error = build_fails(_site(tmp_path, **bad))
    assert messages(error) == [
        "content/rumours/van.md:9: error: source link 'javascript:alert(1)' must be a file on "
        "this site (/statements/x.md) or a web address starting https://"
    ]


def test_a_translation_that_changes_the_verdict_fails_at_its_line(tmp_path: Path) -> None:
    arabic = FILES["content/rumours/van.ar.md"].replace("verdict: false", "verdict: true")
    error = build_fails(_site(tmp_path, **{"van.ar": arabic}))
    assert messages(error) == [
        "content/rumours/van.ar.md:3: error: a translation cannot change the rumour's 'verdict' "
        "(content/rumours/van.md says 'false'): translate only the words, or leave 'verdict' out"
    ]


def test_a_translation_that_changes_a_source_link_or_the_date_fails(tmp_path: Path) -> None:
    urdu = (
        FILES["content/rumours/van.ur.md"]
        .replace(
            "    link: https://leabrook-primary.example/news", "    link: https://other.example/"
        )
        .replace("---\n        claim", "---\n        checked: 2026-11-21\n        claim")
    )
    error = build_fails(_site(tmp_path, **{"van.ur": urdu}))
    assert messages(error) == [
        "content/rumours/van.ur.md:2: error: a translation cannot change the rumour's "
        "'checked' (content/rumours/van.md says '2026-11-20T18:30:00'): translate only the "
        "words, or leave 'checked' out",
        "content/rumours/van.ur.md:4: error: a translation cannot change the rumour's "
        "'sources' (content/rumours/van.md says 2 sources (/statements/mosque/index.md, "
        "https://leabrook-primary.example/news)): translate only the words, or leave "
        "'sources' out",
    ]


def test_an_unconfirmed_rumour_not_checked_for_over_a_week_is_warned_about(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path)
    # Checked on 21 November (midnight in London): a week and a minute later it is stale.
    fresh = check_site(site, now=dt.datetime(2026, 11, 28, 0, 0, tzinfo=dt.UTC))
    assert [p.format() for p in fresh.problems] == []
    stale = check_site(site, now=dt.datetime(2026, 11, 28, 0, 1, tzinfo=dt.UTC))
    assert [p.format() for p in stale.problems] == [
        "content/rumours/curfew.md:4: warning: this rumour is still 'unconfirmed' and was last "
        "checked 7 days ago (2026-11-21): check it again and update 'checked' (and the verdict)"
    ]


def test_a_rumour_checked_later_than_the_build_is_not_stale(tmp_path: Path) -> None:
    report = check_site(_site(tmp_path), now=NOW)
    assert report.problems == ()


def test_a_build_is_not_up_to_date_once_an_unconfirmed_rumour_is_due_again(
    tmp_path: Path,
) -> None:
    # The up-to-date check reuses a build only within its live span: the span must end when
    # the curfew rumour (checked 2026-11-21, London) becomes a week old.
    read = read_site(_site(tmp_path), Problems(), now=NOW)
    assert live_span(read.site) == (None, dt.datetime(2026, 11, 28, 0, 0, tzinfo=dt.UTC))
