"""Stage 3: read each Markdown source into a `Doc`: checked front matter and rendered body.

A site of thousands of pages keeps only what later stages need to know about each body (links,
ids, headings) in memory; the HTML itself goes to a `BodyStore` (the cache folder, or memory
when there is none) and is read back by whichever process renders the page. A build whose
sources are unchanged reads one index file instead of parsing anything.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import secrets
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from sitegen.content.linkedhtml import LinkedHtml
from sitegen.content.markdown import LIBRARIES as MARKDOWN_LIBRARIES
from sitegen.content.markdown import Link, MarkdownOptions, render_markdown
from sitegen.content.words import words_fingerprint
from sitegen.errors import Problem, Problems, SiteError
from sitegen.i18n.languages import language_view
from sitegen.incremental.cache import Cache, Place, fingerprint, is_settled
from sitegen.incremental.parallel import parallel_batches
from sitegen.pickling import reduce_by_fields
from sitegen.read.config import SiteConfig
from sitegen.read.discover import SourceFile
from sitegen.read.frontmatter import split_front_matter
from sitegen.read.schema import LETTER_SCHEMA, PAGE_SCHEMA, Record, validate
from sitegen.read.yamlread import LIBRARY as YAML_LIBRARY
from sitegen.textfile import decode_text, read_text

PARSED_FORMAT = "parsed-8"  # change when what `_parse_one` returns changes shape
INDEX_NAME = "parsed-index"
INDEX_CHANGES_NAME = "parsed-index-changes"


@dataclass(frozen=True, slots=True)
class BodyFacts:
    """What later stages need to know about a rendered body, without its HTML."""

    links: tuple[Link, ...]
    ids: frozenset[str]
    headings: tuple[tuple[int, str, str], ...]  # (level, text, id)
    images_without_alt: tuple[int, ...]  # lines

    __reduce__ = reduce_by_fields


@dataclass(frozen=True, slots=True)
class Parsed:
    """What parsing one file gives, apart from the body's HTML (kept in the index)."""

    meta: Record
    body: BodyFacts
    words: str  # fingerprint of the words a translator translates (see sitegen.site.freshness)
    shown: str  # fingerprint of what other pages may show of it: front matter and ids

    __reduce__ = reduce_by_fields


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
        raw = _read_raw(doc.source)
        if raw is None or _parse_key(doc.source, raw, self.config) != doc.fingerprint:
            raise SiteError.at(
                doc.source.ref, "the file changed while the site was being built: build again"
            )
        problems = Problems()
        parsed = _parse_file(doc.source, self.config, problems, raw)
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


# What parsing a file gives: the parsed file (None if unusable) and the problems found.
Outcome = tuple[Parsed | None, tuple[Problem, ...]]
# The file's identity on disk when it was read: (size, mtime_ns, ctime_ns, inode).
FileStamp = tuple[int, int, int, int]


@dataclass
class ParseIndex:
    """Every parse outcome of the previous builds by key, each file's key by its stamp, and
    where each key's body is packed.

    Read once per build: a file whose stamp is unchanged is not even read, and a file whose key
    is known is not parsed. Kept as a base file plus a small file of what changed since, so a
    build that parsed a few files writes only those (the base is rewritten, dropping outcomes no
    longer used and the packs that hold none of their bodies, once the changes grow past a
    fraction of it).
    """

    outcomes: dict[str, Outcome] = field(default_factory=dict)
    stamps: dict[str, tuple[FileStamp, str]] = field(default_factory=dict)  # by path and context
    places: dict[str, Place] = field(default_factory=dict)  # bodies by key
    used: set[str] = field(default_factory=set)
    base: str = ""  # names the base file the changes apply to ("" when there is none)
    added: dict[str, Outcome] = field(default_factory=dict)  # outcomes not in the base
    restamped: dict[str, tuple[FileStamp, str]] = field(default_factory=dict)  # not in the base
    placed: dict[str, Place] = field(default_factory=dict)  # places not in the base
    dirty: bool = False  # something was added, restamped or placed by this build

    @classmethod
    def load(cls, cache: Cache) -> ParseIndex:
        """Read the index from the cache (an empty one when absent or unreadable).

        In a warm process (see `build.WarmState`) the cache hands back the dicts it read or
        wrote last time, and this build adds to them. That is safe: they only ever gain entries,
        and each entry is a fact about a fingerprint or a file stamp, true whoever reads it.
        """
        base = cache.get(INDEX_NAME, remember=True)
        if not _is_index_file(base):
            return cls()
        index = cls(outcomes=base[2], stamps=base[3], places=base[4], base=base[1])
        changes = cache.get(INDEX_CHANGES_NAME, remember=True)
        if _is_index_file(changes) and changes[1] == base[1]:
            index.added, index.restamped, index.placed = changes[2], changes[3], changes[4]
            index.outcomes.update(index.added)
            index.stamps.update(index.restamped)
            index.places.update(index.placed)
        return index

    def add(self, key: str, outcome: Outcome) -> None:
        """Remember a new parse outcome."""
        self.outcomes[key] = self.added[key] = outcome
        self.dirty = True

    def restamp(self, path: str, stamp: FileStamp, key: str) -> None:
        """Remember a file's stamp and key."""
        self.stamps[path] = self.restamped[path] = (stamp, key)
        self.dirty = True

    def place(self, key: str, place: Place) -> None:
        """Remember where a key's body is packed."""
        self.places[key] = self.placed[key] = place
        self.dirty = True

    def save(self, cache: Cache) -> None:
        """Write what changed: the changes file, or a new base once changes are many."""
        if not self.dirty:
            return
        changes = len(self.added) + len(self.restamped) + len(self.placed)
        if self.base and changes <= max(64, len(self.outcomes) // 20):
            cache.put(
                INDEX_CHANGES_NAME,
                (PARSED_FORMAT, self.base, self.added, self.restamped, self.placed),
                remember=True,
            )
            return
        outcomes = {key: self.outcomes[key] for key in sorted(self.used) if key in self.outcomes}
        stamps = {path: entry for path, entry in self.stamps.items() if entry[1] in outcomes}
        places = {key: self.places[key] for key in outcomes if key in self.places}
        base = secrets.token_hex(8)
        if cache.put(INDEX_NAME, (PARSED_FORMAT, base, outcomes, stamps, places), remember=True):
            cache.put(INDEX_CHANGES_NAME, (PARSED_FORMAT, base, {}, {}, {}), remember=True)
            cache.prune_packs({place[0] for place in places.values()})


def _is_index_file(
    value: Any,
) -> TypeGuard[tuple[str, str, dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """Whether a value read from the cache has the shape of an index base or changes file."""
    return (
        isinstance(value, tuple)
        and len(value) == 5
        and value[0] == PARSED_FORMAT
        and isinstance(value[1], str)
        and all(isinstance(part, dict) for part in value[2:])
    )


@dataclass(frozen=True)
class ParseState:
    """What every parse needs; shared read-only with worker processes."""

    config: SiteConfig
    cache: Cache
    bodies: BodyStore
    index: ParseIndex

    @classmethod
    def create(cls, config: SiteConfig, cache: Cache) -> ParseState:
        index = ParseIndex.load(cache)
        return cls(config, cache, BodyStore(cache, config, places=index.places), index)


def parse_docs(
    sources: list[SourceFile], state: ParseState, problems: Problems
) -> list[Doc | None]:
    """Parse many sources on every core (cached); problems are reported in source order.

    A file whose stamp is remembered is not read; the others are read, fingerprinted and, if
    their fingerprint is new, parsed, all by the worker that reads them (reading and hashing
    thousands of files is work too).
    """
    index = state.index
    taken_ns = time.time_ns()  # before any stamp: a stamp is remembered only if settled by then
    known = [_remembered_key(source, state) for source in sources]
    todo = [
        (position, source, key)
        for position, (source, key) in enumerate(zip(sources, known, strict=True))
        if key is None or key not in index.outcomes
    ]
    keys = list(known)
    found = parallel_batches(_read_batch, state, [(source, key) for _, source, key in todo])
    for (position, source, _), (key, stamp, outcome, body, place) in zip(todo, found, strict=True):
        keys[position] = key
        if (
            stamp is not None
            and is_settled(stamp[1], stamp[2], taken_ns)
            and index.stamps.get(_stamp_path(source, state)) != (stamp, key)
        ):
            index.restamp(_stamp_path(source, state), stamp, key)
        if outcome is not None and key not in index.outcomes:
            index.add(key, outcome)
        if place is not None:
            index.place(key, place)
        elif body is not None:
            state.bodies.memory[key] = body
    docs = []
    for source, maybe_key in zip(sources, keys, strict=True):
        assert maybe_key is not None  # every file not known by its stamp was read above
        key = maybe_key
        parsed, seen = index.outcomes[key]
        index.used.add(key)
        problems.extend(seen)
        docs.append(
            None
            if parsed is None
            else Doc(
                source, parsed.meta, parsed.body, parsed.words, parsed.shown, key, state.bodies
            )
        )
    return docs


def _stamp_path(source: SourceFile, state: ParseState) -> str:
    """The name a file's stamp is remembered under: its path and how it is read.

    A key is remembered for the file as read in one way (its place, role, language and the
    Markdown options), so a changed setting reads the file again.
    """
    return f"{source.file}\n{_parse_context(source, state.config)}"


def _remembered_key(source: SourceFile, state: ParseState) -> str | None:
    """Return a source's key if its stamp is the one remembered (None: it must be read).

    A body gone from the cache is made again when it is needed.
    """
    remembered = state.index.stamps.get(_stamp_path(source, state))
    if remembered is None:
        return None
    stamp = _stamp(source.file)
    return remembered[1] if stamp is not None and remembered[0] == stamp else None


# What reading one file gives: its key, its stamp (taken before reading), the parse outcome if
# its key was not known, and its body (when parsed) or where the body was packed.
ReadOutcome = tuple[str, FileStamp | None, Outcome | None, LinkedHtml | None, Place | None]


def _read_batch(
    state: ParseState, items: Sequence[tuple[SourceFile, str | None]]
) -> list[ReadOutcome]:
    """Read a batch of files (in a worker), and pack the bodies parsed into one cache file.

    The bodies travel back to the parent only when they could not be stored.
    """
    read = [_read_one(state, item) for item in items]
    bodies = {n: outcome[3] for n, outcome in enumerate(read) if outcome[3] is not None}
    places = state.cache.put_pack([body.parts for body in bodies.values()]) if bodies else None
    if places is None:
        return read
    for n, place in zip(bodies, places, strict=True):
        key, stamp, outcome, _, _ = read[n]
        read[n] = (key, stamp, outcome, None, place)
    return read


def _read_one(state: ParseState, item: tuple[SourceFile, str | None]) -> ReadOutcome:
    """Read one file: fingerprint it, and parse it if its key is not known."""
    source, key = item
    stamp = _stamp(source.file)
    raw = _read_raw(source)
    if raw is None:
        unreadable = fingerprint(PARSED_FORMAT, "unreadable", _stamp_path(source, state))
        outcome, _ = _parse_one(state, source, None)
        return unreadable, None, outcome, None, None
    key = _parse_key(source, raw, state.config)
    if key in state.index.outcomes:
        return key, stamp, None, None, None
    outcome, body = _parse_one(state, source, raw)
    return key, stamp, outcome, body, None


def _stamp(path: str) -> FileStamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _read_raw(source: SourceFile) -> bytes | None:
    try:
        return source.path.read_bytes()
    except OSError:
        return None


def _parse_context(source: SourceFile, config: SiteConfig) -> str:
    """Everything but the bytes that decides how a file is parsed."""
    options = _options_text(config.raw_html, config.remote_media, source.lang)
    return "\n".join((source.rel, source.role, source.lang, options, _LIBRARIES))


# An upgraded library may read or render the same bytes differently: its outcomes are new ones.
_LIBRARIES = f"{MARKDOWN_LIBRARIES}, {YAML_LIBRARY}"


def _parse_key(source: SourceFile, raw: bytes, config: SiteConfig) -> str:
    return fingerprint(PARSED_FORMAT, raw, _parse_context(source, config))


def _parse_one(
    state: ParseState, source: SourceFile, raw: bytes | None
) -> tuple[Outcome, LinkedHtml | None]:
    """Parse one file (`raw` None: it could not be read); return the outcome and the body."""
    try:
        raw = source.path.read_bytes() if raw is None else raw
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return (None, (Problem(source.ref, f"cannot read the file: {reason}"),)), None
    problems = Problems()
    parsed = _parse_file(source, state.config, problems, raw)
    if parsed is None:
        return (None, tuple(problems.items)), None
    return (parsed[0], tuple(problems.items)), parsed[1]


def markdown_options(source: SourceFile, config: SiteConfig) -> MarkdownOptions:
    """Return how a source's Markdown is rendered (right-to-left text gets isolation)."""
    return _markdown_options(config.raw_html, config.remote_media, source.lang)


@functools.lru_cache(maxsize=64)
def _markdown_options(raw_html: bool, remote_media: str, lang: str) -> MarkdownOptions:
    return MarkdownOptions(
        raw_html=raw_html,
        remote_media=remote_media,
        isolate_ltr=language_view(lang).dir == "rtl",
    )


@functools.lru_cache(maxsize=64)
def _options_text(raw_html: bool, remote_media: str, lang: str) -> str:
    """The options as a parse key holds them (made once per language, not once per file)."""
    return repr(_markdown_options(raw_html, remote_media, lang))


def _parse_file(
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
    schema = LETTER_SCHEMA if source.role == "letter" else PAGE_SCHEMA
    meta = validate(front.meta, schema, ref.path, problems, line=front.meta_line)
    try:
        body = render_markdown(
            front.body, ref.at(front.body_line), problems, markdown_options(source, config)
        )
    except SiteError as exc:
        problems.extend(exc.problems)
        return None
    meta = _with_shared_names(meta)
    facts = BodyFacts(
        tuple(_with_shared_target(link) for link in body.links),
        frozenset(sys.intern(name) for name in body.ids),
        tuple((level, text, sys.intern(name)) for level, text, name in body.headings),
        body.images_without_alt,
    )
    shown = fingerprint("shown", repr(sorted(meta.values.items())), repr(sorted(body.ids)))
    parsed = Parsed(meta, facts, words_fingerprint(meta, front.body), shown)
    return parsed, LinkedHtml.split(body.html)


# A site's pages repeat the same few front matter keys, ids ("section-2", "fn:1") and link
# targets thousands of times. Interned, each is one object, kept once by the pickled index (which
# shares equal objects) and by every process that loads it: 11 MiB less at 6,000 pages.


def _with_shared_names(record: Record) -> Record:
    intern = sys.intern
    values = {intern(key): value for key, value in record.values.items()}
    lines = {intern(key): line for key, line in record.lines.items()}
    return Record(values, lines, record.line)


def _with_shared_target(link: Link) -> Link:
    """The link as the index keeps it: its text was needed only while parsing (the checks of
    deceptive links), and is left out (29,000 strings fewer to read at 6,000 pages)."""
    return Link(sys.intern(link.target), "", link.line, link.kind, link.internal)


def parse_doc(
    source: SourceFile, config: SiteConfig, problems: Problems, raw: bytes | None = None
) -> Doc | None:
    """Read one page or letter on its own (no cache); None if it cannot be used."""
    if raw is None:
        raw = _read_raw(source)
    parsed = _parse_file(source, config, problems, raw)
    if parsed is None:
        return None
    key = _parse_key(source, raw, config) if raw is not None else ""
    bodies = BodyStore(Cache(None), config, {key: parsed[1]})
    first = parsed[0]
    return Doc(source, first.meta, first.body, first.words, first.shown, key, bodies)
