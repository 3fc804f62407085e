"""Defaults shared by the command line, the library and the web view, each defined once here."""

from __future__ import annotations

MAX_CHARS = 2_000_000  # longer documents are skipped (code --max-chars)
COMMIT_EVERY = 100  # documents per database transaction (code --db --commit-every)
DEDUP_WINDOW_DAYS = 1  # mentions within this many days of each other can be one event (--dedup-window)
DEDUP_KEYS = ("source", "target", "base")  # what must agree for mentions to be one event (--dedup-keys)
DEDUP_KEY_NAMES = ("source", "source_country", "target", "target_country", "base", "root", "code")
PERIODS = ("day", "week", "month", "quarter", "year")  # timeline periods (timeline --by, the dyad page)
QUERY_WAIT_S = 5.0  # seconds a query or export waits for a coding run to release the database (--wait)
SERVE_WAIT_S = 2.0  # seconds one web request waits for it (serve --wait)
