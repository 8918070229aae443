"""Render one template, turning any mistake in it into a located error.

Templates are trusted, but their mistakes are located: a template error names the template file
(as the theme's folders are named in messages), its line and the page being rendered.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError

from sitegen.errors import SiteError, SourceRef
from sitegen.render.theme import Theme


def render_template(
    env: Environment, name: str, context: dict[str, Any], theme: Theme, page: str, lang: str
) -> bytes:
    """Render one template, turning any template mistake into a located error."""
    where = f"while rendering page {page or '(home)'!r} in {lang!r}"
    try:
        template = env.get_template(name)
        return template.render(context).encode("utf-8")
    except TemplateSyntaxError as exc:
        ref = SourceRef(_template_ref(exc.filename or exc.name or name, theme), exc.lineno)
        raise SiteError.at(ref, f"template syntax error: {exc.message} ({where})") from None
    except TemplateNotFound as exc:
        raise SiteError.at(
            SourceRef(_template_ref(name, theme)), f"template not found: {exc.name} ({where})"
        ) from None
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        ref = _template_frame(exc, theme, name)
        raise SiteError.at(ref, f"template error: {_describe(exc)} ({where})") from None


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message} (undefined variables are errors)"
    return f"{type(exc).__name__}: {exc}"


def _template_frame(exc: BaseException, theme: Theme, name: str) -> SourceRef:
    """Find the innermost template line in a traceback (Jinja rewrites frames to templates)."""
    template_frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if any(_within(frame.filename, folder) for folder, _ in theme.template_dirs)
    ]
    if not template_frames:
        return SourceRef(_template_ref(name, theme))
    frame = template_frames[-1]
    return SourceRef(_template_ref(frame.filename, theme), frame.lineno)


def _within(filename: str, folder: Path) -> bool:
    try:
        Path(filename).resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _template_ref(filename: str, theme: Theme) -> str:
    for folder, label in theme.template_dirs:
        if _within(filename, folder):
            return f"{label}/{Path(filename).resolve().relative_to(folder.resolve()).as_posix()}"
    return filename


def preload(env: Environment, name: str, theme: Theme) -> None:
    """Compile a template ahead of rendering (before workers fork); a syntax error is located."""
    try:
        env.get_template(name)
    except TemplateNotFound:
        return  # a site may not use every template; rendering says so if one is needed
    except TemplateSyntaxError as exc:
        ref = SourceRef(_template_ref(exc.filename or exc.name or name, theme), exc.lineno)
        raise SiteError.at(ref, f"template syntax error: {exc.message}") from None
