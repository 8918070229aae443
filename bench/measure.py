"""Time one command and report its peak memory, in a process of its own.

    python bench/measure.py LOG -- COMMAND...

Prints one JSON line: seconds (wall clock), max_rss_kib (the largest resident set of any
process the command started, from getrusage(RUSAGE_CHILDREN)) and returncode. The command's
output goes to LOG. A fresh process per measurement keeps each peak separate.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    """Run the command after `--` and print its measurements."""
    log, separator, *command = sys.argv[1:]
    if separator != "--" or not command:
        raise SystemExit(__doc__)
    with open(log, "wb") as out:
        started = time.perf_counter()
        returncode = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT).returncode
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "max_rss_kib": peak, "returncode": returncode}))


if __name__ == "__main__":
    main()
