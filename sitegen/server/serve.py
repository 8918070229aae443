"""Development server: serve the last good build, rebuild on change, tell browsers to reload.

Only this server adds the live-reload script and the error overlay to HTML responses; the built
files on disk are never changed. It answers only to its own address (DNS rebinding), never serves
a file from outside the output folder, and keeps running after bad requests and failed builds.
"""

from __future__ import annotations

import html
import ipaddress
import mimetypes
import os
import shutil
import socket
import socketserver
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote

from sitegen.errors import SiteError
from sitegen.server.watch import Watcher

BuildFunction = Callable[[Path], None]
Log = Callable[[str], None]

KEEPALIVE_SECONDS = 15.0
LONG_POLL_SECONDS = 20.0
DEV_PREFIX = "/__sitegen__/"
RELOAD_TAG = b'<script src="/__sitegen__/reload.js"></script>'

_WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})
_LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_MAX_EXTRA_DECODES = 3
# Explicit so the answer does not depend on the machine's mime.types (or Windows' registry).
_CONTENT_TYPE_TABLE = """
.html text/html  .htm text/html  .css text/css  .js text/javascript  .mjs text/javascript
.json application/json  .map application/json  .webmanifest application/manifest+json
.xml application/xml  .rss application/rss+xml  .atom application/atom+xml
.svg image/svg+xml  .txt text/plain  .md text/markdown  .csv text/csv  .ics text/calendar
.vcf text/vcard  .pdf application/pdf  .png image/png  .jpg image/jpeg  .jpeg image/jpeg
.gif image/gif  .webp image/webp  .avif image/avif  .ico image/vnd.microsoft.icon
.woff font/woff  .woff2 font/woff2  .ttf font/ttf  .otf font/otf  .mp3 audio/mpeg
.ogg audio/ogg  .mp4 video/mp4  .webm video/webm  .wasm application/wasm
"""
_WORDS = _CONTENT_TYPE_TABLE.split()
_CONTENT_TYPES = dict(zip(_WORDS[::2], _WORDS[1::2], strict=True))
_UTF8_TYPES = frozenset(
    {"application/json", "application/manifest+json", "application/xml"}
    | {"application/rss+xml", "application/atom+xml", "image/svg+xml"}
)

# Pages allow only same-origin scripts and (by `default-src 'none'`) no connections, so
# EventSource and fetch are blocked; a long-polled same-origin <script> is not.
_RELOAD_JS = """\
(function () {
  "use strict";
  var built = __BUILD__;
  var count = 0;
  var hide = document.getElementById("sitegen-overlay-close");
  if (hide) {
    hide.addEventListener("click", function () {
      document.getElementById("sitegen-overlay").hidden = true;
    });
  }
  function poll() {
    var script = document.createElement("script");
    count += 1;
    script.src = "/__sitegen__/wait.js?since=" + built + "&n=" + count;
    script.onload = function () {
      script.remove();
      poll();
    };
    script.onerror = function () {
      script.remove();
      window.setTimeout(poll, 1000);
    };
    (document.head || document.documentElement).appendChild(script);
  }
  if (document.readyState === "complete") {
    poll();
  } else {
    window.addEventListener("load", poll);
  }
}());
"""

_OVERLAY_CSS = """\
#sitegen-overlay{position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;
z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff5f5;color:#1a1a1a;
border-top:4px solid #b00020;box-shadow:0 -2px 12px rgba(0,0,0,.3);text-align:left;
font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
#sitegen-overlay[hidden]{display:none}
#sitegen-overlay ol{margin:.5rem 0 0;padding-left:1.5rem}
#sitegen-overlay li{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}
#sitegen-overlay button{float:right;font:inherit}
"""


@dataclass(frozen=True)
class ServeOptions:
    """Where the site is and where to listen; `out_dir=None` builds into a private temp folder."""

    site_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    out_dir: Path | None = None


@dataclass(frozen=True)
class BuildState:
    """The outcome of the latest build: a counter, whether a good build exists, the errors."""

    generation: int = 0
    has_good_build: bool = False
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestTarget:
    """A checked request path: the raw text, its decoded segments, and the query string."""

    raw_path: str
    parts: tuple[str, ...]
    wants_folder: bool
    query: str


class BadRequestPath(ValueError):
    """A request path that is malformed or could reach outside the output folder."""


def _log_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- pure helpers (tested directly) ---------------------------------------------------------


def network_warning(host: str) -> str | None:
    """Return a warning if `host` lets other machines read the site, else None."""
    if _is_loopback(host):
        return None
    return (
        f"warning: listening on {host or 'all interfaces'}: anyone on your network can read "
        "this site, drafts included. Leave out --host to keep it on this computer (127.0.0.1)."
    )


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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


def content_type(name: str) -> str:
    """Return the Content-Type for a file name, with a UTF-8 charset for text."""
    suffix = Path(name).suffix.lower()
    kind = _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in _UTF8_TYPES:
        return f"{kind}; charset=utf-8"
    return kind


def overlay_markup(errors: tuple[str, ...], *, showing_last_good: bool = True) -> bytes:
    """Return the escaped error overlay listing each `path:line: error: message`."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in errors)
    shown = (
        "You are seeing the last good build."
        if showing_last_good
        else "There is nothing to show yet."
    )
    return (
        '<link rel="stylesheet" href="/__sitegen__/overlay.css">'
        '<div id="sitegen-overlay" role="alert" lang="en" dir="ltr">'
        '<button type="button" id="sitegen-overlay-close">Hide</button>'
        f"<strong>The site did not build.</strong> {shown} "
        f"Fix these and save:<ol>{items}</ol></div>"
    ).encode()


def inject_dev_markup(
    page: bytes, errors: tuple[str, ...], *, overlay: bytes | None = None
) -> bytes:
    """Add the overlay (if errors) and the reload script before `</body>` of an HTML page."""
    if overlay is None:
        overlay = overlay_markup(errors) if errors else b""
    markup = overlay + RELOAD_TAG
    index = page.lower().rfind(b"</body")
    if index < 0:
        return page + markup
    return page[:index] + markup + page[index:]


def failure_page(errors: tuple[str, ...]) -> bytes:
    """Return the page shown for every path while no build has succeeded yet."""
    page = (
        b'<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
        b'<meta name="viewport" content="width=device-width, initial-scale=1">'
        b"<title>Site build failed</title></head><body></body></html>\n"
    )
    return inject_dev_markup(page, errors, overlay=overlay_markup(errors, showing_last_good=False))


def run_build(build: BuildFunction, out_dir: Path, log: Log) -> tuple[str, ...] | None:
    """Run one build; return None on success or the error lines to show."""
    try:
        build(out_dir)
    except SiteError as error:
        problems = error.errors or error.problems
        return tuple(p.format() for p in problems) or ("error: the build failed",)
    except Exception as error:  # a bug in a build stage must not stop the server
        log("".join(traceback.format_exception(error)).rstrip())
        return (f"error: internal error: {type(error).__name__}: {error}",)
    return None


# --- shared state between the builder and request threads -----------------------------------


class _BuildChannel:
    """Holds the latest BuildState and wakes reload listeners when it changes."""

    def __init__(self) -> None:
        self._state = BuildState()
        self._changed = threading.Condition()
        self._closed = False

    @property
    def state(self) -> BuildState:
        with self._changed:
            return self._state

    def publish(self, errors: tuple[str, ...] | None) -> BuildState:
        with self._changed:
            old = self._state
            self._state = BuildState(
                generation=old.generation + 1,
                has_good_build=old.has_good_build or errors is None,
                errors=errors or (),
            )
            self._changed.notify_all()
            return self._state

    def wait_for_newer(self, generation: int, timeout: float) -> BuildState | None:
        """Wait until a build newer than `generation` or the timeout; None once closed."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._closed or self._state.generation != generation, timeout
            )
            return None if self._closed else self._state

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()


# --- HTTP -------------------------------------------------------------------------------------


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, host: str, port: int, out_dir: Path, channel: _BuildChannel, log: Log):
        self.listen_host = host
        self.out_dir = out_dir
        self.channel = channel
        self.log = log
        super().__init__((host, port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup we do not need.
        socketserver.TCPServer.server_bind(self)
        self.server_name = self.listen_host
        self.server_port = self.server_address[1]

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # the client went away; nothing to fix
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "sitegen-dev"
    sys_version = ""
    timeout = 30
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        super().end_headers()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # a line per request drowns the build messages

    def log_message(self, format: str, *args: object) -> None:
        self.server.log(f"{self.address_string()}: {format % args}")

    def _respond(self, send_body: bool) -> None:
        try:
            self._route(send_body)
        except ConnectionError:
            self.close_connection = True

    def _route(self, send_body: bool) -> None:
        port = self.server.server_address[1]
        if not host_allowed(self.headers.get("Host"), self.server.listen_host, int(port)):
            self.send_error(
                HTTPStatus.BAD_REQUEST,
                "Misdirected request: unexpected Host header",
                "This development server answers only to its own address.",
            )
            return
        try:
            target = parse_target(self.path)
        except BadRequestPath as error:
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad request path", str(error))
            return
        if target.raw_path.startswith(DEV_PREFIX):
            self._send_dev_resource(target, send_body)
            return
        state = self.server.channel.state
        if not state.has_good_build:
            self._send_bytes(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                content_type("index.html"),
                failure_page(state.errors or ("the site has not been built yet",)),
                send_body,
            )
            return
        self._send_site_path(target, state, send_body)

    def _send_site_path(self, target: RequestTarget, state: BuildState, send_body: bool) -> None:
        root = self.server.out_dir
        found = locate(root, target.parts)
        if found is not None and found.is_dir():
            if not target.wants_folder:
                location = target.raw_path + "/" + (f"?{target.query}" if target.query else "")
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            found = locate(root, (*target.parts, "index.html"))
        elif target.wants_folder:
            found = None  # "/style.css/" names no folder
        if not self._send_file(found, HTTPStatus.OK, state, send_body):
            self._send_not_found(state, send_body)

    def _send_not_found(self, state: BuildState, send_body: bool) -> None:
        page = locate(self.server.out_dir, ("404.html",))
        if self._send_file(page, HTTPStatus.NOT_FOUND, state, send_body):
            return
        body = b"<!DOCTYPE html>\n<title>Not found</title><h1>404 Not found</h1></body>\n"
        self._send_bytes(
            HTTPStatus.NOT_FOUND,
            content_type("index.html"),
            inject_dev_markup(body, state.errors),
            send_body,
        )

    def _send_file(
        self, file: Path | None, status: int, state: BuildState, send_body: bool
    ) -> bool:
        """Send a regular file (HTML with the dev markup); False if there is none to send."""
        if file is None or not file.is_file():
            return False
        kind = content_type(file.name)
        try:
            stream = file.open("rb")
        except OSError:
            return False
        with stream:
            if kind.startswith("text/html"):
                body = inject_dev_markup(stream.read(), state.errors)
                self._send_bytes(status, kind, body, send_body)
                return True
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(os.fstat(stream.fileno()).st_size))
            self.end_headers()
            if send_body:
                shutil.copyfileobj(stream, self.wfile)
        return True

    def _send_bytes(self, status: int, kind: str, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send_dev_resource(self, target: RequestTarget, send_body: bool) -> None:
        name = target.raw_path[len(DEV_PREFIX) :]
        if name in ("events", "wait.js") and self._is_cross_site():
            self.send_error(HTTPStatus.FORBIDDEN, "Cross-site reload connections are refused")
        elif name == "events":
            self._send_events(target, send_body)
        elif name == "wait.js":
            self._send_reload_when_built(target, send_body)
        elif name == "reload.js":
            generation = self.server.channel.state.generation
            script = _RELOAD_JS.replace("__BUILD__", str(generation)).encode()
            self._send_bytes(HTTPStatus.OK, content_type("reload.js"), script, send_body)
        elif name == "overlay.css":
            self._send_bytes(
                HTTPStatus.OK, content_type("overlay.css"), _OVERLAY_CSS.encode(), send_body
            )
        else:
            self.send_error(HTTPStatus.NOT_FOUND, "No such development resource")

    def _is_cross_site(self) -> bool:
        origin = self.headers.get("Origin")
        own_origin = f"http://{self.headers.get('Host', '')}"
        if origin is not None and origin.lower() != own_origin.lower():
            return True
        return self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none")

    def _since(self, target: RequestTarget) -> int:
        """Return the build the page was served from (`?since=N`), else the current one."""
        since = parse_qs(target.query).get("since", [""])[0]
        if since.isascii() and since.isdigit():
            return int(since)
        return self.server.channel.state.generation

    def _send_reload_when_built(self, target: RequestTarget, send_body: bool) -> None:
        """Answer the long poll: a script that reloads the page once a newer build exists."""
        since = self._since(target)
        state = self.server.channel.wait_for_newer(since, LONG_POLL_SECONDS if send_body else 0)
        changed = state is not None and state.generation != since
        script = b"window.location.reload();\n" if changed else b"/* no new build */\n"
        self._send_bytes(HTTPStatus.OK, content_type("wait.js"), script, send_body)

    def _send_events(self, target: RequestTarget, send_body: bool) -> None:
        """Stream a Server-Sent `reload` event after each build, for tools that can connect."""
        channel = self.server.channel
        seen = self._since(target)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        if not send_body:
            return
        self.wfile.write(b"retry: 1000\n\n")
        self.wfile.flush()
        while (state := channel.wait_for_newer(seen, KEEPALIVE_SECONDS)) is not None:
            if state.generation != seen:
                seen = state.generation
                self.wfile.write(f"event: reload\ndata: {seen}\n\n".encode())
            else:
                self.wfile.write(b": keep-alive\n\n")
            self.wfile.flush()


# --- the server -------------------------------------------------------------------------------


def _display_url(host: str, port: int) -> str:
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


class DevServer:
    """Builds the site, serves the last good build, and rebuilds when sources change."""

    def __init__(self, options: ServeOptions, build: BuildFunction, log: Log) -> None:
        self._options = options
        self._build = build
        self._log = log
        self._channel = _BuildChannel()
        self._build_lock = threading.Lock()
        self._serve_thread: threading.Thread | None = None
        self._stopped = False
        self._temp_root: Path | None = None
        self.out_dir = options.out_dir or self._make_temp_out_dir()
        server_class = _HTTPServer6 if ":" in options.host else _HTTPServer
        try:
            self._httpd = server_class(options.host, options.port, self.out_dir, self._channel, log)
        except OSError:
            self._remove_temp_root()
            raise
        self.url = _display_url(options.host, int(self._httpd.server_address[1]))
        self._watcher = Watcher(options.site_dir, self.out_dir, self.rebuild)

    @property
    def build_state(self) -> BuildState:
        """Return the outcome of the latest build."""
        return self._channel.state

    def rebuild(self) -> None:
        """Build now; on failure keep serving the last good build and show the errors."""
        with self._build_lock:
            errors = run_build(self._build, self.out_dir, self._log)
            self._channel.publish(errors)
        if errors is None:
            self._log("Built the site.")
        else:
            self._log("The site did not build (still serving the last good build):")
            for line in errors:
                self._log(f"  {line}")

    def start(self) -> None:
        """Build, start watching, and serve in a background thread; return once listening."""
        self._begin()
        self._serve_thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="sitegen-serve",
            daemon=True,
        )
        self._serve_thread.start()

    def serve_forever(self) -> None:
        """Build, watch and serve in this thread until interrupted (Ctrl+C), then stop."""
        try:
            self._begin()
            self._log(f"Serving {self.url} (press Ctrl+C to stop)")
            self._httpd.serve_forever(poll_interval=0.1)
        except KeyboardInterrupt:
            self._log("Stopping.")
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop watching and serving, close reload channels and remove the temp folder."""
        if self._stopped:
            return
        self._stopped = True
        self._watcher.stop()
        self._channel.close()
        if self._serve_thread is not None:
            self._httpd.shutdown()
            self._serve_thread.join()
        self._httpd.server_close()
        self._remove_temp_root()

    def _make_temp_out_dir(self) -> Path:
        self._temp_root = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
        return self._temp_root / "site"  # the build creates it, so an atomic swap works

    def _remove_temp_root(self) -> None:
        if self._temp_root is not None:
            shutil.rmtree(self._temp_root, ignore_errors=True)

    def _begin(self) -> None:
        warning = network_warning(self._options.host)
        if warning is not None:
            self._log(warning)
        self._watcher.start()  # before the first build, so edits made during it are seen
        self.rebuild()


def make_server(
    options: ServeOptions, build: BuildFunction, *, log: Log = _log_stderr
) -> DevServer:
    """Bind a development server for the site; `build(out_dir)` builds or raises SiteError."""
    return DevServer(options, build, log)


def serve(options: ServeOptions, build: BuildFunction, *, log: Log = _log_stderr) -> None:
    """Build, serve and watch the site until interrupted."""
    make_server(options, build, log=log).serve_forever()
