"""Split the `---` front matter (YAML) from the Markdown body of a page."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.errors import SiteError, SourceRef
from sitegen.read.yamlread import YList, YMap, load_yaml

_OPEN = "---"
_CLOSE = ("---", "...")


@dataclass(frozen=True)
class FrontMatter:
    """A page's front matter and body; lines are real lines of the file."""

    meta: YMap
    body: str
    body_line: int  # file line where `body` starts
    meta_line: int  # file line where the YAML starts (1 if there is no front matter)


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Split `text` into front matter and body; the front matter must be a YAML mapping."""
    lines = text.split("\n")
    if lines[0].rstrip(" \t") != _OPEN:
        return FrontMatter(meta=YMap(1), body=text, body_line=1, meta_line=1)
    close = _closing_line(lines)
    if close is None:
        raise SiteError.at(
            SourceRef(path, 1),
            "the front matter starting here is never closed: add a line '---' after it",
        )
    meta_line = 2
    meta = load_yaml("\n".join(lines[1:close]) + "\n", path, first_line=meta_line)
    body = "\n".join(lines[close + 1 :])
    return FrontMatter(
        meta=_as_mapping(meta, path, meta_line),
        body=body,
        body_line=close + 2,
        meta_line=meta_line,
    )


def _closing_line(lines: list[str]) -> int | None:
    """Return the 0-based index of the line closing the front matter, if any."""
    for index in range(1, len(lines)):
        if lines[index].rstrip(" \t") in _CLOSE:
            return index
    return None


def _as_mapping(meta: object, path: str, meta_line: int) -> YMap:
    if meta is None:
        return YMap(meta_line)
    if isinstance(meta, YMap):
        return meta
    found = "a list" if isinstance(meta, YList) else "a single value"
    line = getattr(meta, "line", meta_line)
    raise SiteError.at(
        SourceRef(path, line),
        f"the front matter must be 'key: value' lines, found {found}",
    )
