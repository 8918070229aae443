"""Stage 3: read each Markdown source into a `Doc`: checked front matter and rendered body."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sitegen.cache import Cache, fingerprint
from sitegen.config import SiteConfig
from sitegen.discover import SourceFile
from sitegen.errors import Problem, Problems, SiteError
from sitegen.frontmatter import split_front_matter
from sitegen.i18n import language_view
from sitegen.linkedhtml import LinkedHtml
from sitegen.markdown import MarkdownOptions, MarkdownResult, render_markdown
from sitegen.parallel import parallel_map
from sitegen.schema import LETTER_SCHEMA, PAGE_SCHEMA, Record, validate
from sitegen.textfile import decode_text, read_text


@dataclass(frozen=True)
class Doc:
    """One Markdown file in one language: its front matter and its rendered body."""

    source: SourceFile
    meta: Record
    body: MarkdownResult
    source_text: str  # the Markdown body as written (fingerprinted for translations)
    linked: LinkedHtml  # the body's HTML split around its internal links
    fingerprint: str = ""  # of the file and how it was parsed ("" when not computed)

    @property
    def lang(self) -> str:
        return self.source.lang

    def text(self, name: str) -> str:
        """Return a text field of the front matter, "" when absent."""
        value = self.meta.get(name)
        return "" if value is None else str(value)

    def date(self, name: str) -> dt.date | None:
        """Return a date field of the front matter, None when absent."""
        value: Any = self.meta.get(name)
        return value if isinstance(value, dt.date) else None

    def line_of(self, name: str) -> int | None:
        """Return the file line of a front matter key (or of the front matter)."""
        return self.meta.lines.get(name, self.meta.line)


PARSED_FORMAT = "parsed-2"  # change when what `_parse_one` returns changes shape


Outcome = tuple[tuple[Record, MarkdownResult, str, "LinkedHtml"] | None, tuple[Problem, ...]]


@dataclass(frozen=True)
class ParseState:
    """What every parse needs; shared read-only with worker processes."""

    config: SiteConfig
    cache: Cache


def parse_docs(
    sources: list[SourceFile], state: ParseState, problems: Problems
) -> list[Doc | None]:
    """Parse many sources on every core (cached); problems are reported in source order."""
    outcomes = parallel_map(_parse_one, state, sources)
    docs = []
    for source, ((parsed, found), key) in zip(sources, outcomes, strict=True):
        problems.extend(found)
        docs.append(None if parsed is None else Doc(source, *parsed, fingerprint=key))
    return docs


def _parse_one(state: ParseState, source: SourceFile) -> tuple[Outcome, str]:
    try:
        raw = source.path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return (None, (Problem(source.ref, f"cannot read the file: {reason}"),)), ""
    options = markdown_options(source, state.config)
    key = fingerprint(PARSED_FORMAT, raw, source.rel, source.role, source.lang, repr(options))
    cached = state.cache.get(key)
    if _is_outcome(cached):
        return cast(Outcome, cached), key
    problems = Problems()
    doc = parse_doc(source, state.config, problems, raw=raw)
    outcome = (
        None if doc is None else (doc.meta, doc.body, doc.source_text, doc.linked),
        tuple(problems.items),
    )
    state.cache.put(key, outcome)
    return outcome, key


def _is_outcome(value: object) -> bool:
    """Tell whether a cached value has the shape `_parse_one` returns (else: a miss)."""
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], tuple)):
        return False
    parsed = value[0]
    return parsed is None or (
        isinstance(parsed, tuple)
        and len(parsed) == 4
        and isinstance(parsed[0], Record)
        and isinstance(parsed[1], MarkdownResult)
        and isinstance(parsed[3], LinkedHtml)
    )


def markdown_options(source: SourceFile, config: SiteConfig) -> MarkdownOptions:
    """Return how a source's Markdown is rendered (right-to-left text gets isolation)."""
    return MarkdownOptions(
        raw_html=config.raw_html,
        remote_media=config.remote_media,
        isolate_ltr=language_view(source.lang).dir == "rtl",
    )


def parse_doc(
    source: SourceFile, config: SiteConfig, problems: Problems, raw: bytes | None = None
) -> Doc | None:
    """Read a page or letter; report its problems and return None if it cannot be used."""
    ref = source.ref
    try:
        text = decode_text(raw, ref.path) if raw is not None else read_text(source.path, ref.path)
        front = split_front_matter(text, ref.path)
    except SiteError as exc:
        problems.extend(exc.problems)
        return None
    schema = LETTER_SCHEMA if source.role == "letter" else PAGE_SCHEMA
    meta = validate(front.meta, schema, ref.path, problems, line=front.meta_line)
    try:
        body = render_markdown(
            front.body, ref.at(front.body_line), problems, markdown_options(source, config)
        )
    except SiteError as exc:
        problems.extend(exc.problems)
        return None
    return Doc(source, meta, body, front.body, LinkedHtml.split(body.html))
