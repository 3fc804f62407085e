"""Reading data files: tab-separated tables and YAML that remember the line of every row, key and item, so that a
problem is reported with its file and line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError

VERSION_LINE = re.compile(r"#\s*version:\s*(\S+)\s*$")


class Row(dict):
    """One row of a table (column -> text) that remembers its line in the file."""

    __slots__ = ("line",)


@dataclass
class Table:
    """The rows of one tab-separated file, and the version its comment lines state (if any)."""

    label: str
    rows: list[Row]
    version: str | None


def read_table(path: Path | Any, label: str, required: Iterable[str], optional: Iterable[str] = ()) -> Table:
    """Read a table, checking its header against the expected columns and the field count of every row."""
    text = read_text(path, label)
    required = tuple(required)
    known = set(required) | set(optional)
    header: list[str] | None = None
    header_line = 0
    rows: list[Row] = []
    version = None
    for n, line in enumerate(text.splitlines(), 1):
        if not line:
            continue
        if line.startswith("#"):
            hit = VERSION_LINE.match(line)
            if hit and version is None:
                version = hit.group(1)
            continue
        cells = line.split("\t")
        if header is None:
            header, header_line = cells, n
            check_header(header, label, n, required, known)
            continue
        if len(cells) != len(header):
            first = cells[0][:40]
            count = f"{len(cells)} field" + ("" if len(cells) == 1 else "s")
            raise DataFileError(f"{label}, line {n} ({first!r}): {count} where the header (line "
                                f"{header_line}) names {len(header)} columns; separate the fields with one tab each "
                                f"and leave a field empty rather than out")
        row = Row(zip(header, cells, strict=True))
        row.line = n
        rows.append(row)
    if header is None:
        raise DataFileError(f"{label} has no header line; its first line that is not a comment must name the "
                            f"columns {', '.join(required)}")
    return Table(label, rows, version)


def check_header(header: list[str], label: str, line: int, required: tuple[str, ...], known: set[str]) -> None:
    """Raise DataFileError for a missing, unknown or repeated column in a table's header."""
    for column in header:
        if column not in known:
            raise DataFileError(f"{label}, line {line}: unknown column {column!r}; known columns: "
                                f"{', '.join(sorted(known))} (fix its name or remove the column)")
        if header.count(column) > 1:
            raise DataFileError(f"{label}, line {line}: column {column!r} appears twice in the header")
    for column in required:
        if column not in header:
            raise DataFileError(f"{label}, line {line}: missing column {column!r}; the header must name the "
                                f"columns {', '.join(required)}")


def read_text(path: Path | Any, label: str) -> str:
    """The text of a data file, or DataFileError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"cannot read {label}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{label} is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


# ---- YAML with line numbers -------------------------------------------------------------------------------------

class _Node:
    """Line numbers of a YAML mapping or sequence: its own line and that of each key or item."""

    line: int
    lines: dict[Any, int]


class YamlMap(dict, _Node):
    """A YAML mapping that remembers its line and the line of each key."""


class YamlList(list, _Node):
    """A YAML sequence that remembers its line and the line of each item."""


class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser where PyYAML has it
    """PyYAML's safe loader, building mappings and sequences that remember their lines."""


def _construct_map(loader: LineLoader, node: yaml.MappingNode) -> YamlMap:
    """Build a mapping with the line of each key; a key given twice is an error."""
    loader.flatten_mapping(node)
    out = YamlMap()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            seen = key in out
        except TypeError:
            raise yaml.constructor.ConstructorError(None, None, "a key must be a plain word",
                                                    key_node.start_mark) from None
        if seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice (first on line {out.lines[key]}); keep one",
                key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _construct_list(loader: LineLoader, node: yaml.SequenceNode) -> YamlList:
    """Build a sequence with the line of each item."""
    out = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.lines = {i: child.start_mark.line + 1 for i, child in enumerate(node.value)}
    return out


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_list)


def read_yaml(path: Path | Any, label: str) -> YamlMap:
    """Parse a YAML data file whose top level is a mapping (an empty file is an empty mapping)."""
    text = read_text(path, label)
    try:
        data = yaml.load(text, Loader=LineLoader)  # a SafeLoader: plain data only
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise DataFileError(f"{label}{where}: {exc.problem or exc.context or 'not valid YAML'}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{label}: not valid YAML ({exc})") from exc
    if data is None:
        data = YamlMap()
        data.line, data.lines = 1, {}
    if not isinstance(data, YamlMap):
        kind = "list" if isinstance(data, list) else "single value"
        raise DataFileError(f"{label}, line 1: the file must be a mapping of named sections (such as patterns:), "
                            f"not a {kind}")
    return data
