"""Which template files a page template uses, so editing one re-renders only the pages it shapes.

A page rendered with `statement.html` depends on that file and on everything it extends,
includes and imports, followed transitively through the theme's and the site's template folders
(a site's own template replaces the theme's of the same name). A reference computed while
rendering (`{% include some_variable %}`) cannot be followed: such a template depends on every
template, which is always safe.
"""

from __future__ import annotations

from jinja2 import Environment, TemplateNotFound, TemplateSyntaxError, meta

from sitegen.cache import fingerprint


def used_templates(env: Environment, name: str) -> list[tuple[str, str]] | None:
    """Return (name, source) of `name` and every template it uses, by name; None if unknowable."""
    assert env.loader is not None
    found: dict[str, str] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        try:
            source, _, _ = env.loader.get_source(env, current)
        except TemplateNotFound:
            found[current] = ""  # rendering reports the missing template
            continue
        found[current] = source  # the words decide, wherever the file is
        try:
            references = list(meta.find_referenced_templates(env.parse(source)))
        except TemplateSyntaxError:
            continue  # rendering reports the mistake, with its line
        if any(reference is None for reference in references):
            return None
        pending += [reference for reference in references if reference is not None]
    return sorted(found.items())


def templates_fingerprint(env: Environment, name: str, everything: str) -> str:
    """Fingerprint the templates a page template uses (`everything`: all of them, if unknowable)."""
    used = used_templates(env, name)
    if used is None:
        return everything
    return fingerprint("templates", name, *(part for pair in used for part in pair))
