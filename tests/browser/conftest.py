"""Session fixtures for the browser tests: built sites served over HTTP and one Chromium.

The tests are skipped when Chromium, selenium, axe-core or the Nu Html Checker are missing
(`bash scripts/setup-browser-tests.sh` installs them), unless SITEGEN_REQUIRE_BROWSER=1 is set,
as scripts/test.sh does: then a missing tool is an error, so CI never passes by skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.build import build_site
from tests.browser.browserkit import REPO, Browser, Served, missing_tools, serve, start_chromium
from tests.sitefixture import NOW, write_site

EXIT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Weather</title></head>
<body><h1>Weather</h1></body></html>
"""
START_PAGE = EXIT_PAGE.replace("Weather", "Somewhere else")

FIXTURE_SITE_YAML = """\
title:
  en: Riverside Residents
  ur: ریور سائیڈ کے رہائشی
  ar: سكان ريفرسايد
base_url: https://example.test/riverside/
default_language: en
languages: [en, ur, ar]
region: GB
quick_exit_url: {exit_url}
audiences:
  parents:
    en: Parents and carers
    ur: والدین اور سرپرست
    ar: الآباء ومقدمو الرعاية
tags:
  safety:
    en: Safety
    ur: حفاظت
"""

FIXTURE_FILES: dict[str, str] = {
    "content/index.md": """\
        ---
        title: Riverside Residents
        summary: Neighbours looking out for each other.
        ---
        We are a residents' association. Read our [advice](advice/index.md) or see
        [who to call](contacts/help.yaml).

        ## In an emergency

        Call 999.
        """,
    "content/index.ur.md": """\
        ---
        title: ریور سائیڈ کے رہائشی
        summary: ایک دوسرے کا خیال رکھنے والے پڑوسی۔
        ---
        ہم رہائشیوں کی انجمن ہیں۔ ہمارے [مشورے](advice/index.md) پڑھیں یا دیکھیں
        [کس سے رابطہ کریں](contacts/help.yaml)۔

        ## ہنگامی صورت میں

        999 پر کال کریں۔
        """,
    "content/index.ar.md": """\
        ---
        title: سكان ريفرسايد
        summary: جيران يعتني بعضهم ببعض.
        ---
        نحن جمعية سكان. اقرأ [نصائحنا](advice/index.md) أو انظر
        [بمن تتصل](contacts/help.yaml).

        ## في حالة الطوارئ

        اتصل بالرقم 999.
        """,
    "content/advice/index.md": """\
        ---
        title: Advice
        summary: Short guides.
        ---
        Guides written with local services.
        """,
    "content/advice/index.ur.md": """\
        ---
        title: مشورے
        summary: مختصر رہنمائی۔
        ---
        مقامی اداروں کے ساتھ لکھی گئی رہنمائی۔
        """,
    "content/advice/index.ar.md": """\
        ---
        title: نصائح
        summary: أدلة قصيرة.
        ---
        أدلة كتبت مع الخدمات المحلية.
        """,
    "content/advice/keeping-safe.md": """\
        ---
        title: Keeping safe
        summary: What to do if you feel unsafe.
        date: 2026-11-10
        author: Jo Bloggs
        audience: [parents]
        tags: [safety]
        ---
        Trust your instincts. You can report online to the
        [police](https://www.police.uk/) or [Victim Support](https://www.victimsupport.org.uk/).

        ## At home

        Keep doors locked at night.

        ### Windows

        Close ground floor windows.

        ## Online

        Do not share your address.
        """,
    "content/advice/keeping-safe.ur.md": """\
        ---
        title: محفوظ رہنا
        summary: اگر آپ خود کو غیر محفوظ محسوس کریں تو کیا کریں۔
        date: 2026-11-10
        author: جو بلاگز
        ---
        اپنی اندرونی آواز پر بھروسہ کریں۔ آپ [پولیس](https://www.police.uk/) یا
        [وکٹم سپورٹ](https://www.victimsupport.org.uk/) کو آن لائن رپورٹ کر سکتے ہیں۔

        ## گھر پر

        رات کو دروازے بند رکھیں۔

        ## آن لائن

        اپنا پتہ کسی کو نہ بتائیں۔
        """,
    "content/advice/keeping-safe.ar.md": """\
        ---
        title: البقاء بأمان
        summary: ماذا تفعل إذا شعرت بعدم الأمان.
        date: 2026-11-10
        ---
        ثق بحدسك. يمكنك الإبلاغ عبر الإنترنت إلى [الشرطة](https://www.police.uk/) أو
        [دعم الضحايا](https://www.victimsupport.org.uk/).

        ## في المنزل

        أغلق الأبواب ليلا.
        """,
    "content/advice/bins.md": """\
        ---
        title: Bin collection changes
        summary: Collections move to Tuesdays.
        ---
        From December, bins are collected on **Tuesdays**.

        ## Garden waste

        Garden waste is collected every two weeks.
        """,
    "content/statements/meeting/index.md": """\
        ---
        title: After the public meeting
        summary: Letters from the police and the council.
        date: 2026-11-12
        ---
        Two letters followed the meeting on 11 November.
        """,
    "content/statements/meeting/index.ur.md": """\
        ---
        title: عوامی اجلاس کے بعد
        summary: پولیس اور کونسل کے خطوط۔
        date: 2026-11-12
        ---
        11 نومبر کے اجلاس کے بعد دو خطوط آئے۔
        """,
    "content/statements/meeting/letters/01-police.md": """\
        ---
        from: Sam Patel
        role: Inspector
        organisation: Riverside Police
        to: Residents of Riverside
        date: 2026-11-12
        ---
        Dear residents,

        Thank you for coming. We will patrol more often.
        """,
    "content/statements/meeting/letters/01-police.ur.md": """\
        ---
        from: سیم پٹیل
        role: انسپکٹر
        organisation: ریور سائیڈ پولیس
        to: ریور سائیڈ کے رہائشی
        date: 2026-11-12
        ---
        محترم رہائشیو،

        آنے کا شکریہ۔ ہم زیادہ گشت کریں گے۔
        """,
    "content/statements/meeting/letters/02-council.md": """\
        ---
        from: Alex Morgan
        role: Council Leader
        organisation: Riverside Council
        date: 2026-11-13
        ---
        Dear neighbours,

        The council will repair the street lights this month. Report a broken light on
        [the council's website](https://www.riverside.example/lights).
        """,
    "content/contacts/help.yaml": """\
        title: Who to call
        intro: Services that can help.
        entries:
          - id: emergency
            name: Emergency services
            phone: "999"
            when: Someone is in danger now.
            hours: 24 hours
          - id: police
            name: Police (non-emergency)
            phone: "101"
            url: https://www.police.uk
            when: To report a crime that has already happened.
          - id: helpline
            name: Riverside helpline
            phone: "0800 789 321"
            email: help@example.test
            address: |
              1 River Street
              Riverside RV1 2AB
        """,
    "content/contacts/help.ur.yaml": """\
        title: کس سے رابطہ کریں
        intro: ادارے جو مدد کر سکتے ہیں۔
        entries:
          emergency:
            name: ایمرجنسی سروسز
            when: کوئی ابھی خطرے میں ہے۔
            hours: دن رات
          police:
            name: پولیس (غیر ہنگامی)
            when: کسی ایسے جرم کی رپورٹ کے لیے جو ہو چکا ہے۔
        """,
    "content/contacts/help.ar.yaml": """\
        title: بمن تتصل
        intro: خدمات يمكنها المساعدة.
        entries:
          emergency:
            name: خدمات الطوارئ
            when: شخص في خطر الآن.
            hours: على مدار الساعة
          police:
            name: الشرطة (لغير الطوارئ)
            when: للإبلاغ عن جريمة وقعت بالفعل.
          helpline:
            name: خط مساعدة ريفرسايد
        """,
    "content/alerts/road-works.md": """\
        ---
        title: River Street closed at night
        summary: River Street is closed from 8pm to 6am for repairs until 10 December.
        starts: 2026-11-01
        ends: 2026-12-10
        level: warning
        ---
        Use Mill Lane instead. Buses are not affected.
        """,
    "content/alerts/road-works.ur.md": """\
        ---
        title: ریور اسٹریٹ رات کو بند
        summary: ریور اسٹریٹ 10 دسمبر تک رات 8 بجے سے صبح 6 بجے تک مرمت کے لیے بند ہے۔
        starts: 2026-11-01
        ends: 2026-12-10
        level: warning
        ---
        اس کے بجائے مل لین استعمال کریں۔
        """,
}


@dataclass(frozen=True)
class Sites:
    """The two sites under test, each built once and served over HTTP."""

    example: Served  # the repository's example site
    fixture: Served  # the small site above; its quick exit leads to `exit`
    exit: Served  # a stand-in for the quick-exit destination, on another port


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test; skip all when tools are missing."""
    here = Path(__file__).parent
    missing = missing_tools()
    for item in items:
        if here not in Path(str(item.fspath)).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing and os.environ.get("SITEGEN_REQUIRE_BROWSER") != "1":
            reason = f"missing {', '.join(missing)}: run scripts/setup-browser-tests.sh"
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    """Build the example site and the fixture site; serve both and the exit page."""
    exit_root = tmp_path_factory.mktemp("exit")
    (exit_root / "exit.html").write_text(EXIT_PAGE, encoding="utf-8")
    (exit_root / "start.html").write_text(START_PAGE, encoding="utf-8")
    example_out = tmp_path_factory.mktemp("example") / "out"
    build_site(REPO, example_out, now=NOW)
    with serve(exit_root) as exit_site, serve(example_out) as example:
        site_yaml = FIXTURE_SITE_YAML.format(exit_url=exit_site.url("exit.html"))
        source = write_site(tmp_path_factory.mktemp("fixture") / "site", FIXTURE_FILES, site_yaml)
        www = source.parent / "www"  # the host's document root: the site is in riverside/
        build_site(source, www / "riverside", now=NOW)
        with serve(www, "riverside/") as fixture:
            yield Sites(example, fixture, exit_site)


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Start one headless Chromium for the whole session."""
    missing = missing_tools()
    if missing:  # only reached when SITEGEN_REQUIRE_BROWSER=1; otherwise the tests are skipped
        pytest.fail(f"missing {', '.join(missing)}: run scripts/setup-browser-tests.sh")
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield Browser(driver)
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium: Browser) -> Iterator[Browser]:
    """Give a test the session's browser, with emulations undone and logs drained after it."""
    chromium.reset()
    chromium.drain_logs()
    yield chromium
    chromium.reset()
