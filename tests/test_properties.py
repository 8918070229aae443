"""Property tests: whatever a volunteer writes, the build succeeds or stops with a located error.

Never a traceback, never a file written outside the output folder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.build import build_site
from sitegen.errors import SiteError
from tests.sitefixture import NOW, write_site

SITE_YAML = """\
title: T
base_url: https://example.test/
default_language: en
languages: [en, ar]
region: GB
"""

SCALARS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "yes",
            "no",
            "on",
            "999",
            "02071234567",
            "1.10",
            "9:00",
            "2024-02-30",
            "~",
            "[",
            "{",
            "&a",
            "*a",
            "!!python/object:os.system",
            "'",
            '"',
            "-",
            "? x",
            "|",
            "> x",
            "\t",
        ]
    ),
)
KEYS = st.sampled_from(
    [
        "title",
        "summary",
        "date",
        "updated",
        "author",
        "type",
        "tags",
        "contacts",
        "draft",
        "weight",
        "starts",
        "ends",
        "level",
        "titel",
        "audience",
        "x",
    ]
)
MARKDOWN_PIECES = st.sampled_from(
    [
        "# Heading",
        "## حماية {#safe}",
        "- item",
        "1. one",
        "> quote",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "[link](other.md)",
        "[bad](missing.md)",
        "[x](../../etc/passwd)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[a](javascript:alert(1))",
        "https://example.org",
        "www.example.org",
        "[^1]\n\n[^1]: note",
        "`code`",
        "```\nfence\n```",
        "\x00",
        "\ud800",
        "<div>",
        "](",
        "[[[[",
        ">>>>>>>",
        "*" * 50,
        "\u202e",
        "0800 789 321",
        "[0800 789 321](tel:999)",
    ]
)


def front_matter(pairs: list[tuple[str, str]]) -> str:
    lines = [f"{key}: {value}" for key, value in pairs]
    return "---\n" + "\n".join(lines) + "\n---\n"


@st.composite
def markdown_files(draw: st.DrawFn) -> str:
    pairs = draw(st.lists(st.tuples(KEYS, SCALARS), max_size=5))
    if draw(st.booleans()):
        pairs.insert(0, ("title", "A title"))
    pieces = draw(st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=40)), max_size=8))
    return front_matter(pairs) + "\n\n".join(pieces)


@st.composite
def contact_files(draw: st.DrawFn) -> str:
    entries = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "id": st.sampled_from(["a", "b", "a", "x y"]),
                    "phone": SCALARS,
                    "url": st.sampled_from(["https://ok.example", "http://-bad-.x", "nope", ""]),
                }
            ),
            max_size=3,
        )
    )
    lines = ["title: Contacts", "entries:"]
    for entry in entries:
        lines.append(f"  - id: {entry['id']}")
        lines.append(f"    phone: {entry['phone']}")
        lines.append(f"    url: {entry['url']}")
    return "\n".join(lines) + "\n"


@st.composite
def po_files(draw: st.DrawFn) -> str:
    msgstr = draw(
        st.one_of(
            st.text(max_size=20),
            st.sampled_from(
                ["<b>x</b>", "%(language)s", "%(nope)s", "100% sure", '"', "\\", "{x}"]
            ),
        )
    )
    msgid = draw(st.sampled_from(["Skip to main content", "Menu", "Leave this site quickly"]))
    escaped = msgstr.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if draw(st.booleans()):
        escaped = msgstr  # sometimes unescaped: may be a broken catalog
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "{msgid}"\nmsgstr "{escaped}"\n'
    )


def build_outcome(files: dict[str, str | bytes]) -> None:
    """Build a generated site; assert it succeeds or fails with located errors only."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        site = write_site(root / "site", files, site_yaml=SITE_YAML)
        out = root / "out"
        before = {p for p in root.rglob("*")}
        try:
            build_site(site, out, now=NOW)
        except SiteError as exc:
            assert exc.errors, "a SiteError must carry at least one error"
            for problem in exc.errors:
                assert problem.ref.path, problem
                assert problem.message, problem
                about_a_file_name = any(
                    words in problem.message
                    for words in (
                        "output path",
                        "writes the file",
                        "would both write",
                        "cannot be part of a web address",
                    )
                )
                if problem.ref.path.startswith("content/") or problem.ref.path.endswith(".po"):
                    assert problem.ref.line is not None or about_a_file_name, problem
        after = {p for p in root.rglob("*")}
        lock = root / ".out.sitegen-lock"  # the build lock stays beside the output
        created = {p for p in after - before if not p.is_relative_to(out) and p != lock}
        assert created == set(), created


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(page=markdown_files(), translation=markdown_files())
def test_any_markdown_and_front_matter(page: str, translation: str) -> None:
    build_outcome(
        {
            "content/index.md": "---\ntitle: Home\n---\n[p](page.md)\n",
            "content/page.md": page,
            "content/page.ar.md": translation,
            "content/other.md": "---\ntitle: Other\n---\nx\n",
        }
    )


@SETTINGS
@given(contacts=contact_files())
def test_any_contact_directory(contacts: str) -> None:
    build_outcome(
        {
            "content/index.md": "---\ntitle: Home\ncontacts: [help]\n---\nx\n",
            "content/contacts/help.yaml": contacts,
        }
    )


@SETTINGS
@given(po=po_files())
def test_any_catalog_entry(po: str) -> None:
    build_outcome(
        {
            "content/index.md": "---\ntitle: Home\n---\nx\n",
            "translations/ar/LC_MESSAGES/messages.po": po,
        }
    )


@SETTINGS
@given(name=st.text(min_size=1, max_size=12).filter(lambda s: "/" not in s and "\x00" not in s))
def test_any_file_name(name: str) -> None:
    build_outcome(
        {
            "content/index.md": "---\ntitle: Home\n---\nx\n",
            f"content/{name}.md": "---\ntitle: Named\n---\nx\n",
        }
    )
