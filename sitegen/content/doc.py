"""The `Doc`: one parsed source as later stages see it, and the store its body is read from.

A site of thousands of pages keeps only what later stages need to know about each body (links,
ids, headings) in memory; the HTML itself goes to a `BodyStore` (the cache folder, or memory
when there is none) and is read back by whichever process renders the page. `parse_doc` makes
one `Doc` on its own, without the parse index (`parse` makes them all, through it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sitegen.content.linkedhtml import LinkedHtml
from sitegen.content.parsefile import BodyFacts, parse_file, parse_key, read_raw
from sitegen.errors import Problems, SiteError
from sitegen.incremental.cache import Cache, Place
from sitegen.read.config import SiteConfig
from sitegen.read.discover import SourceFile
from sitegen.read.validate import Record


@dataclass
class BodyStore:
    """Rendered bodies by document fingerprint: packed in the cache folder, or in memory.

    `places` is the parse index's record of where each body was packed (see `Cache.put_pack`).
    """

    cache: Cache
    config: SiteConfig
    memory: dict[str, LinkedHtml] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)

    def get(self, doc: Doc) -> LinkedHtml:
        """Return a document's body, parsing its file again if the stored copy is gone."""
        found = self.memory.get(doc.fingerprint)
        if found is not None:
            return found
        place = self.places.get(doc.fingerprint)
        parts = None if place is None else self.cache.get_placed(place)
        if isinstance(parts, tuple) and all(isinstance(part, str) for part in parts):
            return LinkedHtml(parts)
        return self._reparse(doc)

    def _reparse(self, doc: Doc) -> LinkedHtml:
        raw = read_raw(doc.source)
        if raw is None or parse_key(doc.source, raw, self.config) != doc.fingerprint:
            raise SiteError.at(
                doc.source.ref, "the file changed while the site was being built: build again"
            )
        problems = Problems()
        parsed = parse_file(doc.source, self.config, problems, raw)
        if parsed is None:
            raise SiteError(problems.items)
        return parsed[1]


@dataclass(frozen=True, slots=True)
class Doc:
    """One Markdown file in one language: its front matter and what its body holds."""

    source: SourceFile
    meta: Record
    body: BodyFacts
    words: str  # fingerprint of the words a translator translates
    shown: str  # fingerprint of what other pages may show of it (see sitegen.render.depends)
    fingerprint: str  # of the file and how it was parsed
    bodies: BodyStore = field(compare=False, repr=False)

    @property
    def lang(self) -> str:
        return self.source.lang

    @property
    def linked(self) -> LinkedHtml:
        """The body's HTML split around its internal links (read from the body store)."""
        return self.bodies.get(self)

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


def parse_doc(
    source: SourceFile, config: SiteConfig, problems: Problems, raw: bytes | None = None
) -> Doc | None:
    """Read one page or letter on its own (no cache); None if it cannot be used."""
    if raw is None:
        raw = read_raw(source)
    parsed = parse_file(source, config, problems, raw)
    if parsed is None:
        return None
    key = parse_key(source, raw, config) if raw is not None else ""
    bodies = BodyStore(Cache(None), config, {key: parsed[1]})
    first = parsed[0]
    return Doc(source, first.meta, first.body, first.words, first.shown, key, bodies)
