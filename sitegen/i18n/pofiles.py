"""Finding and reading a language's `.po` files, with a check of every line's syntax first.

Babel's reader skips what it cannot read, so each line is checked before Babel sees the file: a
fault in a catalog stops the build with its file and line instead of a silently missing word.
What a translation may say is checked after reading, in `catalogcheck`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.textfile import read_text

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

CATALOG_NAME = "messages.po"


@dataclass(frozen=True)
class CatalogSource:
    """A `.po` file on disk and how to name it in messages."""

    path: Path
    ref_path: str


def catalog_sources(lang: str, dirs: list[tuple[Path, str]]) -> list[CatalogSource]:
    """List the catalogs for a language, lowest priority first (theme, then site)."""
    found: list[CatalogSource] = []
    seen: set[Path] = set()
    for directory, label in dirs:
        path = directory / lang / "LC_MESSAGES" / CATALOG_NAME
        if path.is_file() and path.resolve() not in seen:
            seen.add(path.resolve())
            found.append(CatalogSource(path, f"{label}/{lang}/LC_MESSAGES/{CATALOG_NAME}"))
    return found


@dataclass(frozen=True)
class CatalogFile:
    """A catalog read whole from its `.po` file, with the text to locate its lines."""

    catalog: Catalog
    ref_path: str
    lines: tuple[str, ...]

    def msgstr_lines(self, message: Message) -> list[int]:
        """Return the lines of a message's `msgstr` keywords (one, or one per plural form)."""
        found: list[int] = []
        for number in range(message.lineno or 1, len(self.lines) + 1):
            words = self.lines[number - 1].split(None, 1)
            keyword = words[0] if words else ""
            if keyword.startswith("msgstr"):
                found.append(number)
            elif found and not keyword.startswith('"'):
                break
        return found

    def line_starting(self, prefix: str) -> int:
        """Return the first line whose quoted text starts with `prefix` (a header), else 1."""
        for number, line in enumerate(self.lines, start=1):
            if line.lstrip().startswith(prefix) or line.lstrip().startswith(f'"{prefix}'):
                return number
        return 1


def read_catalog(source: CatalogSource, lang: str) -> Catalog:
    """Read one `.po` file whole, or stop with the file and line of every fault in its syntax."""
    return load_catalog(source, lang).catalog


def load_catalog(source: CatalogSource, lang: str) -> CatalogFile:
    """Read one `.po` file whole with its lines, or stop naming every line it cannot read."""
    text = read_text(source.path, source.ref_path)
    from babel.messages.pofile import PoFileError, read_po  # only when a catalog is read

    problems = Problems()
    check_po_syntax(text, source.ref_path, problems)
    problems.raise_if_errors()
    try:
        catalog = read_po(io.StringIO(text), locale=lang.replace("-", "_"), abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        index: int | None = getattr(exc, "lineno", None)  # Babel counts lines from 0
        ref = SourceRef(source.ref_path, None if index is None else index + 1)
        raise SiteError.at(ref, _po_error_message(exc)) from None
    return CatalogFile(catalog, source.ref_path, tuple(text.split("\n")))


def _po_error_message(exc: Exception) -> str:
    from babel.messages.catalog import Catalog

    catalog = getattr(exc, "catalog", None)
    if "more translations than num_plurals" in str(exc) and isinstance(catalog, Catalog):
        return (
            "this message has more plural forms than the catalog's Plural-Forms header asks "
            f"for ({catalog.num_plurals})"
        )
    return f"cannot read the catalog: {exc}"


# -- .po syntax: Babel's reader skips what it cannot read, so check every line first ----------

_PO_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[(\d+)\])(?:\s+(.*))?")
_PO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


@dataclass
class _PoEntry:
    """The part of a `.po` entry read so far (parser state, local to one check)."""

    line: int = 0
    keys: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    forms: list[int] = field(default_factory=list)


def check_po_syntax(text: str, ref_path: str, problems: Problems) -> None:
    """Report each line a `.po` reader would skip or misread: unclosed strings, stray text."""
    entry = _PoEntry()
    seen: dict[tuple[str, ...], int] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        ref = SourceRef(ref_path, number)
        if not line or line.startswith("#"):
            if not line:
                entry = _end_entry(entry, ref_path, seen, problems)
            continue
        if line.startswith('"'):
            if not entry.keys:
                problems.error(ref, "a quoted string with no msgid or msgstr before it")
            elif _check_po_string(line, ref, problems):
                entry.ids[-1] += line
            continue
        match = _PO_KEYWORD.fullmatch(line)
        if match is None:
            problems.error(
                ref,
                f"cannot read {line[:40]!r}: a catalog line is msgid, msgstr, a quoted string "
                "or a # comment",
            )
            continue
        keyword, form, rest = match.group(1), match.group(2), match.group(3) or ""
        if keyword in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in entry.keys):
            entry = _end_entry(entry, ref_path, seen, problems)
        _check_po_order(entry, keyword, form, ref, problems)
        entry.line = entry.line or number
        entry.keys.append(keyword)
        entry.ids.append(rest if _check_po_string(rest, ref, problems) else "")
    _end_entry(entry, ref_path, seen, problems)


def _check_po_string(text: str, ref: SourceRef, problems: Problems) -> bool:
    if _PO_STRING.fullmatch(text):
        return True
    if _PO_STRING.match(text):
        problems.error(ref, "text after the closing quote: put the whole string inside the quotes")
    else:
        problems.error(
            ref, 'the string is not closed: end it with " (write a quote inside it as \\")'
        )
    return False


def _check_po_order(
    entry: _PoEntry, keyword: str, form: str | None, ref: SourceRef, problems: Problems
) -> None:
    keys = entry.keys
    if keyword == "msgid_plural" and keys[-1:] != ["msgid"]:
        problems.error(ref, "msgid_plural must follow its msgid")
    elif keyword.startswith("msgstr") and "msgid" not in keys:
        problems.error(ref, f"{keyword} has no msgid before it")
    elif keyword == "msgstr" and "msgid_plural" in keys:
        problems.error(ref, "a message with msgid_plural needs msgstr[0], msgstr[1] and so on")
    elif form is not None and "msgid_plural" not in keys:
        problems.error(
            ref, f"{keyword} belongs to a plural message: add msgid_plural or use msgstr"
        )
    elif form is not None:
        if int(form) != len(entry.forms):
            problems.error(ref, f"expected msgstr[{len(entry.forms)}] here, found {keyword}")
        entry.forms.append(int(form))
    elif keyword in keys:
        problems.error(ref, f"a second {keyword} in one message: separate messages by a blank line")


def _end_entry(
    entry: _PoEntry, ref_path: str, seen: dict[tuple[str, ...], int], problems: Problems
) -> _PoEntry:
    """Check a finished entry has a translation and is not a second copy of a message."""
    if "msgid" in entry.keys:
        ref = SourceRef(ref_path, entry.line)
        if not any(k.startswith("msgstr") for k in entry.keys):
            problems.error(ref, 'this message has no msgstr: add msgstr "" after its msgid')
        identity = tuple(
            text for key, text in zip(entry.keys, entry.ids, strict=True) if key in _IDENTITY
        )
        first = seen.setdefault(identity, entry.line)
        if first != entry.line:
            problems.error(
                ref,
                f"this message is in the catalog twice, at lines {first} and {entry.line}: "
                "keep one",
            )
    return _PoEntry()


_IDENTITY = frozenset({"msgctxt", "msgid"})
