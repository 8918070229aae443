"""Hostile Markdown, through a full build: nothing active reaches a page, deceit is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.hostile.catalogue import (
    Builds,
    Case,
    Fails,
    HtmlCheck,
    Warns,
    main_text,
    page_md,
    run_case,
)
from tests.sitefixture import SITE_YAML

X = "content/x.md"


def _text_shown(text: str) -> HtmlCheck:
    def check(html: BeautifulSoup) -> None:
        assert text in main_text(html)

    return check


def _no_link(html: BeautifulSoup) -> None:
    article = html.find("main")
    assert article is not None
    assert all(not a.get("href", "").lower().startswith("java") for a in article.find_all("a"))


CASES = [
    Case(
        "script tag", {X: page_md("Hi.\n\n<script>alert(1)</script>")}, Warns(f"{X}:6", "<script>")
    ),
    Case(
        "style tag",
        {X: page_md("Hi.\n\n<style>main{display:none}</style>")},
        Warns(f"{X}:6", "<style>"),
    ),
    Case(
        "iframe",
        {X: page_md('Hi.\n\n<iframe src="https://evil.example"></iframe>')},
        Warns(f"{X}:6", "<iframe>"),
    ),
    Case(
        "form and input",
        {X: page_md('Hi.\n\n<form action="https://evil.example"><input name="p"></form>')},
        Warns(f"{X}:6", "<form>"),
    ),
    Case(
        "object", {X: page_md('Hi.\n\n<object data="x.swf"></object>')}, Warns(f"{X}:6", "<object>")
    ),
    Case(
        "meta refresh",
        {X: page_md('Hi.\n\n<meta http-equiv="refresh" content="0;url=https://evil.example">')},
        Warns(f"{X}:6", "<meta>"),
    ),
    Case(
        "event handler",
        {X: page_md('Hi.\n\n<p onclick="alert(1)" onmouseover="alert(2)">Press</p>')},
        Warns(f"{X}:6", "onclick"),
    ),
    Case(
        "javascript: link",
        {X: page_md("Hi.\n\n[x](javascript:alert(1))")},
        Warns(f"{X}:6", "javascript:alert(1)", check=_no_link),
    ),
    Case(
        "javascript: in mixed case",
        {X: page_md("Hi.\n\n[x](JaVaScRiPt:alert(1))")},
        Warns(f"{X}:6", "unsafe URL"),
    ),
    Case(
        "javascript: behind an entity",
        {X: page_md("Hi.\n\n[x](&#106;avascript:alert(1))")},
        Warns(f"{X}:6", "unsafe URL"),
    ),
    Case(
        "javascript: split by a tab entity in raw HTML",
        {X: page_md('Hi.\n\n<a href="java&#x09;script:alert(1)">x</a>')},
        Warns(f"{X}:6", "unsafe URL"),
    ),
    Case(
        "javascript: with leading spaces in raw HTML",
        {X: page_md('Hi.\n\n<a href="  javascript:alert(1)">x</a>')},
        Warns(f"{X}:6", "unsafe URL"),
    ),
    Case(
        "vbscript: link",
        {X: page_md("Hi.\n\n[x](vbscript:msgbox(1))")},
        Warns(f"{X}:6", "vbscript:"),
    ),
    Case(
        "data: link",
        {X: page_md("Hi.\n\n[x](data:text/html;base64,PHNjcmlwdD4=)")},
        Warns(f"{X}:6", "data:text/html"),
    ),
    Case(
        "data: image",
        {X: page_md("Hi.\n\n![x](data:image/svg+xml;base64,PHN2Zz4=)")},
        Warns(f"{X}:6", "data:image"),
    ),
    Case(
        "reference-style javascript: link",
        {X: page_md("Hi.\n\n[x][r]\n\n[r]: javascript:alert(1)")},
        Warns(f"{X}:8", "javascript:alert(1)"),
    ),
    Case(
        "remote image dropped",
        {X: page_md("Hi.\n\n![a](https://evil.example/t.png)")},
        Warns(f"{X}:6", "https://evil.example/t.png"),
    ),
    Case(
        "remote image refused by remote_media: error",
        {X: page_md("Hi.\n\n![a](https://evil.example/t.png)")},
        Fails(f"{X}:6", "https://evil.example/t.png"),
        site_yaml=SITE_YAML + "remote_media: error\n",
    ),
    Case(
        "raw_html: false shows HTML as text",
        {X: page_md("Hi.\n\n<b>bold</b> <script>alert(1)</script>")},
        Builds(check=_text_shown("<b>bold</b>")),
        site_yaml=SITE_YAML + "raw_html: false\n",
    ),
    Case(
        "link text shows another web address",
        {X: page_md("Hi.\n\n[https://police.uk](https://evil.example)")},
        Fails(f"{X}:6", "deceptive link"),
    ),
    Case(
        "link text shows another phone number",
        {X: page_md("Hi.\n\n[Call 0800 789 321](tel:08005550199)")},
        Fails(f"{X}:6", "deceptive link"),
    ),
    Case(
        "link text shows a look-alike host",
        {X: page_md("Hi.\n\n[www.police.uk](https://www.police.uk.evil.example/)")},
        Fails(f"{X}:6", "deceptive link"),
    ),
    Case(
        "deeply nested quotes",
        {X: page_md("Hi.\n\n" + ">" * 5000 + " x")},
        Fails(f"{X}:6", "nested"),
    ),
    Case(
        "deeply nested lists",
        {X: page_md("Hi.\n\n" + "".join("  " * i + "- x\n" for i in range(300)))},
        Fails(f"{X}:70", "nested more than 32 levels deep"),
    ),
    Case("megabyte line", {X: page_md("Hi.\n\n" + "a" * 1_000_000)}, Fails(f"{X}:6", "limit")),
    Case("100,000 brackets", {X: page_md("Hi.\n\n" + "[" * 100_000)}, Fails(f"{X}:6", "limit")),
    Case(
        "45,000 brackets",
        {X: page_md("Hi.\n\n" + "[" * 45_000)},
        Fails(f"{X}:6", "square brackets are nested"),
    ),
    Case(
        "long line of emphasis under the limit", {X: page_md("Hi.\n\n" + "*a_" * 15_000)}, Builds()
    ),
    Case(
        "long line of link openers",
        {X: page_md("Hi.\n\n" + "[a](" * 10_000)},
        Fails(f"{X}:6", "paragraph has more than 1,000 links"),
    ),
    Case(
        "many link openers in one paragraph, under the limit",
        {X: page_md("Hi.\n\n" + "[a](" * 900)},
        Builds(),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_markdown(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)
