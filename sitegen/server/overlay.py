"""What the dev server adds to the HTML it serves: the error overlay and the reload script tag.

While the last build failed, every HTML page gets an overlay listing the errors; before any build
has succeeded, every path gets `failure_page`. The files on disk are never changed.
"""

from __future__ import annotations

import html

RELOAD_TAG = b'<script src="/__sitegen__/reload.js"></script>'

OVERLAY_CSS = """\
#sitegen-overlay{position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;
z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff5f5;color:#1a1a1a;
border-top:4px solid #b00020;box-shadow:0 -2px 12px rgba(0,0,0,.3);text-align:left;
font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
#sitegen-overlay[hidden]{display:none}
#sitegen-overlay ol{margin:.5rem 0 0;padding-left:1.5rem}
#sitegen-overlay li{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}
#sitegen-overlay button{float:right;font:inherit}
"""


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
