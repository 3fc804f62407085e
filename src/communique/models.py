"""Plain, picklable data objects that flow through the pipeline."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .figures import Figure, StatedCount

MODALITIES = ("asserted", "negated", "future", "conditional", "reported")

# CAMEO's region codes (CAMEO manual 1.1b3, actor codes), written where an actor is a region rather than one state
# ("Western powers": WST).
REGIONS = frozenset({"AFR", "ASA", "BLK", "CAS", "CAU", "CEU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM",
                     "MDT", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF", "WST"})
# Actor countries that are no state: international and non-governmental organisations, international militarised
# groups, multinationals, and regions.
NON_STATE = frozenset({"IGO", "NGO", "IMG", "MNC"}) | REGIONS


@dataclass
class Article:
    """One input document: its text and what is known about it."""

    id: str
    text: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    origin: str | None = None  # file path (and line or row) it came from


# What an actor's code rests on: a gazetteer name (country, demonym, capital, seat), a dictionary person or group,
# a role word with a country from the context, an earlier mention (coreference, group or title reference), a
# pronoun, the speaker of a quotation, the event's context (a default target), or nothing (unresolved).
BASES = ("gazetteer", "person", "group", "role", "coreference", "pronoun", "speaker", "context", "unresolved",
         "place")
# why an event is placed where it is: the trigger's own phrase, its clause, elsewhere in its sentence, the
# article's setting (a visit's destination), the dateline; an actor's: its own phrase, the event's place, its country
PLACE_BASES = ("phrase", "clause", "sentence", "setting", "dateline", "actor-phrase", "event", "actor-country")


@dataclass
class Actor:
    """A coded actor mention: CAMEO-style code plus the text that supports it."""

    code: str
    country: str
    sector: str | None
    name: str
    text: str
    start: int
    end: int
    how: str = ""  # how the code was found (gazetteer entry, title, coreference ...)
    resolved: bool = True  # False: no knowledge codes it; code is '---' plus any known role, and text says who
    entry: str | None = None  # the dictionary entry that coded it ("file, line N (id)"), if one did
    basis: str = "gazetteer"  # what coded it: one of BASES (the typed form of `how`)
    # [start, end] in the article of the earlier mention a pronoun, coreference or speaker actor stands for
    antecedent: list[int] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this actor."""
        return asdict(self)


@dataclass
class Location:
    """Where an event took place."""

    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    start: int | None = None
    end: int | None = None
    how: str = ""
    kind: str = ""  # "city", "region" or "country"
    full_name: str = ""  # "City, Region, Country", as GDELT writes it
    region: str = ""  # the first-level region (admin 1) of a city
    adm1: str = ""  # GDELT's ADM1 code: FIPS country code + admin-1 code (a country: its FIPS code)
    fips: str = ""  # FIPS 10-4 country code (GDELT's geo country field)
    geo_type: int = 0  # GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state
    feature_id: str = ""  # GeoNames id of a city, ADM1 code of a region, FIPS code of a country
    basis: str = ""  # why this place, one of PLACE_BASES (the typed form of `how`)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this location."""
        return asdict(self)


@dataclass
class Cameo:
    """The CAMEO coding of an event."""

    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float


@dataclass
class Plover:
    """The PLOVER coding of an event, from the crosswalk."""

    type: str | None
    mode: str | None
    context: list[str] = field(default_factory=list)


@dataclass
class TextSpan:
    """A piece of the article: its text and character offsets."""

    text: str
    start: int
    end: int


@dataclass
class Evidence:
    """The text behind an event: its sentence and trigger, with offsets in the article."""

    sentence_text: str
    sentence_start: int
    sentence_end: int
    trigger: TextSpan
    date_from: str = ""  # how the event date was found


@dataclass
class Provenance:
    """What produced an event: the pattern (and frame) and the versions of the data and model."""

    pattern: str
    frame: str | None = None
    notes: list[str] = field(default_factory=list)
    patterns_version: str | None = None
    crosswalk_version: str | None = None
    cameo_version: str | None = None
    model: str | None = None
    communique: str | None = None


@dataclass
class Event:
    """One coded event: who did what to whom, when and where, with its evidence."""

    event_id: str
    article_id: str
    sentence: int
    date: str | None
    source: Actor
    target: Actor | None
    cameo: Cameo
    plover: Plover
    location: Location | None
    modality: str
    confidence: float
    evidence: Evidence
    provenance: Provenance
    source_location: Location | None = None  # where the source actor is (GDELT's Actor1Geo)
    target_location: Location | None = None  # where the target actor is (Actor2Geo)
    counts: list[StatedCount] = field(default_factory=list)  # killed / wounded / arrested, as the sentence states

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this event (the documented output record)."""
        return asdict(self)


@dataclass
class Decision:
    """A trace line for explain: an event coded or rejected, with the reason."""

    pattern: str
    code: str
    outcome: str  # "coded", "rejected", "near-miss" or "implied" (a target the text leaves implicit)
    reason: str
    source: str | None = None
    target: str | None = None


@dataclass
class SentenceTrace:
    """What the coder saw and decided in one sentence (for explain)."""

    index: int
    text: str
    start: int
    parsed: bool
    actors: list[Actor] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    note: str | None = None  # a long sentence cut into parts, or text left unparsed, and why
    places: list[str] = field(default_factory=list)  # how the sentence's events were placed, or why not


@dataclass
class DocStatus:
    """Per-document outcome: read, coded, events found, or skipped with a reason."""

    article_id: str | None
    origin: str | None
    status: str  # "coded" or "skipped"
    reason: str | None = None
    events: int = 0
    detail: str | None = None


@dataclass
class CodedArticle:
    """The result of coding one article."""

    article: Article
    events: list[Event]
    status: DocStatus
    sentences: list[SentenceTrace] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)  # money and trade figures the article states
