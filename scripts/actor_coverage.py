"""Summarise the shipped actor registry files (src/communique/data/actors_*.tsv).

Usage: ``python scripts/actor_coverage.py [FILE ...]`` (default: every actors_*.tsv of the data directory).
Prints how many people, organisations and armed groups there are, how many roles, how many of them are dated
(have a from or a to date) and the newest date, for all files together and for each file. An actor is an id;
an id found in several files counts once in the total, with the kind of its first row.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "communique" / "data"
COLUMNS = ("id", "kind", "name", "aliases", "code", "from", "to", "source")
KINDS = (("person", "people"), ("organisation", "organisations"), ("group", "armed groups"))


@dataclass
class Coverage:
    """Counts over some actor rows."""

    kinds: dict[str, str] = field(default_factory=dict)
    roles: int = 0
    dated: int = 0
    newest: str = ""
    bad_dates: int = 0

    def add(self, row: dict[str, str]) -> None:
        """Count one row."""
        self.kinds.setdefault(row["id"], row["kind"])
        self.roles += 1
        dates = [d for d in (row["from"], row["to"]) if d]
        if dates:
            self.dated += 1
        for date in dates:
            if is_iso_date(date):
                self.newest = max(self.newest, date)
            else:
                self.bad_dates += 1

    def count(self, kind: str) -> int:
        """How many actors are of `kind`."""
        return sum(1 for k in self.kinds.values() if k == kind)

    def others(self) -> int:
        """How many actors have a kind outside KINDS."""
        known = {k for k, _ in KINDS}
        return sum(1 for k in self.kinds.values() if k not in known)


def is_iso_date(text: str) -> bool:
    """Whether `text` is a valid YYYY-MM-DD date."""
    if len(text) != 10:
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of an actor TSV file (comment lines skipped), checked against COLUMNS."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#") and line.strip())
        reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None:
            return
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}")
        for number, cells in enumerate(reader, 2):
            if len(cells) != len(header):
                raise ValueError(f"{path.name}: data row {number - 1} has {len(cells)} fields, not {len(header)}")
            yield dict(zip(header, cells, strict=True))


def summarise(paths: Iterable[Path]) -> tuple[Coverage, dict[str, Coverage]]:
    """Coverage of all files together and of each file by name."""
    total = Coverage()
    per_file: dict[str, Coverage] = {}
    for path in paths:
        mine = per_file.setdefault(path.name, Coverage())
        for row in read_rows(path):
            total.add(row)
            mine.add(row)
    return total, per_file


def report(label: str, cov: Coverage) -> list[str]:
    """Printable lines for one coverage."""
    actors = ", ".join(f"{cov.count(kind)} {plural}" for kind, plural in KINDS)
    if cov.others():
        actors += f", {cov.others()} of another kind"
    dated = f"{cov.dated} dated ({cov.dated / cov.roles:.1%})" if cov.roles else "0 dated"
    lines = [f"{label}: {len(cov.kinds)} actors: {actors}",
             f"  {cov.roles} roles, {dated}; newest date: {cov.newest or 'none'}"]
    if cov.bad_dates:
        lines.append(f"  {cov.bad_dates} dates are not YYYY-MM-DD")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="actor TSV files (default: data/actors_*.tsv)")
    args = parser.parse_args(argv)
    paths = args.files or sorted(DATA.glob("actors_*.tsv"))
    if not paths:
        print(f"no actors_*.tsv files in {DATA}", file=sys.stderr)
        return 1
    try:
        total, per_file = summarise(paths)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    lines = report(f"All {len(paths)} file(s)", total)
    for name, cov in per_file.items():
        lines.extend(report(name, cov))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
