"""Check the dated organisations and armed groups file (src/communique/data/groups.tsv by default).

Checks: comment lines start with '# ' and come before the header; the header is exact and every row has nine fields;
id is a lower-case slug and the rows of one id share kind, name and aliases; kind is one of the allowed kinds; code is
three upper-case letters and up to six more (letters, or digits as in IGOG20), and its country block (the first three
letters) is a code in countries.tsv or IGO, NGO, IMG, MNC or a CAMEO region; from and to are ISO dates with from
before to; the rows of one id do not overlap in time (a row may start on the day the one before it ends); no surface
form (name or alias) belongs to two ids; and no surface form is also a country name or demonym (country_names.tsv,
countries.tsv), a seat (seats.tsv), a role word (sectors.tsv), or a name or alias of a person in actors_recent.tsv.
Comparisons of surface forms ignore case. A few codes and surfaces kept from organisations.tsv are exempt
(LEGACY_CODES, LEGACY_SURFACES). Prints one line per problem (with its line number) and exits 1 if there is any;
otherwise prints counts.

    python scripts/check_groups.py [FILE] [--data DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_actor_file import alias_problems  # noqa: E402  (the same alias rules for people and groups)

from communique.models import NON_STATE  # noqa: E402

COLUMNS = ["id", "kind", "name", "aliases", "code", "from", "to", "office", "source"]
KINDS = {"igo", "ngo", "party", "armed group", "military", "agency", "organisation"}
BLOCKS = NON_STATE  # IGO, NGO, IMG, MNC and the CAMEO regions
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CODE_RE = re.compile(r"^[A-Z]{3}[A-Z0-9]{0,6}$")  # digits for the organisation codes G7, G20
# Kept from organisations.tsv so that the coder's output does not change, though they break a rule above.
LEGACY_CODES = {"IGOINTERPOL"}  # organisation code longer than six letters
LEGACY_SURFACES = {"PLO"}  # also a name of PSE in country_names.tsv; organisations.tsv coded it PSE + GOV
DATA = Path(__file__).resolve().parent.parent / "src" / "communique" / "data"
DEFAULT = DATA / "groups.tsv"


def table(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row of a tab-separated file with '#' comment lines."""
    header: list[str] | None = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        yield n, dict(zip(header, fields, strict=False))


def split(text: str, sep: str) -> list[str]:
    """Split a list field, dropping surrounding spaces (an empty field is an empty list)."""
    return [part.strip() for part in text.split(sep)] if text.strip() else []


def reserved(data: Path) -> tuple[set[str], dict[str, str]]:
    """Return the country codes, and the surface forms of other tables (casefolded) with where each comes from."""
    codes: set[str] = set()
    taken: dict[str, str] = {}
    for _, row in table(data / "countries.tsv"):
        codes.add(row["code"])
        for surface in (row.get("name", ""), row.get("official_name", "")):
            if surface:
                taken.setdefault(surface.casefold(), f"countries.tsv ({row['code']})")
    for _, row in table(data / "country_names.tsv"):
        for surface in split(row["names"], "|") + split(row["demonyms"], "|"):
            taken.setdefault(surface.casefold(), f"country_names.tsv ({row['code']})")
    for _, row in table(data / "seats.tsv"):
        taken.setdefault(row["name"].casefold(), f"seats.tsv ({row['code']})")
    for _, row in table(data / "sectors.tsv"):
        taken.setdefault(row["term"].casefold(), "sectors.tsv (role word)")
    for _, row in table(data / "actors_recent.tsv"):
        for surface in [row["name"], *split(row["aliases"], "|")]:
            if surface:
                taken.setdefault(surface.casefold(), f"actors_recent.tsv ({row['id']})")
    return codes, taken


def parse_date(text: str) -> dt.date | None:
    """Parse an ISO date (YYYY-MM-DD), or return None."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def check(path: Path, data: Path) -> tuple[list[str], list[list[str]]]:
    """Return the problems found in a groups file, and its rows (each a list of nine fields)."""
    problems: list[str] = []
    rows: list[list[str]] = []
    codes, taken = reserved(data)
    lines = path.read_text(encoding="utf-8").splitlines()
    header_at = next((n for n, line in enumerate(lines, 1) if line and not line.startswith("#")), None)
    if header_at is None or lines[header_at - 1].split("\t") != COLUMNS:
        return [f"{path.name}: the first line that is not a comment must be the header {' '.join(COLUMNS)}"], rows
    first: dict[str, tuple[int, tuple[str, str, str]]] = {}  # id -> (line, (kind, name, aliases))
    spans: dict[str, list[tuple[dt.date, dt.date, int]]] = defaultdict(list)
    owner: dict[str, tuple[str, int]] = {}  # casefolded surface -> (id, line)
    for n, line in enumerate(lines, 1):
        where = f"{path.name}:{n}"
        if line.startswith("#"):
            if n > header_at:
                problems.append(f"{where}: comment line after the header")
            elif line != "#" and not line.startswith("# "):
                problems.append(f"{where}: a comment line starts with '# '")
            continue
        if n == header_at:
            continue
        if not line.strip():
            problems.append(f"{where}: empty line")
            continue
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            problems.append(f"{where}: {len(fields)} fields, expected {len(COLUMNS)}")
            continue
        rows.append(fields)
        row = dict(zip(COLUMNS, fields, strict=True))
        gid, kind, name, code = row["id"], row["kind"], row["name"], row["code"]
        if any(f != f.strip() for f in fields):
            problems.append(f"{where}: a field has leading or trailing spaces")
        if not ID_RE.match(gid):
            problems.append(f"{where}: id {gid!r} is not a lower-case slug")
        if kind not in KINDS:
            problems.append(f"{where}: kind {kind!r} is not one of {', '.join(sorted(KINDS))}")
        if not name:
            problems.append(f"{where}: empty name")
        if not row["office"]:
            problems.append(f"{where}: empty office")
        if not row["source"]:
            problems.append(f"{where}: empty source")
        if not CODE_RE.match(code) and code not in LEGACY_CODES:
            problems.append(f"{where}: code {code!r} is not 3 upper-case letters and 0-6 more (letters or digits)")
        elif code[:3] not in codes and code[:3] not in BLOCKS:
            problems.append(
                f"{where}: country block {code[:3]!r} of {code!r} is not in countries.tsv nor one of "
                f"{', '.join(sorted(BLOCKS))}"
            )
        aliases = split(row["aliases"], "|")
        if row["aliases"] and " | ".join(aliases) != row["aliases"]:
            problems.append(f"{where}: aliases must be separated by ' | '")
        problems.extend(alias_problems(where, name, aliases))
        identity = (kind, name, row["aliases"])
        if gid in first:
            if first[gid][1] != identity:
                problems.append(
                    f"{where}: kind, name or aliases differ from the first row of {gid} (line {first[gid][0]})"
                )
        else:
            first[gid] = (n, identity)
            for surface in [name, *aliases]:
                if not surface:
                    continue
                key = surface.casefold()
                if key.startswith("the "):
                    problems.append(f"{where}: {surface!r} starts with 'the' (the loader adds that form)")
                if key in owner and owner[key][0] != gid:
                    problems.append(f"{where}: {surface!r} is also a surface of {owner[key][0]} (line {owner[key][1]})")
                owner.setdefault(key, (gid, n))
                if key in taken and surface not in LEGACY_SURFACES:
                    problems.append(f"{where}: {surface!r} is also in {taken[key]}")
        start = parse_date(row["from"]) if row["from"] else dt.date.min
        end = parse_date(row["to"]) if row["to"] else dt.date.max
        if start is None:
            problems.append(f"{where}: from {row['from']!r} is not an ISO date")
        if end is None:
            problems.append(f"{where}: to {row['to']!r} is not an ISO date")
        if start is None or end is None:
            continue
        if start >= end:
            problems.append(f"{where}: from {row['from']} is not before to {row['to']}")
            continue
        spans[gid].append((start, end, n))
    for gid, periods in spans.items():
        periods.sort()
        for (_, end_a, n_a), (start_b, _, n_b) in zip(periods, periods[1:], strict=False):
            if start_b < end_a:
                problems.append(f"{path.name}:{n_b}: the row of {gid} overlaps in time with line {n_a}")
    return problems, rows


def summary(rows: list[list[str]]) -> list[str]:
    """Counts: groups by kind, rows, dated rows and the newest date."""
    kinds: dict[str, str] = {}
    for fields in rows:
        kinds.setdefault(fields[0], fields[1])
    dates = [d for fields in rows for d in (fields[5], fields[6]) if d]
    dated = sum(1 for fields in rows if fields[5] or fields[6])
    out = [
        f"groups by kind: {', '.join(f'{k} {c}' for k, c in sorted(Counter(kinds.values()).items()))}",
        f"groups: {len(kinds)}; rows: {len(rows)}; dated rows: {dated}; newest date: {max(dates) if dates else '-'}",
    ]
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT, help="groups file (default: the shipped one)")
    parser.add_argument(
        "--data",
        type=Path,
        default=DATA,
        help="folder with countries.tsv, country_names.tsv, "
        "seats.tsv, sectors.tsv and actors_recent.tsv (default: the shipped data)",
    )
    args = parser.parse_args(argv[1:])
    problems, rows = check(args.file, args.data)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{args.file.name}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    for line in summary(rows):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
