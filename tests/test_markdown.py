"""Markdown -> safe HTML: features, sanitising, deceptive links, lines and pathological input."""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sitegen.content.bidi import _LTR_RUN, _MIN_PHONE_DIGITS, NOT_ISOLATED, isolated, reads_ltr
from sitegen.content.finish import (
    MEDIA_TAGS,
    REL_EXTERNAL,
    DroppedMedia,
    Finished,
    FoundLink,
    _is_footnote_link,
    _is_remote,
    finish_html,
)
from sitegen.content.headingids import HEADINGS, Survey, heading_ids, slugify
from sitegen.content.htmltokens import VOID_TAGS, HtmlRewriter, feed_html, iter_attrs, read_tokens
from sitegen.content.linkedhtml import LinkedHtml
from sitegen.content.markdown import MarkdownResult, render_markdown, rewrite_links
from sitegen.content.markdown_converter import _converter, _plain_converter, convert
from sitegen.content.markdown_limits import (
    MAX_NESTING,
    _check_limits_by_line,
    _clearly_within_limits,
    check_limits,
)
from sitegen.content.markdown_pasted import _QUOTE_PREFIX, PastedTextExtension, _split_quote
from sitegen.content.markdown_types import Link, MarkdownOptions
from sitegen.content.sanitize import (
    URL_ATTRIBUTES,
    Removal,
    _Auditor,
    _removes_nothing,
    audit_html,
    clean_html,
    is_safe_url,
    url_host,
)
from sitegen.errors import Problem, Problems, SourceRef

PATH = "content/advice/x.md"
PRIVACY = "(readers' privacy)"


def render(text: str, first_line: int = 1, **options: object) -> tuple[MarkdownResult, Problems]:
    problems = Problems()
    result = render_markdown(
        text,
        SourceRef(PATH, first_line),
        problems,
        MarkdownOptions(**options),  # type: ignore[arg-type]
    )
    return result, problems


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if tag is None or child.tag == tag:
                    found.append(child)
                found.extend(child.all(tag))
        return found


VOID = {"br", "hr", "img", "source", "wbr", "col", "input", "meta", "link", "base", "embed"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"unbalanced </{tag}> in {self.stack[-1].tag}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(markup: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    assert len(builder.stack) == 1, "unclosed elements"
    return builder.root


def messages(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(str(p.ref), p.message) for p in problems]


# --- Markdown features ----------------------------------------------------------------------


def test_headings_get_unique_ids_in_every_script() -> None:
    text = (
        "# Welcome\n\n## Welcome\n\n## Welcome\n\n## ہم سے رابطہ کریں\n\n"
        "## যোগাযোগ করুন\n\n## Reporting {#reporting}\n"
    )
    result, problems = render(text)
    headings = [
        (h.tag, h.attrs.get("id"), h.text())
        for h in parse(result.html).all()
        if h.tag in ("h1", "h2")
    ]
    assert headings == [
        ("h1", "welcome", "Welcome"),
        ("h2", "welcome-1", "Welcome"),
        ("h2", "welcome-2", "Welcome"),
        ("h2", "ہم-سے-رابطہ-کریں", "ہم سے رابطہ کریں"),
        ("h2", "যোগাযোগ-করুন", "যোগাযোগ করুন"),
        ("h2", "reporting", "Reporting"),
    ]
    assert result.headings == tuple((int(t[1]), text, i) for t, i, text in headings)
    assert result.ids == {h[1] for h in headings}
    assert problems.items == []


def test_slugify_keeps_letters_marks_and_digits() -> None:
    assert slugify("ہم سے رابطہ کریں") == "ہم-سے-رابطہ-کریں"
    assert slugify("Who to call (24/7)?") == "who-to-call-24-7"
    assert slugify("সাহায্য ১২৩") == "সাহায্য-১২৩"  # Bengali vowel signs (marks) are kept
    assert slugify("!!!") == ""


def test_heading_slug_avoids_ids_written_elsewhere() -> None:
    result, _ = render('<p id="contact">x</p>\n\n## Contact\n')
    assert parse(result.html).all("h2")[0].attrs["id"] == "contact-1"


def test_tables_footnotes_and_no_line_breaks() -> None:
    text = (
        "| Who | Number |\n|:--|--:|\n| Police | 999 |\n\nLine one\nline two[^1]\n\n[^1]: A note.\n"
    )
    result, problems = render(text)
    root = parse(result.html)
    assert [th.attrs.get("align") for th in root.all("th")] == ["left", "right"]
    assert [td.text() for td in root.all("td")] == ["Police", "999"]
    assert root.all("br") == []
    assert {"fn:1", "fnref:1"} <= result.ids
    assert root.all("li")[0].attrs["id"] == "fn:1"
    assert result.links == ()  # footnote links are generated, not written
    assert problems.items == []


def test_bare_urls_www_and_email_become_links() -> None:
    text = (
        "Dear resident,\nsee https://www.police.uk/report. Or www.met.police.uk, or write to\n"
        "help@mosque.org.uk. Not in `code https://x.org`.\n"
    )
    result, _ = render(text)
    links = [(a.attrs["href"], a.text()) for a in parse(result.html).all("a")]
    assert links == [
        ("https://www.police.uk/report", "https://www.police.uk/report"),
        ("https://www.met.police.uk", "www.met.police.uk"),
        ("mailto:help@mosque.org.uk", "help@mosque.org.uk"),
    ]
    assert parse(result.html).all("code")[0].text() == "code https://x.org"
    assert [link.line for link in result.links] == [2, 2, 3]


def test_url_inside_link_text_is_not_linked_again() -> None:
    result, _ = render("[see https://police.uk](https://police.uk)\n")
    anchors = parse(result.html).all("a")
    assert len(anchors) == 1 and anchors[0].text() == "see https://police.uk"


def test_list_straight_under_paragraph_line_is_a_list() -> None:
    text = (
        "Please bring:\n- your letter\n- a photo ID\n\nSteps:\n1. Call\n2. Wait\n\n"
        "```\ntext\n- not a list\n```\n"
    )
    root = parse(render(text)[0].html)
    assert [li.text() for li in root.all("ul")[0].all("li")] == ["your letter", "a photo ID"]
    assert [li.text() for li in root.all("ol")[0].all("li")] == ["Call", "Wait"]
    assert root.all("pre")[0].text() == "text\n- not a list\n"
    assert root.all("p")[0].text() == "Please bring:"


def test_list_item_continuation_is_not_split() -> None:
    text = "- item one\n  continued\n- item two\n"
    root = parse(render(text)[0].html)
    assert [li.text() for li in root.all("li")] == ["item one\n  continued", "item two"]
    assert root.all("p") == []


# --- sanitising -----------------------------------------------------------------------------

GONE = "removed <{}> element and its content (not allowed in pages)"
STRIPPED = "removed <{}> tag (not allowed in pages; its text is kept)"
DANGEROUS = [
    (
        "<script>alert(1)</script>",
        GONE.format("script"),
    ),
    ("<style>p {}</style>", GONE.format("style")),
    (
        '<iframe src="a.html"></iframe>',
        GONE.format("iframe"),
    ),
    (
        '<form action="/x">Name</form>',
        STRIPPED.format("form"),
    ),
    (
        '<object data="a.swf"></object>',
        GONE.format("object"),
    ),
    ('<embed src="a.swf">', GONE.format("embed")),
    (
        '<meta http-equiv="refresh" content="0">',
        STRIPPED.format("meta"),
    ),
    (
        '<link rel="stylesheet" href="x.css">',
        STRIPPED.format("link"),
    ),
    (
        '<base href="https://evil.example/">',
        STRIPPED.format("base"),
    ),
    (
        '<img src="a.png" alt="a" onerror="alert(1)">',
        "removed event-handler attribute 'onerror' from <img>",
    ),
    ('<p onClick="x()">hi</p>', "removed event-handler attribute 'onclick' from <p>"),
    (
        '<p style="color:red">hi</p>',
        "removed style attribute from <p> (styles come from the theme)",
    ),
    ('## Hi {onmouseover="x()"}', "removed event-handler attribute 'onmouseover' from <h2>"),
]
URL_TAIL = "(allowed: http, https, mailto, tel and relative links)"
DANGEROUS_URLS = [
    ("[a](javascript:alert(1))", "javascript:alert(1)", "a href"),
    ("[a](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)", "a href"),
    ("[a](java&#x09;script:alert(1))", "java\\x09script:alert(1)", "a href"),
    ("[a](&#106;avascript:alert(1))", "javascript:alert(1)", "a href"),
    ("[a](vbscript:msgbox)", "vbscript:msgbox", "a href"),
    ("![a](data:image/png;base64,AAAA)", "data:image/png;base64,AAAA", "img src"),
    ('<a href=" jav&#x0A;ascript:alert(1)">a</a>', " jav\\x0aascript:alert(1)", "a href"),
    ('<a href="DATA:text/html,x">a</a>', "DATA:text/html,x", "a href"),
]


@pytest.mark.parametrize(("source", "message"), DANGEROUS)
def test_dangerous_html_is_removed_with_located_warning(source: str, message: str) -> None:
    result, problems = render(f"# Title\n\nSafe text.\n\n{source}\n", first_line=10)
    assert messages(problems.items) == [(f"{PATH}:14", message)]
    root = parse(result.html)
    tags = {node.tag for node in root.all()}
    assert not tags & {
        "script",
        "style",
        "iframe",
        "form",
        "object",
        "embed",
        "meta",
        "link",
        "base",
    }
    for node in root.all():
        assert not [name for name in node.attrs if name.startswith("on") or name == "style"]
    assert "alert" not in root.text()


@pytest.mark.parametrize(("source", "shown", "where"), DANGEROUS_URLS)
def test_dangerous_urls_are_removed_with_located_warning(
    source: str, shown: str, where: str
) -> None:
    result, problems = render(f"Intro.\n\n{source}\n", first_line=4)
    assert messages(problems.items) == [
        (f"{PATH}:6", f"removed unsafe URL '{shown}' from <{where}> {URL_TAIL}")
    ]
    root = parse(result.html)
    assert all("href" not in a.attrs for a in root.all("a"))
    assert root.all("img") == []


def test_reference_style_unsafe_url_is_located_at_its_definition() -> None:
    text = "See [the form][f].\n\nMore text.\n\n[f]: javascript:alert(1)\n"
    result, problems = render(text, first_line=3)
    assert messages(problems.items) == [
        (f"{PATH}:7", f"removed unsafe URL 'javascript:alert(1)' from <a href> {URL_TAIL}")
    ]
    assert [a.attrs for a in parse(result.html).all("a")] == [{}]


def test_raw_html_off_shows_html_as_text() -> None:
    result, problems = render(
        'Hello <b onclick="x()">bold</b>\n\n<script>alert(1)</script>\n', raw_html=False
    )
    root = parse(result.html)
    assert {node.tag for node in root.all()} == {"p"}
    assert root.all("p")[0].text() == 'Hello <b onclick="x()">bold</b>'
    assert root.all("p")[1].text() == "<script>alert(1)</script>"
    assert problems.items == []


def test_safe_raw_html_keeps_ids_dir_lang_class_bdi_time() -> None:
    text = (
        '<div id="box" class="note" dir="rtl" lang="ur">\n'
        '<p>Open <time datetime="2024-05-01">1 May</time> <bdi>Police</bdi></p>\n</div>\n'
    )
    result, problems = render(text)
    root = parse(result.html)
    assert root.all("div")[0].attrs == {"id": "box", "class": "note", "dir": "rtl", "lang": "ur"}
    assert root.all("time")[0].attrs == {"datetime": "2024-05-01"}
    assert root.all("bdi")[0].text() == "Police"
    assert "box" in result.ids
    assert problems.items == []


def test_rel_only_on_external_links() -> None:
    text = (
        "[a](../advice/b.md) [b](https://police.uk) [c](mailto:a@b.org) "
        '<a href="//x.org" rel="opener">d</a>\n'
    )
    anchors = parse(render(text)[0].html).all("a")
    assert [a.attrs.get("rel") for a in anchors] == [
        None,
        "noopener noreferrer",
        None,
        "noopener noreferrer",
    ]


def test_remote_media_dropped_with_warning() -> None:
    text = (
        "Intro\n\n![map](img/map.png)\n\n![logo](https://cdn.example/logo.png)\n\n"
        '<video src="//x.org/v.mp4">v</video>\n'
    )
    result, problems = render(text, first_line=2)
    root = parse(result.html)
    assert [img.attrs["src"] for img in root.all("img")] == ["img/map.png"]
    assert root.all("video") == []
    assert messages(problems.items) == [
        (
            f"{PATH}:6",
            "removed <img> from another site 'https://cdn.example/logo.png' " + PRIVACY,
        ),
        (f"{PATH}:8", "removed <video> from another site '//x.org/v.mp4' " + PRIVACY),
    ]
    assert problems.errors == []


def test_remote_media_error_mode() -> None:
    _, problems = render("![logo](https://cdn.example/logo.png)\n", remote_media="error")
    assert messages(problems.errors) == [
        (
            f"{PATH}:1",
            "removed <img> from another site 'https://cdn.example/logo.png' " + PRIVACY,
        )
    ]


def test_images_without_alt_are_listed_by_line() -> None:
    result, _ = render('![ok](a.png)\n\n![](b.png)\n\n<img src="c.png">\n', first_line=20)
    assert result.images_without_alt == (22, 24)


def test_duplicate_ids_are_warned() -> None:
    _, problems = render("## One {#same}\n\n## Two {#same}\n")
    assert messages(problems.items) == [(f"{PATH}:3", "the id 'same' is used more than once")]


# --- links ----------------------------------------------------------------------------------


def test_links_have_targets_text_lines_and_kind() -> None:
    text = (
        "# Help\n\nRead [advice](../advice/x.md#top) and [back](#help).\n\n"
        "![Map of the area](img/map.png)\n\nCall [999](tel:999) or [police](https://police.uk)\n"
        "[query](x.md?a=1&amp;b=2)\n\n[ref link][r]\n\n[r]: other.md\n"
    )
    result, _ = render(text, first_line=5)
    assert result.links == (
        Link("../advice/x.md#top", "advice", 7, "link", True),
        Link("#help", "back", 7, "link", False),
        Link("img/map.png", "Map of the area", 9, "image", True),
        Link("tel:999", "999", 11, "link", False),
        Link("https://police.uk", "police", 11, "link", False),
        Link("x.md?a=1&b=2", "query", 12, "link", True),
        Link("other.md", "ref link", 16, "link", True),
    )


def test_same_target_twice_gets_each_line() -> None:
    result, _ = render("[a](x.md)\n\n[b](x.md)\n")
    assert [link.line for link in result.links] == [1, 3]


def test_rewrite_links_changes_only_internal_targets() -> None:
    text = "[a](../b.md#top) [c](https://x.org/a?b=1&c=2) [d](#top) ![e](img/a&b.png)\n"
    result, _ = render(text)
    rewritten = rewrite_links(result.html, lambda target: f"/site/{target}?v=1&w=2")
    root = parse(rewritten)
    assert [a.attrs["href"] for a in root.all("a")] == [
        "/site/../b.md#top?v=1&w=2",
        "https://x.org/a?b=1&c=2",
        "#top",
    ]
    assert root.all("img")[0].attrs["src"] == "/site/img/a&b.png?v=1&w=2"
    assert "&amp;w=2" in rewritten


# --- deceptive links ------------------------------------------------------------------------

DECEPTIVE = [
    (
        "[https://police.uk](https://evil.example)",
        "the text shows the web address 'https://police.uk' but the link goes to 'evil.example'",
    ),
    (
        "[police.uk](https://evil.example/x)",
        "the text shows the web address 'police.uk' but the link goes to 'evil.example'",
    ),
    (
        "[www.police.uk](../x.md)",
        "the text shows the web address 'www.police.uk' but the link goes to '../x.md'",
    ),
    (
        "[Report at www.police.uk now](https://evil.example)",
        "the text shows the web address 'www.police.uk' but the link goes to 'evil.example'",
    ),
    (
        "[Call 0800 789 321](tel:08005550199)",
        "the text shows the phone number '0800 789 321' but the link dials '08005550199'",
    ),
    (
        "[0800 789 321](https://x.example)",
        "the text shows the phone number '0800 789 321' but the link goes to "
        "'https://x.example', not a tel: link",
    ),
    (
        "[Call 999](https://x.example)",
        "the text shows the phone number '999' but the link goes to 'https://x.example', "
        "not a tel: link",
    ),
]
HONEST = [
    "[police.uk](https://www.police.uk/report)",
    "[police.uk](https://met.police.uk)",
    "[https://www.police.uk](https://police.uk/)",
    "[Call 0800 789 321](tel:+44800789321)",
    "[+44 (0)20 7946 0000](tel:02079460000)",
    "[Call us](tel:999)",
    "[report.pdf](report.pdf)",
    "[2024-03-12](news.md)",
    "[Page 2](page2.md)",
]


@pytest.mark.parametrize(("source", "message"), DECEPTIVE)
def test_deceptive_links_are_errors(source: str, message: str) -> None:
    _, problems = render(f"Intro\n\n{source}\n", first_line=30, region="GB")
    assert messages(problems.errors) == [(f"{PATH}:32", f"deceptive link: {message}")]


@pytest.mark.parametrize("source", HONEST)
def test_honest_links_pass(source: str) -> None:
    _, problems = render(source + "\n", region="GB")
    assert problems.items == []


# The same link text and target, honest or not depending on the site's region (site.yaml).
REGIONAL = [
    ("[+353 1 666 0000](tel:01 666 0000)", "IE", []),
    ("[01 666 0000](tel:+35316660000)", "IE", []),
    ("[Call 051 111 222 333](tel:+9251111222333)", "PK", []),
    ("[Text relay 18001 101](tel:18001101)", "GB", []),
    (
        "[+353 1 666 0000](tel:01 666 0000)",
        "PK",
        [
            "deceptive link: the text shows the phone number '+353 1 666 0000' "
            "but the link dials '01 666 0000'"
        ],
    ),
    (
        "[0800 789 321](tel:+44800789321)",
        "IE",
        [
            "deceptive link: the text shows the phone number '0800 789 321' "
            "but the link dials '+44800789321'"
        ],
    ),
]


@pytest.mark.parametrize(("source", "region", "expected"), REGIONAL)
def test_phone_links_are_compared_as_dialled_in_the_sites_region(
    source: str, region: str, expected: list[str]
) -> None:
    _, problems = render(f"Intro\n\n{source}\n", first_line=4, region=region)
    assert messages(problems.errors) == [(f"{PATH}:6", message) for message in expected]


# --- right-to-left pages --------------------------------------------------------------------


def test_isolate_ltr_wraps_latin_numbers_and_addresses() -> None:
    text = (
        "پولیس کو 0800 789 321 پر کال کریں، Metropolitan Police سے۔ "
        "https://police.uk دیکھیں `code abc`\n"
    )
    result, _ = render(text, isolate_ltr=True)
    root = parse(result.html)
    assert [b.text() for b in root.all("bdi")] == ["0800 789 321", "Metropolitan Police"]
    number, words = root.all("bdi")
    # A number reads left to right and is kept whole (sitegen.css: bdi.tel); words take their own
    # direction.
    assert number.attrs == {"dir": "ltr", "class": "tel"} and words.attrs == {}
    anchor = root.all("a")[0]
    assert anchor.attrs["dir"] == "ltr" and anchor.all("bdi") == []
    assert root.all("code")[0].children == ["code abc"]


def test_isolate_ltr_off_by_default() -> None:
    result, _ = render("پولیس Police 0800 789 321\n")
    assert parse(result.html).all("bdi") == []


# --- pathological input ---------------------------------------------------------------------

TIME_LIMIT = 60.0  # generous: a safety net against hangs, not a benchmark

PATHOLOGICAL = [
    ("[" * 10000 + "x" + "]" * 10000, 1, "square brackets are nested more than 32 levels deep"),
    ("Intro\n\n" + ">" * 10000 + " x\n", 3, "lists and quotes are nested more than 32 levels deep"),
    (
        "\n".join("\t" * i + "- x" for i in range(2000)),
        33,
        "lists and quotes are nested more than 32 levels deep",
    ),
    ("- " * 5000 + "x", 1, "lists and quotes are nested more than 32 levels deep"),
    (
        "Intro\n\n" + "word " * 210_000 + "\n",
        3,
        "line is 1,050,000 characters long; the limit is 50,000",
    ),
    (
        "\n\n".join(f"[l](p{i}.md)" for i in range(100_000)),
        1,
        "the text is 1,588,888 characters long; the limit is 300,000",
    ),
    (
        "Intro\n\n" + "\n".join(f"[link {i}](p.md)" for i in range(8000)),
        3,
        "paragraph has more than 1,000 links (separate paragraphs with blank lines)",
    ),
    (
        "Intro\n\n" + "\n".join(f"{'word ' * 40}{i}" for i in range(600)),
        3,
        "paragraph is more than 100,000 characters long (separate paragraphs with blank lines)",
    ),
]


@pytest.mark.parametrize(("source", "line", "message"), PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_pathological_input_ends_with_located_error(source: str, line: int, message: str) -> None:
    started = time.monotonic()
    result, problems = render(source)
    assert time.monotonic() - started < TIME_LIMIT
    assert messages(problems.errors) == [(f"{PATH}:{line}", message)]
    assert result.html == ""


@pytest.mark.parametrize(
    "source",
    [
        "\n".join(["<div>"] * 3000 + ["x"] + ["</div>"] * 3000),
        "*" * 10000 + "x" + "*" * 10000,
        "`" * 10000,
        "[a] " * 10000,
        "\n\n".join(f"[l](p{i}.md) https://x{i}.org" for i in range(3000)),
        "\n".join("    " * (i % 32) + "- x" for i in range(1000)),
    ],
    ids=["divs", "emphasis", "backticks", "references", "links", "lists"],
)
def test_heavy_but_legal_input_renders_in_bounded_time(source: str) -> None:
    started = time.monotonic()
    result, problems = render(source)
    assert time.monotonic() - started < TIME_LIMIT
    assert problems.errors == []
    parse(result.html)


# --- speed: one converter per process, regex tokens, regex link split ------------------------


def test_reused_converter_forgets_the_previous_page() -> None:
    definitions = (
        "The HTML[^1] guide, see [ref].\n\n*[HTML]: Hyper Text\n\n"
        "[ref]: /guide.md\n\n[^1]: A note.\n"
    )
    later = "The HTML[^1] guide, see [ref].\n"
    render(definitions)
    after_other_page, _ = render(later)
    _converter.cache_clear()
    alone, _ = render(later)
    assert after_other_page == alone
    assert "<abbr" not in alone.html and "<a" not in alone.html


def test_interrupted_conversion_is_reported_and_converter_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def too_deep(text: str) -> str:
        raise RecursionError

    broken = _converter(True, threading.get_ident())
    monkeypatch.setattr(broken, "convert", too_deep)
    result, problems = render("intro\n\nbody", first_line=7)
    assert messages(problems.errors) == [(f"{PATH}:7", "the text is nested too deeply to render")]
    assert result == MarkdownResult("", (), frozenset(), (), ())
    assert _converter(True, threading.get_ident()) is not broken
    assert render("body")[0].html == "<p>body</p>"


class _Events(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[object, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, tuple(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("startend", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("data", data))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))


def _slow_events(markup: str) -> list[tuple[object, ...]]:
    parser = _Events()
    parser.feed(markup)
    parser.close()
    return parser.events


def _fast_events(markup: str) -> list[tuple[object, ...]]:
    parser = _Events()
    feed_html(parser, markup)
    return parser.events


HTML_PIECES = [
    "<p>",
    "</p>",
    "<P>",
    "</P >",
    '<h2 id="a-b">',
    "</h2>",
    '<a href="x.md?a=1&amp;b=2">',
    "<a href='x'>",
    '<a\nhref="x"\ttitle="a>b"\n>',
    '<a b= "c">',
    "<a b=c>",
    "</a>",
    "<br>",
    "<br/>",
    "<br />",
    '<img src="i.png" alt="">',
    "<input disabled>",
    "<input DISABLED/>",
    '<x-y:z a.b_c="1">',
    "<script>",
    "</script>",
    "<style>",
    "<title>",
    "<!-- c -->",
    "<!DOCTYPE html>",
    "<?pi?>",
    "<![CDATA[x]]>",
    "text",
    " ",
    "\n",
    "\t",
    "&amp;",
    "&lt;",
    "&gt;",
    "&#x61;",
    "&nbsp",
    "&",
    "<",
    ">",
    '"',
    "'",
    "=",
    "/",
    "\u00a0",
    "ہم",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HTML_PIECES), max_size=25))
def test_fast_html_reading_gives_html_parsers_events(pieces: list[str]) -> None:
    markup = "".join(pieces)
    assert _fast_events(markup) == _slow_events(markup)


def test_markdown_and_sanitised_html_take_the_fast_path() -> None:
    text = (
        "# Call us {#call}\n\nRing [0800 555 0100](tel:08005550100) or see "
        '[advice](advice/x.md "A > B & C").\n\n![Map](img/map.png)\n\n| a | b |\n|:--|--:|\n'
        "| 1 | 2 |\n\nText[^n].\n\n[^n]: Note.\n"
    )
    raw = convert(text, MarkdownOptions())
    final = render(text)[0].html
    for markup in (raw, clean_html(raw), final):
        assert read_tokens(markup) is not None
        assert _fast_events(markup) == _slow_events(markup)
    assert read_tokens("<p>a<!-- c --></p>") is None
    assert read_tokens("<p>a < b</p>") is None


def _split_by_rewriting(markup: str) -> tuple[str, ...]:
    """How LinkedHtml.split worked before it read tags with a regex: the reference."""
    targets: list[str] = []

    def mark(target: str) -> str:
        targets.append(target)
        return f"\x00{len(targets) - 1}\x00"

    pieces = rewrite_links(markup, mark).split("\x00")
    return tuple(piece if n % 2 == 0 else targets[int(piece)] for n, piece in enumerate(pieces))


@pytest.mark.parametrize("isolate_ltr", [False, True])
def test_linked_html_split_matches_rewriting_every_link(isolate_ltr: bool) -> None:
    text = (
        '## Who to call\n\nSee [the guide](../guide.md#top "Guide > more"), '
        "[a&b](a&amp;b.md), [home](/index.md), [out](https://example.org/a?b=1&c=2), "
        "[mail](mailto:a@example.org), [here](#top), www.example.org and "
        '<a href="x.md" title=\'q"uote\' class="c">raw</a>.\n\n'
        '![Map](img/map%20x.png "t") <img alt="no src"> '
        '<video controls src="v.mp4"></video> <audio src="//cdn.example/a.mp3"></audio>\n\n'
        "سلام [رابطہ](contact.md) 0800 555 0100\n"
    )
    result, _ = render(text, isolate_ltr=isolate_ltr)
    linked = LinkedHtml.split(result.html)
    assert linked.parts == _split_by_rewriting(result.html)
    assert linked.parts[1::2] == (
        "../guide.md#top",
        "a&b.md",
        "/index.md",
        "x.md",
        "img/map%20x.png",
        "v.mp4",
        "contact.md",
    )
    assert linked.fill(lambda target: target) == result.html


# --- fast paths give what the slow paths give ---------------------------------------------------
#
# Each fast path below is checked against the code it replaced (kept here as the reference) or
# against the slow path it skips, on inputs built from the pieces that make each one hard.


class _ReferenceSurvey(HTMLParser):
    """How finish_html read ids, heading texts and link texts before its one-loop rewrite."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.untitled_headings: dict[int, str] = {}
        self.anchor_texts: list[str] = []
        self._headings = 0
        self._heading: list[str] | None = None
        self._anchor: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(iter_attrs(attrs))
        if "id" in values:
            self.ids.append(values["id"])
        if tag in HEADINGS:
            self._headings += 1
            self._heading = None if "id" in values else []
        elif tag == "a":
            self._anchor = []

    def handle_endtag(self, tag: str) -> None:
        if tag in HEADINGS and self._heading is not None:
            self.untitled_headings[self._headings - 1] = "".join(self._heading)
            self._heading = None
        elif tag == "a" and self._anchor is not None:
            self.anchor_texts.append("".join(self._anchor))
            self._anchor = None

    def handle_data(self, data: str) -> None:
        for capture in (self._heading, self._anchor):
            if capture is not None:
                capture.append(data)


class _ReferenceFinisher(HtmlRewriter):
    """How finish_html rewrote HTML before its one-loop rewrite: the reference."""

    def __init__(self, survey: _ReferenceSurvey, isolate: bool) -> None:
        super().__init__()
        self._heading_ids = heading_ids(Survey(survey.ids, survey.untitled_headings, []))
        self._anchor_texts = survey.anchor_texts
        self._isolate = isolate
        self._headings = 0
        self._anchors = 0
        self._skip_depth = 0
        self._ltr_anchor = False
        self._anchor: tuple[str, list[str]] | None = None
        self._heading: tuple[int, str, list[str]] | None = None
        self.dropped: list[DroppedMedia] = []
        self.links: list[FoundLink] = []
        self.ids: list[str] = []
        self.headings: list[tuple[int, str, str]] = []
        self.no_alt: list[str] = []

    def start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_depth:
            self._skip_depth += tag not in VOID_TAGS
            return
        attrs = [(n, v) for n, v in attrs if n not in URL_ATTRIBUTES or is_safe_url(v or "")]
        values = dict(iter_attrs(attrs))
        if tag in MEDIA_TAGS:
            src = values.get("src")
            if src is not None and _is_remote(src):
                self.dropped.append(DroppedMedia(tag, src))
                self._skip_depth = 0 if tag in VOID_TAGS else 1
                return
            if tag in ("img", "source") and not src:
                self._skip_depth = 0 if tag in VOID_TAGS else 1
                return
            if "src" in values:
                alt = values.get("alt", "")
                self.links.append(FoundLink(values["src"], alt, "image", (values["src"], alt)))
                if tag == "img" and not alt.strip():
                    self.no_alt.append(values["src"])
        if tag in HEADINGS:
            new_id = self._heading_ids.get(self._headings)
            self._headings += 1
            if new_id is not None and "id" not in values:
                attrs.append(("id", new_id))
                values["id"] = new_id
            self._heading = (int(tag[1]), values.get("id", ""), [])
        elif tag == "a":
            attrs = self._link_attrs(attrs, values)
        if "id" in values:
            self.ids.append(values["id"])
        super().start(tag, attrs)

    def _link_attrs(
        self, attrs: list[tuple[str, str | None]], values: dict[str, str]
    ) -> list[tuple[str, str | None]]:
        text = self._anchor_texts[self._anchors] if self._anchors < len(self._anchor_texts) else ""
        self._anchors += 1
        if "href" in values and not _is_footnote_link(values):
            self._anchor = (values["href"], [])
        attrs = [(name, value) for name, value in attrs if name != "rel"]
        if url_host(values.get("href", "")) is not None:
            attrs.append(("rel", REL_EXTERNAL))
        self._ltr_anchor = self._isolate and reads_ltr(text)
        if self._ltr_anchor and "dir" not in values:
            attrs.append(("dir", "ltr"))
        return attrs

    def end(self, tag: str) -> None:
        if self._skip_depth:
            self._skip_depth -= 1
            return
        if tag == "a":
            self._ltr_anchor = False
            if self._anchor is not None:
                href, parts = self._anchor
                text = "".join(parts)
                self.links.append(FoundLink(href, text, "link", (href, text)))
                self._anchor = None
        elif tag in HEADINGS and self._heading is not None:
            level, heading_id, parts = self._heading
            self.headings.append((level, "".join(parts).strip(), heading_id))
            self._heading = None
        super().end(tag)

    def text(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._anchor is not None:
            self._anchor[1].append(data)
        if self._heading is not None:
            self._heading[2].append(data)
        if not self._isolate or self._ltr_anchor or self.inside(NOT_ISOLATED):
            super().text(data)
        else:
            self.out.append(_reference_isolated(data))


def _reference_isolated(text: str) -> str:
    """How LTR runs were isolated before the no-Latin-at-all shortcut."""
    pieces: list[str] = []
    done = 0
    for match in _LTR_RUN.finditer(text):
        run = match.group(0)
        if match.lastgroup == "phone" and sum(c.isdigit() for c in run) < _MIN_PHONE_DIGITS:
            continue
        pieces.append(html.escape(text[done : match.start()], quote=False))
        opening = '<bdi dir="ltr" class="tel">' if match.lastgroup == "phone" else "<bdi>"
        pieces.append(f"{opening}{html.escape(run, quote=False)}</bdi>")
        done = match.end()
    pieces.append(html.escape(text[done:], quote=False))
    return "".join(pieces)


def _reference_finish(markup: str, isolate: bool) -> Finished:
    survey = _ReferenceSurvey()
    survey.feed(markup)
    survey.close()
    finisher = _ReferenceFinisher(survey, isolate)
    final = finisher.run(markup)
    return Finished(
        html=final,
        dropped_media=tuple(finisher.dropped),
        links=tuple(finisher.links),
        ids=tuple(finisher.ids),
        headings=tuple(finisher.headings),
        no_alt=tuple(finisher.no_alt),
    )


FINISH_PIECES = [
    *HTML_PIECES,
    "<h2>",
    '<h3 id="x">',
    "</h3>",
    "<h1>",
    "</h1>",
    '<h2 id="who-to-call">',
    "Who to call",
    '<a href="https://example.org/x">',
    '<a href="#fn:1" class="footnote-ref">',
    '<a href="#fnref:1" class="footnote-backref">',
    '<a href="tel:0800" rel="nofollow" dir="rtl">',
    '<a href="javascript:alert(1)">',
    '<a title="t">',
    '<img src="https://cdn.example/i.png" alt="x">',
    '<img src="i.png" alt="Map" id="map">',
    '<img src="//cdn.example/i.png">',
    "<img>",
    '<video src="v.mp4">',
    '<video src="https://cdn.example/v.mp4">',
    "</video>",
    '<source src="">',
    "<source/>",
    "<code>",
    "</code>",
    "<pre>",
    "</pre>",
    "<bdi>",
    "</bdi>",
    "<br>",
    "<hr/>",
    "<p/>",
    "<a/>",
    "<h2/>",
    "رابطہ",
    "سلام عليكم",
    "0800 555 0100",
    "+44 20 7946 0000",
    "12",
    "www.example.org",
    "a@b.co",
    "-@-.-",
    "Café",
    "&amp;lt;",
    "&quot;",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(FINISH_PIECES), max_size=30), st.booleans())
@example(
    ['<video src="https://cdn.example/v.mp4">', "<br>", '<img src="i.png">', "</video>", "<p>"],
    False,
)
@example(
    ["<h2>", "A", "</h2>", '<h2 id="a">', "</h2>", "<h2>", "A", "</h2>", "<h2>", "</h2>"], False
)
@example(
    ['<video src="//x">', "<h2>", "A", "</h2>", "<a>", "</a>", "</video>", "<h2>", "</h2>"], True
)
@example(['<a href="tel:0800">', "0800 555 0100", "</a>", "<code>", "<b>", "</code>", "Café"], True)
def test_finishing_in_one_loop_gives_what_the_two_passes_gave(
    pieces: list[str], isolate: bool
) -> None:
    markup = "".join(pieces)
    assert finish_html(markup, isolate) == _reference_finish(markup, isolate)


@pytest.mark.parametrize("isolate", [False, True])
def test_finishing_real_pages_gives_what_the_two_passes_gave(isolate: bool) -> None:
    text = (
        "# Who to call\n\n## Who to call\n\n## Help {#help}\n\nRing [0800 555 0100](tel:0800555)"
        " or [www.example.org](https://example.org) or <a href='x.md'>x</a>.[^n]\n\n"
        "سلام [رابطہ](contact.md) 0800 555 0100 `code 123` and Café.\n\n"
        '![Map](img/map.png) ![](https://cdn.example/a.png) <video src="v.mp4"></video>\n\n'
        "<!-- a comment keeps html.parser in charge -->\n\n[^n]: Note.\n"
    )
    raw = convert(text, MarkdownOptions())
    for markup in (raw, clean_html(raw)):
        assert finish_html(markup, isolate) == _reference_finish(markup, isolate)


LTR_PIECES = [
    "-@-.-",
    "-",
    "@",
    ".",
    "_",
    "%",
    "+",
    "(",
    " ",
    "\u00a0",
    "ہم",
    "&",
    "<",
    "a",
    "é",
    "ḁ",
    "7",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*LTR_PIECES, "0800 555", "www.x", "https://x.org/a"])))
def test_isolating_skips_only_text_without_left_to_right_runs(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert isolated(text) == _reference_isolated(text)


def _full_audit(markup: str) -> list[Removal]:
    auditor = _Auditor()
    feed_html(auditor, markup)
    return auditor.removals


AUDIT_PIECES = [
    *HTML_PIECES,
    '<a href="javascript:x">',
    '<a href="java&#x0a;script:x">',
    '<a href="https://example.org" rel="x">',
    '<a onclick="x">',
    '<A ONCLICK="x">',
    '<p style="color:red">',
    '<p class="c" data-x="1">',
    '<img src="data:image/png;base64,x">',
    '<img src="i.png" width="3" srcset="a">',
    '<td align="left" valign="top">',
    "<font>",
    "<form>",
    "<svg>",
    "</svg>",
    "<iframe>",
    "<math/>",
    "<embed/>",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(AUDIT_PIECES), max_size=25))
def test_audit_shortcut_never_hides_a_removal(pieces: list[str]) -> None:
    markup = "".join(pieces)
    assert audit_html(markup) == _full_audit(markup)


def test_audit_shortcut_is_taken_for_ordinary_pages() -> None:
    text = (
        "# Title\n\nText with **bold**, [a link](x.md), https://example.org and a@b.co.[^1]\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- item\n\n![Map](img/map.png)\n\n[^1]: Note.\n"
    )
    assert _removes_nothing(convert(text, MarkdownOptions()))
    assert not _removes_nothing('<p onclick="x">a</p>')
    assert audit_html('<p onclick="x">a</p>') == _full_audit('<p onclick="x">a</p>') != []


LIMIT_PIECES = [
    "a",
    " ",
    "  ",
    "\t",
    "\u3000",
    "\n",
    "\n\n",
    "> ",
    ">>>>>>>>",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "১. ",
    "১. " * (MAX_NESTING // 2 + 1),
    "> " * (MAX_NESTING // 2 + 1),
    "12) ",
    "[",
    "[[[[[[[[",
    "[" * (MAX_NESTING // 2 + 1),
    "]",
    "](x)",
    "\\[",
    "```",
    "~~~",
    "        ",
    "\t\t\t\t\t\t\t\t",
    "- - - - - - - - ",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(LIMIT_PIECES), max_size=40))
@example(["a\n", "১. " * (MAX_NESTING // 2 + 1), "১. " * (MAX_NESTING // 2 + 1), "x"])
@example(["\t" * (MAX_NESTING // 4 + 1) + "> " * 30])
@example(["[" * (MAX_NESTING // 2 + 1), "\n", "[" * (MAX_NESTING // 2 + 1)])
@example(["[" * (MAX_NESTING + 1), "\n\n```\n", "[" * (MAX_NESTING + 1)])
def test_limits_shortcut_is_taken_only_when_no_line_exceeds_a_limit(pieces: list[str]) -> None:
    text = "".join(pieces)
    problems = Problems()
    ok = _check_limits_by_line(text, SourceRef(PATH, 3), problems)
    if _clearly_within_limits(text):
        assert ok and not problems.items
    shortcut_problems = Problems()
    assert check_limits(text, SourceRef(PATH, 3), shortcut_problems) == ok
    assert shortcut_problems.items == problems.items


def test_limits_shortcut_is_taken_for_ordinary_pages() -> None:
    text = "# T\n\n> quote\n\n- a\n  - b\n    1. c\n\n[x](y.md) and \\[z]\n\n```\n[[[[\n```\n"
    assert _clearly_within_limits(text)
    assert not _clearly_within_limits("[" * (MAX_NESTING + 1))
    assert not _clearly_within_limits("\n" + "> " * 17 + "deep")


@given(st.text(alphabet=" >\ta-1.", max_size=12))
def test_quote_split_without_a_marker_needs_no_regex(line: str) -> None:
    prefix = _QUOTE_PREFIX.match(line)
    quote = prefix.group(0) if prefix else ""
    assert _split_quote(line) == (quote, line[len(quote) :])


CONVERTER_SAMPLES = [
    "*[HTML]: Hyper Text Markup Language\n\nThe HTML spec, and *html* in `HTML`.",
    "Text[^1] and more.\n\n[^1]: A note with **bold** and <b>raw</b>.",
    '<div markdown="1">\n*inside* a div\n</div>\n\n<section>raw block</section>\n\nAfter.',
    "<DIV>upper case block</DIV>\n\n<p/>\n\n<custom-tag>inline</custom-tag> text",
    "Term\n: Definition with [a link](x.md){: .cls }\n\n| a | b |\n|:--|--:|\n| 1 | 2 |",
    "Call 0800 123 4567 or see https://example.org/x and www.example.org, mail a@b.co.",
    "```\n<script>code</script>\n```\n\n> quote with `code` and \\*escaped\\*",
]


@pytest.mark.parametrize("raw_html", [True, False])
def test_sped_up_converter_gives_what_plain_python_markdown_gives(raw_html: bool) -> None:
    """The inline pass skipping hopeless patterns and the remembered block-level check change
    no output."""
    plain = _plain_converter(raw_html)
    for text in CONVERTER_SAMPLES + [sample * 3 for sample in CONVERTER_SAMPLES]:
        expected = plain.reset().convert(text)
        assert convert(text, MarkdownOptions(raw_html=raw_html)) == expected


@pytest.mark.parametrize("raw_html", [True, False])
def test_extensions_given_as_objects_are_those_python_markdown_finds_by_name(
    raw_html: bool,
) -> None:
    names = ["tables", "footnotes", "attr_list", "def_list", "abbr", "fenced_code"]
    by_name = markdown.Markdown(
        extensions=[*names, PastedTextExtension(), *(["md_in_html"] if raw_html else [])],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    if not raw_html:
        by_name.preprocessors.deregister("html_block")
        by_name.inlinePatterns.deregister("html")
    plain = _plain_converter(raw_html)
    assert [type(e) for e in plain.registeredExtensions] == [
        type(e) for e in by_name.registeredExtensions
    ]
    for text in CONVERTER_SAMPLES:
        assert plain.reset().convert(text) == by_name.reset().convert(text)


INLINE_PIECES = [
    "`",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "[^1]",
    "![",
    "<",
    ">",
    "&",
    "amp;",
    "#1;",
    "  \n",
    "*",
    "_",
    "**",
    "://",
    "https://",
    "www.",
    "a@b.co",
    "@",
    "x",
    " ",
    ".",
    "\n",
    "\n\n",
    "- ",
    "a.md",
    "\x02",
    "\x03",
    "[x](a.md)",
    "[x][r]",
    "[r]: b.md",
    "![i](a.png)",
    "<https://a.example>",
    "<a@b.co>",
    "`c`",
    "*e*",
    "**s**",
    "_u_",
    "&amp;",
    "\\*",
    "# ",
    "## h {#id}",
    "\n===",
    "\n---",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "> ",
    ": def",
    "[^1]: note",
    "*[HTML]: x",
    "HTML",
    "    code",
    "1. ",
    "* * *",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(INLINE_PIECES), max_size=40), st.booleans())
def test_inline_pass_without_hopeless_tries_gives_the_stock_output(
    pieces: list[str], raw_html: bool
) -> None:
    text = "".join(pieces)
    expected = _plain_converter(raw_html).convert(text)
    assert convert(text, MarkdownOptions(raw_html=raw_html)) == expected
