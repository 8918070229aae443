"""Printable A4 leaflets (PDF) of advice pages, statements and directories, one per translation.

A statement's PDF holds its letters, each headed by who wrote it and when, each on a new page.

Made with WeasyPrint and segno (the optional `pdf` extra) when they are installed; without them
the build makes no leaflets. A leaflet carries a QR code of the page's public address. WeasyPrint
may only read files of the site being built (the stylesheet, images): its URL fetcher refuses
anything else, so a leaflet never touches the network and a missing file is reported.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, fields
from urllib.parse import unquote, urlsplit

from jinja2 import Environment
from markupsafe import Markup

from sitegen.errors import Problems, SourceRef
from sitegen.incremental.cache import Cache, fingerprint
from sitegen.incremental.parallel import parallel_map
from sitegen.output.files import OutputFile
from sitegen.progress import NO_PROGRESS, Progress
from sitegen.render.templates import render_template
from sitegen.render.theme import Theme
from sitegen.render.views import ViewBuilder
from sitegen.site.model import Page, Site
from sitegen.site.routing import ASSETS_DIR, leaflet_path, page_dir

LEAFLET_TEMPLATE = "leaflet.html"


def leaflets_available() -> bool:
    """Tell whether WeasyPrint and segno can be used (both installed, Pango found)."""
    try:
        import segno  # noqa: F401
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def has_leaflet(page: Page) -> bool:
    """Tell whether a page comes as a printable leaflet (advice, statements, directories)."""
    return page.has_leaflet


def leaflet_languages(page: Page, site: Site) -> list[str]:
    """Return the languages a page's leaflet is made in: its real translations."""
    default = site.config.default_language
    return [code for code in site.config.languages if page.translated_into(code, default)]


def leaflet_for(page: Page, lang: str, site: Site) -> str | None:
    """Return the output path of the leaflet `lang` readers get (fallback: the original's)."""
    if not has_leaflet(page):
        return None
    default = site.config.default_language
    return leaflet_path(page.key, lang if page.translated_into(lang, default) else default)


@dataclass(frozen=True)
class LeafletJob:
    """One leaflet to make: its output path, its HTML and the address it is read from."""

    path: str
    html: bytes
    base_url: str


def render_leaflets(
    site: Site,
    views: ViewBuilder,
    theme: Theme,
    envs: dict[str, Environment],
    files: list[OutputFile],
    problems: Problems,
    cache: Cache | None = None,
    progress: Progress = NO_PROGRESS,
) -> list[OutputFile]:
    """Return the PDF leaflet of every advice page, statement and directory in its languages.

    PDFs are made on every core and cached by the HTML and files they are made from;
    `progress` is told how many must be made, and each as it is done.
    """
    if not site.config.leaflets or not leaflets_available():
        return []
    cache = cache or Cache(None)
    site_files = SiteFiles(site.config.base_url, {f.path: f for f in files})
    jobs = leaflet_jobs(site, views, theme, envs)
    keys = [leaflet_key(job, site_files) for job in jobs]
    made: dict[str, tuple[bytes, list[str]]] = {}
    missing = []
    for job, key in zip(jobs, keys, strict=True):
        cached = cache.get(key)
        if isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[0], bytes):
            made[job.path] = cached
        else:
            missing.append((job, key))
    progress.total(len(missing))
    pdfs = parallel_map(
        _make_pdf, site_files, [job for job, _ in missing], min_items=2, on_done=progress.advance
    )
    for (job, key), outcome in zip(missing, pdfs, strict=True):
        cache.put(key, outcome)
        made[job.path] = outcome
    leaflets = []
    for job in jobs:
        pdf, refused = made[job.path]
        for url in refused:
            problems.warning(
                SourceRef(job.path),
                f"the leaflet could not use {url}: only files of this site can be used",
            )
        leaflets.append(OutputFile(job.path, pdf, None))
    return leaflets


def leaflet_jobs(
    site: Site, views: ViewBuilder, theme: Theme, envs: dict[str, Environment]
) -> list[LeafletJob]:
    """Render the HTML of every leaflet (fast); the PDFs are made afterwards."""
    jobs = []
    for page in site.pages.values():
        if not has_leaflet(page):
            continue
        for lang in leaflet_languages(page, site):
            html = leaflet_html(envs[lang], views, theme, page, lang)
            base_url = site.config.base_url + page_dir(page.key, lang)
            jobs.append(LeafletJob(leaflet_path(page.key, lang), html, base_url))
    return jobs


def leaflet_key(job: LeafletJob, site_files: SiteFiles) -> str:
    """Fingerprint what a PDF is made from: its HTML and the site files it may read."""
    used = sorted(
        (path, file.data)
        for path, file in site_files.files.items()
        if path.startswith(ASSETS_DIR + "/") or path.encode() in job.html
    )
    return fingerprint(
        "leaflet", job.path, job.base_url, job.html, *(x for pair in used for x in pair)
    )


def _make_pdf(site_files: SiteFiles, job: LeafletJob) -> tuple[bytes, list[str]]:
    return html_to_pdf(job.html, job.base_url, site_files)


def leaflet_html(
    env: Environment, views: ViewBuilder, theme: Theme, page: Page, lang: str
) -> bytes:
    """Render the leaflet template of one page in one language (HTML for WeasyPrint)."""
    context = views.page_context(page, lang)
    values = {f.name: getattr(context, f.name) for f in fields(context)}
    values["qr_svg"] = qr_svg(context.page.absolute_url)
    return render_template(env, LEAFLET_TEMPLATE, values, theme, page.key, lang)


def qr_svg(url: str) -> Markup:
    """Return a QR code of `url` as inline SVG (a full QR code: phones read it, unlike Micro QR)."""
    import segno

    code = segno.make_qr(url, error="m")
    svg: str = code.svg_inline(scale=4, border=2, dark="#000", light="#fff")
    return Markup(svg)


@dataclass(frozen=True)
class SiteFiles:
    """The files of the site being built, by their public address."""

    base_url: str
    files: dict[str, OutputFile]  # by path in the output folder (read only when used)

    def get(self, url: str) -> bytes | None:
        """Return the bytes of a file of the site, or None for anything else."""
        if not url.startswith(self.base_url):
            return None
        base_path = urlsplit(self.base_url).path
        path = unquote(urlsplit(url).path)
        if not path.startswith(base_path):
            return None
        file = self.files.get(path[len(base_path) :])
        return None if file is None else file.data


def html_to_pdf(html: bytes, base_url: str, site_files: SiteFiles) -> tuple[bytes, list[str]]:
    """Render HTML to a PDF; return it and the addresses that were refused."""
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    refused: list[str] = []

    class SiteOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Serve the site's own files from memory; refuse everything else."""

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            data = site_files.get(url)
            if data is None:
                refused.append(url)
                raise ValueError(f"not a file of this site: {url}")
            media_type = mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, data, {"Content-Type": media_type})

    document = weasyprint.HTML(
        string=html.decode("utf-8"), base_url=base_url, url_fetcher=SiteOnlyFetcher()
    )
    pdf: bytes = document.write_pdf()
    return pdf, refused
