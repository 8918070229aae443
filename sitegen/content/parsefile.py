"""Parse one Markdown source: its checked front matter, the facts about its body, its HTML.

Also the parse key, which names a file's bytes and everything else that decides how they are
parsed: two files with one key parse the same, so an outcome is kept and found by its key.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, replace

from sitegen.content.factspots import Spots, file_spots
from sitegen.content.linkedhtml import LinkedHtml
from sitegen.content.markdown import LIBRARIES as MARKDOWN_LIBRARIES
from sitegen.content.markdown import render_markdown
from sitegen.content.markdown_types import Link, MarkdownOptions
from sitegen.content.pasted_leftovers import warn_leftovers
from sitegen.content.words import words_fingerprint
from sitegen.errors import Problems, SiteError
from sitegen.i18n.languages import language_view
from sitegen.incremental.cache import fingerprint
from sitegen.pickling import reduce_by_fields
from sitegen.read.config import SiteConfig
from sitegen.read.discover import SourceFile, is_rumour
from sitegen.read.frontmatter import split_front_matter
from sitegen.read.schema import Schema
from sitegen.read.schemas import (
    LETTER_SCHEMA,
    PAGE_SCHEMA,
    RUMOUR_SCHEMA,
    RUMOUR_TRANSLATION_SCHEMA,
)
from sitegen.read.validate import Record, validate
from sitegen.read.yamlread import LIBRARY as YAML_LIBRARY
from sitegen.textfile import decode_text, read_regular, read_text

PARSED_FORMAT = "parsed-13"  # change when what `parse._parse_one` returns (or reports) changes


@dataclass(frozen=True, slots=True)
class BodyFacts:
    """What later stages need to know about a rendered body, without its HTML."""

    links: tuple[Link, ...]
    ids: frozenset[str]
    headings: tuple[tuple[int, str, str], ...]  # (level, text, id)
    images_without_alt: tuple[int, ...]  # lines
    # the phone numbers, web and e-mail addresses the file states (see content.factspots)
    facts: Spots

    __reduce__ = reduce_by_fields


@dataclass(frozen=True, slots=True)
class Parsed:
    """What parsing one file gives, apart from the body's HTML (kept in the index)."""

    meta: Record
    body: BodyFacts
    words: str  # fingerprint of the words a translator translates (see sitegen.site.freshness)
    shown: str  # fingerprint of what other pages may show of it: front matter and ids

    __reduce__ = reduce_by_fields


def read_raw(source: SourceFile) -> bytes | None:
    try:
        return read_regular(source.file, source.ref.path)
    except SiteError:  # reported when the parse reads it again
        return None


def parse_context(source: SourceFile, config: SiteConfig) -> str:
    """Everything but the bytes that decides how a file is parsed."""
    options = _options_text(config.raw_html, config.remote_media, source.lang, config.region)
    return "\n".join((source.rel, source.role, source.lang, options, _LIBRARIES))


# An upgraded library may read or render the same bytes differently: its outcomes are new ones.
_LIBRARIES = f"{MARKDOWN_LIBRARIES}, {YAML_LIBRARY}"


def parse_key(source: SourceFile, raw: bytes, config: SiteConfig) -> str:
    return fingerprint(PARSED_FORMAT, raw, parse_context(source, config))


def markdown_options(source: SourceFile, config: SiteConfig) -> MarkdownOptions:
    """Return how a source's Markdown is rendered (right-to-left text gets isolation)."""
    return _markdown_options(config.raw_html, config.remote_media, source.lang, config.region)


@functools.lru_cache(maxsize=64)
def _markdown_options(raw_html: bool, remote_media: str, lang: str, region: str) -> MarkdownOptions:
    return MarkdownOptions(
        raw_html=raw_html,
        remote_media=remote_media,
        isolate_ltr=language_view(lang).dir == "rtl",
        lang=lang,
        region=region,
    )


@functools.lru_cache(maxsize=64)
def _options_text(raw_html: bool, remote_media: str, lang: str, region: str) -> str:
    """The options as a parse key holds them (made once per language, not once per file)."""
    return repr(_markdown_options(raw_html, remote_media, lang, region))


def parse_file(
    source: SourceFile, config: SiteConfig, problems: Problems, raw: bytes | None = None
) -> tuple[Parsed, LinkedHtml] | None:
    """Read a page or letter; report its problems and return None if it cannot be used."""
    ref = source.ref
    try:
        text = decode_text(raw, ref.path) if raw is not None else read_text(source.path, ref.path)
        front = split_front_matter(text, ref.path)
    except SiteError as exc:
        problems.extend(exc.problems)
        return None
    schema = _schema_for(source, config)
    meta = validate(front.meta, schema, ref.path, problems, line=front.meta_line)
    options = markdown_options(source, config)
    if source.role == "letter" or meta.values.get("pasted") is True:
        options = replace(options, pasted=True)
    warn_leftovers(front.body, ref.at(front.body_line), problems, pasted=options.pasted)
    try:
        body = render_markdown(front.body, ref.at(front.body_line), problems, options)
    except SiteError as exc:
        problems.extend(exc.problems)
        return None
    meta = _with_shared_names(meta)
    facts = BodyFacts(
        tuple(_with_shared_target(link) for link in body.links),
        frozenset(sys.intern(name) for name in body.ids),
        tuple((level, text, sys.intern(name)) for level, text, name in body.headings),
        body.images_without_alt,
        _with_shared_facts(file_spots(meta, text, front.body_line)),
    )
    shown = fingerprint("shown", repr(sorted(meta.values.items())), repr(sorted(body.ids)))
    parsed = Parsed(meta, facts, words_fingerprint(meta, front.body), shown)
    return parsed, LinkedHtml.split(body.html)


def _schema_for(source: SourceFile, config: SiteConfig) -> Schema:
    if source.role == "letter":
        return LETTER_SCHEMA
    if not is_rumour(source):
        return PAGE_SCHEMA
    return RUMOUR_SCHEMA if source.lang == config.default_language else RUMOUR_TRANSLATION_SCHEMA


# A site's pages repeat the same few front matter keys, ids ("section-2", "fn:1") and link
# targets thousands of times. Interned, each is one object, kept once by the pickled index (which
# shares equal objects) and by every process that loads it: 11 MiB less at 6,000 pages.


def _with_shared_names(record: Record) -> Record:
    intern = sys.intern
    values = {intern(key): value for key, value in record.values.items()}
    lines = {intern(key): line for key, line in record.lines.items()}
    return Record(values, lines, record.line)


def _with_shared_facts(found: Spots) -> Spots:
    """The same few numbers and addresses, on thousands of pages: each string kept once."""
    intern = sys.intern
    return {intern(key): (line, intern(written)) for key, (line, written) in found.items()}


def _with_shared_target(link: Link) -> Link:
    """The link as the index keeps it: its text was needed only while parsing (the checks of
    deceptive links), and is left out (29,000 strings fewer to read at 6,000 pages)."""
    return Link(sys.intern(link.target), "", link.line, link.kind, link.internal)
