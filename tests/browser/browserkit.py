"""Drive headless Chromium over built sites: a local HTTP server, one browser, DevTools helpers."""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
QA_NODE = REPO / ".qa" / "node" / "node_modules"
AXE_JS = QA_NODE / "axe-core" / "axe.min.js"
VNU_JAR = QA_NODE / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
# Every host name fails to resolve except the local server: nothing can leave the machine.
OFFLINE_RULES = "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"


def missing_tools() -> list[str]:
    """Name what the browser tests need and this machine lacks (see setup-browser-tests.sh)."""
    missing = [str(p) for p in (AXE_JS, VNU_JAR) if not p.is_file()]
    missing += [tool for tool in (CHROMIUM, CHROMEDRIVER) if not Path(tool).exists()]
    if shutil.which("java") is None:
        missing.append("java")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    return missing


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serve files like a static host: no request log, `404.html` for a missing file."""

    not_found_page: Path | None = None

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or self.not_found_page is None or not self.not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = self.not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass(frozen=True)
class Served:
    """A folder served over HTTP on 127.0.0.1."""

    root: Path
    base: str  # "http://127.0.0.1:PORT/"

    def url(self, rel: str) -> str:
        """Return the absolute URL of a site-relative path."""
        return self.base + rel


@contextmanager
def serve(root: Path, path: str = "") -> Iterator[Served]:
    """Serve a site on a free port of 127.0.0.1, in a background thread.

    `root` is the folder served; the site itself is in `root/path` (its base URL's path, as
    on the real host), and its `404.html` answers every missing file.
    """
    site = root / path
    handler_class = type("Handler", (_QuietHandler,), {"not_found_page": site / "404.html"})
    handler = functools.partial(handler_class, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(site, f"http://127.0.0.1:{server.server_address[1]}/{path}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def start_chromium(profile: Path) -> Any:
    """Start headless Chromium, offline except for 127.0.0.1, logging network and console."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=1280,900",
        f"--host-resolver-rules={OFFLINE_RULES}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


class Browser:
    """One Chromium session with the DevTools commands the tests use."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self._axe = AXE_JS.read_text(encoding="utf-8")

    def cdp(self, command: str, params: dict[str, Any] | None = None) -> Any:
        """Run a Chrome DevTools Protocol command."""
        return self.driver.execute_cdp_cmd(command, params or {})

    def js(self, script: str, *args: Any) -> Any:
        """Run JavaScript in the page and return its result."""
        return self.driver.execute_script(script, *args)

    def open(self, url: str) -> None:
        """Load a page and wait until it has finished loading."""
        self.driver.get(url)

    def viewport(self, width: int, height: int = 800) -> None:
        """Emulate a viewport in CSS pixels (unlike window sizes, this allows phone widths)."""
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def reset(self) -> None:
        """Undo every emulation a test may have set."""
        self.cdp("Emulation.clearDeviceMetricsOverride")
        self.cdp("Emulation.setEmulatedMedia", {"media": ""})
        self.cdp("Emulation.setScriptExecutionDisabled", {"value": False})

    def axe(self) -> list[dict[str, Any]]:
        """Run axe-core's WCAG 2.0-2.2 A and AA rules on the page; return the violations."""
        self.js(self._axe)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},"
            " resultTypes: ['violations']})"
            ".then(r => done(r.violations), e => done([{id: 'axe-error', help: String(e),"
            " nodes: []}]));",
            list(WCAG_TAGS),
        )
        return list(result)

    def screenshot(self, name: str, height: int = 820, show: str = "") -> None:
        """Save what the page shows as NAME.png in the folder $SITEGEN_SCREENSHOTS names, if it
        is set (`SITEGEN_SCREENSHOTS=docs/images/editor` makes the editors' guide's pictures
        again), from the top of the page or with the element of id `show` in the middle; nothing
        otherwise."""
        folder = os.environ.get("SITEGEN_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.viewport(1100, height)
            if show:
                self.js(
                    "document.getElementById(arguments[0]).scrollIntoView({block: 'center'});", show
                )
            else:
                self.js("window.scrollTo(0, 0);")
            self.driver.save_screenshot(str(Path(folder) / f"{name}.png"))
            self.reset()

    def drain_logs(self) -> None:
        """Forget the network and console events logged so far."""
        self.driver.get_log("performance")
        self.driver.get_log("browser")

    def requested_urls(self) -> list[str]:
        """Return every URL the page requested since the logs were last read."""
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    def console_problems(self) -> list[str]:
        """Return console errors and warnings (CSP violations, missing files, script errors)."""
        return [
            e["message"]
            for e in self.driver.get_log("browser")
            if e["level"] in {"SEVERE", "WARNING"}
        ]


def format_violations(violations: list[dict[str, Any]]) -> str:
    """Describe axe violations readably for an assertion message."""
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])][:5]
        lines.append(f"{v['id']}: {v['help']} at {targets}")
    return "\n".join(lines)


# One page of each type, per site, as a path under a language folder.
PAGE_TYPES: dict[str, dict[str, str]] = {
    "example": {
        "home": "index.html",
        "section": "advice/index.html",
        "advice": "advice/staying-safe/index.html",
        "statement": "statements/after-victoria-road/index.html",
        "contacts": "contacts/reporting/index.html",
        "alert": "alerts/extra-patrols/index.html",
        "fallback": "advice/for-parents/index.html",
        "search": "search/index.html",
        "audience": "audience/parents/index.html",
        "tag": "tags/places-of-worship/index.html",
    },
    "fixture": {
        "home": "index.html",
        "section": "advice/index.html",
        "advice": "advice/keeping-safe/index.html",
        "statement": "statements/meeting/index.html",
        "contacts": "contacts/help/index.html",
        "alert": "alerts/road-works/index.html",
        "fallback": "advice/bins/index.html",
        "search": "search/index.html",
        "audience": "audience/parents/index.html",
        "tag": "tags/safety/index.html",
    },
}
LANGUAGES = ("en", "ur", "ar")
# The language chooser, and the "not found" page as a host serves it for a missing address.
ROOT_PAGES = ("index.html", "no/such/page/")


def is_content_page(rel: str) -> bool:
    """Tell a page in a language folder from the chooser and the 404 page."""
    return rel.split("/")[0] in LANGUAGES


def page_params(languages: tuple[str, ...] = LANGUAGES) -> list[tuple[str, str]]:
    """Return (site, path) for every page type of both sites in the given languages."""
    params = []
    for site, types in PAGE_TYPES.items():
        params += [(site, rel) for rel in ROOT_PAGES]
        params += [(site, f"{lang}/{rel}") for lang in languages for rel in types.values()]
    return params
