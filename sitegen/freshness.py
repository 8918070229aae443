"""Is a translation up to date? Decided without git: volunteers often work from a zip.

A translation records in its front matter `translation_of: <fingerprint>`, the fingerprint of the
original it was made from. When the original's words change, its fingerprint changes and the
translation is outdated until a translator brings it up to date (and records the new fingerprint).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass

from sitegen.parse import Doc

FINGERPRINT_KEY = "translation_of"
FINGERPRINT_LENGTH = 12
# Front matter that is not words a translator translates: changing it does not outdate anything.
NOT_WORDS = frozenset({"translation_of", "source_updated", "draft", "weight", "updated"})


@dataclass(frozen=True)
class Freshness:
    """How a translation stands against its original."""

    outdated: bool
    known: bool  # False: the translation records no fingerprint, so nobody can tell
    original_changed: dt.date | None


def fingerprint_text(text: str) -> str:
    """Return a short, stable fingerprint of an original's words."""
    normal = unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip()
    lines = "\n".join(line.rstrip() for line in normal.split("\n"))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def fingerprint(doc: Doc) -> str:
    """Fingerprint what a translator translates: the body and the words of the front matter."""
    fields = [
        f"{key}: {value}"
        for key, value in sorted(doc.meta.values.items())
        if key not in NOT_WORDS
    ]
    return fingerprint_text("\n".join(fields) + "\n---\n" + doc.source_text)


def freshness(translation: Doc, original: Doc) -> Freshness:
    """Compare a translation's recorded fingerprint with its original's current one."""
    recorded = translation.text(FINGERPRINT_KEY)
    changed = original.date("updated") or original.date("date")
    if not recorded:
        return Freshness(outdated=False, known=False, original_changed=changed)
    return Freshness(
        outdated=recorded != fingerprint(original), known=True, original_changed=changed
    )
