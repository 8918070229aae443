"""Work the render stage does once per build gives what doing it on every page gives."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from sitegen.render.environments import reused_fragments
from tests.sitefixture import build, build_fails, messages, page, write_site

# -- `reuse`: a template fragment rendered once per key -------------------------------------

FRAGMENT = (
    "{% for item in items %}{% call reuse(item.key) %}"
    "[{{ item.text }}{{ count.append(1) or '' }}]{% endcall %}{% endfor %}"
)


def test_reuse_renders_a_fragment_once_per_key_and_keeps_escaping() -> None:
    env = Environment(autoescape=True)
    env.globals["reuse"] = reused_fragments()
    count: list[int] = []
    items = [{"key": "a", "text": "<b>"}, {"key": "b", "text": "x"}, {"key": "a", "text": "?"}]
    out = env.from_string(FRAGMENT).render(items=items, count=count)
    assert out == "[&lt;b&gt;][x][&lt;b&gt;]"
    assert len(count) == 2


def test_reuse_is_per_environment() -> None:
    first, second = reused_fragments(), reused_fragments()
    assert first("k", caller=lambda: Markup("1")) == "1"
    assert second("k", caller=lambda: Markup("2")) == "2"
    assert first("k", caller=lambda: Markup("3")) == "1"


# -- the site -------------------------------------------------------------------------------

DIRECTORY = """
    title: Reporting
    intro: Who to call.
    entries:
      - id: emergency
        name: Emergency
        phone: 999
        when: When someone is in danger now
      - id: office
        name: Office
        phone: 02071234567
        hours: Mon-Fri 9:00-17:00
    """

FILES = {
    "content/index.md": "---\ntitle: Home\n---\n\nWelcome.\n",
    "content/advice/safe.md": "---\ntitle: Staying safe\ncontacts: [reporting]\n---\n\nSafe.\n",
    "content/advice/other.md": "---\ntitle: Other\ncontacts: [reporting]\n---\n\nOther.\n",
    "content/contacts/reporting.yaml": DIRECTORY,
    "content/contacts/reporting.ur.yaml": """
        title: رپورٹ کرنا
        entries:
          emergency:
            name: ایمرجنسی
        """,
}


def test_a_directory_shown_on_several_pages_lists_the_same_services(tmp_path: Path) -> None:
    out, _ = build(write_site(tmp_path / "site", FILES))
    for lang, emergency in [("en", "Emergency"), ("ur", "ایمرجنسی"), ("pl", "Emergency")]:
        lists = [
            str(page(out, f"{lang}/advice/{name}/index.html").select_one(".entries"))
            for name in ("safe", "other")
        ]
        assert lists[0] == lists[1]
        assert f'<h3 class="entry__name"><bdi>{emergency}</bdi></h3>' in lists[0]
        assert 'id="reporting-emergency"' in lists[0]
        own = page(out, f"{lang}/contacts/reporting/index.html").select_one(".entries")
        assert f'<h2 class="entry__name"><bdi>{emergency}</bdi></h2>' in str(own)
        assert 'id="emergency"' in str(own)
    assert page(out, "ur/advice/safe/index.html").select(".entry__label")[0]["lang"] == "ur"


def test_an_alert_with_a_summary_shows_no_text_but_its_links_are_still_checked(
    tmp_path: Path,
) -> None:
    alert = (
        "---\ntitle: Road closed\nsummary: Use the bridge.\nstarts: 2026-11-01\n---\n\n"
        "See [nothing](../advice/missing.md).\n"
    )
    files = {**FILES, "content/alerts/closed.md": alert}
    error = build_fails(write_site(tmp_path / "site", files))
    found = [m for m in messages(error) if "missing.md" in m]
    assert found == [
        "content/alerts/closed.md:7: error: link '../advice/missing.md' leads nowhere: "
        "there is no file content/advice/missing.md"
    ]
    working = alert.replace("[nothing](../advice/missing.md)", "[safe](../advice/safe.md)")
    out, _ = build(write_site(tmp_path / "ok", {**FILES, "content/alerts/closed.md": working}))
    body = page(out, "en/advice/other/index.html").select_one(".alert__body")
    assert body is not None and body.text.strip() == "Use the bridge."
    own = page(out, "en/alerts/closed/index.html").select(".prose a")
    assert [a["href"] for a in own] == ["../../advice/safe/index.html"]
