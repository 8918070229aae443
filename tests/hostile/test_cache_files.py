"""A damaged or hostile cache folder (issue 24, defect 4): never trusted, never hangs a build.

Every record is sealed with the cache's own key, so a record changed on disk (a same-length
edit, a bit flip) or written by someone else is discarded, made again and reported once; a
forged pickle or forged Jinja bytecode is never run. FIFOs, symlinks and files beyond a size
limit in the cache folder are never read. The folders are private.
"""

from __future__ import annotations

import io
import marshal
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2.bccache import bc_magic

import sitegen.incremental.cache
from sitegen.build import build_site
from sitegen.cli import main
from sitegen.incremental.cache import default_cache_dir
from sitegen.incremental.cachefiles import read_record
from sitegen.incremental.sealing import KEY_NAME, MAC_BYTES, read_key, seal
from tests.sitefixture import NOW, write_site

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 120  # seconds: a hang, not a slow machine
PAGES: dict[str, str | bytes] = {
    "content/index.md": "---\ntitle: Home\n---\nSee [the advice](advice.md).\n",
    "content/advice.md": "---\ntitle: Staying safe tonight\n---\nCall 101 if it is not urgent.\n",
    "content/advice.ur.md": "---\ntitle: آج رات محفوظ رہیں\n---\nفوری نہ ہو تو 101 پر کال کریں۔\n",
    **{f"content/p{n}.md": f"---\ntitle: Notice {n}\n---\nNotice number {n}.\n" for n in range(6)},
}


@pytest.fixture(autouse=True)
def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust fresh stamps: these sites are written just before they are built."""
    monkeypatch.setattr(sitegen.incremental.cache, "SETTLED_NS", 0)


def tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def built_once(tmp_path: Path) -> tuple[Path, Path, Path, dict[str, bytes]]:
    """A site built once with the cache: (site, output, cache folder, the output's files)."""
    site = write_site(tmp_path / "site", PAGES)
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    return site, out, default_cache_dir(site, out), tree(out)


def records(cache: Path) -> list[Path]:
    """The cache's record files: not its key, lock or packs of bodies."""
    return [
        path
        for path in sorted(cache.rglob("*"))
        if path.is_file() and path.name != KEY_NAME and not path.name.startswith("pack-")
    ]


def cache_warnings(result_warnings: tuple[object, ...], cache: Path) -> list[str]:
    return [w.message for w in result_warnings if w.ref.path == str(cache)]  # type: ignore[attr-defined]


def test_a_same_length_change_in_the_parse_index_is_discarded_with_one_warning(
    tmp_path: Path,
) -> None:
    site, out, cache, expected = built_once(tmp_path)
    changed = [path for path in records(cache) if b"Staying safe tonight" in path.read_bytes()]
    assert changed  # the parsed pages' titles are in the index
    for path in changed:
        path.write_bytes(
            path.read_bytes().replace(b"Staying safe tonight", b"Staying safe tomorro")
        )
    second = build_site(site, out, now=NOW)
    title = BeautifulSoup((out / "en/advice/index.html").read_bytes(), "html.parser").h1
    assert title is not None and title.get_text(strip=True) == "Staying safe tonight"
    assert tree(out) == expected
    notes = cache_warnings(second.warnings, cache)
    assert len(notes) == 1
    assert notes[0].startswith(f"{len(changed)} cache record")
    assert "had been changed since this cache wrote them" in notes[0]
    assert changed[0].name in notes[0]
    third = build_site(site, out, now=NOW)  # made again: nothing left to report
    assert cache_warnings(third.warnings, cache) == []
    assert tree(out) == expected


def _forged_pickle(marker: Path) -> bytes:
    class Forged:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(marker),))

    return pickle.dumps(Forged())


def test_a_forged_pickle_is_never_run_sealed_or_not(tmp_path: Path) -> None:
    site, out, cache, expected = built_once(tmp_path)
    marker = tmp_path / "the-forged-pickle-ran"
    forged = _forged_pickle(marker)
    key = read_key(cache)
    assert key is not None
    paths = [path for path in records(cache) if path.parent.name != "jinja"]
    for number, path in enumerate(paths):
        if number % 2:  # as if by someone without the key: a plain pickle
            path.write_bytes(forged)
        else:  # claims this cache's key, with a MAC that is not right
            header, mac, body = seal(key, forged)
            path.write_bytes(header + bytes(b ^ 0xFF for b in mac) + body)
    second = build_site(site, out, now=NOW)
    assert not marker.exists()
    assert tree(out) == expected
    assert len(cache_warnings(second.warnings, cache)) == 1


def _forged_bytecode(sealed: bytes, marker: Path) -> bytes:
    """Jinja bytecode for the same template source that makes a folder when loaded."""
    blob = io.BytesIO(sealed[sealed.index(b"\n") + 1 + MAC_BYTES :])
    assert blob.read(len(bc_magic)) == bc_magic
    checksum = pickle.load(blob)
    code = compile(f"import os\nos.mkdir({str(marker)!r})\n", "<forged>", "exec")
    return bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(code)


def test_forged_jinja_bytecode_is_never_run(tmp_path: Path) -> None:
    site, out, cache, _ = built_once(tmp_path)
    marker = tmp_path / "the-forged-bytecode-ran"
    compiled = sorted((cache / "jinja").iterdir())
    assert compiled
    for path in compiled:
        path.write_bytes(_forged_bytecode(path.read_bytes(), marker))
    yaml = (site / "site.yaml").read_text()
    (site / "site.yaml").write_text(yaml.replace("en: Test Group", "en: Test Group, renamed"))
    build_site(site, out, now=NOW)  # every page again: every template is loaded
    assert not marker.exists()
    assert tree(out) == cold_tree(site, tmp_path)
    assert any(path.read_bytes().startswith(b"sitegen-cache ") for path in compiled)  # made again


def cold_tree(site: Path, tmp_path: Path) -> dict[str, bytes]:
    build_site(site, tmp_path / "cold", now=NOW, use_cache=False)
    return tree(tmp_path / "cold")


def _second_build_in_a_subprocess(site: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "sitegen", "build", "--site", str(site), "--out", str(out)]
    return subprocess.run(
        [*command, "--now", NOW.isoformat()],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("kind", ["fifo", "symlink to /dev/zero"])
def test_fifos_and_endless_symlinks_in_the_cache_are_never_read(tmp_path: Path, kind: str) -> None:
    site = write_site(tmp_path / "site", PAGES)
    out = tmp_path / "out"
    first = _second_build_in_a_subprocess(site, out)
    assert first.returncode == 0, first.stderr
    expected = tree(out)
    cache = default_cache_dir(site, out)
    replaced = [path for path in sorted(cache.rglob("*")) if path.is_file()]
    assert len(replaced) > 5
    for path in replaced:
        path.unlink()
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
    second = _second_build_in_a_subprocess(site, out)  # before the fix: hung, or read for ever
    assert second.returncode == 0, second.stderr
    assert tree(out) == expected


def test_a_record_over_the_limit_is_not_read(tmp_path: Path) -> None:
    record = tmp_path / "record"
    record.write_bytes(b"x" * 11)
    assert read_record(record, limit=10) is None
    record.write_bytes(b"x" * 10)
    found = read_record(record, limit=10)
    assert found is not None and found[0] == b"x" * 10


def test_cache_folders_are_private_and_its_files_its_owners_alone(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        _, _, cache, _ = built_once(tmp_path)
    finally:
        os.umask(previous)
    base = Path(os.environ["XDG_CACHE_HOME"]) / "sitegen"
    folders = [cache, *(p for p in cache.rglob("*") if p.is_dir())]
    assert len(folders) > 2 and (cache / "jinja").is_dir()
    for folder in folders:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(base.stat().st_mode) == 0o700  # made by sitegen, as its own
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_key_others_can_read_is_replaced(tmp_path: Path) -> None:
    site, out, cache, expected = built_once(tmp_path)
    (cache / KEY_NAME).chmod(0o644)
    assert read_key(cache) is None
    second = build_site(site, out, now=NOW)  # every record is of another key: plain misses
    assert tree(out) == expected
    assert cache_warnings(second.warnings, cache) == []
    assert read_key(cache) is not None
    assert stat.S_IMODE((cache / KEY_NAME).stat().st_mode) == 0o600


def _rename_site(site: Path, name: str) -> None:
    yaml = (site / "site.yaml").read_text()
    (site / "site.yaml").write_text(yaml.replace("en: Test Group", f"en: {name}"))


def test_a_damaged_pack_of_bodies_is_discarded_and_reported_once(tmp_path: Path) -> None:
    site, out, cache, _ = built_once(tmp_path)
    packs = sorted(cache.rglob("pack-*"))
    assert packs
    for pack in packs:
        data = bytearray(pack.read_bytes())
        data[len(data) // 2] ^= 0x01  # one bit, same length
        pack.write_bytes(bytes(data))
    reported = []
    for number in range(3):
        _rename_site(site, f"Group {number}")  # every page again: every body is read
        result = build_site(site, out, now=NOW)
        reported.append(cache_warnings(result.warnings, cache))
        assert tree(out) == cold_tree(site, tmp_path / str(number))
    assert len(reported[0]) == 1 and reported[1:] == [[], []]
    assert not any(pack.exists() for pack in packs)


def test_an_up_to_date_build_does_not_repeat_the_damage_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = write_site(tmp_path / "site", PAGES)
    out = tmp_path / "out"
    command = ["build", "--site", str(site), "--out", str(out), "--now", NOW.isoformat()]
    assert main(command) == 0
    cache = default_cache_dir(site, out)
    for path in records(cache):
        if path.parent.name != "jinja" and b"Staying safe tonight" in path.read_bytes():
            path.write_bytes(path.read_bytes().replace(b"tonight", b"tonite!"))
    _rename_site(site, "Renamed group")
    capsys.readouterr()
    assert main(command) == 0
    damaged = capsys.readouterr()
    assert "had been changed since this cache wrote them" in damaged.err
    assert main(command) == 0
    again = capsys.readouterr()
    assert again.out.startswith("Up to date: ")
    assert "had been changed" not in again.err + again.out
