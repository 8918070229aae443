"""The dev server's build worker: stopping it in the middle of a build ends all it forked.

A build forks jobs (`incremental.parallel`); killing only the worker would leave them running,
writing into a folder the server removes next, and never ending.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.server.builder import WorkerBuilder

WAIT = 60.0


@dataclass(frozen=True)
class ForkingRecipe:
    """A build that forks a job which says its pid, then keeps making the output folder."""

    pid_file: Path

    def __call__(self) -> Callable[[Path], None]:
        def build(out_dir: Path) -> None:
            pid = os.fork()
            if pid == 0:  # the job: as a pool worker writing pages would, until killed
                try:
                    while True:
                        out_dir.mkdir(parents=True, exist_ok=True)
                        time.sleep(0.01)
                finally:
                    os._exit(1)
            written = self.pid_file.with_suffix(".part")
            written.write_text(str(pid), encoding="ascii")
            written.replace(self.pid_file)
            os.waitpid(pid, 0)

        return build


def is_running(pid: int) -> bool:
    """Tell whether `pid` still runs (a zombie, waiting for the system to reap it, does not)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    state = text.rsplit(")", 1)[-1].split()[0]
    return state not in ("Z", "X")


def wait_for_file(path: Path) -> str:
    deadline = time.monotonic() + WAIT
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never came"
        time.sleep(0.01)
    return path.read_text(encoding="ascii")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_closing_in_the_middle_of_a_build_ends_the_jobs_it_forked(tmp_path: Path) -> None:
    pid_file = tmp_path / "job.pid"
    out_dir = tmp_path / "temp" / "site"
    builder = WorkerBuilder(ForkingRecipe(pid_file))
    results: list[tuple[str, ...] | None] = []
    building = threading.Thread(target=lambda: results.append(builder.run(out_dir)))
    building.start()
    job = int(wait_for_file(pid_file))
    assert is_running(job)
    builder.close()
    assert not is_running(job)
    building.join(WAIT)
    assert results and results[0] is not None and "ended unexpectedly" in results[0][0]
    assert builder.run(out_dir) == ("error: the server is stopping",)
