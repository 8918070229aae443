"""A translation keeps its original's facts: every phone number (any number of three or more
digits), web and e-mail address of a translated page, letter or directory's words must be the
original's, neither added nor left out. A translator who types a number again, or "corrects"
it, could send a frightened reader to the wrong place; this makes that a located error.

Numbers compare by their digits, whatever digits or hyphens they are written with (see
`i18n.facts`). Pages and letters compare as a whole (the words of the front matter and the
body); a directory compares word by word with its original's same word.

A page's facts are found when it is parsed (`content.factspots`), and kept with the rest of
its parse; a directory's words are read here, and their problems kept in the cache by the
files' bytes.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.content.contacts import Directory
from sitegen.content.factspots import Spots, spots
from sitegen.errors import Problem, Problems, SiteError, SourceRef
from sitegen.incremental.cache import Cache, fingerprint
from sitegen.read.yamlread import YList, YMap, YStr, load_yaml
from sitegen.site.model import Site
from sitegen.textfile import read_text

_RULE = (
    "a translation must keep every phone number, web and e-mail address exactly as its "
    "original has it"
)
_DIRECTORY_WORDS = ("name", "when", "hours", "address")


def check_translation_facts(site: Site, problems: Problems, cache: Cache | None = None) -> None:
    """Report every fact a translation adds to its original's or leaves out."""
    root = site.config.root
    default = site.config.default_language
    for page in site.pages.values():
        for variants in (page.variants, *(letter.variants for letter in page.letters)):
            original = variants.get(default)
            if original is None or len(variants) == 1:
                continue
            theirs = original.body.facts
            for lang, doc in variants.items():
                ours = doc.body.facts
                if lang != default and ours.keys() != theirs.keys():  # most: the same facts
                    compare(theirs, ours, original.source.ref.path, doc.source.ref, problems)
    for directory in site.directories.values():
        if directory.translations:
            problems.extend(_directory_problems(root, directory, cache))


def _directory_problems(root: Path, directory: Directory, cache: Cache | None) -> list[Problem]:
    """The problems of a directory's translations, kept in the cache by the files' bytes (so
    that an unchanged directory's YAML is not read again)."""
    paths = [directory.ref.path, *sorted(t.ref.path for t in directory.translations.values())]
    key = ""
    if cache is not None:
        try:
            parts = [part for path in paths for part in (path, (root / path).read_bytes())]
            key = fingerprint("directory-facts-1", *parts)
        except OSError:
            key = ""  # reported where the directory is read
        kept = cache.get(key) if key else None
        if isinstance(kept, list):
            return kept
    found = Problems()
    _check_directory(root, directory, found)
    if cache is not None and key:
        cache.put(key, found.items)
    return found.items


def compare(
    original: Spots, translation: Spots, original_path: str, at: SourceRef, problems: Problems
) -> None:
    """Report the facts `translation` has that `original` has not, and those it leaves out."""
    if original.keys() == translation.keys():
        return  # the same facts: nothing added, nothing left out (most translations)
    for kind in ("number", "address"):
        added = _ordered(translation, original, kind)
        missing = _ordered(original, translation, kind)
        for index in range(max(len(added), len(missing))):
            new = translation[added[index]] if index < len(added) else None
            old = original[missing[index]] if index < len(missing) else None
            if new is not None and old is not None:
                message = (
                    f"the translation has {new[1]!r} where the original has {old[1]!r} "
                    f"({original_path}:{old[0]})"
                )
            elif new is not None:
                message = (
                    f"the translation has {new[1]!r}, which the original "
                    f"({original_path}) does not have"
                )
            else:
                assert old is not None
                message = (
                    f"the translation leaves out {old[1]!r}, which the original has "
                    f"({original_path}:{old[0]})"
                )
            line = new[0] if new is not None else at.line or 1
            problems.error(SourceRef(at.path, line), f"{message}: {_RULE}")


def _ordered(these: Spots, others: Spots, kind: str) -> list[str]:
    keys = [key for key in these if key.startswith(kind + ":") and key not in others]
    return sorted(keys, key=lambda key: these[key][0])


def _check_directory(root: Path, directory: Directory, problems: Problems) -> None:
    original = _yaml(root, directory.ref.path)
    if not isinstance(original, YMap):
        return
    words = _original_words(original)
    for translation in directory.translations.values():
        path = translation.ref.path
        translated = _yaml(root, path)
        if not isinstance(translated, YMap):
            continue
        for (entry, word), value in _translated_words(translated).items():
            source = words.get((entry, word))
            theirs = spots([(source.line, str(source))]) if source is not None else {}
            ours = spots([(value.line, str(value))])
            compare(theirs, ours, directory.ref.path, SourceRef(path, value.line), problems)


def _original_words(document: YMap) -> dict[tuple[str, str], YStr]:
    found = {
        ("", key): document[key]
        for key in ("title", "intro")
        if isinstance(document.get(key), YStr)
    }
    entries = document.get("entries")
    for entry in entries if isinstance(entries, YList) else []:
        if isinstance(entry, YMap) and isinstance(entry.get("id"), YStr):
            for word in _DIRECTORY_WORDS:
                if isinstance(entry.get(word), YStr):
                    found[(str(entry["id"]), word)] = entry[word]
    return found


def _translated_words(document: YMap) -> dict[tuple[str, str], YStr]:
    found = {
        ("", key): document[key]
        for key in ("title", "intro")
        if isinstance(document.get(key), YStr) and document[key]
    }
    entries = document.get("entries")
    for entry, words in entries.items() if isinstance(entries, YMap) else []:
        if isinstance(words, YMap):
            for word in _DIRECTORY_WORDS:
                value = words.get(word)
                if isinstance(value, YStr) and value.strip():
                    found[(str(entry), word)] = value
    return found


def _yaml(root: Path, path: str) -> object:
    try:
        return load_yaml(read_text(root / path, path), path)
    except SiteError:
        return None  # reported where the directory is read
