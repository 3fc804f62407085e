"""Load the knowledge files (gazetteers, role words, ontology tables, event patterns) shipped as package data."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .actor_files import ActorEntry, load_actor_file
from .datafiles import Row as _Row
from .datafiles import Table as _Table
from .datafiles import YamlList as _YamlList
from .datafiles import YamlMap as _YamlMap
from .datafiles import read_table as _read_table
from .datafiles import read_yaml as _read_yaml
from .errors import DataFileError

AGENT_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "SPY", "CVL", "REF", "UAF"})
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
    roles: tuple[tuple[str, str, str], ...] = ()  # a dictionary entry's (code, from, to) roles, in file order
    entry: str = ""  # the dictionary entry it comes from ("file, line N (id)"), for explain and lookup
    partial: bool = False  # a surname alone, derived from the name: it counts only where the parser sees a name

    def role_on(self, date: str | None) -> str | None:
        """A dictionary entry's actor code on a date (YYYY-MM-DD): the first role whose dates hold it, else the first
        undated role; without a date, the latest open-ended role. None when no role fits."""
        found = self.role_span(date)
        return found[0] if found else None

    def role_span(self, date: str | None) -> tuple[str, str, str] | None:
        """The (code, from, to) role that role_on chooses, or None."""
        if date:
            day = date[:10]
            for role in self.roles:
                code, start, end = role
                if (start or end) and (not start or start <= day) and (not end or day < end):
                    return role
        else:
            current = [(role[1], role) for role in self.roles if role[1] and not role[2]]
            if current:
                return max(current)[1]
        return next((role for role in self.roles if not role[1] and not role[2]), None)


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
    objects_absent: frozenset[str] = frozenset()
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
    implied_source: str | None = None  # sector of the agent a passive without one implies ("were arrested": COP)
    object_roles: bool = False  # a direct object headed by any role word, or a full name ("freed Ana Ruiz"), also
    # satisfies `objects` ("the congressman")
    civil_code: str | None = None  # with civilians on one side only, the event is theirs, with this code (riot: 145)
    own_object: bool = False  # the object is the source's own (its envoy): a passive without an agent is its owner's
    complement_only: bool = False  # a noun naming an act only as what a frame asks for ("called for sanctions")

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
    partitive_words: frozenset[str]
    possible_aux: frozenset[str]
    casualty_verbs: frozenset[str]
    command_verbs: frozenset[str]
    custody_nouns: frozenset[str]
    blame_adjectives: frozenset[str]
    world_words: frozenset[str]
    backer_words: frozenset[str]
    organ_nouns: frozenset[str]
    sending_verbs: frozenset[str]
    agent_sectors: frozenset[str]
    act_nouns: frozenset[str]
    calendar_words: frozenset[str]
    location_preps: frozenset[str]
    attribution_verbs: frozenset[str]
    receiving_verbs: frozenset[str]
    country_nouns: frozenset[str]
    agreement_words: frozenset[str]
    civil_sectors: frozenset[str]
    pronouns_singular: frozenset[str]
    pronouns_plural: frozenset[str]
    pronouns_speaker: frozenset[str]
    phrase_preps: frozenset[str]
    cut_after: frozenset[str]
    domestic_codes: frozenset[str]
    not_actor_names: frozenset[str]
    not_places: frozenset[str]
    domestic_sectors: frozenset[str]
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
    data_dir: Path | None = field(default=None, compare=False)  # where the tables were read from (None: the package)

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
    "non_actors.tsv": (("name",), ()),
    "sectors.tsv": (("term", "sector", "kind", "priority"), ()),
    "agents_phoenix.tsv": (("term", "code"), ("source",)),
    "cameo.tsv": (("code", "root", "name", "goldstein", "quad_class"), ()),
    "plover_crosswalk.tsv": (("cameo", "type", "mode", "context"), ("note",)),
})
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


def _split(value: str | None) -> list[str]:
    """The '|'-separated entries of a field."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _fs(values: Any) -> frozenset[str]:
    """A YAML list as a set of lower-case strings."""
    return frozenset(str(v).lower() for v in (values or []))


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
    "words": "words", "words_absent": "words", "objects_absent": "words", "subjects": "words", "light": "words",
    "preps": "words",
    "prep_first": "flag", "requires_prep": "flag", "symmetric": "flag", "reverse": "optional name",
    "same_target": "flag", "refine": "optional name", "objects_or_passive": "flag", "sets_scene": "flag",
    "object_target": "flag", "claims": "words", "implied_source": "optional name",
    "object_roles": "flag", "civil_code": "code", "own_object": "flag",
    "complement_only": "flag"})
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
    values["domestic_sectors"] = frozenset(w.upper() for w in values["domestic_sectors"])
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

# The shipped actor dictionaries (layout of actor_files.py), in the order they are read: (file, kinds read, whether
# a person's surname alone is added as a name where no other person shares it, whether its names replace a
# gazetteer meaning: a group's name outranks a demonym inside it). Otherwise a later file's names do not replace an
# earlier one's, nor a country, capital or seat.
PHOENIX_BLOCKS = frozenset({"IGO", "NGO"})
ACTOR_FILES: tuple[tuple[str, frozenset[str] | None, bool, bool], ...] = (
    ("groups.tsv", None, False, True),
    ("actors_recent.tsv", None, False, False),
    ("actors_phoenix.tsv", frozenset({"person", "organisation"}), True, False),
)


def load_knowledge(extra_patterns: list[Path] | None = None, data_dir: Path | None = None,
                   actor_files: list[Path] | None = None) -> Knowledge:
    """Load the shipped knowledge files, plus any user pattern files (their sections merged over the shipped ones)
    and user actor dictionaries (their names replace any shipped meaning)."""
    base = Path(data_dir) if data_dir else resources.files("communique") / "data"
    tables = {name: _read_table(base / name, name, *columns) for name, columns in TABLES.items()}
    countries, terms, places, roles = _gazetteer(tables)
    codes = set(countries)
    # The converted Phoenix file keeps its source's rows; those whose codes name no country are left out here.
    shipped = [(load_actor_file(base / name, name, codes, kinds, lenient=surnames), surnames, override)
               for name, kinds, surnames, override in ACTOR_FILES]
    taken = _surname_counts([e for entries, _s, _o in shipped for e in entries])
    for entries, surnames, override in shipped:
        if surnames:  # the converted file files some countries as people ("Ukraine", with its cities as aliases)
            entries = [e for e in entries if getattr(terms.get(e.name), "kind", "person") == "person"]
            # of its organisations, only the international and non-governmental ones (PHOENIX_BLOCKS) that name
            # nothing the files before it name, in any case ("The EU" is groups.tsv's "the EU")
            known = {_bare(k) for k in terms}
            entries = [e for e in entries if e.kind == "person"
                       or (e.roles and all(r.code[:3] in PHOENIX_BLOCKS for r in e.roles)
                           and not any(_bare(x) in known for x in e.surfaces))]
        for surface, term in _actor_terms(entries, taken if surnames else None).items():
            if override:
                terms[surface] = term
            else:
                terms.setdefault(surface, term)
    for path in actor_files or []:
        terms.update(_actor_terms(load_actor_file(Path(path), str(path), codes)))
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
                  "cameo": str(cameo_table.version), "words": str(words_spec["version"])},
        data_dir=Path(data_dir) if data_dir else None)


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
    for row in tables["non_actors.tsv"].rows:
        terms[row["name"]] = Term("", "", None, "non-actor", row["name"])
    label = "sectors.tsv"
    roles = {row["term"]: RoleWord(row["sector"], row["kind"], _number(row, "priority", label, int))
             for row in tables[label].rows}
    titles = {t: r.kind for t, r in roles.items()}
    # The Phoenix agents add breadth beneath our own role words: a term's first agent code, where it is one of the
    # sectors below, at the lowest priority ("~GOVDEV" -> GOV; "~AGR" is left out). Measured on the development
    # sets, its business, media, education, health, labour and crime terms name things more often than actors
    # ("school", "television", "employees"), so they are left out too.
    for row in tables["agents_phoenix.tsv"].rows:
        sector = row["code"].lstrip("~")[:3]
        term = row["term"].strip().lower()
        if sector in AGENT_SECTORS and term and len(term.split()) <= 3 and term not in roles:
            # "interior minister" is an office like "minister" is: a phrase holding a title word is a title
            kind = "title" if any(titles.get(w) == "title" for w in term.split()) else "member"
            roles[term] = RoleWord(sector, kind, 0)
    return countries, terms, places, roles


def _bare(surface: str) -> str:
    """A name compared without case or a leading 'the'."""
    low = surface.lower()
    return low[4:] if low.startswith("the ") else low


def _surname(name: str) -> str | None:
    """The surname of a full name that could stand alone in news: a last word of four or more letters."""
    parts = name.split()
    last = parts[-1] if len(parts) > 1 else ""
    return last if len(last) >= 4 and last.isalpha() and last[0].isupper() and not last.isupper() else None


def _surname_counts(entries: list[ActorEntry]) -> dict[str, int]:
    """How many different people each surname (and each alias) belongs to."""
    people: dict[str, set[str]] = {}
    for e in entries:
        if e.kind == "person":
            for surface in {_surname(e.name), *e.aliases} - {None}:
                people.setdefault(surface, set()).add(e.name)
    return {surface: len(names) for surface, names in people.items()}


def _actor_terms(entries: list[ActorEntry], surnames: dict[str, int] | None = None) -> dict[str, Term]:
    """Surface form -> term for the entries of an actor dictionary: every name and alias (groups also with
    'the'), each term carrying the entry's dated roles; with `surnames` (counts of people per surname), also the
    surname alone of a person who shares it with no one."""
    out: dict[str, Term] = {}
    for e in entries:
        roles = tuple((r.code, r.start, r.end) for r in e.roles)
        first = roles[0][0]
        kind = "person" if e.kind == "person" else "organisation"
        term = Term(first, first[:3], first[3:] or None, kind, e.name, roles, e.where)
        for surface in e.surfaces:
            out.setdefault(surface, term)  # a name on two entries: the first keeps it
            if kind != "person" and not surface.startswith("the "):
                out.setdefault("the " + surface, term)
        last = _surname(e.name) if surnames is not None and kind == "person" else None
        if last and surnames.get(last) == 1 and last not in out:
            out[last] = Term(first, first[:3], first[3:] or None, kind, e.name, roles, e.where, partial=True)
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
        words_absent=_fs(p.get("words_absent")), objects_absent=_fs(p.get("objects_absent")),
        subjects=_fs(p.get("subjects")),
        light=_fs(p["light"]) if p.get("light") else None, preps=tuple(p.get("preps") or ()),
        prep_first=bool(p.get("prep_first")), requires_prep=bool(p.get("requires_prep")),
        symmetric=bool(p.get("symmetric")), reverse=str(p["reverse"]) if p.get("reverse") else None,
        same_target=bool(p.get("same_target")), refine=str(p["refine"]) if p.get("refine") else None,
        objects_or_passive=bool(p.get("objects_or_passive")),
        sets_scene=bool(p.get("sets_scene")),
        object_target=bool(p.get("object_target", True)), claims=tuple(p.get("claims") or ()),
        implied_source=str(p["implied_source"]) if p.get("implied_source") else None,
        object_roles=bool(p.get("object_roles")),
        civil_code=str(p["civil_code"]) if p.get("civil_code") else None,
        own_object=bool(p.get("own_object")), complement_only=bool(p.get("complement_only")))
