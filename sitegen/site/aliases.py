"""Moved pages keep their old addresses: `aliases:` in front matter, checked, as redirects.

An alias is the path of an old address as readers had it, from the site's root:
`en/advice/old-name/` (or `/en/advice/old-name/`, or `.../page.html`). Each one redirects to the
page, in the language of the file that lists it. Two pages may not claim one alias, and an
alias may not be the address of a page that exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sitegen.content.doc import Doc
from sitegen.errors import Problems, SourceRef
from sitegen.site.model import Site
from sitegen.site.routing import INDEX, page_dir, page_output_path

# Characters of a path that need no quoting in any host's rules file (and no escaping in HTML).
_SAFE_PATH = re.compile(r"[A-Za-z0-9._~/-]+\Z")


@dataclass(frozen=True)
class Redirect:
    """An old address that takes the reader to a page's new one (both output paths)."""

    old: str  # "en/advice/old-name/" or "old/page.html": relative to the site root
    new: str  # "en/advice/new-name/": the page's folder
    key: str  # the page's key, to render the redirect page
    lang: str
    ref: SourceRef  # the file and line that asked for it

    @property
    def old_file(self) -> str:
        """The output file at the old address (a folder's `index.html`)."""
        return self.old + INDEX if self.old.endswith("/") else self.old


def site_redirects(site: Site, problems: Problems) -> tuple[Redirect, ...]:
    """Return every alias of every page as a redirect, reporting bad and clashing ones."""
    languages = site.config.languages
    asked = [
        (key, lang, doc)
        for key, page in sorted(site.pages.items())
        for lang, doc in sorted(page.variants.items())
        if doc.meta.get("aliases")
    ]
    if not asked:
        return ()  # most sites, most builds: no page was moved
    real = {page_output_path(key, lang) for key in site.pages for lang in languages}
    claimed: dict[str, Redirect] = {}
    for key, lang, doc in asked:
        for redirect in _doc_redirects(key, lang, doc, site.config.base_path, problems):
            _claim(redirect, claimed, real, problems)
    return tuple(claimed[old] for old in sorted(claimed))


def _doc_redirects(
    key: str, lang: str, doc: Doc, base_path: str, problems: Problems
) -> Iterable[Redirect]:
    aliases = doc.meta.get("aliases") or ()
    ref = doc.source.ref.at(doc.line_of("aliases"))
    for alias in aliases:
        old = normalise_alias(str(alias), base_path)
        if old is None:
            problems.error(
                ref,
                f"alias {str(alias)!r} is not an old address of this site: write its path from "
                "the site's root, e.g. en/advice/old-name/ (letters, digits, - _ . ~ and /)",
            )
            continue
        yield Redirect(old, page_dir(key, lang), key, lang, ref)


def normalise_alias(alias: str, base_path: str) -> str | None:
    """Return an alias as an output path ("en/old/" or "old.html"); None if it cannot be one."""
    path = alias.strip()
    if base_path != "/" and path.startswith(base_path):
        path = path[len(base_path) :]
    path = path.lstrip("/")
    if path.endswith("/" + INDEX) or path == INDEX:
        path = path[: -len(INDEX)]
    elif not path.endswith((".html", "/")):
        path += "/"
    parts = path.rstrip("/").split("/")
    if not path.strip("/") or not _SAFE_PATH.match(path) or {".", ".."} & set(parts):
        return None
    return path


def _claim(
    redirect: Redirect, claimed: dict[str, Redirect], real: set[str], problems: Problems
) -> None:
    if redirect.old_file in real:
        problems.error(
            redirect.ref,
            f"alias {redirect.old!r} is the address of a page that exists "
            f"({redirect.old_file}): an alias must be an address no page has any more",
        )
        return
    earlier = claimed.get(redirect.old)
    if earlier is not None:
        if (earlier.key, earlier.lang) != (redirect.key, redirect.lang):
            problems.error(
                redirect.ref,
                f"alias {redirect.old!r} is claimed by two pages: this one and {earlier.ref}",
            )
        return
    claimed[redirect.old] = redirect
