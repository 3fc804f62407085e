"""Load the knowledge files (gazetteers, role words, ontology tables, event patterns) shipped as package data."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
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
    kind: str  # country, demonym, capital, seat, organisation
    name: str  # canonical name


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


def _rows(path: Path | Any) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    try:
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    except csv.Error as exc:  # pragma: no cover - malformed shipped data
        raise DataFileError(f"{path}: {exc}") from exc


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _fs(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in (values or []))


def load_knowledge(extra_patterns: list[Path] | None = None, data_dir: Path | None = None) -> Knowledge:
    """Load the shipped knowledge files, plus any user pattern files."""
    base = Path(data_dir) if data_dir else resources.files("communique") / "data"
    try:
        countries: dict[str, Country] = {}
        terms: dict[str, Term] = {}
        places: dict[str, Place] = {}
        for row in _rows(base / "countries.tsv"):
            code = row["code"]
            countries[code] = Country(
                code, row["name"], row["capital"] or None,
                float(row["lat"]) if row["lat"] else None, float(row["lon"]) if row["lon"] else None,
                int(row["geonameid"]) if row["geonameid"] else None, row.get("fips") or None)
        for row in _rows(base / "cities.tsv"):
            if row["name"] not in places:
                places[row["name"]] = Place(row["name"], row["country"], float(row["lat"]), float(row["lon"]),
                                            int(row["geonameid"]))
        for c in countries.values():
            if c.capital and c.lat is not None:
                places[c.capital] = Place(c.capital, c.code, c.lat, c.lon or 0.0, c.geonames_id or 0, True)
                terms[c.capital] = Term(c.code + "GOV", c.code, "GOV", "capital", c.name)
        for row in _rows(base / "country_names.tsv"):
            code = row["code"]
            name = countries[code].name if code in countries else _split(row["names"])[0]
            for surface in _split(row["names"]):
                terms[surface] = Term(code, code, None, "country", name)
                if not surface.startswith("the "):
                    terms["the " + surface] = terms[surface]
            for surface in _split(row["demonyms"]):
                terms.setdefault(surface, Term(code, code, None, "demonym", name))
        for row in _rows(base / "countries.tsv"):
            for surface in (row["name"], row["official_name"]):
                if surface:
                    terms.setdefault(surface, Term(row["code"], row["code"], None, "country", row["name"]))
                    if surface.lower().startswith("the "):
                        terms.setdefault(surface[4:], terms[surface])
                    else:
                        terms.setdefault("the " + surface, terms[surface])
        for row in _rows(base / "seats.tsv"):
            code = row["code"]
            terms[row["name"]] = Term(code, code[:3], code[3:] or None, "seat", row["name"])
        for row in _rows(base / "organisations.tsv"):
            for surface in _split(row["names"]):
                terms[surface] = Term(row["code"], row["country"], row["sector"] or None, "organisation",
                                      _split(row["names"])[0])
                terms.setdefault("the " + surface, terms[surface])
        for row in _rows(base / "non_actors.tsv"):
            terms[row["name"]] = Term("", "", None, "non-actor", row["name"])
        roles = {row["term"]: RoleWord(row["sector"], row["kind"], int(row["priority"]))
                 for row in _rows(base / "sectors.tsv")}
        cameo = {row["code"]: CameoCode(row["code"], row["root"], row["name"], float(row["goldstein"]),
                                        int(row["quad_class"])) for row in _rows(base / "cameo.tsv")}
        plover = {row["cameo"]: PloverEntry(row["type"] or None, row["mode"] or None,
                                            tuple(c for c in (row["context"] or "").split(",") if c))
                  for row in _rows(base / "plover_crosswalk.tsv")}
        spec = yaml.safe_load((base / "patterns.yaml").read_text(encoding="utf-8"))
    except (OSError, KeyError, ValueError, yaml.YAMLError) as exc:
        raise DataFileError(f"cannot load communique data files from {base}: {exc}") from exc
    specs = [spec]
    for path in extra_patterns or []:
        try:
            specs.append(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
        except (OSError, yaml.YAMLError) as exc:
            raise DataFileError(f"cannot read pattern file {path}: {exc}") from exc
    patterns: list[Pattern] = []
    for s in specs:
        for p in s.get("patterns", []) or []:
            patterns.append(_pattern(p, cameo))
    frames = {name: Frame(name, _fs(f.get("verbs")), _fs(f.get("nouns")), _fs(f.get("adjectives")),
                          str(f["default"]), {str(k): str(v) for k, v in (f.get("map") or {}).items()},
                          bool(f.get("target_from_object")), bool(f.get("same_target")))
              for name, f in spec["frames"].items()}
    refinements = {name: [Refinement(str(r["code_prefix"]), str(r["code"]), _fs(r["words"])) for r in rows]
                   for name, rows in spec["refinements"].items()}
    return Knowledge(
        countries=countries, terms=terms, places=places, roles=roles, cameo=cameo, plover=plover,
        patterns=patterns, frames=frames, refinements=refinements,
        light_verbs=_fs(spec["light_verbs"]), passive_verbs=_fs(spec["passive_verbs"]),
        occur_verbs=_fs(spec["occur_verbs"]),
        versions={"patterns": str(spec.get("version", "")), "crosswalk": "2026.11", "cameo": "1.1b3"})


def _pattern(p: dict[str, Any], cameo: dict[str, CameoCode]) -> Pattern:
    if "id" not in p or "code" not in p:
        raise DataFileError(f"pattern without id or code: {p}")
    code = str(p["code"])
    if code not in cameo:
        raise DataFileError(f"pattern {p['id']}: CAMEO code {code!r} is not in cameo.tsv")
    return Pattern(
        id=str(p["id"]), code=code, verbs=_fs(p.get("verbs")), nouns=_fs(p.get("nouns")),
        adjectives=_fs(p.get("adjectives")), objects=_fs(p.get("objects")), words=_fs(p.get("words")),
        words_absent=_fs(p.get("words_absent")), subjects=_fs(p.get("subjects")),
        light=_fs(p["light"]) if p.get("light") else None, preps=tuple(p.get("preps") or ()),
        prep_first=bool(p.get("prep_first")), requires_prep=bool(p.get("requires_prep")),
        symmetric=bool(p.get("symmetric")), reverse=str(p["reverse"]) if p.get("reverse") else None,
        same_target=bool(p.get("same_target")), refine=p.get("refine") or None,
        objects_or_passive=bool(p.get("objects_or_passive")),
        sets_scene=bool(p.get("sets_scene")),
        object_target=bool(p.get("object_target", True)), claims=tuple(p.get("claims") or ()))
