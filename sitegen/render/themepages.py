"""Pages the theme writes in every language, with no source file: what the quick exit does, and
the accessibility statement.

Like the search page they are rendered from a template and the site's settings alone, so an
editor has nothing to keep up to date and every language has them from the first build.
"""

from __future__ import annotations

from dataclasses import fields
from urllib.parse import urlsplit

from jinja2 import Environment

from sitegen.i18n.languages import iso_date
from sitegen.output.files import OutputFile
from sitegen.render.templates import render_template
from sitegen.render.theme import Theme
from sitegen.render.views import ViewBuilder
from sitegen.site.model import Page, Site
from sitegen.site.routing import page_output_path

QUICK_EXIT_KEY = "quick-exit"
QUICK_EXIT_TEMPLATE = "quick_exit.html"
ACCESSIBILITY_KEY = "accessibility"
ACCESSIBILITY_TEMPLATE = "accessibility.html"


def is_theme_page(path: str) -> bool:
    """Tell a theme page's output path (`ur/quick-exit/index.html`) from the site's own."""
    rest = path.split("/", 1)[-1]
    return rest in (f"{QUICK_EXIT_KEY}/index.html", f"{ACCESSIBILITY_KEY}/index.html")


def render_theme_pages(
    site: Site, views: ViewBuilder, theme: Theme, envs: dict[str, Environment]
) -> list[OutputFile]:
    """Render `<lang>/quick-exit/index.html` for every language."""
    page = Page(QUICK_EXIT_KEY, "page", "quick-exit")
    destination = urlsplit(site.config.quick_exit_url).hostname or site.config.quick_exit_url
    files = []
    for lang in site.config.languages:
        context = views.page_context(page, lang)
        values = {f.name: getattr(context, f.name) for f in fields(context)}
        values["quick_exit_host"] = destination
        html = render_template(envs[lang], QUICK_EXIT_TEMPLATE, values, theme, QUICK_EXIT_KEY, lang)
        files.append(OutputFile(page_output_path(QUICK_EXIT_KEY, lang), html, None))
    return files + _accessibility_pages(site, views, theme, envs)


def _accessibility_pages(
    site: Site, views: ViewBuilder, theme: Theme, envs: dict[str, Environment]
) -> list[OutputFile]:
    """Render `<lang>/accessibility/index.html`, from site.yaml's `accessibility:`."""
    record = site.config.accessibility
    if record is None:
        return []
    page = Page(ACCESSIBILITY_KEY, "page", "accessibility")
    contact = str(record.get("contact", ""))
    reviewed = record.get("reviewed")
    files = []
    for lang in site.config.languages:
        context = views.page_context(page, lang)
        values = {f.name: getattr(context, f.name) for f in fields(context)}
        values["contact"] = contact
        values["contact_url"] = contact if "://" in contact else f"mailto:{contact}"
        values["statement_reviewed"] = views.format_date(reviewed, lang)
        values["statement_reviewed_iso"] = iso_date(reviewed)
        values["site_url"] = site.config.base_url
        html = render_template(
            envs[lang], ACCESSIBILITY_TEMPLATE, values, theme, ACCESSIBILITY_KEY, lang
        )
        files.append(OutputFile(page_output_path(ACCESSIBILITY_KEY, lang), html, None))
    return files
