"""Tests for plain-data YAML reading: text as written, real lines, hostile input refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.errors import SiteError, SourceRef
from sitegen.read import yamlread
from sitegen.read.yamlread import YList, YMap, YStr, load_yaml


@pytest.fixture(scope="module", autouse=True, params=["libyaml", "python"])
def _parser(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run every test here with libyaml's C parser and with the pure-Python parser."""
    c_parser = yamlread._C_PARSER
    if request.param == "libyaml" and c_parser is None:
        pytest.skip("PyYAML was built without libyaml")
    if request.param == "python":
        yamlread._C_PARSER = None
    yield
    yamlread._C_PARSER = c_parser


def _error(text: str, first_line: int = 1) -> tuple[SourceRef, str]:
    with pytest.raises(SiteError) as info:
        load_yaml(text, "site.yaml", first_line)
    (problem,) = info.value.problems
    return problem.ref, problem.message


@pytest.mark.parametrize(
    "written",
    ["02071234567", "999", "no", "yes", "on", "9:00", "1.10", "2024-01-01", "0x1F", "1e3", ".inf"],
)
def test_scalars_stay_as_written(written: str) -> None:
    value = load_yaml(f"a: {written}\n", "site.yaml")["a"]
    assert type(value) is YStr
    assert value == written
    assert value.quoted is False


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_empty_and_null_plain_scalars_are_none(written: str) -> None:
    assert load_yaml(f"a: {written}\n", "site.yaml") == {"a": None}


@pytest.mark.parametrize("written", ["nULL", "none", "None"])
def test_other_null_lookalikes_stay_text(written: str) -> None:
    assert load_yaml(f"a: {written}\n", "site.yaml") == {"a": written}


@pytest.mark.parametrize("written", ["'null'", '"~"', "''", "|\n  null\n"])
def test_quoted_and_block_scalars_are_text_and_marked_quoted(written: str) -> None:
    value = load_yaml(f"a: {written}", "site.yaml")["a"]
    assert isinstance(value, YStr)
    assert value.quoted is True


def test_block_scalar_keeps_its_text() -> None:
    value = load_yaml("a: |\n  line one\n  line two\nb: >\n  folded\n  text\n", "x.yaml")
    assert value == {"a": "line one\nline two\n", "b": "folded text\n"}


def test_lines_of_mappings_keys_items_and_scalars() -> None:
    text = "title: Hi\nphones:\n  - 999\n  - '101'\nnested:\n  a: b\n"
    data = load_yaml(text, "site.yaml")
    assert isinstance(data, YMap)
    assert data.line == 1
    assert data.key_lines == {"title": 1, "phones": 2, "nested": 5}
    assert data["title"].line == 1
    phones = data["phones"]
    assert isinstance(phones, YList)
    assert phones.line == 3
    assert phones.item_lines == [3, 4]
    assert [p.line for p in phones] == [3, 4]
    assert data["nested"].line == 6
    assert data["nested"].key_lines == {"a": 6}


def test_first_line_offsets_every_line() -> None:
    data = load_yaml("a: 1\nb:\n  - x\n", "content/a.md", first_line=2)
    assert data.line == 2
    assert data.key_lines == {"a": 2, "b": 3}
    assert data["b"].item_lines == [4]


def test_flow_collections_have_lines() -> None:
    data = load_yaml("a: [x, y]\nb: {c: d}\n", "x.yaml")
    assert data == {"a": ["x", "y"], "b": {"c": "d"}}
    assert data["a"].item_lines == [1, 1]
    assert data["b"].key_lines == {"c": 2}


def test_keys_are_text_as_written() -> None:
    data = load_yaml("999: a\nno: b\nnull: c\n'': d\n", "x.yaml")
    assert list(data) == ["999", "no", "null", ""]


def test_empty_document_is_none() -> None:
    assert load_yaml("", "x.yaml") is None
    assert load_yaml("# only a comment\n", "x.yaml") is None


def test_top_level_scalar_and_list() -> None:
    assert load_yaml("hello\n", "x.yaml") == "hello"
    assert load_yaml("- a\n- b\n", "x.yaml") == ["a", "b"]


def test_one_explicit_document_is_fine() -> None:
    assert load_yaml("---\na: b\n...\n", "x.yaml") == {"a": "b"}


def test_syntax_error_is_located_with_advice() -> None:
    ref, message = _error("a: b\nc: [d\n", first_line=5)
    assert ref == SourceRef("site.yaml", 7)
    assert message == (
        "YAML syntax error: expected ',' or ']', but got '<stream end>': check the indentation, "
        "and put text that contains ': ' or ' #' or starts with a special character "
        "(such as * & ! | > ' \" % @ `) in quotes"
    )


def test_colon_in_unquoted_text_is_located() -> None:
    ref, message = _error("title: ok\nsummary: Time: 9:00: open\n")
    assert ref == SourceRef("site.yaml", 2)
    assert message.startswith("YAML syntax error: mapping values are not allowed here: ")


def test_tab_indentation_gets_tab_advice() -> None:
    ref, message = _error("a:\n\tb: c\n")
    assert ref == SourceRef("site.yaml", 2)
    assert message == (
        "YAML syntax error: found character '\\t' that cannot start any token: "
        "indent with spaces, not tabs"
    )


def test_control_character_is_located() -> None:
    ref, message = _error("a: b\nc: \x07\n", first_line=2)
    assert ref == SourceRef("site.yaml", 3)
    assert message == "the special character U+0007 is not allowed in YAML: delete it"


def test_duplicate_key_names_both_lines() -> None:
    ref, message = _error("title: a\nsummary: b\ntitle: c\n", first_line=2)
    assert ref == SourceRef("site.yaml", 4)
    assert message == "duplicate key 'title' (first at line 2): remove one of them"


def test_duplicate_key_in_nested_mapping() -> None:
    ref, message = _error("a:\n  x: 1\n  x: 2\n")
    assert ref == SourceRef("site.yaml", 3)
    assert message == "duplicate key 'x' (first at line 2): remove one of them"


def test_anchor_is_refused() -> None:
    ref, message = _error("a: 1\nb: &phone 999\n")
    assert ref == SourceRef("site.yaml", 2)
    assert message == "anchors ('&phone') are not allowed: write each value out in full"


def test_alias_bomb_is_refused_at_the_first_anchor() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    bomb += "".join(
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    ref, message = _error(bomb)
    assert ref == SourceRef("site.yaml", 1)
    assert message == "anchors ('&a') are not allowed: write each value out in full"


def test_alias_without_anchor_is_refused() -> None:
    ref, message = _error("a: 1\nb: *x\n")
    # PyYAML itself rejects an alias to an unknown anchor only when composing; we refuse it.
    assert ref == SourceRef("site.yaml", 2)
    assert message == "aliases ('*x') are not allowed: write the value out in full"


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object:os.system x\n", "!!python/object:os.system"),
        ("a: !!int 5\n", "!!int"),
        ("a: !foo x\n", "!foo"),
        ("a: !!map {b: c}\n", "!!map"),
        ("a: ! x\n", "!"),
    ],
)
def test_explicit_tags_are_refused(text: str, tag: str) -> None:
    ref, message = _error(text, first_line=3)
    assert ref == SourceRef("site.yaml", 3)
    assert message == f"YAML tags ('{tag}') are not allowed: remove the tag"


def test_second_document_is_refused() -> None:
    ref, message = _error("a: 1\n---\nb: 2\n", first_line=2)
    assert ref == SourceRef("site.yaml", 3)
    assert message == (
        "only one YAML document is allowed here: remove the second '---' line "
        "(and anything after it that is not meant to be part of this file)"
    )


def test_merge_key_is_refused() -> None:
    ref, message = _error("a: 1\n<<: {b: 2}\n")
    assert ref == SourceRef("site.yaml", 2)
    assert message == "merge keys ('<<') are not allowed: write the keys out in full"


def test_quoted_merge_key_is_plain_text() -> None:
    assert load_yaml("'<<': x\n", "x.yaml") == {"<<": "x"}


def test_non_scalar_key_is_refused() -> None:
    ref, message = _error("a: 1\n[b, c]: 2\n")
    assert ref == SourceRef("site.yaml", 2)
    assert message == "a key must be plain text, not a list or a mapping"


def test_empty_key_is_refused() -> None:
    ref, message = _error("a: 1\n? \n: x\n")
    assert ref == SourceRef("site.yaml", 2)
    assert message == "a key is missing: write the key before the ':'"


@pytest.mark.parametrize("depth", [101, 5000])
def test_deep_nesting_is_a_located_error(depth: int) -> None:
    ref, message = _error("a: " + "[" * depth + "]" * depth + "\n", first_line=4)
    assert ref == SourceRef("site.yaml", 4)
    assert message == "the YAML is nested more than 100 levels deep: flatten it"


def test_deep_block_nesting_is_a_located_error() -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(150))
    ref, message = _error(text)
    assert ref == SourceRef("site.yaml", 101)
    assert message == "the YAML is nested more than 100 levels deep: flatten it"


def test_nesting_up_to_the_cap_is_fine() -> None:
    data = load_yaml("[" * 100 + "]" * 100, "x.yaml")
    for _ in range(99):
        data = data[0]
    assert data == []


def test_unicode_line_separators_do_not_shift_lines() -> None:
    # YAML treats U+2028 as a line break; editors and our messages count only '\n'.
    data = load_yaml("a: 'x\u2028y'\nb: c\n", "x.yaml")
    assert data.key_lines == {"a": 1, "b": 2}


_YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{},&*!|>'\"#?~ \n\t\x07\u2028%@")))


@given(_YAMLISH)
def test_any_text_gives_data_or_a_located_error(text: str) -> None:
    try:
        load_yaml(text, "x.yaml", first_line=3)
    except SiteError as exc:
        (problem,) = exc.problems
        assert problem.ref.path == "x.yaml"
        assert problem.ref.line is not None
        assert 3 <= problem.ref.line <= 3 + text.count("\n")
