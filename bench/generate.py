"""Generate a deterministic synthetic multilingual sitegen site of any size.

    python bench/generate.py --pages 1000 --languages 5 --out DIR [--seed 1]

Every page exists in every language (so 1000 x 5 is 5000 pages), is about 9.5 KiB of Markdown,
and is shaped like a real community safety site: advice in topic folders, statements with
letters, ordinary pages, alerts, contact directories with real UK numbers, tables, footnotes,
heading ids and relative links between source files (all of which exist).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TARGET_BYTES = 9_500  # Markdown per page, letters included
LETTERS_PER_STATEMENT = 2
ADVICE_PER_TOPIC = 40
# A real site has a few alerts live at once, whatever its size (each is a banner on every page):
# the rest of its alerts (one per 200 pages) have ended.
LIVE_ALERTS = 5
PAGES_PER_DIRECTORY = 25
NOW = "2026-11-22"

# Languages in the order they are added; ur and ar (right to left) come early on purpose.
LANGUAGES = ("en", "ur", "ar", "pl", "bn", "cy", "so")

# Small word banks: the benchmark needs text in the right script, not meaning.
WORDS_TEXT: dict[str, str] = {
    "en": """
        the police council community mosque church neighbours safety advice report call help
        support family children school street evening patrol officer volunteer library worried
        safe together please information local service free phone online week day night hate
        crime incident witness footage window damage repair lighting meeting drop-in interpreter
        language contact trust listen write screenshot message
    """,
    "ur": """
        پولیس کونسل کمیونٹی مسجد پڑوسی حفاظت مشورہ رپورٹ کال مدد خاندان بچے اسکول گلی شام گشت
        افسر رضاکار لائبریری فکر محفوظ ساتھ براہِ کرم معلومات مقامی سروس مفت فون آن لائن ہفتہ دن
        رات نفرت جرم واقعہ گواہ کھڑکی نقصان مرمت روشنی ملاقات مترجم زبان رابطہ
    """,
    "ar": """
        الشرطة المجلس المجتمع المسجد الجيران السلامة نصيحة بلاغ اتصال مساعدة الأسرة الأطفال
        المدرسة الشارع المساء دورية ضابط متطوع المكتبة قلق آمن معا رجاء معلومات محلي خدمة مجاني
        هاتف الإنترنت أسبوع يوم ليلة كراهية جريمة حادث شاهد نافذة ضرر إصلاح إنارة
    """,
    "pl": """
        policja rada społeczność meczet sąsiedzi bezpieczeństwo porada zgłoszenie telefon pomoc
        rodzina dzieci szkoła ulica wieczór patrol funkcjonariusz wolontariusz biblioteka
        niepokój bezpieczny razem proszę informacja lokalny usługa bezpłatny tydzień dzień noc
        nienawiść przestępstwo świadek okno szkoda naprawa oświetlenie
    """,
    "bn": """
        পুলিশ কাউন্সিল সম্প্রদায় মসজিদ প্রতিবেশী নিরাপত্তা পরামর্শ রিপোর্ট কল সাহায্য পরিবার
        শিশু স্কুল রাস্তা সন্ধ্যা টহল অফিসার স্বেচ্ছাসেবক লাইব্রেরি চিন্তা নিরাপদ একসাথে অনুগ্রহ
        তথ্য স্থানীয় সেবা বিনামূল্যে ফোন অনলাইন সপ্তাহ দিন রাত ঘৃণা অপরাধ সাক্ষী
    """,
    "cy": """
        heddlu cyngor cymuned mosg cymdogion diogelwch cyngor adrodd galw help cymorth teulu
        plant ysgol stryd noswaith patrôl swyddog gwirfoddolwr llyfrgell pryder diogel gyda'n
        gilydd gwybodaeth lleol gwasanaeth am ddim ffôn ar-lein wythnos diwrnod nos casineb
        trosedd tyst ffenestr difrod atgyweirio golau cyfarfod cyfieithydd iaith
    """,
    "so": """
        booliska golaha bulshada masjidka deriska badbaadada talo warbixin wac caawimaad qoyska
        carruurta dugsiga waddada fiidka ilaalin sarkaal tabarruce maktabadda walwal ammaan
        wadajir fadlan macluumaad maxalli adeeg bilaash taleefan khadka toddobaad maalin habeen
        nacayb dembi marqaati daaqad waxyeello dayactir iftiin kulan
    """,
}
WORDS: dict[str, tuple[str, ...]] = {lang: tuple(text.split()) for lang, text in WORDS_TEXT.items()}

# Real UK public numbers that phonenumbers (or its short-number data) accepts.
SERVICES: tuple[tuple[str, str, str], ...] = (
    ("emergency", "Emergency services", "999"),
    ("police-non-emergency", "Police (non-emergency)", "101"),
    ("nhs-111", "NHS 111", "111"),
    ("anti-terrorist-hotline", "Anti-Terrorist Hotline", "0800 789 321"),
    ("crimestoppers", "Crimestoppers", "0800 555 111"),
    ("tell-mama", "Tell MAMA", "0800 456 1226"),
    ("victim-support", "Victim Support", "0808 168 9111"),
    ("samaritans", "Samaritans", "116 123"),
    ("mind-infoline", "Mind Infoline", "0300 123 3393"),
    ("childline", "Childline", "0800 1111"),
    ("domestic-abuse-helpline", "National Domestic Abuse Helpline", "0808 2000 247"),
)
SERVICE_URLS = {
    "police-non-emergency": "https://www.police.uk",
    "nhs-111": "https://111.nhs.uk",
    "crimestoppers": "https://crimestoppers-uk.org",
    "tell-mama": "https://tellmama.org.uk",
    "victim-support": "https://www.victimsupport.org.uk",
    "samaritans": "https://www.samaritans.org",
}
RTL = frozenset({"ur", "ar"})


@dataclass(frozen=True)
class PageSpec:
    """One page of the synthetic site, the same in every language."""

    rel: str  # source path of the default-language file inside content/: "advice/topic-01/x.md"
    kind: str  # "home", "section", "advice", "statement", "page", "alert"
    index: int  # a number that makes its words differ from other pages'
    ended: bool = False  # an alert whose end has passed (listed, but no longer a banner)


@dataclass(frozen=True)
class SitePlan:
    """Every page and contact directory of the synthetic site."""

    pages: tuple[PageSpec, ...]
    directories: tuple[str, ...]  # directory ids: "dir-001"
    languages: tuple[str, ...]


def plan_site(pages: int, languages: int) -> SitePlan:
    """Decide the site's pages, folders and directories for `pages` pages per language."""
    if pages < 8:
        raise SystemExit("--pages must be at least 8")
    if not 1 <= languages <= len(LANGUAGES):
        raise SystemExit(f"--languages must be between 1 and {len(LANGUAGES)}")
    specs = [
        PageSpec("index.md", "home", 0),
        PageSpec("about.md", "page", 1),
        PageSpec("advice/index.md", "section", 2),
        PageSpec("statements/index.md", "section", 3),
        PageSpec("areas/index.md", "section", 4),
    ]
    alerts = max(1, pages // 200)
    statements = max(1, pages // 10)
    rest = pages - len(specs) - alerts - statements
    advice = rest * 7 // 10
    counter = len(specs)
    for n in range(alerts):
        ended = n >= LIVE_ALERTS
        specs.append(PageSpec(f"alerts/alert-{n + 1:03d}.md", "alert", counter, ended))
        counter += 1
    for n in range(statements):
        specs.append(PageSpec(f"statements/statement-{n + 1:04d}/index.md", "statement", counter))
        counter += 1
    made = 0
    topic = 0
    while made < advice:
        topic += 1
        folder = f"advice/topic-{topic:02d}"
        specs.append(PageSpec(f"{folder}/index.md", "section", counter))
        counter += 1
        made += 1
        for n in range(min(ADVICE_PER_TOPIC, advice - made)):
            specs.append(PageSpec(f"{folder}/advice-{n + 1:03d}.md", "advice", counter))
            counter += 1
            made += 1
    while len(specs) < pages:
        specs.append(PageSpec(f"areas/area-{counter:04d}.md", "page", counter))
        counter += 1
    directories = tuple(f"dir-{n + 1:03d}" for n in range(max(2, pages // PAGES_PER_DIRECTORY)))
    return SitePlan(tuple(specs), directories, LANGUAGES[:languages])


def translated_name(rel: str, lang: str, default: str) -> str:
    """Return the file name of `rel` in `lang`: `x.md` -> `x.ur.md`."""
    if lang == default:
        return rel
    stem, ext = os.path.splitext(rel)
    return f"{stem}.{lang}{ext}"


class Writer:
    """Make the words of one file in one language, from a seeded random source."""

    def __init__(self, seed: int, key: str, lang: str) -> None:
        self.rng = random.Random(f"{seed}:{key}:{lang}")
        self.facts = random.Random(f"{seed}:{key}")  # the same numbers in every language
        self.lang = lang
        self.words = WORDS[lang]

    def phrase(self, low: int, high: int) -> str:
        """Return a few words."""
        return " ".join(self.rng.choice(self.words) for _ in range(self.rng.randint(low, high)))

    def sentence(self) -> str:
        """Return one sentence, sometimes with bold or italic words."""
        text = self.phrase(8, 18)
        roll = self.rng.random()
        if roll < 0.15:
            text += f" **{self.phrase(1, 3)}**"
        elif roll < 0.25:
            text += f" *{self.phrase(1, 2)}*"
        end = "۔" if self.lang == "ur" else "."
        return text[0].upper() + text[1:] + end

    def paragraph(self, links: list[str]) -> str:
        """Return a paragraph; it may spend some of `links` (Markdown link targets)."""
        sentences = [self.sentence() for _ in range(self.rng.randint(3, 6))]
        if links and self.rng.random() < 0.6:
            target = links.pop()
            sentences.insert(
                self.rng.randint(0, len(sentences)), f"[{self.phrase(2, 4)}]({target})."
            )
        return wrap(" ".join(sentences))

    def phone(self, number: str) -> str:
        """Write a number in running text: hyphens in right-to-left text (see docs/content.md)."""
        return number.replace(" ", "-") if self.lang in RTL else number


def wrap(text: str, width: int = 96) -> str:
    """Break text into lines of at most about `width` characters, as editors do."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def relative_link(from_rel: str, to_rel: str) -> str:
    """Return a relative link from one source file to another (both inside content/)."""
    return Path(os.path.relpath(to_rel, os.path.dirname(from_rel) or ".")).as_posix()


def link_targets(spec: PageSpec, plan: SitePlan, rng: random.Random) -> list[str]:
    """Pick existing pages, headings and directories for one page to link to."""
    others = [p.rel for p in rng.sample(plan.pages, k=min(6, len(plan.pages)))]
    targets = [relative_link(spec.rel, rel) for rel in others if rel != spec.rel]
    targets.append(relative_link(spec.rel, others[0]) + "#section-1")
    targets.append("/" + others[-1] + "#section-2")
    for directory in rng.sample(plan.directories, k=min(2, len(plan.directories))):
        targets.append(relative_link(spec.rel, f"contacts/{directory}.yaml"))
    targets.append("#section-3")
    rng.shuffle(targets)
    return targets


def front_matter(spec: PageSpec, writer: Writer, plan: SitePlan) -> str:
    """Return the settings block of a page."""
    rng = writer.rng
    title = writer.phrase(3, 6).capitalize() + f" {spec.index}"
    lines = ["---", f'title: "{title}"', f'summary: "{writer.sentence()}"']
    if spec.kind == "alert":
        level = ("info", "warning", "danger")[spec.index % 3]
        dates = ("2026-09-01", "2026-10-31") if spec.ended else ("2026-11-01", "2027-06-30")
        lines += [f"starts: {dates[0]}", f"ends: {dates[1]}", f"level: {level}"]
    else:
        lines += ["date: 2026-03-10", "updated: 2026-11-10", "author: Amina Rahman"]
        lines += ["tags:", "  - safety", "  - reporting"]
        chosen = rng.sample(plan.directories, k=min(2, len(plan.directories)))
        lines += ["contacts:", *(f"  - {d}" for d in sorted(chosen))]
        lines.append(f"weight: {spec.index}")
    return "\n".join([*lines, "---", ""])


def call_table(writer: Writer) -> str:
    """Return a 'what is happening / who to call' table."""
    rows = [f"| {writer.phrase(2, 3)} | {writer.phrase(2, 3)} |", "| --- | --- |"]
    for _, name, number in writer.facts.sample(SERVICES, k=6):
        rows.append(f"| {writer.phrase(4, 9)} | {name}, {writer.phone(number)} |")
    return "\n".join(rows)


def page_body(spec: PageSpec, writer: Writer, plan: SitePlan, target: int) -> str:
    """Return Markdown of about `target` bytes: sections with ids, lists, a table, links."""
    links = link_targets(spec, plan, writer.rng)
    parts = [writer.paragraph(links), writer.paragraph(links) + "[^1]"]
    footnote = f"[^1]: {writer.sentence()}"
    size = sum(len(p.encode()) + 2 for p in [*parts, footnote])
    section = 0
    step = 0
    while size < target - 300 or section < 3:
        if step % 3 == 0:
            section += 1
            part = f"## {writer.phrase(2, 5).capitalize()} {{#section-{section}}}"
        elif step % 3 == 1:
            part = writer.paragraph(links)
        elif section == 2:
            part = call_table(writer)
        elif section % 2:
            part = "\n".join(f"- {writer.phrase(5, 14)}" for _ in range(4))
        else:
            part = "\n".join(f"{n}. {writer.phrase(5, 12)}" for n in range(1, 4))
        parts.append(part)
        size += len(part.encode()) + 2
        step += 1
    parts.append(writer.paragraph(links))
    parts.append(footnote)
    return "\n\n".join(parts) + "\n"


def letter(spec: PageSpec, number: int, writer: Writer, plan: SitePlan) -> str:
    """Return a letter to a statement, with its sender's details."""
    head = [
        "---",
        f'from: "{writer.phrase(2, 2).title()}"',
        f'role: "{writer.phrase(1, 3)}"',
        f'organisation: "{writer.phrase(2, 3)}"',
        "address: Police Headquarters, Castle Way, Wealdbury WB1 4PQ",
        f'to: "{writer.phrase(3, 5)}"',
        f"date: 2026-11-0{number}",
        "---",
        "",
    ]
    links = [t for t in link_targets(spec, plan, writer.rng) if not t.startswith("#")]
    paragraphs = [writer.paragraph(links) for _ in range(3)]
    paragraphs.append("\n".join(f"- {writer.phrase(5, 12)}" for _ in range(3)))
    paragraphs.append(writer.paragraph(links))
    return "\n".join(head) + "\n\n".join(paragraphs) + "\n"


def directory_file(directory: str, writer: Writer, default: bool) -> str:
    """Return a contact directory (numbers) or its translation (words only)."""
    title = writer.phrase(2, 4).capitalize()
    lines = [f'title: "{title}"', "intro: >", f"  {writer.sentence()}", "entries:"]
    # The same entries in every language: take them from a language-independent source.
    services = sorted(random.Random(directory).sample(SERVICES, k=7))
    for service_id, name, number in services:
        if default:
            lines += [f"  - id: {service_id}", f"    name: {name}", f'    phone: "{number}"']
            if service_id in SERVICE_URLS:
                lines.append(f"    url: {SERVICE_URLS[service_id]}")
            lines += [f'    when: "{writer.sentence()}"', "    hours: 24 hours, every day"]
        else:
            # A name with a number in it ("NHS 111") keeps it: a translation keeps every number.
            word = name if any(c.isdigit() for c in name) else writer.phrase(2, 3)
            lines += [f"  {service_id}:", f'    name: "{word}"']
            lines.append(f'    when: "{writer.sentence()}"')
    return "\n".join(lines) + "\n"


def site_yaml(languages: tuple[str, ...]) -> str:
    """Return site.yaml for the synthetic site."""
    lines = ["title:"]
    lines += [f'  {lang}: "{WORDS[lang][2]} {WORDS[lang][5]} {lang}"' for lang in languages]
    lines += ["description:"]
    lines += [f'  {lang}: "{" ".join(WORDS[lang][8:14])}"' for lang in languages]
    lines += ["base_url: https://example.org/", f"default_language: {languages[0]}", "languages:"]
    lines += [f"  - {lang}" for lang in languages]
    lines += ["region: GB", "quick_exit_url: https://www.bbc.co.uk/weather"]
    # Peers make neither PDF leaflets nor a search index: compare like with like.
    lines += ["leaflets: false", "search: false"]
    return "\n".join(lines) + "\n"


def site_files(plan: SitePlan, seed: int) -> Iterator[tuple[str, str]]:
    """Yield (path inside the site folder, text) for every file of the site."""
    default = plan.languages[0]
    yield "site.yaml", site_yaml(plan.languages)
    for spec in plan.pages:
        for lang in plan.languages:
            letters = LETTERS_PER_STATEMENT if spec.kind == "statement" else 0
            folder = os.path.dirname(spec.rel)
            letter_bytes = 0
            for number in range(1, letters + 1):
                rel = f"{folder}/letters/{number:02d}-letter.md"
                letter_writer = Writer(seed, rel, lang)
                text = letter(PageSpec(rel, "letter", spec.index), number, letter_writer, plan)
                letter_bytes += len(text.encode())
                yield "content/" + translated_name(rel, lang, default), text
            writer = Writer(seed, spec.rel, lang)
            head = front_matter(spec, writer, plan) + "\n"
            # The loop in page_body overshoots by about one paragraph and the closing lines.
            target = TARGET_BYTES - letter_bytes - len(head.encode()) - 700
            yield (
                "content/" + translated_name(spec.rel, lang, default),
                head + page_body(spec, writer, plan, target),
            )
    for directory in plan.directories:
        for lang in plan.languages:
            writer = Writer(seed, directory, lang)
            rel = translated_name(f"contacts/{directory}.yaml", lang, default)
            yield "content/" + rel, directory_file(directory, writer, lang == default)


def generate(out: Path, pages: int, languages: int, seed: int = 1) -> SitePlan:
    """Write a fresh synthetic site into `out` (replacing it) and return its plan."""
    plan = plan_site(pages, languages)
    if out.exists():
        shutil.rmtree(out)
    for rel, text in site_files(plan, seed):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return plan


def markdown_bytes(site: Path) -> tuple[int, int]:
    """Return (number of Markdown files, their total size in bytes) under content/."""
    sizes = [p.stat().st_size for p in (site / "content").rglob("*.md")]
    return len(sizes), sum(sizes)


def main() -> None:
    """Parse the command line and generate the site."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages per language")
    parser.add_argument("--languages", type=int, default=5, help=f"1-{len(LANGUAGES)}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="site folder (replaced)")
    args = parser.parse_args()
    plan = generate(args.out, args.pages, args.languages, args.seed)
    files, size = markdown_bytes(args.out)
    total_pages = len(plan.pages) * len(plan.languages)
    print(
        f"Generated {total_pages} pages ({len(plan.pages)} x {len(plan.languages)} languages: "
        f"{', '.join(plan.languages)}), {len(plan.directories)} contact directories, "
        f"{files} Markdown files, {size / total_pages / 1024:.1f} KiB of Markdown per page, "
        f"into {args.out}"
    )


if __name__ == "__main__":
    main()
