"""Tests for declarative schemas: conversions, located problems, all reported at once."""

from __future__ import annotations

import datetime

import pytest

from sitegen.errors import Problems, SourceRef
from sitegen.read.frontmatter import split_front_matter
from sitegen.read.schema import Field, Kind, Schema
from sitegen.read.schemas import LETTER_SCHEMA, PAGE_SCHEMA, SITE_SCHEMA
from sitegen.read.validate import Record, validate
from sitegen.read.yamlread import load_yaml

PATH = "site.yaml"


def _check(text: str, schema: Schema | tuple[Field, ...]) -> tuple[Record, list[tuple[int, str]]]:
    problems = Problems()
    record = validate(load_yaml(text, PATH), schema, PATH, problems)
    assert all(p.ref.path == PATH for p in problems.items)
    return record, [(p.ref.line or 0, p.message) for p in problems.errors]


def _one(kind: Kind, written: str, **options: object) -> tuple[object, list[tuple[int, str]]]:
    schema = (Field("x", kind, **options),)  # type: ignore[arg-type]
    record, errors = _check(f"other: 1\nx: {written}\n", (*schema, Field("other", Kind.TEXT)))
    return record.get("x"), errors


# --- TEXT ---------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["02071234567", "999", "no", "1.10", "9:00", "'quoted'"])
def test_text_is_kept_exactly_as_written(written: str) -> None:
    value, errors = _one(Kind.TEXT, written)
    assert errors == []
    assert value == written.strip("'")
    assert type(value) is str


def test_text_given_a_list_is_an_error() -> None:
    value, errors = _one(Kind.TEXT, "\n  - a\n  - b")
    assert value is None
    assert errors == [(3, "'x' must be text, found a list")]


def test_text_given_a_mapping_is_an_error() -> None:
    _, errors = _one(Kind.TEXT, "{a: b}")
    assert errors == [(2, "'x' must be text, found 'key: value' lines")]


def test_text_choices() -> None:
    value, errors = _one(Kind.TEXT, "news", choices=("page", "advice"))
    assert value is None
    assert errors == [(2, "'x' must be one of: page, advice; found 'news'")]
    assert _one(Kind.TEXT, "advice", choices=("page", "advice")) == ("advice", [])


# --- BOOL ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"), [("true", True), ("False", False), ("TRUE", True)]
)
def test_bool_true_and_false(written: str, expected: bool) -> None:
    assert _one(Kind.BOOL, written) == (expected, [])


@pytest.mark.parametrize("written", ["yes", "no", "on", "off", "1"])
def test_bool_other_words_are_errors(written: str) -> None:
    value, errors = _one(Kind.BOOL, written)
    assert value is None
    assert errors == [(2, f"'x' must be true or false, found '{written}': write true or false")]


def test_bool_quoted_is_an_error() -> None:
    _, errors = _one(Kind.BOOL, '"true"')
    assert errors == [
        (2, "'x' must be true or false, found \"true\" in quotes: write true or false")
    ]


# --- INT ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "expected"), [("10", 10), ("-3", -3), ("+7", 7), ("007", 7)])
def test_int(written: str, expected: int) -> None:
    assert _one(Kind.INT, written) == (expected, [])


@pytest.mark.parametrize("written", ["1.5", "0x10", "ten", "١٢", "1" * 19])
def test_int_errors(written: str) -> None:
    value, errors = _one(Kind.INT, written)
    assert value is None
    assert errors == [(2, f"'x' must be a whole number such as 10 or -3, found '{written}'")]


# --- DATE ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-03-01", datetime.date(2024, 3, 1)),
        ("2024-03-01 14:30", datetime.datetime(2024, 3, 1, 14, 30)),
        ("2024-03-01 14:30:15", datetime.datetime(2024, 3, 1, 14, 30, 15)),
        ("2024-03-01T14:30:00", datetime.datetime(2024, 3, 1, 14, 30)),
        ("2024-03-01T14:30Z", datetime.datetime(2024, 3, 1, 14, 30, tzinfo=datetime.UTC)),
        (
            "2024-03-01T14:30:00+01:00",
            datetime.datetime(
                2024, 3, 1, 14, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
            ),
        ),
        ("'2024-03-01'", datetime.date(2024, 3, 1)),
    ],
)
def test_date_forms(written: str, expected: datetime.date) -> None:
    value, errors = _one(Kind.DATE, written)
    assert errors == []
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("2024-02-30", "day is out of range for month"),
        ("2024-13-01", "month must be in 1..12"),
        ("2024-03-01 25:00", "hour must be in 0..23"),
    ],
)
def test_impossible_date_is_a_located_error(written: str, reason: str) -> None:
    value, errors = _one(Kind.DATE, written)
    assert value is None
    assert errors == [(2, f"'x' is not a real date: '{written}' ({reason})")]


@pytest.mark.parametrize("written", ["1 March 2024", "2024/03/01", "20240301", "2024-W01", "2024"])
def test_date_in_another_shape_is_an_error(written: str) -> None:
    _, errors = _one(Kind.DATE, written)
    assert errors == [
        (
            2,
            f"'x' must be a date written like 2024-03-01 (or 2024-03-01 14:30), found '{written}'",
        )
    ]


# --- TEXT_LIST ----------------------------------------------------------------------------


def test_text_list() -> None:
    assert _one(Kind.TEXT_LIST, "[a, 999, no]") == (("a", "999", "no"), [])
    assert _one(Kind.TEXT_LIST, "[]") == ((), [])


def test_text_list_accepts_one_scalar() -> None:
    assert _one(Kind.TEXT_LIST, "police") == (("police",), [])


def test_text_list_bad_items_are_located() -> None:
    value, errors = _one(Kind.TEXT_LIST, "\n  - a\n  - [b]\n  -\n  - {c: d}")
    assert value is None
    assert errors == [
        (4, "item 2 of 'x' must be text, found a list"),
        (5, "item 3 of 'x' must be text, found nothing"),
        (6, "item 4 of 'x' must be text, found 'key: value' lines"),
    ]


def test_text_list_given_a_mapping_is_an_error() -> None:
    _, errors = _one(Kind.TEXT_LIST, "\n  a: b")
    assert errors == [(3, "'x' must be a list of text, found 'key: value' lines")]


# --- LANG, LANG_LIST ----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["en", "ur", "ar", "bn", "pl", "cy", "so", "pt-BR", "pt_BR"])
def test_lang_known_codes_stay_as_written(code: str) -> None:
    assert _one(Kind.LANG, code) == (code, [])


@pytest.mark.parametrize("code", ["xx", "zz-ZZ", "12", "../en", "en-"])
def test_lang_unknown_code_is_an_error(code: str) -> None:
    value, errors = _one(Kind.LANG, code)
    assert value is None
    assert errors == [
        (2, f"unknown language code '{code}': use a standard code such as en, ur, cy or pt-BR")
    ]


def test_lang_list() -> None:
    assert _one(Kind.LANG_LIST, "[en, ur, pt-BR]") == (("en", "ur", "pt-BR"), [])
    assert _one(Kind.LANG_LIST, "cy") == (("cy",), [])


def test_lang_list_problems_are_each_located() -> None:
    value, errors = _one(Kind.LANG_LIST, "\n  - en\n  - xx\n  - en")
    assert value is None
    assert errors == [
        (4, "unknown language code 'xx': use a standard code such as en, ur, cy or pt-BR"),
        (5, "language 'en' is listed twice in 'x'"),
    ]


# --- TEXT_OR_LANG_MAP ---------------------------------------------------------------------


def test_text_or_lang_map_as_text() -> None:
    assert _one(Kind.TEXT_OR_LANG_MAP, "Our Street") == ("Our Street", [])


def test_text_or_lang_map_as_mapping() -> None:
    value, errors = _one(Kind.TEXT_OR_LANG_MAP, "\n  en: Our Street\n  ur: ہماری گلی")
    assert errors == []
    assert value == {"en": "Our Street", "ur": "ہماری گلی"}
    assert all(type(k) is str and type(v) is str for k, v in value.items())  # type: ignore[union-attr]


def test_text_or_lang_map_problems() -> None:
    value, errors = _one(Kind.TEXT_OR_LANG_MAP, "\n  en: ok\n  xx: no\n  ur: [a]")
    assert value is None
    assert errors == [
        (4, "unknown language code 'xx': use a standard code such as en, ur, cy or pt-BR"),
        (5, "'x.ur' must be text, found a list"),
    ]


def test_text_or_lang_map_given_a_list_is_an_error() -> None:
    _, errors = _one(Kind.TEXT_OR_LANG_MAP, "[a]")
    assert errors == [(2, "'x' must be text, or a mapping of language code to text, found a list")]


# --- nested mappings ----------------------------------------------------------------------

PERSON = (Field("name", Kind.TEXT, required=True), Field("phone", Kind.TEXT))


def test_mapping_gives_a_record() -> None:
    value, errors = _one(Kind.MAPPING, "\n  name: Aisha\n  phone: 02071234567", fields=PERSON)
    assert errors == []
    assert isinstance(value, Record)
    assert value.values == {"name": "Aisha", "phone": "02071234567"}
    assert value.lines == {"name": 3, "phone": 4}
    assert value.line == 3


def test_mapping_problems_use_dotted_names() -> None:
    _, errors = _one(Kind.MAPPING, "\n  phnoe: 1", fields=PERSON)
    assert errors == [
        (3, "unknown key 'x.phnoe' (did you mean 'x.phone'?)"),
        (3, "missing required key 'x.name'"),
    ]


def test_mapping_given_text_is_an_error() -> None:
    _, errors = _one(Kind.MAPPING, "Aisha", fields=PERSON)
    assert errors == [(2, "'x' must be a mapping of 'key: value' lines, found 'Aisha'")]


def test_list_of_mappings() -> None:
    text = "\n  - name: A\n  - name: B\n    phone: '1'\n  - phone: 2\n  - just text"
    value, errors = _one(Kind.LIST_OF_MAPPINGS, text, fields=PERSON)
    assert errors == [
        (6, "missing required key 'x[3].name'"),
        (7, "expected 'key: value' lines here, found 'just text'"),
    ]
    assert isinstance(value, tuple)
    assert [r.get("name") for r in value] == ["A", "B", None, None]
    assert value[1].lines == {"name": 4, "phone": 5}


def test_list_of_mappings_given_a_mapping_is_an_error() -> None:
    _, errors = _one(Kind.LIST_OF_MAPPINGS, "{a: b}", fields=PERSON)
    assert errors == [(2, "'x' must be a list of mappings, found 'key: value' lines")]


def test_map_of_mappings() -> None:
    text = "\n  police:\n    name: Police\n  council:\n    nmae: Council"
    value, errors = _one(Kind.MAP_OF_MAPPINGS, text, fields=PERSON)
    assert errors == [
        (6, "unknown key 'x.council.nmae' (did you mean 'x.council.name'?)"),
        (6, "missing required key 'x.council.name'"),
    ]
    assert isinstance(value, dict)
    assert value["police"].values == {"name": "Police"}
    assert value["police"].line == 4


def test_map_of_mappings_given_a_list_is_an_error() -> None:
    _, errors = _one(Kind.MAP_OF_MAPPINGS, "[a]", fields=PERSON)
    assert errors == [(2, "'x' must be a mapping of names to mappings, found a list")]


# --- keys ---------------------------------------------------------------------------------


def test_unknown_key_suggests_the_closest() -> None:
    _, errors = _check("title: a\ntitel: b\n", PAGE_SCHEMA)
    assert errors == [(2, "unknown key 'titel' (did you mean 'title'?)")]


def test_unknown_key_without_a_close_match_lists_the_keys() -> None:
    schema = Schema("s", (Field("name", Kind.TEXT), Field("phone", Kind.TEXT)))
    _, errors = _check("zzz: 1\n", schema)
    assert errors == [(1, "unknown key 'zzz' (allowed keys: name, phone)")]


def test_missing_required_key_is_at_the_mapping_line() -> None:
    _, errors = _check("summary: a\nauthor: b\n", PAGE_SCHEMA)
    assert errors == [(1, "missing required key 'title'")]


def test_line_argument_overrides_the_mapping_line() -> None:
    problems = Problems()
    record = validate(
        load_yaml("a: 1\n", PATH), (Field("b", Kind.TEXT, required=True),), PATH, problems, line=9
    )
    assert [(p.ref, p.message) for p in problems.items] == [
        (SourceRef(PATH, 1), "unknown key 'a' (allowed keys: b)"),
        (SourceRef(PATH, 9), "missing required key 'b'"),
    ]
    assert record.line == 9


def test_required_key_with_no_value_is_an_error() -> None:
    _, errors = _check("title:\n", PAGE_SCHEMA)
    assert errors == [(1, "'title' has no value: write it after 'title:'")]


def test_optional_key_with_no_value_is_left_out() -> None:
    record, errors = _check("title: a\nsummary:\n", PAGE_SCHEMA)
    assert errors == []
    assert "summary" not in record
    assert record.get("summary", "none") == "none"


def test_forbidden_key_reports_its_message() -> None:
    schema = (Field("title", Kind.TEXT), Field("html", Kind.TEXT, forbidden="raw HTML is off"))
    record, errors = _check("title: a\nhtml: <b>\n", schema)
    assert errors == [(2, "raw HTML is off")]
    assert "html" not in record


def test_validate_none_is_an_empty_mapping() -> None:
    problems = Problems()
    record = validate(None, PAGE_SCHEMA, "content/a.md", problems, line=1)
    assert record == Record({}, {}, 1)
    assert [p.format() for p in problems.items] == [
        "content/a.md:1: error: missing required key 'title'"
    ]


def test_validate_a_list_is_an_error() -> None:
    problems = Problems()
    record = validate(load_yaml("- a\n", PATH), PAGE_SCHEMA, PATH, problems)
    assert record.values == {}
    assert [p.format() for p in problems.items] == [
        "site.yaml:1: error: expected 'key: value' lines here, found a list"
    ]


def test_every_problem_is_reported_at_once() -> None:
    text = "titel: a\ndraft: yes\nweight: 1.5\ndate: 2024-02-30\ntype: news\nlevel: info\n"
    record, errors = _check(text, PAGE_SCHEMA)
    assert errors == [
        (1, "unknown key 'titel' (did you mean 'title'?)"),
        (2, "'draft' must be true or false, found 'yes': write true or false"),
        (3, "'weight' must be a whole number such as 10 or -3, found '1.5'"),
        (4, "'date' is not a real date: '2024-02-30' (day is out of range for month)"),
        (5, "'type' must be one of: page, advice, statement, alert; found 'news'"),
        (1, "missing required key 'title'"),
    ]
    assert record.values == {"level": "info"}
    assert record.lines == {"level": 6}


# --- the real schemas ---------------------------------------------------------------------


def test_page_schema_on_real_front_matter_lines() -> None:
    text = (
        "---\n"
        "title: Staying safe\n"
        "type: advice\n"
        "date: 2024-03-01\n"
        "tags: [safety, night]\n"
        "contacts: [police-non-emergency]\n"
        "draft: false\n"
        "weight: 2\n"
        "audience: parents\n"
        "wieght: 3\n"
        "---\n"
        "Body\n"
    )
    page = split_front_matter(text, "content/advice/safe.md")
    problems = Problems()
    record = validate(page.meta, PAGE_SCHEMA, "content/advice/safe.md", problems)
    assert [p.format() for p in problems.items] == [
        "content/advice/safe.md:10: error: unknown key 'wieght' (did you mean 'weight'?)"
    ]
    assert record.values == {
        "title": "Staying safe",
        "type": "advice",
        "date": datetime.date(2024, 3, 1),
        "tags": ("safety", "night"),
        "contacts": ("police-non-emergency",),
        "draft": False,
        "weight": 2,
        "audience": ("parents",),
    }
    assert record.lines["weight"] == 8
    assert record.line == 2


def test_page_schema_alert_and_translation_fields() -> None:
    text = (
        "title: Road closed\ntype: alert\nlevel: danger\nstarts: 2024-03-01 08:00\n"
        "ends: 2024-03-02\ntranslation_of: 3f2a9c\nsource_updated: 2024-02-28\n"
        "updated: 2024-02-29\nauthor: Council\nsummary: No cars.\n"
    )
    record, errors = _check(text, PAGE_SCHEMA)
    assert errors == []
    assert record.get("starts") == datetime.datetime(2024, 3, 1, 8, 0)
    assert record.get("translation_of") == "3f2a9c"
    assert record.get("source_updated") == datetime.date(2024, 2, 28)


def test_page_level_choices() -> None:
    _, errors = _check("title: a\nlevel: severe\n", PAGE_SCHEMA)
    assert errors == [(2, "'level' must be one of: info, warning, danger; found 'severe'")]


def test_letter_schema() -> None:
    text = (
        "from: Ch Supt J Smith\nrole: Area Commander\norganisation: Police\n"
        "address: |\n  1 High St\n  Town\nto: Residents\ndate: 2024-03-01\n"
    )
    record, errors = _check(text, LETTER_SCHEMA)
    assert errors == []
    assert record.get("from") == "Ch Supt J Smith"
    assert record.get("address") == "1 High St\nTown\n"
    assert record.get("title") is None


def test_letter_schema_rejects_page_keys() -> None:
    _, errors = _check("tags: [a]\n", LETTER_SCHEMA)
    assert errors == [
        (
            1,
            "unknown key 'tags' (allowed keys: title, from, role, organisation, address, to, "
            "date, translation_of, translated_from, untranslated)",
        )
    ]


SITE = """\
title:
  en: Our Street
  ur: ہماری گلی
base_url: https://example.org/
default_language: en
languages: [en, ur, pt-BR]
region: GB
quick_exit_url: https://www.bbc.co.uk/weather
raw_html: false
remote_media: drop
description: Help and advice
organisation:
  name: Residents' Association
  phone: 02071234567
"""


def test_site_schema() -> None:
    record, errors = _check(SITE, SITE_SCHEMA)
    assert errors == []
    assert record.get("title") == {"en": "Our Street", "ur": "ہماری گلی"}
    assert record.get("languages") == ("en", "ur", "pt-BR")
    assert record.get("raw_html") is False
    organisation = record.get("organisation")
    assert isinstance(organisation, Record)
    assert organisation.get("phone") == "02071234567"
    assert organisation.lines == {"name": 13, "phone": 14}


def test_site_schema_reports_everything_missing_and_wrong() -> None:
    _, errors = _check("title: X\nlanguages: [en, xx]\nremote_media: keep\n", SITE_SCHEMA)
    assert errors == [
        (2, "unknown language code 'xx': use a standard code such as en, ur, cy or pt-BR"),
        (3, "'remote_media' must be one of: drop, error; found 'keep'"),
        (1, "missing required key 'base_url'"),
        (1, "missing required key 'default_language'"),
        (1, "missing required key 'region'"),
    ]


def test_every_schema_field_is_documented() -> None:
    def walk(fields: tuple[Field, ...]) -> list[Field]:
        return [f for field in fields for f in (field, *walk(field.fields))]

    for schema in (PAGE_SCHEMA, LETTER_SCHEMA, SITE_SCHEMA):
        undocumented = [f.name for f in walk(schema.fields) if not f.doc]
        assert undocumented == [], schema.name
