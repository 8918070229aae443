"""What a translation may say: a catalog's header and each translated message checked.

The plural rule must be CLDR's for the language; a translation must keep the source's
placeholders (a template formats it with named values), and every phone number, web and e-mail
address exactly, so a translator can never change one. Markup is shown as text, so it is
warned about.
"""

from __future__ import annotations

import gettext
import re

from babel.messages.catalog import Message
from babel.messages.plurals import get_plural

from sitegen.errors import Problems, SourceRef
from sitegen.i18n.facts import addresses, numbers
from sitegen.i18n.pofiles import CatalogFile

_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<conv>[diouxXeEfFgGcrsa%])?"
)
_BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


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
    for kind, extract in (("numbers", numbers), ("web and e-mail addresses", addresses)):
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


def _list(items: set[str]) -> str:
    return ", ".join(repr(item) for item in sorted(items)) if items else "none"
