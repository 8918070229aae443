"""Stage 3: read each Markdown source into a `Doc`: checked front matter and rendered body."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sitegen.config import SiteConfig
from sitegen.discover import SourceFile
from sitegen.errors import Problems, SiteError
from sitegen.frontmatter import split_front_matter
from sitegen.i18n import language_view
from sitegen.markdown import MarkdownOptions, MarkdownResult, render_markdown
from sitegen.schema import LETTER_SCHEMA, PAGE_SCHEMA, Record, validate
from sitegen.textfile import read_text


@dataclass(frozen=True)
class Doc:
    """One Markdown file in one language: its front matter and its rendered body."""

    source: SourceFile
    meta: Record
    body: MarkdownResult
    source_text: str  # the Markdown body as written (fingerprinted for translations)

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


def parse_doc(source: SourceFile, config: SiteConfig, problems: Problems) -> Doc | None:
    """Read a page or letter; report its problems and return None if it cannot be used."""
    ref = source.ref
    try:
        text = read_text(source.path, ref.path)
        front = split_front_matter(text, ref.path)
    except SiteError as exc:
        problems.extend(exc.problems)
        return None
    schema = LETTER_SCHEMA if source.role == "letter" else PAGE_SCHEMA
    meta = validate(front.meta, schema, ref.path, problems, line=front.meta_line)
    options = MarkdownOptions(
        raw_html=config.raw_html,
        remote_media=config.remote_media,
        isolate_ltr=language_view(source.lang).dir == "rtl",
    )
    try:
        body = render_markdown(front.body, ref.at(front.body_line), problems, options)
    except SiteError as exc:
        problems.extend(exc.problems)
        return None
    return Doc(source, meta, body, front.body)
