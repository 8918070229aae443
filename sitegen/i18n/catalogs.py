"""A language's catalogs merged and compiled for rendering, and the gettext callables for Jinja.

Catalogs are read from `.po` files at build time (no compiled `.mo` to keep up to date); a site's
own catalog overrides the theme's message by message. Reading is in `pofiles`, the checks of
what a translation may say in `catalogcheck`; compiled catalogs are kept in the build cache.
Translations reach templates only as escaped text (see `gettext_callables`).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

import babel
from babel.support import Translations as Translations  # re-exported for render
from markupsafe import Markup, escape

from sitegen.errors import Problem, Problems, SiteError
from sitegen.i18n.pofiles import CatalogFile, CatalogSource, load_catalog
from sitegen.incremental.cache import Cache, fingerprint
from sitegen.textfile import read_regular

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message


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
        with contextlib.suppress(SiteError):  # unreadable: read (and reported) the slow way
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
    plural rules and dates); raise SiteError if one cannot be read."""
    parts: list[str | bytes] = ["catalogs", babel.__version__, lang]
    for source in sources:
        parts += [source.ref_path, read_regular(source.path, source.ref_path)]
    return fingerprint(*parts)


def _compiled_catalogs(sources: list[CatalogSource], lang: str, problems: Problems) -> bytes:
    """Read, check and merge catalogs into the bytes of a `.mo` file (b"" after any error).

    Babel's catalogs are imported only here: a build whose catalogs are cached needs none.
    """
    from babel.messages.mofile import write_mo

    from sitegen.i18n.catalogcheck import check_catalog

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
