"""Whether a web or e-mail address is one a reader can use (not postal addresses).

For the addresses of contact entries, and for the web addresses pages link to (`sitegen.check`
uses `url_problem`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sitegen.errors import Problems, SourceRef

_HOST_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


def check_url(url: str, ref: SourceRef, problems: Problems) -> bool:
    """Report and return False unless `url` is an http(s) address with a plausible host."""
    reason = url_problem(url)
    if reason is None:
        return True
    problems.error(
        ref, f"web address '{url}' {reason}: write it like 'https://www.example.org/help'"
    )
    return False


def url_problem(url: str) -> str | None:
    if any(char.isspace() or not char.isprintable() for char in url):
        return "contains a space or an invisible character"
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return "is not a valid web address"
    if parts.scheme.lower() not in ("http", "https"):
        return "must start with https:// (or http://)"
    if "@" in parts.netloc:
        # "https://police.uk@example.com" goes to example.com: a known trick.
        return "must not contain '@' before the site name"
    if not port_ok:
        return "has an invalid port"
    host = parts.hostname or ""
    return None if _plausible_host(host) else f"has an invalid site name '{host}'"


def check_email(email: str, ref: SourceRef, problems: Problems) -> bool:
    """Report and return False unless `email` looks like a deliverable address."""
    local, at, domain = email.rpartition("@")
    if at and _EMAIL_LOCAL.fullmatch(local) and _plausible_host(domain):
        return True
    problems.error(ref, f"e-mail address '{email}' is not valid: write it like 'help@example.org'")
    return False


def _plausible_host(host: str) -> bool:
    """Return True for a dotted host name whose labels do not start or end with '-'."""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.split(".")
    if len(labels) < 2 or len(ascii_host) > 253:
        return False
    return all(len(label) <= 63 and _HOST_LABEL.fullmatch(label) for label in labels)
