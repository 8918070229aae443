"""A small site with checked rumours in English, Urdu and Arabic (issue 23)."""

from __future__ import annotations

SITE = """\
title: Leabrook Residents
base_url: https://example.test/
default_language: en
languages: [en, ur, ar]
region: GB
timezone: Europe/London
organisation:
  name: Leabrook Residents' Association
  url: https://leabrook.example/
"""

LETTER = "content/statements/mosque/index.md"
RUMOUR = "content/rumours/van.md"

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/rumours/index.md": "---\ntitle: Rumours and facts\n---\nWhat we checked.\n",
    "content/rumours/index.ur.md": "---\ntitle: افواہیں اور حقائق\n---\nجو ہم نے جانچا۔\n",
    LETTER: "---\ntitle: Letter from the police\ndate: 2026-11-18\n---\nWe are patrolling.\n",
    RUMOUR: """\
        ---
        claim: A white van is following children home from Leabrook school
        verdict: false
        checked: 2026-11-20 18:30
        sources:
          - organisation: West Midlands Police
            link: /statements/mosque/index.md
          - organisation: Leabrook Primary School
            link: https://leabrook-primary.example/news
        ---
        The police looked into every report and found no van following anyone.

        The picture going round was taken in another city in 2019.
        """,
    "content/rumours/van.ur.md": """\
        ---
        claim: ایک سفید وین لیبروک اسکول سے بچوں کا پیچھا کر رہی ہے
        sources:
          - organisation: ویسٹ مڈلینڈز پولیس
            link: /statements/mosque/index.md
          - organisation: لیبروک پرائمری اسکول
            link: https://leabrook-primary.example/news
        ---
        پولیس نے ہر اطلاع کی جانچ کی اور کوئی وین کسی کا پیچھا کرتی نہیں ملی۔

        گردش کرنے والی تصویر 2019 میں کسی اور شہر میں لی گئی تھی۔
        """,
    "content/rumours/van.ar.md": """\
        ---
        claim: شاحنة بيضاء تلاحق الأطفال من مدرسة ليبروك
        verdict: false
        ---
        تحققت الشرطة من كل بلاغ ولم تجد أي شاحنة تلاحق أحدًا.

        الصورة المتداولة التُقطت في مدينة أخرى عام 2019.
        """,
    "content/rumours/curfew.md": """\
        ---
        claim: There is a curfew on Leabrook Road from 8pm
        verdict: unconfirmed
        checked: 2026-11-21
        summary: We have asked the council and will update this page.
        sources:
          - organisation: Leabrook Residents' Association
        ---
        We have asked the council and the police; neither has announced a curfew so far.
        """,
}
