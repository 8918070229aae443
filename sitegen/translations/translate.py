"""`python build.py translations ...`: the translators' workflow.

- `extract`: collect the theme's words (`_()`, `ngettext`, `pgettext`, `{% trans %}` in the
  templates) into `translations/messages.pot`;
- `update`: merge that template into every language's `messages.po`, keeping translators' work
  and marking changed words fuzzy (a new language in site.yaml gets a new catalog);
- `status`: per language, the theme's words and the files translated, outdated or missing;
- `new FILE --lang ur`: start a translation of a page, letter or contact directory;
- `done FILE`: record that a translation has been brought up to date with its original.

Edits to existing files change one line of the front matter (or of the YAML) and keep every
other byte as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from sitegen import __version__
from sitegen.content.contacts import Directory, load_directory
from sitegen.content.parse import Doc, parse_doc
from sitegen.content.words import FINGERPRINT_KEY, directory_fingerprint
from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.i18n.catalogs import CATALOG_NAME, CatalogSource, catalog_sources
from sitegen.i18n.catalogs import read_catalog as read_po_file
from sitegen.i18n.languages import language_view, parse_locale
from sitegen.read.config import SiteConfig, load_config
from sitegen.read.discover import CONTENT_DIR, SourceFile, classify, discover
from sitegen.read.yamlread import YMap, YStr, load_yaml
from sitegen.render.theme import theme_for
from sitegen.site.freshness import fingerprint, freshness, judge
from sitegen.site.model import Site, build_model
from sitegen.textfile import read_text

TRANSLATIONS_DIR = "translations"
TEMPLATE_NAME = "messages.pot"
TEMPLATES_DIR = "templates"
COMMENT_TAGS = ("Translators:",)
_METHOD_MAP = [("**.html", "jinja2.ext:babel_extract")]
_OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "encoding": "utf-8"}}
_POT_WIDTH = 76  # as `pybabel extract` writes it
_PO_WIDTH = 0  # catalogs unwrapped: one line a message is easiest to edit by hand

State = Literal["translated", "outdated", "unknown", "missing"]
STATES: tuple[State, ...] = ("translated", "outdated", "unknown", "missing")


# -- extract and update ----------------------------------------------------------------------


def extract(site_dir: Path, theme_root: Path | None = None) -> tuple[Path, int]:
    """Write `translations/messages.pot` from the templates; return its path and message count."""
    theme = theme_for(site_dir, theme_root)
    catalog = Catalog(
        project="sitegen",
        version=__version__,
        copyright_holder="sitegen contributors",
        charset="utf-8",
        creation_date=_clock(),
    )
    seen_files: set[str] = set()
    for folder, label in theme.template_dirs:  # the site's own templates first
        for filename, lineno, message, comments, context in extract_from_dir(
            folder,
            _METHOD_MAP,
            _OPTIONS,
            keywords=DEFAULT_KEYWORDS,
            comment_tags=COMMENT_TAGS,
        ):
            name = Path(filename).as_posix()
            if label != TEMPLATES_DIR and name in seen_files:
                continue  # the site overrides this template: its words are not shown
            catalog.add(
                message,
                None,
                [(f"{label}/{name}", lineno)],
                auto_comments=comments,
                context=context,
            )
        if label == TEMPLATES_DIR:
            seen_files |= {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}
    target = site_dir / TRANSLATIONS_DIR / TEMPLATE_NAME
    _write_catalog(target, catalog, sort_by_file=True, width=_POT_WIDTH)
    return target, sum(1 for message in catalog if message.id)


@dataclass(frozen=True)
class CatalogUpdate:
    """What `update` did to one language's catalog."""

    lang: str
    path: str  # site-relative
    created: bool
    counts: StringCounts


def update(site_dir: Path) -> list[CatalogUpdate]:
    """Merge `translations/messages.pot` into every language's catalog (creating missing ones)."""
    config = load_config(site_dir)
    template_path = site_dir / TRANSLATIONS_DIR / TEMPLATE_NAME
    if not template_path.is_file():
        raise SiteError.at(
            SourceRef(f"{TRANSLATIONS_DIR}/{TEMPLATE_NAME}"),
            "there is no template yet: run `python build.py translations extract` first",
        )
    template = _read_template(template_path)
    results = []
    for lang in _catalog_languages(site_dir, config.languages):
        path = _catalog_path(site_dir, lang)
        rel = path.relative_to(site_dir).as_posix()
        if path.is_file():
            catalog = read_po_file(CatalogSource(path, rel), lang)
            catalog.update(template, update_header_comment=False)
            created = False
        elif _is_english(lang):
            continue  # the theme's words are written in English: nothing to translate
        else:
            catalog = _new_catalog(template_path, lang)
            created = True
        _write_catalog(path, catalog, sort_by_file=False, width=_PO_WIDTH)
        results.append(CatalogUpdate(lang, rel, created, count_strings(template, [catalog])))
    return results


def _catalog_languages(site_dir: Path, listed: tuple[str, ...]) -> list[str]:
    """Return the site's languages, then any other language that already has a catalog."""
    folder = site_dir / TRANSLATIONS_DIR
    existing = sorted(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{CATALOG_NAME}"))
    return list(dict.fromkeys([*listed, *existing]))


def _read_template(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, charset="utf-8")


def _new_catalog(template_path: Path, lang: str) -> Catalog:
    """Start a language's catalog from the template, with its plural rules from CLDR."""
    with template_path.open("rb") as stream:
        catalog = read_po(stream, locale=parse_locale(lang), charset="utf-8")
    catalog.locale = parse_locale(lang)
    catalog.revision_date = _clock()
    catalog.fuzzy = False
    return catalog


def _catalog_path(site_dir: Path, lang: str) -> Path:
    return site_dir / TRANSLATIONS_DIR / lang / "LC_MESSAGES" / CATALOG_NAME


def _is_english(lang: str) -> bool:
    return lang == "en" or lang.startswith("en-")


def _write_catalog(path: Path, catalog: Catalog, *, sort_by_file: bool, width: int) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=width, sort_by_file=sort_by_file)
    write_atomically(path, buffer.getvalue())


def write_atomically(path: Path, data: bytes) -> None:
    """Replace a file's bytes all at once (a crash never leaves half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _clock() -> dt.datetime:
    from sitegen.clock import build_clock

    return build_clock(None)


# -- status ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StringCounts:
    """The theme's words in one language."""

    translated: int
    fuzzy: tuple[str, ...]
    missing: tuple[str, ...]


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
        if not _is_english(lang) and template is not None:
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
            return _read_template(path)
    return None


def count_strings(template: Catalog, catalogs: list[Catalog]) -> StringCounts:
    """Count the template's messages translated, fuzzy or missing (later catalogs win)."""
    translated = 0
    fuzzy: list[str] = []
    missing: list[str] = []
    for message in template:
        if not message.id:
            continue
        found = [c.get(message.id, message.context) for c in catalogs]
        entries = [m for m in found if m is not None and _has_string(m)]
        label = _message_label(message)
        if any(not m.fuzzy for m in entries):
            translated += 1
        elif entries:
            fuzzy.append(label)
        else:
            missing.append(label)
    return StringCounts(translated, tuple(fuzzy), tuple(missing))


def _has_string(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(strings)


def _message_label(message: Message) -> str:
    text = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}|{text}" if message.context else str(text)


def _page_statuses(site: Site, lang: str) -> Iterator[FileStatus]:
    default = site.config.default_language
    for page in site.pages.values():
        groups: list[tuple[Literal["page", "letter"], dict[str, Doc]]] = [("page", page.variants)]
        groups += [("letter", letter.variants) for letter in page.letters]
        for kind, variants in groups:
            original = variants.get(default)
            if original is None:
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


# -- new and done ----------------------------------------------------------------------------


def new_translation(site_dir: Path, file: Path, lang: str) -> Path:
    """Start the `lang` translation of an original page, letter or contact directory."""
    config = load_config(site_dir)
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
    if target.exists():
        raise SiteError.at(
            SourceRef(rel),
            "this translation already exists: edit it (and when it matches the original, run "
            f"`python build.py translations done {rel}`)",
        )
    if source.role == "directory":
        directory = _load_original_directory(source, config)
        data = directory_skeleton(directory, lang, source.path.name).encode("utf-8")
    else:
        doc = _parse_original(source, config)
        text = read_text(source.path, source.ref.path)
        started = set_front_matter_key(text, FINGERPRINT_KEY, fingerprint(doc), source.ref.path)
        data = started.encode("utf-8")
    write_atomically(target, data)
    return target


def mark_done(site_dir: Path, file: Path) -> Path:
    """Record in a translation the fingerprint of its original as it is now."""
    config = load_config(site_dir)
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
    if updated != text:
        write_atomically(source.path, updated.encode("utf-8"))
    return source.path


def _content_file(site_dir: Path, file: Path, config: SiteConfig) -> SourceFile:
    """Find a file under content/ (as given, or relative to the site folder) and classify it."""
    candidates = [file] if file.is_absolute() else [Path.cwd() / file, site_dir / file]
    path = next((c for c in candidates if c.is_file()), None)
    if path is None:
        raise SiteError.at(SourceRef(file.as_posix()), "there is no such file")
    content = (site_dir / CONTENT_DIR).resolve()
    try:
        rel = path.resolve().relative_to(content).as_posix()
    except ValueError:
        raise SiteError.at(
            SourceRef(file.as_posix()), f"the file is not in the site's {CONTENT_DIR} folder"
        ) from None
    source = classify(rel, str(content / rel), config.languages, Problems())
    if source is None or source.role == "asset":
        raise SiteError.at(
            SourceRef(f"{CONTENT_DIR}/{rel}"),
            "only pages and letters (.md) and contact directories (contacts/*.yaml) are translated",
        )
    return source


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


# -- line-level edits ------------------------------------------------------------------------

_DELIMITERS = ("---", "...")


def set_front_matter_key(text: str, key: str, value: str, path: str = "") -> str:
    """Set a top-level key of a Markdown file's front matter, changing no other line."""
    bom, lines, newline = _split_lines(text)
    entry = f"{key}: {value}{newline}"
    if not lines or _bare(lines[0]) != "---":
        return bom + "---" + newline + entry + "---" + newline + "".join(lines)
    close = next((i for i in range(1, len(lines)) if _bare(lines[i]) in _DELIMITERS), None)
    if close is None:
        raise SiteError.at(
            SourceRef(path, 1),
            "the front matter is never closed: add a line '---' after it",
        )
    return bom + "".join(_set_key(lines, key, entry, 1, close, close))


def set_yaml_key(text: str, key: str, value: str) -> str:
    """Set a top-level key of a YAML file, changing no other line."""
    bom, lines, newline = _split_lines(text)
    start = 1 if lines and _bare(lines[0]) == "---" else 0
    entry = f"{key}: {value}{newline}"
    return bom + "".join(_set_key(lines, key, entry, start, len(lines), start))


def _split_lines(text: str) -> tuple[str, list[str], str]:
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text[len(bom) :].splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    return bom, lines, newline


def _set_key(
    lines: list[str], key: str, entry: str, start: int, stop: int, insert_at: int
) -> list[str]:
    pattern = re.compile(rf"{re.escape(key)}\s*:")
    for index in range(start, stop):
        if pattern.match(lines[index]):
            ending = lines[index][len(lines[index].rstrip("\r\n")) :] or entry[-1]
            return [*lines[:index], entry.rstrip("\r\n") + ending, *lines[index + 1 :]]
    return [*lines[:insert_at], entry, *lines[insert_at:]]


def _bare(line: str) -> str:
    return line.rstrip("\r\n").rstrip(" \t")
