"""The plain values the Markdown stage is given and gives back: its options and the links found.

They live apart from `markdown` so that the modules `markdown` calls can name them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.pickling import reduce_by_fields


@dataclass(frozen=True, slots=True)
class Link:
    """A link or embedded image found in a page, with the line it was written on."""

    target: str  # href/src as written (entities decoded)
    text: str  # visible text; alt text for images ("" once in the parse index)
    line: int
    kind: str  # "link" or "image"
    internal: bool  # no scheme, not '//host', not only '#fragment'

    __reduce__ = reduce_by_fields


@dataclass(frozen=True)
class MarkdownOptions:
    """How one page's Markdown is rendered."""

    raw_html: bool = True  # False: raw HTML is shown as text, never run
    remote_media: str = "drop"  # media from another host: "drop" with a warning, or "error"
    isolate_ltr: bool = False  # right-to-left pages: wrap Latin-script runs, URLs, numbers in <bdi>
    pasted: bool = False  # letters and `pasted: true` pages: read as pasted (content.pasted_tidy)
    lang: str = "en"  # the page's language: which word list rejoins words split by hyphens
    region: str = ""  # the site's region (site.yaml): how phone numbers in links are dialled
