"""Redirect pages: a small page at each old address, for hosts that read no redirect rules
(GitHub and GitLab Pages, a USB stick, the built-in server).

It refreshes at once to the page's new address, names that address as canonical (so search
engines move their link too), and shows a visible link, with the page's title, for a browser
that does not follow the refresh. It carries the same privacy rules as every page.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import escape

from sitegen.i18n.languages import language_view
from sitegen.output.files import OutputFile
from sitegen.read.schemas import PREVIEW_HOST
from sitegen.site.aliases import Redirect
from sitegen.site.model import Site
from sitegen.site.routing import absolute_page_url, page_output_path, relative_url

HOSTS_WITHOUT_RULES = ("", PREVIEW_HOST, "github", "gitlab", "usb")
_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'"


def redirect_pages(site: Site, redirects: Iterable[Redirect]) -> list[OutputFile]:
    """Return one redirect page for each old address."""
    return [_redirect_page(site, redirect) for redirect in redirects]


def _redirect_page(site: Site, redirect: Redirect) -> OutputFile:
    default = site.config.default_language
    doc, _ = site.pages[redirect.key].doc_for(redirect.lang, default)
    title = doc.text("title") if doc is not None else ""
    language = language_view(redirect.lang)
    from_dir = redirect.old_file.rpartition("/")[0]
    link = escape(relative_url(from_dir, page_output_path(redirect.key, redirect.lang)))
    canonical = escape(absolute_page_url(site.config.base_url, redirect.key, redirect.lang))
    text = escape(title or canonical)
    html = f"""<!DOCTYPE html>
<html lang="{escape(language.code)}" dir="{escape(language.dir)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={link}">
<link rel="canonical" href="{canonical}">
<title>{text}</title>
</head>
<body>
<p><a href="{link}">{text}</a></p>
</body>
</html>
"""
    return OutputFile(redirect.old_file, html.encode("utf-8"), redirect.ref)
