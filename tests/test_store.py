"""The event database on real DuckDB files: idempotence, resume after SIGKILL, dedup, locking, bad files.
The command runs in this process, except the run that is killed and the process that holds the lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from communique.store import EventStore, StoreError

SAME_EVENT = [  # three reports of one criticism, from three sources over two days
    ("r1", "2024-03-05", "Andes Daily", "Chile criticised Peru over the closure of the border crossing."),
    ("r2", "2024-03-05", "Pacific Wire", "Chile sharply criticised Peru after the border crossing was closed."),
    ("r3", "2024-03-06", "Lima Post", "On Tuesday Chile criticised Peru for shutting the border."),
]
OTHER = [
    ("r4", "2024-03-05", "Andes Daily", "Chile praised Peru for its help with the wildfires."),  # same dyad, same day
    ("r5", "2024-03-12", "Andes Daily", "Chile criticised Peru again over new tariffs on copper."),  # a week later
]


@pytest.fixture(scope="module")
def db(tmp_path_factory, build_db):
    return build_db(tmp_path_factory.mktemp("db"), SAME_EVENT + OTHER)


def rows(path, sql):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_three_reports_make_one_event_and_different_events_stay_apart(db):
    crit = rows(db, "SELECT num_mentions, num_sources, num_articles, date FROM events "
                    "WHERE source_code = 'CHL' AND target_code = 'PER' AND cameo_base = '111' ORDER BY date")
    assert [r[:3] for r in crit] == [(3, 3, 3), (1, 1, 1)]
    assert str(crit[0][3]) == "2024-03-05" and str(crit[1][3]) == "2024-03-12"
    praise = rows(db, "SELECT num_mentions FROM events WHERE cameo_root = '05' AND source_code = 'CHL'")
    assert praise == [(1,)]
    linked = rows(db, "SELECT count(DISTINCT m.article_id) FROM mentions m JOIN events e USING (event_id) "
                      "WHERE e.cameo_base = '111' AND e.num_mentions = 3")
    assert linked == [(3,)]


def test_rerun_adds_nothing_and_recode_replaces(db, tmp_path, run_cli, write_corpus):
    before = rows(db, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), "
                      "(SELECT count(*) FROM events)")
    corpus = write_corpus(tmp_path / "again.jsonl", SAME_EVENT + OTHER)
    p = run_cli("code", str(corpus), "--db", str(db))
    assert p.returncode == 0 and "already in the database" in p.stderr
    assert rows(db, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), "
                    "(SELECT count(*) FROM events)") == before
    stamp = rows(db, "SELECT max(coded_at) FROM articles")
    time.sleep(1.1)
    p = run_cli("code", str(corpus), "--db", str(db), "--recode")
    assert p.returncode == 0, p.stderr
    assert rows(db, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), "
                    "(SELECT count(*) FROM events)") == before
    assert rows(db, "SELECT max(coded_at) FROM articles") > stamp


def test_skipped_documents_are_stored_with_their_reason(tmp_path, run_cli):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "ok.txt").write_text("Chile criticised Peru over the border.")
    path = tmp_path / "x.duckdb"
    status = tmp_path / "status.jsonl"
    out = tmp_path / "events.jsonl"
    p = run_cli("code", str(tmp_path / "in"), "--db", str(path), "--date", "2024-01-01", "--status", str(status),
            "-o", str(out))
    assert p.returncode == 0
    (event,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows(path, "SELECT mention_id FROM mentions") == [(event["event_id"],)]
    assert rows(path, "SELECT status, reason FROM articles ORDER BY status") == [("coded", None), ("skipped", "empty")]
    lines = [json.loads(line) for line in status.read_text().splitlines()]
    assert sorted((r["status"], r["reason"]) for r in lines) == [("coded", None), ("skipped", "empty")]


def snapshot(path: Path):
    return (rows(path, "SELECT article_id, status, events FROM articles ORDER BY 1"),
            rows(path, "SELECT mention_id, event_id, article_id FROM mentions ORDER BY 1"),
            rows(path, "SELECT event_id, num_mentions, num_sources, num_articles FROM events ORDER BY 1"))


@pytest.mark.slow
def test_sigkill_then_resume_gives_the_same_database(tmp_path, run_cli, big_corpus, repo_root):
    corpus = big_corpus(tmp_path / "big.jsonl", 240)
    clean = tmp_path / "clean.duckdb"
    assert run_cli("code", str(corpus), "--db", str(clean), "--batch-size", "10").returncode == 0
    killed = tmp_path / "killed.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "communique.cli", "code", str(corpus), "--db", str(killed),
                             "--batch-size", "10"], cwd=repo_root, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        if line.startswith("... 100/240 documents"):
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = rows(killed, "SELECT count(*) FROM articles")[0][0]
    assert 0 < partial < 240
    # consistent: every mention's article is there, and every article has all its mentions
    assert rows(killed, "SELECT count(*) FROM mentions m LEFT JOIN articles a USING (article_id) "
                        "WHERE a.article_id IS NULL") == [(0,)]
    assert rows(killed, "SELECT count(*) FROM articles a WHERE events <> (SELECT count(*) FROM mentions m "
                        "WHERE m.article_id = a.article_id)") == [(0,)]
    p = run_cli("code", str(corpus), "--db", str(killed), "--batch-size", "10")
    assert p.returncode == 0, p.stderr
    assert f"already in the database (not coded again; --recode to redo): {partial}" in p.stderr
    assert snapshot(killed) == snapshot(clean)


def test_not_a_database_is_refused_and_left_untouched(tmp_path, run_cli):
    text = tmp_path / "notes.duckdb"
    text.write_text("these are my notes, not a database\n" * 50)
    before = text.read_bytes()
    p = run_cli("code", "samples/", "--db", str(text))
    assert p.returncode == 2 and "not a DuckDB database" in p.stderr and "Traceback" not in p.stderr
    assert text.read_bytes() == before
    foreign = tmp_path / "other.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE sales (id INTEGER, amount DOUBLE)")
    con.execute("INSERT INTO sales VALUES (1, 9.5)")
    con.close()
    before = foreign.read_bytes()
    with pytest.raises(StoreError, match="not a communique one"):
        EventStore(foreign)
    p = run_cli("events", str(foreign))
    assert p.returncode == 2 and "not a communique one" in p.stderr
    assert foreign.read_bytes() == before
    assert not (tmp_path / "other.duckdb.wal").exists()


def test_corrupt_database_is_refused_and_left_untouched(db, tmp_path, run_cli):
    broken = tmp_path / "broken.duckdb"
    data = bytearray(db.read_bytes())
    data[20000:25000] = b"\xff" * 5000
    broken.write_bytes(bytes(data))
    for args in (("events", str(broken)), ("code", "samples/", "--db", str(broken))):
        p = run_cli(*args)
        assert p.returncode == 2 and "not a usable DuckDB database" in p.stderr and "Traceback" not in p.stderr
    assert broken.read_bytes() == bytes(data)


def test_query_waits_then_explains_the_lock(db, tmp_path, run_cli):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from communique.store import EventStore; s = EventStore(sys.argv[1]); "
        "print('open', flush=True); time.sleep(30)"), str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        t0 = time.monotonic()
        p = run_cli("events", str(db), "--wait", "1")
        assert p.returncode == 2
        assert "being written by another communique process" in p.stderr and "Traceback" not in p.stderr
        assert time.monotonic() - t0 >= 1
    finally:
        holder.kill()
        holder.wait()
    assert run_cli("events", str(db)).returncode == 0


def test_dedup_rule_is_configurable_and_stored(tmp_path, run_cli, write_corpus):
    corpus = write_corpus(tmp_path / "n.jsonl", SAME_EVENT + OTHER)
    path = tmp_path / "w.duckdb"
    p = run_cli("code", str(corpus), "--db", str(path), "--dedup-window", "0")
    assert p.returncode == 0, p.stderr
    crit = "SELECT num_mentions FROM events WHERE cameo_base = '111' ORDER BY date"
    # "On Tuesday" in the 03-06 report dates its event 03-05, so even a 0-day window keeps the three together
    assert rows(path, crit) == [(3,), (1,)]
    p = run_cli("dedup", str(path), "--window", "7")
    assert p.returncode == 0 and "grouped into" in p.stderr
    assert rows(path, crit) == [(4,)]  # a week's window joins the later criticism too
    assert rows(path, "SELECT value FROM communique_meta WHERE key = 'dedup_window'") == [("7",)]
    p = run_cli("dedup", str(path), "--window", "1", "--keys", "source_country,target_country,root")
    assert p.returncode == 0
    assert rows(path, crit) == [(3,), (1,)]
    assert rows(path, "SELECT count(*) FROM mentions WHERE event_id IS NULL") == [(0,)]
    p = run_cli("dedup", str(path), "--keys", "source,nonsense")
    assert p.returncode == 2 and "unknown dedup key" in p.stderr
