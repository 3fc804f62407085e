"""Queries with every filter, and every export's columns and values, on a real database and its Parquet twin."""

from __future__ import annotations

import csv
import json

import pytest

from communique.export import GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, POLECAT_COLUMNS, export
from communique.query import Dataset, Filters, QueryError

ROWS = [
    ("a1", "2024-02-05", "Andes Daily", "Chile and Peru signed a fisheries agreement in Lima."),
    ("a2", "2024-02-05", "Pacific Wire", "Peru and Chile signed a new fisheries agreement."),
    ("a3", "2024-02-20", "Andes Daily", "Bolivian troops attacked Chilean border posts."),
    ("a4", "2024-03-11", "Sierra News", "Ecuador criticised Colombia over the pipeline spill."),
    ("a5", "2024-03-12", "Sierra News", "The Ecuadorian foreign minister visited Bogota."),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory, build_db):
    d = tmp_path_factory.mktemp("q")
    db = build_db(d, ROWS)
    with Dataset(db) as ds:
        export(ds, "parquet", d / "pq")
    return db, d / "pq"


def triples(ds, f):
    cols, rows = ds.events(f, limit=None, all_columns=True)
    i = {c: n for n, c in enumerate(cols)}
    return {(r[i["source_code"]], r[i["cameo_code"]], r[i["target_code"]]) for r in rows}


@pytest.mark.parametrize("which", ["duckdb", "parquet"])
def test_every_filter(built, which):
    path = built[0] if which == "duckdb" else built[1]
    with Dataset(path) as ds:
        everything = triples(ds, Filters())
        assert ("CHL", "057", "PER") in everything and ("ECU", "111", "COL") in everything
        ecuador = {t for t in everything if t[0].startswith("ECU") or (t[2] or "").startswith("ECU")}
        assert triples(ds, Filters(since="2024-03-01")) == ecuador
        assert all(t[0] in ("CHL", "PER") for t in triples(ds, Filters(until="2024-02-06")))
        assert triples(ds, Filters(dyad="CHL-PER")) == {("CHL", "057", "PER")}
        assert triples(ds, Filters(actor="BOLMIL")) == {("BOLMIL", "190", "CHL")}
        colombia = {t for t in ecuador if "COL" in (t[0][:3], (t[2] or "")[:3])}
        assert triples(ds, Filters(country="COL")) == colombia
        assert triples(ds, Filters(country="COL")) and not triples(ds, Filters(country="ARG"))
        assert triples(ds, Filters(code="11")) == {("ECU", "111", "COL")}
        assert triples(ds, Filters(root="19")) == {("BOLMIL", "190", "CHL")}
        assert all(t[1].startswith("05") for t in triples(ds, Filters(plover="agree")))
        assert triples(ds, Filters(quad=4)) == {("BOLMIL", "190", "CHL")}
        assert triples(ds, Filters(source="sierra")) == ecuador
        assert triples(ds, Filters(text="pipeline")) == {("ECU", "111", "COL")}
        with pytest.raises(QueryError):
            Filters(dyad="CHL").where()


@pytest.mark.parametrize("which", ["duckdb", "parquet"])
def test_dyads_timeline_actors(built, which):
    path = built[0] if which == "duckdb" else built[1]
    with Dataset(path) as ds:
        cols, rows = ds.dyads(Filters())
        top = dict(zip(cols, rows[0], strict=True))
        assert {top["source_country"], top["target_country"]} <= {"CHL", "PER", "ECU", "COL", "BOL"}
        by = {(r[0], r[1]): dict(zip(cols, r, strict=True)) for r in rows}
        assert by[("CHL", "PER")]["verbal_coop"] == 1 and by[("CHL", "PER")]["mentions"] == 2
        assert by[("BOL", "CHL")]["material_conflict"] == 1 and by[("BOL", "CHL")]["goldstein_sum"] == -10
        cols, rows = ds.timeline(Filters(dyad="CHL-PER"), by="month")
        assert [(str(r[0]), r[1], r[2], r[3]) for r in rows] == [("2024-02-01", 1, 1, 0)]
        cols, rows = ds.actors(Filters())
        names = {r[0]: dict(zip(cols, r, strict=True)) for r in rows}
        assert names["CHL"]["as_source"] >= 2 and names["BOLMIL"]["sector"] == "MIL"


def test_gdelt_export_columns_and_values(built, tmp_path):
    db, _ = built
    out = tmp_path / "x.export.CSV"
    with Dataset(db) as ds:
        files = export(ds, "gdelt", out, Filters(dyad="CHL-PER"))
    assert files == [out, tmp_path / "x.mentions.CSV"]
    assert len(GDELT_EVENT_COLUMNS) == 61 and len(GDELT_MENTION_COLUMNS) == 16
    lines = [line.split("\t") for line in out.read_text().splitlines()]
    assert len(lines) == 1 and len(lines[0]) == 61
    ev = dict(zip(GDELT_EVENT_COLUMNS, lines[0], strict=True))
    assert ev["SQLDATE"] == "20240205" and ev["MonthYear"] == "202402" and ev["Year"] == "2024"
    assert ev["Actor1Code"] == "CHL" and ev["Actor1CountryCode"] == "CHL" and ev["Actor2CountryCode"] == "PER"
    assert (ev["EventCode"], ev["EventBaseCode"], ev["EventRootCode"]) == ("057", "057", "05")
    assert ev["QuadClass"] == "1" and float(ev["GoldsteinScale"]) == 8.0
    assert (ev["NumMentions"], ev["NumSources"], ev["NumArticles"]) == ("2", "2", "2")
    assert ev["ActionGeo_FullName"] == "Lima, Peru" and ev["ActionGeo_CountryCode"] == "PE"
    assert ev["SOURCEURL"] == "https://news.example/a1" and len(ev["DATEADDED"]) == 14
    mentions = [line.split("\t") for line in (tmp_path / "x.mentions.CSV").read_text().splitlines()]
    assert len(mentions) == 2 and all(len(m) == 16 for m in mentions)
    m = dict(zip(GDELT_MENTION_COLUMNS, mentions[0], strict=True))
    assert m["GLOBALEVENTID"] == ev["GLOBALEVENTID"] and m["SentenceID"] == "1"
    text = ROWS[0][3]
    assert text[int(m["ActionCharOffset"]):].startswith("signed")
    assert text[int(m["Actor1CharOffset"]):].startswith("Chile")


def test_gdelt_export_loads_in_pandas(built, tmp_path):
    pd = pytest.importorskip("pandas")
    with Dataset(built[0]) as ds:
        export(ds, "gdelt", tmp_path / "all.export.CSV")
    df = pd.read_csv(tmp_path / "all.export.CSV", sep="\t", header=None, names=GDELT_EVENT_COLUMNS,
                     dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str})
    assert list(df.columns) == GDELT_EVENT_COLUMNS and (df.NumMentions >= 1).all()
    assert set(df.EventRootCode) >= {"05", "19", "11"}


def test_polecat_plover_csv_exports(built, tmp_path):
    with Dataset(built[0]) as ds:
        export(ds, "polecat", tmp_path / "p.tsv", Filters(root="19"))
        export(ds, "plover", tmp_path / "p.jsonl", Filters(root="19"))
        export(ds, "csv", tmp_path / "e.csv")
    with (tmp_path / "p.tsv").open() as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader)
        body = list(reader)
    assert header == POLECAT_COLUMNS and len(header) == 40
    row = dict(zip(header, body[0], strict=True))
    assert row["Event Type"] == "ASSAULT" and row["Actor Country"] == "BOL" and row["Recipient Country"] == "CHL"
    assert row["Primary Actor Sector"] == "MIL" and row["Quad Code"] == "MATERIAL CONFLICT"
    assert row["Event Date"] == "2024-02-20"
    rec = json.loads((tmp_path / "p.jsonl").read_text().splitlines()[0])
    keys = {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "text", "text_info"}
    assert keys <= set(rec)
    assert rec["event"] == "ASSAULT" and rec["actor"][0]["code"] == "BOLMIL" and "Bolivian troops" in rec["text"]
    with (tmp_path / "e.csv").open() as f:
        header = next(csv.reader(f))
    assert header[:4] == ["event_id", "global_id", "dedup_key", "date"]


def test_cli_query_formats(built, run_cli):
    db, pq = built
    for target in (db, pq):
        p = run_cli("events", target, "--dyad", "BOL-CHL", "--format", "json")
        assert p.returncode == 0, p.stderr
        (rec,) = json.loads(p.stdout)
        assert rec["cameo_code"] == "190" and rec["date"] == "2024-02-20"
    p = run_cli("dyads", db, "--format", "csv")
    assert p.stdout.splitlines()[0].startswith("source_country,target_country,events")
