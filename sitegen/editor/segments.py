"""A translation side by side with its original, segment by segment (as `translations export`
splits them), and the change of one segment written back into the translation's body.

Protected spans (link targets, web and e-mail addresses, phone numbers) are found by the
translators' own `Protector`. In the translation's box each is a numbered placeholder (`⟦1⟧`)
listed with the text it stands for: the translator moves it where the language needs it but
cannot change the number or address itself, which the save puts back from the original. A
change that loses or adds one is refused, as `translations import` refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.segmentrecord import (
    BODY,
    RECORD_KEY,
    UNTRANSLATED,
    left_untranslated,
    read_record,
    segment_hash,
)
from sitegen.content.segments import Segment, segment_body
from sitegen.editor.pages import PageText, compose, read_utf8, split_page
from sitegen.errors import SiteError
from sitegen.read.config import load_config
from sitegen.read.discover import split_language
from sitegen.read.frontmatter import split_front_matter
from sitegen.translations.protect import Protector


@dataclass(frozen=True)
class Span:
    """A piece of an original segment: plain text, or a protected token (shown, kept)."""

    text: str
    protected: bool


@dataclass(frozen=True)
class SegmentPair:
    """One segment of the original and the translation's text for it ("" when it has none)."""

    context: str
    kind: str
    original: tuple[Span, ...]
    translation: str
    translated: bool
    # The original's protected spans, in order: the placeholder ⟦n⟧ stands for tokens[n - 1].
    tokens: tuple[str, ...] = ()
    # "changed": the original's words changed since this was translated; "untranslated": it
    # still holds the original's words an import left there; "" otherwise (the translation's
    # `translated_from` record, as the build reads it for paragraph-level freshness).
    state: str = ""


@dataclass(frozen=True)
class SideBySide:
    """A translation, its original and their segments paired by context."""

    translation_path: str
    original_path: str
    lang: str
    pairs: tuple[SegmentPair, ...]


class SegmentRefused(ValueError):
    """A segment change that cannot be written: which segment, and why."""


def original_of(site_dir: Path, translation: str) -> tuple[str, str]:
    """Return the original's site-relative path and the translation's language."""
    config = load_config(site_dir)
    path = Path(translation)
    base, lang = split_language(path.stem, config.languages)
    if lang is None or lang == config.default_language:
        raise SegmentRefused(f"{translation} is not a translation (no language in its name)")
    original = path.with_name(base + path.suffix).as_posix()
    if not (site_dir / original).is_file():
        raise SegmentRefused(f"{translation} has no original: {original} is missing")
    return original, lang


def _protector(site_dir: Path) -> Protector:
    return Protector(load_config(site_dir).region)


def _spans(protector: Protector, text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    position = 0
    for token in protector.tokens(text):
        if token.start > position:
            spans.append(Span(text[position : token.start], False))
        spans.append(Span(token.text, True))
        position = token.end
    if position < len(text):
        spans.append(Span(text[position:], False))
    return tuple(spans)


def pairing(originals: Sequence[Segment], translated: Sequence[Segment]) -> dict[int, int]:
    """Pair segments: by position when both have the same blocks in the same order (a
    translated heading gets another id, so its contexts differ), else by context."""
    if [s.kind for s in originals] == [s.kind for s in translated]:
        return {index: index for index in range(len(originals))}
    where = {segment.context: index for index, segment in enumerate(translated)}
    return {i: where[s.context] for i, s in enumerate(originals) if s.context in where}


def side_by_side(site_dir: Path, translation: str) -> SideBySide:
    """Pair the original's segments with the translation's, by context."""
    original, lang = original_of(site_dir, translation)
    original_body = split_page(read_utf8(site_dir, original)).body
    translated_text = read_utf8(site_dir, translation)
    ours = segment_body(original_body).segments
    theirs = segment_body(split_page(translated_text).body).segments
    paired = pairing(ours, theirs)
    protector = _protector(site_dir)
    record = _record(translated_text, translation)
    pairs = []
    for index, segment in enumerate(ours):
        text = theirs[paired[index]].text if index in paired else ""
        recorded = record.get(BODY + segment.context, "")
        tokens = tuple(token.text for token in protector.tokens(segment.text))
        pairs.append(
            SegmentPair(
                segment.context,
                segment.kind,
                _spans(protector, segment.text),
                with_placeholders(protector, text, tokens),
                index in paired,
                tokens,
                _state(recorded, segment.text, text) if index in paired else "",
            )
        )
    return SideBySide(translation, original, lang, tuple(pairs))


def placeholder(number: int) -> str:
    """Return the placeholder of the `number`-th protected span (from 1)."""
    return f"\u27e6{number}\u27e7"


_PLACEHOLDER = re.compile("\u27e6([0-9]+)\u27e7")


def with_placeholders(protector: Protector, text: str, tokens: tuple[str, ...]) -> str:
    """Return a translation's text with each of the original's protected spans it holds as its
    placeholder (one the original has not is left as written, for the save to refuse)."""
    free = list(enumerate(tokens, start=1))
    out: list[str] = []
    position = 0
    for token in protector.tokens(text):
        match = next((item for item in free if item[1] == token.text), None)
        if match is None:
            continue
        free.remove(match)
        out += [text[position : token.start], placeholder(match[0])]
        position = token.end
    out.append(text[position:])
    return "".join(out)


def without_placeholders(text: str, tokens: tuple[str, ...], context: str) -> str:
    """Put the original's protected spans back in place of their placeholders."""

    def back(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(tokens):
            raise SegmentRefused(f"segment {context}: {match.group()} is not one of its own")
        return tokens[number - 1]

    return _PLACEHOLDER.sub(back, text)


def _record(text: str, path: str) -> dict[str, str]:
    """The translation's record of which original each segment was translated from."""
    try:
        value = split_front_matter(text, path).meta.get(RECORD_KEY)
    except SiteError:
        return {}
    return read_record(str(value)) if isinstance(value, str) else {}


def _state(recorded: str, original: str, translated: str) -> str:
    if not recorded:
        return ""  # written by hand, or no record: trusted
    if recorded.startswith(UNTRANSLATED):
        return "untranslated" if left_untranslated(recorded, translated) else ""
    return "changed" if recorded != segment_hash(original) else ""


def with_segment(site_dir: Path, translation: str, context: str, text: str) -> str:
    """Return the translation's file text with one segment's text replaced."""
    original, _ = original_of(site_dir, translation)
    ours = segment_body(split_page(read_utf8(site_dir, original)).body)
    page: PageText = split_page(read_utf8(site_dir, translation))
    body = segment_body(page.body)
    mine = next((i for i, s in enumerate(ours.segments) if s.context == context), None)
    index = None if mine is None else pairing(ours.segments, body.segments).get(mine)
    if mine is None or index is None:
        raise SegmentRefused(f"the translation has no segment {context!r} to change")
    protector = _protector(site_dir)
    original_text = ours.segments[mine].text
    tokens = tuple(token.text for token in protector.tokens(original_text))
    text = without_placeholders(text, tokens, context)
    problems = protector.check(protector.mark(original_text), protector.mark(text))
    if problems:
        raise SegmentRefused(f"segment {context}: " + "; ".join(problems))
    texts = [segment.text for segment in body.segments]
    texts[index] = text.strip("\n")
    return compose(page, {}, body.rebuild(texts))
