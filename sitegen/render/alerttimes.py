"""When an alert applies: its `starts` and `ends` as moments in the site's time zone.

Apart from `alerts` so that the lists of pages (`pagelists`) can mark an ended alert too.
"""

from __future__ import annotations

import datetime as dt


def is_live(
    starts: dt.date | None, ends: dt.date | None, now: dt.datetime, zone: dt.tzinfo
) -> bool:
    """Tell whether an alert shows at `now`: from its start until the end of its last day."""
    if starts is not None and alert_moment(starts, zone, end=False) > now:
        return False
    return not (ends is not None and alert_moment(ends, zone, end=True) <= now)


def alert_moment(value: dt.date, zone: dt.tzinfo, *, end: bool) -> dt.datetime:
    """Return when an alert's `starts` or `ends` is: a date or a time without an offset is in
    the site's time zone, and an end date means the end of that day there.

    >>> import zoneinfo
    >>> london = zoneinfo.ZoneInfo("Europe/London")
    >>> alert_moment(dt.date(2026, 7, 1), london, end=True).isoformat()
    '2026-07-02T00:00:00+01:00'
    >>> alert_moment(dt.datetime(2026, 12, 1, 9, 30), london, end=False).isoformat()
    '2026-12-01T09:30:00+00:00'
    """
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    day = value + dt.timedelta(days=1) if end else value
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone)


def has_ended(ends: dt.date | None, now: dt.datetime, zone: dt.tzinfo) -> bool:
    """Tell whether an alert's end has passed at `now` (never, without an end)."""
    return ends is not None and alert_moment(ends, zone, end=True) <= now


def instant(value: dt.date, zone: dt.tzinfo, *, end: bool) -> str:
    """Return the moment as an ISO 8601 UTC instant, for the browser to compare with its clock."""
    moment = alert_moment(value, zone, end=end).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def local_value(value: dt.date, zone: dt.tzinfo, *, end: bool) -> dt.date:
    """Return a date as written, or a time as the site's clocks show it (for readers)."""
    if not isinstance(value, dt.datetime):
        return value
    return alert_moment(value, zone, end=end).astimezone(zone)
