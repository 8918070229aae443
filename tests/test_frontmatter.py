"""Tests for splitting front matter from a page body."""

from __future__ import annotations

import pathlib

import pytest

from sitegen.errors import SiteError, SourceRef
from sitegen.read.frontmatter import split_front_matter
from sitegen.textfile import read_text


def _error(text: str) -> tuple[SourceRef, str]:
    with pytest.raises(SiteError) as info:
        split_front_matter(text, "content/a.md")
    (problem,) = info.value.problems
    return problem.ref, problem.message


def test_splits_front_matter_and_body() -> None:
    text = "---\ntitle: Hello\nphone: 02071234567\n---\n# Heading\n\nText.\n"
    page = split_front_matter(text, "content/a.md")
    assert page.meta == {"title": "Hello", "phone": "02071234567"}
    assert page.body == "# Heading\n\nText.\n"
    assert page.body_line == 5
    assert page.meta_line == 2


def test_meta_lines_are_real_file_lines() -> None:
    text = "---\ntitle: Hello\ntags:\n  - a\n  - b\n---\nbody\n"
    meta = split_front_matter(text, "content/a.md").meta
    assert meta.line == 2
    assert meta.key_lines == {"title": 2, "tags": 3}
    assert meta["tags"].item_lines == [4, 5]
    assert meta["title"].line == 2


def test_dots_close_front_matter_too() -> None:
    page = split_front_matter("---\ntitle: a\n...\nbody", "content/a.md")
    assert page.meta == {"title": "a"}
    assert page.body == "body"
    assert page.body_line == 4


def test_trailing_spaces_on_fence_lines_are_allowed() -> None:
    page = split_front_matter("--- \ntitle: a\n---\t\nbody\n", "content/a.md")
    assert page.meta == {"title": "a"}
    assert page.body == "body\n"


def test_indented_dashes_inside_a_block_scalar_do_not_close() -> None:
    text = "---\nsummary: |\n  ---\n  x\n---\nbody\n"
    page = split_front_matter(text, "content/a.md")
    assert page.meta == {"summary": "---\nx\n"}
    assert page.body_line == 6


def test_no_front_matter_gives_empty_meta_and_whole_body() -> None:
    text = "# Just Markdown\n\n---\n\nmore\n"
    page = split_front_matter(text, "content/a.md")
    assert (page.meta, page.body, page.body_line, page.meta_line) == ({}, text, 1, 1)
    assert page.meta.line == 1
    assert page.meta.key_lines == {}


def test_empty_front_matter_gives_empty_meta() -> None:
    page = split_front_matter("---\n---\nbody\n", "content/a.md")
    assert page.meta == {}
    assert page.meta.line == 2
    assert page.body == "body\n"
    assert page.body_line == 3


def test_front_matter_at_end_of_file_gives_empty_body() -> None:
    page = split_front_matter("---\ntitle: a\n---", "content/a.md")
    assert page.body == ""
    assert page.body_line == 4


def test_unterminated_front_matter_is_an_error_at_line_1() -> None:
    ref, message = _error("---\ntitle: a\n\nbody\n")
    assert ref == SourceRef("content/a.md", 1)
    assert message == "the front matter starting here is never closed: add a line '---' after it"


def test_list_front_matter_is_an_error_at_its_line() -> None:
    ref, message = _error("---\n\n- a\n- b\n---\nbody\n")
    assert ref == SourceRef("content/a.md", 3)
    assert message == "the front matter must be 'key: value' lines, found a list"


def test_scalar_front_matter_is_an_error_at_its_line() -> None:
    ref, message = _error("---\njust a sentence\n---\nbody\n")
    assert ref == SourceRef("content/a.md", 2)
    assert message == "the front matter must be 'key: value' lines, found a single value"


def test_yaml_errors_in_front_matter_name_the_file_line() -> None:
    ref, message = _error("---\ntitle: a\ntitle: b\n---\nbody\n")
    assert ref == SourceRef("content/a.md", 3)
    assert message == "duplicate key 'title' (first at line 2): remove one of them"


def test_crlf_file_read_from_disk_keeps_lines(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: a\r\ndate: 2024-02-30\r\n---\r\nbody\r\n")
    page = split_front_matter(read_text(path, "content/a.md"), "content/a.md")
    assert page.meta.key_lines == {"title": 2, "date": 3}
    assert page.body == "body\n"
    assert page.body_line == 5
