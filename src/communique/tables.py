"""Render query results as a text table, CSV or JSON."""

from __future__ import annotations

import csv
import datetime as dt
import json
from typing import IO, Any

OUTPUT_FORMATS = ("table", "csv", "json")


def plain(value: Any) -> Any:
    """A JSON-ready value (dates as ISO strings)."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def render(columns: list[str], rows: list[tuple], fmt: str, out: IO[str], max_width: int = 48) -> None:
    """Write rows in the chosen format."""
    if fmt == "json":
        out.write(json.dumps([{c: plain(v) for c, v in zip(columns, row, strict=True)} for row in rows],
                             ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(columns)
        for row in rows:
            w.writerow(["" if v is None else plain(v) for v in row])
        return
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n")


def _cell(v: Any, max_width: int) -> str:
    if v is None:
        return "-"
    s = str(plain(v)).replace("\n", " ")
    return s if len(s) <= max_width else s[: max_width - 1] + "…"
