"""Event dates: the article date moved by explicit relative day words in the sentence."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
RELATIVE = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
RELATIVE_RE = re.compile(r"\b(yesterday|today|tonight|tomorrow)\b", re.IGNORECASE)


def parse_date(value: str | None) -> dt.date | None:
    """Parse YYYY-MM-DD (a longer ISO timestamp is cut to its date); None when absent or malformed."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def event_date(article_date: str | None, sentence: str, future: bool = False) -> tuple[str | None, str]:
    """The event date for a sentence and how it was found."""
    base = parse_date(article_date)
    if base is None:
        return None, "no article date"
    m = RELATIVE_RE.search(sentence)
    if m:
        return (base + dt.timedelta(days=RELATIVE[m.group(1).lower()])).isoformat(), f"'{m.group(1)}'"
    m = WEEKDAY_RE.search(sentence)
    if m:
        target = WEEKDAYS.index(m.group(1).lower())
        if future:
            delta = (target - base.weekday()) % 7
        else:
            delta = -((base.weekday() - target) % 7)
        return (base + dt.timedelta(days=delta)).isoformat(), f"'{m.group(1)}' relative to the article date"
    return base.isoformat(), "article date"
