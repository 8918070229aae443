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
import hashlib
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.contacts import Directory
from sitegen.schema import Record

if TYPE_CHECKING:  # parse computes each document's fingerprint with `words_fingerprint`
    from sitegen.parse import Doc

FINGERPRINT_KEY = "translation_of"
FINGERPRINT_LENGTH = 12
# Front matter a translator translates (pages and letters); everything else is not words.
WORD_KEYS = ("title", "summary", "author", "from", "role", "organisation", "address", "to")


@dataclass(frozen=True)
class Freshness:
    """How a translation stands against its original."""

    outdated: bool
    known: bool  # False: the translation records no fingerprint, so nobody can tell
    original_changed: dt.date | None


def fingerprint_text(text: str) -> str:
    """Return a short, stable fingerprint of an original's words.

    >>> fingerprint_text("Hello\\r\\nworld  ") == fingerprint_text("Hello\\nworld")
    True
    """
    normal = unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip()
    lines = "\n".join(line.rstrip() for line in normal.split("\n"))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def words_fingerprint(meta: Record, body: str) -> str:
    """Fingerprint what a translator translates: the body and the words of the front matter."""
    texts = [(key, meta.get(key)) for key in WORD_KEYS]
    fields = [f"{key}: {value}" for key, value in texts if value is not None and str(value)]
    return fingerprint_text("\n".join(fields) + "\n---\n" + body)


def fingerprint(doc: Doc) -> str:
    """Return a document's words fingerprint (computed when it was parsed)."""
    return doc.words


def directory_fingerprint(directory: Directory) -> str:
    """Fingerprint the words of a contact directory: title, intro and each entry's words."""
    lines = [f"title: {directory.title}", f"intro: {directory.intro}"]
    for entry in directory.entries:
        words = (("name", entry.name), ("when", entry.when), ("hours", entry.hours))
        lines += [f"{entry.id}.{key}: {value}" for key, value in words if value]
        if entry.address:
            lines.append(f"{entry.id}.address: {entry.address}")
    return fingerprint_text("\n".join(lines))


def judge(recorded: str, current: str, changed: dt.date | None) -> Freshness:
    """Compare a recorded fingerprint ("" when none) with the original's current one."""
    if not recorded:
        return Freshness(outdated=False, known=False, original_changed=changed)
    return Freshness(outdated=recorded != current, known=True, original_changed=changed)


def freshness(translation: Doc, original: Doc) -> Freshness:
    """Compare a translation's recorded fingerprint with its original's current one."""
    changed = original.date("updated") or original.date("date")
    return judge(translation.text(FINGERPRINT_KEY), fingerprint(original), changed)
