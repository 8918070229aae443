"""Time the browser editor's live preview of a page, over real HTTP on 127.0.0.1.

    python bench/editor_preview.py --site SITE [--page content/about.md] [--runs 20]

Serves SITE with the editor (`sitegen serve --edit`, on a port the system picks, without
building the site: the preview does not use the build), takes the editor's cookie as a browser
does, then for each run adds a paragraph to the page's body as typed and asks for the preview
(`POST /_edit/api/preview`), timing each answer: what an editor waits for between a keystroke
and the rendered page beside the text box, less the browser's own delay. Prints one JSON line:
the page's size and every run's seconds, and their median.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _no_build(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)


def _request(port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> None:
    """Serve, preview --runs times and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--page", default="content/about.md")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))  # run as a script from bench/
    import tempfile

    from sitegen.editor.pages import split_page
    from sitegen.server.serve import ServeOptions, make_server

    text = (args.site / args.page).read_text(encoding="utf-8")
    page = split_page(text)
    with tempfile.TemporaryDirectory(prefix="sitegen-preview-") as out:
        options = ServeOptions(args.site, port=0, out_dir=Path(out) / "site", edit=True)
        server = make_server(options, _no_build, log=lambda message: None)
        server.start()
        try:
            assert server.editor is not None
            port = server.editor.port
            host = {"Host": f"127.0.0.1:{port}"}
            status, headers, _ = _request(
                port, "GET", f"/_edit/?token={server.editor.session.token}", host
            )
            assert status == 303, status
            cookie = {k.lower(): v for k, v in headers.items()}["set-cookie"].split(";")[0]
            write = {
                **host,
                "Cookie": cookie,
                "X-Sitegen-Edit": "1",
                "Content-Type": "application/json",
                "Origin": f"http://127.0.0.1:{port}",
            }
            runs = []
            for run in range(args.runs):
                typed = f"{page.body}\nA paragraph typed for run {run}.\n"
                asked = {"path": args.page, "body": typed, "body_line": page.body_line}
                data = json.dumps(asked).encode()
                started = time.perf_counter()
                status, _, answer = _request(port, "POST", "/_edit/api/preview", write, data)
                runs.append(time.perf_counter() - started)
                assert status == 200, (status, answer[:200])
                assert f"typed for run {run}" in json.loads(answer)["html"]
        finally:
            server.stop()
    print(
        json.dumps(
            {"page_bytes": len(text.encode()), "median": statistics.median(runs), "runs": runs}
        )
    )


if __name__ == "__main__":
    main()
