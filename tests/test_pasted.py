"""Pasted letters come out as the writer meant them: lists, signatures, reply headers, links.

Fixtures in tests/fixtures/pasted/ are realistic pastes: a police letter copied from a PDF,
an e-mail thread with three messages, newest first, a council reply without a signature.
"""

from __future__ import annotations

from pathlib import Path

import pyphen
import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.build import check_site
from sitegen.content.markdown import render_markdown
from sitegen.content.markdown_types import MarkdownOptions
from sitegen.content.pasted_hyphens import (
    Lexicon,
    is_line_break_hyphen,
    read_word_list,
    word_list_path,
)
from sitegen.content.pasted_lists import OL_MARK
from sitegen.content.pasted_tidy import tidy_pasted
from sitegen.errors import Problems, SourceRef
from tests.sitefixture import NOW, build, build_fails, page, write_site

FIXTURES = Path(__file__).parent / "fixtures" / "pasted"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


LETTER_FRONT = "---\nfrom: Sarah Whitcombe\ndate: 2018-03-17\n---\n"
STATEMENT = "---\ntitle: After Victoria Road\ndate: 2018-03-18\n---\nOur statement.\n"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pasted")
    site = write_site(
        root / "site",
        {
            "content/index.md": "---\ntitle: Home\n---\nHello.\n",
            "content/statements/victoria-road/index.md": STATEMENT,
            "content/statements/victoria-road/letters/01-police.md": LETTER_FRONT
            + fixture("police-letter-from-pdf.txt"),
            "content/thread.md": "---\ntitle: The thread\npasted: true\n---\n"
            + fixture("thread-newest-first.txt"),
            "content/plain.md": "---\ntitle: Plain\n---\n"
            "Advice:\n\n    Lock the door at night.\n\n> A quote\n",
        },
    )
    built, _ = build(site)
    return built


def letter(out: Path) -> Tag:
    soup = page(out, "en/statements/victoria-road/index.html")
    article = soup.select_one('article[id="01-police"]')
    assert article is not None
    return article


def lines_of(element: Tag) -> list[str]:
    """The text of an element, one entry per line as a reader sees it (<br> ends a line)."""
    for br in element.find_all("br"):
        br.replace_with("\n")
    return [" ".join(line.split()) for line in element.get_text().split("\n") if line.strip()]


def paragraph_with(scope: Tag, words: str) -> Tag:
    found = next((p for p in scope.find_all("p") if words in p.get_text()), None)
    assert found is not None, words
    return found


# -- a police letter copied from a PDF -------------------------------------------------------


def test_bullets_become_a_list_with_wrapped_text_kept_in_its_item(out: Path) -> None:
    article = letter(out)
    top = article.select_one("ul")
    assert top is not None
    items = [" ".join(li.find(string=True, recursive=False).split()) for li in top("li")]
    assert items[:2] == [
        "more officers on foot patrol around places of worship, especially at prayer times",
        # wrapped across a blank line (a page break in the PDF)
        "a drop-in session with the Neighbourhood Policing Team at Northfield Library on "
        "Saturday 7 April, 10am to 12pm",
    ]
    # "–" after a tab, at the same indentation as the "•" items: one list, not code
    assert items[2] == "PC Daniel Osei as the named contact for faith leaders"
    assert article.find("pre") is None and article.find("code") is None


def test_numbering_with_a_tab_becomes_ordered_lists_of_their_style(out: Path) -> None:
    article = letter(out)
    lists = article.select("ol")
    assert [ol.get("type") for ol in lists] == [None, "i"]
    assert [li.get_text(strip=True) for li in lists[0]("li")] == [
        "Report every incident, however small, on 101 or online.",
        "Keep any photographs or messages; do not delete them.",
    ]
    assert [li.get_text(strip=True) for li in lists[1]("li")] == [
        "In an emergency always call 999.",
        "If you would rather not speak to the police, use True Vision.",
    ]


def test_line_break_hyphens_are_rejoined_and_real_ones_kept(out: Path) -> None:
    text = " ".join(letter(out).get_text().split())
    assert "offer reassurance to everyone" in text  # "reassurance" is written elsewhere
    assert "We treat Anti-Social behaviour" in text  # a capital after the hyphen: real
    assert "reassu" not in text.replace("reassurance", "")


def test_signature_and_letterhead_keep_their_lines(out: Path) -> None:
    article = letter(out)
    assert lines_of(paragraph_with(article, "Sarah Whitcombe")) == [
        "Sarah Whitcombe",
        "Chief Constable",
        "Wealdshire Police",
        "Police Headquarters, Castle Way, Wealdbury WB1 4PQ",
    ]
    assert lines_of(paragraph_with(article, "Castle Way")) == [
        "Wealdshire Police",
        "Police Headquarters",
        "Castle Way",
        "Wealdbury WB1 4PQ",
    ]


def test_outlook_link_is_one_link(out: Path) -> None:
    links = [a for a in letter(out).find_all("a") if "police.uk" in a.get("href", "")]
    assert [(a["href"], a.get_text()) for a in links] == [
        ("http://www.police.uk/report", "www.police.uk/report")
    ]


def test_invisible_characters_removed_and_mojibake_repaired(out: Path) -> None:
    text = letter(out).get_text()
    for invisible in ("\u00ad", "\u200b", "\u00a0"):
        assert invisible not in text
    assert "It’s never too late" in text  # curly apostrophe kept
    assert "Neighbourhood Policing Team will be visible" in " ".join(text.split())


# -- an e-mail thread pasted into a page with `pasted: true` ---------------------------------


def test_thread_has_no_block_quotes_and_reply_headers_become_headings(out: Path) -> None:
    soup = page(out, "en/thread/index.html")
    main = soup.find("main")
    assert main is not None
    assert main.find("blockquote") is None
    assert [h.get_text(" ", strip=True) for h in main.find_all("h4")] == [
        "Reply from the Leader of the Council on 4th May 2025",
        "On 3 May 2025, at 10:12, Sarah Whitcombe ( chief@wealdshire.police.example ) wrote",
    ]
    assert len(main.find_all("hr")) == 3  # before each reply header, and the original message
    assert lines_of(paragraph_with(main, "Sent: 02 May 2025")) == [
        "From: Amina Rahman amina@northfield-safety.example",
        "Sent: 02 May 2025 21:40",
        "To: Chief Constable chief@wealdshire.police.example",
        "Subject: Victoria Road mosque",
    ]
    assert [li.get_text(strip=True) for li in main.select("ul li")][-2:] == [
        "more officers on foot patrol around places of worship",
        "a drop-in at Northfield Library on Saturday 10 May",
    ]
    council = [a["href"] for a in main.find_all("a") if "northfield.gov.uk" in a["href"]]
    assert council == ["http://www.northfield.gov.uk/report"]


# -- ordinary pages ----------------------------------------------------------------------------


def test_indented_text_is_never_a_code_block_and_plain_pages_keep_quotes(out: Path) -> None:
    soup = page(out, "en/plain/index.html")
    main = soup.find("main")
    assert main is not None
    assert main.find("pre") is None
    assert paragraph_with(main, "Lock the door").get_text(strip=True) == "Lock the door at night."
    assert main.find("blockquote") is not None


def test_check_warns_about_leftovers_with_path_and_line(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/index.md": "---\ntitle: Home\n---\nHello.\n",
            "content/advice.md": (
                "---\ntitle: Advice\n---\n"
                "We offer reassu- rance to all.\n"  # line 4
                "• Lock your door\n"  # line 5
                ">> Reply from the council\n"  # line 6
                "\n"
                "See <http://www.example.org/report\n"  # line 8
                "\n"
                "Yours sincerely, Sarah Whitcombe Chief Constable\n"  # line 10
                "\n"
                "Pre- and post-natal care.\n"  # a suspended hyphen: fine
                "\n"
                "Kind regards,\n"  # line 14
                "Imran Siddiqui Leader Northfield Borough Council\n"
            ),
        },
    )
    found = [p.format() for p in check_site(site, now=NOW).problems]
    assert found == [
        "content/advice.md:4: warning: 'reassu- rance' looks like a word split by a hyphen: "
        "write 'reassurance', or 'reassu-rance' if the hyphen is meant",
        "content/advice.md:5: warning: the bullet '•' starts a line outside a list: write '- ' "
        "for a list item (or add 'pasted: true' to the front matter)",
        "content/advice.md:6: warning: a '>>' line is a reply quoted inside a reply: remove the "
        "'>' marks (or add 'pasted: true' to the front matter)",
        "content/advice.md:8: warning: a stray '<http' with no closing '>': write the web "
        "address whole, on one line",
        "content/advice.md:10: warning: the sign-off 'Yours sincerely' runs into 'Sarah "
        "Whitcombe Chief Constable': put the name, role and organisation on lines of their own",
        "content/advice.md:14: warning: the lines under the sign-off 'Kind regards' run "
        "together: 'Imran Siddiqui Leader Northfield Borough Council': put the name, role and "
        "organisation on lines of their own",
    ]


def test_pasted_page_gets_only_the_warnings_it_cannot_fix(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/index.md": "---\ntitle: Home\n---\nHello.\n",
            "content/advice.md": (
                "---\ntitle: Advice\npasted: true\n---\n"
                "• Lock your door\n"
                ">> Reply from the council\n"
                "\n"
                "See www.example.org/a<http://www.exam-\n"
                "ple.org/a> and reassu- rance.\n"  # line 9
            ),
        },
    )
    found = [p.format() for p in check_site(site, now=NOW).problems]
    assert found == [
        "content/advice.md:9: warning: 'reassu- rance' looks like a word split by a hyphen: "
        "write 'reassurance', or 'reassu-rance' if the hyphen is meant",
    ]


def test_pasted_false_is_the_default_and_a_wrong_value_is_located(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/index.md": "---\ntitle: Home\npasted: maybe\n---\nHello.\n",
        },
    )
    found = [p.format() for p in check_site(site, now=NOW).problems]
    assert len(found) == 1 and found[0].startswith("content/index.md:3: error: ")
    assert "pasted" in found[0]


def test_a_broken_url_in_angle_brackets_is_one_link(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/index.md": "---\ntitle: Home\npasted: true\n---\n"
            "Report it at www.example.org/report<http://www.exam-\n"
            "  ple.org/report> please.\n",
        },
    )
    built, result = build(site)
    main = page(built, "en/index.html").find("main")
    assert isinstance(main, Tag)
    assert [(a["href"], a.get_text()) for a in main.find_all("a")] == [
        ("http://www.example.org/report", "www.example.org/report")
    ]
    assert result.warnings == ()


def test_a_break_that_lost_letters_links_to_the_address_shown(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/index.md": "---\ntitle: Home\npasted: true\n---\n"
            "Report it at www.example.org/report<http://www.exam-\n"
            ".org/report> please.\n",
        },
    )
    built, _ = build(site)
    main = page(built, "en/index.html").find("main")
    assert isinstance(main, Tag)
    assert [(a["href"], a.get_text()) for a in main.find_all("a")] == [
        ("http://www.example.org/report", "www.example.org/report")
    ]


def test_a_broken_address_under_other_text_is_still_refused(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/index.md": "---\ntitle: Home\npasted: true\n---\n"
            "Report it at www.evil.example/report<http://www.exam-\n"
            ".org/report>.\n",
        },
    )
    error = build_fails(site)
    assert [p.format() for p in error.errors] == [
        "content/index.md:5: error: deceptive link: the text shows the web address "
        "'www.evil.example/report' but the link goes to 'www.exam-.org'",
        "content/index.md:5: error: web address 'http://www.exam-.org/report' has an invalid "
        "site name 'www.exam-.org': write it like 'https://www.example.org/help'",
    ]


def test_an_outlook_header_on_one_line_gets_a_line_for_each_field(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/index.md": "---\ntitle: Home\npasted: true\n---\n"
            "Thank you.\n\n"
            "From: Amina Rahman Sent: 02 May 2025 21:40 To: Chief Constable Subject: Mosque\n\n"
            "Dear Chief Constable,\n",
        },
    )
    built, _ = build(site)
    main = page(built, "en/index.html").find("main")
    assert isinstance(main, Tag)
    assert main.find("hr") is not None
    assert lines_of(paragraph_with(main, "Sent:")) == [
        "From: Amina Rahman",
        "Sent: 02 May 2025 21:40",
        "To: Chief Constable",
        "Subject: Mosque",
    ]


def test_signatures_in_other_languages_keep_their_lines(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/index.md": "---\ntitle: Home\n---\nHello.\n",
            "content/statements/s/index.md": STATEMENT,
            "content/statements/s/letters/01-council.md": "---\nfrom: Imran Siddiqui\n---\n"
            "Dear Amina,\n\nThank you for your message on Sunday.\n\nBest wishes,\n"
            "Imran Siddiqui\nLeader of the Council, Northfield Borough Council, Town Hall\n",
            "content/statements/s/letters/01-council.ur.md": "---\nfrom: عمران صدیقی\n---\n"
            "محترمہ امینہ،\n\nاتوار کو آپ کے پیغام کا بہت شکریہ۔\n\nنیک تمناؤں کے ساتھ،\n\n"
            "عمران صدیقی\nلیڈر، نارتھ فیلڈ بورو کونسل کی طرف سے، ٹاؤن ہال، مارکیٹ اسکوائر\n",
        },
    )
    built, _ = build(site)
    for rel, name, expected in (
        (
            "en/statements/s/index.html",
            "Imran Siddiqui",
            [
                "Best wishes,",
                "Imran Siddiqui",
                "Leader of the Council, Northfield Borough Council, Town Hall",
            ],
        ),
        (
            "ur/statements/s/index.html",
            "عمران صدیقی",
            ["عمران صدیقی", "لیڈر، نارتھ فیلڈ بورو کونسل کی طرف سے، ٹاؤن ہال، مارکیٹ اسکوائر"],
        ),
    ):
        article = page(built, rel).select_one('article[id="01-council"]')
        assert article is not None
        assert lines_of(paragraph_with(article, name)) == expected, rel


def test_lists_in_letters_and_roman_numerals_keep_their_start(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/index.md": "---\ntitle: Home\npasted: true\n---\n"
            "Steps:\n(c) third\n(d) fourth\n\n- a bullet\n3) three\n4) four\n",
        },
    )
    built, _ = build(site)
    main = page(built, "en/index.html").find("main")
    assert isinstance(main, Tag)
    lists = [(ol.name, ol.get("type"), ol.get("start")) for ol in main.find_all(["ol", "ul"])]
    assert lists == [("ol", "a", "3"), ("ul", None, None), ("ol", None, "3")]


# -- which hyphens at a line's end are line breaks --------------------------------------------


def test_a_word_list_decides_when_the_document_does_not(tmp_path: Path) -> None:
    words = tmp_path / "british-english"
    words.write_text("investigation\nneighbour\nneighbour's\nsocial\n", encoding="utf-8")
    listed = Lexicon(read_word_list(str(words)), None)
    assert "neighbour's" not in listed.words
    assert is_line_break_hyphen("investi", "gation", frozenset(), listed)
    assert not is_line_break_hyphen("anti", "social", frozenset(), listed)  # not listed joined
    # the document wins over the list, both ways
    assert not is_line_break_hyphen("investi", "gation", {"investi-gation"}, listed)
    assert is_line_break_hyphen("anti", "social", {"antisocial"}, listed)


def test_without_a_word_list_the_hyphenation_dictionary_decides() -> None:
    dictionary = Lexicon(frozenset(), pyphen.Pyphen(lang="en_GB"))
    assert is_line_break_hyphen("neigh", "bourhood", frozenset(), dictionary)
    assert not is_line_break_hyphen("neighb", "ourhood", frozenset(), dictionary)
    assert not is_line_break_hyphen("Anti", "Social", {"antisocial"}, dictionary)
    assert not is_line_break_hyphen("COVID", "19", frozenset(), dictionary)
    assert not is_line_break_hyphen("reassu", "rance", frozenset(), Lexicon(frozenset(), None))


def test_word_lists_are_looked_for_by_language(tmp_path: Path) -> None:
    words = tmp_path / "words"
    words.write_text("word\n", encoding="utf-8")
    places = {"en": (str(tmp_path / "missing"), str(words))}
    assert word_list_path("en-GB", places) == str(words)
    assert word_list_path("pl", places) is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "• item",
                "\t◦ inner",
                "1)\tone",
                "(iv) four",
                "Yours sincerely,",
                "Sarah Whitcombe",
                "> quoted",
                ">> Reply from the council on 4 May 2025",
                "From: A <a@b.example>",
                "Sent: 3 May 2025",
                "-----Original Message-----",
                "www.x.org/a<http://www.x-",
                "org/a>",
                "reassu-",
                "rance",
                "```",
                "    code",
                "| a | b |",
                "# Title",
                "<div>",
                "word\u00ad",
                "Itâ€™s",
                "* * *",
                "- [x](y)",
            ]
        ),
        max_size=14,
    )
)
def test_any_paste_renders_without_failing_and_lists_are_well_formed(lines: list[str]) -> None:
    problems = Problems()
    result = render_markdown(
        "\n".join(lines), SourceRef("content/x.md", 1), problems, MarkdownOptions(pasted=True)
    )
    assert OL_MARK not in result.html
    soup = BeautifulSoup(result.html, "html.parser")
    for item in soup.find_all("li"):
        assert item.parent is not None and item.parent.name in ("ul", "ol")
    assert soup.find("blockquote", recursive=True) is None or not soup.select(
        "blockquote blockquote"
    )


@pytest.mark.parametrize(
    "name",
    ["police-letter-from-pdf.txt", "thread-newest-first.txt", "council-reply-no-signature.txt"],
)
def test_what_import_writes_renders_as_the_paste_does(name: str) -> None:
    """`sitegen import` writes the tidied text; read again, it must render the same."""
    pasted = fixture(name)
    options = MarkdownOptions(pasted=True)
    ref = SourceRef("content/x.md", 1)
    tidied = tidy_pasted(pasted)
    assert tidy_pasted(tidied) == tidied
    assert (
        render_markdown(tidied, ref, Problems(), options).html
        == render_markdown(pasted, ref, Problems(), options).html
    )


def test_tidy_writes_markdown_a_file_can_keep(tmp_path: Path) -> None:
    text = "Steps:\n(a)\tone\n(b)\ttwo\n\n• first\n\t◦ inner\n"
    assert tidy_pasted(text) == "Steps:\n\na) one\nb) two\n\n- first\n    - inner\n"
