"""Checked rumours across languages: one verdict, one date checked, one list of sources.

A rumour's translation translates the words (the claim, the answer, who confirmed it) and may
leave out `verdict`, `checked` and `sources`, which it then takes from the original; writing a
different verdict, date or link is an error at that line, since readers of every language must
get the same answer. Every rumour's `title` is its claim unless it has one, and its `date` is
when it was checked, so lists, feeds and the sitemap order and date it like any dated page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sitegen.content.doc import Doc
from sitegen.errors import Problems
from sitegen.read.discover import is_rumour
from sitegen.read.schemas import RUMOUR_FACTS
from sitegen.read.validate import Record

# An `unconfirmed` rumour not checked again for longer than this is warned about.
RECHECK_AFTER = dt.timedelta(days=7)


def recheck_due(doc: Doc, zone: dt.tzinfo) -> dt.datetime | None:
    """Return when an `unconfirmed` rumour is due to be checked again (None for a verdict):
    a week after `checked`, read in the site's time zone when it has no offset."""
    checked = doc.date("checked")
    if doc.text("verdict") != "unconfirmed" or checked is None:
        return None
    if isinstance(checked, dt.datetime):
        moment = checked if checked.tzinfo else checked.replace(tzinfo=zone)
    else:
        moment = dt.datetime(checked.year, checked.month, checked.day, tzinfo=zone)
    return moment + RECHECK_AFTER


def settle_rumours(
    variants: dict[str, dict[str, Doc]], default: str, problems: Problems
) -> dict[str, dict[str, Doc]]:
    """Give each rumour's translations the original's facts, reporting any they change."""
    settled = {}
    for key, langs in variants.items():
        original = langs.get(default)
        if original is None or not is_rumour(original.source):
            settled[key] = langs
            continue
        settled[key] = {
            lang: _as_page(doc if doc is original else _with_facts(doc, original, problems))
            for lang, doc in langs.items()
        }
    return settled


def _with_facts(doc: Doc, original: Doc, problems: Problems) -> Doc:
    values = dict(doc.meta.values)
    for name in RUMOUR_FACTS:
        if name in doc.meta and not _same(name, doc.meta.get(name), original.meta.get(name)):
            problems.error(
                doc.source.ref.at(doc.line_of(name)),
                f"a translation cannot change the rumour's '{name}' "
                f"(content/{original.source.rel} says {_said(name, original.meta.get(name))}): "
                f"translate only the words, or leave '{name}' out",
            )
        if name in original.meta:
            values[name] = _merged(name, doc.meta.get(name), original.meta.get(name))
    return replace(doc, meta=Record(values, doc.meta.lines, doc.meta.line))


def _same(name: str, given: Any, original: Any) -> bool:
    if name != "sources":
        return bool(given == original)
    if original is None or len(given) != len(original):
        return False
    return all(a.get("link") == b.get("link") for a, b in zip(given, original, strict=True))


def _said(name: str, value: Any) -> str:
    if name == "sources":
        links = [str(source.get("link") or "no link") for source in value or ()]
        return f"{len(links)} sources ({', '.join(links)})" if links else "none"
    return f"'{value.isoformat() if hasattr(value, 'isoformat') else value}'"


def _merged(name: str, given: Any, original: Any) -> Any:
    """The original's fact, but a source's organisation in the translation's words."""
    if name != "sources" or given is None or len(given) != len(original):
        return original
    return tuple(
        Record(
            {**theirs.values, "organisation": ours.get("organisation")}, theirs.lines, theirs.line
        )
        for ours, theirs in zip(given, original, strict=True)
    )


def _as_page(doc: Doc) -> Doc:
    """Give a rumour the title (its claim) and date (when checked) every page list reads."""
    values = dict(doc.meta.values)
    if "claim" in values:
        values.setdefault("title", values["claim"])
    if "checked" in values:
        values["date"] = values["checked"]
    return replace(doc, meta=Record(values, doc.meta.lines, doc.meta.line))
