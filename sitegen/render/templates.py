"""Render one template, turning any mistake in it into a located error.

Templates are trusted, but their mistakes are located: a template error names the template file
(as the theme's folders are named in messages), its line and the page being rendered.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, TemplateNotFound, TemplateSyntaxError

from sitegen.errors import SiteError, SourceRef
from sitegen.render.theme import Theme


def render_template(
    env: Environment, name: str, context: dict[str, Any], theme: Theme, page: str, lang: str
) -> bytes:
    """Render one template, turning any template mistake into a located error.

    A mistake is whatever a template's own code raises, or a filter or test it calls (a filter
    given a value it cannot take, a division by zero, a missing include): reported at the
    template line that made it, in the site's override or the default theme. An exception
    raised inside sitegen's own code is a bug of sitegen's, and left to surface as one.
    """
    where = f"while rendering page {page or '(home)'!r} in {lang!r}"
    try:
        template = env.get_template(name)
        return template.render(context).encode("utf-8")
    except TemplateSyntaxError as exc:
        ref = SourceRef(_template_ref(exc.filename or exc.name or name, theme), exc.lineno)
        raise SiteError.at(ref, f"template syntax error: {exc.message} ({where})") from None
    except TemplateNotFound as exc:
        raise SiteError.at(
            _template_frame(exc, theme, name), _not_found(exc, theme, where)
        ) from None
    except SiteError:
        raise
    except Exception as exc:
        if _raised_by_sitegen(exc, theme):
            raise
        ref = _template_frame(exc, theme, name)
        caller = _caller(exc, theme, ref)
        if caller is not None:
            where = f"called from {caller}, {where}"
        raise SiteError.at(ref, f"template error: {_describe(exc)} ({where})") from None


def _not_found(exc: TemplateNotFound, theme: Theme, where: str) -> str:
    """Say which template is missing and every folder it was looked for in."""
    missing = ", ".join(str(t) for t in getattr(exc, "templates", ()) or [exc.name])
    folders = ", ".join(f"{label}/" for _, label in theme.template_dirs)
    return f"template not found: {missing} (looked in {folders}; {where})"


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message} (undefined variables are errors)"
    return f"{type(exc).__name__}: {exc}"


_SITEGEN_DIR = Path(__file__).resolve().parent.parent


def _raised_by_sitegen(exc: BaseException, theme: Theme) -> bool:
    """Tell whether the innermost frame of an exception is sitegen's own code (not a template,
    not Jinja's filters): then it is a bug to fix in sitegen, not in the theme."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return False
    innermost = frames[-1].filename
    in_templates = any(_within(innermost, folder) for folder, _ in theme.template_dirs)
    return not in_templates and _within(innermost, _SITEGEN_DIR)


def _template_frame(exc: BaseException, theme: Theme, name: str) -> SourceRef:
    """Find the innermost template line in a traceback (Jinja rewrites frames to templates)."""
    lines = _template_lines(exc, theme)
    return lines[-1][0] if lines else SourceRef(_template_ref(name, theme))


def _caller(exc: BaseException, theme: Theme, ref: SourceRef) -> SourceRef | None:
    """The line of another template that called the failing one (a macro, an include), if any.

    A block's code is called by the template it extends, which is no news: not named.
    """
    lines = _template_lines(exc, theme)
    if len(lines) < 2 or lines[-1][1].startswith("block "):
        return None
    caller = lines[-2][0]
    return caller if caller.path != ref.path else None


def _template_lines(exc: BaseException, theme: Theme) -> list[tuple[SourceRef, str]]:
    """The template lines of a traceback, outermost first, with Jinja's name for each frame
    ("block 'content'", "top-level template code", a macro's name)."""
    return [
        (SourceRef(_template_ref(frame.filename, theme), frame.lineno), frame.name)
        for frame in traceback.extract_tb(exc.__traceback__)
        if any(_within(frame.filename, folder) for folder, _ in theme.template_dirs)
    ]


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
