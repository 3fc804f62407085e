"""Summarise the shipped actor registry files (groups.tsv, actors_recent.tsv and actors_phoenix.tsv).

Usage: ``python scripts/actor_coverage.py [FILE ...]``; by default it reads, in this order, groups.tsv,
actors_recent.tsv and actors_phoenix.tsv of src/communique/data; any subset (or other files of the same layout) can
be given instead, and they are read in the order given.

Prints, for all files together and for each file: how many people, organisations and armed groups there are (and
Phoenix's country entries, counted apart), how many roles (rows), how many of them are dated (have a from or a to
date) and the newest date; and, for each file, its actors by kind. An actor is an id; an id found in several files
(or rows) counts once, with the kind of its first row.

Kinds: people are ``person``; organisations are ``igo``, ``ngo``, ``party``, ``military``, ``agency`` and
``organisation``; armed groups are ``armed group`` and Phoenix's ``group`` (its MilNonState groups). Phoenix also
writes its countries as ``organisation`` rows: an ``organisation`` row whose code is exactly the 3-letter code of a
country of countries.tsv is counted as a country, not as an organisation (a few places that Phoenix codes as
their country count as countries too, and former states and territories missing from countries.tsv as organisations).

Every file needs the columns id, kind, name, aliases, code, from, to and source, and may have an office column;
any other column, a missing header or a row with the wrong number of fields makes it exit 1 with a message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "communique" / "data"
DEFAULT_FILES = ("groups.tsv", "actors_recent.tsv", "actors_phoenix.tsv")
COUNTRIES = DATA / "countries.tsv"
REQUIRED = ("id", "kind", "name", "aliases", "code", "from", "to", "source")
OPTIONAL = ("office",)

PEOPLE, ORGANISATIONS, ARMED, COUNTRY, OTHER = "people", "organisations", "armed groups", "countries (Phoenix)", "other"
CATEGORY_OF_KIND: dict[str, str] = {
    "person": PEOPLE,
    "igo": ORGANISATIONS, "ngo": ORGANISATIONS, "party": ORGANISATIONS, "military": ORGANISATIONS,
    "agency": ORGANISATIONS, "organisation": ORGANISATIONS,
    "armed group": ARMED, "group": ARMED,
}
CATEGORIES = (PEOPLE, ORGANISATIONS, ARMED, COUNTRY)


class MalformedFile(ValueError):
    """A file that does not have the layout of an actor file."""


def category(kind: str, code: str, countries: frozenset[str]) -> str:
    """The category counted for a row of `kind` with actor `code`."""
    if kind == "organisation" and len(code) == 3 and code.isalpha() and code in countries:
        return COUNTRY
    return CATEGORY_OF_KIND.get(kind, OTHER)


@dataclass
class Coverage:
    """Counts over some actor rows."""

    countries: frozenset[str] = frozenset()
    kinds: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    roles: int = 0
    dated: int = 0
    newest: str = ""
    bad_dates: int = 0

    def add(self, row: dict[str, str]) -> None:
        """Count one row."""
        if row["id"] not in self.kinds:
            self.kinds[row["id"]] = row["kind"]
            self.categories[row["id"]] = category(row["kind"], row["code"], self.countries)
        self.roles += 1
        dates = [d for d in (row["from"], row["to"]) if d]
        if dates:
            self.dated += 1
        for date in dates:
            if is_iso_date(date):
                self.newest = max(self.newest, date)
            else:
                self.bad_dates += 1

    def count(self, name: str) -> int:
        """How many actors are in category `name`."""
        return sum(1 for c in self.categories.values() if c == name)

    def by_kind(self) -> Counter[str]:
        """How many actors there are of each kind (of their first row)."""
        return Counter(self.kinds.values())


def is_iso_date(text: str) -> bool:
    """Whether `text` is a valid YYYY-MM-DD date."""
    if len(text) != 10:
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The tab-separated records of `path` with their line numbers, comment and blank lines skipped."""
    with path.open(encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, 1):
            if line.startswith("#") or not line.strip():
                continue
            yield number, line.rstrip("\r\n").split("\t")


def check_header(path: Path, header: list[str]) -> None:
    """Raise MalformedFile unless `header` holds every REQUIRED column, at most the OPTIONAL ones besides, once each."""
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise MalformedFile(f"{path}: header lacks column(s) {', '.join(missing)}")
    unknown = [c for c in header if c not in REQUIRED and c not in OPTIONAL]
    if unknown:
        raise MalformedFile(f"{path}: header has unknown column(s) {', '.join(map(repr, unknown))}; "
                            f"expected {', '.join(REQUIRED)} and optionally {', '.join(OPTIONAL)}")
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise MalformedFile(f"{path}: header repeats column(s) {', '.join(twice)}")


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of an actor TSV file (comment lines skipped), checked against REQUIRED and OPTIONAL."""
    records = _records(path)
    first = next(records, None)
    if first is None:
        raise MalformedFile(f"{path}: no header line (the file is empty or holds only comments)")
    header = first[1]
    check_header(path, header)
    for number, cells in records:
        if len(cells) != len(header):
            raise MalformedFile(f"{path}, line {number}: {len(cells)} tab-separated fields, not {len(header)}")
        row = dict(zip(header, cells, strict=True))
        if not row["id"] or not row["kind"]:
            raise MalformedFile(f"{path}, line {number}: empty id or kind")
        yield row


def read_countries(path: Path = COUNTRIES) -> frozenset[str]:
    """The 3-letter country codes of the `code` column of countries.tsv."""
    records = _records(path)
    first = next(records, None)
    if first is None or "code" not in first[1]:
        raise MalformedFile(f"{path}: no header line with a code column")
    column = first[1].index("code")
    codes = set()
    for number, cells in records:
        if len(cells) != len(first[1]):
            raise MalformedFile(f"{path}, line {number}: {len(cells)} tab-separated fields, not {len(first[1])}")
        codes.add(cells[column])
    return frozenset(codes)


def summarise(paths: Iterable[Path], countries: frozenset[str]) -> tuple[Coverage, dict[str, Coverage]]:
    """Coverage of all files together and of each file by name."""
    total = Coverage(countries)
    per_file: dict[str, Coverage] = {}
    for path in paths:
        mine = per_file.setdefault(path.name, Coverage(countries))
        for row in read_rows(path):
            total.add(row)
            mine.add(row)
    return total, per_file


def report(label: str, cov: Coverage, kinds: bool = False) -> list[str]:
    """Printable lines for one coverage (with its actors by kind if `kinds`)."""
    actors = ", ".join(f"{cov.count(name)} {name}" for name in CATEGORIES if name != COUNTRY or cov.count(name))
    if cov.count(OTHER):
        actors += f", {cov.count(OTHER)} of another kind"
    dated = f"{cov.dated} dated ({cov.dated / cov.roles:.1%})" if cov.roles else "0 dated"
    lines = [f"{label}: {len(cov.kinds)} actors: {actors}",
             f"  {cov.roles} roles, {dated}; newest date: {cov.newest or 'none'}"]
    if kinds:
        counts = sorted(cov.by_kind().items(), key=lambda item: (-item[1], item[0]))
        lines.append("  by kind: " + (", ".join(f"{kind} {n}" for kind, n in counts) or "none"))
    if cov.bad_dates:
        lines.append(f"  {cov.bad_dates} dates are not YYYY-MM-DD")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and print the summary."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path,
                        help=f"actor TSV files (default: {', '.join(DEFAULT_FILES)} of the data directory)")
    args = parser.parse_args(argv)
    paths: list[Path] = args.files or [DATA / name for name in DEFAULT_FILES]
    try:
        countries = read_countries()
        total, per_file = summarise(paths, countries)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    lines = report(f"All {len(paths)} file(s)", total)
    for name, cov in per_file.items():
        lines.extend(report(name, cov, kinds=True))
    organisation_kinds = ", ".join(k for k, c in CATEGORY_OF_KIND.items() if c == ORGANISATIONS)
    lines += ["Notes: an id counts once, with the kind of its first row.",
              f"  organisations: kinds {organisation_kinds}; armed groups: 'armed group' and Phoenix's 'group' "
              "(its MilNonState groups).",
              f"  {COUNTRY}: 'organisation' rows whose code is exactly a 3-letter country code of countries.tsv, "
              "not counted as organisations;",
              "  so the odd place Phoenix codes as its country counts as a country, and former states and "
              "territories missing from countries.tsv count as organisations."]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
