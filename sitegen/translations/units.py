"""The site's words as translation units, each with its translation into one language (if any).

A unit is one segment of an original (a front matter field, a block of a page or letter, a
contact directory's words), named by its file and place (`advice/staying-safe.md#reporting/p2`),
with the translation's words for it and the hash of the original they were translated from.
`export` writes units as a catalog; `import_po` reads a catalog back against them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sitegen.content.contacts import Directory
from sitegen.content.doc import Doc
from sitegen.content.segmentrecord import (
    BODY,
    FRONT,
    RECORD_KEY,
    UNTRANSLATED,
    left_untranslated,
    pair,
    read_record,
    segment_hash,
)
from sitegen.content.segments import SegmentedBody, segment_body
from sitegen.content.words import FINGERPRINT_KEY, directory_fingerprint
from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.read.config import SiteConfig, load_config
from sitegen.read.discover import CONTENT_DIR, discover
from sitegen.read.frontmatter import FrontMatter, split_front_matter
from sitegen.site.lock import read_lock
from sitegen.site.model import Site, build_model
from sitegen.textfile import read_text
from sitegen.translations.protect import Protector

PAGE_WORDS = ("title", "summary")
LETTER_WORDS = ("title", "role", "organisation", "to")
ENTRY_WORDS = ("name", "when", "hours", "address")
UNKNOWN = "?"  # the translation's words are there, but not which original they came from
State = Literal["translated", "changed", "missing"]
Kind = Literal["page", "letter", "contacts"]


@dataclass(frozen=True)
class Unit:
    """One segment of an original and its translation into one language."""

    file: str  # the original, relative to content/: "advice/staying-safe.md"
    where: str  # ":title", "#reporting/p2", "#crimestoppers/name"
    source: str  # the original's words (inline Markdown)
    line: int  # the line of the original file it is on
    kind: str  # heading, paragraph, item, cell, quote, alt, footnote, field
    translation: str = ""  # the translation's words; "" when none
    recorded: str = ""  # hash of the original translated from; "" none, UNKNOWN unknown

    @property
    def context(self) -> str:
        return self.file + self.where

    @property
    def hash(self) -> str:
        return segment_hash(self.source)

    @property
    def state(self) -> State:
        if not self.translation:
            return "missing"
        return "translated" if self.recorded == self.hash else "changed"


@dataclass(frozen=True)
class FileUnits:
    """The units of one original file and where its translation is (or would be)."""

    kind: Kind
    original: Path
    translation: Path
    units: tuple[Unit, ...]
    body: SegmentedBody | None  # pages and letters: the original's segmented body
    front: FrontMatter | None  # pages and letters: the original's front matter and body
    words: str = ""  # the original's words fingerprint (what `translation_of` records)

    @property
    def rel(self) -> str:
        """The original relative to content/."""
        return self.units[0].file if self.units else ""


@dataclass(frozen=True)
class SiteUnits:
    """Every original file's units for one language, and how to protect their tokens."""

    config: SiteConfig
    lang: str
    files: tuple[FileUnits, ...]
    protector: Protector
    site: Site

    def units(self) -> Iterator[Unit]:
        for file in self.files:
            yield from file.units

    def protector_of(self, unit: Unit) -> Protector:
        """How a unit's tokens are protected: a contact's own name is words to translate."""
        if unit.file.startswith("contacts/") and unit.where.endswith("/name"):
            return Protector(self.protector.region)
        return self.protector


def site_units(site_dir: Path, lang: str, paths: tuple[Path, ...] = ()) -> SiteUnits:
    """Read the site and return its units for `lang` (of the files named, or of all)."""
    from sitegen.clock import build_clock

    config = load_config(site_dir)
    if lang not in config.languages[1:]:
        others = ", ".join(config.languages[1:]) or "none"
        raise SiteError.at(
            config_ref(),
            f"{lang!r} is not a language to translate into: site.yaml lists {others}",
        )
    problems = Problems()
    sources = discover(site_dir, config.languages, problems)
    site = build_model(config, sources, problems, build_clock(None))
    if problems.errors:
        raise SiteError(problems.errors)
    wanted = {_content_rel(site_dir, path) for path in paths}
    files = [f for f in _all_files(site, lang) if not wanted or f.rel in wanted]
    unknown = wanted - {f.rel for f in files}
    if unknown:
        raise SiteError.at(
            config_ref(f"{CONTENT_DIR}/{sorted(unknown)[0]}"),
            "this is not an original page, letter or contact directory of the site",
        )
    return SiteUnits(config, lang, tuple(files), protector_for(site_dir, site), site)


def config_ref(path: str = "site.yaml") -> SourceRef:
    return SourceRef(path)


def protector_for(site_dir: Path, site: Site) -> Protector:
    """Protect the names of the contacts in contacts.lock and the directories' own numbers."""
    locked = {fact.key for fact in read_lock(site_dir) or ()}
    literals: set[str] = set()
    for directory in site.directories.values():
        for entry in directory.entries:
            if f"{directory.id}/{entry.id}" in locked and entry.name:
                literals.add(entry.name)
            if entry.phone is not None:
                literals.add(entry.phone.written)
    return Protector(site.config.region, tuple(sorted(literals)))


def _content_rel(site_dir: Path, path: Path) -> str:
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, site_dir / path]
    found = next((c for c in candidates if c.exists()), candidates[-1])
    try:
        return found.resolve().relative_to((site_dir / CONTENT_DIR).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _all_files(site: Site, lang: str) -> Iterator[FileUnits]:
    default = site.config.default_language
    for key in sorted(site.pages):
        page = site.pages[key]
        original = page.variants.get(default)
        if original is not None:
            yield doc_units("page", original, page.variants.get(lang), PAGE_WORDS, lang)
        for letter in page.letters:
            if default in letter.variants:
                theirs = letter.variants.get(lang)
                yield doc_units("letter", letter.variants[default], theirs, LETTER_WORDS, lang)
        if page.directory is not None:
            yield directory_units(site, page.directory, lang)


def _rel(doc: Doc) -> str:
    return doc.source.rel


def split(doc: Doc) -> FrontMatter:
    """Read a document's file again: its front matter and body as written."""
    return split_front_matter(read_text(doc.source.path, doc.source.ref.path), doc.source.ref.path)


def segmented(doc: Doc, front: FrontMatter) -> SegmentedBody:
    return segment_body(front.body, [heading[2] for heading in doc.body.headings])


def doc_units(
    kind: Literal["page", "letter"],
    original: Doc,
    translation: Doc | None,
    keys: tuple[str, ...],
    lang: str,
) -> FileUnits:
    """Return the units of a page or letter and its translation's words for each."""
    front = split(original)
    body = segmented(original, front)
    theirs: dict[str, str] = {}
    record: dict[str, str] = {}
    fresh = False
    if translation is not None:
        their_front = split(translation)
        paired = pair(body, segmented(translation, their_front))
        theirs = {BODY + context: segment.text for context, segment in paired.items()}
        theirs |= {FRONT + key: translation.text(key).strip() for key in keys}
        record = read_record(translation.text(RECORD_KEY))
        fresh = translation.text(FINGERPRINT_KEY) == original.words
    units: list[Unit] = []
    for key in keys:
        if original.text(key):
            where = FRONT + key
            line = original.line_of(key) or 1
            words = original.text(key).strip()  # a folded value ends in a line break
            units.append(Unit(_rel(original), where, words, line, "field"))
    offset = front.body_line - 1
    for segment in body.segments:
        where = BODY + segment.context
        units.append(Unit(_rel(original), where, segment.text, segment.line + offset, segment.kind))
    return FileUnits(
        kind,
        original.source.path,
        translation.source.path if translation else translation_path(original.source.path, lang),
        tuple(_with_translation(unit, theirs, record, fresh) for unit in units),
        body,
        front,
        original.words,
    )


def _with_translation(
    unit: Unit, theirs: dict[str, str], record: dict[str, str], fresh: bool
) -> Unit:
    words = theirs.get(unit.where, "")
    if not words:
        return unit
    recorded = unit.hash if fresh else record.get(unit.where, UNKNOWN)
    if left_untranslated(recorded, words):  # the import left the original's words here
        return unit
    if recorded.startswith(UNTRANSLATED):  # since translated by hand: to be reviewed
        recorded = UNKNOWN
    return Unit(unit.file, unit.where, unit.source, unit.line, unit.kind, words, recorded)


def translation_path(original: Path, lang: str) -> Path:
    """Where the `lang` translation of an original file goes: beside it, `name.lang.ext`."""
    return original.with_name(f"{original.stem}.{lang}{original.suffix}")


def directory_units(site: Site, directory: Directory, lang: str) -> FileUnits:
    """Return a contact directory's words as units, with its translation's words."""
    path = Path(site.config.root) / directory.ref.path
    rel = directory.ref.path.removeprefix(f"{CONTENT_DIR}/")
    translation = directory.translations.get(lang)
    fresh = translation is not None and translation.translation_of == directory_fingerprint(
        directory
    )
    units: list[Unit] = []
    pairs: list[tuple[str, str, str, int]] = [
        (
            ":title",
            directory.title,
            translation.title if translation else "",
            directory.ref.line or 1,
        ),
    ]
    if directory.intro:
        pairs.append(
            (
                ":intro",
                directory.intro,
                translation.intro if translation else "",
                directory.ref.line or 1,
            )
        )
    for entry in directory.entries:
        words = translation.entries.get(entry.id) if translation else None
        for key in ENTRY_WORDS:
            value = getattr(entry, key)
            if value:
                theirs = getattr(words, key) if words else ""
                pairs.append((f"#{entry.id}/{key}", value, theirs, entry.ref.line or 1))
    for where, source, theirs, line in pairs:
        unit = Unit(rel, where, source, line, "field")
        if theirs:
            recorded = unit.hash if fresh else UNKNOWN
            unit = Unit(rel, where, source, line, "field", theirs, recorded)
        units.append(unit)
    target = translation.ref.path if translation else ""
    translated = Path(site.config.root) / target if target else translation_path(path, lang)
    fingerprint = directory_fingerprint(directory)
    return FileUnits("contacts", path, translated, tuple(units), None, None, fingerprint)
