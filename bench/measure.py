"""Time one command and report its peak memory, in a process of its own.

    python bench/measure.py LOG -- COMMAND...

Prints one JSON line: seconds (wall clock), cpu_seconds (user and system time of the command
and every process it waited for: steadier than the wall clock on a machine whose speed drifts,
as it counts the work done, not the waiting), max_rss_kib (the largest resident set of any one
process the command started; both from getrusage(RUSAGE_CHILDREN)), peak_pss_mib and
peak_rss_sum_mib (the peak over time of the sum over the command's whole process tree of each
process's PSS, and of its RSS, sampled every 50 ms from /proc; null where /proc or smaps_rollup
is missing), memory_samples (how many samples the peaks come from) and returncode. The command's
output goes to LOG. A fresh process per measurement keeps each peak separate.

PSS splits every shared page between the processes that map it, so forked copy-on-write workers
are not counted twice: the PSS sum is the memory the tree costs. The RSS sum counts shared pages
once per process, an upper bound. A process that lives less than one interval may be missed.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
INTERVAL = 0.05  # seconds between samples (each costs about 2.5 ms of CPU)


@dataclass
class TreeSampler:
    """Samples the summed PSS and RSS of a process and all its descendants, keeping the peaks.

    Finds descendants by reading the parent pid from /proc/PID/stat (`task/*/children` needs a
    kernel option that is often off). Only pids new since the last sample are read: a process
    that was not in the tree when first seen never joins it, as the tree only grows by forking.
    """

    root: int
    tree: set[int] = field(default_factory=set)
    outside: set[int] = field(default_factory=set)
    peak_pss_kib: int = 0
    peak_rss_kib: int = 0
    samples: int = 0

    def sample(self) -> None:
        """Take one sample of the tree's memory; processes may vanish at any point."""
        running = running_pids()
        if running is None:
            return
        self.tree &= running
        self.outside &= running
        self._adopt(running - self.tree - self.outside)
        members = set(self.tree)
        pss = rss = 0
        seen = 0
        for pid in members:
            usage = read_rollup(pid)
            if usage is not None:
                pss, rss, seen = pss + usage[0], rss + usage[1], seen + 1
        # A fork or exit while reading shifts shared pages between processes read before and
        # after it, which can count them twice: keep only samples of an unchanged tree.
        if seen and self._unchanged(members):
            self.samples += 1
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            self.peak_rss_kib = max(self.peak_rss_kib, rss)

    def _unchanged(self, members: set[int]) -> bool:
        running = running_pids()
        if running is None:
            return False
        self._adopt(running - self.tree - self.outside)
        return self.tree & running == members

    def _adopt(self, new: set[int]) -> None:
        parents: dict[int, int] = {}
        for pid in new:
            parent = read_parent(pid)
            if parent is not None:
                parents[pid] = parent
        # New pids may be children of other new pids: add until nothing changes.
        joined = True
        while joined:
            joined = False
            for pid, parent in list(parents.items()):
                if pid == self.root or parent in self.tree:
                    self.tree.add(pid)
                    del parents[pid]
                    joined = True
        self.outside |= parents.keys()

    def report(self) -> dict[str, object]:
        """Return the peaks in MiB, or nulls when no sample was taken."""
        if not self.samples:
            return {"peak_pss_mib": None, "peak_rss_sum_mib": None, "memory_samples": 0}
        return {
            "peak_pss_mib": round(self.peak_pss_kib / 1024, 1),
            "peak_rss_sum_mib": round(self.peak_rss_kib / 1024, 1),
            "memory_samples": self.samples,
        }


def running_pids() -> set[int] | None:
    """Return the pids of every process, or None without /proc."""
    try:
        return {int(name) for name in os.listdir(PROC) if name.isdigit()}
    except OSError:
        return None


def read_parent(pid: int) -> int | None:
    """Return a process's parent pid, or None if it is gone."""
    try:
        stat = (PROC / str(pid) / "stat").read_bytes()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ")".
    fields = stat[stat.rfind(b")") + 2 :].split()
    return int(fields[1]) if len(fields) > 1 else None


def read_rollup(pid: int) -> tuple[int, int] | None:
    """Return a process's (PSS, RSS) in KiB from smaps_rollup, or None if unreadable or gone."""
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_bytes()
    except OSError:
        return None
    pss = rss = None
    for line in text.splitlines():
        if line.startswith(b"Pss:"):
            pss = int(line.split()[1])
        elif line.startswith(b"Rss:"):
            rss = int(line.split()[1])
    # A zombie's rollup is empty: it holds no memory.
    return (pss or 0, rss or 0) if text else (0, 0)


def can_sample() -> bool:
    """Tell whether this system has /proc with smaps_rollup (Linux 4.14 and later)."""
    return read_rollup(os.getpid()) is not None


def sample_until(sampler: TreeSampler, done: threading.Event) -> None:
    """Sample now and then every INTERVAL until `done` is set."""
    sampler.sample()
    while not done.wait(INTERVAL):
        sampler.sample()


def main() -> None:
    """Run the command after `--` and print its measurements."""
    log, separator, *command = sys.argv[1:]
    if separator != "--" or not command:
        raise SystemExit(__doc__)
    sampling = can_sample()
    with open(log, "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid)
        done = threading.Event()
        thread = threading.Thread(target=sample_until, args=(sampler, done), daemon=True)
        if sampling:
            thread.start()
        # Waiting in this thread, not polling, keeps the wall clock exact.
        returncode = process.wait()
        seconds = time.perf_counter() - started
        done.set()
        if sampling:
            thread.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "max_rss_kib": usage.ru_maxrss,  # KiB on Linux
        **sampler.report(),
    }
    print(json.dumps({**report, "returncode": returncode}))


if __name__ == "__main__":
    main()
