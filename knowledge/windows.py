"""Where today stands relative to a dated period a page gives (application rounds and the like)."""

from datetime import date
from enum import StrEnum


class WindowStatus(StrEnum):
    """Whether a period is over, running or still to come."""

    CLOSED = "closed"
    OPEN = "open"
    UPCOMING = "upcoming"


def window_status(start: date | None, end: date | None, today: date) -> WindowStatus | None:
    """Classify a period against today; None when the page gives no end date to judge by."""
    if end is None:
        if start is not None and start > today:
            return WindowStatus.UPCOMING
        return None
    if end < today:
        return WindowStatus.CLOSED
    if start is not None and start > today:
        return WindowStatus.UPCOMING
    return WindowStatus.OPEN


def parse_iso(value: str | None) -> date | None:
    """Turn an ISO date string into a date; None stays None."""
    return date.fromisoformat(value) if value else None
