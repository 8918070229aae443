"""Internal links: editors link to source files; readers get the page in their own language.

A link is written to a file under `content/` (`../advice/safe.md#top`, `/contacts/help.yaml`),
relative to the file it is in or, with a leading `/`, to the content folder. Linking to a letter
file leads to the letter on its statement's page. A file of `static/` (copied to the output
root) is linked the same way, by its path from the linking file: `../static/letter.pdf` from
`content/about.md`; it is the one place outside the content folder a link may lead.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

from sitegen.read.discover import SourceFile
from sitegen.site.model import Site
from sitegen.site.suggest import Suggester

# A static file as a content-relative path: `static/` is beside `content/` in the site folder.
STATIC_PREFIX = "../static/"


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where an internal link leads: a page (by key) or an asset (by output path)."""

    key: str | None
    asset: str | None
    anchor: str  # from the link's #fragment, or a letter's anchor
    source_rel: str  # the content file linked to


@dataclass(frozen=True)
class LinkIndex:
    """Every linkable content path."""

    targets: dict[str, LinkTarget]
    drafts: frozenset[str]
    unreadable: frozenset[str] = frozenset()  # files whose own errors say why they are not built
    suggester: Suggester = field(default_factory=lambda: Suggester({}))


def build_link_index(
    site: Site, sources: list[SourceFile], static: Iterable[str] = ()
) -> LinkIndex:
    """Index each linkable content path (files and folders) by its content-relative path.

    `static` lists the files of `static/` (as `discover_static` gives them): each is published
    at the same path from the output root, and indexed as `../static/<path>`.
    """
    targets: dict[str, LinkTarget] = {
        STATIC_PREFIX + rel: LinkTarget(None, rel, "", STATIC_PREFIX + rel) for rel in static
    }
    drafts = set()
    for source in sources:
        if source.role == "asset":
            targets[source.rel] = LinkTarget(None, source.rel, "", source.rel)
        elif source.key in site.pages:
            anchor = source.name if source.role == "letter" else ""
            targets[source.rel] = LinkTarget(source.key, None, anchor, source.rel)
        elif source.rel not in site.unreadable:
            drafts.add(source.rel)
    for key in site.pages:
        if key:
            targets.setdefault(key, LinkTarget(key, None, "", key))
    candidates = {
        "file": tuple(path for path in targets if "." in path),
        "static": tuple(path for path in targets if path.startswith(STATIC_PREFIX)),
    }
    return LinkIndex(targets, frozenset(drafts), site.unreadable, Suggester(candidates))


def split_target(target: str) -> tuple[str, str]:
    """Split a link into its decoded path and its fragment."""
    path, _, fragment = target.partition("#")
    path = path.partition("?")[0]
    return unicodedata.normalize("NFC", unquote(path)), unquote(fragment)


def resolve_link(target: str, source_rel: str, index: LinkIndex) -> LinkTarget | str | None:
    """Resolve a link written in a content file; return an error message when it leads nowhere,
    None when it leads to a file that could not be read (that file's error is the one to fix)."""
    path, fragment = split_target(target)
    if not path:
        return LinkTarget(None, None, fragment, source_rel)
    if "\\" in path or "\x00" in path:
        return f"link {target!r} is not a valid path: use / between folders"
    base = "" if path.startswith("/") else posixpath.dirname(source_rel)
    joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if joined == ".":
        joined = ""
    if joined.startswith(STATIC_PREFIX):
        return index.targets.get(joined) or _missing_static(target, joined, source_rel, index)
    if joined.startswith("../") or joined == "..":
        return f"link {target!r} leads outside the content folder"
    found = index.targets.get(joined.rstrip("/"))
    if found is None and joined == "":
        found = LinkTarget("", None, "", "")
    if found is None:
        if joined in index.unreadable:
            return None
        if joined in index.drafts:
            return f"link {target!r} leads to content/{joined}, which is a draft"
        return _missing_message(target, joined, source_rel, index)
    return LinkTarget(found.key, found.asset, fragment or found.anchor, found.source_rel)


def _missing_message(target: str, joined: str, source_rel: str, index: LinkIndex) -> str:
    message = f"link {target!r} leads nowhere: there is no file content/{joined}"
    close = index.suggester.closest(joined, "file", 0.8, exclude=source_rel)
    if close is not None:
        message += f" (did you mean content/{close}?)"
    return message


def _missing_static(target: str, joined: str, source_rel: str, index: LinkIndex) -> str:
    """Say that a static file is missing, and which one was probably meant, as a link to write."""
    shown = joined.removeprefix("../")
    message = f"link {target!r} leads nowhere: there is no file {shown}"
    close = index.suggester.closest(joined, "static", 0.6)
    if close is not None:
        # Both paths are relative to the content folder, so relpath only counts folders.
        link = posixpath.relpath(close, posixpath.dirname(source_rel) or ".")
        message += f" (did you mean {close.removeprefix('../')}? link it as {link!r})"
    return message
