"""`new` and `done`: start a translation of a page, letter or contact directory, or record
that one has been brought up to date with its original.

- `new FILE --lang ur`: copy a page or letter beside its original (a contact directory gets a
  skeleton with the original's words as comments), recording the original's fingerprint;
- `done FILE`: record in a translation the fingerprint of its original as it is now.

Both take a file under content/ and check it is the right one (an original for `new`, a
translation for `done`) before writing anything.
"""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.content.contactfiles import load_directory
from sitegen.content.contacts import Directory
from sitegen.content.doc import Doc, parse_doc
from sitegen.content.words import (
    FINGERPRINT_KEY,
    UNTRANSLATED_KEY,
    UNTRANSLATED_LINE,
    directory_fingerprint,
)
from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.i18n.languages import language_view
from sitegen.read.config import SiteConfig, load_config
from sitegen.read.discover import CONTENT_DIR, SourceFile, classify, discover
from sitegen.site.freshness import fingerprint
from sitegen.textfile import read_text
from sitegen.translations.edits import (
    remove_front_matter_key,
    set_front_matter_key,
    set_yaml_key,
    write_atomically,
)


def new_translation(site_dir: Path, file: Path, lang: str, *, force: bool = False) -> Path:
    """Start the `lang` translation of an original page, letter or contact directory.

    `file` is relative to the site's content/ folder (with or without `content/` in front).
    An existing translation is replaced only with `force`.
    """
    config = load_config(site_dir)
    site_dir = config.root.resolve()
    source = _content_file(site_dir, file, config)
    default = config.default_language
    if source.lang != default:
        raise SiteError.at(
            source.ref,
            f"this is already a translation ({source.lang}): give the original file, "
            "the one without a language code in its name",
        )
    if lang not in config.languages or lang == default:
        others = ", ".join(config.languages[1:]) or "none"
        raise SiteError.at(
            SourceRef("site.yaml"),
            f"cannot translate into {lang!r}: site.yaml lists the languages to translate "
            f"into ({others}); add it to languages first",
        )
    target = _translation_path(source.path, lang)
    rel = f"{CONTENT_DIR}/{target.relative_to(site_dir / CONTENT_DIR).as_posix()}"
    if target.exists() and not force:
        raise SiteError.at(
            SourceRef(rel),
            "this translation already exists; use --force to start again from the original "
            "(that replaces what is there), or edit it and, when it matches the original, run "
            f"`python build.py translations done {rel}`",
        )
    if source.role == "directory":
        directory = _load_original_directory(source, config)
        data = directory_skeleton(directory, lang, source.path.name).encode("utf-8")
    else:
        doc = _parse_original(source, config)
        text = read_text(source.path, source.ref.path)
        started = set_front_matter_key(text, FINGERPRINT_KEY, fingerprint(doc), source.ref.path)
        started = set_front_matter_key(started, UNTRANSLATED_KEY, UNTRANSLATED_LINE)
        data = started.encode("utf-8")
    write_atomically(target, data)
    return target


def mark_done(site_dir: Path, file: Path) -> Path:
    """Record in a translation the fingerprint of its original as it is now.

    A page or letter `new` copied loses its `untranslated` line: readers now get it.
    """
    config = load_config(site_dir)
    site_dir = config.root.resolve()
    source = _content_file(site_dir, file, config)
    if source.lang == config.default_language:
        raise SiteError.at(
            source.ref,
            "this is an original, not a translation: give the translated file "
            "(with a language code in its name, like staying-safe.ur.md)",
        )
    original = _original_of(site_dir, source, config)
    text = read_text(source.path, source.ref.path)
    if source.role == "directory":
        value = directory_fingerprint(_load_original_directory(original, config))
        updated = set_yaml_key(text, FINGERPRINT_KEY, value)
    else:
        value = fingerprint(_parse_original(original, config))
        updated = set_front_matter_key(text, FINGERPRINT_KEY, value, source.ref.path)
        updated = remove_front_matter_key(updated, UNTRANSLATED_KEY)
    if updated != text:
        write_atomically(source.path, updated.encode("utf-8"))
    return source.path


def _content_file(site_dir: Path, file: Path, config: SiteConfig) -> SourceFile:
    """Find a file of the site's content/ folder and classify it.

    A relative path is read inside content/, with or without `content/` in front; a path that
    is found nowhere there may still lead into content/ from the current folder (as a shell's
    completion writes it).
    """
    content = (site_dir / CONTENT_DIR).resolve()
    path = next((c for c in _candidates(content, file) if c.is_file()), None)
    if path is None:
        shown = _shown_path(file)
        raise SiteError.at(
            SourceRef(shown),
            f"there is no such file (paths are inside the site's {CONTENT_DIR} folder, {content})",
        )
    try:
        rel = path.resolve().relative_to(content).as_posix()
    except ValueError:
        raise SiteError.at(
            SourceRef(file.as_posix()),
            f"the file is not in the site's {CONTENT_DIR} folder ({content})",
        ) from None
    source = classify(rel, str(content / rel), config.languages, Problems())
    if source is None or source.role == "asset":
        raise SiteError.at(
            SourceRef(f"{CONTENT_DIR}/{rel}"),
            "only pages and letters (.md) and contact directories (contacts/*.yaml) are translated",
        )
    return source


def _candidates(content: Path, file: Path) -> list[Path]:
    if file.is_absolute():
        return [file]
    found = [content / file]
    if file.parts[:1] == (CONTENT_DIR,):
        found.append(content / Path(*file.parts[1:]))
    return [*found, Path.cwd() / file]


def _shown_path(file: Path) -> str:
    """Name a file as messages do: `content/...` for a path inside content/."""
    if file.is_absolute():
        return file.as_posix()
    parts = file.parts[1:] if file.parts[:1] == (CONTENT_DIR,) else file.parts
    return "/".join((CONTENT_DIR, *parts))


def _translation_path(original: Path, lang: str) -> Path:
    stem, ext = os.path.splitext(original.name)
    return original.with_name(f"{stem}.{lang}{ext}")


def _original_of(site_dir: Path, source: SourceFile, config: SiteConfig) -> SourceFile:
    default = config.default_language
    for candidate in discover(site_dir, config.languages, Problems()):
        same = (candidate.role, candidate.key, candidate.name) == (
            source.role,
            source.key,
            source.name,
        )
        if same and candidate.lang == default:
            return candidate
    raise SiteError.at(
        source.ref,
        "there is no original of this translation: it needs the same file name without "
        f"'.{source.lang}' beside it",
    )


def _parse_original(source: SourceFile, config: SiteConfig) -> Doc:
    problems = Problems()
    doc = parse_doc(source, config, problems)
    if doc is None or problems.errors:
        raise SiteError(problems.items)
    return doc


def _load_original_directory(source: SourceFile, config: SiteConfig) -> Directory:
    problems = Problems()
    directory = load_directory(source.path, {}, config.root, config.region, problems)
    if directory is None or problems.errors:
        raise SiteError(problems.items)
    return directory


def directory_skeleton(directory: Directory, lang: str, original_name: str) -> str:
    """Return a new contact directory translation: the original's words as comments."""
    name = language_view(lang).english_name
    lines = [
        f"# {name} words for {original_name}. Write each translation after its colon; the",
        "# original is in the comment above it. A line left empty shows the original.",
        "# Phone numbers, web and e-mail addresses are never written here: they come from",
        f"# {original_name}, so they are right in every language.",
        f"{FINGERPRINT_KEY}: {directory_fingerprint(directory)}",
    ]
    lines += [*_commented(directory.title, ""), "title:"]
    if directory.intro:
        lines += [*_commented(directory.intro, ""), "intro:"]
    lines.append("entries:")
    for entry in directory.entries:
        lines.append(f"  {entry.id}:")
        words = (
            ("name", entry.name),
            ("when", entry.when),
            ("hours", entry.hours),
            ("address", entry.address),
        )
        for key, value in words:
            if value:
                lines += [*_commented(value, "    "), f"    {key}:"]
    return "\n".join(lines) + "\n"


def _commented(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.strip().split("\n")]
