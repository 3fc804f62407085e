"""Faults of the event database and its exports: unique event ids without dates, control characters in the
tab-separated exports, skipped documents read again, and the lock message for readers and writers."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from communique.export import GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, POLECAT_COLUMNS, export
from communique.query import Dataset
from communique.run import code_to_store
from communique.store import DedupConfig, EventStore, StoreLockedError

ROOT = Path(__file__).resolve().parents[1]
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

UNDATED = [  # no dates: several mentions of one key in one article, and the same key in other articles
    {"id": "u1", "text": "Chile criticised Peru over the border. Chile criticised Peru again over fishing quotas. "
                         "Chile criticised Peru a third time over the mining dispute."},
    {"id": "u2", "text": "Chile criticised Peru over the closed border crossing."},
    {"id": "u3", "text": "Bolivia praised Ecuador for its help. Bolivia praised Ecuador again for the aid convoy."},
    {"id": "u4", "text": "Bolivia praised Ecuador for the new railway."},
]
DATED = [  # the same key on dates months apart (two events), and a report the next day (joins the second)
    {"id": "d1", "date": "2024-01-10", "source": "Andes Daily", "url": "https://news.example/d1",
     "text": "Chile criticised Peru over the mining dispute."},
    {"id": "d2", "date": "2024-06-20", "source": "Pacific Wire", "url": "https://news.example/d2",
     "text": "Chile criticised Peru over the fishing quotas."},
    {"id": "d3", "date": "2024-06-21", "source": "Lima Post", "url": "https://news.example/d3",
     "text": "Chile criticised Peru over the fishing quotas once more."},
    {"id": "d4", "date": "2024-09-02", "source": "Andes Daily", "url": "https://news.example/d4",
     "text": "Bolivia praised Ecuador for the new railway. Bolivia praised Ecuador again for its help."},
]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """Write records as JSON lines."""
    with path.open("w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec) + "\n")
    return path


def code_into(coder, path: Path, records: list[dict], name: str = "news.jsonl") -> Path:
    """Code records into the database at path (created when new) through the library's run."""
    corpus = write_jsonl(path.parent / name, records)
    with EventStore(path) as store:
        code_to_store(coder, [str(corpus)], store)
    return path


def query(path: Path, sql: str) -> list[tuple]:
    """Rows of a read-only query on a database file."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def read_tsv(path: Path, width: int) -> tuple[Any, int]:
    """Load a GDELT-style file (tab-separated, no header, no quoting) with pandas, checking every line's width."""
    pd = pytest.importorskip("pandas")
    data = path.read_bytes()
    lines = data.split(b"\n")
    assert lines[-1] == b"" and b"\r" not in data
    assert all(len(line.split(b"\t")) == width for line in lines[:-1]), path.read_text()
    return pd.read_csv(path, sep="\t", header=None, quoting=csv.QUOTE_NONE, keep_default_na=False), len(lines) - 1


# ---- unique event ids ---------------------------------------------------------------------------------------

def test_event_ids_are_unique_with_and_without_dates(coder, tmp_path):
    db = code_into(coder, tmp_path / "ids.duckdb", UNDATED + DATED)
    assert query(db, "SELECT count(*) FROM mentions WHERE date IS NULL")[0][0] >= 7
    total, ids, gids = query(db, "SELECT count(*), count(DISTINCT event_id), count(DISTINCT global_id) FROM events")[0]
    assert total == ids == gids
    # every mention belongs to exactly one stored event, and the counts add up
    assert query(db, "SELECT count(*) FROM mentions m ANTI JOIN events e USING (event_id)") == [(0,)]
    assert query(db, "SELECT sum(num_mentions) FROM events") == query(db, "SELECT count(*) FROM mentions")
    # undated: one event per key and article, never joined with another article's mentions
    undated = query(db, "SELECT first_article_id, num_mentions, num_articles FROM events "
                        "WHERE date IS NULL AND source_code = 'CHL' AND target_code = 'PER' ORDER BY 1")
    assert undated == [("u1", 3, 1), ("u2", 1, 1)]
    assert query(db, "SELECT first_article_id, num_mentions FROM events WHERE date IS NULL "
                     "AND source_code = 'BOL' ORDER BY 1") == [("u3", 2), ("u4", 1)]
    # dated: the same key months apart gives two events with two ids; the next day's report joins the second
    dated = query(db, "SELECT CAST(date AS VARCHAR), num_mentions, num_articles FROM events "
                      "WHERE date IS NOT NULL AND source_code = 'CHL' AND target_code = 'PER' ORDER BY date")
    assert dated == [("2024-01-10", 1, 1), ("2024-06-20", 2, 2)]

    out = tmp_path / "ids.export.CSV"
    with Dataset(db) as ds:
        export(ds, "gdelt", out)
    events, n = read_tsv(out, 61)
    assert n == query(db, "SELECT count(*) FROM events WHERE date IS NOT NULL")[0][0] >= 3
    assert events[0].dtype.kind == "i" and events[0].is_unique
    mentions, _ = read_tsv(tmp_path / "ids.mentions.CSV", 16)
    assert mentions[0].dtype.kind == "i" and set(mentions[0]) == set(events[0])


def test_event_ids_stay_unique_when_undated_reports_arrive_later(coder, tmp_path):
    db = code_into(coder, tmp_path / "later.duckdb", UNDATED[:2] + DATED[:1], name="first.jsonl")
    code_into(coder, db, [{"id": "u5", "text": "Chile criticised Peru over the port fees. Chile criticised Peru "
                                               "again over the port fees."}] + DATED[1:], name="second.jsonl")
    total, ids, gids = query(db, "SELECT count(*), count(DISTINCT event_id), count(DISTINCT global_id) FROM events")[0]
    assert total == ids == gids
    assert query(db, "SELECT first_article_id, num_mentions FROM events WHERE date IS NULL "
                     "AND source_code = 'CHL' ORDER BY 1") == [("u1", 3), ("u2", 1), ("u5", 2)]
    # regrouping everything under another window keeps the ids unique too
    with EventStore(db) as store:
        store.rededup(DedupConfig(window_days=0))
    total, ids, gids = query(db, "SELECT count(*), count(DISTINCT event_id), count(DISTINCT global_id) FROM events")[0]
    assert total == ids == gids


# ---- control characters in the tab-separated exports ---------------------------------------------------------

MESSY = [
    {"id": "m1", "date": "2024-02-05", "title": "Fish\tand\nchips", "source": "\"Andes\"\tDaily\r\n",
     "url": "https://news.example/m1?a=1\tb=2\n", "text": "Chile and Peru signed a fisheries agreement in Lima."},
    {"id": "wire\t7\nbis", "date": "2024-02-20", "source": "Sierra\rNews",
     "text": "Bolivian troops attacked Chilean border posts."},
]


def clean(value: str | None) -> str:
    """A stored text as the tab-separated exports write it: control characters become spaces."""
    return CONTROL.sub(" ", value or "")


def test_gdelt_and_polecat_rows_survive_control_characters(coder, tmp_path):
    db = code_into(coder, tmp_path / "messy.duckdb", MESSY)
    con = duckdb.connect(str(db))
    try:  # control characters in the coded names and places as well
        con.execute("UPDATE events SET source_name = 'Republic\tof\nChile', target_name = 'Peru\r\x0b\x1f', "
                    "location_name = CASE WHEN location_name IS NULL THEN NULL ELSE 'Lima\t\u2028Port' END, "
                    "location_full_name = CASE WHEN location_name IS NULL THEN NULL ELSE 'Lima\t\u2028Port, Peru' END, "
                    "source_sector = CASE WHEN source_sector IS NULL THEN NULL ELSE 'M\x85IL' END")
    finally:
        con.close()
    stored = query(db, "SELECT coalesce(e.source_url, e.first_article_id), a.source, coalesce(a.url, a.article_id) "
                       "FROM events e JOIN articles a ON a.article_id = e.first_article_id")
    assert any(CONTROL.search(v or "") for row in stored for v in row)
    out = tmp_path / "messy.export.CSV"
    with Dataset(db) as ds:
        export(ds, "gdelt", out)
        export(ds, "polecat", tmp_path / "messy.tsv")
    events, n = read_tsv(out, 61)
    assert n == query(db, "SELECT count(*) FROM events")[0][0] >= 2
    assert events[0].dtype.kind == "i" and events[0].is_unique
    events.columns = GDELT_EVENT_COLUMNS
    assert set(events.SOURCEURL) == {clean(r[0]) for r in stored}
    assert set(events.Actor1Name) == {"REPUBLIC OF CHILE"} and set(events.Actor2Name) == {"PERU   "}
    assert set(events.ActionGeo_FullName) <= {"", "Lima  Port, Peru"}
    mentions, _ = read_tsv(tmp_path / "messy.mentions.CSV", 16)
    assert mentions[0].dtype.kind == "i"
    mentions.columns = GDELT_MENTION_COLUMNS
    assert set(mentions.MentionSourceName) == {clean(r[1]) for r in stored}
    assert set(mentions.MentionIdentifier) == {clean(r[2]) for r in stored}

    polecat = (tmp_path / "messy.tsv").read_text(encoding="utf-8")
    lines = polecat.split("\n")
    assert lines[-1] == "" and "\r" not in polecat
    assert all(len(line.split("\t")) == 40 for line in lines[:-1])
    pd = pytest.importorskip("pandas")
    table = pd.read_csv(tmp_path / "messy.tsv", sep="\t", keep_default_na=False)
    assert list(table.columns) == POLECAT_COLUMNS and len(table) == n
    assert set(table["Actor Name"]) == {"Republic of Chile"}
    assert set(table["Source"]) == {clean(r[1]) for r in stored}


# ---- skipped documents are read again ----------------------------------------------------------------------

def test_a_skipped_document_is_coded_once_it_becomes_readable(coder, tmp_path):
    corpus = tmp_path / "feed.jsonl"
    db = tmp_path / "retry.duckdb"

    def run(records: list[dict]):
        write_jsonl(corpus, records)
        with EventStore(db) as store:
            return code_to_store(coder, [str(corpus)], store)

    fisheries = {"id": "n1", "date": "2024-05-02", "text": "Chile and Peru signed a fisheries agreement."}
    railway = {"date": "2024-05-02", "text": "Bolivia praised Ecuador for the new railway."}
    first = run([{**fisheries, "text": ""}, {**railway, "text": ""}])
    assert sum(first.skipped.values()) == 2 and first.coded == 0
    assert query(db, "SELECT article_id, origin, status FROM articles ORDER BY origin")[0] == (
        "n1", f"{corpus}:1", "skipped")
    assert query(db, "SELECT count(*) FROM articles WHERE status = 'skipped'") == [(2,)]

    # the first record now has text under the same id and origin: coded, and its skipped row is gone
    second = run([fisheries, {**railway, "text": ""}])
    assert second.coded == 1 and second.already_stored == 0 and sum(second.skipped.values()) == 1
    assert query(db, "SELECT article_id, origin, status FROM articles ORDER BY origin") == [
        ("n1", f"{corpus}:1", "coded"), (query(db, "SELECT article_id FROM articles WHERE status = 'skipped'")[0][0],
                                         f"{corpus}:2", "skipped")]
    assert query(db, "SELECT count(*) > 0 FROM mentions WHERE article_id = 'n1'") == [(True,)]

    # the record without an id gets its content id once readable; its skipped row (same origin) gives way
    third = run([fisheries, railway])
    assert third.coded == 1 and third.already_stored == 1
    rows = query(db, "SELECT article_id, origin, status FROM articles ORDER BY origin")
    assert [(r[1], r[2]) for r in rows] == [(f"{corpus}:1", "coded"), (f"{corpus}:2", "coded")]
    assert query(db, "SELECT count(DISTINCT article_id) FROM mentions") == [(2,)]

    fourth = run([fisheries, railway])
    assert fourth.already_stored == 2 and fourth.coded == 0
    assert query(db, "SELECT count(*), count(*) FILTER (WHERE status = 'coded') FROM articles") == [(2, 2)]


# ---- the lock message ---------------------------------------------------------------------------------------

def test_lock_message_tells_readers_and_writers_what_to_do(tmp_path):
    db = tmp_path / "locked.duckdb"
    EventStore(db).close()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from communique.store import EventStore; s = EventStore(sys.argv[1]); "
        "print('open', flush=True); time.sleep(60)"), str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "open"
        t0 = time.monotonic()
        with pytest.raises(StoreLockedError) as reader:
            EventStore(db, read_only=True, wait=0.5)
        assert time.monotonic() - t0 >= 0.5
        assert reader.value.read_only is True and reader.value.path == db
        assert "--wait" in str(reader.value) and "being written by another communique process" in str(reader.value)
        with pytest.raises(StoreLockedError) as writer:
            EventStore(db, wait=0.5)
        assert writer.value.read_only is False
        message = str(writer.value)
        assert "--wait" not in message and "another communique run" in message
        assert "wait for that run to end" in message.lower() and "another database file" in message
    finally:
        holder.kill()
        holder.wait(timeout=30)
    with EventStore(db, wait=5) as store:  # free again once the holder is gone
        assert store.counts() == {"articles": 0, "mentions": 0, "events": 0}
