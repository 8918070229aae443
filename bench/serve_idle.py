"""Measure what `sitegen serve` costs while nobody edits: CPU seconds over a quiet spell.

    python bench/serve_idle.py --site DIR [--seconds 30] [--poll]

Starts the server on a free port, waits for its first build, then reads the process's user and
system CPU time from /proc/PID/stat (Linux) at the start and end of the spell, and prints the
share of one core it used. Children (the build worker) are counted too.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def cpu_seconds(pid: int) -> float:
    """Return the CPU time (user + system) of a process and its live children."""
    total = 0
    for candidate in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{candidate}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--poll", action="store_true")
    args = parser.parse_args()
    command = [sys.executable, "-m", "sitegen", "serve", "--site", str(args.site), "--port", "0"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        command + (["--poll"] if args.poll else []),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    try:
        for line in process.stderr:
            if line.startswith("Serving "):
                break
        time.sleep(2.0)  # let the first build's after-work settle
        before = cpu_seconds(process.pid)
        time.sleep(args.seconds)
        used = cpu_seconds(process.pid) - before
    finally:
        process.terminate()
        process.wait(timeout=60)
    mode = "polling" if args.poll else "native events"
    print(f"{mode}: {used:.2f} CPU s in {args.seconds:.0f} s = {100 * used / args.seconds:.1f} %")


if __name__ == "__main__":
    main()
