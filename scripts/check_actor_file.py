"""Check a dated actor facts file (src/communique/data/actors_recent.tsv by default).

Checks: the header and nine fields on every row; kind, source and id spelling; dates that parse with from <= to;
one name per id and one id per name; no alias (or name) used by two different ids; no two terms overlapping in an
office that only one person holds at a time (same code and office; a handover on the same day is not an overlap).
Prints one line per problem and exits 1 if there is any.

    python scripts/check_actor_file.py [FILE]
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import defaultdict
from pathlib import Path


def alias_problems(where: str, name: str, aliases: list[str]) -> list[str]:
    """Problems of one row's aliases: empty, the name again, or repeated."""
    out = [f"{where}: empty alias" if not a else f"{where}: alias {a!r} repeats the name"
           for a in aliases if not a or a == name]
    if len(set(aliases)) != len(aliases):
        out.append(f"{where}: repeated alias")
    return out


COLUMNS = ["id", "kind", "name", "aliases", "code", "from", "to", "office", "source"]
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CODE_RE = re.compile(r"^[A-Z]{3}[A-Z]{2,6}$")
# Offices held by one person at a time for one code; rows for former leaders (ELI) and other offices are not checked.
SINGLE_HOLDER = {
    "head of state",
    "head of government",
    "foreign minister",
    "defence minister",
    "supreme leader",
    "secretary-general",
    "president of the European Commission",
    "president of the European Council",
    "high representative for foreign affairs",
    "chairperson of the African Union Commission",
    "president of the ECOWAS Commission",
    "director-general",
    "first vice-president",
    "chief executive",
    "general secretary of the Communist Party",
    "military commander",
    "speaker of parliament",
}
DEFAULT = Path(__file__).resolve().parent.parent / "src" / "communique" / "data" / "actors_recent.tsv"


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def check(path: Path) -> list[str]:
    problems: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [(n, line) for n, line in enumerate(lines, 1) if line and not line.startswith("#")]
    if not body or body[0][1].split("\t") != COLUMNS:
        return [f"{path}: header must be {' '.join(COLUMNS)}"]
    names_of: dict[str, set[str]] = defaultdict(set)
    ids_of_surface: dict[str, set[str]] = defaultdict(set)
    terms: dict[tuple[str, str], list[tuple[dt.date, dt.date | None, str, int]]] = defaultdict(list)
    for n, line in body[1:]:
        where = f"{path.name}:{n}"
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            problems.append(f"{where}: {len(fields)} fields, expected {len(COLUMNS)}")
            continue
        row = dict(zip(COLUMNS, fields, strict=True))
        pid, name = row["id"], row["name"]
        if not ID_RE.match(pid):
            problems.append(f"{where}: id {pid!r} is not a lower-case ASCII slug")
        if row["kind"] != "person":
            problems.append(f"{where}: kind {row['kind']!r}")
        if not row["source"]:
            problems.append(f"{where}: empty source")
        if not CODE_RE.match(row["code"]):
            problems.append(f"{where}: code {row['code']!r}")
        if not row["office"]:
            problems.append(f"{where}: empty office")
        start, end = parse_date(row["from"]), parse_date(row["to"]) if row["to"] else None
        if start is None:
            problems.append(f"{where}: from {row['from']!r} is not an ISO date")
            continue
        if row["to"] and end is None:
            problems.append(f"{where}: to {row['to']!r} is not an ISO date")
            continue
        if end is not None and end < start:
            problems.append(f"{where}: to {end} before from {start}")
        names_of[pid].add(name)
        aliases = [a.strip() for a in row["aliases"].split("|")] if row["aliases"] else []
        problems.extend(alias_problems(where, name, aliases))
        for surface in [name, *aliases]:
            ids_of_surface[surface.casefold()].add(pid)
        if row["office"] in SINGLE_HOLDER:
            terms[(row["code"], row["office"])].append((start, end, pid, n))
    for pid, names in names_of.items():
        if len(names) > 1:
            problems.append(f"id {pid} has several names: {sorted(names)}")
    for surface, pids in ids_of_surface.items():
        if len(pids) > 1:
            problems.append(f"{surface!r} is a name or alias of several ids: {sorted(pids)}")
    for (code, office), spans in terms.items():
        spans.sort(key=lambda s: (s[0], s[3]))
        for i, (start_a, end_a, pid_a, n_a) in enumerate(spans):
            for start_b, end_b, pid_b, n_b in spans[i + 1 :]:
                if end_a is None or start_b < end_a:
                    problems.append(
                        f"{code} {office}: lines {n_a} ({pid_a}, {start_a}..{end_a or ''}) and "
                        f"{n_b} ({pid_b}, {start_b}..{end_b or ''}) overlap"
                    )
    return problems


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    problems = check(path)
    for problem in problems:
        print(problem)
    print(f"{path.name}: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
