"""Heading ids: a slug in any script for each heading without an id, unique in its page.

The slugs must not clash with any id the page already has, so the finishing pass reads its
tokens ahead once (only when a heading has no id or, on a right-to-left page, there is a link):
every id, the text of each heading without one and the text of every link (for `bidi`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sitegen.content.htmltokens import DATA, END, START, Token

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def slugify(text: str) -> str:
    """Make a heading id in any script: letters, marks and digits kept, lowercased, '-' joined.

    >>> slugify("ہم سے رابطہ کریں")
    'ہم-سے-رابطہ-کریں'
    >>> slugify("Who to call (24/7)")
    'who-to-call-24-7'
    """
    kept = [
        char if unicodedata.category(char)[0] in "LMN" or char in "\u200c\u200d" else " "
        for char in unicodedata.normalize("NFC", text).lower()
    ]
    return "-".join("".join(kept).split())


@dataclass(frozen=True)
class Survey:
    """What the finishing pass needs to know ahead: every id, heading text, link text."""

    ids: list[str]
    untitled_headings: dict[int, str]  # heading number -> text, for headings without an id
    anchor_texts: list[str]


def survey(tokens: list[Token]) -> Survey:
    """Read ids, the text of headings without an id, and the text of every link."""
    survey = Survey([], {}, [])
    headings = 0
    heading: list[str] | None = None
    anchor: list[str] | None = None
    for kind, value, attrs in tokens:
        if kind == DATA:
            if heading is not None:
                heading.append(value)
            if anchor is not None:
                anchor.append(value)
            continue
        if kind != END:
            tag_id = _last_value(attrs, "id")
            if tag_id is not None:
                survey.ids.append(tag_id)
            if value in HEADINGS:
                headings += 1
                heading = None if tag_id is not None else []
            elif value == "a":
                anchor = []
        if kind != START:
            if value in HEADINGS and heading is not None:
                survey.untitled_headings[headings - 1] = "".join(heading)
                heading = None
            elif value == "a" and anchor is not None:
                survey.anchor_texts.append("".join(anchor))
                anchor = None
    return survey


def _last_value(attrs: list[tuple[str, str | None]], name: str) -> str | None:
    """Return the value the last attribute `name` has ('' if boolean), None if there is none."""
    found: str | None = None
    for attr_name, value in attrs:
        if attr_name == name:
            found = value or ""
    return found


def heading_ids(survey: Survey) -> dict[int, str]:
    """Give each heading without an id a unique slug (-1, -2 ... on repeats)."""
    used = set(survey.ids)
    tried: dict[str, int] = {}  # the last suffix tried per base, so repeats stay linear
    assigned: dict[int, str] = {}
    for index, text in survey.untitled_headings.items():
        base = slugify(text) or "section"
        number = tried.get(base, 0)
        candidate = f"{base}-{number}" if number else base
        while candidate in used:
            number += 1
            candidate = f"{base}-{number}"
        tried[base] = number
        used.add(candidate)
        assigned[index] = candidate
    return assigned
