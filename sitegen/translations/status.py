"""`status`: per language, the theme's words and the files translated, outdated or missing.

The report reads the site as a build does (files with errors are left out and counted) and
comes as text for people or as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from babel.messages.catalog import Catalog

from sitegen.content.doc import Doc
from sitegen.content.words import FINGERPRINT_KEY, directory_fingerprint
from sitegen.errors import Problems, SiteError
from sitegen.i18n.languages import language_view
from sitegen.i18n.pofiles import catalog_sources
from sitegen.i18n.pofiles import read_catalog as read_po_file
from sitegen.read.config import load_config
from sitegen.read.discover import discover
from sitegen.read.yamlread import YMap, YStr, load_yaml
from sitegen.render.theme import theme_for
from sitegen.site.freshness import freshness, judge
from sitegen.site.model import Site, build_model
from sitegen.textfile import read_text
from sitegen.translations.theme_words import (
    TEMPLATE_NAME,
    TRANSLATIONS_DIR,
    StringCounts,
    count_strings,
    is_english,
    read_template,
)

State = Literal["translated", "started", "outdated", "unknown", "missing"]
STATES: tuple[State, ...] = ("translated", "started", "outdated", "unknown", "missing")


@dataclass(frozen=True)
class FileStatus:
    """One original file and its translation into one language."""

    kind: Literal["page", "letter", "contacts"]
    original: str  # site-relative path
    translation: str  # site-relative path; "" when missing
    state: State
    original_changed: str = ""  # ISO date of the original's `updated` (or `date`)


@dataclass(frozen=True)
class LanguageStatus:
    """How far one language's translation has got."""

    code: str
    english_name: str
    strings: StringCounts | None  # None: the theme's words need no translation (English)
    files: tuple[FileStatus, ...]

    def count(self, state: State, contacts: bool) -> int:
        return sum(1 for f in self.files if f.state == state and (f.kind == "contacts") == contacts)


@dataclass(frozen=True)
class StatusReport:
    """Translation status of every language but the default."""

    languages: tuple[LanguageStatus, ...]
    site_errors: int = 0
    notes: tuple[str, ...] = field(default=())

    def as_text(self) -> str:
        """Return the report for people: counts, then the files that need work."""
        out: list[str] = []
        for language in self.languages:
            out.append(f"{language.code} ({language.english_name})")
            strings = language.strings
            if strings is not None:
                out.append(
                    f"  theme strings: {strings.translated} translated, "
                    f"{len(strings.fuzzy)} fuzzy, {len(strings.missing)} missing"
                )
            for contacts, label in ((False, "pages"), (True, "contact directories")):
                counts = ", ".join(f"{language.count(state, contacts)} {state}" for state in STATES)
                out.append(f"  {label}: {counts}")
            for state in STATES[1:]:
                listed = [f for f in language.files if f.state == state]
                if listed:
                    out.append(f"  {state} ({_HINTS[state].format(lang=language.code)}):")
                    out += [f"    {_file_line(f)}" for f in listed]
        if self.site_errors:
            out.append(
                f"The site has {self.site_errors} errors; files with errors are left out above: "
                "run `python build.py check` to see them."
            )
        return "\n".join(out) + "\n"

    def as_json(self) -> str:
        """Return the report as JSON."""
        data = {
            "languages": [
                {
                    "code": language.code,
                    "name": language.english_name,
                    "strings": None
                    if language.strings is None
                    else {
                        "translated": language.strings.translated,
                        "fuzzy": list(language.strings.fuzzy),
                        "missing": list(language.strings.missing),
                    },
                    "files": [
                        {
                            "kind": f.kind,
                            "original": f.original,
                            "translation": f.translation or None,
                            "state": f.state,
                            "original_changed": f.original_changed or None,
                        }
                        for f in language.files
                    ],
                }
                for language in self.languages
            ],
            "site_errors": self.site_errors,
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_HINTS = {
    "started": "readers see the original until each is translated; then run "
    "`python build.py translations done FILE`",
    "outdated": "the original changed; bring each up to date, then run "
    "`python build.py translations done FILE`",
    "unknown": "no translation_of recorded; check each against its original, then run "
    "`python build.py translations done FILE`",
    "missing": "start one with `python build.py translations new FILE --lang {lang}`",
}


def _file_line(status: FileStatus) -> str:
    if status.state == "missing":
        return status.original
    if status.state == "outdated" and status.original_changed:
        return f"{status.translation} (the original changed on {status.original_changed})"
    return status.translation


def status(site_dir: Path, theme_root: Path | None = None) -> StatusReport:
    """Report, per language, the theme's words and the files translated, outdated or missing."""
    from sitegen.clock import build_clock

    config = load_config(site_dir)
    problems = Problems()
    sources = discover(site_dir, config.languages, problems)
    site = build_model(config, sources, problems, build_clock(None))
    theme = theme_for(site_dir, theme_root)
    template = _status_template(site_dir, theme.catalog_dirs)
    languages = []
    for lang in config.languages[1:]:
        strings = None
        if not is_english(lang) and template is not None:
            catalogs = [
                read_po_file(source, lang)
                for source in catalog_sources(lang, list(theme.catalog_dirs))
            ]
            strings = count_strings(template, catalogs)
        files = (*_page_statuses(site, lang), *_directory_statuses(site, site_dir, lang))
        languages.append(
            LanguageStatus(lang, language_view(lang).english_name, strings, tuple(files))
        )
    return StatusReport(tuple(languages), site_errors=len(problems.errors))


def _status_template(site_dir: Path, catalog_dirs: tuple[tuple[Path, str], ...]) -> Catalog | None:
    """Return the site's template, else the theme's (the words there are to translate)."""
    candidates = [site_dir / TRANSLATIONS_DIR / TEMPLATE_NAME]
    candidates += [folder / TEMPLATE_NAME for folder, _ in catalog_dirs]
    for path in candidates:
        if path.is_file():
            return read_template(path)
    return None


def _page_statuses(site: Site, lang: str) -> Iterator[FileStatus]:
    default = site.config.default_language
    started = {
        (doc.source.role, doc.source.key, doc.source.name): doc
        for doc in site.started
        if doc.lang == lang
    }
    for page in site.pages.values():
        groups: list[tuple[Literal["page", "letter"], dict[str, Doc]]] = [("page", page.variants)]
        groups += [("letter", letter.variants) for letter in page.letters]
        for kind, variants in groups:
            original = variants.get(default)
            if original is None:
                continue
            begun = started.get((original.source.role, original.source.key, original.source.name))
            if begun is not None:
                yield FileStatus(kind, original.source.ref.path, begun.source.ref.path, "started")
                continue
            yield _doc_status(kind, original, variants.get(lang))


def _doc_status(kind: Literal["page", "letter"], original: Doc, doc: Doc | None) -> FileStatus:
    path = original.source.ref.path
    if doc is None:
        return FileStatus(kind, path, "", "missing")
    fresh = freshness(doc, original)
    changed = fresh.original_changed.isoformat() if fresh.original_changed else ""
    state: State = "unknown" if not fresh.known else "outdated" if fresh.outdated else "translated"
    return FileStatus(kind, path, doc.source.ref.path, state, changed)


def _directory_statuses(site: Site, site_dir: Path, lang: str) -> Iterator[FileStatus]:
    for directory in site.directories.values():
        translation = directory.translations.get(lang)
        if translation is None:
            # A skeleton `translations new` wrote, with no words yet, is not shown to readers.
            original = PurePosixPath(directory.ref.path)
            skeleton = original.with_name(f"{original.stem}.{lang}{original.suffix}")
            if (site_dir / skeleton).is_file():
                yield FileStatus("contacts", directory.ref.path, str(skeleton), "started")
            else:
                yield FileStatus("contacts", directory.ref.path, "", "missing")
            continue
        recorded = _recorded_in_yaml(site_dir / translation.ref.path, translation.ref.path)
        fresh = judge(recorded, directory_fingerprint(directory), None)
        state: State = (
            "unknown" if not fresh.known else "outdated" if fresh.outdated else "translated"
        )
        yield FileStatus("contacts", directory.ref.path, translation.ref.path, state)


def _recorded_in_yaml(path: Path, rel: str) -> str:
    """Return the `translation_of` of a contact directory translation ("" if none)."""
    try:
        document = load_yaml(read_text(path, rel), rel)
    except SiteError:
        return ""
    value = document.get(FINGERPRINT_KEY) if isinstance(document, YMap) else None
    return str(value) if isinstance(value, YStr) else ""
