"""Points where a test can hold a build, so that it can be killed or raced at a chosen moment.

`SITEGEN_TEST_HOLD=POINT=FOLDER` makes the build, on reaching POINT, create FOLDER/held and wait
until FOLDER/go exists. Points: "locked" (the build holds its locks and its staging folder) and
"rename-N" (an in-place update has made N of its renames) and "swap" (the full swap has set
the old output aside and not yet renamed the new one into place). Unset, nothing happens.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

HOLD_VARIABLE = "SITEGEN_TEST_HOLD"
_POLL_SECONDS = 0.01


def hold(point: str) -> None:
    """Wait at `point` while a test asks it (see the module's docstring)."""
    asked = os.environ.get(HOLD_VARIABLE, "")
    name, _, folder = asked.partition("=")
    if not folder or name != point:
        return
    (Path(folder) / "held").write_text(str(os.getpid()), encoding="ascii")
    go = Path(folder) / "go"
    while not go.exists():
        time.sleep(_POLL_SECONDS)
