"""The render stage's shortcuts give exactly what the slow, obvious way gives."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from babel.support import NullTranslations
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment

from sitegen.i18n.catalogs import gettext_callables
from sitegen.render.environments import remembered_gettext
from sitegen.site.routing import relative_url
from tests.sitefixture import build, build_fails, messages, page, write_site

# -- relative URLs --------------------------------------------------------------------------

PARTS = st.sampled_from(["en", "ur", "advice", "a", "b", "index.html", ".", "..", ""])
PATHS = st.lists(PARTS, max_size=5).map("/".join)


def slow_relative_url(from_dir: str, to_path: str) -> str:
    rel = posixpath.relpath(to_path.rstrip("/") or ".", from_dir.rstrip("/") or ".")
    if to_path.endswith("/") and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


@given(PATHS, PATHS, st.booleans())
def test_relative_url_is_what_posixpath_relpath_gives(
    from_dir: str, to_path: str, folder: bool
) -> None:
    to_path = to_path + "/" if folder else to_path
    assert relative_url(from_dir, to_path) == slow_relative_url(from_dir, to_path)


def test_relative_url_between_pages() -> None:
    assert relative_url("en/advice/safe/", "en/index.html") == "../../index.html"
    assert relative_url("en/", "en/index.html") == "index.html"
    assert relative_url("en/advice/", "ur/advice/") == "../../ur/advice/"
    assert relative_url("en/", "en/") == "./"


# -- translations ---------------------------------------------------------------------------

TEMPLATE = """\
{{ _("Plain") }}|{{ _("100%% sure") }}|{{ _("Hi %(name)s", name="<b>") }}|\
{{ pgettext("menu", "Open") }}|{{ pgettext("menu", "%(context)s!") }}|\
{{ ngettext("%(num)d thing", "%(num)d things", 1) }}|\
{{ ngettext("%(num)d thing", "%(num)d things", 3) }}|\
{{ ngettext("%(num)d thing", "%(num)d things", 3, num=5) }}|\
{% trans who="<i>" %}Made by {{ who }}{% endtrans %}"""


def render_with(globals_: dict[str, Any] | None) -> str:
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    callables = gettext_callables(NullTranslations())  # type: ignore[no-untyped-call]
    env.install_gettext_callables(  # type: ignore[attr-defined]
        callables["gettext"],
        callables["ngettext"],
        newstyle=True,
        pgettext=callables["pgettext"],
        npgettext=callables["npgettext"],
    )
    if globals_ is not None:
        env.globals.update(remembered_gettext(callables))
    template = env.from_string(TEMPLATE)
    return "".join(template.render() for _ in range(2))


def test_remembered_gettext_formats_as_jinja_newstyle_gettext() -> None:
    expected = render_with(None)
    assert "100% sure" in expected and "Hi &lt;b&gt;" in expected and "5 things" in expected
    assert render_with({}) == expected


# -- the site -------------------------------------------------------------------------------

ALERT = """
    ---
    title: Road closed
    starts: 2026-11-01
    ---

    See [the advice](../advice/safe.md) or [nothing](../advice/missing.md).
    """

FILES = {
    "content/index.md": "---\ntitle: Home\n---\n\nWelcome.\n",
    "content/advice/safe.md": "---\ntitle: Staying safe\n---\n\nKeep safe.\n",
    "content/advice/other.md": "---\ntitle: Other advice\n---\n\nSee [safe](safe.md).\n",
    "content/about.md": "---\ntitle: About us\n---\n\nWho we are.\n",
}


def test_alert_links_are_relative_to_each_page(tmp_path: Path) -> None:
    working = ALERT.replace(" or [nothing](../advice/missing.md)", "")
    out, _ = build(write_site(tmp_path / "site", {**FILES, "content/alerts/closed.md": working}))
    for rel, href in [
        ("ur/about/index.html", "../advice/safe/index.html"),
        ("ur/advice/safe/index.html", "index.html"),
        ("en/advice/other/index.html", "../safe/index.html"),
    ]:
        links = page(out, rel).select(".alert__body a")
        assert [a["href"] for a in links] == [href], rel


def test_broken_link_in_an_alert_is_reported_once(tmp_path: Path) -> None:
    error = build_fails(write_site(tmp_path / "site", {**FILES, "content/alerts/closed.md": ALERT}))
    found = [m for m in messages(error) if "missing.md" in m]
    assert found == [
        "content/alerts/closed.md:6: error: link '../advice/missing.md' leads nowhere: "
        "there is no file content/advice/missing.md"
    ]


def test_menu_marks_the_current_section_on_each_page(tmp_path: Path) -> None:
    out, _ = build(write_site(tmp_path / "site", FILES))
    for rel, current in [
        ("en/about/index.html", "About us"),
        ("ur/advice/safe/index.html", "Advice"),
        ("pl/advice/index.html", "Advice"),
    ]:
        marked = page(out, rel).select(".site-nav a[aria-current='page']")
        assert [a.text for a in marked] == [current]
    assert page(out, "en/index.html").select(".site-nav a[aria-current]") == []
