"""Assemble parsed sources into the site: pages, their languages, letters, directories."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Literal

from sitegen.content.contacts import Directory
from sitegen.content.doc import Doc
from sitegen.content.parse import ParseState, parse_docs
from sitegen.content.words import UNTRANSLATED_KEY
from sitegen.errors import Problems
from sitegen.incremental.cache import Cache
from sitegen.incremental.parallel import Aside
from sitegen.progress import NO_PROGRESS, Progress
from sitegen.read.config import SiteConfig
from sitegen.read.discover import CONTACTS_DIR, SourceFile
from sitegen.site.directoryfiles import load_directories
from sitegen.site.ordering import natural_order
from sitegen.site.rumours import settle_rumours
from sitegen.site.segmentfresh import Behind, with_fallbacks
from sitegen.site.topics import Topic, find_topics

Kind = Literal["page", "section", "directory"]
LEAFLET_TYPES = ("advice", "statement", "directory")
TYPE_BY_TOP_FOLDER = {
    "advice": "advice",
    "statements": "statement",
    "alerts": "alert",
    "rumours": "rumour",
}


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
        """Tell whether the page comes as a printable PDF (advice, statements, directories)."""
        return self.type in LEAFLET_TYPES or self.kind == "directory"

    @property
    def generated(self) -> bool:
        return not self.variants and self.directory is None

    @property
    def folder_title(self) -> str:
        """The title of a folder without index.md: its name, spaced and capitalised."""
        return self.key.rpartition("/")[2].replace("-", " ").replace("_", " ").capitalize()

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
    topics: dict[str, Topic] = field(default_factory=dict)  # audience and tag pages, by key
    topics_of: dict[str, tuple[str, ...]] = field(default_factory=dict)  # page -> topic keys
    # translations shown with some blocks in the original's words, by path (site.segmentfresh)
    behind: dict[str, Behind] = field(default_factory=dict)
    # Translations begun but not yet translated (`untranslated: true`): readers get the
    # original instead, and `translations status` lists them as started.
    started: tuple[Doc, ...] = ()


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
    started = [doc for doc in parsed if is_started(doc, default)]
    directories = load_directories(by_role["directory"], config, problems, state.cache)
    lost = {s.name for s in by_role["directory"] if s.lang == default} - set(directories)
    variants: dict[str, dict[str, Doc]] = defaultdict(dict)
    for doc in docs:
        _add_variant(variants[doc.source.key], doc, problems)
    originals = {s.key for s in by_role["page"] if s.lang == default}
    _check_originals(variants, default, originals, problems)
    variants = {
        key: {lang: doc for lang, doc in langs.items() if not is_started(doc, default)}
        for key, langs in variants.items()
        if default in langs
    }
    variants = settle_rumours(variants, default, problems)
    pages: dict[str, Page] = {}
    behind: dict[str, Behind] = {}
    for key, langs in variants.items():
        langs = with_fallbacks(langs, config, behind)
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
    for key, page in list(pages.items()):
        if page.letters:
            merged = [
                Letter(x.name, with_fallbacks(x.variants, config, behind)) for x in page.letters
            ]
            pages[key] = replace(page, letters=tuple(merged))
    _add_listing_pages(pages)
    linked = _link_children(pages, default)
    topics, topics_of = find_topics(
        {key: page.variants for key, page in linked.items() if page.variants}, config, problems
    )
    _add_topic_pages(linked, topics, default, problems)
    assets = tuple(by_role["asset"])
    return Site(
        config,
        dict(sorted(linked.items())),
        directories,
        assets,
        now,
        unreadable,
        frozenset(lost),
        topics,
        topics_of,
        behind,
        tuple(started),
    )


def _add_topic_pages(
    pages: dict[str, Page], topics: dict[str, Topic], default: str, problems: Problems
) -> None:
    """Add the generated page of each audience and tag, listing the pages that carry it."""
    for key, topic in topics.items():
        other = pages.get(key)
        if other is not None:
            ref = other.variants[default].source.ref if other.variants else None
            where = ref or (other.directory.ref if other.directory else None)
            if where is not None:
                problems.error(
                    where.at(1) if other.variants else where,
                    f"{where.path} would be the page {key!r}, which lists the pages for the "
                    f"{topic.type} {topic.value!r}: move it to another folder",
                )
            continue
        pages[key] = Page(key, "section", topic.type, children=topic.pages)


def is_started(doc: Doc, default: str) -> bool:
    """Tell whether a document is a translation begun but not yet translated."""
    return doc.lang != default and doc.meta.get(UNTRANSLATED_KEY, False) is True


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
                shown = {k: d for k, d in letters[name].items() if not is_started(d, default)}
                ordered.append(Letter(name, shown))
            elif (key, name) not in originals:
                for doc in letters[name].values():
                    problems.error(
                        doc.source.ref.at(1),
                        "a translated letter needs its original in the default language "
                        f"({default}): there is no content/{_original_path(doc)}",
                    )
        pages[key] = Page(page.key, page.kind, page.type, page.variants, tuple(ordered))


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
