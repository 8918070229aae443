"""HTML safety for content: the allow-list, an audit that names what will be removed, nh3.

Content is untrusted, so nh3 (the Ammonia sanitiser) has the last word on every page. Before it
runs, `audit_html` walks the same HTML with the same allow-list and says what nh3 is about to
remove, so editors get a warning instead of silently losing text. `HtmlRewriter` re-serialises
nh3's well-formed output token by token for the later passes (links, heading ids, isolation).

Every pass reads HTML through `feed_html`: markup written the way serialisers write it (nh3's
output, Python-Markdown's, most pasted HTML) is split into tokens by one regex, exactly as
html.parser would split it but several times faster; anything else goes to html.parser itself.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
GLOBAL_ATTRIBUTES = frozenset({"id", "dir", "lang", "class", "title"})
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "audio": frozenset({"src", "controls"}),
    "video": frozenset({"src", "controls", "width", "height"}),
    "source": frozenset({"src", "type"}),
    "time": frozenset({"datetime"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "th": frozenset({"align", "colspan", "rowspan", "scope"}),
    "td": frozenset({"align", "colspan", "rowspan"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "abbr": frozenset(),
    "bdo": frozenset(),
}
ALLOWED_TAGS = frozenset(
    {
        *TAG_ATTRIBUTES,
        *_names("p br hr h1 h2 h3 h4 h5 h6 em strong b i u s small sub sup mark code pre kbd"),
        *_names("samp var cite dfn ul dl dt dd table thead tbody tfoot tr caption div span"),
        *_names("section article aside header footer figure figcaption details summary"),
        *_names("address bdi ruby rt rp wbr"),
    }
)
# Removed together with everything inside them (the rest lose only the tag, not its text).
CONTENT_REMOVED_TAGS = _names(
    "script style iframe frame frameset object embed applet noscript template svg math "
    "textarea select title"
)
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
MEDIA_TAGS = frozenset({"img", "audio", "video", "source"})
VOID_TAGS = _names("area base br col embed hr img input link meta param source track wbr")
# `rel` is set by sitegen itself on external links, so one written in the source is replaced.
_QUIETLY_REPLACED = frozenset({"rel"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def normalize_url(value: str) -> str:
    """Return a URL as a browser reads its scheme: no spaces or control characters, lowercase."""
    return _INVISIBLE.sub("", value).lower()


def url_scheme(value: str) -> str | None:
    """Return the scheme of a URL as a browser would see it (lowercase), or None if relative."""
    match = _SCHEME.match(normalize_url(value))
    return match.group(1) if match else None


def is_safe_url(value: str) -> bool:
    """Tell whether a URL is relative or uses an allowed scheme (http, https, mailto, tel)."""
    scheme = url_scheme(value)
    if scheme is None:
        # Browsers drop tabs and newlines inside URLs; a ':' before any '/', '?' or '#' is a
        # scheme in disguise (for example 'java\x00script:').
        head = re.split(r"[/?#]", value, maxsplit=1)[0]
        return ":" not in head
    return scheme in URL_SCHEMES


def is_internal(target: str) -> bool:
    """Tell whether a link target points inside the site (no scheme, not '//host', not '#id')."""
    stripped = target.strip()
    return not (
        url_scheme(stripped) is not None or stripped.startswith("//") or stripped.startswith("#")
    )


def url_host(target: str) -> str | None:
    """Return the lowercase host of an http(s) or protocol-relative URL, else None."""
    stripped = target.strip()
    if url_scheme(stripped) not in ("http", "https") and not stripped.startswith("//"):
        return None
    try:
        host = urlsplit(stripped).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def shown(value: str, limit: int = 80) -> str:
    """Return text quoted for a message: control characters visible, long values shortened."""
    visible = "".join(f"\\x{ord(c):02x}" if c < " " or c == "\x7f" else c for c in value)
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"


@dataclass(frozen=True)
class Removal:
    """Something the sanitiser will remove, with text to look for in the source to find its line."""

    message: str
    needles: tuple[str, ...]
    url: str = ""  # set for unsafe URLs: found in the source even when written with entities


def audit_html(markup: str) -> list[Removal]:
    """List everything in `markup` that `clean_html` will remove, in document order."""
    auditor = _Auditor()
    feed_html(auditor, markup)
    return auditor.removals


# --- reading HTML -----------------------------------------------------------------------------

# A start tag as serialisers write it: lowercase-able name, attributes each after ASCII
# whitespace, values only in double quotes (html.parser reads these the same way), optional '/'.
_WS = "[ \t\n\r\f]"
_ATTR_NAME = "[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_SIMPLE_TAG = re.compile(
    rf'<(?:([a-zA-Z][a-zA-Z0-9]*)((?:{_WS}+{_ATTR_NAME}(?:="[^"]*")?)*){_WS}*(/?)'
    r"|/([a-zA-Z][a-zA-Z0-9]*))>"
)
_SIMPLE_ATTR = re.compile(rf'({_ATTR_NAME})(?:="([^"]*)")?')
# html.parser reads the content of these as raw text (or a newer Python may): leave them to it.
_RAW_TEXT_TAGS = frozenset(
    {*HTMLParser.CDATA_CONTENT_ELEMENTS, "textarea", "title", "xmp", "iframe", "noembed"}
    | {"noframes", "noscript", "plaintext"}
)

START, STARTEND, END, DATA = range(4)
Token = tuple[int, str, list[tuple[str, str | None]]]  # (kind, tag or text, attributes)


def read_tokens(markup: str) -> list[Token] | None:
    """Split simply written HTML into html.parser's tokens; None if it needs html.parser itself.

    "Simply written": every '<' opens a tag matched by `_SIMPLE_TAG` (no comments, doctypes,
    unquoted values or stray '<'), and no element whose content html.parser reads as raw text.
    """
    tokens: list[Token] = []
    done = 0
    unescape = html.unescape
    for match in _SIMPLE_TAG.finditer(markup):
        start = match.start()
        if start > done:
            if "<" in markup[done:start]:
                return None
            tokens.append((DATA, unescape(markup[done:start]), []))
        done = match.end()
        name, attr_text, slash, end_name = match.groups()
        if end_name is not None:
            tokens.append((END, end_name.lower(), []))
            continue
        tag = name.lower()
        if tag in _RAW_TEXT_TAGS:
            return None
        attrs: list[tuple[str, str | None]] = (
            [
                (attr.group(1).lower(), unescape(value) if value else value)
                for attr in _SIMPLE_ATTR.finditer(attr_text)
                for value in (attr.group(2),)
            ]
            if attr_text
            else []
        )
        tokens.append((STARTEND if slash else START, tag, attrs))
    if done < len(markup):
        if "<" in markup[done:]:
            return None
        tokens.append((DATA, unescape(markup[done:]), []))
    return tokens


def feed_html(parser: HTMLParser, markup: str, tokens: list[Token] | None = None) -> None:
    """Give `parser` every token of `markup` and close it: the same calls html.parser makes."""
    if tokens is None:
        tokens = read_tokens(markup)
    if tokens is None:
        parser.feed(markup)
        parser.close()
        return
    for kind, value, attrs in tokens:
        if kind == DATA:
            parser.handle_data(value)
        elif kind == START:
            parser.handle_starttag(value, attrs)
        elif kind == END:
            parser.handle_endtag(value)
        else:
            parser.handle_startendtag(value, attrs)


def clean_html(markup: str) -> str:
    """Sanitise HTML with nh3 using sitegen's allow-list (no rel added: see the link pass)."""
    attributes = {tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CONTENT_REMOVED_TAGS),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def _allowed_attribute(tag: str, name: str) -> bool:
    return name in GLOBAL_ATTRIBUTES or name in TAG_ATTRIBUTES.get(tag, frozenset())


class _Auditor(HTMLParser):
    """Walk HTML with the allow-list and record each removal nh3 will make."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removals: list[Removal] = []
        self._removed_depth = 0  # > 0 while inside an element removed with its content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._removed_depth:
            if tag not in VOID_TAGS:
                self._removed_depth += 1
            return
        if tag in CONTENT_REMOVED_TAGS:
            self._removed_depth = 0 if tag in VOID_TAGS else 1
            self._add(f"removed <{tag}> element and its content (not allowed in pages)", f"<{tag}")
            return
        if tag not in ALLOWED_TAGS:
            self._add(f"removed <{tag}> tag (not allowed in pages; its text is kept)", f"<{tag}")
            return
        for name, value in attrs:
            self._audit_attribute(tag, name, value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        was_removed = self._removed_depth
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self._removed_depth > was_removed:
            self._removed_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if self._removed_depth and tag not in VOID_TAGS:
            self._removed_depth -= 1

    def _audit_attribute(self, tag: str, name: str, value: str) -> None:
        if name in _QUIETLY_REPLACED:
            return
        if name.startswith("on"):
            self._add(f"removed event-handler attribute '{name}' from <{tag}>", f"{name}=", name)
        elif name == "style":
            self._add(f"removed style attribute from <{tag}> (styles come from the theme)", "style")
        elif not _allowed_attribute(tag, name):
            self._add(f"removed attribute '{name}' from <{tag}> (not allowed)", f"{name}=", name)
        elif name in URL_ATTRIBUTES and not is_safe_url(value):
            message = (
                f"removed unsafe URL '{shown(value)}' from <{tag} {name}> "
                "(allowed: http, https, mailto, tel and relative links)"
            )
            self.removals.append(Removal(message, (value,), url=value))

    def _add(self, message: str, *needles: str) -> None:
        self.removals.append(Removal(message, needles))


class HtmlRewriter(HTMLParser):
    """Re-serialise HTML token by token; subclasses override `start`, `end` and `text`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open_tags: list[str] = []
        self._open_counts: dict[str, int] = {}  # tag -> how many are open: O(1) `inside`

    def run(self, markup: str, tokens: list[Token] | None = None) -> str:
        """Feed the whole document (read already as `tokens`) and return the rewritten HTML."""
        feed_html(self, markup, tokens)
        return "".join(self.out)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_TAGS:
            self.open_tags.append(tag)
            self._open_counts[tag] = self._open_counts.get(tag, 0) + 1
        self.start(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        self.end(tag)
        if self._open_counts.get(tag):
            closed = None
            while closed != tag:
                closed = self.open_tags.pop()
                self._open_counts[closed] -= 1

    def handle_data(self, data: str) -> None:
        self.text(data)

    def inside(self, tags: frozenset[str]) -> bool:
        """Tell whether any currently open element is one of `tags`."""
        return any(self._open_counts.get(tag) for tag in tags)

    def start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Handle a start tag (default: copy it)."""
        self.out.append(start_tag(tag, attrs))

    def end(self, tag: str) -> None:
        """Handle an end tag (default: copy it)."""
        self.out.append(f"</{tag}>")

    def text(self, data: str) -> None:
        """Handle text (default: copy it, escaped)."""
        self.out.append(html.escape(data, quote=False))


def start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    """Serialise a start tag with escaped attribute values."""
    parts = [tag]
    for name, value in attrs:
        parts.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
    return "<" + " ".join(parts) + ">"


def iter_attrs(attrs: list[tuple[str, str | None]]) -> Iterator[tuple[str, str]]:
    """Yield attributes with boolean ones given an empty value."""
    for name, value in attrs:
        yield name, value or ""


# --- passes over nh3's output -----------------------------------------------------------------

REL_EXTERNAL = "noopener noreferrer"
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_NOT_ISOLATED = frozenset({"code", "pre", "kbd", "samp", "bdi", "bdo"})
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_LTR_RUN = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'’])"
    r"|(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"
    r"|(?P<phone>\+?\(?[0-9]+\)?(?:[ .\-\u00a0]\(?[0-9]+\)?)+|\+[0-9]{3,})"
    rf"|(?P<latin>[{_LATIN}][{_LATIN}0-9'’\-]*(?:[ ,.&/:\-]+[{_LATIN}0-9][{_LATIN}0-9'’\-]*)*)"
)
_MIN_PHONE_DIGITS = 5


def slugify(text: str) -> str:
    """Make a heading id in any script: letters, marks and digits kept, lowercased, '-' joined.

    >>> slugify("ہم سے رابطہ کریں")
    'ہم-سے-رابطہ-کریں'
    >>> slugify("Who to call (24/7)")
    'who-to-call-24-7'
    """
    kept = [
        char if unicodedata.category(char)[0] in "LMN" or char in "\u200c\u200d" else " "
        for char in unicodedata.normalize("NFC", text).lower()
    ]
    return "-".join("".join(kept).split())


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
    survey = _Survey()
    feed_html(survey, markup, tokens)
    finisher = _Finisher(_heading_ids(survey), survey.anchor_texts, isolate_ltr)
    final = finisher.run(markup, tokens)
    return Finished(
        html=final,
        dropped_media=tuple(finisher.dropped),
        links=tuple(finisher.links),
        ids=tuple(finisher.ids),
        headings=tuple(finisher.headings),
        no_alt=tuple(finisher.no_alt),
    )


def _heading_ids(survey: _Survey) -> dict[int, str]:
    """Give each heading without an id a unique slug (-1, -2 ... on repeats)."""
    used = set(survey.ids)
    tried: dict[str, int] = {}  # the last suffix tried per base, so repeats stay linear
    assigned: dict[int, str] = {}
    for index, text in survey.untitled_headings.items():
        base = slugify(text) or "section"
        number = tried.get(base, 0)
        candidate = f"{base}-{number}" if number else base
        while candidate in used:
            number += 1
            candidate = f"{base}-{number}"
        tried[base] = number
        used.add(candidate)
        assigned[index] = candidate
    return assigned


class _Survey(HTMLParser):
    """Read ids, the text of headings without an id, and the text of every link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.untitled_headings: dict[int, str] = {}
        self.anchor_texts: list[str] = []
        self._headings = 0
        self._heading: list[str] | None = None
        self._anchor: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(iter_attrs(attrs))
        if "id" in values:
            self.ids.append(values["id"])
        if tag in _HEADINGS:
            self._headings += 1
            self._heading = None if "id" in values else []
        elif tag == "a":
            self._anchor = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _HEADINGS and self._heading is not None:
            self.untitled_headings[self._headings - 1] = "".join(self._heading)
            self._heading = None
        elif tag == "a" and self._anchor is not None:
            self.anchor_texts.append("".join(self._anchor))
            self._anchor = None

    def handle_data(self, data: str) -> None:
        for capture in (self._heading, self._anchor):
            if capture is not None:
                capture.append(data)


def _is_remote(src: str) -> bool:
    return url_scheme(src) is not None or src.strip().startswith("//")


def _reads_ltr(text: str) -> bool:
    """Tell whether link text is itself an address, e-mail or number (shown left to right)."""
    match = _LTR_RUN.fullmatch(text.strip())
    return match is not None and match.lastgroup != "latin"


def _is_footnote_link(values: dict[str, str]) -> bool:
    """Tell whether a link was made by the footnotes extension (not written by the editor)."""
    generated = values.get("class") in ("footnote-ref", "footnote-backref")
    return generated and values.get("href", "").startswith("#fn")


class _Finisher(HtmlRewriter):
    """The last pass: rewrite what needs rewriting and collect what later stages need."""

    def __init__(self, heading_ids: dict[int, str], anchor_texts: list[str], isolate: bool):
        super().__init__()
        self._heading_ids = heading_ids
        self._anchor_texts = anchor_texts
        self._isolate = isolate
        self._headings = 0
        self._anchors = 0
        self._skip_depth = 0  # > 0 inside a dropped element
        self._ltr_anchor = False
        self._anchor: tuple[str, list[str]] | None = None
        self._heading: tuple[int, str, list[str]] | None = None
        self.dropped: list[DroppedMedia] = []
        self.links: list[FoundLink] = []
        self.ids: list[str] = []
        self.headings: list[tuple[int, str, str]] = []
        self.no_alt: list[str] = []

    def start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_depth:
            self._skip_depth += tag not in VOID_TAGS
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
        if tag in _HEADINGS:
            attrs = self._heading_attrs(tag, attrs, values)
        elif tag == "a":
            attrs = self._link_attrs(attrs, values)
        if "id" in values:
            self.ids.append(values["id"])
        super().start(tag, attrs)

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
        new_id = self._heading_ids.get(self._headings)
        self._headings += 1
        if new_id is not None and "id" not in values:
            attrs.append(("id", new_id))
            values["id"] = new_id
        self._heading = (int(tag[1]), values.get("id", ""), [])
        return attrs

    def _link_attrs(
        self, attrs: list[tuple[str, str | None]], values: dict[str, str]
    ) -> list[tuple[str, str | None]]:
        text = self._anchor_texts[self._anchors] if self._anchors < len(self._anchor_texts) else ""
        self._anchors += 1
        if "href" in values and not _is_footnote_link(values):
            self._anchor = (values["href"], [])
        attrs = [(name, value) for name, value in attrs if name != "rel"]
        if url_host(values.get("href", "")) is not None:
            attrs.append(("rel", REL_EXTERNAL))
        self._ltr_anchor = self._isolate and _reads_ltr(text)
        if self._ltr_anchor and "dir" not in values:
            attrs.append(("dir", "ltr"))
        return attrs

    def end(self, tag: str) -> None:
        if self._skip_depth:
            self._skip_depth -= 1
            return
        if tag == "a":
            self._ltr_anchor = False
            if self._anchor is not None:
                href, parts = self._anchor
                text = "".join(parts)
                self.links.append(FoundLink(href, text, "link", (href, text)))
                self._anchor = None
        elif tag in _HEADINGS and self._heading is not None:
            level, heading_id, parts = self._heading
            self.headings.append((level, "".join(parts).strip(), heading_id))
            self._heading = None
        super().end(tag)

    def text(self, data: str) -> None:
        if self._skip_depth:
            return
        for capture in (self._anchor, self._heading):
            if capture is not None:
                capture[-1].append(data)  # type: ignore[attr-defined]
        if not self._isolate or self._ltr_anchor or self.inside(_NOT_ISOLATED):
            super().text(data)
            return
        self.out.append(_isolated(data))


def _isolated(text: str) -> str:
    """Escape text, wrapping each left-to-right run (URL, e-mail, number, Latin words) in <bdi>."""
    pieces: list[str] = []
    done = 0
    for match in _LTR_RUN.finditer(text):
        run = match.group(0)
        if match.lastgroup == "phone" and sum(c.isdigit() for c in run) < _MIN_PHONE_DIGITS:
            continue
        pieces.append(html.escape(text[done : match.start()], quote=False))
        pieces.append(f"<bdi>{html.escape(run, quote=False)}</bdi>")
        done = match.end()
    pieces.append(html.escape(text[done:], quote=False))
    return "".join(pieces)
