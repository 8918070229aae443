"""`sitegen new`: a new site that builds at once with no warnings, and new files of every kind.

Run through the real command (a subprocess) where the command line matters, and in-process
where the clock does (today's date in the site's time zone).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sitegen.errors import SiteError
from sitegen.scaffold.kinds import new_file
from tests.sitefixture import build, messages

ROOT = Path(__file__).resolve().parents[1]


def sitegen(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cwd or ROOT / ".qa")}
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=180,
        check=False,
    )


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    loaded = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site made by `sitegen new` for a group in Britain writing English, Urdu and Arabic."""
    folder = tmp_path_factory.mktemp("new") / "hillside"
    made = sitegen(
        "new",
        folder,
        "--name",
        "Hillside Neighbours",
        "--languages",
        "en,ur,ar",
        "--region",
        "GB",
        cwd=folder.parent,
    )
    assert made.returncode == 0, made.stderr
    assert "اردو (ur)" in made.stdout and "العربية (ar)" in made.stdout
    assert "serve" in made.stdout and "content/index.md" in made.stdout
    return folder


def test_a_new_site_builds_strictly_with_no_warnings(new_site: Path) -> None:
    out = new_site.parent / "out"
    built = sitegen("build", "--strict", "--site", new_site, "--out", out, cwd=new_site.parent)
    assert built.returncode == 0, built.stderr
    assert "no warnings" in built.stdout
    assert built.stderr == ""
    for lang in ("en", "ur", "ar"):
        home = BeautifulSoup((out / lang / "index.html").read_text("utf-8"), "html.parser")
        assert home.html is not None and home.html["lang"] == lang
        assert "Hillside Neighbours" in home.get_text()
        if lang != "en":  # a begun translation: readers get the original, in its own language
            main = home.select_one("main")
            assert main is not None and main.select_one("[lang='en']") is not None, lang
    contacts = BeautifulSoup(
        (out / "en" / "contacts" / "emergency" / "index.html").read_text("utf-8"), "html.parser"
    )
    assert {a["href"] for a in contacts.select("a[href^='tel:']")} >= {"tel:999", "tel:101"}


def test_a_new_site_has_its_settings_and_records_its_numbers(new_site: Path) -> None:
    settings = yaml.safe_load((new_site / "site.yaml").read_text("utf-8"))
    assert settings["title"] == "Hillside Neighbours"
    assert settings["languages"] == ["en", "ur", "ar"] and settings["default_language"] == "en"
    assert settings["region"] == "GB" and settings["timezone"] == "Europe/London"
    assert settings["quick_exit_url"].startswith("https://")
    lock = (new_site / "contacts.lock").read_text("utf-8")
    assert "emergency/emergency phone tel:999" in lock
    assert "emergency/police-non-emergency phone tel:101" in lock
    directory = (new_site / "content/contacts/emergency.yaml").read_text("utf-8")
    assert "# Source: https://www.gov.uk/contact-police" in directory
    for rel in (
        "content/index.md",
        "content/advice/index.md",
        "content/advice/staying-safe.md",
        "content/statements/index.md",
        ".gitignore",
    ):
        assert (new_site / rel).is_file(), rel
    assert (new_site / "content/alerts").is_dir()
    assert "/public/" in (new_site / ".gitignore").read_text("utf-8").splitlines()
    # The home page's translations are begun, marked as started: not yet passed off as translated.
    for lang in ("ur", "ar"):
        stub = new_site / f"content/index.{lang}.md"
        assert front_matter(stub).get("untranslated") is True, lang
    assert not (new_site / "content/index.en.md").exists()


def test_the_ci_recipes_check_strictly_keep_the_cache_and_publish(new_site: Path) -> None:
    github = yaml.safe_load((new_site / ".github/workflows/publish.yml").read_text("utf-8"))
    steps = github["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert "sitegen check --strict" in runs
    # Never `pip install sitegen`: on PyPI that name is another project.
    assert 'python -m pip install "$SITEGEN_SOURCE"' in runs
    assert not any(re.search(r"pip install\W+sitegen\b", run) for run in runs)
    assert github["env"]["SITEGEN_SOURCE"] == "${{ vars.SITEGEN_SOURCE }}"
    assert any(run.startswith("sitegen build --strict") for run in runs)
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == "~/.cache/sitegen"
    deploy = github["jobs"]["deploy"]["steps"]
    assert deploy[0]["uses"].startswith("actions/deploy-pages")
    gitlab = yaml.safe_load((new_site / ".gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["check"]["script"] == ["sitegen check --strict"]
    assert gitlab["before_script"][-1] == 'python -m pip install "$SITEGEN_SOURCE"'
    assert gitlab["pages"]["script"] == ["sitegen build --strict --host gitlab --out public"]
    assert "sitegen build --strict --host github --out public" in runs
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert gitlab["cache"]["paths"] == [".cache/"]
    assert gitlab["variables"]["XDG_CACHE_HOME"] == "$CI_PROJECT_DIR/.cache"


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    made = sitegen("new", folder, cwd=tmp_path)
    assert made.returncode == 1
    assert f"{folder}: error: this folder is not empty" in made.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert (folder / "notes.txt").read_text("utf-8") == "keep me"


def test_a_region_without_cited_numbers_gets_a_directory_to_fill(tmp_path: Path) -> None:
    folder = tmp_path / "karachi"
    made = sitegen("new", folder, "--languages", "ur,en", "--region", "PK", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "emergency-numbers-to-fill.yaml" in made.stdout
    assert not (folder / "content/contacts/emergency.yaml").exists()
    skeleton = (folder / "emergency-numbers-to-fill.yaml").read_text("utf-8")
    assert "does not know the emergency numbers for PK, and will not guess them" in skeleton
    settings = yaml.safe_load((folder / "site.yaml").read_text("utf-8"))
    assert settings["timezone"] == "Asia/Karachi" and settings["default_language"] == "ur"
    built = sitegen("build", "--strict", "--site", folder, "--out", tmp_path / "o", cwd=tmp_path)
    assert built.returncode == 0, built.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--languages", "en,zz"), "--languages: error: zz: give language codes CLDR knows"),
        (("--region", "QQ"), "--region: error: 'QQ' is not a region CLDR knows"),
    ],
)
def test_new_rejects_unknown_languages_and_regions(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    made = sitegen("new", tmp_path / "s", *args, cwd=tmp_path)
    assert made.returncode == 1
    assert message in made.stderr
    assert not (tmp_path / "s").exists()


def test_every_kind_is_scaffolded_and_builds(new_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    sitegen("new", site, "--languages", "en,ur", cwd=tmp_path).check_returncode()
    for kind, path in (
        ("statement", "statements/after-the-fire"),
        ("letter", "statements/after-the-fire/chief-constable"),
        ("letter", "statements/after-the-fire"),
        ("advice", "for-parents"),
        ("page", "about"),
        ("alert", "road-closed"),
        ("directory", "support"),
    ):
        made = sitegen("new", kind, path, cwd=site)
        assert made.returncode == 0, made.stderr
    content = site / "content"
    letters = sorted(p.name for p in (content / "statements/after-the-fire/letters").iterdir())
    assert letters == ["01-chief-constable.md", "02-letter.md"]
    assert front_matter(content / "alerts/road-closed.md")["level"] == "info"
    assert front_matter(content / "advice/for-parents.md")["title"] == "For parents"
    assert (content / "about.md").is_file() and (content / "contacts/support.yaml").is_file()
    out, result = build(site, now=dt.datetime.now(dt.UTC))
    # What is left to fill in is said, located; nothing else.
    assert sorted(f"{w.ref.path}:{w.ref.line}" for w in result.warnings) == [
        "content/contacts/support.yaml:5",
        "content/statements/after-the-fire/letters/01-chief-constable.md:1",
        "content/statements/after-the-fire/letters/02-letter.md:1",
    ]
    assert (out / "en/statements/after-the-fire/index.html").is_file()
    assert (out / "en/advice/for-parents/index.html").is_file()


def test_a_new_file_is_dated_today_in_the_sites_time_zone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    sitegen("new", site, "--region", "PK", cwd=tmp_path).check_returncode()
    late = dt.datetime(2026, 11, 22, 20, 30, tzinfo=dt.UTC)  # 01:30 on the 23rd in Karachi
    advice = new_file(site, "advice", "advice/at-night", now=late)
    assert advice == site / "content/advice/at-night.md"
    assert front_matter(advice)["date"] == dt.date(2026, 11, 23)
    alert = front_matter(new_file(site, "alert", "alerts/closure", now=late))
    assert (alert["starts"], alert["ends"]) == (dt.date(2026, 11, 23), dt.date(2026, 11, 30))


def test_a_letter_takes_the_number_after_the_last(tmp_path: Path) -> None:
    site = tmp_path / "site"
    sitegen("new", site, cwd=tmp_path).check_returncode()
    new_file(site, "statement", "after-the-fire")
    letters = site / "content/statements/after-the-fire/letters"
    letters.mkdir()
    (letters / "01-police.md").write_text("---\nfrom: A\n---\nText.\n", encoding="utf-8")
    (letters / "03-council.md").write_text("---\nfrom: B\n---\nText.\n", encoding="utf-8")
    assert new_file(site, "letter", "after-the-fire/school").name == "04-school.md"


def test_a_translation_goes_beside_its_original(tmp_path: Path) -> None:
    site = tmp_path / "site"
    sitegen("new", site, "--languages", "en,ur", cwd=tmp_path).check_returncode()
    made = sitegen("new", "advice", "staying-safe", "--lang", "ur", cwd=site)
    assert made.returncode == 0, made.stderr
    assert "translation_of" in front_matter(site / "content/advice/staying-safe.ur.md")
    missing = sitegen("new", "advice", "nothing-yet", "--lang", "ur", cwd=site)
    assert missing.returncode == 1
    assert "nothing-yet: error: there is no advice here to translate" in missing.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("letter", "statements/none"), "content/statements/none: error: no statement here"),
        (("statement",), "statement: error: say where: `"),
        (("poster", "x"), "poster: error: not a kind of file: give one of statement, letter"),
        (("page", "About Us"), "About Us: error: give a path of lower-case words"),
        (("advice", "staying-safe"), "content/advice/staying-safe.md: error: this file exists"),
    ],
)
def test_new_kind_errors_are_located(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    site = tmp_path / "site"
    sitegen("new", site, cwd=tmp_path).check_returncode()
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    made = sitegen("new", *args, cwd=site)
    assert made.returncode == 1
    assert message in made.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_errors_from_new_file_name_the_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    sitegen("new", site, cwd=tmp_path).check_returncode()
    with pytest.raises(SiteError) as caught:
        new_file(site, "directory", "contacts/a/b")
    assert messages(caught.value) == [
        "contacts/a/b: error: a directory is one file: contacts/NAME.yaml"
    ]
