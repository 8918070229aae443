"""Links as Outlook and other mail clients paste them: `text<URL>`, and URLs broken by wrapping.

Outlook writes a link as its text followed by the address in angle brackets
(`www.example.org/report<http://www.example.org/report>`, `here<https://...>`); read as
Markdown that is two links, or a link and an autolink. A wrapped message also breaks a long
address over lines (`<http://www.exam-` / `ple.org/report>`). Both become one Markdown link
whose text is what the writer showed and whose address is the one in the brackets: if the two
disagree, the deceptive-link check still says so. A broken address is joined as the text
shows it (with or without the hyphen at the break); when the break lost characters
(`<http://www.exam-` / `.org/report>` under `www.example.org/report`), and the text starts
and ends as the pieces do, the link goes to the address the text shows.
"""

from __future__ import annotations

import re

# text (no spaces) glued to <address>, the address possibly broken over up to three lines.
_ANGLED = re.compile(
    r"(?P<text>[^\s<>\[\]()`]+)?"
    r"<(?P<url>(?:https?://|mailto:|www\.)[^<>\s]*(?:[ \t]*\n[ \t]*[^<>\s]+){0,3})>"
)
_SCHEME = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def join_pasted_links(text: str) -> str:
    """Make one Markdown link of each `text<URL>` and each `<URL>` broken over lines."""
    if "<" not in text:
        return text
    return _ANGLED.sub(_link, text)


def _link(match: re.Match[str]) -> str:
    shown = match.group("text") or ""
    url = _joined_url(match.group("url"), shown)
    if "(" in url or ")" in url:
        return match.group(0)  # rare; left for Markdown as written
    href = f"https://{url}" if url.lower().startswith("www.") else url
    if not shown:
        shown = _SCHEME.sub("", url) if url.lower().startswith("mailto:") else url
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", shown)
    return f"[{escaped}]({href})"


def _joined_url(url: str, shown: str) -> str:
    """Join an address broken over lines; a hyphen at a break is kept unless the text says not."""
    parts = [part.strip() for part in url.split("\n")]
    kept = "".join(parts)
    if len(parts) == 1:
        return kept
    dropped = "".join(
        part[:-1] if part.endswith("-") and n < len(parts) - 1 else part
        for n, part in enumerate(parts)
    )
    if _comparable(dropped) == _comparable(shown) != _comparable(kept):
        return dropped
    if _comparable(shown) not in (_comparable(kept), "") and _mends(parts, shown):
        scheme = _SCHEME.match(kept)
        bare = _SCHEME.sub("", shown)
        return (scheme.group(0) if scheme else "") + bare
    return kept


def _mends(parts: list[str], shown: str) -> bool:
    """Say whether the address shown is the broken one with what the break lost put back:
    it starts as the first piece does (without the hyphen at the break) and ends as the last.
    Only then is the link made to the address readers see."""
    first = _comparable(parts[0].rstrip("-"))
    last = _comparable(parts[-1])
    whole = _comparable(shown)
    return (
        "." in whole
        and len(first) >= len("www.x")
        and whole.startswith(first)
        and whole.endswith(last)
        and len(whole) >= len(first) + len(last)
    )


def _comparable(url: str) -> str:
    return _SCHEME.sub("", url).lower().rstrip("/")
