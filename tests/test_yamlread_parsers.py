"""libyaml's C parser and PyYAML's pure-Python parser must give `load_yaml` the same answers.

Same values, types, quoting and lines for valid text; the same message on the same line for
every error. Everyday text must really take the fast path, not fall back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.errors import SiteError, SourceRef
from sitegen.read import yamlread
from sitegen.read.yamlread import YList, YMap, YStr, load_yaml

pytestmark = pytest.mark.skipif(yamlread._C_PARSER is None, reason="no libyaml")


def _shape(value: Any) -> Any:
    """Spell out everything `load_yaml` returns, lines and types included, for comparing."""
    if value is None:
        return None
    if isinstance(value, YMap):
        items = [(key, type(key).__name__, _shape(item)) for key, item in value.items()]
        return ("map", value.line, sorted(value.key_lines.items()), items)
    if isinstance(value, YList):
        return ("list", value.line, list(value.item_lines), [_shape(item) for item in value])
    assert type(value) is YStr
    return ("str", str(value), value.line, value.quoted)


def _outcome(text: str, *, libyaml: bool) -> Any:
    c_parser = yamlread._C_PARSER
    if not libyaml:
        yamlread._C_PARSER = None
    try:
        return _shape(load_yaml(text, "x.yaml", first_line=3))
    except SiteError as error:
        return ("error", [(p.ref, p.message) for p in error.problems])
    finally:
        yamlread._C_PARSER = c_parser


def _assert_same(text: str) -> Any:
    fast = _outcome(text, libyaml=True)
    assert fast == _outcome(text, libyaml=False)
    return fast


@pytest.fixture
def _no_fallback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object) -> None:
        raise AssertionError("fell back to the pure-Python parser")

    monkeypatch.setattr(yamlread, "_load_python", refuse)
    yield


EVERYDAY = [
    "title: Help\ndate: 2024-01-01\nweight: 10\ndraft: no\n",
    "title: 'Quoted: yes'\nsummary: \"Tab \\t, \\u00e9, \\x41\"\n",
    "a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: ~\ng: null\nh:\n",
    "phone: 02071234567\nbig: " + "9" * 5000 + "\nhex: 0x1F\nf: 1e3\ninf: .inf\nt: 9:00\n",
    "when: 2001-12-14t21:59:43.10-05:00\nday: 2024-02-30\n",
    "eq: =\nlt: <\nmerge: <<\nq: What now?\nhash: a#b\n",
    "tags: [help, money]\nmap: {a: b, 'c': \"d\"}\nempty: []\nnone: {}\n",
    "list:\n- a\n-\n- 'b'\nnested:\n  - - x\n    - y\n  - k: v\n    k2: v2\n",
    "text: |\n  line one\n\n  line two\nfold: >-\n  folded\n  text\nkeep: |+\n  k\n\n",
    "plain: a long\n  plain text\n  over lines\n",
    "ar: مرحبا بكم\nbn: স্বাগতম\nemoji: \U0001f600 ok\nlong_" + "é" * 1000 + ": v\n",
    "crlf: a\r\nb: c\r\n",
    "cr: a\rb: c\r",
    "nel: 'a\x85b'\nls: 'x\u2028y'\nps: 'x\u2029y'\n",
    "---\na: b\n...\n",
    "%YAML 1.1\n---\na: b\n",
    "# only a comment\n",
    "",
    "hello\n",
    "- a\n- b\n",
    "a: " + "x" * 200_000 + "\n",
    "k" * 1024 + ": v\n",
    "a: " + "[" * 99 + "]" * 99 + "\n",
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_text_takes_the_fast_path_and_agrees(text: str, _no_fallback: None) -> None:
    outcome = _outcome(text, libyaml=True)
    assert outcome is None or outcome[0] != "error"


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_text_agrees(text: str) -> None:
    _assert_same(text)


def _bomb() -> str:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    return bomb + "".join(
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )


EDGES = [
    # errors the builder raises
    "title: a\nsummary: b\ntitle: c\n",
    "a:\n  x: 1\n  x: 2\n",
    "a: 1\nb: &phone 999\n",
    _bomb(),
    "a: 1\nb: *x\n",
    "a: !!python/object:os.system x\n",
    "a: ! x\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n<<: {b: 2}\n",
    "'<<': x\n",
    "a: 1\n[b, c]: 2\n",
    "a: 1\n? \n: x\n",
    "? complex\n: value\n",
    "a: " + "[" * 101 + "]" * 101 + "\n",
    "".join("  " * level + f"k{level}:\n" for level in range(150)),
    # syntax errors, worded by the pure-Python parser
    "a: b\nc: [d\n",
    "title: ok\nsummary: Time: 9:00: open\n",
    "a: 'unclosed\n",
    "a: b\n  c: d\n",
    "- a\nb: c\n",
    "k" * 1025 + ": v\n",
    "é" * 1025 + ": v\n",
    "%YAML 2.0\n---\na: b\n",
    "%YAML 1.3\n---\na: b\n",
    "%FOO bar\n---\na: b\n",
    "%TAG ! tag:example.com,2000:\n---\na: b\n",
    # characters
    "a: b\nc: \x07\n",
    "a: \x00\n",
    "a: \x7f\n",
    "a: \ud800\n",
    "a: \ufffe\n",
    "\ufeffa: 1\n",
    "a: 1\n\ufeffb: 2\n",
    "a: '\ufeff'\n",
    # tabs
    "a:\n\tb: c\n",
    "a:\tb\n",
    "a: b\t\n",
    "a: 'x\ty'\n",
    "a: |\n  \tcode\n",
    "- \ta\n",
    "[a,\tb]\n",
    # where libyaml reads differently
    "a: |#\n  x\n",
    "a: >-#c\n  x\n",
    "a: [b?]\n",
    "[a?b]\n",
    "{a?: b}\n",
    "[. \u2028    \\0?---- \x85]",
    "a: [b, ?c]\n",
    "a: {? b}\n",
]


@pytest.mark.parametrize("text", EDGES)
def test_edge_cases_agree(text: str) -> None:
    _assert_same(text)


def test_alias_bomb_stops_at_the_first_anchor_on_both_paths() -> None:
    assert _assert_same(_bomb()) == (
        "error",
        [
            (
                SourceRef("x.yaml", 3),
                "anchors ('&a') are not allowed: write each value out in full",
            )
        ],
    )


_YAMLISH = st.lists(
    st.sampled_from(
        [*"ab:-[]{},&*!|>'\"#?~ \n\t\r\x07\x85\u2028\ufeff%@=.é", "\U0001f600", "---", "- "]
    )
).map("".join)


@settings(max_examples=500)
@given(_YAMLISH)
def test_any_text_gets_the_same_answer(text: str) -> None:
    _assert_same(text)


_WORDS = st.sampled_from(
    ["a", "b c", "yes", "no", "9:00", "0x1F", "<<", "null", "a: b", "a #b", "?", "x?y", "- x"]
)
_TEXTS = st.one_of(_WORDS, st.text(alphabet=st.sampled_from(list("ab :#?[]{},'\"\\|>&*!\n é"))))
_DATA = st.recursive(
    st.one_of(st.none(), _TEXTS),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_TEXTS, inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300)
@given(
    _DATA,
    st.sampled_from([None, True, False]),
    st.sampled_from([None, "'", '"', "|", ">"]),
    st.sampled_from([20, 80]),
)
def test_dumped_data_gets_the_same_answer(
    data: Any, flow: bool | None, style: str | None, width: int
) -> None:
    text = yaml.safe_dump(
        data, default_flow_style=flow, default_style=style, width=width, allow_unicode=True
    )
    _assert_same(text)
