"""A mistake a template makes while rendering is a located error: the template file (the site's
override or the default theme) and line, never an internal error (issue 16, point 17)."""

from __future__ import annotations

import operator
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

import sitegen.render.alerts
from sitegen.build import check_site
from tests.sitefixture import NOW, build_fails, messages, write_site

REPO = Path(__file__).resolve().parent.parent
PAGES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/about.md": "---\ntitle: About us\n---\nWho we are.\n",
}


def override(body: str) -> dict[str, str]:
    """A site whose page.html extends the default theme's base.html; `body` starts at line 3."""
    page_html = "{% extends 'base.html' %}\n{% block content %}\n" + body + "\n{% endblock %}\n"
    return {**PAGES, "templates/page.html": page_html}


WHERE = "(while rendering page 'about' in 'en'), and 2 more times"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "{{ page.title|round }}",
            "template error: TypeError: type str doesn't define __round__ method",
        ),
        ("{{ 100 / page.letters|length }}", "template error: ZeroDivisionError: division by zero"),
        (
            "{{ page.title|wordwrap(0) }}",
            "template error: ValueError: invalid width 0 (must be > 0)",
        ),
        (
            "{{ '%d people' % page.title }}",
            "template error: TypeError: %d format: a real number is required, not str",
        ),
    ],
)
def test_a_runtime_error_in_a_site_template_is_located(
    tmp_path: Path, body: str, message: str
) -> None:
    error = build_fails(write_site(tmp_path / "site", override(body)))
    [located] = messages(error)
    assert located.startswith(f"templates/page.html:3: error: {message}")
    assert located.endswith(WHERE)


def test_a_missing_include_names_the_including_line_and_the_folders(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", override("<p>Before</p>\n{% include '_helpline.html' %}"))
    assert messages(build_fails(site)) == [
        "templates/page.html:4: error: template not found: _helpline.html (looked in "
        f"templates/, theme/templates/; {WHERE[1:]}"
    ]


def test_a_macro_of_the_theme_called_wrongly_names_the_calling_line(tmp_path: Path) -> None:
    body = "{% import '_macros.html' as m with context %}\n<p>{{ m.when(page.date) }}</p>"
    site = write_site(tmp_path / "site", override(body))
    assert messages(build_fails(site)) == [
        "theme/templates/_macros.html:10: error: template error: parameter 'iso' was not "
        "provided (undefined variables are errors) (called from templates/page.html:4, while "
        "rendering page 'about' in 'en'), and 2 more times"
    ]


def test_check_reports_the_template_error_build_stops_at(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", override("{{ 1 // 0 }}"))
    reported = [p.format() for p in check_site(site, now=NOW).problems]
    assert reported == messages(build_fails(site))
    assert reported == [
        f"templates/page.html:3: error: template error: ZeroDivisionError: integer division or "
        f"modulo by zero {WHERE}"
    ]


def broken_theme(tmp_path: Path, name: str, line: int, text: str) -> Path:
    """A copy of the default theme with `text` put before line `line` of one template."""
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "templates", theme / "templates")
    shutil.copytree(REPO / "translations", theme / "translations")
    path = theme / "templates" / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line - 1, text + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return theme


def test_a_runtime_error_in_the_default_theme_names_the_theme(tmp_path: Path) -> None:
    theme = broken_theme(tmp_path, "_page_header.html", 4, "{{ page.title|length // 0 }}")
    site = write_site(tmp_path / "site", PAGES)
    [located] = [p.format() for p in check_site(site, now=NOW, theme_root=theme).problems]
    assert located == (
        "theme/templates/_page_header.html:4: error: template error: ZeroDivisionError: integer "
        "division or modulo by zero (called from theme/templates/_intro.html:2, while rendering "
        "page '(home)' in 'en'), and 5 more times"
    )


def test_a_missing_include_in_the_default_theme_names_the_theme(tmp_path: Path) -> None:
    theme = broken_theme(tmp_path, "page.html", 2, "{% include '_gone.html' %}")
    site = write_site(tmp_path / "site", PAGES)
    [located] = [p.format() for p in check_site(site, now=NOW, theme_root=theme).problems]
    # The site has no templates/ folder of its own: only the theme's is looked in.
    assert located == (
        "theme/templates/page.html:2: error: template not found: _gone.html (looked in "
        f"theme/templates/; {WHERE[1:]}"
    )


def test_a_bug_in_sitegen_called_by_a_template_stays_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The alert's text is made by sitegen's code when the banner template asks for it: an
    # exception raised there is sitegen's bug, not the theme's, and is not dressed up as one.
    alert = "---\ntitle: Road closed\ntype: alert\nstarts: 2026-11-01\n---\nUse Elm Road.\n"
    site = write_site(tmp_path / "site", {**PAGES, "content/alerts/road.md": alert})
    monkeypatch.setattr(sitegen.render.alerts, "body_html", partial(operator.getitem, {}))
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    with pytest.raises(TypeError):
        check_site(site, now=NOW)


def test_the_command_line_prints_the_located_error_without_a_traceback(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", override("{{ page.title|round }}"))
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--site", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "templates/page.html:3: error: template error: TypeError:" in result.stderr
    assert not (site / "public").exists()
