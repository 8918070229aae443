"""The last pass over sanitised HTML: heading ids, `rel`, remote media, left-to-right runs.

`finish_html` re-serialises nh3's well-formed output in one loop over its tokens: headings without
an id get a slug in any script, external links get `rel="noopener noreferrer"`, images and media
from another site are dropped (and reported), and on right-to-left pages URLs, e-mail addresses,
numbers and Latin-script words are wrapped in `<bdi>` so they read the right way round. The same
loop collects what later stages need: links, ids, headings and images without alt text.

It runs after `sitegen.content.sanitize.clean_html`, so it trusts its input to be allowed markup.
The heading slugs come from `headingids`, the left-to-right runs from `bidi`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from html.parser import HTMLParser

from sitegen.content.bidi import NOT_ISOLATED, isolated, reads_ltr
from sitegen.content.headingids import HEADINGS, Survey, heading_ids, survey
from sitegen.content.htmltokens import (
    DATA,
    END,
    START,
    STARTEND,
    VOID_TAGS,
    Token,
    feed_html,
    iter_attrs,
    read_tokens,
    start_tag,
)
from sitegen.content.sanitize import ALLOWED_TAGS, URL_ATTRIBUTES, is_safe_url, url_host, url_scheme

REL_EXTERNAL = "noopener noreferrer"
MEDIA_TAGS = frozenset({"img", "audio", "video", "source"})


@dataclass(frozen=True)
class DroppedMedia:
    """An image or media element removed because it would load from another site."""

    tag: str
    src: str


@dataclass(frozen=True)
class FoundLink:
    """A link or image in final HTML, and the text to look for to find its source line."""

    target: str
    text: str
    kind: str  # "link" or "image" (any <img>, <audio>, <video> or <source>)
    needles: tuple[str, ...]


@dataclass(frozen=True)
class Finished:
    """Final page HTML and what later stages need to know about it."""

    html: str
    dropped_media: tuple[DroppedMedia, ...]
    links: tuple[FoundLink, ...]
    ids: tuple[str, ...]  # in document order, repeats included
    headings: tuple[tuple[int, str, str], ...]  # (level, text, id)
    no_alt: tuple[str, ...]  # src of each image without alt text


def finish_html(markup: str, isolate_ltr: bool) -> Finished:
    """Add heading ids and `rel`, drop remote media, isolate LTR runs; collect links and ids."""
    tokens = read_tokens(markup)
    if tokens is None:
        recorder = _TokenRecorder()
        feed_html(recorder, markup)
        tokens = recorder.tokens
    return _Finisher(tokens, isolate_ltr).run()


class _TokenRecorder(HTMLParser):
    """Record html.parser's tokens as `read_tokens` gives them (for markup it cannot read)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append((START, tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append((STARTEND, tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append((END, tag, []))

    def handle_data(self, data: str) -> None:
        self.tokens.append((DATA, data, []))


def _is_remote(src: str) -> bool:
    return url_scheme(src) is not None or src.strip().startswith("//")


def _is_footnote_link(values: dict[str, str]) -> bool:
    """Tell whether a link was made by the footnotes extension (not written by the editor)."""
    generated = values.get("class") in ("footnote-ref", "footnote-backref")
    return generated and values.get("href", "").startswith("#fn")


# Start tags without attributes that the finishing pass copies as they are, and the end tags
# it does more with than copy.
_COPIED_BARE = ALLOWED_TAGS - MEDIA_TAGS - HEADINGS - {"a"}
_ENDS_WITH_WORK = VOID_TAGS | HEADINGS | {"a"}


class _Finisher:
    """The last pass, one loop over the tokens: rewrite what needs rewriting, collect the rest.

    It reads each token as `HtmlRewriter` would hand it on; open elements are tracked only on
    right-to-left pages, the one place that asks what is open (no isolation inside code).
    """

    def __init__(self, tokens: list[Token], isolate: bool) -> None:
        self._tokens = tokens
        self._isolate = isolate
        self._survey: Survey | None = None  # read only when needed: most pages never need it
        self._heading_ids: dict[int, str] | None = None
        self._headings = 0
        self._anchors = 0
        self._skip_depth = 0  # > 0 inside a dropped element
        self._ltr_anchor = False
        self._anchor: tuple[str, list[str]] | None = None
        self._heading: tuple[int, str, list[str]] | None = None
        self._open_tags: list[str] = []
        self._open_counts: dict[str, int] = {}
        self._open_not_isolated = 0  # how many open elements are in NOT_ISOLATED
        self.out: list[str] = []
        self.dropped: list[DroppedMedia] = []
        self.links: list[FoundLink] = []
        self.ids: list[str] = []
        self.headings: list[tuple[int, str, str]] = []
        self.no_alt: list[str] = []

    def run(self) -> Finished:
        """Finish the whole document."""
        out = self.out
        plain = not self._isolate  # no isolation: most tokens are copied as they are
        for kind, value, attrs in self._tokens:
            copy = plain and not self._skip_depth
            if kind == DATA:
                if copy and not (self._anchor or self._heading):
                    special = "&" in value or "<" in value or ">" in value  # seldom: test first
                    out.append(html.escape(value, quote=False) if special else value)
                else:
                    self._text(value)
            elif kind == END:
                if copy and value not in _ENDS_WITH_WORK:
                    out.append(f"</{value}>")
                else:
                    self._end(value)
            else:
                if copy and not attrs and value in _COPIED_BARE:
                    out.append(f"<{value}>")
                else:
                    self._start(value, attrs)
                if kind == STARTEND:
                    self._end(value)
        return Finished(
            html="".join(out),
            dropped_media=tuple(self.dropped),
            links=tuple(self.links),
            ids=tuple(self.ids),
            headings=tuple(self.headings),
            no_alt=tuple(self.no_alt),
        )

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._isolate and tag not in VOID_TAGS:
            self._open(tag)
        if self._skip_depth:
            self._skip_depth += tag not in VOID_TAGS
            return
        if not attrs and tag in _COPIED_BARE:
            self.out.append(f"<{tag}>")
            return
        attrs = [
            (name, value)
            for name, value in attrs
            if name not in URL_ATTRIBUTES or is_safe_url(value or "")
        ]
        values = dict(iter_attrs(attrs))
        if tag in MEDIA_TAGS:
            if self._drop_media(tag, values.get("src")):
                self._skip_depth = 0 if tag in VOID_TAGS else 1
                return
            self._collect_media(tag, values)
        if tag in HEADINGS:
            attrs = self._heading_attrs(tag, attrs, values)
        elif tag == "a":
            attrs = self._link_attrs(attrs, values)
        if "id" in values:
            self.ids.append(values["id"])
        self.out.append(start_tag(tag, attrs))

    def _drop_media(self, tag: str, src: str | None) -> bool:
        if src is not None and _is_remote(src):
            self.dropped.append(DroppedMedia(tag, src))
            return True
        return tag in ("img", "source") and not src

    def _collect_media(self, tag: str, values: dict[str, str]) -> None:
        if "src" not in values:
            return
        alt = values.get("alt", "")
        self.links.append(FoundLink(values["src"], alt, "image", (values["src"], alt)))
        if tag == "img" and not alt.strip():
            self.no_alt.append(values["src"])

    def _heading_attrs(
        self, tag: str, attrs: list[tuple[str, str | None]], values: dict[str, str]
    ) -> list[tuple[str, str | None]]:
        number = self._headings
        self._headings += 1
        if "id" not in values:
            new_id = self._new_heading_ids().get(number)
            if new_id is not None:
                attrs.append(("id", new_id))
                values["id"] = new_id
        self._heading = (int(tag[1]), values.get("id", ""), [])
        return attrs

    def _link_attrs(
        self, attrs: list[tuple[str, str | None]], values: dict[str, str]
    ) -> list[tuple[str, str | None]]:
        number = self._anchors
        self._anchors += 1
        if "href" in values and not _is_footnote_link(values):
            self._anchor = (values["href"], [])
        attrs = [(name, value) for name, value in attrs if name != "rel"]
        if url_host(values.get("href", "")) is not None:
            attrs.append(("rel", REL_EXTERNAL))
        self._ltr_anchor = self._isolate and reads_ltr(self._anchor_text(number))
        if self._ltr_anchor and "dir" not in values:
            attrs.append(("dir", "ltr"))
        return attrs

    def _surveyed(self) -> Survey:
        if self._survey is None:
            self._survey = survey(self._tokens)
        return self._survey

    def _new_heading_ids(self) -> dict[int, str]:
        if self._heading_ids is None:
            self._heading_ids = heading_ids(self._surveyed())
        return self._heading_ids

    def _anchor_text(self, number: int) -> str:
        texts = self._surveyed().anchor_texts
        return texts[number] if number < len(texts) else ""

    def _end(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if self._skip_depth:
            self._skip_depth -= 1
        elif tag == "a":
            self._ltr_anchor = False
            if self._anchor is not None:
                href, parts = self._anchor
                text = "".join(parts)
                self.links.append(FoundLink(href, text, "link", (href, text)))
                self._anchor = None
            self.out.append("</a>")
        else:
            if tag in HEADINGS and self._heading is not None:
                level, heading_id, parts = self._heading
                self.headings.append((level, "".join(parts).strip(), heading_id))
                self._heading = None
            self.out.append(f"</{tag}>")
        if self._isolate and self._open_counts.get(tag):
            self._close(tag)

    def _open(self, tag: str) -> None:
        self._open_tags.append(tag)
        self._open_counts[tag] = self._open_counts.get(tag, 0) + 1
        self._open_not_isolated += tag in NOT_ISOLATED

    def _close(self, tag: str) -> None:
        """Close `tag` and every element opened inside it and not yet closed."""
        closed = None
        while closed != tag:
            closed = self._open_tags.pop()
            self._open_counts[closed] -= 1
            self._open_not_isolated -= closed in NOT_ISOLATED

    def _text(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._anchor is not None:
            self._anchor[1].append(data)
        if self._heading is not None:
            self._heading[2].append(data)
        if not self._isolate or self._ltr_anchor or self._open_not_isolated:
            self.out.append(html.escape(data, quote=False))
        else:
            self.out.append(isolated(data))
