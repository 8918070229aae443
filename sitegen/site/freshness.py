"""Is a translation up to date? Decided without git: volunteers often work from a zip.

A translation records `translation_of: <fingerprint>`, the fingerprint of the original it was
made from (in a page's or letter's front matter, or at the top of a contact directory
translation). When the original's words change, its fingerprint changes and the translation is
outdated until a translator brings it up to date (`python build.py translations done FILE`
records the new fingerprint).

Only words a translator translates are fingerprinted: fixing a date, a weight, a contacts list or
a phone number does not outdate any translation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sitegen.content.doc import Doc
from sitegen.content.words import FINGERPRINT_KEY


@dataclass(frozen=True)
class Freshness:
    """How a translation stands against its original."""

    outdated: bool
    known: bool  # False: the translation records no fingerprint, so nobody can tell
    original_changed: dt.date | None


def fingerprint(doc: Doc) -> str:
    """Return a document's words fingerprint (computed when it was parsed)."""
    return doc.words


def judge(recorded: str, current: str, changed: dt.date | None) -> Freshness:
    """Compare a recorded fingerprint ("" when none) with the original's current one."""
    if not recorded:
        return Freshness(outdated=False, known=False, original_changed=changed)
    return Freshness(outdated=recorded != current, known=True, original_changed=changed)


def freshness(translation: Doc, original: Doc) -> Freshness:
    """Compare a translation's recorded fingerprint with its original's current one."""
    changed = original.date("updated") or original.date("date")
    return judge(translation.text(FINGERPRINT_KEY), fingerprint(original), changed)
