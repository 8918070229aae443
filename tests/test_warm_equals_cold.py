"""After any kind of edit, a build with the cache makes the bytes a build without it makes.

Both warm paths: `sitegen build` (a new build reading the cache from disk) and `sitegen serve`
(one process keeping a `WarmState`, as `SiteBuildRecipe` builds). Issue 25's "done when".
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import sitegen.incremental.cache
from sitegen.build import build_site
from sitegen.cli import main
from sitegen.incremental.cache import default_cache_dir
from sitegen.read.schemas import PREVIEW_HOST
from sitegen.server.sitebuild import SiteBuildRecipe
from tests.sitefixture import NOW, write_site

SITE_YAML = """\
title:
  en: Riverside Neighbours
  ur: ریور سائیڈ کے پڑوسی
  pl: Sąsiedzi z Riverside
base_url: https://example.test/riverside/
default_language: en
languages: [en, ur, pl]
region: GB
"""
FIRE = "content/statements/fire"
PAGE_TEMPLATE = (Path(__file__).parent.parent / "templates" / "page.html").read_text()
UR_PO = "translations/ur/LC_MESSAGES/messages.po"
UR_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: ur\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)
DIRECTORY = """\
title: Who to call
entries:
  - id: police
    name: Police
    phone: "101"
    when: Report a crime
"""
FILES: dict[str, str | bytes] = {
    "content/index.md": "---\ntitle: Home\n---\nSee [advice](advice.md).\n",
    "content/advice.md": "---\ntitle: Staying safe\ncontacts: [help]\n---\nLock your door.\n",
    "content/advice.ur.md": "---\ntitle: محفوظ رہنا\n---\nاپنا دروازہ بند کریں۔\n",
    "content/about.md": "---\ntitle: About us\n---\nWe are neighbours.\n",
    "content/about.ur.md": "---\ntitle: ہمارے بارے میں\n---\nہم پڑوسی ہیں۔\n",
    "content/news.md": "---\ntitle: News\n---\nNothing new.\n",
    "content/contacts/help.yaml": DIRECTORY,
    "content/contacts/help.ur.yaml": (
        "title: کس کو فون کریں\nentries:\n  police:\n    name: پولیس\n"
    ),
    f"{FIRE}/index.md": "---\ntitle: After the fire\ndate: 2026-11-20\n---\nOur letters.\n",
    f"{FIRE}/index.ur.md": "---\ntitle: آگ کے بعد\ndate: 2026-11-20\n---\nہمارے خط۔\n",
    f"{FIRE}/letters/01-police.md": "---\nfrom: Amira Khan\n---\nWe are patrolling.\n",
    f"{FIRE}/letters/01-police.ur.md": "---\nfrom: امیرہ خان\n---\nہم گشت کر رہے ہیں۔\n",
    "templates/page.html": PAGE_TEMPLATE.replace(
        "</article>", '<p class="house">Ask a neighbour.</p>\n</article>'
    ),
    UR_PO: UR_HEADER + 'msgid "Phone"\nmsgstr "فون نمبر"\n',
}
TRANSLATIONS = ("content/advice.ur.md", f"{FIRE}/letters/01-police.ur.md")


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(site: Path) -> None:
        path = site / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def rename(site: Path) -> None:
    for lang in ("", ".ur"):
        (site / f"content/about{lang}.md").rename(site / f"content/who-we-are{lang}.md")


EDITS: dict[str, Callable[[Path], None]] = {
    # The Urdu translations record their originals' words: they become outdated too.
    "page body": replace("content/advice.md", "Lock your door.", "Lock your door and windows."),
    "translation": replace("content/advice.ur.md", "بند کریں", "ضرور بند کریں"),
    "letter": replace(f"{FIRE}/letters/01-police.md", "patrolling", "patrolling at night"),
    "contact directory": replace("content/contacts/help.yaml", '"101"', '"0800 1111"'),
    "template": replace("templates/page.html", "Ask a neighbour.", "Ask a friend."),
    "catalog": replace(UR_PO, '"فون نمبر"', '"ٹیلی فون"'),
    "site.yaml": replace("site.yaml", "Riverside Neighbours", "Riverside Friends"),
    "deleted page": lambda site: (site / "content/news.md").unlink(),
    "renamed page": rename,
}


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def differences(got: dict[str, bytes], expected: dict[str, bytes]) -> list[str]:
    """The paths missing, extra or with other bytes (a short message instead of two dicts)."""
    return sorted(p for p in got.keys() | expected.keys() if got.get(p) != expected.get(p))


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("original") / "site", FILES, SITE_YAML)
    for rel in TRANSLATIONS:
        assert main(["translations", "done", "--site", str(site), rel]) == 0
    return site


@pytest.fixture(autouse=True)
def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust every file's stamp, however recent: the cache then remembers all it can, which is
    where a warm build could go wrong (the racy margin has its own test in test_cache.py)."""
    monkeypatch.setattr(sitegen.incremental.cache, "SETTLED_NS", 0)


# PDF leaflets are most of the time of a build here: made only where an edit changes them (a
# page's words, a letter, a directory's numbers), which is where a stale leaflet would show.
LEAFLET_EDITS = frozenset({"page body", "letter", "contact directory"})


@pytest.mark.parametrize("name", EDITS)
def test_warm_builds_after_an_edit_make_the_bytes_of_a_cold_build(
    original: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # this test's own caches
    site = tmp_path / "site"
    shutil.copytree(original, site)
    if name not in LEAFLET_EDITS:
        with (site / "site.yaml").open("a", encoding="utf-8") as settings:
            settings.write("leaflets: false\n")
    edit = EDITS[name]
    built, served = tmp_path / "built", tmp_path / "served"
    build_site(site, built, now=NOW, use_cache=True)
    serve = SiteBuildRecipe(site, NOW, drafts=False, use_cache=True, own_output=True)()
    serve(served)
    before = tree(built)

    edit(site)
    build_site(site, built, now=NOW, use_cache=True)  # as `sitegen build` does
    serve(served)  # as `sitegen serve` does, in one warm process
    build_site(site, tmp_path / "cold", now=NOW, use_cache=False)
    # The server builds for its own host (`PREVIEW_HOST`): compared with a cold build for it.
    build_site(site, tmp_path / "cold-preview", now=NOW, use_cache=False, host=PREVIEW_HOST)

    cold = tree(tmp_path / "cold")
    assert any(path.endswith(".pdf") for path in cold) == (name in LEAFLET_EDITS)
    assert differences(tree(built), cold) == []
    assert differences(tree(served), tree(tmp_path / "cold-preview")) == []
    assert differences(cold, before) != []  # the edit shows: the comparison means something
    for out in (built, served):
        assert default_cache_dir(site, out).is_relative_to(tmp_path / "cache")
        assert default_cache_dir(site, out).is_dir()
