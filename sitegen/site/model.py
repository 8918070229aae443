"""Assemble parsed sources into the site: pages, their languages, letters, directories."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

from sitegen.content.contactfiles import load_directory
from sitegen.content.contacts import Directory
from sitegen.content.doc import Doc
from sitegen.content.parse import ParseState, parse_docs
from sitegen.errors import Problems
from sitegen.i18n.phones import LIBRARY as PHONES_LIBRARY
from sitegen.incremental.cache import Cache, fingerprint
from sitegen.incremental.parallel import Aside
from sitegen.progress import NO_PROGRESS, Progress
from sitegen.read.config import SiteConfig
from sitegen.read.discover import CONTACTS_DIR, SourceFile
from sitegen.read.yamlread import LIBRARY as YAML_LIBRARY

Kind = Literal["page", "section", "directory"]
LEAFLET_TYPES = ("advice", "directory")
TYPE_BY_TOP_FOLDER = {"advice": "advice", "statements": "statement", "alerts": "alert"}


@dataclass(frozen=True)
class Letter:
    """A letter of a statement, in each language it exists in."""

    name: str
    variants: dict[str, Doc]

    @property
    def anchor(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Page:
    """A page of the site with its language variants (none for a generated listing)."""

    key: str
    kind: Kind
    type: str
    variants: dict[str, Doc] = field(default_factory=dict)
    letters: tuple[Letter, ...] = ()
    directory: Directory | None = None
    children: tuple[str, ...] = ()

    @property
    def parent(self) -> str | None:
        if self.key == "":
            return None
        return self.key.rpartition("/")[0]

    @property
    def has_leaflet(self) -> bool:
        """Tell whether the page comes as a printable leaflet (advice and contact directories)."""
        return self.type in LEAFLET_TYPES or self.kind == "directory"

    @property
    def generated(self) -> bool:
        return not self.variants and self.directory is None

    def doc_for(self, lang: str, default: str) -> tuple[Doc | None, bool]:
        """Return the Markdown to show in a language and whether it is a fallback."""
        if lang in self.variants:
            return self.variants[lang], False
        return self.variants.get(default), lang != default

    def is_draft_in(self, lang: str, default: str) -> bool:
        """Tell whether what readers of `lang` get is a draft, or a translation of one (built
        only with --drafts): such a page is marked so, and never listed in the sitemap, feeds
        or search index."""
        shown, _ = self.doc_for(lang, default)
        return any(_is_draft(doc) for doc in (shown, self.variants.get(default)))

    def published_doc(self, lang: str, default: str) -> Doc | None:
        """Return what readers of `lang` get on the published site (built without --drafts):
        the translation unless it is a draft, else the original unless that is one."""
        translation = self.variants.get(lang)
        if translation is not None and not _is_draft(translation):
            return translation
        original = self.variants.get(default)
        return original if original is not None and not _is_draft(original) else None

    def translated_into(self, lang: str, default: str) -> bool:
        """Tell whether readers of a language get a real translation (not a fallback)."""
        if self.directory is not None:
            return lang == default or lang in self.directory.translations
        if self.generated:
            return True
        return lang in self.variants


def _is_draft(doc: Doc | None) -> bool:
    return doc is not None and doc.meta.get("draft", False) is True


@dataclass(frozen=True)
class Site:
    """Everything the render stage needs."""

    config: SiteConfig
    pages: dict[str, Page]
    directories: dict[str, Directory]
    assets: tuple[SourceFile, ...]
    now: dt.datetime
    # What could not be read (its own error says why), so that what leads to it is not reported
    # again as a second, misleading error: content paths of pages and letters, directory ids.
    unreadable: frozenset[str] = frozenset()
    unreadable_directories: frozenset[str] = frozenset()


def build_model(
    config: SiteConfig,
    sources: list[SourceFile],
    problems: Problems,
    now: dt.datetime,
    include_drafts: bool = False,
    cache: Cache | None = None,
    aside: Aside | None = None,
    progress: Progress = NO_PROGRESS,
) -> Site:
    """Parse every source and assemble the pages, falling back across languages.

    With `aside`, the parse index is saved by a process beside this one (see `Aside`).
    `progress` is told how many files are parsed, as they are.
    """
    default = config.default_language
    by_role: dict[str, list[SourceFile]] = defaultdict(list)
    for source in sources:
        by_role[source.role].append(source)
    state = ParseState.create(config, cache or Cache(None))
    readable = by_role["page"] + by_role["letter"]
    parsed, unreadable = _parse_all(readable, state, problems, include_drafts, progress)
    if aside is None or state.cache.folder is None:
        state.index.save(state.cache)
    else:
        aside.run(partial(state.index.save, state.cache))
    docs = [doc for doc in parsed if doc.source.role == "page"]
    letters = [doc for doc in parsed if doc.source.role == "letter"]
    directories = _load_directories(by_role["directory"], config, problems, state.cache)
    lost = {s.name for s in by_role["directory"] if s.lang == default} - set(directories)
    variants: dict[str, dict[str, Doc]] = defaultdict(dict)
    for doc in docs:
        _add_variant(variants[doc.source.key], doc, problems)
    originals = {s.key for s in by_role["page"] if s.lang == default}
    _check_originals(variants, default, originals, problems)
    variants = {key: langs for key, langs in variants.items() if default in langs}
    pages: dict[str, Page] = {}
    for key, langs in variants.items():
        pages[key] = Page(key, "page", _page_type(key, langs[default]), langs)
    for directory in directories.values():
        key = f"{CONTACTS_DIR}/{directory.id}"
        if key in pages:
            problems.error(
                directory.ref,
                f"{directory.ref.path} and {pages[key].variants[default].source.ref.path} "
                "would both be the page " + key,
            )
            continue
        pages[key] = Page(key, "directory", "directory", directory=directory)
    letter_originals = {(s.key, s.name) for s in by_role["letter"] if s.lang == default}
    _attach_letters(pages, letters, default, letter_originals, problems)
    _add_listing_pages(pages)
    linked = _link_children(pages, default)
    assets = tuple(by_role["asset"])
    return Site(config, linked, directories, assets, now, unreadable, frozenset(lost))


def _parse_all(
    sources: list[SourceFile],
    state: ParseState,
    problems: Problems,
    include_drafts: bool,
    progress: Progress,
) -> tuple[list[Doc], frozenset[str]]:
    """Parse the pages and letters: those to build, and the content paths of those that could
    not be read."""
    docs, unreadable = [], set()
    for source, doc in zip(sources, parse_docs(sources, state, problems, progress), strict=True):
        if doc is None:
            unreadable.add(source.rel)
        elif include_drafts or not doc.meta.get("draft", False):
            docs.append(doc)
    return docs, frozenset(unreadable)


def _load_directories(
    sources: list[SourceFile], config: SiteConfig, problems: Problems, cache: Cache
) -> dict[str, Directory]:
    defaults = {s.name: s for s in sources if s.lang == config.default_language}
    translations: dict[str, dict[str, Path]] = defaultdict(dict)
    for source in sources:
        if source.lang == config.default_language:
            continue
        if source.name not in defaults:
            problems.error(
                source.ref,
                f"translation of a directory that does not exist: add content/{CONTACTS_DIR}/"
                f"{source.name}.yaml in the default language first",
            )
            continue
        translations[source.name][source.lang] = source.path
    directories = {}
    for name, source in sorted(defaults.items()):
        directory = _load_directory_cached(source, translations[name], config, problems, cache)
        if directory is not None:
            directories[directory.id] = directory
    return directories


# What reads a directory: another version may read its YAML or its numbers differently, and a
# cached directory must not outlive it.
DIRECTORY_LIBRARIES = f"{PHONES_LIBRARY}, {YAML_LIBRARY}"
DIRECTORY_FORMAT = "directory-3"  # change when what loading a directory returns or reports changes


def _load_directory_cached(
    source: SourceFile,
    translations: dict[str, Path],
    config: SiteConfig,
    problems: Problems,
    cache: Cache,
) -> Directory | None:
    """Load a directory and its translations, or take them from the cache if no file changed."""
    try:
        parts: list[bytes | str] = [source.rel, source.path.read_bytes()]
        for lang in sorted(translations):
            parts += [lang, translations[lang].read_bytes()]
    except OSError:
        return load_directory(source.path, translations, config.root, config.region, problems)
    key = fingerprint(
        DIRECTORY_FORMAT, DIRECTORY_LIBRARIES, config.region, str(config.root), *parts
    )
    cached = cache.get(key)
    if (
        isinstance(cached, tuple)
        and len(cached) == 2
        and (cached[0] is None or isinstance(cached[0], Directory))
        and isinstance(cached[1], tuple)
    ):
        problems.extend(cached[1])
        return cached[0]
    found = Problems()
    directory = load_directory(source.path, translations, config.root, config.region, found)
    problems.extend(found.items)
    cache.put(key, (directory, tuple(found.items)))
    return directory


def _add_variant(langs: dict[str, Doc], doc: Doc, problems: Problems) -> None:
    """Add one language of a page; two files claiming the same page and language is an error."""
    other = langs.get(doc.lang)
    if other is None:
        langs[doc.lang] = doc
        return
    if other.source.ref.path == doc.source.ref.path:
        what = (
            f"{doc.source.ref.path} is there twice, its name written in two Unicode forms "
            "(composed and decomposed accents)"
        )
    else:
        what = f"{other.source.ref.path} and {doc.source.ref.path}"
    problems.error(
        doc.source.ref.at(1),
        f"{what}: both would be the page {doc.source.key!r} in {doc.lang!r}; keep one",
    )


def _check_originals(
    variants: dict[str, dict[str, Doc]], default: str, originals: set[str], problems: Problems
) -> None:
    """Report translations with no original file (a draft's translations are left out quietly)."""
    for key, langs in sorted(variants.items()):
        if default in langs or key in originals:
            continue
        for doc in langs.values():
            problems.error(
                doc.source.ref.at(1),
                f"a translation needs its original in the default language ({default}): "
                f"there is no content/{_original_path(doc)}",
            )


def _original_path(doc: Doc) -> str:
    folder, _, name = doc.source.rel.rpartition("/")
    stem, _, ext = name.rpartition(".")
    base = stem.rpartition(".")[0] or stem
    return f"{folder}/{base}.{ext}" if folder else f"{base}.{ext}"


def _page_type(key: str, doc: Doc) -> str:
    declared = doc.text("type")
    if declared:
        return declared
    if key == "":
        return "home"
    top, _, rest = key.partition("/")
    if not rest:
        return "section" if doc.source.rel.endswith(("/index.md", "/index.markdown")) else "page"
    return TYPE_BY_TOP_FOLDER.get(top, "page")


def _attach_letters(
    pages: dict[str, Page],
    docs: list[Doc],
    default: str,
    originals: set[tuple[str, str]],
    problems: Problems,
) -> None:
    """Give each page its letters, in the order of their names' numbers (`9-…` before `10-…`).

    A letter is its original in the site's default language with whatever translations it has
    (each language's page shows the reader's translation where there is one, else the original).
    A translation with no original file is an error; one whose original could not be read is
    left out (that file's own error says why).
    """
    grouped: dict[str, dict[str, dict[str, Doc]]] = defaultdict(lambda: defaultdict(dict))
    for doc in docs:
        grouped[doc.source.key][doc.source.name][doc.lang] = doc
    for key, letters in sorted(grouped.items()):
        page = pages.get(key)
        if page is None or page.kind == "directory":
            first = next(iter(next(iter(letters.values())).values()))
            problems.error(
                first.source.ref,
                f"letters belong to a page: add content/{key}/index.md beside the letters folder",
            )
            continue
        ordered = []
        for name in sorted(letters, key=natural_order):
            if default in letters[name]:
                ordered.append(Letter(name, dict(letters[name])))
            elif (key, name) not in originals:
                for doc in letters[name].values():
                    problems.error(
                        doc.source.ref.at(1),
                        "a translated letter needs its original in the default language "
                        f"({default}): there is no content/{_original_path(doc)}",
                    )
        pages[key] = Page(page.key, page.kind, page.type, page.variants, tuple(ordered))


_NUMBER = re.compile(r"([0-9]+)")


def natural_order(name: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key putting names in the order of the numbers in them: `9-x` before `10-x`.

    >>> sorted(["10-council", "9-police", "09-imam", "a"], key=natural_order)
    ['09-imam', '9-police', '10-council', 'a']
    """
    return tuple(
        (0, int(part), part) if index % 2 else (1, 0, part)
        for index, part in enumerate(_NUMBER.split(name))
        if part
    )


def _add_listing_pages(pages: dict[str, Page]) -> None:
    """Give every folder a page: a folder without index.md gets a generated listing."""
    for key in list(pages):
        parent = key
        while parent:
            parent = parent.rpartition("/")[0]
            if parent not in pages:
                pages[parent] = Page(parent, "section", "home" if parent == "" else "section")


def _link_children(pages: dict[str, Page], default: str) -> dict[str, Page]:
    children: dict[str, list[str]] = defaultdict(list)
    for key, page in pages.items():
        if page.parent is not None:
            children[page.parent].append(key)
    linked = {}
    for key in sorted(pages):
        page = pages[key]
        kids = tuple(sorted(children.get(key, ())))
        kind: Kind = page.kind
        if kids and kind == "page" and page.type != "statement":
            kind = "section"
        linked[key] = Page(
            page.key, kind, page.type, page.variants, page.letters, page.directory, kids
        )
    return linked
