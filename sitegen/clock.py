"""The build's clock: what decides which alerts are live (nothing else a build makes depends on
the time it runs)."""

from __future__ import annotations

import datetime as dt
import os


def build_clock(now: dt.datetime | None) -> dt.datetime:
    """Return the build's clock: `--now`, else SOURCE_DATE_EPOCH, else the current time (UTC)."""
    if now is not None:
        return now if now.tzinfo else now.replace(tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC)
