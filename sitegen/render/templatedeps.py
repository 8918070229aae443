"""Which template files a page template uses, so editing one re-renders only the pages it shapes.

A page rendered with `statement.html` depends on that file and on everything it extends,
includes and imports, followed transitively through the theme's and the site's template folders
(a site's own template replaces the theme's of the same name). A reference computed while
rendering (`{% include some_variable %}`) cannot be followed: such a template depends on every
template, which is always safe.
"""

from __future__ import annotations

from jinja2 import Environment, TemplateNotFound, TemplateSyntaxError, meta

from sitegen.incremental.cache import Cache, fingerprint


def used_templates(env: Environment, name: str) -> list[tuple[str, str]] | None:
    """Return (name, source) of `name` and every template it uses, by name; None if unknowable."""
    found: dict[str, str] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        found[current] = _source(env, current)
        references = _references(env, found[current])
        if references is None:
            return None
        pending += references
    return sorted(found.items())


def _source(env: Environment, name: str) -> str:
    assert env.loader is not None
    try:
        return env.loader.get_source(env, name)[0]  # the words decide, wherever the file is
    except TemplateNotFound:
        return ""  # rendering reports the missing template


def _references(env: Environment, source: str) -> list[str] | None:
    """Return the templates a template's source names; None if one is computed while rendering."""
    try:
        references = list(meta.find_referenced_templates(env.parse(source)))
    except TemplateSyntaxError:
        return []  # rendering reports the mistake, with its line
    if any(reference is None for reference in references):
        return None
    return [reference for reference in references if reference is not None]


def templates_fingerprint(
    env: Environment, name: str, everything: str, cache: Cache | None = None
) -> str:
    """Fingerprint the templates a page template uses (`everything`: all of them, if unknowable).

    Which templates a template uses is kept in `cache` by `everything`, so the templates are
    read again but not parsed while none of them changes.
    """
    cache = cache or Cache(None)
    names_key = fingerprint("template names", everything, name)
    names = cache.get(names_key)
    if not (isinstance(names, tuple) and all(isinstance(n, str) for n in names)):
        used = used_templates(env, name)
        names = ("",) if used is None else tuple(n for n, _ in used)
        cache.put(names_key, names)
    if names == ("",):
        return everything
    return fingerprint("templates", name, *(part for n in names for part in (n, _source(env, n))))
