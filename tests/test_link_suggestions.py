"""The "did you mean" index: on a site of many files it still finds the file a typo meant."""

from __future__ import annotations

import difflib

from sitegen.site.suggest import NEAR, Suggester

TOPICS = [f"advice/topic-{t:02d}/advice-{p:03d}.md" for t in range(20) for p in range(40)]
FILES = (*TOPICS, "advice/staying-safe.md", "statements/mosque/index.md")


def test_a_typo_finds_its_file_among_many_as_difflib_does_over_all() -> None:
    assert len(FILES) > NEAR
    suggester = Suggester({"file": FILES})
    for word in (
        "advice/staying-saef.md",
        "advice/topic-07/advice-0031.md",
        "statement/mosque/index.md",
    ):
        expected = difflib.get_close_matches(word, FILES, n=1, cutoff=0.8)
        assert suggester.closest(word, "file", 0.8) == expected[0]


def test_the_linking_file_itself_is_never_suggested() -> None:
    suggester = Suggester({"file": ("advice/safe.md", "advice/safer.md")})
    assert suggester.closest("advice/safe.mdx", "file", 0.8) == "advice/safe.md"
    assert suggester.closest("advice/safe.mdx", "file", 0.8, exclude="advice/safe.md") == (
        "advice/safer.md"
    )

