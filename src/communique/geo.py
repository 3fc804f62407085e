"""Places: the shipped gazetteer (cities of 15,000 people and more, first-level regions, countries), finding place
names in text, and choosing which of several places of one name is meant."""

from __future__ import annotations

import gc
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .datafiles import read_table
from .errors import DataFileError

# GDELT geo types (codebook 2.0): 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1)
COUNTRY, US_STATE, US_CITY, WORLD_CITY, WORLD_STATE = 1, 2, 3, 4, 5
# words after a name that make it a region ("the Kharkiv region", "Sindh province")
REGION_WORDS = frozenset({"region", "province", "oblast", "state", "governorate", "prefecture", "district",
                          "county", "department", "territory", "voivodeship", "canton", "emirate"})
# capital letters of the Latin scripts ("İstanbul", "Ürümqi", "São Paulo", "BOGOTÁ")
UPPER = "".join(chr(i) for i in range(0x41, 0x250) if chr(i).isupper())
# a capitalised run of words, with the small words place names hold inside them ("Rio de Janeiro", "Sana'a")
NAME_RE = re.compile(rf"[{UPPER}][\w'’.\-]*(?:\s+(?:(?:de|del|da|do|dos|das|di|al|el|la|le|les|of|upon|am|an|"
                     rf"der|es|sur)\s+)?[{UPPER}][\w'’.\-]*)*")
MAX_WORDS = 5


@dataclass(slots=True, eq=False)  # tens of thousands are built at load: no frozen set-up; compared by identity
class GeoPlace:
    """One place of the gazetteer: a city, a first-level region or a country."""

    name: str
    kind: str  # "city", "region" or "country"
    country: str  # communique country code
    country_name: str
    fips: str  # FIPS 10-4 country code (GDELT's country field)
    lat: float | None
    lon: float | None
    population: int = 0
    geonames_id: int | None = None
    admin1: str = ""  # GeoNames admin-1 code
    region: str = ""  # name of the first-level region
    adm1: str = ""  # GDELT ADM1 code: FIPS country + admin-1 code
    capital: bool = False

    @property
    def geo_type(self) -> int:
        """GDELT's geo type of this place."""
        us = self.country == "USA"
        if self.kind == "country":
            return COUNTRY
        if self.kind == "region":
            return US_STATE if us else WORLD_STATE
        return US_CITY if us else WORLD_CITY

    @property
    def full_name(self) -> str:
        """'City, Region, Country' as GDELT writes it."""
        if self.kind == "country":
            return self.country_name
        parts = [self.name] + ([self.region] if self.region and self.region != self.name else [])
        return ", ".join(parts + [self.country_name])

    @property
    def feature_id(self) -> str:
        """GDELT's FeatureID: the GeoNames id of a city, the ADM1 code of a region, the FIPS code of a country."""
        if self.kind == "city" and self.geonames_id:
            return str(self.geonames_id)
        return self.adm1 if self.kind == "region" else self.fips


@dataclass(frozen=True)
class PlaceMention:
    """A place name found in text: its character span and every place of that name."""

    start: int
    end: int
    text: str
    candidates: tuple[GeoPlace, ...]
    region_word: bool = False  # "the Kharkiv region": a region is meant
    partial: bool = False  # part of a longer capitalised run ("Rivera" of "Judge Alejandro Rivera")
    opens: bool = False  # a one-word name opening a sentence, where any word is capitalised


@dataclass
class Choice:
    """The place chosen for a mention, and why."""

    place: GeoPlace
    why: str
    ambiguous: bool = False


@dataclass
class Scene:
    """What the article says about places: the countries its unambiguous place names and actors point to."""

    countries: dict[str, float] = field(default_factory=dict)
    by_name: dict[str, dict[str, float]] = field(default_factory=dict)  # what each name added

    def add(self, country: str, name: str = "", weight: float = 1.0) -> None:
        """Count one more pointer to a country (from a place of that name)."""
        if country:
            self.countries[country] = self.countries.get(country, 0.0) + weight
            own = self.by_name.setdefault(name, {})
            own[country] = own.get(country, 0.0) + weight

    def dominant(self, share: float = 0.6) -> str | None:
        """The country that at least `share` of the article's place names point to, if one does."""
        total = sum(self.countries.values())
        if total <= 0:
            return None
        code, weight = max(self.countries.items(), key=lambda kv: kv[1])
        return code if weight / total >= share else None

    def without(self, name: str, country: str) -> float:
        """How much the article points to a country apart from the name being settled (it cannot vote for
        itself: "Georgia" in a story set in Atlanta)."""
        return self.countries.get(country, 0.0) - self.by_name.get(name, {}).get(country, 0.0)


class Places:
    """The place gazetteer: names to places, loaded once per coder."""

    def __init__(self, countries: dict, country_terms: dict[str, str], data_dir: Path | None = None,
                 not_places: frozenset[str] = frozenset(), actor_names: frozenset[str] = frozenset(),
                 not_regions: frozenset[str] = frozenset()) -> None:
        self.not_places = not_places  # lower-case words that are no place when they stand alone
        self.actor_names = actor_names  # names of actors ("Hamas", "Xinhua", "Thai"): no town's alias
        self.not_regions = not_regions  # names of things that are no actor ("Red Sea"): no region's name
        self.by_name: dict[str, list[GeoPlace]] = {}
        self.first_words: set[str] = set()  # the first word of every name, as written and in capitals
        self.country_place: dict[str, GeoPlace] = {}
        self.region_of: dict[tuple[str, str], GeoPlace] = {}
        self.region_names: dict[tuple[str, str], GeoPlace] = {}  # (country, lower name) -> region
        # building some 150,000 small objects: the cyclic collector would walk them again and again for nothing
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._load(countries, country_terms, data_dir)
        finally:
            if collecting:
                gc.enable()

    # ---- loading -------------------------------------------------------------------------------------
    def _load(self, countries: dict, country_terms: dict[str, str], data_dir: Path | None) -> None:
        def source(name: str) -> tuple[object, str]:
            if data_dir is not None and (data_dir / name).exists():
                return data_dir / name, name
            return resources.files("communique").joinpath("data", name), name

        body, label = source("regions.tsv")
        regions = read_table(body, label, ("country", "admin1", "name", "aliases", "adm1", "population", "lat",
                                           "lon"), ())
        sums: dict[str, list[float]] = {}
        for row in regions.rows:
            c = countries.get(row["country"])
            if c is None:
                continue
            place = GeoPlace(row["name"], "region", c.code, c.name, c.fips or "", _float(row, "lat", label),
                             _float(row, "lon", label), _int(row, "population", label), None, row["admin1"],
                             row["name"], row["adm1"])
            self.region_of[(c.code, row["admin1"])] = place
            for name in [row["name"], *_split(row["aliases"])]:
                if name in self.not_regions or (name != row["name"] and name in self.actor_names):
                    continue
                self._add(name, place)
                self.region_names[(c.code, name.lower())] = place
        body, label = source("places.tsv")
        cities = read_table(body, label, ("geonameid", "name", "aliases", "country", "admin1", "population", "lat",
                                          "lon", "capital"), ())
        for row in cities.rows:
            c = countries.get(row["country"])
            if c is None:
                continue
            region = self.region_of.get((c.code, row["admin1"]))
            lat, lon, pop = _float(row, "lat", label), _float(row, "lon", label), _int(row, "population", label)
            place = GeoPlace(row["name"], "city", c.code, c.name, c.fips or "", lat, lon, pop,
                             _int(row, "geonameid", label), row["admin1"], region.name if region else "",
                             region.adm1 if region else (c.fips or ""), row["capital"] == "1")
            self._add(row["name"], place)
            for name in _split(row["aliases"]):
                if name not in self.actor_names:
                    self._add(name, place)
            s = sums.setdefault(c.code, [0.0, 0.0, 0.0])
            s[0] += pop * lat
            s[1] += pop * lon
            s[2] += pop
        for code, c in countries.items():
            s = sums.get(code)
            lat = round(s[0] / s[2], 4) if s and s[2] else c.lat
            lon = round(s[1] / s[2], 4) if s and s[2] else c.lon
            self.country_place[code] = GeoPlace(c.name, "country", code, c.name, c.fips or "", lat, lon,
                                                int(s[2]) if s else 0, None, "", "", c.fips or "")
        for surface, code in country_terms.items():
            if code in self.country_place:
                self._add(surface, self.country_place[code])

    def _add(self, name: str, place: GeoPlace) -> None:
        bucket = self.by_name.get(name)
        if bucket is None:
            self.by_name[name] = [place]
            first = name.split(" ", 1)[0]
            self.first_words.add(first)
            self.first_words.add(first.upper())
        elif all(p is not place for p in bucket):  # a place's aliases may repeat its name
            bucket.append(place)

    # ---- finding -------------------------------------------------------------------------------------
    def lookup(self, name: str) -> list[GeoPlace]:
        """Every place of a name (an all-capitals dateline name is tried in title case too)."""
        found = self.by_name.get(name)
        if found is None and name.isupper() and len(name) >= 4:  # "BEIJING", not "UN" (the Indian town Un)
            found = self.by_name.get(name.title())
        if found is None and not name.isascii():  # "İstanbul", "Ürümqi" written with their letters
            folded = fold(name)
            found = self.by_name.get(folded) or (self.by_name.get(folded.title()) if folded.isupper() else None)
        return found or []

    def mentions(self, text: str, offset: int = 0) -> list[PlaceMention]:
        """Place names in a text, longest first and not overlapping (capitalised words only), each marked when it
        is part of a longer capitalised run or a one-word name opening a sentence."""
        out: list[PlaceMention] = []
        for m in NAME_RE.finditer(text):
            words = list(re.finditer(r"\S+", m.group(0)))
            for k, w in enumerate(words[:-1]):  # "... across Karachi. Police ...": a sentence ends inside the run
                if w.group(0).endswith(".") and len(w.group(0)) > 4 and "." not in w.group(0)[:-1]:
                    words = words[:k + 1]
                    break
            i = 0
            while i < len(words):
                hit = None
                head = words[i].group(0)
                if not head.isascii():
                    head = fold(head)
                if head not in self.first_words and head.rstrip(".,’'") not in self.first_words \
                        and head.rstrip(".,’'")[:-2] not in self.first_words:
                    i += 1  # no name starts with this word (most capitalised words: people, organisations)
                    continue
                for j in range(min(len(words), i + MAX_WORDS), i, -1):
                    s, e = m.start() + words[i].start(), m.start() + words[j - 1].end()
                    name = text[s:e].rstrip(".’'")
                    found = self.lookup(name) if name else []
                    if not found and name.endswith(("'s", "’s")):
                        name = name[:-2]
                        found = self.lookup(name)
                    if found:
                        hit = (j, s, s + len(name), found)
                        break
                if hit is None:
                    i += 1
                    continue
                j, s, e, found = hit
                if j - i == 1 and name.lower() in self.not_places:
                    i = j
                    continue
                rest = [w.group(0).lower().strip(".,") for w in words[:i] + words[j:]]
                partial = bool(rest) and not all(w in REGION_WORDS for w in rest)
                after = text[e:e + 16].lower().split()
                region_word = bool(after) and after[0].strip(".,;:") in REGION_WORDS
                out.append(PlaceMention(offset + s, offset + e, text[s:e], tuple(found), region_word, partial,
                                        j - i == 1 and _opens_sentence(text, s)))
                i = j
        return out

    @staticmethod
    def scene(mentions: list[PlaceMention]) -> Scene:
        """The countries an article's place names point to: a country's name and a name all of whose places are in one
        country count; other ambiguous names do not. As nobody parsed the text, a name inside a longer capitalised
        run is left out, and of one-word names opening a sentence only countries, regions and cities of 100,000."""
        scene = Scene()
        for m in mentions:
            if m.partial or m.opens and all(p.kind == "city" and p.population < 100_000 for p in m.candidates):
                continue
            countries = {p.country for p in m.candidates if p.kind == "country"} or {p.country for p in m.candidates}
            if len(countries) == 1:
                scene.add(next(iter(countries)), m.text)
        return scene

    # ---- choosing ------------------------------------------------------------------------------------
    def choose(self, mention: PlaceMention, actor_countries: set[str], scene: Scene,
               following: str = "") -> Choice:
        """The place a mention means: a country or region named right after it ("Santiago, Chile") settles it;
        else the event's actors' countries, then the article's other places, then size."""
        cands = list(mention.candidates)
        if mention.region_word:
            regions = [p for p in cands if p.kind == "region"]
            regions += [r for p in cands if p.kind == "city" for r in [self.region_of.get((p.country, p.admin1))]
                        if r is not None and r.name.lower().startswith(mention.text.lower()[:4]) and r not in regions]
            if regions:
                cands = regions
        if len(cands) == 1:
            return Choice(cands[0], "the only place of that name")
        qualifier = self._qualifier(following)
        scored = []
        for p in cands:
            score = 0.0
            reasons = []
            if qualifier and (p.country == qualifier[0] or p.region == qualifier[1]):
                score += 10
                reasons.append(f"'{qualifier[2]}' named with it")
            if p.country in actor_countries:
                score += 3
                reasons.append(f"an actor of {p.country_name}")
            share = scene.without(mention.text, p.country)
            if share:
                score += min(3.0, 1.5 * share)
                reasons.append(f"the article's other places in {p.country_name}")
            # a bare name means the country, else the city more than the region named after it ("Kharkiv")
            prior = {"country": 1.0, "city": 0.5}.get(p.kind, 0.0) + (0.3 if p.capital else 0.0)
            score += prior + math.log10(max(p.population, 10)) / 10
            scored.append((score, p.population, p, reasons))
        scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
        best = scored[0]
        why = "; ".join(best[3]) or "the largest of its name (nothing in the article tells them apart)"
        others = sorted({p.country_name for _s, _pop, p, _r in scored[1:] if p.country != best[2].country})
        ambiguous = not best[3] and bool(others)
        if others:
            why += f"; also a place in {', '.join(others[:3])}"
        return Choice(best[2], why, ambiguous)

    def _qualifier(self, following: str) -> tuple[str, str, str] | None:
        """(country, region, text) of a ', Country' or ', Region' right after a place name."""
        m = re.match(r",\s*((?:[A-Z][\w'’\-]*)(?:\s+[A-Z][\w'’\-]*){0,3})", following)
        if not m:
            return None
        words = m.group(1).split()
        for j in range(len(words), 0, -1):
            name = " ".join(words[:j])
            for p in self.by_name.get(name, []):
                if p.kind == "country":
                    return p.country, "", name
                if p.kind == "region":
                    return p.country, p.name, name
        return None


def fold(text: str) -> str:
    """The text without accents ("İstanbul" -> "Istanbul", "Orbán" -> "Orban")."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _opens_sentence(text: str, at: int) -> bool:
    """Whether a word at this offset opens a sentence or a line."""
    before = text[:at].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?:\n"


def _split(value: str) -> list[str]:
    return [v for v in (value or "").split("|") if v]


def _float(row: dict, key: str, label: str) -> float | None:
    value = row.get(key) or ""
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise DataFileError(f"{label}, line {row.line}: {key} {value!r} is not a number") from None


def _int(row: dict, key: str, label: str) -> int:
    value = row.get(key) or ""
    try:
        return int(value) if value else 0
    except ValueError:
        raise DataFileError(f"{label}, line {row.line}: {key} {value!r} is not a whole number") from None
