"""The Jinja environment of each language: the theme's templates, and gettext from its catalogs.

One environment per language and build (an overlay would share gettext globals across
languages). Each has its own template globals that remember work done once per build: the
theme's words (`remembered_gettext`) and fragments rendered once per key (`reused_fragments`).
Compiled templates are kept between builds in the theme's bytecode folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
)
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path
from markupsafe import Markup

from sitegen.errors import Problems
from sitegen.i18n.catalogs import Translations, gettext_callables, merged_translations
from sitegen.i18n.pofiles import catalog_sources
from sitegen.incremental.cache import Cache
from sitegen.incremental.cachefiles import read_record, write_private
from sitegen.incremental.sealing import Damaged, discard_damaged, seal, unseal
from sitegen.render.theme import Theme
from sitegen.textfile import is_regular


class _RegularFileLoader(FileSystemLoader):
    """Jinja's file loader, for which a FIFO, socket or device is not a template: opening a
    FIFO would wait for a writer for ever (read_site warns of each, see `read.walk`)."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = os.path.join(folder, *pieces)
            if os.path.lexists(path) and not os.path.isdir(path) and not is_regular(path):
                raise TemplateNotFound(template)
        return super().get_source(environment, template)


class _SealedBytecodeCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache, its files sealed as the cache's records are.

    Bytecode is marshalled code: a file someone else put in the folder would run as the
    templates. So a file is read as a record is (`incremental.cachefiles`: never a FIFO, a
    symlink or an endless file) and used only if its MAC is right (`incremental.sealing`). A
    file that cannot be read or written is only a miss, as in the rest of the cache.
    """

    def __init__(self, directory: Path, key: bytes) -> None:
        super().__init__(str(directory))
        self.folder = directory
        self.key = key

    def load_bytecode(self, bucket: Bucket) -> None:
        name = self._get_cache_filename(bucket)
        found = read_record(name)
        if found is None:
            return
        try:
            data = unseal(self.key, found[0])
            if data is not None:
                bucket.bytecode_from_string(data)
        except Damaged:
            discard_damaged(self.folder.parent, name)
        except Exception:  # of another Python: Jinja compiles the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        path = Path(self._get_cache_filename(bucket))
        write_private(path, *seal(self.key, bucket.bytecode_to_string()))


def catalog_translations(
    theme: Theme, languages: tuple[str, ...], problems: Problems, cache: Cache | None = None
) -> dict[str, Translations]:
    """Read every language's catalogs (checked, see `merged_translations`), once per build."""
    return {
        lang: merged_translations(
            catalog_sources(lang, list(theme.catalog_dirs)), lang, problems, cache
        )
        for lang in languages
    }


def catalog_lookups(
    translations: dict[str, Translations],
) -> dict[str, Callable[[str, str], str]]:
    """Return each language's `pgettext` as plain text (for words the views need, not HTML)."""

    def lookup(catalog: Translations) -> Callable[[str, str], str]:
        return lambda context, message: str(catalog.pgettext(context, message))

    return {lang: lookup(catalog) for lang, catalog in translations.items()}


def make_environments(
    theme: Theme,
    languages: tuple[str, ...],
    problems: Problems,
    cache: Cache | None = None,
    translations: dict[str, Translations] | None = None,
) -> dict[str, Environment]:
    """Create every language's environment once per build (catalogs read and checked once)."""
    if translations is None:
        translations = catalog_translations(theme, languages, problems, cache)
    return {
        lang: make_environment(theme, lang, problems, cache, translations[lang])
        for lang in languages
    }


def make_environment(
    theme: Theme,
    lang: str,
    problems: Problems,
    cache: Cache | None = None,
    translations: Translations | None = None,
) -> Environment:
    """Create the Jinja environment of one language, with its gettext installed."""
    loader = ChoiceLoader([_RegularFileLoader(str(folder)) for folder, _ in theme.template_dirs])
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        auto_reload=False,  # one build reads each template once: no stat per include
        # Compiled templates are kept by Jinja keyed by each template's source checksum.
        bytecode_cache=(
            _SealedBytecodeCache(theme.bytecode_dir, theme.bytecode_key)
            if theme.bytecode_dir
            else None
        ),
    )
    if translations is None:
        translations = catalog_translations(theme, (lang,), problems, cache)[lang]
    callables = gettext_callables(translations)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        callables["gettext"],
        callables["ngettext"],
        newstyle=True,
        pgettext=callables["pgettext"],
        npgettext=callables["npgettext"],
    )
    env.globals.update(remembered_gettext(callables))
    env.globals["reuse"] = reused_fragments()
    return env


def reused_fragments() -> Callable[..., Markup]:
    """Return `reuse`: `{% call reuse(key, ...) %}body{% endcall %}` renders body once per key.

    A contact directory's list of services is the same on every page that shows it in one
    language; rendered once, it is copied into each. The body must depend only on the key (the
    language and the theme's words are fixed: one environment per language and build).
    """
    rendered: dict[tuple[Any, ...], Markup] = {}

    def reuse(*key: Any, caller: Callable[[], Markup]) -> Markup:
        fragment = rendered.get(key)
        if fragment is None:
            fragment = rendered[key] = caller()
        return fragment

    return reuse


def remembered_gettext(callables: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Return template globals that format translations exactly as Jinja's newstyle gettext does.

    Jinja's own make two context calls per `_()`; a page asks for dozens of words, the same ones
    on every page, so a word asked for without variables is translated once per environment.
    """
    plain, plural, in_context = (callables[n] for n in ("gettext", "ngettext", "pgettext"))
    found: dict[tuple[Any, ...], Markup] = {}

    def remember(key: tuple[Any, ...], make: Callable[[], Markup]) -> Markup:
        text = found.get(key)
        if text is None:
            text = found[key] = make()
        return text

    def gettext(message: str, /, **variables: Any) -> Markup:
        if variables:
            return Markup(plain(message)) % variables
        return remember(("g", message), lambda: Markup(plain(message)) % variables)

    def ngettext(singular: str, plural_: str, num: int, /, **variables: Any) -> Markup:
        if variables or type(num) is not int:
            variables.setdefault("num", num)
            return Markup(plural(singular, plural_, num)) % variables
        make = lambda: Markup(plural(singular, plural_, num)) % {"num": num}  # noqa: E731
        return remember(("n", singular, plural_, num), make)

    def pgettext(context: str, message: str, /, **variables: Any) -> Markup:
        if variables:
            variables.setdefault("context", context)
            return Markup(in_context(context, message)) % variables
        make = lambda: Markup(in_context(context, message)) % {"context": context}  # noqa: E731
        return remember(("p", context, message), make)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext}
