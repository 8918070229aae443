"""Translations (.po) are text, never markup, and a bad catalog stops the build at its line."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
from babel.messages.plurals import get_plural
from bs4 import BeautifulSoup

from sitegen.build import build_site
from sitegen.errors import Problems, SiteError
from sitegen.i18n.catalogs import merged_translations
from sitegen.i18n.pofiles import CatalogSource, check_po_syntax
from sitegen.incremental.cache import Cache
from tests.sitefixture import NOW, build, build_fails, page, write_site

REPO = Path(__file__).resolve().parent.parent
PL_PO = "translations/pl/LC_MESSAGES/messages.po"
PL_PLURAL = "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
PL_HEADER = f"""\
msgid ""
msgstr ""
"Language: pl\\n"
"Plural-Forms: nplurals=3; plural={PL_PLURAL};\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

"""  # 6 lines: the first message starts on line 7
HOME = {
    "content/index.md": "---\ntitle: Home\n---\nHello.\n",
    "content/t.md": "---\ntitle: T\n---\nx\n",
}

# A page template that uses every gettext path a theme can use.
PAGE_TEMPLATE = """\
<!doctype html>
<html lang="{{ lang.code }}"><body>
<p id="gettext">{{ _("Call us") }}</p>
<p id="vars">{{ _("Hello %(name)s", name="<b>Sam</b>") }}</p>
<p id="ngettext">{{ ngettext("%(num)d letter", "%(num)d letters", 3) }}</p>
<p id="pgettext">{{ pgettext("greeting", "Welcome") }}</p>
<p id="npgettext">{{ npgettext("mail", "%(num)d item", "%(num)d items", 1) }}</p>
<p id="trans">{% trans who="<i>Ann</i>" %}Thanks, {{ who }}{% endtrans %}</p>
<p id="plural">{% trans count=5 %}{{ count }} service{% pluralize -%}
{{ count }} services{% endtrans %}</p>
<p id="context">{% trans "button" %}Leave{% endtrans %}</p>
</body></html>
"""

HOSTILE_PO = (
    PL_HEADER
    + """\
msgid "Call us"
msgstr "<script>alert(1)</script>Zadzwoń"

msgid "Hello %(name)s"
msgstr "<img src=x onerror=alert(1)>Cześć %(name)s"

msgid "%(num)d letter"
msgid_plural "%(num)d letters"
msgstr[0] "%(num)d list"
msgstr[1] "%(num)d listy <b>!</b>"
msgstr[2] "%(num)d listów"

msgctxt "greeting"
msgid "Welcome"
msgstr "<a href=\\"javascript:alert(1)\\">Witamy</a>"

msgctxt "mail"
msgid "%(num)d item"
msgid_plural "%(num)d items"
msgstr[0] "%(num)d rzecz &amp;"
msgstr[1] "%(num)d rzeczy"
msgstr[2] "%(num)d rzeczy"

msgid "Thanks, %(who)s"
msgstr "<u>Dzięki</u>, %(who)s"

msgid "%(count)s service"
msgid_plural "%(count)s services"
msgstr[0] "%(count)s usługa"
msgstr[1] "%(count)s usługi"
msgstr[2] "<em>%(count)s</em> usług"

msgctxt "button"
msgid "Leave"
msgstr "<iframe>Wyjdź"
"""
)


def _po_site(tmp_path: Path, po: str, extra: dict[str, str] | None = None) -> Path:
    files: dict[str, str | bytes] = {**HOME, PL_PO: po.encode("utf-8"), **(extra or {})}
    return write_site(tmp_path / "s", files)


def test_every_gettext_path_renders_a_hostile_translation_as_text(tmp_path: Path) -> None:
    site = _po_site(tmp_path, HOSTILE_PO, {"templates/page.html": PAGE_TEMPLATE})
    out, result = build(site)
    html = page(out, "pl/t/index.html")
    text = {p["id"]: p.get_text() for p in html.find_all("p")}
    assert text == {
        "gettext": "<script>alert(1)</script>Zadzwoń",
        "vars": "<img src=x onerror=alert(1)>Cześć <b>Sam</b>",
        "ngettext": "3 listy <b>!</b>",
        "pgettext": '<a href="javascript:alert(1)">Witamy</a>',
        "npgettext": "1 rzecz &amp;",
        "trans": "<u>Dzięki</u>, <i>Ann</i>",
        "plural": "<em>5</em> usług",
        "context": "<iframe>Wyjdź",
    }
    for tag in ("script", "img", "a", "b", "i", "u", "em", "iframe"):
        assert html.find(tag) is None, tag
    # dict.fromkeys: search and leaflet pages load the catalogs again and repeat the warnings.
    warned = list(
        dict.fromkeys((str(p.ref), p.message) for p in result.warnings if p.ref.path == PL_PO)
    )
    assert [ref for ref, _ in warned] == [
        f"{PL_PO}:{line}" for line in (8, 11, 16, 21, 26, 31, 37, 41)
    ]
    assert warned[0][1] == (
        "translation of 'Call us' contains markup ('<s'): it is shown as text, not as HTML; "
        "remove it"
    )


def test_english_page_uses_the_source_text(tmp_path: Path) -> None:
    site = _po_site(tmp_path, HOSTILE_PO, {"templates/page.html": PAGE_TEMPLATE})
    out, _ = build(site)
    text = {p["id"]: p.get_text() for p in page(out, "en/t/index.html").find_all("p")}
    assert text["vars"] == "Hello <b>Sam</b>"
    assert text["plural"] == "5 services"


def _message(msgid: str, msgstr: str) -> str:
    return PL_HEADER + f'msgid "{msgid}"\nmsgstr "{msgstr}"\n'


def _plural(*forms: str) -> str:
    strings = "".join(f'msgstr[{i}] "{form}"\n' for i, form in enumerate(forms))
    return PL_HEADER + 'msgid "%(num)d letter"\nmsgid_plural "%(num)d letters"\n' + strings


PLACEHOLDER_CASES = {
    "placeholder renamed",
    "placeholder left out",
    "brace placeholder changed",
    "positional placeholder",
}
# (case, catalog text, line of the error, fragment of the message)
BAD_CATALOGS = [
    (
        "placeholder renamed",
        _message("Hello %(name)s", "Cześć %(imie)s"),
        8,
        "has the placeholder %(imie)s that the source does not have",
    ),
    (
        "placeholder left out",
        _message("By %(author)s", "Autor"),
        8,
        "leaves out the placeholders 'author': keep each one",
    ),
    (
        "brace placeholder changed",
        _message("Hello {name}", "Cześć {imie}"),
        8,
        "has placeholders '{imie}' but the source has '{name}'",
    ),
    (
        "percent read as a placeholder",
        _message("Fully sure", "100% sure"),
        8,
        "has '% s', which Python reads as a placeholder: write a percent sign as '%%'",
    ),
    (
        "percent with a placeholder in the source",
        _message("%(num)d%% sure", "%(num)d% sure"),
        8,
        "has '% s', which Python reads as a placeholder",
    ),
    (
        "lone percent at the end",
        _message("All of it", "100%"),
        8,
        "has a '%' that Python cannot read ('%'): write '%%'",
    ),
    (
        "positional placeholder",
        _message("Hello %(name)s", "Cześć %s"),
        8,
        "has '%s', which Python reads as a placeholder",
    ),
    (
        "changed phone number",
        _message("Call 0800 789 321", "Zadzwoń 0800 555 0199"),
        8,
        "changes the numbers: the source has '0800789321', the translation '08005550199'",
    ),
    (
        "changed web address",
        _message("See https://www.police.uk", "Zobacz https://police.evil.example"),
        8,
        "changes the web and e-mail addresses: the source has 'https://www.police.uk'",
    ),
    (
        "added e-mail address",
        _message("Write to us", "Napisz: help@evil.example"),
        8,
        "the source has none, the translation 'help@evil.example'",
    ),
    (
        "too few plural forms",
        _plural("%(num)d list", "%(num)d listy"),
        7,
        "has 2 plural forms; the catalog's Plural-Forms header asks for 3 (msgstr[0] to msgstr[2])",
    ),
    (
        "too many plural forms",
        _plural("%(num)d list", "%(num)d listy", "%(num)d listów", "%(num)d x"),
        7,
        "has more plural forms than the catalog's Plural-Forms header asks for (3)",
    ),
    (
        "empty plural form",
        _plural("%(num)d list", "", "%(num)d listów"),
        10,
        "fill every plural form or none",
    ),
    (
        "wrong Plural-Forms header",
        PL_HEADER.replace("nplurals=3", "nplurals=2") + 'msgid "a"\nmsgstr "b"\n',
        4,
        "the catalog has 2 plural forms but 'pl' has 3 (Unicode CLDR): write 'Plural-Forms: "
        f"nplurals=3; plural={get_plural('pl').plural_expr};'",
    ),
    (
        "plural rule that picks other forms",
        PL_HEADER.replace("(n==1 ? 0 :", "(n==2 ? 0 :") + 'msgid "a"\nmsgstr "b"\n',
        4,
        "the plural rule picks form 2 for n=1, not 0: a different rule than CLDR's rule for 'pl'",
    ),
    (
        "unreadable plural rule",
        PL_HEADER.replace("plural=(n==1", "plural=(import os; n==1") + 'msgid "a"\nmsgstr "b"\n',
        4,
        "cannot be read",
    ),
    (
        "catalog of another language",
        PL_HEADER.replace("Language: pl", "Language: ar") + 'msgid "a"\nmsgstr "b"\n',
        3,
        "the catalog says 'Language: ar' but is the one for 'pl'",
    ),
    (
        "unterminated string",
        PL_HEADER + 'msgid "a"\nmsgstr "b\n\nmsgid "c"\nmsgstr "d"\n',
        8,
        'the string is not closed: end it with "',
    ),
    (
        "unterminated continuation",
        PL_HEADER + 'msgid "a"\nmsgstr ""\n"b\n',
        9,
        "the string is not closed",
    ),
    ("text after the string", PL_HEADER + 'msgid "a"\nmsgstr "b" x\n', 8, "after the closing"),
    ("stray line", PL_HEADER + 'msgid "a"\nmsgstr "b"\nhello\n', 9, "cannot read 'hello'"),
    ("msgid without msgstr", PL_HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 7, "no msgstr"),
    (
        "plural form without msgid_plural",
        PL_HEADER + 'msgid "a"\nmsgstr[0] "b"\n',
        8,
        "msgstr[0] belongs to a plural message",
    ),
    (
        "plural forms out of order",
        PL_HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[2] "c"\n',
        10,
        "expected msgstr[1] here, found msgstr[2]",
    ),
    (
        "message twice",
        PL_HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
        10,
        "this message is in the catalog twice, at lines 7 and 10: keep one",
    ),
]


def _theme_with(tmp_path: Path, po: str) -> Path:
    """Make a copy of the default theme whose Polish catalog is `po`."""
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "templates", theme / "templates")
    po_path = theme / "translations/pl/LC_MESSAGES/messages.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text(po, encoding="utf-8")
    return theme


@pytest.mark.parametrize(
    ("po", "line", "fragment"),
    [case[1:] for case in BAD_CATALOGS],
    ids=[case[0] for case in BAD_CATALOGS],
)
def test_bad_theme_catalog_stops_the_build_at_its_line(
    tmp_path: Path, po: str, line: int, fragment: str
) -> None:
    theme = _theme_with(tmp_path, po)
    site = write_site(tmp_path / "s", HOME)
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(SiteError) as caught:
        build_site(site, out, now=NOW, theme_root=theme)
    errors = caught.value.errors
    theme_po = f"theme/{PL_PO}"
    assert [str(e.ref) for e in errors] == [f"{theme_po}:{line}"] * len(errors)
    assert any(fragment in e.message for e in errors), [e.message for e in errors]
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


SITE_CASES = [case for case in BAD_CATALOGS if case[0] not in PLACEHOLDER_CASES]


@pytest.mark.parametrize(
    ("po", "line", "fragment"),
    [case[1:] for case in SITE_CASES],
    ids=[case[0] for case in SITE_CASES],
)
def test_bad_site_catalog_stops_the_build_at_its_line(
    tmp_path: Path, po: str, line: int, fragment: str
) -> None:
    site = _po_site(tmp_path, po)
    errors = build_fails(site).errors
    assert [str(e.ref) for e in errors] == [f"{PL_PO}:{line}"] * len(errors)
    assert any(fragment in e.message for e in errors), [e.message for e in errors]


@pytest.mark.parametrize("case", sorted(PLACEHOLDER_CASES))
def test_site_catalog_placeholder_errors_stop_the_build(tmp_path: Path, case: str) -> None:
    # sitegen.check reports these first, at the msgid's line; i18n at the msgstr's line.
    (po,) = [entry[1] for entry in BAD_CATALOGS if entry[0] == case]
    errors = build_fails(_po_site(tmp_path, po)).errors
    assert errors
    assert {str(e.ref) for e in errors} <= {f"{PL_PO}:7", f"{PL_PO}:8"}
    assert all("placeholder" in e.message or "leaves out" in e.message for e in errors)


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        (PL_HEADER.encode() + b'msgid "a"\nmsgstr "\xff"\n', 8, "not valid UTF-8 at byte"),
        (PL_HEADER.encode() + b'msgid "a"\nmsgstr "\x00"\n', 8, "a NUL character"),
        (b"\xff\xfe" + PL_HEADER.encode("utf-16-le"), 1, "saved as UTF-16"),
    ],
    ids=["invalid UTF-8", "NUL byte", "UTF-16"],
)
def test_undecodable_catalog_names_file_and_byte(
    tmp_path: Path, data: bytes, line: int, fragment: str
) -> None:
    site = write_site(tmp_path / "s", {**HOME, PL_PO: data})
    (error,) = build_fails(site).errors
    assert str(error.ref) == f"{PL_PO}:{line}"
    assert fragment in error.message


def test_catalog_with_bom_and_crlf_reads(tmp_path: Path) -> None:
    po = _message("Call us", "Zadzwoń").replace("\n", "\r\n")
    site = write_site(
        tmp_path / "s",
        {**HOME, PL_PO: b"\xef\xbb\xbf" + po.encode(), "templates/page.html": PAGE_TEMPLATE},
    )
    out, _ = build(site)
    assert page(out, "pl/t/index.html").find(id="gettext").get_text() == "Zadzwoń"


def test_translated_number_in_other_digits_is_the_same_number(tmp_path: Path) -> None:
    site = _po_site(tmp_path, _message("Call 0800 789 321", "Zadzwoń ۰۸۰۰ ۷۸۹ ۳۲۱"))
    build(site)


def test_fuzzy_translation_is_not_checked_or_used(tmp_path: Path) -> None:
    po = PL_HEADER + '#, fuzzy\nmsgid "Call us"\nmsgstr "Zadzwoń 0800 555 0199 %s"\n'
    site = _po_site(tmp_path, po, {"templates/page.html": PAGE_TEMPLATE})
    out, _ = build(site)
    assert page(out, "pl/t/index.html").find(id="gettext").get_text() == "Call us"


def test_theme_catalog_errors_name_the_theme(tmp_path: Path) -> None:
    theme = _theme_with(tmp_path, _message("Hello %(name)s", "Cześć %(imie)s"))
    site = write_site(tmp_path / "s", HOME)
    with pytest.raises(SiteError) as caught:
        build_site(site, tmp_path / "out", now=NOW, theme_root=theme)
    prefix = "theme/translations/pl/LC_MESSAGES/messages.po:8: error: translation of "
    assert str(caught.value).splitlines() == [
        prefix + "'Hello %(name)s' has the placeholder %(imie)s that the source does not have",
        prefix + "'Hello %(name)s' leaves out the placeholders 'name': keep each one",
    ]


def test_site_catalog_overrides_the_theme_only_when_both_are_good(tmp_path: Path) -> None:
    good = CatalogSource(tmp_path / "theme.po", "theme/translations/pl/LC_MESSAGES/messages.po")
    good.path.write_text(_message("Call us", "Zadzwoń"), encoding="utf-8")
    site = CatalogSource(tmp_path / "site.po", PL_PO)
    site.path.write_text(_message("Call us", "Dzwoń %s"), encoding="utf-8")
    problems = Problems()
    translations = merged_translations([good, site], "pl", problems)
    assert [str(p.ref) for p in problems.errors] == [f"{PL_PO}:8"]
    assert translations.gettext("Call us") == "Call us"  # nothing half-loaded
    site.path.write_text(_message("Call us", "Dzwoń"), encoding="utf-8")
    problems = Problems()
    assert merged_translations([good, site], "pl", problems).gettext("Call us") == "Dzwoń"
    assert problems.items == []


def test_catalogs_read_before_come_from_the_cache_with_their_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import babel.messages.pofile

    cache = Cache(tmp_path / "cache")
    po = CatalogSource(tmp_path / "pl.po", PL_PO)
    po.path.write_text(_message("Call us", "Zadzwoń <b>teraz</b>"), encoding="utf-8")
    first = Problems()
    assert (
        merged_translations([po], "pl", first, cache).gettext("Call us") == "Zadzwoń <b>teraz</b>"
    )
    assert [p.level for p in first.items] == ["warning"]  # markup shown as text
    reads: list[object] = []
    real = babel.messages.pofile.read_po  # looked up there when a catalog is read

    def counting(*args: Any, **kwargs: Any) -> Any:
        reads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(babel.messages.pofile, "read_po", counting)
    again = Problems()
    assert (
        merged_translations([po], "pl", again, cache).gettext("Call us") == "Zadzwoń <b>teraz</b>"
    )
    assert reads == []
    assert again.items == first.items
    po.path.write_text(_message("Call us", "Dzwoń %s"), encoding="utf-8")
    failed = Problems()
    assert merged_translations([po], "pl", failed, cache).gettext("Call us") == "Call us"
    assert len(reads) == 1
    assert [str(p.ref) for p in failed.errors] == [f"{PL_PO}:8"]
    failed_again = Problems()
    assert merged_translations([po], "pl", failed_again, cache).gettext("Call us") == "Call us"
    assert len(reads) == 1
    assert failed_again.items == failed.items  # an error is found again without reading


def test_every_problem_of_a_catalog_is_reported_at_once() -> None:
    text = textwrap.dedent(
        """\
        msgid "a"
        msgstr "b

        msgid "c"
        msgstr "d" e
        """
    )
    problems = Problems()
    check_po_syntax(text, PL_PO, problems)
    assert [p.format() for p in problems.items] == [
        f'{PL_PO}:2: error: the string is not closed: end it with " (write a quote inside it '
        'as \\")',
        f"{PL_PO}:5: error: text after the closing quote: put the whole string inside the quotes",
    ]


def test_theme_catalogs_of_the_repository_are_clean() -> None:
    for po in sorted((REPO / "translations").glob("*/LC_MESSAGES/messages.po")):
        lang = po.parent.parent.name
        problems = Problems()
        merged_translations([CatalogSource(po, f"translations/{lang}")], lang, problems)
        assert problems.items == [], lang


def test_hostile_translation_in_the_built_html_is_escaped(tmp_path: Path) -> None:
    site = _po_site(tmp_path, HOSTILE_PO, {"templates/page.html": PAGE_TEMPLATE})
    out, _ = build(site)
    raw = (out / "pl/t/index.html").read_text(encoding="utf-8")
    assert "<script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert BeautifulSoup(raw, "html.parser").find("script") is None
