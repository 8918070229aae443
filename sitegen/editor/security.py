"""Who may use the editor and where it may write.

The editor writes files, so it trusts no request by default: a request needs the session
cookie (got once by exchanging the printed token), a Host naming this server on loopback (DNS
rebinding), and a write also needs a custom header, a JSON body and the editor's own Origin,
which a foreign page cannot forge without CORS (never granted). Paths are checked as text and
then as real paths, so no `..`, absolute path, backslash or symlink leads out of the site's
writable places.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

COOKIE_NAME = "sitegen_edit"
WRITE_HEADER = "X-Sitegen-Edit"
MAX_BODY_BYTES = 1_000_000  # a page is text; a megabyte is far more than any of them
WRITABLE_FOLDERS = ("content", "translations")
WRITABLE_FILES = ("contacts.lock",)
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class Headers(Protocol):
    """Request headers, looked up by name without regard to case (an `email.message.Message`)."""

    def get(self, name: str, /) -> str | None: ...


class Refused(Exception):
    """A request the editor will not serve: an HTTP status and a reason to show."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Session:
    """The secrets of one editor run: the printed token and the cookie it is exchanged for."""

    token: str
    cookie: str

    @classmethod
    def new(cls) -> Session:
        """Make fresh random secrets."""
        return cls(secrets.token_urlsafe(32), secrets.token_urlsafe(32))

    def token_matches(self, offered: str) -> bool:
        return hmac.compare_digest(offered.encode(), self.token.encode())

    def cookie_header(self) -> str:
        """Return the Set-Cookie value: HttpOnly, SameSite=Strict, for the editor's paths only."""
        return f"{COOKIE_NAME}={self.cookie}; Path=/_edit/; HttpOnly; SameSite=Strict"

    def has_cookie(self, header: str | None) -> bool:
        """Tell whether a Cookie header carries this session's cookie."""
        for part in (header or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE_NAME and hmac.compare_digest(value.encode(), self.cookie.encode()):
                return True
        return False


def editor_hosts(port: int) -> tuple[str, ...]:
    """Return the Host headers the editor answers to."""
    return (f"127.0.0.1:{port}", f"localhost:{port}")


def check_host(headers: Headers, port: int) -> str:
    """Return the Host header if it names this editor; refuse anything else (DNS rebinding)."""
    host = (headers.get("Host") or "").strip().lower()
    if host not in editor_hosts(port):
        raise Refused(403, "the editor answers only to 127.0.0.1 or localhost on its own port")
    return host


def check_read(headers: Headers, session: Session, port: int) -> None:
    """Refuse a request without the session cookie or with a foreign Host."""
    check_host(headers, port)
    if not session.has_cookie(headers.get("Cookie")):
        raise Refused(403, "open the editor with the address `sitegen serve --edit` printed")


def check_write(headers: Headers, session: Session, port: int) -> int:
    """Refuse a write that a foreign page could send; return the body's length."""
    check_read(headers, session, port)
    host = check_host(headers, port)
    if headers.get(WRITE_HEADER) != "1":
        raise Refused(403, f"a write needs the header {WRITE_HEADER}: 1")
    if (headers.get("Origin") or "").lower() != f"http://{host}":
        raise Refused(403, "a write must come from the editor's own page (Origin)")
    kind = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise Refused(415, "a write must send JSON (Content-Type: application/json)")
    length_text = headers.get("Content-Length") or ""
    if not (length_text.isascii() and length_text.isdigit()):
        raise Refused(411, "a write must say its length (Content-Length)")
    length = int(length_text)
    if length > MAX_BODY_BYTES:
        raise Refused(413, f"a write may send at most {MAX_BODY_BYTES} bytes")
    return length


def writable_path(
    site_dir: Path, relative: str, folders: tuple[str, ...] = WRITABLE_FOLDERS
) -> Path:
    """Return the real path a site-relative POSIX path names, if the editor may write it.

    Refused: backslashes, absolute paths, `.` and `..` segments, anything outside `folders`
    (and `contacts.lock`), and a path whose real location (symlinks resolved) is elsewhere.
    """
    if not relative or "\\" in relative or "\x00" in relative:
        raise Refused(403, "the path must be a plain site-relative path with '/'")
    pure = PurePosixPath(relative)
    if pure.is_absolute() or relative.startswith("/") or ":" in pure.parts[0]:
        raise Refused(403, "the path must be relative to the site folder")
    if any(part in ("", ".", "..") for part in relative.split("/")):
        raise Refused(403, "'.' and '..' are not allowed in paths")
    allowed_file = relative in WRITABLE_FILES
    if not allowed_file and (len(pure.parts) < 2 or pure.parts[0] not in folders):
        raise Refused(403, f"the editor writes only under {', '.join(folders)}/")
    root = site_dir.resolve(strict=True)
    real = (root / relative).resolve(strict=False)
    top = root / pure.parts[0]
    real_top = top.resolve(strict=False)
    if top.is_symlink() or not real_top.is_relative_to(root):
        raise Refused(403, f"{pure.parts[0]} leads out of the site folder")
    inside = real == real_top if allowed_file else real.is_relative_to(real_top)
    if not inside or (real == real_top and not allowed_file):
        raise Refused(403, "the path leads out of the folder it names (a symlink?)")
    return real
