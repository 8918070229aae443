"""content.segments: a Markdown body as segments and skeleton, and back."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.content.segments import segment_body
from sitegen.read.frontmatter import split_front_matter
from tests.translationsite import STAYING_SAFE

BODY = split_front_matter(STAYING_SAFE, "x.md").body


def test_rebuilding_with_the_segments_own_words_gives_the_body_back() -> None:
    body = segment_body(BODY)
    assert body.rebuild([segment.text for segment in body.segments]) == BODY


@pytest.mark.parametrize("path", sorted(Path("content").rglob("*.md")), ids=str)
def test_every_page_of_the_example_site_rebuilds(path: Path) -> None:
    body = split_front_matter(path.read_text(encoding="utf-8"), str(path)).body
    segmented = segment_body(body)
    assert segmented.rebuild([segment.text for segment in segmented.segments]) == body


def test_names_stay_when_another_section_grows() -> None:
    before = segment_body(BODY).by_context()
    grown = segment_body(BODY.replace("Most people", "A new first paragraph.\n\nMost people"))
    after = grown.by_context()
    assert after["reporting/p2"].text == before["reporting/p2"].text
    assert after["p2"].text == before["p1"].text


def test_heading_ids_are_pinned_and_blocks_marked() -> None:
    body = segment_body("## Online\n\nText one\ntwo\n\n- item\n")
    texts = ["آن لائن", "متن\nدو", "چیز"]
    assert body.rebuild(texts, pin_ids=True) == "## آن لائن {#online}\n\nمتن\nدو\n\n- چیز\n"
    marked = body.rebuild(texts, marks={0: 'lang="en"', 1: 'lang="en"', 2: 'lang="en"'})
    assert marked == (
        '## آن لائن {#online lang="en"}\n\nمتن\nدو\n{: lang="en" }\n\n- چیز\n  {: lang="en" }\n'
    )


def test_code_reference_definitions_and_rules_are_skeleton() -> None:
    body = segment_body("```\ncode 0800\n```\n\n[ref]: https://x.test\n\n---\n\nWords.\n")
    assert [segment.text for segment in body.segments] == ["Words."]
