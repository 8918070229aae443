"""Checks on each request before anything is served: the Host header and the path.

A Host that is not this server's own address may be DNS rebinding (a foreign page reading the
site through a name that resolves here), so it is refused. A path is checked and decoded before
it is used, and `locate` finds a file only inside the output folder, so no request can read a
file from outside it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

_WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})
_LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_MAX_EXTRA_DECODES = 3


@dataclass(frozen=True)
class RequestTarget:
    """A checked request path: the raw text, its decoded segments, and the query string."""

    raw_path: str
    parts: tuple[str, ...]
    wants_folder: bool
    query: str


class BadRequestPath(ValueError):
    """A request path that is malformed or could reach outside the output folder."""


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(header: str | None, listen_host: str, port: int) -> bool:
    """Tell whether a Host header names this server; anything else may be DNS rebinding."""
    if not header:
        return False
    name, header_port = _split_host(header.strip())
    if header_port != port:
        return False
    name = name.lower()
    listen = listen_host.lower().strip("[]")
    if name in _LOCAL_NAMES or name == listen:
        return True
    # Bound to every interface we cannot know the address used, but an IP literal cannot be
    # rebound by a foreign DNS name.
    return listen in _WILDCARD_HOSTS and _is_ip(name)


def _split_host(header: str) -> tuple[str, int | None]:
    if header.startswith("["):
        name, _, rest = header[1:].partition("]")
        if rest and not rest.startswith(":"):
            return name, None
        port_text = rest[1:]
    else:
        name, sep, port_text = header.rpartition(":")
        if not sep:
            name, port_text = header, ""
    if port_text == "":
        return name, 80
    if port_text.isascii() and port_text.isdigit():
        return name, int(port_text)
    return name, None


def parse_target(target: str) -> RequestTarget:
    """Split and check a request target; raise BadRequestPath if it could escape."""
    if not target.startswith("/"):
        raise BadRequestPath("the request target must be a path starting with '/'")
    raw_path, _, query = target.partition("?")
    raw_path = raw_path.partition("#")[0]
    _reject_unsafe(raw_path)
    try:
        decoded = unquote(raw_path, errors="strict")
    except UnicodeDecodeError as error:
        raise BadRequestPath("the path is not valid percent-encoded UTF-8") from error
    _reject_deeper_encodings(decoded)
    parts = tuple(part for part in decoded.split("/") if part)
    return RequestTarget(raw_path, parts, decoded.endswith("/"), query)


def _reject_deeper_encodings(text: str) -> None:
    # Decode again to catch double encoding (%252e%252e) that a later layer might decode.
    for _ in range(_MAX_EXTRA_DECODES):
        _reject_unsafe(text)
        deeper = unquote(text, errors="replace")
        if deeper == text:
            return
        text = deeper
    raise BadRequestPath("the path is encoded too many times")


def _reject_unsafe(text: str) -> None:
    if "\\" in text:
        raise BadRequestPath("backslashes are not allowed in paths")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        raise BadRequestPath("control characters (such as NUL) are not allowed in paths")
    for segment in text.split("/"):
        if segment and not segment.strip(". "):
            raise BadRequestPath("'.' and '..' are not allowed in paths")


def locate(root: Path, parts: tuple[str, ...]) -> Path | None:
    """Return the existing path `parts` names inside root, or None if missing or outside it."""
    try:
        base = root.resolve(strict=True)
        candidate = base.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return candidate if candidate.is_relative_to(base) else None
