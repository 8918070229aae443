"""HTML safety for content: the allow-list, URL checks, an audit of what nh3 removes, nh3.

Content is untrusted, so nh3 (the Ammonia sanitiser) has the last word on every page
(`clean_html`). Before it runs, `audit_html` walks the same HTML with the same allow-list and says
what nh3 is about to remove, so editors get a warning instead of silently losing text (most pages
are shown to lose nothing by a quicker scan first). The URL helpers read a URL's scheme and host
the way a browser would, for the audit, the finishing pass (`finish`) and the checks.

HTML is read with `htmltokens`; what happens to nh3's output is `finish`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from sitegen.content.htmltokens import SIMPLE_ATTR, SIMPLE_TAG, VOID_TAGS, feed_html

# Part of the cache key of every parsed page: another nh3 (ammonia) may clean differently.
LIBRARY = f"nh3 {nh3.__version__}"  # type: ignore[attr-defined]  # not in its stubs


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
    parts = SIMPLE_TAG.split(markup)  # as in read_tokens: text, name, attrs, slash, end, ...
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
    for attr in SIMPLE_ATTR.finditer(attr_text):
        name = attr.group(1).lower()
        if name in _QUIETLY_REPLACED:
            continue
        if name.startswith("on") or name == "style" or not _allowed_attribute(tag, name):
            return False
        value = attr.group(2)
        if name in URL_ATTRIBUTES and not is_safe_url(html.unescape(value) if value else ""):
            return False
    return True


def clean_html(markup: str) -> str:
    """Sanitise HTML with nh3 using sitegen's allow-list (no rel added: `finish_html` adds it)."""
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
