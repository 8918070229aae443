"""The "did you mean" index: on a site of many files it still finds the file a typo meant."""

from __future__ import annotations

import difflib
import random

from sitegen.site.suggest import NEAR, Suggester, closest_two

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


def test_closest_two_answers_as_difflib_does() -> None:
    words = [
        "advice/topic-07/advice-031.md",
        "advice/topic-7/advice-031.md",
        "advice/staying-saef.md",
        "advice/topic-00/advice-000.mdx",
        "statements/mosque/indx.md",
        "nothing/like/any/of/them.md",
    ]
    for word in words:
        for cutoff in (0.6, 0.8, 0.95):
            expected = tuple(difflib.get_close_matches(word, FILES, n=2, cutoff=cutoff))
            assert closest_two(word, FILES, cutoff) == expected, (word, cutoff)
    rng = random.Random(7)
    for path in rng.sample(FILES, 30):  # typos of both kinds, drawn the same way each run
        at = rng.randrange(len(path) - 1)
        for word in (
            path[:at] + path[at + 1] + path[at] + path[at + 2 :],
            path[:at] + path[at + 1 :],
        ):
            expected = tuple(difflib.get_close_matches(word, FILES, n=2, cutoff=0.8))
            assert closest_two(word, FILES, 0.8) == expected, word


def test_closest_two_breaks_ties_as_difflib_does() -> None:
    paths = ("a/b-1.md", "a/b-2.md", "a/b-3.md", "a/b-4.md")  # all as close to the word
    assert closest_two("a/b-x.md", paths, 0.6) == tuple(
        difflib.get_close_matches("a/b-x.md", paths, n=2, cutoff=0.6)
    )
