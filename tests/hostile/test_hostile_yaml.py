"""Hostile and surprising YAML, in a full build: no code runs, nothing is silently converted."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.hostile.catalogue import Builds, Case, Fails, HtmlCheck, main_text, page_md, run_case

X = "content/x.md"
C = "content/contacts/help.yaml"
BOMB = "".join(
    [
        "a: &a [x, x, x, x, x, x, x, x, x]\n",
        *(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(9)
        ),
    ]
)


def _heading(text: str) -> HtmlCheck:
    def check(html: BeautifulSoup) -> None:
        heading = html.find("h1")
        assert heading is not None
        assert heading.get_text(strip=True) == text

    return check


def _shows(text: str) -> HtmlCheck:
    def check(html: BeautifulSoup) -> None:
        assert text in main_text(html)

    return check


def _dials(tel: str, shown: str) -> HtmlCheck:
    def check(html: BeautifulSoup) -> None:
        links = {a["href"]: a.get_text(" ", strip=True) for a in html.select("a[href^='tel:']")}
        assert tel in links, links
        assert shown in links[tel], links

    return check


def _directory(entry: str) -> dict[str, str | bytes]:
    return {C: f"title: Help\nentries:\n  - id: a\n    name: A\n{entry}"}


DIRECTORY_PAGE = "en/contacts/help/index.html"

CASES = [
    Case(
        "python tag",
        {X: page_md("Hi.", 'title: !!python/object/apply:os.system ["touch /tmp/pwned"]')},
        Fails(f"{X}:2", "YAML tags ('!!python/object/apply:os.system') are not allowed"),
    ),
    Case(
        "anchor and alias",
        {X: page_md("Hi.", "title: &t Hi\nsummary: *t")},
        Fails(f"{X}:2", "anchors ('&t') are not allowed"),
    ),
    Case("alias bomb", {C: BOMB}, Fails(f"{C}:1", "anchors ('&a') are not allowed")),
    Case(
        "duplicate key names both lines",
        {X: page_md("Hi.", "title: A\nsummary: s\ntitle: B")},
        Fails(f"{X}:4", "duplicate key 'title' (first at line 2)"),
    ),
    Case("title no stays text", {X: page_md("Hi.", "title: no")}, Builds(check=_heading("no"))),
    Case("title yes stays text", {X: page_md("Hi.", "title: yes")}, Builds(check=_heading("yes"))),
    Case("title on stays text", {X: page_md("Hi.", "title: on")}, Builds(check=_heading("on"))),
    Case("1.10 stays text", {X: page_md("Hi.", "title: 1.10")}, Builds(check=_heading("1.10"))),
    Case(
        "9:00 stays text",
        _directory("    phone: '999'\n    hours: 9:00 to 17:30\n"),
        Builds(page=DIRECTORY_PAGE, check=_shows("9:00 to 17:30")),
    ),
    Case(
        "unquoted phone number with a leading zero is as written",
        _directory("    phone: 02071234567\n"),
        Builds(page=DIRECTORY_PAGE, check=_dials("tel:+442071234567", "020 7123 4567")),
    ),
    Case(
        "unquoted short number",
        _directory("    phone: 999\n"),
        Builds(page=DIRECTORY_PAGE, check=_dials("tel:999", "999")),
    ),
    Case(
        "impossible date",
        {X: page_md("Hi.", "title: X\ndate: 2024-02-30")},
        Fails(f"{X}:3", "'date' is not a real date: '2024-02-30'"),
    ),
    Case(
        "draft: maybe is not a boolean",
        {X: page_md("Hi.", "title: X\ndraft: maybe")},
        Fails(f"{X}:3", "'draft' must be true or false"),
    ),
    Case(
        "BOM and CRLF are fine",
        {X: b"\xef\xbb\xbf---\r\ntitle: Crlf\r\n---\r\nHi.\r\n"},
        Builds(check=_heading("Crlf")),
    ),
    Case(
        "CRLF keeps error lines right",
        {X: b"---\r\ntitle: X\r\n---\r\nHi.\r\n\r\n[x](missing.md)\r\n"},
        Fails(f"{X}:6", "link 'missing.md' leads nowhere"),
    ),
    Case(
        "front matter error after a BOM names the real line",
        {X: b"\xef\xbb\xbf---\ntitle: X\ndate: 2024-13-01\n---\nHi.\n"},
        Fails(f"{X}:3", "'2024-13-01' (month must be in 1..12)"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_yaml(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)
