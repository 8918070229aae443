"""The benchmark runs end to end on a tiny site and writes the results it promises."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = {
    "cold",
    "noop",
    "touch_page",
    "edit_page",
    "edit_directory",
    "edit_template",
    "edit_catalog",
}
MEMORY = {"max_rss_mib", "peak_pss_mib", "peak_rss_sum_mib"}
HAS_ROLLUP = Path("/proc/self/smaps_rollup").is_file()


def test_tiny_benchmark_writes_every_scenario(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    command = [sys.executable, str(REPO / "bench" / "run.py"), "--tiny", "--out", str(out)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results) == {"machine", "settings", "sizes"}
    assert {"cpus", "cpu_model", "python", "date"} <= set(results["machine"])
    (size,) = results["sizes"]
    assert size["pages"] == 10
    assert size["languages"] == ["en", "ur"]
    assert size["total_pages"] == 20
    sitegen = size["sitegen"]
    assert set(sitegen) >= SCENARIOS, sitegen
    for name in SCENARIOS:
        floor = set() if name == "cold" else {"x_bare_import"}  # a rebuild's ratio to the floor
        expected = MEMORY | {"seconds", "cpu_seconds", "runs"} | floor
        assert set(sitegen[name]) == expected, sitegen[name]
        assert sitegen[name]["cpu_seconds"] > 0
        assert_memory_sane(sitegen[name])
        if floor:
            assert sitegen[name]["x_bare_import"] > 0
    bare = sitegen["bare_import"]
    assert set(bare) == MEMORY | {"seconds", "cpu_seconds", "runs"}, bare
    assert bare["seconds"] > 0
    serve = sitegen["serve_edit_page"]
    assert set(serve) == MEMORY | {"seconds", "runs", "warmup_seconds"}, serve
    assert len(serve["runs"]) == 1
    assert serve["seconds"] > 0 and serve["warmup_seconds"] > 0
    assert_memory_sane(serve)
    assert sitegen["pages_built"] >= 20
    assert "sitegen cold" in finished.stdout
    assert "sitegen bare_import" in finished.stdout
    assert "sitegen serve_edit_page" in finished.stdout


def assert_memory_sane(found: dict[str, object]) -> None:
    """Check the memory figures: summed peaks measured wherever /proc has smaps_rollup."""
    largest, pss, rss_sum = (
        found[key] for key in ("max_rss_mib", "peak_pss_mib", "peak_rss_sum_mib")
    )
    assert isinstance(largest, float) and largest > 0, found
    if not HAS_ROLLUP:
        assert pss is None and rss_sum is None, found
        return
    assert isinstance(pss, float) and isinstance(rss_sum, float), found
    # Each sample's PSS is at most its RSS, so the peaks keep that order. How close the sampled
    # sum comes to the largest process depends on the machine's load: no figure is asserted.
    assert 0 < pss <= rss_sum, found


def test_generator_is_deterministic(tmp_path: Path) -> None:
    def generate(out: Path) -> dict[str, bytes]:
        command = [sys.executable, str(REPO / "bench" / "generate.py"), "--pages", "12"]
        command += ["--languages", "3", "--out", str(out)]
        subprocess.run(command, check=True, capture_output=True)
        return {
            p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
        }

    first = generate(tmp_path / "a")
    assert first == generate(tmp_path / "b")
    assert {"site.yaml", "content/index.md", "content/index.ur.md", "content/index.ar.md"} <= set(
        first
    )
    assert any(name.startswith("content/contacts/") for name in first)


def test_editor_preview_benchmark_times_previews_of_the_typed_text(tmp_path: Path) -> None:
    site = tmp_path / "site"
    command = [sys.executable, str(REPO / "bench" / "generate.py"), "--pages", "8"]
    subprocess.run([*command, "--languages", "2", "--out", str(site)], check=True)
    command = [sys.executable, str(REPO / "bench" / "editor_preview.py"), "--site", str(site)]
    finished = subprocess.run(
        [*command, "--runs", "3"], capture_output=True, text=True, timeout=300
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    found = json.loads(finished.stdout.strip().splitlines()[-1])
    assert len(found["runs"]) == 3 and all(seconds > 0 for seconds in found["runs"])
    assert min(found["runs"]) <= found["median"] <= max(found["runs"])
    assert found["page_bytes"] == len((site / "content" / "about.md").read_bytes())
