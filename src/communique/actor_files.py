"""Actor dictionaries: the shipped people and groups files and users' own files (TSV, CSV or YAML), read into entries
with dated roles; every problem is reported with its file and line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .datafiles import LineLoader, YamlList, YamlMap, read_text
from .errors import DataFileError
from .models import NON_STATE

KINDS = ("person", "igo", "ngo", "party", "armed group", "military", "agency", "organisation", "group")
REQUIRED = ("name", "code")
KNOWN = ("id", "kind", "name", "aliases", "code", "from", "to", "office", "source", "first_seen", "last_seen",
         "mentions", "evidence", "note")
BLOCKS = NON_STATE  # country blocks that are not countries
CODE = re.compile(r"[A-Z]{3}[A-Z0-9]{0,15}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_PROBLEMS_SHOWN = 10
ENTRY_LINE = " entry line"  # internal key: the line of a YAML entry whose roles are listed under it


@dataclass(frozen=True)
class Role:
    """One dated status of an actor: the code it has between two dates (empty: open)."""

    code: str
    start: str
    end: str
    office: str
    line: int

    def holds_on(self, day: str) -> bool:
        """True when the role is dated and the day (YYYY-MM-DD) falls in [start, end)."""
        return bool(self.start or self.end) and (not self.start or self.start <= day) and (not self.end
                                                                                           or day < self.end)


@dataclass(frozen=True)
class ActorEntry:
    """A person or group of a dictionary: its names and dated roles, and where it was read."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    label: str
    line: int

    @property
    def surfaces(self) -> tuple[str, ...]:
        """The name and every alias, as written."""
        return (self.name, *[a for a in self.aliases if a != self.name])

    @property
    def where(self) -> str:
        """'file, line N (id)': the entry named for explain and lookup."""
        return f"{self.label}, line {self.line} ({self.id})"


@dataclass(frozen=True)
class Problem:
    """Something wrong with a dictionary row."""

    label: str
    line: int
    message: str
    fatal: bool = True  # False: a warning (the file loads; the first entry keeps the name)

    def __str__(self) -> str:
        """'file, line N: what is wrong'."""
        return f"{self.label}, line {self.line}: {self.message}"


@dataclass
class ActorFile:
    """What one dictionary file holds: its entries, its problems and how many rows it has."""

    label: str
    entries: list[ActorEntry]
    problems: list[Problem]
    rows: int


def slug(name: str) -> str:
    """A stable id from a name: lower-case ASCII words joined by hyphens."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "entry"


def read_actor_file(path: Path | Any, label: str | None = None, countries: Iterable[str] | None = None,
                    kinds: Iterable[str] | None = None) -> ActorFile:
    """Read a dictionary (.tsv/.txt tab-separated, .csv, .yaml/.yml) and check every row; problems are collected,
    not raised. `countries`: the country codes a code's first three letters may name (IGO, NGO, IMG, MNC always)."""
    label = label or str(path)
    name = str(getattr(path, "name", path)).lower()
    problems: list[Problem] = []
    text = read_text(path, label)
    wanted = frozenset(kinds) if kinds is not None else None
    if name.endswith((".yaml", ".yml")):
        rows = _yaml_rows(text, label, problems)
    else:
        rows = _table_rows(text, label, "," if name.endswith(".csv") else "\t", problems, wanted)
    if wanted is not None:
        rows = [r for r in rows if (r[1].get("kind") or "person") in wanted]
    blocks = frozenset(countries) | BLOCKS if countries is not None else None
    entries = _entries(rows, label, blocks, problems)
    if not rows and not problems:
        problems.append(Problem(label, 1, "no entries (a header line and at least one row are needed)"))
    return ActorFile(label, entries, problems, len(rows))


def load_actor_file(path: Path | Any, label: str | None = None, countries: Iterable[str] | None = None,
                    kinds: Iterable[str] | None = None, lenient: bool = False) -> list[ActorEntry]:
    """The entries of a dictionary (those of the given kinds), or DataFileError listing its problems (the first
    ten, with lines); lenient: rows with problems are left out instead (for data converted from another project)."""
    if lenient and not str(getattr(path, "name", path)).lower().endswith((".csv", ".yaml", ".yml")):
        return _lenient_tsv(read_text(path, label or str(path)), label or str(path), countries, kinds)
    got = read_actor_file(path, label, countries, kinds)
    fatal = [p for p in got.problems if p.fatal]
    if fatal and not lenient:
        shown = "\n  ".join(str(p) for p in fatal[:MAX_PROBLEMS_SHOWN])
        more = len(fatal) - MAX_PROBLEMS_SHOWN
        tail = f"\n  ... and {more} more" if more > 0 else ""
        raise DataFileError(f"{got.label}: {len(fatal)} problem(s) in the actor dictionary:\n  {shown}{tail}")
    return got.entries


def _lenient_tsv(text: str, label: str, countries: Iterable[str] | None,
                 kinds: Iterable[str] | None) -> list[ActorEntry]:
    """The entries of a large converted TSV file, read in one quick pass: rows with a bad code, country or date
    are left out, a name on two entries stays with the first (the strict reader reports all of these)."""
    blocks = frozenset(countries) | BLOCKS if countries is not None else None
    wanted = frozenset(kinds) if kinds is not None else None
    header: list[str] | None = None
    kind_first = False
    grouped: dict[str, tuple[str, str, list[str], list[Role], int]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        if kind_first and wanted is not None:
            lead = line.split("\t", 2)  # another kind: skipped before its (possibly long) fields are read
            if len(lead) > 1 and lead[1] not in wanted:
                continue
        cells = line.split("\t")
        if header is None:
            header = cells
            kind_first = header[:2] == ["id", "kind"]
            if not set(REQUIRED) <= set(header) or "id" not in header:
                raise DataFileError(f"{label}, line {n}: the header must name id, {', '.join(REQUIRED)}")
            col = {c: header.index(c) for c in ("id", "kind", "name", "aliases", "code", "from", "to", "office")
                   if c in header}
            continue
        if len(cells) != len(header):
            continue
        kind = cells[col["kind"]] if "kind" in col else "person"
        code = cells[col["code"]]
        start = cells[col["from"]] if "from" in col else ""
        end = cells[col["to"]] if "to" in col else ""
        if (wanted is not None and kind not in wanted) or not CODE.fullmatch(code) \
                or (blocks is not None and code[:3] not in blocks) or (start and not DATE.fullmatch(start)) \
                or (end and not DATE.fullmatch(end)) or (start and end and start > end):
            continue
        key = cells[col["id"]]
        entry = grouped.get(key)
        if entry is None:
            entry = grouped[key] = (kind, cells[col["name"]], [], [], n)
        if "aliases" in col:
            for alias in cells[col["aliases"]].split("|"):
                alias = alias.strip()
                if alias and alias not in entry[2]:
                    entry[2].append(alias)
        entry[3].append(Role(code, start, end, cells[col["office"]] if "office" in col else "", n))
    return [ActorEntry(key, kind, name, tuple(aliases), tuple(roles), label, line)
            for key, (kind, name, aliases, roles, line) in grouped.items()]


# ---- raw rows ---------------------------------------------------------------------------------------------------

def _table_rows(text: str, label: str, delimiter: str, problems: list[Problem],
                kinds: frozenset[str] | None = None) -> list[tuple[int, dict]]:
    """(line, column -> text) of a tab- or comma-separated file whose '#' lines are comments (of the given kinds
    only, when the file has a kind column)."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        return []
    if delimiter == "\t":
        return _tsv_rows(lines, label, problems, kinds)
    reader = csv.reader(io.StringIO("\n".join(line for _n, line in lines)), delimiter=delimiter,
                        quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE)
    try:
        cells = list(reader)
    except csv.Error as exc:
        problems.append(Problem(label, lines[0][0], f"not readable as {'CSV' if delimiter == ',' else 'TSV'}: {exc}"))
        return []
    if len(cells) != len(lines):  # a quoted field spanning lines: give up on line numbers
        problems.append(Problem(label, lines[0][0], "a field spans several lines; keep each entry on one line"))
        return []
    header_line = lines[0][0]
    header = [h.strip() for h in cells[0]]
    if not _header_ok(header, label, header_line, problems):
        return []
    out = []
    for (n, _line), row in zip(lines[1:], cells[1:], strict=True):
        if len(row) != len(header):
            sep = "tab" if delimiter == "\t" else "comma"
            problems.append(Problem(label, n, f"{len(row)} fields where the header (line {header_line}) names "
                                              f"{len(header)} columns; separate fields with one {sep} each and "
                                              f"leave a field empty rather than out"))
            continue
        out.append((n, {h: v.strip() for h, v in zip(header, row, strict=True)}))
    return out


def _tsv_rows(lines: list[tuple[int, str]], label: str, problems: list[Problem],
              kinds: frozenset[str] | None) -> list[tuple[int, dict]]:
    """The rows of a tab-separated file (a plain split: TSV has no quoting), rows of other kinds skipped early."""
    header_line = lines[0][0]
    header = [h.strip() for h in lines[0][1].split("\t")]
    if not _header_ok(header, label, header_line, problems):
        return []
    k = header.index("kind") if kinds is not None and "kind" in header else None
    width = len(header)
    out = []
    for n, line in lines[1:]:
        row = line.split("\t")
        if len(row) != width:
            problems.append(Problem(label, n, f"{len(row)} fields where the header (line {header_line}) names "
                                              f"{width} columns; separate fields with one tab each and leave a "
                                              f"field empty rather than out"))
            continue
        if k is not None and (row[k].strip() or "person") not in kinds:
            continue
        out.append((n, {h: v.strip() for h, v in zip(header, row, strict=True)}))
    return out


def _header_ok(header: list[str], label: str, line: int, problems: list[Problem]) -> bool:
    """Check the column names; a problem per unknown, repeated or missing column."""
    ok = True
    for column in header:
        if column not in KNOWN:
            problems.append(Problem(label, line, f"unknown column {column!r}; known columns: {', '.join(KNOWN)}"))
            ok = False
        elif header.count(column) > 1:
            problems.append(Problem(label, line, f"column {column!r} appears twice in the header"))
            ok = False
    for column in REQUIRED:
        if column not in header:
            problems.append(Problem(label, line, f"missing column {column!r}; an entry needs at least "
                                                 f"{' and '.join(REQUIRED)}"))
            ok = False
    return ok


def _yaml_rows(text: str, label: str, problems: list[Problem]) -> list[tuple[int, dict]]:
    """(line, key -> text) per role of a YAML dictionary: a list of entries (or `actors:` holding one), each with
    code/from/to or a `roles:` list of them."""
    try:
        data = yaml.load(text, Loader=LineLoader)  # a SafeLoader: plain data only
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(Problem(label, mark.line + 1 if mark else 1, str(exc.problem or exc.context or "not YAML")))
        return []
    if isinstance(data, YamlMap) and set(data) == {"actors"}:
        data = data["actors"]
    if data is None:
        return []
    if not isinstance(data, YamlList):
        problems.append(Problem(label, 1, "the file must be a list of entries (or a mapping with one key, "
                                          "actors:, holding that list)"))
        return []
    out = []
    for i, item in enumerate(data):
        line = data.lines[i]
        if not isinstance(item, YamlMap):
            problems.append(Problem(label, line, "an entry must be a mapping (name:, code: ...)"))
            continue
        unknown = [k for k in item if k not in KNOWN and k != "roles"]
        if unknown:
            problems.append(Problem(label, item.lines[unknown[0]], f"unknown key {unknown[0]!r}; known keys: "
                                                                  f"{', '.join(KNOWN)}, roles"))
            continue
        base = {str(k): _yaml_text(v) for k, v in item.items() if k != "roles"}
        base.setdefault("id", slug(base.get("name", "")))
        roles = item.get("roles")
        if roles is None:
            out.append((line, base))
        elif not isinstance(roles, YamlList) or not roles or not all(isinstance(r, YamlMap) for r in roles):
            problems.append(Problem(label, item.lines["roles"], "roles: must be a list of mappings "
                                                                "(code:, from:, to:, office:)"))
        else:
            for j, role in enumerate(roles):
                bad = [k for k in role if k not in ("code", "from", "to", "office")]
                if bad:
                    problems.append(Problem(label, role.lines[bad[0]], f"unknown key {bad[0]!r} in a role; "
                                                                       f"known keys: code, from, to, office"))
                    continue
                out.append((roles.lines[j], {**base, **{str(k): _yaml_text(v) for k, v in role.items()},
                                             ENTRY_LINE: str(line)}))
    return out


def _yaml_text(value: Any) -> str:
    """A YAML value as the text a table cell would hold (a list of aliases joined with '|')."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    return str(value)


# ---- checking and grouping ---------------------------------------------------------------------------------------

def _date(value: str, column: str, label: str, line: int, problems: list[Problem]) -> str | None:
    """An ISO date (YYYY-MM-DD), '' for none, or None after recording a problem."""
    if not value:
        return ""
    try:
        if not DATE.fullmatch(value):
            raise ValueError("not YYYY-MM-DD")
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        problems.append(Problem(label, line, f"column {column!r} holds {value!r}, which is not a date "
                                             f"(write YYYY-MM-DD, or leave it empty)"))
        return None


def _entries(rows: list[tuple[int, dict]], label: str, blocks: frozenset[str] | None,
             problems: list[Problem]) -> list[ActorEntry]:
    """Check each row and group the rows of one id (or name) into an entry with its roles in file order."""
    grouped: dict[str, dict[str, Any]] = {}
    for line, row in rows:
        name = row.get("name", "")
        code = row.get("code", "")
        kind = row.get("kind") or "person"
        ok = True
        if not name:
            problems.append(Problem(label, line, "empty name"))
            ok = False
        if not CODE.fullmatch(code):
            problems.append(Problem(label, line, f"code {code!r} is not an actor code (three capital letters for "
                                                 f"the country or IGO/NGO/IMG/MNC, then role letters: RUSGOV, "
                                                 f"IGOUNO)"))
            ok = False
        elif blocks is not None and code[:3] not in blocks:
            problems.append(Problem(label, line, f"code {code!r} starts with {code[:3]!r}, which is no country "
                                                 f"code (ISO 3166 alpha-3) nor IGO, NGO, IMG, MNC or a CAMEO region "
                                                 f"such as WST"))
            ok = False
        if kind not in KINDS:
            problems.append(Problem(label, line, f"kind {kind!r} is not one of {', '.join(KINDS)}"))
            ok = False
        start = _date(row.get("from", ""), "from", label, line, problems)
        end = _date(row.get("to", ""), "to", label, line, problems)
        if start and end and start > end:
            problems.append(Problem(label, line, f"from ({start}) is after to ({end})"))
            ok = False
        if row.get("mentions") and not row["mentions"].isdigit():
            problems.append(Problem(label, line, f"mentions {row['mentions']!r} is not a whole number"))
            ok = False
        if not ok or start is None or end is None:
            continue
        key = row.get("id") or slug(name)
        first_line = int(row.get(ENTRY_LINE, line))
        entry = grouped.setdefault(key, {"kind": kind, "name": name, "aliases": [], "roles": [], "line": first_line})
        if entry["name"] != name:
            problems.append(Problem(label, line, f"id {key!r} is {entry['name']!r} on line {entry['line']} but "
                                                 f"{name!r} here; give each actor its own id"))
            continue
        for alias in (row.get("aliases") or "").split("|"):
            if alias.strip() and alias.strip() not in entry["aliases"]:
                entry["aliases"].append(alias.strip())
        entry["roles"].append(Role(code, start, end, row.get("office", ""), line))
    owner: dict[str, tuple[str, int]] = {}
    out = []
    for key, e in grouped.items():
        entry = ActorEntry(key, e["kind"], e["name"], tuple(e["aliases"]), tuple(e["roles"]), label, e["line"])
        for surface in entry.surfaces:
            first = owner.setdefault(surface, (key, entry.line))
            if first[0] != key:
                problems.append(Problem(label, entry.line, f"{surface!r} names both {first[0]!r} (line {first[1]}) "
                                                           f"and {key!r}; the first keeps it (give each name to one "
                                                           f"entry)", fatal=False))
        out.append(entry)
    return out
