"""Find the site's source files and say what each one is.

`content/advice/safe.md` is the page `advice/safe` in the default language and
`content/advice/safe.ur.md` its Urdu translation; `content/<dir>/index.md` is the page of that
folder; `<page folder>/letters/*.md` are letters of that page; `content/contacts/<id>.yaml` is a
contact directory; any other file is an asset copied as it is.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sitegen.errors import Problems, SourceRef
from sitegen.read.names import is_clean_name, name_problem
from sitegen.read.walk import Keep, walk_files

Role = Literal["page", "letter", "directory", "asset"]

CONTENT_DIR = "content"
STATIC_DIR = "static"
CONTACTS_DIR = "contacts"
LETTERS_DIR = "letters"
RUMOURS_DIR = "rumours"
MARKDOWN_EXTENSIONS = (".md", ".markdown")
YAML_EXTENSIONS = (".yaml", ".yml")
IGNORED_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".bak", ".orig")
# Everything in a site folder that a build reads: what the dev server watches and what the
# up-to-date check stamps.
WATCHED_NAMES = ("content", "templates", "translations", "static", "site.yaml", "contacts.lock")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file under `content/`, classified."""

    rel: str  # path inside content/, POSIX, NFC: "advice/safe.ur.md"
    file: str  # where it is on disk (a string: a build reads few of its thousands of files)
    role: Role
    key: str  # page key ("" for home, "advice/safe"); for a letter, its page's key
    lang: str  # language of the words; the default language for assets
    name: str = ""  # a letter's name ("01-chief-constable"), a directory's id

    @property
    def path(self) -> Path:
        """Where the file is on disk."""
        return Path(self.file)

    @property
    def ref(self) -> SourceRef:
        """Reference this file in messages."""
        return SourceRef(f"{CONTENT_DIR}/{self.rel}")


def discover(site_dir: Path, languages: tuple[str, ...], problems: Problems) -> list[SourceFile]:
    """List every source file of the site, sorted by path, classified."""
    content = site_dir / CONTENT_DIR
    if not content.is_dir():
        problems.error(SourceRef(CONTENT_DIR), "there is no content folder: create content/")
        return []
    files = [
        classified
        for rel, path in walk_files(
            content, CONTENT_DIR, site_dir, problems, _content_keep(problems)
        )
        if (classified := classify(rel, path, languages, problems)) is not None
    ]
    return sorted(files, key=lambda f: f.rel)


def discover_static(site_dir: Path, problems: Problems | None = None) -> list[str]:
    """List the files under `static/` (copied as they are to the output root), sorted, POSIX.

    Hidden files are left out (not hidden folders: `.well-known/`); `problems`, if given, hears
    of every entry skipped for not being a regular file or a link to one inside the site.
    """
    static = site_dir / STATIC_DIR
    if not static.is_dir():
        return []
    found = walk_files(static, STATIC_DIR, site_dir, problems or Problems(), _static_keep)
    return sorted(rel for rel, _ in found)


def check_static_names(site_dir: Path, problems: Problems) -> None:
    """Report each file or folder of `static/` whose name cannot be a web address as it is,
    and warn of each entry skipped (a FIFO, a link out of the site)."""
    reported: set[str] = set()
    for rel in discover_static(site_dir, problems):
        parts = rel.split("/")
        for depth, name in enumerate(parts):
            path = "/".join(parts[: depth + 1])
            if path in reported or is_clean_name(name):
                continue
            reported.add(path)
            name = unicodedata.normalize("NFC", name)
            is_folder = depth < len(parts) - 1
            where = unicodedata.normalize("NFC", f"{STATIC_DIR}/{path}")
            problems.error(SourceRef(where), name_problem(name, is_folder))
            break


def _static_keep(entry: os.DirEntry[str], prefix: str) -> bool:
    return entry.is_dir() or not entry.name.startswith(".")


def _content_keep(problems: Problems) -> Keep:
    def keep(entry: os.DirEntry[str], prefix: str) -> bool:
        if not _publishable(entry, prefix, problems):
            return False
        name = entry.name
        if entry.is_dir():  # a folder, or a link to one (reported, never followed)
            return not name.startswith((".", "_"))
        return not (name.startswith(".") or name.endswith(IGNORED_SUFFIXES))

    return keep


def _publishable(entry: os.DirEntry[str], prefix: str, problems: Problems) -> bool:
    """Refuse, with a located error, a file or folder whose name cannot be a web address."""
    name = entry.name
    if name.startswith((".", "_")) or name.endswith(IGNORED_SUFFIXES) or is_clean_name(name):
        return True
    name = unicodedata.normalize("NFC", name)
    problems.error(SourceRef(f"{CONTENT_DIR}/{prefix}{name}"), name_problem(name, entry.is_dir()))
    return False


def split_language(stem: str, languages: tuple[str, ...]) -> tuple[str, str | None]:
    """Split `safe.ur` into (`safe`, `ur`); (`safe`, None) when there is no language part."""
    base, dot, code = stem.rpartition(".")
    if dot and base and code in languages:
        return base, code
    return stem, None


def classify(
    rel: str, path: str, languages: tuple[str, ...], problems: Problems
) -> SourceFile | None:
    """Say what a file under content/ is: a page, a letter, a directory or an asset."""
    default = languages[0]
    parts = rel.split("/")
    filename = parts[-1]
    stem, ext = os.path.splitext(filename)
    ext = ext.lower()
    ref = SourceRef(f"{CONTENT_DIR}/{rel}")
    if ext not in MARKDOWN_EXTENSIONS + YAML_EXTENSIONS:
        return SourceFile(rel, path, "asset", "", default)
    base, lang = split_language(stem, languages)
    if lang is None:
        _warn_unlisted_language(stem, ref, problems)
    lang = lang or default
    folder = parts[:-1]
    if ext in YAML_EXTENSIONS:
        if folder == [CONTACTS_DIR]:
            return SourceFile(rel, path, "directory", f"{CONTACTS_DIR}/{base}", lang, base)
        problems.warning(ref, "YAML files are read only in content/contacts/: this one is ignored")
        return None
    if len(folder) >= 2 and folder[-1] == LETTERS_DIR:
        return SourceFile(rel, path, "letter", "/".join(folder[:-1]), lang, base)
    key = "/".join(folder) if base == "index" else "/".join([*folder, base])
    return SourceFile(rel, path, "page", key, lang)


def is_rumour(source: SourceFile) -> bool:
    """Tell whether a page is a checked rumour: a file under content/rumours/ (in any folder
    there, as `rumours/2026/x.md`) but a folder's index."""
    top, _, rest = source.rel.partition("/")
    name = rest.rpartition("/")[2]
    return (
        source.role == "page"
        and top == RUMOURS_DIR
        and bool(rest)
        and not name.startswith("index.")
    )


def _warn_unlisted_language(stem: str, ref: SourceRef, problems: Problems) -> None:
    from sitegen.i18n.languages import is_known_language  # Babel: not for the up-to-date check

    base, dot, code = stem.rpartition(".")
    if dot and base and len(code) in (2, 3) and code.isalpha() and is_known_language(code):
        problems.warning(
            ref,
            f"this looks like a translation into {code!r}, a language site.yaml does not list: "
            "add it to languages or rename the file",
        )
