"""Everything about languages, from Babel: names, direction, dates and the theme's catalogs.

This is the only module that talks to Babel. Catalogs are read from `.po` files at build time
(no compiled `.mo` to keep up to date); a site's own catalog overrides the theme's message by
message. Translations reach templates only as escaped text (see `gettext_callables`).
"""

from __future__ import annotations

import contextlib
import gettext
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import babel
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations
from markupsafe import Markup, escape

from sitegen.errors import Problem, Problems, SiteError, SourceRef
from sitegen.i18n.phones import normalise_phone_text
from sitegen.incremental.cache import Cache, fingerprint
from sitegen.textfile import read_text

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


# -- what a translation may say --------------------------------------------------------------

_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<conv>[diouxXeEfFgGcrsa%])?"
)
_BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_NUMBER = re.compile(r"\+?[0-9]+(?:[ -]?[0-9]+)*")
_MIN_NUMBER_DIGITS = 3


def check_catalog(loaded: CatalogFile, lang: str, problems: Problems) -> None:
    """Report a catalog whose plural forms, placeholders, numbers or addresses are unsafe."""
    _check_header(loaded, lang, problems)
    for message in loaded.catalog:
        if message.id and not message.fuzzy:
            _check_message(loaded, message, problems)


def _check_header(loaded: CatalogFile, lang: str, problems: Problems) -> None:
    catalog = loaded.catalog
    declared = str(catalog.locale or "")
    if declared and declared.lower() != lang.replace("-", "_").lower():
        ref = SourceRef(loaded.ref_path, loaded.line_starting("Language:"))
        problems.error(ref, f"the catalog says 'Language: {declared}' but is the one for {lang!r}")
        return
    expected = get_plural(lang.replace("-", "_"))
    ref = SourceRef(loaded.ref_path, loaded.line_starting("Plural-Forms:"))
    wanted = f"'Plural-Forms: nplurals={expected.num_plurals}; plural={expected.plural_expr};'"
    if catalog.num_plurals != expected.num_plurals:
        problems.error(
            ref,
            f"the catalog has {catalog.num_plurals} plural forms but {lang!r} has "
            f"{expected.num_plurals} (Unicode CLDR): write {wanted}",
        )
        return
    differs = _plural_rules_differ(catalog.plural_expr, expected.plural_expr)
    if differs is not None:
        problems.error(ref, f"the plural rule {differs} than CLDR's rule for {lang!r}: {wanted}")


def _plural_rules_differ(written: str, expected: str) -> str | None:
    """Say how the catalog's plural expression differs from CLDR's, or None if it agrees."""
    try:
        ours, theirs = gettext.c2py(written), gettext.c2py(expected)
    except (ValueError, RecursionError):
        return f"{written!r} cannot be read: write it"
    for n in range(1000):
        if ours(n) != theirs(n):
            return f"picks form {ours(n)} for n={n}, not {theirs(n)}: a different rule"
    return None


def _check_message(loaded: CatalogFile, message: Message, problems: Problems) -> None:
    sources = (message.id,) if isinstance(message.id, str) else tuple(message.id)
    strings = (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
    if not any(strings):
        return  # untranslated: the source text is shown
    plural = len(sources) > 1
    shown = sources[0] if len(sources[0]) <= 60 else sources[0][:57] + "..."
    lines = loaded.msgstr_lines(message)
    wanted = loaded.catalog.num_plurals
    if plural and len(lines) != wanted:
        problems.error(
            SourceRef(loaded.ref_path, message.lineno),
            f"translation of {shown!r} has {len(lines)} plural forms; the catalog's "
            f"Plural-Forms header asks for {wanted} (msgstr[0] to msgstr[{wanted - 1}])",
        )
        return
    for index, string in enumerate(strings):
        ref = SourceRef(loaded.ref_path, lines[index] if index < len(lines) else message.lineno)
        if not string:
            problems.error(ref, f"translation of {shown!r}: fill every plural form or none")
            continue
        for fault in _translation_faults(sources, string, plural):
            problems.error(ref, f"translation of {shown!r} {fault}")
        markup = _MARKUP.search(string)
        if markup:
            problems.warning(
                ref,
                f"translation of {shown!r} contains markup ({markup.group()!r}): it is shown as "
                "text, not as HTML; remove it",
            )


def _translation_faults(sources: tuple[str, ...], string: str, plural: bool) -> list[str]:
    """Return what is wrong with one translated string, as phrases after its message."""
    faults = _format_faults(sources, string, plural)
    wanted, found = _braces(sources), set(_BRACES.findall(string))
    if wanted != found:
        faults.append(f"has placeholders {_list(found)} but the source has {_list(wanted)}")
    for kind, extract in (("numbers", _numbers), ("web and e-mail addresses", _addresses)):
        source_facts = set().union(*(extract(text) for text in sources))
        if extract(string) != source_facts:
            faults.append(
                f"changes the {kind}: the source has {_list(source_facts)}, the translation "
                f"{_list(extract(string))}; a translation must keep every phone number and "
                "address exactly"
            )
    return faults


def _format_faults(sources: tuple[str, ...], string: str, plural: bool) -> list[str]:
    """Check %-placeholders: templates always format a translation with named values."""
    faults: list[str] = []
    source_keys: dict[str, str] = {}
    for text in sources:
        for match in _PERCENT.finditer(text):
            if match.group("key") is not None and match.group("conv"):
                source_keys[match.group("key")] = match.group("conv")
    used: set[str] = set()
    for match in _PERCENT.finditer(string):
        key, conv = match.group("key"), match.group("conv")
        if conv is None:
            faults.append(f"has a '%' that Python cannot read ({match.group()!r}): write '%%'")
        elif conv == "%":
            continue
        elif key is None:
            faults.append(
                f"has {match.group()!r}, which Python reads as a placeholder: write a percent "
                "sign as '%%'"
            )
        elif key not in source_keys:
            faults.append(f"has the placeholder %({key}){conv} that the source does not have")
        elif conv not in (source_keys[key], "s"):
            faults.append(f"has %({key}){conv} where the source has %({key}){source_keys[key]}")
        used.add(key or "")
    missing = set(source_keys) - used - ({"num"} if plural else set())
    if missing:
        faults.append(f"leaves out the placeholders {_list(missing)}: keep each one")
    return faults


def _braces(sources: tuple[str, ...]) -> set[str]:
    return {name for text in sources for name in _BRACES.findall(text)}


def _numbers(text: str) -> set[str]:
    """Return the digit strings of 3 or more digits in `text`, in any script, spaces dropped."""
    found = (re.sub(r"[^0-9+]", "", m) for m in _NUMBER.findall(normalise_phone_text(text)))
    return {number for number in found if len(number.lstrip("+")) >= _MIN_NUMBER_DIGITS}


def _addresses(text: str) -> set[str]:
    urls = {url.rstrip(".,;:!?") for url in _URL.findall(text)}
    return urls | set(_EMAIL.findall(text))


def _list(items: set[str]) -> str:
    return ", ".join(repr(item) for item in sorted(items)) if items else "none"


def merged_translations(
    sources: list[CatalogSource], lang: str, problems: Problems, cache: Cache | None = None
) -> Translations:
    """Merge catalogs (later ones win, message by message) into gettext translations.

    Every catalog is read and checked before any is used; with any error the result is empty
    (the caller stops the build), so a bad catalog never half-loads. With a cache, catalogs of
    the same bytes as before are not read and checked again: what they compiled to and the
    problems found are kept under the fingerprint of their files and Babel's version (its CLDR
    data decides the plural rules).
    """
    key = None
    if cache is not None:
        with contextlib.suppress(OSError):  # unreadable: read (and reported) the slow way
            key = catalogs_fingerprint(sources, lang)
    cached = cache.get(key) if cache is not None and key is not None else None
    if _is_compiled_entry(cached):
        compiled, found = cached
    else:
        checked = Problems()
        compiled = _compiled_catalogs(sources, lang, checked)
        found = tuple(checked.items)
        if cache is not None and key is not None:
            cache.put(key, (compiled, found))
    problems.extend(found)
    return Translations(fp=io.BytesIO(compiled)) if compiled else Translations()


def _is_compiled_entry(value: Any) -> TypeGuard[tuple[bytes, tuple[Problem, ...]]]:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], bytes)
        and isinstance(value[1], tuple)
        and all(isinstance(problem, Problem) for problem in value[1])
    )


def catalogs_fingerprint(sources: list[CatalogSource], lang: str) -> str:
    """Fingerprint a language's catalogs and the Babel that reads them (its CLDR data decides
    plural rules and dates); raise OSError if one cannot be read."""
    parts: list[str | bytes] = ["catalogs", babel.__version__, lang]
    for source in sources:
        parts += [source.ref_path, source.path.read_bytes()]
    return fingerprint(*parts)


def _compiled_catalogs(sources: list[CatalogSource], lang: str, problems: Problems) -> bytes:
    """Read, check and merge catalogs into the bytes of a `.mo` file (b"" after any error)."""
    loaded: list[CatalogFile] = []
    before = len(problems.errors)
    for source in sources:
        try:
            catalog_file = load_catalog(source, lang)
        except SiteError as error:
            problems.extend(error.problems)
            continue
        check_catalog(catalog_file, lang, problems)
        loaded.append(catalog_file)
    if not loaded or len(problems.errors) > before:
        return b""
    merged = loaded[0].catalog
    for catalog_file in loaded[1:]:
        for message in catalog_file.catalog:
            if message.id and message.string and not message.fuzzy:
                _override(merged, message)
    buffer = io.BytesIO()
    write_mo(buffer, merged, use_fuzzy=False)
    return buffer.getvalue()


def _override(catalog: Catalog, message: Message) -> None:
    """Put a site's translation over the theme's (Catalog.__setitem__ keeps the old string)."""
    current = catalog.get(message.id, message.context)
    if current is None:
        catalog[message.id] = message
        return
    current.string = message.string
    current.flags.discard("fuzzy")


def gettext_callables(translations: Translations) -> dict[str, Callable[..., Any]]:
    """Wrap gettext so every translation reaches a template as escaped text, never markup.

    Jinja's newstyle gettext marks a translation safe under autoescape; returning it already
    escaped (as `Markup`) keeps a hostile `.po` file from injecting HTML.
    """

    def gettext(message: str) -> Markup:
        return escape(translations.gettext(message))

    def ngettext(singular: str, plural: str, n: int) -> Markup:
        return escape(translations.ngettext(singular, plural, n))

    def pgettext(context: str, message: str) -> Markup:
        return escape(translations.pgettext(context, message))

    def npgettext(context: str, singular: str, plural: str, n: int) -> Markup:
        return escape(translations.npgettext(context, singular, plural, n))

    return {
        "gettext": gettext,
        "ngettext": ngettext,
        "pgettext": pgettext,
        "npgettext": npgettext,
    }
