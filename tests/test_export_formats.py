"""The GDELT and POLECAT exports read back the way the field's own loaders read the real files (pandas with
GDELT's header list and no header row; POLECAT as tab-separated with its named columns and None as missing), with
the types and values those loaders expect; and a database of the earlier schema is upgraded in place."""

from __future__ import annotations

import csv
import datetime as dt
import json

import duckdb
import pytest

from communique.export import GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, POLECAT_COLUMNS, export
from communique.query import Dataset
from communique.store import (
    ARTICLE_COLUMNS,
    COUNT_COLUMNS,
    EVENT_COLUMNS,
    GEO_COLUMNS,
    LOCATION_EXTRA,
    MENTION_COLUMNS,
    EventStore,
    StoreError,
)

pd = pytest.importorskip("pandas")

ROWS = [
    ("k1", "2024-11-27", "Kharkiv Courier", "Russian forces shelled Kharkiv overnight, killing at least 17 people."),
    ("k2", "2024-12-31", "Levant Post", "France accused Iran of fuelling the war in Lebanon."),
    ("k3", "2024-03-04", "Steppe Review", "Kazakhstan and Serbia signed a trade agreement in Belgrade. Trade between "
                                         "the two countries reached 73.8 million US dollars in 2022."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory, build_db):
    return build_db(tmp_path_factory.mktemp("formats"), ROWS)


def test_gdelt_files_load_with_gdelt_column_names(db, tmp_path):
    with Dataset(db) as ds:
        export(ds, "gdelt", tmp_path / "k.export.CSV")
    events = pd.read_csv(tmp_path / "k.export.CSV", sep="\t", header=None, names=GDELT_EVENT_COLUMNS,
                         quoting=csv.QUOTE_NONE, dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str,
                                                               "ActionGeo_FeatureID": str})
    mentions = pd.read_csv(tmp_path / "k.mentions.CSV", sep="\t", header=None, names=GDELT_MENTION_COLUMNS,
                           quoting=csv.QUOTE_NONE)
    assert len(events.columns) == 61 and len(mentions.columns) == 16
    for column in ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "QuadClass", "NumMentions", "ActionGeo_Type",
                   "Actor1Geo_Type", "Actor2Geo_Type", "DATEADDED"):
        assert events[column].dtype.kind == "i", column
    for column in ("FractionDate", "GoldsteinScale", "AvgTone", "ActionGeo_Lat", "ActionGeo_Long"):
        assert events[column].dtype.kind == "f", column
    shelling = events[events.EventRootCode == "19"].iloc[0]
    assert shelling.SQLDATE == 20241127
    # GDELT's codebook: YEAR + (MONTH * 30 + DAY) / 365
    assert shelling.FractionDate == pytest.approx(round(2024 + (11 * 30 + 27) / 365, 4))
    assert events[events.SQLDATE == 20241231].iloc[0].FractionDate == pytest.approx(round(2024 + 391 / 365, 4))
    assert shelling.ActionGeo_Type == 4 and shelling.ActionGeo_FullName == "Kharkiv, Ukraine"
    assert (shelling.ActionGeo_CountryCode, shelling.ActionGeo_ADM1Code) == ("UP", "UP07")
    assert shelling.ActionGeo_Lat == pytest.approx(49.98, abs=0.05) and str(shelling.ActionGeo_FeatureID).isdigit()
    assert shelling.Actor1Geo_Type == 1 and shelling.Actor1Geo_CountryCode == "RS"  # Russia, FIPS
    assert shelling.Actor2Geo_FullName == "Kharkiv, Ukraine"
    assert len(str(shelling.DATEADDED)) == 14
    dt.datetime.strptime(str(shelling.DATEADDED), "%Y%m%d%H%M%S")
    # mentions: EventTimeDate is the event's DATEADDED, MentionTimeDate a full timestamp
    m = mentions[mentions.GLOBALEVENTID == shelling.GLOBALEVENTID].iloc[0]
    assert m.EventTimeDate == shelling.DATEADDED and len(str(m.MentionTimeDate)) == 14
    assert events.ActionGeo_Type.isin([0, 1, 2, 3, 4, 5]).all()
    # an event with no place has type 0 and empty fields
    accusation = events[events.EventRootCode == "11"].iloc[0]
    assert accusation.ActionGeo_Type == 0 and pd.isna(accusation.ActionGeo_FullName)


def test_polecat_file_loads_with_its_named_columns_and_none_as_missing(db, tmp_path):
    with Dataset(db) as ds:
        export(ds, "polecat", tmp_path / "k.tsv")
    raw = (tmp_path / "k.tsv").read_text(encoding="utf-8").splitlines()
    assert raw[0].split("\t") == POLECAT_COLUMNS and len(POLECAT_COLUMNS) == 40
    assert all(len(line.split("\t")) == 40 for line in raw)
    assert "\t\t" not in "\n".join(raw[1:]), "a missing value is the literal None, never an empty field"
    df = pd.read_csv(tmp_path / "k.tsv", sep="\t", na_values=["None"], keep_default_na=False)
    assert list(df.columns) == POLECAT_COLUMNS and df.columns[4] == "Event Intensity"
    assert set(df["Quad Code"]) <= {"VERBAL COOPERATION", "MATERIAL COOPERATION", "VERBAL CONFLICT",
                                    "MATERIAL CONFLICT"}
    assert all(t == t.upper() for t in df["Event Type"].dropna())
    assert df["Actor COW"].dtype.kind in "if" and df["Latitude"].dtype.kind == "f"  # numbers (NaN where missing)
    shelling = df[df["Event Type"] == "ASSAULT"].iloc[0]
    assert shelling["Quad Code"] == "MATERIAL CONFLICT" and shelling["Actor COW"] == 365
    assert (shelling["City"], shelling["Province"], shelling["Country"]) == ("Kharkiv", "Kharkiv", "UKR")
    assert shelling["Feature Type"] == "PPL" and shelling["GeoNames ID"] > 0
    accusation = df[df["Event Type"] == "ACCUSE"].iloc[0]
    assert accusation["Contexts"] == "military; legal"  # multi-valued fields joined with "; "
    assert (accusation["Actor COW"], accusation["Recipient COW"]) == (220, 630)  # France, Iran
    assert pd.isna(accusation["Placename"]) and pd.isna(accusation["Latitude"])
    agreement = df[df["Event Type"] == "SUPPORT"].iloc[0]  # a signed agreement (057)
    assert agreement["Quad Code"] == "VERBAL COOPERATION" and {agreement["Actor COW"],
                                                                 agreement["Recipient COW"]} == {705, 345}
    # read by position, as loaders of the annual files do (date, type, actor, recipient)
    with (tmp_path / "k.tsv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))[1:]
    assert {(r[1], r[2], r[7], r[15]) for r in rows} >= {("2024-11-27", "ASSAULT", "Russia", "Ukraine")}


def test_plover_records_carry_place_counts_and_figures(db, tmp_path):
    with Dataset(db) as ds:
        export(ds, "plover", tmp_path / "k.jsonl")
    records = [json.loads(line) for line in (tmp_path / "k.jsonl").read_text().splitlines()]
    shelling = next(r for r in records if r["event"] == "ASSAULT")
    assert shelling["fatalities"] == 17 and shelling["injuries"] is None
    loc = shelling["event_loc"]
    assert (loc["name"], loc["kind"], loc["region"], loc["adm1"], loc["geo_type"]) == (
        "Kharkiv", "city", "Kharkiv", "UP07", 4)
    agreement = next(r for r in records if r["event"] == "SUPPORT")
    (figure,) = agreement["text_info"]["figures"]
    assert (figure["value"], figure["currency"], figure["period"]) == (73800000.0, "USD", "2022")


def test_an_earlier_schema_is_upgraded_in_place(db, tmp_path):
    # a database of the first schema: the same rows without the columns schema 2 added
    added = {c for c, _ in (*LOCATION_EXTRA, *GEO_COLUMNS, *COUNT_COLUMNS)} | {"figures"}
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    try:
        con.execute(f"ATTACH '{db}' AS v2 (READ_ONLY)")
        for table, columns in (("articles", ARTICLE_COLUMNS), ("mentions", MENTION_COLUMNS),
                               ("events", EVENT_COLUMNS)):
            keep = ", ".join(f'"{c}"' for c, _ in columns if c not in added)
            con.execute(f"CREATE TABLE {table} AS SELECT {keep} FROM v2.{table}")
        con.execute("CREATE TABLE communique_meta AS SELECT * FROM v2.communique_meta")
        con.execute("UPDATE communique_meta SET value = '1' WHERE key = 'schema_version'")
        con.execute("DETACH v2")
    finally:
        con.close()
    with pytest.raises(StoreError, match="communique dedup"):
        EventStore(old, read_only=True)
    with EventStore(old) as store:
        counts = store.counts()
    assert counts["events"] > 0
    with Dataset(old) as ds:  # the upgraded file is read and exported like a new one
        export(ds, "gdelt", tmp_path / "old.export.CSV")
        _, rows = ds.select("SELECT count(*) FROM figures", [])
    assert rows[0][0] == 0  # its old articles had no figures
    events = pd.read_csv(tmp_path / "old.export.CSV", sep="\t", header=None, names=GDELT_EVENT_COLUMNS,
                         quoting=csv.QUOTE_NONE, dtype={"EventRootCode": str, "ActionGeo_FeatureID": str})
    assert len(events) == counts["events"]
    shelling = events[events.EventRootCode == "19"].iloc[0]
    # the old rows' places are filled from what the first schema knew: the name and point of a city
    assert (shelling.ActionGeo_Type, shelling.ActionGeo_FullName) == (4, "Kharkiv")
    assert shelling.ActionGeo_Lat == pytest.approx(49.98, abs=0.05) and shelling.ActionGeo_FeatureID.isdigit()


def test_a_misread_huge_count_loses_nothing(run_cli, tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(json.dumps({"id": "h1", "date": "2024-05-01",
                                  "text": "Police in Paris arrested 99999999999 protesters."}) + "\n"
                      + json.dumps({"id": "h2", "date": "2024-05-01", "text": "Chile criticised Peru."}) + "\n")
    p = run_cli("code", corpus, "--db", tmp_path / "h.duckdb", "-q")
    assert p.returncode == 0, p.stderr
    with Dataset(tmp_path / "h.duckdb") as ds:
        _, rows = ds.select("SELECT article_id, arrested FROM mentions ORDER BY article_id", [])
    assert [r[0] for r in rows] == ["h1", "h2"] and rows[0][1] is None
