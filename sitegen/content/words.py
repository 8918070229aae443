"""The words a translator translates, fingerprinted.

A translation records the fingerprint of the original it was made from (`translation_of:`), so
`site.freshness` can tell, without git, whether the original's words have changed since. Only
words are fingerprinted: fixing a date, a weight, a contacts list or a phone number does not
outdate any translation.
"""

from __future__ import annotations

import hashlib
import unicodedata

from sitegen.content.contacts import Directory
from sitegen.read.validate import Record

FINGERPRINT_KEY = "translation_of"
FINGERPRINT_LENGTH = 12
# On a copy `translations new` made: readers see the original until `translations done`.
UNTRANSLATED_KEY = "untranslated"
UNTRANSLATED_LINE = (
    "true  # readers see the original until you translate this and run `translations done`"
)
# Front matter a translator translates (pages and letters); everything else is not words.
WORD_KEYS = (
    "title",
    "summary",
    "author",
    "from",
    "role",
    "organisation",
    "address",
    "to",
    "claim",
)


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
    # A rumour's sources name who confirmed it: words a translator may translate too.
    fields += [f"source: {source.get('organisation')}" for source in meta.get("sources", ())]
    return fingerprint_text("\n".join(fields) + "\n---\n" + body)


def directory_fingerprint(directory: Directory) -> str:
    """Fingerprint the words of a contact directory: title, intro and each entry's words."""
    lines = [f"title: {directory.title}", f"intro: {directory.intro}"]
    for entry in directory.entries:
        words = (("name", entry.name), ("when", entry.when), ("hours", entry.hours))
        lines += [f"{entry.id}.{key}: {value}" for key, value in words if value]
        if entry.address:
            lines.append(f"{entry.id}.address: {entry.address}")
    return fingerprint_text("\n".join(lines))
