"""HTML safety for content: the allow-list, an audit that names what will be removed, nh3.

Content is untrusted, so nh3 (the Ammonia sanitiser) has the last word on every page. Before it
runs, `audit_html` walks the same HTML with the same allow-list and says what nh3 is about to
remove, so editors get a warning instead of silently losing text (most pages are shown to lose
nothing by a quicker scan first). `finish_html` then re-serialises nh3's well-formed output in one
loop over its tokens (heading ids, `rel`, remote media, isolation); `HtmlRewriter` is the general
token-by-token rewriter for other passes.

Every pass reads HTML as html.parser's tokens: markup written the way serialisers write it (nh3's
output, Python-Markdown's, most pasted HTML) is split into them by one regex (`read_tokens`),
exactly as html.parser would split it but several times faster; anything else goes to html.parser.
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
    if _removes_nothing(markup):
        return []  # the common case, told apart in a fraction of the audit's time
    auditor = _Auditor()
    feed_html(auditor, markup)
    return auditor.removals


def _removes_nothing(markup: str) -> bool:
    """Tell whether `markup` is simply written with only allowed tags, attributes and URLs.

    If so `read_tokens` reads it (no allowed tag has raw-text content) and `_Auditor` finds
    nothing; False only means "not shown here": the full audit decides.
    """
    parts = _SIMPLE_TAG.split(markup)  # as in read_tokens: text, name, attrs, slash, end, ...
    if "<" in "".join(parts[::5]):
        return False
    for name, attr_text in zip(parts[1::5], parts[2::5], strict=True):
        if name is None:
            continue  # an end tag
        tag = name.lower()
        if tag not in ALLOWED_TAGS or (attr_text and not _attributes_kept(tag, attr_text)):
            return False
    return True


def _attributes_kept(tag: str, attr_text: str) -> bool:
    """Tell whether `_Auditor` lets every attribute (as `read_tokens` reads them) through."""
    for attr in _SIMPLE_ATTR.finditer(attr_text):
        name = attr.group(1).lower()
        if name in _QUIETLY_REPLACED:
            continue
        if name.startswith("on") or name == "style" or not _allowed_attribute(tag, name):
            return False
        value = attr.group(2)
        if name in URL_ATTRIBUTES and not is_safe_url(html.unescape(value) if value else ""):
            return False
    return True


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
    unescape = html.unescape
    # split() gives the text before each tag, then the tag's four groups, ..., the text after.
    parts = _SIMPLE_TAG.split(markup)
    texts, names, attr_texts, slashes, end_names = (parts[n:-1:5] for n in range(5))
    tags = zip(texts, names, attr_texts, slashes, end_names, strict=True)
    for text, name, attr_text, slash, end_name in tags:
        if text:
            if "<" in text:
                return None
            tokens.append((DATA, unescape(text) if "&" in text else text, []))
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
    text = parts[-1]
    if text:
        if "<" in text:
            return None
        tokens.append((DATA, unescape(text) if "&" in text else text, []))
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
# Every run `_LTR_RUN` finds has a digit, a Latin letter or (an e-mail address) an '@'.
_MAY_HOLD_LTR_RUN = re.compile(rf"[0-9@{_LATIN}]")


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


@dataclass(frozen=True)
class _Survey:
    """What the finishing pass needs to know ahead: every id, heading text, link text."""

    ids: list[str]
    untitled_headings: dict[int, str]  # heading number -> text, for headings without an id
    anchor_texts: list[str]


def _survey(tokens: list[Token]) -> _Survey:
    """Read ids, the text of headings without an id, and the text of every link."""
    survey = _Survey([], {}, [])
    headings = 0
    heading: list[str] | None = None
    anchor: list[str] | None = None
    for kind, value, attrs in tokens:
        if kind == DATA:
            if heading is not None:
                heading.append(value)
            if anchor is not None:
                anchor.append(value)
            continue
        if kind != END:
            tag_id = _last_value(attrs, "id")
            if tag_id is not None:
                survey.ids.append(tag_id)
            if value in _HEADINGS:
                headings += 1
                heading = None if tag_id is not None else []
            elif value == "a":
                anchor = []
        if kind != START:
            if value in _HEADINGS and heading is not None:
                survey.untitled_headings[headings - 1] = "".join(heading)
                heading = None
            elif value == "a" and anchor is not None:
                survey.anchor_texts.append("".join(anchor))
                anchor = None
    return survey


def _last_value(attrs: list[tuple[str, str | None]], name: str) -> str | None:
    """Return the value the last attribute `name` has ('' if boolean), None if there is none."""
    found: str | None = None
    for attr_name, value in attrs:
        if attr_name == name:
            found = value or ""
    return found


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


# Start tags without attributes that the finishing pass copies as they are, and the end tags
# it does more with than copy.
_COPIED_BARE = ALLOWED_TAGS - MEDIA_TAGS - _HEADINGS - {"a"}
_ENDS_WITH_WORK = VOID_TAGS | _HEADINGS | {"a"}


class _Finisher:
    """The last pass, one loop over the tokens: rewrite what needs rewriting, collect the rest.

    It reads each token as `HtmlRewriter` would hand it on; open elements are tracked only on
    right-to-left pages, the one place that asks what is open (no isolation inside code).
    """

    def __init__(self, tokens: list[Token], isolate: bool) -> None:
        self._tokens = tokens
        self._isolate = isolate
        self._survey: _Survey | None = None  # read only when needed: most pages never need it
        self._heading_ids: dict[int, str] | None = None
        self._headings = 0
        self._anchors = 0
        self._skip_depth = 0  # > 0 inside a dropped element
        self._ltr_anchor = False
        self._anchor: tuple[str, list[str]] | None = None
        self._heading: tuple[int, str, list[str]] | None = None
        self._open_tags: list[str] = []
        self._open_counts: dict[str, int] = {}
        self._open_not_isolated = 0  # how many open elements are in _NOT_ISOLATED
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
        if tag in _HEADINGS:
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
        self._ltr_anchor = self._isolate and _reads_ltr(self._anchor_text(number))
        if self._ltr_anchor and "dir" not in values:
            attrs.append(("dir", "ltr"))
        return attrs

    def _surveyed(self) -> _Survey:
        if self._survey is None:
            self._survey = _survey(self._tokens)
        return self._survey

    def _new_heading_ids(self) -> dict[int, str]:
        if self._heading_ids is None:
            self._heading_ids = _heading_ids(self._surveyed())
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
            if tag in _HEADINGS and self._heading is not None:
                level, heading_id, parts = self._heading
                self.headings.append((level, "".join(parts).strip(), heading_id))
                self._heading = None
            self.out.append(f"</{tag}>")
        if self._isolate and self._open_counts.get(tag):
            self._close(tag)

    def _open(self, tag: str) -> None:
        self._open_tags.append(tag)
        self._open_counts[tag] = self._open_counts.get(tag, 0) + 1
        self._open_not_isolated += tag in _NOT_ISOLATED

    def _close(self, tag: str) -> None:
        """Close `tag` and every element opened inside it and not yet closed."""
        closed = None
        while closed != tag:
            closed = self._open_tags.pop()
            self._open_counts[closed] -= 1
            self._open_not_isolated -= closed in _NOT_ISOLATED

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
            self.out.append(_isolated(data))


def _isolated(text: str) -> str:
    """Escape text, wrapping each left-to-right run (URL, e-mail, number, Latin words) in <bdi>."""
    if not _MAY_HOLD_LTR_RUN.search(text):
        return html.escape(text, quote=False)
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
