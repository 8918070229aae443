"""The dev server's HTTP side: answer each request from the output folder or the dev endpoints.

Site paths get the last good build (HTML with the overlay and reload script added); paths under
`/__sitegen__/` are the server's own: the reload script, the overlay's style sheet, and the
live-reload endpoints, which refuse cross-site requests (checked by Origin and Sec-Fetch-Site).
Every request is first checked by `requestchecks`; a bad one gets an error and the server goes on.
"""

from __future__ import annotations

import mimetypes
import os
import shutil
import socket
import socketserver
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from sitegen.editor.app import PREFIX as EDIT_PREFIX
from sitegen.editor.app import Editor, Response
from sitegen.editor.security import Refused
from sitegen.server.answers import LARGEST_KEPT, Answer, AnswerMemory
from sitegen.server.builds import BuildChannel, BuildState, Log
from sitegen.server.connections import ReusedThreadsMixIn
from sitegen.server.overlay import OVERLAY_CSS, failure_page, inject_dev_markup
from sitegen.server.requestchecks import (
    BadRequestPath,
    RequestTarget,
    host_allowed,
    locate,
    parse_target,
)

KEEPALIVE_SECONDS = 15.0
LONG_POLL_SECONDS = 20.0
DEV_PREFIX = "/__sitegen__/"
# Connections the kernel holds for the accept loop. socketserver's 5 made a burst of 200 (a page
# and its assets in a few tabs, a link checker) wait for dropped SYNs to be resent: seconds each.
# The kernel caps it at net.core.somaxconn (4096 on current Linux).
LISTEN_BACKLOG = 1024

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


def content_type(name: str) -> str:
    """Return the Content-Type for a file name, with a UTF-8 charset for text."""
    suffix = Path(name).suffix.lower()
    kind = _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in _UTF8_TYPES:
        return f"{kind}; charset=utf-8"
    return kind


# Kept among the answers under a key no request target can be (targets start with "/").
_NOT_FOUND_KEY = "404"
_PLAIN_NOT_FOUND = b"<!DOCTYPE html>\n<title>Not found</title><h1>404 Not found</h1></body>\n"


def _bytes_answer(status: int, kind: str, body: bytes) -> Answer:
    return Answer(status, (("Content-Type", kind), ("Content-Length", str(len(body)))), body)


# --- HTTP -------------------------------------------------------------------------------------


class DevHTTPServer(ReusedThreadsMixIn, HTTPServer):
    """The dev server's listening socket: connections answered on kept threads, a deep queue."""

    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self,
        host: str,
        port: int,
        out_dir: Path,
        channel: BuildChannel,
        log: Log,
        editor: Editor | None = None,
    ):
        self.listen_host = host
        self.editor = editor
        self.out_dir = out_dir
        self.channel = channel
        self.log = log
        self.answers = AnswerMemory()
        super().__init__((host, port), _Handler)

    def server_bind(self) -> None:
        # http.server.HTTPServer.server_bind does a reverse DNS lookup we do not need.
        socketserver.TCPServer.server_bind(self)
        self.server_name = self.listen_host
        self.server_port = self.server_address[1]

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # the client went away; nothing to fix
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class DevHTTPServer6(DevHTTPServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: DevHTTPServer
    server_version = "sitegen-dev"
    sys_version = ""
    timeout = 30
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_POST(self) -> None:
        editor = self.server.editor
        if editor is None or not self.path.startswith(EDIT_PREFIX):
            # as http.server answers a method it has no handler for: only the editor takes writes
            self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})")
            return
        try:
            length = editor.body_length(self.headers)
        except Refused:  # refused before the body is read: answer says why
            self._send_editor(editor.answer("POST", self.path, self.headers, b""), True)
            return
        body = self.rfile.read(length)
        self._send_editor(editor.answer("POST", self.path, self.headers, body), True)

    def _send_editor(self, response: Response, send_body: bool) -> None:
        self.send_response(response.status)
        for name, value in response.all_headers():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

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
        editor = self.server.editor
        if editor is not None and target.raw_path.startswith(EDIT_PREFIX):
            self._send_editor(editor.answer("GET", self.path, self.headers, b""), send_body)
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
        answers = self.server.answers
        answer = answers.get(state.generation, self.path)
        if answer is None:
            answer = self._site_answer(target, state)
            if answer.status != HTTPStatus.NOT_FOUND:  # kept once, not for every missing path
                answers.put(state.generation, self.path, answer)
        self._send_answer(answer, send_body)

    def _site_answer(self, target: RequestTarget, state: BuildState) -> Answer:
        """Make the answer to a site path from the output folder: a file, a redirect or 404."""
        root = self.server.out_dir
        found = locate(root, target.parts)
        if found is not None and found.is_dir():
            if not target.wants_folder:
                location = target.raw_path + "/" + (f"?{target.query}" if target.query else "")
                headers = (("Location", location), ("Content-Length", "0"))
                return Answer(HTTPStatus.MOVED_PERMANENTLY, headers)
            found = locate(root, (*target.parts, "index.html"))
        elif target.wants_folder:
            found = None  # "/style.css/" names no folder
        return self._file_answer(found, HTTPStatus.OK, state) or self._not_found_answer(state)

    def _not_found_answer(self, state: BuildState) -> Answer:
        answers = self.server.answers
        answer = answers.get(state.generation, _NOT_FOUND_KEY)
        if answer is None:
            page = locate(self.server.out_dir, ("404.html",))
            answer = self._file_answer(page, HTTPStatus.NOT_FOUND, state) or _bytes_answer(
                HTTPStatus.NOT_FOUND,
                content_type("index.html"),
                inject_dev_markup(_PLAIN_NOT_FOUND, state.errors),
            )
            answers.put(state.generation, _NOT_FOUND_KEY, answer)
        return answer

    def _file_answer(self, file: Path | None, status: int, state: BuildState) -> Answer | None:
        """Answer with a regular file (HTML with the dev markup); None if there is none."""
        if file is None or not file.is_file():
            return None
        kind = content_type(file.name)
        try:
            with file.open("rb") as stream:
                size = os.fstat(stream.fileno()).st_size
                if kind.startswith("text/html"):
                    page = inject_dev_markup(stream.read(), state.errors)
                    return _bytes_answer(status, kind, page)
                if size > LARGEST_KEPT:
                    headers = (("Content-Type", kind), ("Content-Length", str(size)))
                    return Answer(status, headers, stream=file)
                return _bytes_answer(status, kind, stream.read())
        except OSError:
            return None

    def _send_answer(self, answer: Answer, send_body: bool) -> None:
        if answer.stream is not None:
            self._send_stream(answer.stream, answer, send_body)
            return
        self._send_head(answer)
        if send_body:
            self.wfile.write(answer.body)

    def _send_stream(self, file: Path, answer: Answer, send_body: bool) -> None:
        try:
            stream = file.open("rb")
        except OSError:  # removed by a build since it was found
            self._send_answer(self._not_found_answer(self.server.channel.state), send_body)
            return
        with stream:
            self._send_head(answer)
            if send_body:
                shutil.copyfileobj(stream, self.wfile)

    def _send_head(self, answer: Answer) -> None:
        self.send_response(answer.status)
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()

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
                HTTPStatus.OK, content_type("overlay.css"), OVERLAY_CSS.encode(), send_body
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
