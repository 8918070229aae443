"""Which contact directory files the editor serves: the default-language directories under
`content/contacts/`, and each one's translations (`NAME.LANG.yaml` for a site language)."""

from __future__ import annotations

from pathlib import Path

from sitegen.read.config import load_config
from sitegen.read.discover import split_language


def list_directories(site_dir: Path) -> list[str]:
    """List the default-language directory files (content/contacts/*.yaml), site-relative."""
    languages = load_config(site_dir).languages
    return [path for path, lang in _files(site_dir, languages) if lang is None]


def translations_of(site_dir: Path, directory: str) -> dict[str, str]:
    """Return a directory's translation files by language (site-relative paths)."""
    languages = load_config(site_dir).languages
    stem = Path(directory).stem
    found = {}
    for path, lang in _files(site_dir, languages):
        base = split_language(Path(path).stem, languages)[0]
        if lang is not None and lang != languages[0] and base == stem:
            found[lang] = path
    return dict(sorted(found.items()))


def original_of(site_dir: Path, relative: str) -> tuple[str, str] | None:
    """Return the directory and language a translation file belongs to (None: not one)."""
    for directory in list_directories(site_dir):
        for lang, path in translations_of(site_dir, directory).items():
            if path == relative:
                return directory, lang
    return None


def _files(site_dir: Path, languages: tuple[str, ...]) -> list[tuple[str, str | None]]:
    folder = site_dir / "content" / "contacts"
    if not folder.is_dir():
        return []
    return [
        (file.relative_to(site_dir).as_posix(), split_language(file.stem, languages)[1])
        for file in sorted(folder.glob("*.yaml"))
        if file.is_file() and not file.is_symlink()
    ]
