"""Load the knowledge files (gazetteers, role words, ontology tables, event patterns) shipped as package data."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .errors import DataFileError

ROLE_SECTORS = ("GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "SPY", "BUS", "MED", "EDU", "HLH",
                "CVL", "REF", "LAB", "ELI", "CRM", "UAF")


@dataclass(frozen=True)
class Country:
    """A country with its capital."""

    code: str
    name: str
    capital: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    fips: str | None = None


@dataclass(frozen=True)
class Place:
    """A named place from the gazetteer."""

    name: str
    country: str
    lat: float
    lon: float
    geonames_id: int
    capital: bool = False


@dataclass(frozen=True)
class Term:
    """A gazetteer surface form and what it stands for."""

    code: str  # actor code (country alone, or with a role)
    country: str
    sector: str | None
    kind: str  # country, demonym, capital, seat, organisation, person
    name: str  # canonical name
    roles: tuple[tuple[str, str, str], ...] = ()  # a person's (code, from, to) roles, in the order of the file

    def role_on(self, date: str | None) -> str | None:
        """A person's actor code on a date (YYYY-MM-DD): the first role whose dates hold it, else the first undated
        role; without a date, the latest open-ended role. None when no role fits."""
        if date:
            day = date[:10]
            for code, start, end in self.roles:
                if (start or end) and (not start or start <= day) and (not end or day < end):
                    return code
        else:
            current = [(start, code) for code, start, end in self.roles if start and not end]
            if current:
                return max(current)[1]
        return next((code for code, start, end in self.roles if not start and not end), None)


@dataclass(frozen=True)
class RoleWord:
    """A role word that gives an actor its sector."""

    sector: str
    kind: str
    priority: int


@dataclass(frozen=True)
class CameoCode:
    """One row of the CAMEO table."""

    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int


@dataclass(frozen=True)
class PloverEntry:
    """One row of the CAMEO->PLOVER crosswalk."""

    type: str | None
    mode: str | None
    context: tuple[str, ...]


@dataclass
class Pattern:
    """One event pattern from patterns.yaml."""

    id: str
    code: str
    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    words_absent: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    light: frozenset[str] | None = None
    preps: tuple[str, ...] = ()
    prep_first: bool = False
    requires_prep: bool = False
    symmetric: bool = False
    reverse: str | None = None
    same_target: bool = False
    refine: str | None = None
    objects_or_passive: bool = False
    sets_scene: bool = False
    object_target: bool = True
    claims: tuple[str, ...] = ()

    @property
    def specificity(self) -> int:
        """How constrained the pattern is; the most specific match wins."""
        return (2 * bool(self.objects) + bool(self.words) + bool(self.subjects) + bool(self.light)
                + bool(self.requires_prep))


@dataclass
class Frame:
    """A modal frame (intent, appeal, demand, reject, threaten) that composes with a complement action."""

    name: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    adjectives: frozenset[str]
    default: str
    mapping: dict[str, str]
    target_from_object: bool
    same_target: bool = False


@dataclass
class Refinement:
    """Specialise a code when the clause holds one of the words."""

    code_prefix: str
    code: str
    words: frozenset[str]


@dataclass(frozen=True)
class Words:
    """The word lists of words.yaml that the grammar rules consult (each list is described in that file)."""

    speech_verbs: frozenset[str]
    object_control: frozenset[str]
    reaffirm_verbs: frozenset[str]
    future_aux: frozenset[str]
    negators: frozenset[str]
    fail_verbs: frozenset[str]
    intent_roots: frozenset[str]
    target_preps: frozenset[str]
    copula_nouns: frozenset[str]
    copula_adjectives: frozenset[str]
    title_words: frozenset[str]
    group_words: frozenset[str]
    location_preps: frozenset[str]
    attribution_verbs: frozenset[str]
    pronouns_singular: frozenset[str]
    pronouns_plural: frozenset[str]
    pronouns_speaker: frozenset[str]
    phrase_preps: frozenset[str]
    cut_after: frozenset[str]
    irregular_forms: Mapping[str, tuple[str, ...]]


@dataclass
class Knowledge:
    """Everything the coder knows, loaded once from data files."""

    countries: dict[str, Country]
    terms: dict[str, Term]
    places: dict[str, Place]
    roles: dict[str, RoleWord]
    cameo: dict[str, CameoCode]
    plover: dict[str, PloverEntry]
    patterns: list[Pattern]
    frames: dict[str, Frame]
    refinements: dict[str, list[Refinement]]
    light_verbs: frozenset[str]
    passive_verbs: frozenset[str]
    occur_verbs: frozenset[str]
    words: Words
    versions: dict[str, str] = field(default_factory=dict)

    def cameo_entry(self, code: str) -> CameoCode:
        """Return the CAMEO row for a code (raises DataFileError when unknown)."""
        try:
            return self.cameo[code]
        except KeyError as exc:
            raise DataFileError(f"CAMEO code {code!r} is not in cameo.tsv; fix the pattern that uses it") from exc

    def frame_code(self, frame: Frame, action: str | None, depth: int = 0) -> str:
        """Compose a frame with a complement action code (longest-prefix lookup, '@frame' redirects)."""
        if action is None:
            return frame.default
        for n in range(len(action), 1, -1):
            hit = frame.mapping.get(action[:n])
            if hit is None:
                continue
            if hit.startswith("@") and depth < 2:
                return self.frame_code(self.frames[hit[1:]], action, depth + 1)
            return hit
        return frame.default


# ---- tables ---------------------------------------------------------------------------------------------------

# The columns of each shipped table: those the loader reads (required) and those it knows but does not need.
TABLES: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    "countries.tsv": (("code", "name", "official_name", "capital", "lat", "lon", "geonameid"), ("iso2", "fips")),
    "cities.tsv": (("name", "country", "lat", "lon", "geonameid"), ("population",)),
    "country_names.tsv": (("code", "names", "demonyms"), ()),
    "seats.tsv": (("name", "code"), ()),
    "organisations.tsv": (("code", "country", "sector", "names"), ()),
    "non_actors.tsv": (("name",), ()),
    "sectors.tsv": (("term", "sector", "kind", "priority"), ()),
    "cameo.tsv": (("code", "root", "name", "goldstein", "quad_class"), ()),
    "plover_crosswalk.tsv": (("cameo", "type", "mode", "context"), ("note",)),
    "actors_recent.tsv": (("id", "kind", "name", "aliases", "code", "from", "to"), ("office", "source")),
})
_VERSION_LINE = re.compile(r"#\s*version:\s*(\S+)\s*$")


class _Row(dict):
    """One row of a table (column -> text) that remembers its line in the file."""

    __slots__ = ("line",)


@dataclass
class _Table:
    """The rows of one tab-separated file, and the version its comment lines state (if any)."""

    label: str
    rows: list[_Row]
    version: str | None


def _read_table(path: Path | Any, label: str, required: Iterable[str], optional: Iterable[str] = ()) -> _Table:
    """Read a table, checking its header against the expected columns and the field count of every row."""
    text = _read_text(path, label)
    required = tuple(required)
    known = set(required) | set(optional)
    header: list[str] | None = None
    header_line = 0
    rows: list[_Row] = []
    version = None
    for n, line in enumerate(text.splitlines(), 1):
        if not line:
            continue
        if line.startswith("#"):
            hit = _VERSION_LINE.match(line)
            if hit and version is None:
                version = hit.group(1)
            continue
        cells = line.split("\t")
        if header is None:
            header, header_line = cells, n
            _check_header(header, label, n, required, known)
            continue
        if len(cells) != len(header):
            first = cells[0][:40]
            count = f"{len(cells)} field" + ("" if len(cells) == 1 else "s")
            raise DataFileError(f"{label}, line {n} ({first!r}): {count} where the header (line "
                                f"{header_line}) names {len(header)} columns; separate the fields with one tab each "
                                f"and leave a field empty rather than out")
        row = _Row(zip(header, cells, strict=True))
        row.line = n
        rows.append(row)
    if header is None:
        raise DataFileError(f"{label} has no header line; its first line that is not a comment must name the "
                            f"columns {', '.join(required)}")
    return _Table(label, rows, version)


def _check_header(header: list[str], label: str, line: int, required: tuple[str, ...], known: set[str]) -> None:
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


def _number(row: _Row, column: str, label: str, kind: Callable[[str], Any]) -> Any:
    """A numeric field of a row, or DataFileError naming the file, line and column."""
    try:
        return kind(row[column])
    except ValueError as exc:
        raise DataFileError(f"{label}, line {row.line}: column {column!r} holds {row[column]!r}, which is not "
                            f"a number") from exc


def _optional(row: _Row, column: str, label: str, kind: Callable[[str], Any]) -> Any:
    """A numeric field that may be empty (None)."""
    return _number(row, column, label, kind) if row.get(column) else None


def _read_text(path: Path | Any, label: str) -> str:
    """The text of a data file, or DataFileError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"cannot read {label}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{label} is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _split(value: str | None) -> list[str]:
    """The '|'-separated entries of a field."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _fs(values: Any) -> frozenset[str]:
    """A YAML list as a set of lower-case strings."""
    return frozenset(str(v).lower() for v in (values or []))


# ---- YAML with line numbers -------------------------------------------------------------------------------------

class _Node:
    """Line numbers of a YAML mapping or sequence: its own line and that of each key or item."""

    line: int
    lines: dict[Any, int]


class _YamlMap(dict, _Node):
    """A YAML mapping that remembers its line and the line of each key."""


class _YamlList(list, _Node):
    """A YAML sequence that remembers its line and the line of each item."""


class _LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, building mappings and sequences that remember their lines."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _YamlMap:
    """Build a mapping with the line of each key; a key given twice is an error."""
    loader.flatten_mapping(node)
    out = _YamlMap()
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


def _construct_list(loader: _LineLoader, node: yaml.SequenceNode) -> _YamlList:
    """Build a sequence with the line of each item."""
    out = _YamlList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.lines = {i: child.start_mark.line + 1 for i, child in enumerate(node.value)}
    return out


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_list)


def _read_yaml(path: Path | Any, label: str) -> _YamlMap:
    """Parse a YAML data file whose top level is a mapping (an empty file is an empty mapping)."""
    text = _read_text(path, label)
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader: plain data only
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise DataFileError(f"{label}{where}: {exc.problem or exc.context or 'not valid YAML'}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{label}: not valid YAML ({exc})") from exc
    if data is None:
        data = _YamlMap()
        data.line, data.lines = 1, {}
    if not isinstance(data, _YamlMap):
        kind = "list" if isinstance(data, list) else "single value"
        raise DataFileError(f"{label}, line 1: the file must be a mapping of named sections (such as patterns:), "
                            f"not a {kind}")
    return data


# ---- schemas ------------------------------------------------------------------------------------------------------

def _is_scalar(value: Any) -> bool:
    """True for a plain YAML value (text, number or true/false)."""
    return isinstance(value, str | int | float | bool)


def _kind_words(value: Any) -> str | None:
    """What is wrong with a value that must be a list of words (or nothing) (None when nothing is)."""
    if isinstance(value, list) and any(isinstance(v, bool) for v in value):
        # YAML reads a bare on, off, yes or no as true or false: the word would never match
        return "holds true or false where a word belongs: quote words such as \"on\", \"off\", \"yes\", \"no\""
    if value is None or (isinstance(value, list) and all(_is_scalar(v) for v in value)):
        return None
    return "must be a list of words, such as [meet, visit]"


def _kind_flag(value: Any) -> str | None:
    """What is wrong with a value that must be true or false (None when nothing is)."""
    return None if isinstance(value, bool) else "must be true or false"


def _kind_code(value: Any) -> str | None:
    """What is wrong with a value that must be a CAMEO code (None when nothing is)."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return None
    return 'must be a CAMEO code in quotes, such as "042"'


def _kind_name(value: Any) -> str | None:
    """What is wrong with a value that must be a single name or number (None when nothing is)."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return None
    return "must be a single name or number"


def _kind_optional_name(value: Any) -> str | None:
    """What is wrong with a value that must be a single name, or nothing (None when nothing is)."""
    return None if value is None else _kind_name(value)


def _kind_map(value: Any) -> str | None:
    """What is wrong with a value that must be a mapping from codes to codes (None when nothing is)."""
    if isinstance(value, dict) and all(_is_scalar(k) and _is_scalar(v) for k, v in value.items()):
        return None
    return 'must be a mapping from codes to codes, such as {"04": "036"}'


def _kind_frames(value: Any) -> str | None:
    """What is wrong with a value that must be the frames section (None when nothing is)."""
    if value is None or (isinstance(value, dict) and all(isinstance(v, _YamlMap) for v in value.values())):
        return None
    return "must map each frame name to its keys (verbs, nouns, adjectives, default, map, ...)"


def _kind_refinements(value: Any) -> str | None:
    """What is wrong with a value that must be the refinements section (None when nothing is)."""
    if value is None or (isinstance(value, dict) and all(
            isinstance(v, list) and all(isinstance(r, _YamlMap) for r in v) for v in value.values())):
        return None
    return "must map each list name to a list of rows {code_prefix: ..., code: ..., words: [...]}"


def _kind_patterns(value: Any) -> str | None:
    """What is wrong with a value that must be the patterns section (None when nothing is)."""
    if value is None or (isinstance(value, list) and all(isinstance(p, _YamlMap) for p in value)):
        return None
    return "must be a list of patterns, one {id: ..., code: ..., ...} mapping each"


_KINDS: Mapping[str, Callable[[Any], str | None]] = MappingProxyType({
    "words": _kind_words, "flag": _kind_flag, "code": _kind_code, "name": _kind_name,
    "optional name": _kind_optional_name, "map": _kind_map, "frames": _kind_frames,
    "refinements": _kind_refinements, "patterns": _kind_patterns,
})
# The keys of a pattern file's top level, of a pattern, of a frame and of a refinement row, each with its kind.
FILE_KEYS: Mapping[str, str] = MappingProxyType({
    "version": "name", "light_verbs": "words", "passive_verbs": "words", "occur_verbs": "words",
    "frames": "frames", "refinements": "refinements", "patterns": "patterns"})
PATTERN_KEYS: Mapping[str, str] = MappingProxyType({
    "id": "name", "code": "code", "verbs": "words", "nouns": "words", "adjectives": "words", "objects": "words",
    "words": "words", "words_absent": "words", "subjects": "words", "light": "words", "preps": "words",
    "prep_first": "flag", "requires_prep": "flag", "symmetric": "flag", "reverse": "optional name",
    "same_target": "flag", "refine": "optional name", "objects_or_passive": "flag", "sets_scene": "flag",
    "object_target": "flag", "claims": "words"})
FRAME_KEYS: Mapping[str, str] = MappingProxyType({
    "verbs": "words", "nouns": "words", "adjectives": "words", "default": "code", "map": "map",
    "target_from_object": "flag", "same_target": "flag"})
REFINEMENT_KEYS: Mapping[str, str] = MappingProxyType({"code_prefix": "code", "code": "code", "words": "words"})


def _check_keys(m: _YamlMap, known: Mapping[str, str], required: Iterable[str], what: str, label: str,
                line: int | None = None) -> None:
    """Raise DataFileError for an unknown, missing or mistyped key of one YAML mapping (starting on `line`)."""
    for key in m:
        if key not in known:
            raise DataFileError(f"unknown key {key!r} in {what} ({label}, line {m.lines[key]}); known keys: "
                                f"{', '.join(sorted(known))}")
    for key in required:
        if m.get(key) is None:
            raise DataFileError(f"{what} ({label}, line {line or m.line}) lacks the key {key!r}; add it")
    for key, value in m.items():
        problem = _KINDS[known[key]](value)
        if problem:
            raise DataFileError(f"key {key!r} of {what} ({label}, line {m.lines[key]}) {problem}")


def _check_pattern_file(spec: _YamlMap, label: str, shipped: bool) -> None:
    """Check the sections of a pattern file, and every key of its patterns, frames and refinement rows."""
    _check_keys(spec, FILE_KEYS, FILE_KEYS if shipped else (), "the top level", label)
    frames = spec.get("frames")
    for name, frame in (frames or {}).items():
        _check_keys(frame, FRAME_KEYS, ("default",), f"frame {name!r}", label, frames.lines[name])
    for name, rows in (spec.get("refinements") or {}).items():
        for n, row in enumerate(rows, 1):
            _check_keys(row, REFINEMENT_KEYS, REFINEMENT_KEYS, f"row {n} of refinement list {name!r}", label)
    for n, p in enumerate(spec.get("patterns") or [], 1):
        what = f"pattern {p['id']!r}" if _is_scalar(p.get("id")) else f"pattern number {n}"
        _check_keys(p, PATTERN_KEYS, ("id", "code"), what, label)


def _where(m: _YamlMap, key: str, label: str) -> str:
    """'(file, line N)' for a key of a mapping."""
    return f"({label}, line {m.lines.get(key, m.line)})"


def _check_references(sources: list[tuple[_YamlMap, str]], frames: dict[str, Frame],
                      refinements: dict[str, list[Refinement]], cameo: Mapping[str, CameoCode]) -> None:
    """Check that frames, refinements and patterns name CAMEO codes, frames and refinement lists that exist."""
    for spec, label in sources:
        for name, f in (spec.get("frames") or {}).items():
            targets = [("default", str(f["default"]))] + [("map", str(v)) for v in (f.get("map") or {}).values()]
            for key, code in targets:
                if code.startswith("@") and code[1:] not in frames:
                    raise DataFileError(f"frame {name!r} {_where(f, key, label)} redirects to {code!r}, but there "
                                        f"is no frame {code[1:]!r}; known frames: {', '.join(frames)}")
                if not code.startswith("@") and code not in cameo:
                    raise DataFileError(f"frame {name!r} {_where(f, key, label)}: CAMEO code {code!r} is not in "
                                        f"cameo.tsv")
        for name, rows in (spec.get("refinements") or {}).items():
            for row in rows:
                code = str(row["code"])
                if not code.startswith("+") and code not in cameo:
                    raise DataFileError(f"refinement list {name!r} {_where(row, 'code', label)}: CAMEO code "
                                        f"{code!r} is not in cameo.tsv (or write '+N' to append a digit)")
        for p in spec.get("patterns") or []:
            refine = p.get("refine")
            if refine and str(refine) not in refinements:
                raise DataFileError(f"pattern {p['id']!r} {_where(p, 'refine', label)} names the refinement list "
                                    f"{refine!r}, which no pattern file defines; known lists: "
                                    f"{', '.join(refinements)}")


def _read_words(spec: _YamlMap, label: str, cameo_roots: set[str]) -> Words:
    """Check the word file (every list present, no other key, words only) and build its Words."""
    lists = [f.name for f in fields(Words) if f.name != "irregular_forms"]
    known = {"version", "irregular_forms", *lists}
    for key in spec:
        if key not in known:
            raise DataFileError(f"unknown key {key!r} ({label}, line {spec.lines[key]}); known keys: "
                                f"{', '.join(sorted(known))}")
    for key in sorted(known):
        if spec.get(key) is None:
            raise DataFileError(f"{label} (line {spec.line}) lacks the key {key!r}; add it (see the comments of the "
                                f"shipped file)")
    values: dict[str, Any] = {}
    for key in lists:
        values[key] = frozenset(w.lower() for w in _word_list(spec[key], key, label, spec.lines[key]))
    forms = spec["irregular_forms"]
    if not isinstance(forms, _YamlMap):
        raise DataFileError(f"key 'irregular_forms' ({label}, line {spec.lines['irregular_forms']}) must map each "
                            f"lemma to a list of its forms, such as meet: [met]")
    irregular = {}
    for lemma, items in forms.items():
        if not isinstance(lemma, str):
            raise DataFileError(f"irregular_forms ({label}, line {forms.lines[lemma]}): {lemma!r} is not a word; "
                                f"write it in quotes")
        irregular[lemma.lower()] = tuple(w.lower() for w in _word_list(items, f"irregular_forms: {lemma}", label,
                                                                         forms.lines[lemma]))
    values["irregular_forms"] = MappingProxyType(irregular)
    for root in values["intent_roots"]:
        if root not in cameo_roots:
            raise DataFileError(f"key 'intent_roots' ({label}, line {spec.lines['intent_roots']}): {root!r} is not "
                                f"a CAMEO root of cameo.tsv")
    return Words(**values)


def _word_list(value: Any, key: str, label: str, line: int) -> list[str]:
    """The words of one list of the word file, or DataFileError naming the first entry that is not a word."""
    if not isinstance(value, _YamlList):
        raise DataFileError(f"key {key!r} ({label}, line {line}) must be a list of words, such as [say, tell]")
    for i, w in enumerate(value):
        if not isinstance(w, str) or not w.strip():
            raise DataFileError(f"list {key!r} ({label}, line {value.lines[i]}) holds {w!r}, which is not a word; "
                                f"write it in quotes (YAML reads no, on, off and yes as true or false)")
    return list(value)


# ---- loading ------------------------------------------------------------------------------------------------------

def load_knowledge(extra_patterns: list[Path] | None = None, data_dir: Path | None = None) -> Knowledge:
    """Load the shipped knowledge files, plus any user pattern files (their sections merged over the shipped ones)."""
    base = Path(data_dir) if data_dir else resources.files("communique") / "data"
    tables = {name: _read_table(base / name, name, *columns) for name, columns in TABLES.items()}
    countries, terms, places, roles = _gazetteer(tables)
    cameo_table = tables["cameo.tsv"]
    crosswalk = tables["plover_crosswalk.tsv"]
    label = cameo_table.label
    cameo = {row["code"]: CameoCode(row["code"], row["root"], row["name"],
                                    _number(row, "goldstein", label, float), _number(row, "quad_class", label, int))
             for row in cameo_table.rows}
    plover = {row["cameo"]: PloverEntry(row["type"] or None, row["mode"] or None,
                                        tuple(c for c in (row["context"] or "").split(",") if c))
              for row in crosswalk.rows}
    for table in (cameo_table, crosswalk):
        if table.version is None:
            raise DataFileError(f"{table.label} states no version; add a comment line '# version: ...' above its "
                                f"header")
    sources = [(_read_yaml(base / "patterns.yaml", "patterns.yaml"), "patterns.yaml")]
    _check_pattern_file(*sources[0], shipped=True)
    for path in extra_patterns or []:
        spec = _read_yaml(Path(path), str(path))
        _check_pattern_file(spec, str(path), shipped=False)
        sources.append((spec, str(path)))
    words_spec = _read_yaml(base / "words.yaml", "words.yaml")
    words = _read_words(words_spec, "words.yaml", {c.root for c in cameo.values()})
    light: set[str] = set()
    passive: set[str] = set()
    occur: set[str] = set()
    frames: dict[str, Frame] = {}
    refinements: dict[str, list[Refinement]] = {}
    patterns: list[Pattern] = []
    for spec, src in sources:
        light |= _fs(spec.get("light_verbs"))
        passive |= _fs(spec.get("passive_verbs"))
        occur |= _fs(spec.get("occur_verbs"))
        for name, f in (spec.get("frames") or {}).items():
            frames[str(name)] = Frame(str(name), _fs(f.get("verbs")), _fs(f.get("nouns")), _fs(f.get("adjectives")),
                                      str(f["default"]), {str(k): str(v) for k, v in (f.get("map") or {}).items()},
                                      bool(f.get("target_from_object")), bool(f.get("same_target")))
        for name, rows in (spec.get("refinements") or {}).items():
            refinements[str(name)] = [Refinement(str(r["code_prefix"]), str(r["code"]), _fs(r["words"])) for r in rows]
        for p in spec.get("patterns") or []:
            patterns.append(_pattern(p, cameo, src))
    _check_references(sources, frames, refinements, cameo)
    return Knowledge(
        countries=countries, terms=terms, places=places, roles=roles, cameo=cameo, plover=plover,
        patterns=patterns, frames=frames, refinements=refinements,
        light_verbs=frozenset(light), passive_verbs=frozenset(passive), occur_verbs=frozenset(occur), words=words,
        versions={"patterns": str(sources[0][0]["version"]), "crosswalk": str(crosswalk.version),
                  "cameo": str(cameo_table.version), "words": str(words_spec["version"])})


def _gazetteer(tables: dict[str, _Table]) -> tuple[dict[str, Country], dict[str, Term], dict[str, Place],
                                                  dict[str, RoleWord]]:
    """Countries, surface terms, places and role words from the gazetteer tables."""
    countries: dict[str, Country] = {}
    terms: dict[str, Term] = {}
    places: dict[str, Place] = {}
    label = "countries.tsv"
    for row in tables[label].rows:
        code = row["code"]
        countries[code] = Country(
            code, row["name"], row["capital"] or None, _optional(row, "lat", label, float),
            _optional(row, "lon", label, float), _optional(row, "geonameid", label, int), row.get("fips") or None)
    label = "cities.tsv"
    for row in tables[label].rows:
        if row["name"] not in places:
            places[row["name"]] = Place(row["name"], row["country"], _number(row, "lat", label, float),
                                        _number(row, "lon", label, float), _number(row, "geonameid", label, int))
    for c in countries.values():
        if c.capital and c.lat is not None:
            places[c.capital] = Place(c.capital, c.code, c.lat, c.lon or 0.0, c.geonames_id or 0, True)
            terms[c.capital] = Term(c.code + "GOV", c.code, "GOV", "capital", c.name)
    for row in tables["country_names.tsv"].rows:
        code = row["code"]
        names = _split(row["names"])
        if code not in countries and not names:
            raise DataFileError(f"country_names.tsv, line {row.line}: {code!r} is not in countries.tsv, so its "
                                f"row needs at least one name")
        name = countries[code].name if code in countries else names[0]
        for surface in names:
            terms[surface] = Term(code, code, None, "country", name)
            if not surface.startswith("the "):
                terms["the " + surface] = terms[surface]
        for surface in _split(row["demonyms"]):
            terms.setdefault(surface, Term(code, code, None, "demonym", name))
    for row in tables["countries.tsv"].rows:
        for surface in (row["name"], row["official_name"]):
            if surface:
                terms.setdefault(surface, Term(row["code"], row["code"], None, "country", row["name"]))
                if surface.lower().startswith("the "):
                    terms.setdefault(surface[4:], terms[surface])
                else:
                    terms.setdefault("the " + surface, terms[surface])
    for row in tables["seats.tsv"].rows:
        code = row["code"]
        terms[row["name"]] = Term(code, code[:3], code[3:] or None, "seat", row["name"])
    for row in tables["organisations.tsv"].rows:
        for surface in _split(row["names"]):
            terms[surface] = Term(row["code"], row["country"], row["sector"] or None, "organisation",
                                  _split(row["names"])[0])
            terms.setdefault("the " + surface, terms[surface])
    for row in tables["non_actors.tsv"].rows:
        terms[row["name"]] = Term("", "", None, "non-actor", row["name"])
    for surface, term in _people(tables).items():
        terms.setdefault(surface, term)
    label = "sectors.tsv"
    roles = {row["term"]: RoleWord(row["sector"], row["kind"], _number(row, "priority", label, int))
             for row in tables[label].rows}
    return countries, terms, places, roles


def _people(tables: dict[str, _Table]) -> dict[str, Term]:
    """Person terms from the dated leaders file: every name and alias, each with the person's dated roles."""
    roles: dict[str, list[tuple[str, str, str]]] = {}
    surfaces: dict[str, tuple[str, str]] = {}  # surface -> (person id, display name)
    for row in tables["actors_recent.tsv"].rows:
        if row["kind"] != "person" or not row["code"]:
            continue
        roles.setdefault(row["id"], []).append((row["code"], row["from"], row["to"]))
        for surface in [row["name"], *(a.strip() for a in row["aliases"].split("|"))]:
            if surface:
                surfaces.setdefault(surface, (row["id"], row["name"]))
    out: dict[str, Term] = {}
    for surface, (pid, name) in surfaces.items():
        first = roles[pid][0][0]
        out[surface] = Term(first, first[:3], first[3:] or None, "person", name, tuple(roles[pid]))
    return out


def _pattern(p: _YamlMap, cameo: dict[str, CameoCode], label: str) -> Pattern:
    """Build one pattern (its keys already checked) and check its CAMEO codes."""
    code = str(p["code"])
    if code not in cameo:
        raise DataFileError(f"pattern {p['id']!r} {_where(p, 'code', label)}: CAMEO code {code!r} is not in "
                            f"cameo.tsv")
    if p.get("reverse") and str(p["reverse"]) not in cameo:
        raise DataFileError(f"pattern {p['id']!r} {_where(p, 'reverse', label)}: CAMEO code {p['reverse']!r} "
                            f"is not in cameo.tsv")
    return Pattern(
        id=str(p["id"]), code=code, verbs=_fs(p.get("verbs")), nouns=_fs(p.get("nouns")),
        adjectives=_fs(p.get("adjectives")), objects=_fs(p.get("objects")), words=_fs(p.get("words")),
        words_absent=_fs(p.get("words_absent")), subjects=_fs(p.get("subjects")),
        light=_fs(p["light"]) if p.get("light") else None, preps=tuple(p.get("preps") or ()),
        prep_first=bool(p.get("prep_first")), requires_prep=bool(p.get("requires_prep")),
        symmetric=bool(p.get("symmetric")), reverse=str(p["reverse"]) if p.get("reverse") else None,
        same_target=bool(p.get("same_target")), refine=str(p["refine"]) if p.get("refine") else None,
        objects_or_passive=bool(p.get("objects_or_passive")),
        sets_scene=bool(p.get("sets_scene")),
        object_target=bool(p.get("object_target", True)), claims=tuple(p.get("claims") or ()))
