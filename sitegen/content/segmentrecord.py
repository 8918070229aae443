"""Which original each segment of a translation was translated from.

`translations import` writes, in the translation's front matter, one line per segment: where it
is and the hash of the original's words it was translated from::

    translated_from: |
      :title 3c1f0a9e
      #reporting/p2 9b0d44e1
      #reporting/p3 -5e0c7d21

A segment is up to date while its hash is the hash of the original's segment as it is now: when
the original changes one paragraph, only that paragraph is behind. `-<hash>` marks a segment
import left in the original's words (not translated yet): while the file still holds those very
words it is shown from the original as it is now; once a translator has written other words
there by hand, they are trusted (as is a segment the record does not name). The record is only about
freshness; the words stay in the Markdown, and a translator may edit them by hand. A translation
whose shape no longer matches its original's (a paragraph added by hand) is judged as a whole,
by `translation_of`, as before.

Segments are paired with the original's by their place in the text when both have the same
shape (a hand-made translation whose headings have other ids still pairs), else by name.
"""

from __future__ import annotations

import hashlib
import unicodedata

from sitegen.content.segments import Segment, SegmentedBody

RECORD_KEY = "translated_from"
HASH_LENGTH = 8
FRONT = ":"  # before a front matter key: ":title"
BODY = "#"  # before a body segment: "#reporting/p2"
UNTRANSLATED = "-"  # before the hash of the original's words an import left untranslated


def segment_hash(text: str) -> str:
    """Return the hash of an original segment's words (line endings and edges ignored).

    >>> segment_hash("Call us\\r\\n") == segment_hash("Call us")
    True
    """
    normal = unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def read_record(text: str) -> dict[str, str]:
    """Read a `translated_from` value: where -> hash (bad lines are skipped)."""
    record: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0][:1] in (FRONT, BODY):
            record[parts[0]] = parts[1]
    return record


def format_record(record: dict[str, str], newline: str = "\n") -> str:
    """Return a record as a YAML block scalar (the value after `translated_from:`)."""
    lines = [f"  {where} {value}" for where, value in record.items()]
    return newline.join(["|", *lines])


def left_untranslated(recorded: str, words: str) -> bool:
    """Tell whether a segment holds the original's words an import left there."""
    return recorded.startswith(UNTRANSLATED) and recorded[1:] == segment_hash(words)


def pair(original: SegmentedBody, translation: SegmentedBody) -> dict[str, Segment]:
    """Pair a translation's segments with the original's: original context -> translated."""
    kinds = [segment.kind for segment in original.segments]
    if kinds == [segment.kind for segment in translation.segments]:
        return {
            mine.context: theirs
            for mine, theirs in zip(original.segments, translation.segments, strict=True)
        }
    theirs_by_context = translation.by_context()
    return {
        segment.context: theirs_by_context[segment.context]
        for segment in original.segments
        if segment.context in theirs_by_context
        and theirs_by_context[segment.context].kind == segment.kind
    }


def same_shape(original: SegmentedBody, translation: SegmentedBody) -> bool:
    """Tell whether a translation has one segment of the same kind for each of the original's."""
    return [s.kind for s in original.segments] == [s.kind for s in translation.segments]
