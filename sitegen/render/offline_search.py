"""Search on a copy opened from disk (`host: usb`): a small index per language, as a script.

From `file://` a browser fetches nothing, so Pagefind cannot load its index; a `<script src>`
of a file beside the page still loads. Each language gets `assets/search-index.<lang>.js`: its
pages' titles, links (relative to the search page) and text, which `assets/offline-search.js`
matches word by word as the reader types. Made from the rendered pages, so it finds what
readers see.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from html.parser import HTMLParser

from sitegen.output.files import OutputFile
from sitegen.site.routing import (
    ASSETS_DIR,
    SEARCH_KEY,
    is_page_output,
    page_dir,
    relative_url,
)

TEXT_LIMIT = 4000  # characters of each page's text kept: enough to find it, small for a phone


def index_path(lang: str) -> str:
    """Return the output path of a language's offline search index."""
    return f"{ASSETS_DIR}/search-index.{lang}.js"


def offline_indexes(
    languages: Iterable[str], files: Iterable[OutputFile], left_out: set[str]
) -> list[OutputFile]:
    """Return every language's offline index of the rendered pages (not those `left_out`)."""
    pages = [f for f in files if is_page_output(f.path) and f.path not in left_out]
    search_dir = {lang: page_dir(SEARCH_KEY, lang) for lang in languages}
    made = []
    for lang, here in search_dir.items():
        entries = []
        for file in sorted(pages, key=lambda f: f.path):
            if not file.path.startswith(f"{lang}/") or file.path.startswith(here):
                continue
            title, text = page_text(file.data.decode("utf-8"))
            if title:
                entries.append({"u": relative_url(here, file.path), "t": title, "x": text})
        data = json.dumps(entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        script = f"window.sitegenSearchIndex = {data};\n"
        made.append(OutputFile(index_path(lang), script.encode("utf-8"), None))
    return made


def page_text(html: str) -> tuple[str, str]:
    """Return a page's heading and the text of its main part (whitespace collapsed)."""
    reader = _MainText()
    reader.feed(html)
    reader.close()
    text = " ".join(" ".join(reader.text).split())
    return " ".join(" ".join(reader.heading).split()), text[:TEXT_LIMIT]


class _MainText(HTMLParser):
    """Collect the text inside `<main>` and the first `<h1>` in it; skip scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.heading: list[str] = []
        self._main = 0
        self._h1 = False
        self._h1_done = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self._main += 1
        elif tag in ("script", "style", "template"):
            self._skip += 1
        elif tag == "h1" and self._main and not self._h1_done:
            self._h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "main" and self._main:
            self._main -= 1
        elif tag in ("script", "style", "template") and self._skip:
            self._skip -= 1
        elif tag == "h1" and self._h1:
            self._h1, self._h1_done = False, True

    def handle_data(self, data: str) -> None:
        if self._main and not self._skip:
            self.text.append(data)
            if self._h1:
                self.heading.append(data)
