"""Paragraph-level freshness: a translation whose original changed one paragraph keeps every
other paragraph, and shows the changed one in the original's words and language.

A translation written by `translations import` records the hash of each segment's original
(`content.segmentrecord`). When its `translation_of` no longer matches the original's words, each
segment whose recorded hash is not the original's hash now is *behind*: the page is shown with
that block taken from the original, marked with the original's `lang` and `dir`, and the view
says how many of its blocks are behind. A translation without a record, or whose shape no longer
matches the original's (edited by hand), is left whole and judged by `translation_of` as before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sitegen.content.doc import BodyStore, Doc
from sitegen.content.parsefile import parse_file
from sitegen.content.segmentrecord import (
    BODY,
    RECORD_KEY,
    UNTRANSLATED,
    left_untranslated,
    read_record,
    same_shape,
    segment_hash,
)
from sitegen.content.segments import SegmentedBody, segment_body
from sitegen.content.words import FINGERPRINT_KEY
from sitegen.errors import Problems, SiteError
from sitegen.i18n.languages import language_view
from sitegen.incremental.cache import Cache, fingerprint
from sitegen.read.config import SiteConfig
from sitegen.read.frontmatter import FrontMatter, split_front_matter
from sitegen.textfile import read_text

HAND_MADE = ""  # a segment the record does not name: written by hand, trusted


@dataclass(frozen=True)
class Behind:
    """How many of a translation's blocks are shown in the original's words."""

    behind: int
    total: int


def merge_behind(original: Doc, translation: Doc, config: SiteConfig) -> tuple[Doc, Behind] | None:
    """Return the translation with its out-of-date blocks from the original, or None when the
    translation is judged as a whole (no record, up to date, or another shape)."""
    recorded = translation.text(RECORD_KEY)
    if not recorded or translation.text(FINGERPRINT_KEY) == original.words:
        return None
    try:
        mine, _ = _segmented(original)
        theirs, their_front = _segmented(translation)
    except SiteError:
        return None
    if not same_shape(mine, theirs):
        return None
    record = read_record(recorded)
    pairs = enumerate(zip(mine.segments, theirs.segments, strict=True))
    behind = {
        index
        for index, (segment, their) in pairs
        if _is_behind(record.get(BODY + segment.context, HAND_MADE), segment.text, their.text)
    }
    total = len(mine.segments)
    if not behind:
        return translation, Behind(0, total)
    lang = original.lang
    mark = f'lang="{lang}" dir="{language_view(lang).dir}"'
    texts = [
        mine.segments[i].text if i in behind else segment.text
        for i, segment in enumerate(theirs.segments)
    ]
    body = theirs.rebuild(texts, marks={i: mark for i in behind})
    return _reparsed(translation, their_front, body, original, config), Behind(len(behind), total)


def _is_behind(recorded: str, original: str, translated: str) -> bool:
    """Tell whether a block is shown from the original: its record names an older original, or
    it still holds the original's words the import left there."""
    if recorded == HAND_MADE:
        return False
    if recorded.startswith(UNTRANSLATED):
        return left_untranslated(recorded, translated)
    return recorded != segment_hash(original)


def _segmented(doc: Doc) -> tuple[SegmentedBody, FrontMatter]:
    text = read_text(doc.source.path, doc.source.ref.path)
    front = split_front_matter(text, doc.source.ref.path)
    return segment_body(front.body, [heading[2] for heading in doc.body.headings]), front


def _reparsed(
    translation: Doc, front: FrontMatter, body: str, original: Doc, config: SiteConfig
) -> Doc:
    """Parse the merged text as the translation's file (its front matter, the merged body)."""
    text = read_text(translation.source.path, translation.source.ref.path)
    head = "\n".join(text.split("\n")[: front.body_line - 1]) + "\n"
    raw = (head + body).encode("utf-8")
    parsed = parse_file(translation.source, config, Problems(), raw)
    if parsed is None:
        return translation
    key = fingerprint("behind", translation.fingerprint, original.fingerprint)
    bodies = BodyStore(Cache(None), config, {key: parsed[1]})
    return replace(translation, body=parsed[0].body, fingerprint=key, bodies=bodies)


def with_fallbacks(
    variants: dict[str, Doc], config: SiteConfig, behind: dict[str, Behind]
) -> dict[str, Doc]:
    """Return a page's or letter's variants with out-of-date blocks from the original; record in
    `behind` (by the translation's path) how many blocks each shows in the original's words."""
    original = variants.get(config.default_language)
    if original is None:
        return variants
    merged = dict(variants)
    for lang, doc in variants.items():
        if doc is original:
            continue
        found = merge_behind(original, doc, config)
        if found is not None:
            merged[lang], behind[doc.source.rel] = found
    return merged
