"""File and folder names under content/ that can be part of a web address as they are.

A page's address is its file's path (`content/advice/staying-safe.md` is
`/en/advice/staying-safe/`), and editors link to pages by file name. A name with a space, a
capital or an accent (`Staying Safe Tonight.md`, `café.md`) would be published as an address
that must be percent-encoded, that differs by case on some hosts, and that a reader cannot
type. Such a name is refused with a located error that suggests the name to use, rather than
being turned silently into another address: the file's name and its address stay one thing,
so the links editors write, and the addresses already shared, never drift from the files.
"""

from __future__ import annotations

import re
import unicodedata

# Lower-case Latin letters, digits, hyphens, underscores and dots, starting and ending with a
# letter or digit.
_CLEAN_NAME = re.compile(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?")
_NOT_ALLOWED = re.compile(r"[^a-z0-9._-]+")
_JOINERS = re.compile(r"[-_.]{2,}")


def is_clean_name(name: str) -> bool:
    """Tell whether a file or folder name can stand in a web address as it is."""
    return _CLEAN_NAME.fullmatch(name) is not None


def suggested_name(name: str) -> str:
    """Return the name to use instead: accents dropped, lower case, hyphens for the rest.

    >>> suggested_name("Staying Safe Tonight.md")
    'staying-safe-tonight.md'
    >>> suggested_name("café.md")
    'cafe.md'
    """
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return _clean(name) or "page"
    return f"{_clean(stem) or 'page'}.{_clean(ext) or 'md'}"


def _clean(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    hyphenated = _NOT_ALLOWED.sub("-", plain)
    return _JOINERS.sub(lambda m: m.group(0)[0], hyphenated).strip("-_.")


def name_problem(name: str, is_folder: bool) -> str:
    """Say why a name cannot be published as it is, and what to rename it."""
    what = "folder" if is_folder else "file"
    suggestion = (_clean(name) or "pages") if is_folder else suggested_name(name)
    return (
        f"the {what} name {name!r} cannot be part of a web address as it is (use lower-case "
        f"letters a-z, digits and hyphens, no spaces or accents): rename it {suggestion!r}"
    )
