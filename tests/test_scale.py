"""The pipeline on a real Dask LocalCluster on loopback: same events as one process, exactly-once output after
a worker is killed, and WARC input."""

from __future__ import annotations

import io
import json
import os
import signal
from pathlib import Path

import duckdb
import pytest

from communique import ReadOptions, read_inputs
from communique.models import Article, DocStatus
from communique.query import Filters
from communique.scale import code_distributed
from communique.shards import plan_shards

pytestmark = pytest.mark.slow  # a real Dask cluster with worker processes that load the model


@pytest.fixture(scope="module")
def client():
    from distributed import Client

    from communique.scale import local_cluster

    cluster = local_cluster(2)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def dataset_rows(path: Path, sql: str):
    con = duckdb.connect()
    try:
        return con.execute(sql.replace("ARTICLES", f"read_parquet('{path}/articles/*.parquet')")
                           .replace("MENTIONS", f"read_parquet('{path}/mentions/*.parquet')")).fetchall()
    finally:
        con.close()


def test_shards_cut_jsonl_at_line_boundaries(tmp_path, big_corpus):
    corpus = big_corpus(tmp_path / "c.jsonl", 200)
    shards = plan_shards([str(corpus)], shard_bytes=4096)
    assert len(shards) > 5 and sum(s.docs for s in shards) == 200
    from communique.shards import read_shard

    ids = [a.id for s in shards for a in read_shard(s, ReadOptions()) if isinstance(a, Article)]
    assert ids == [a.id for a in read_inputs([str(corpus)])]


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_csv_is_cut_between_rows_never_inside_a_quoted_text(tmp_path, suffix):
    import csv

    from communique.shards import read_shard

    path = tmp_path / f"wire{suffix}"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t" if suffix == ".tsv" else ",")
        w.writerow(["id", "date", "text"])
        for i in range(150):
            # quoted fields with line breaks, doubled quotes and delimiters inside, and a blank line now and then
            w.writerow([f"r{i}", "2024-05-06", f'Peru said "the talks, {i} of them,\nwent well".\n\nChile agreed.'])
            if i % 40 == 0:
                f.write("\n")
    shards = plan_shards([str(path)], shard_bytes=512)
    assert len(shards) > 10 and sum(s.docs for s in shards) == 150
    got = [(a.id, a.text) for s in shards for a in read_shard(s, ReadOptions())]
    assert all(isinstance(a, Article) for s in shards for a in read_shard(s, ReadOptions()))
    whole = [(a.id, a.text) for a in read_inputs([str(path)])]
    assert got == whole and len(whole) == 150 and "\n\nChile" in whole[0][1]


def test_shard_size_gives_every_worker_several_tasks(tmp_path, big_corpus):
    from communique.shards import MIN_SHARD_BYTES, SHARD_BYTES, TASKS_PER_THREAD, shard_size

    corpus = big_corpus(tmp_path / "c.jsonl", 3000)
    size = corpus.stat().st_size
    assert size > 2 * TASKS_PER_THREAD * MIN_SHARD_BYTES  # the corpus is big enough for the rule to show
    shards = plan_shards([str(corpus)], shard_size([str(corpus)], threads=2))
    assert len(shards) >= 2 * TASKS_PER_THREAD and sum(s.docs for s in shards) == 3000
    assert shard_size([str(corpus)], threads=10**6) == MIN_SHARD_BYTES  # never below the per-task overhead
    assert shard_size([str(corpus)], threads=0) == SHARD_BYTES  # no workers known yet: the default


def test_a_shard_is_written_a_row_group_at_a_time(coder, tmp_path, big_corpus):
    """A worker holds a few hundred coded articles at a time, not a whole shard; the part is still whole."""
    import pyarrow.parquet as pq

    from communique.scale import code_shard

    corpus = big_corpus(tmp_path / "c.jsonl", 40)
    (shard,) = plan_shards([str(corpus)])
    with corpus.open("a", encoding="utf-8") as f:  # a broken line and a repeated id inside the same shard
        f.write("{not json\n" + corpus.read_text(encoding="utf-8").splitlines()[3] + "\n")
    (shard,) = plan_shards([str(corpus)])
    counts = code_shard(shard, str(tmp_path / "ds"), ReadOptions(), rows_per_group=7)
    assert counts["documents"] == 42
    part = pq.ParquetFile(tmp_path / "ds" / "articles" / "part-000000.parquet")
    assert part.metadata.num_row_groups == 6
    ids = part.read().column("article_id").to_pylist()
    assert len(ids) == len(set(ids)) == 41  # 40 articles and the broken line's reason, the repeat once
    events = {(e.event_id, e.cameo.code) for c in coder.pipe(a for a in read_inputs([str(corpus)])
                                                             if isinstance(a, Article)) for e in c.events}
    mentions = pq.read_table(tmp_path / "ds" / "mentions" / "part-000000.parquet")
    assert set(zip(mentions.column("mention_id").to_pylist(), mentions.column("cameo_code").to_pylist(),
                   strict=True)) == events
    assert not list((tmp_path / "ds").rglob("*.tmp"))


def test_dask_run_equals_single_process(client, coder, tmp_path, big_corpus):
    corpus = big_corpus(tmp_path / "c.jsonl", 60)
    out = tmp_path / "ds"
    summary = code_distributed([str(corpus)], out, client=client, shard_bytes=2048, progress=None)
    assert summary.read == 60
    local = {(e.event_id, e.source.code, e.cameo.code, e.target.code if e.target else None)
             for c in coder.pipe([a for a in read_inputs([str(corpus)])]) for e in c.events}
    dist = set(dataset_rows(out, "SELECT mention_id, source_code, cameo_code, target_code FROM MENTIONS"))
    assert dist == local and len(local) > 100


def test_killed_worker_still_gives_every_article_once(client, tmp_path, big_corpus):
    corpus = big_corpus(tmp_path / "c.jsonl", 120)
    out = tmp_path / "ds"
    killed: list[int] = []

    def kill_one(part: dict) -> None:
        if not killed:
            killed.append(part["pid"])
            os.kill(part["pid"], signal.SIGKILL)

    summary = code_distributed([str(corpus)], out, client=client, shard_bytes=1024, progress=None,
                               on_result=kill_one)
    assert killed
    rows = dataset_rows(out, "SELECT article_id, count(*) FROM ARTICLES GROUP BY 1")
    assert len(rows) == 120 and all(n == 1 for _, n in rows)
    assert summary.read == 120
    assert dataset_rows(out, "SELECT count(*) FROM MENTIONS m WHERE m.article_id NOT IN "
                             "(SELECT article_id FROM ARTICLES)") == [(0,)]


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = [
        ("https://news.example/a", "Ministers meet", "<p>Chile and Peru signed a fisheries agreement in Lima.</p>"
         "<p>The accord covers quotas for the coming decade and joint patrols of the shared waters.</p>"),
        ("https://news.example/b", "Border clash", "<p>Bolivian troops attacked Chilean border posts on Monday, "
         "the defence ministry said in a statement issued in the capital.</p><p>Officials gave no figures.</p>"),
    ]
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for uri, title, body in pages:
            html = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article>" \
                   "</body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode()),
                                            http_headers=headers,
                                            warc_headers_dict={"WARC-Date": "2024-05-06T10:00:00Z"})
            writer.write_record(rec)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG"), http_headers=headers))


def test_warc_file_is_read_and_coded(client, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    out = tmp_path / "ds"
    summary = code_distributed([str(warc)], out, client=client, progress=None)
    assert summary.read == 2 and summary.skipped == {"not HTML": 1}
    rows = dataset_rows(out, "SELECT a.url, m.source_code, m.cameo_code, m.target_code, m.date FROM MENTIONS m "
                             "JOIN ARTICLES a USING (article_id) ORDER BY 1, 3, 2")
    assert ("https://news.example/a", "CHL", "057", "PER") in [r[:4] for r in rows]
    assert any(r[:4] == ("https://news.example/b", "BOLMIL", "190", "CHL") for r in rows)
    assert all(str(r[4]).startswith("2024-05") for r in rows)
    local = [a for a in read_inputs([str(warc)]) if isinstance(a, Article)]
    assert [a.title for a in local] == ["Ministers meet", "Border clash"]


def test_warc_is_cut_at_record_boundaries_and_damage_is_reported(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from communique.shards import read_shard

    warc = tmp_path / "many.warc.gz"
    countries = ["Chile", "Peru", "Bolivia", "Ecuador"]
    with warc.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for i in range(24):
            a, b = countries[i % 4], countries[(i + 1) % 4]
            html = (f"<html><head><title>Report {i}</title></head><body><article><p>{a} criticised {b} over "
                    f"the fishing dispute, officials in {a} said on Tuesday in report number {i}.</p><p>The "
                    "ministry gave no further details about the talks planned for next month.</p></article>"
                    "</body></html>")
            ctype = "image/png" if i % 6 == 5 else "text/html; charset=utf-8"
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://news.example/{i}", "response",
                                                          payload=io.BytesIO(html.encode()), http_headers=headers))
    shards = plan_shards([str(warc)], shard_bytes=2000)
    assert len(shards) > 3 and sum(s.docs for s in shards) == 24
    got = [(type(a).__name__, a.origin) for s in shards for a in read_shard(s, ReadOptions())]
    assert got == [(type(a).__name__, a.origin) for a in read_inputs([str(warc)])]
    assert sum(kind == "Article" for kind, _ in got) == 20 and len(set(got)) == 24
    (whole,) = plan_shards([str(warc)], shard_bytes=2000, split_warc=False)  # many files: one shard each
    assert [(type(a).__name__, a.origin) for a in read_shard(whole, ReadOptions())] == got

    damaged = tmp_path / "damaged.warc.gz"
    data = warc.read_bytes()
    cut = shards[len(shards) // 2].pieces[0].start  # a record boundary half-way: garbage follows it
    damaged.write_bytes(data[:cut] + b"this is not a WARC record\n" * 40 + data[cut:])
    items = [a for s in plan_shards([str(damaged)], shard_bytes=2000) for a in read_shard(s, ReadOptions())]
    good = [a for a in items if isinstance(a, Article)]  # every article before the damage is kept
    assert len(good) == sum(kind == "Article" and int(o.rsplit("@", 1)[1]) < cut for kind, o in got)
    (stop,) = [a for a in items if isinstance(a, DocStatus) and a.reason.startswith("damaged WARC")]
    assert "reading stopped after the record at byte" in stop.reason


def test_cli_dask_run_replaces_dataset_whole_and_loads(tmp_path, run_cli, big_corpus):
    corpus = big_corpus(tmp_path / "c.jsonl", 30)
    out = tmp_path / "ds"
    (out / "articles").mkdir(parents=True)
    (out / "articles" / "part-999999.parquet").write_text("stale part of an older run")
    (out / "run.json").write_text(json.dumps({"written_by": "communique", "shards": 1, "summary": {}}))
    p = run_cli("code", corpus, "--engine", "dask", "--workers", "1", "--out", out)
    assert p.returncode == 0, p.stderr
    assert "30/30 documents" in p.stderr and "documents: 30" in p.stderr
    assert not (out / "articles" / "part-999999.parquet").exists()
    assert json.loads((out / "run.json").read_text())["summary"]["read"] == 30
    db = tmp_path / "x.duckdb"
    for _ in range(2):
        p = run_cli("load", out, "--db", db)
        assert p.returncode == 0, p.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchall() == [(30,)]
        assert con.execute("SELECT count(*) FROM mentions WHERE event_id IS NULL").fetchall() == [(0,)]
    finally:
        con.close()


def test_a_dataset_keeps_the_dedup_rule_of_its_run(client, tmp_path):
    from communique.query import Dataset
    from communique.store import DedupConfig

    corpus = tmp_path / "two.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{i}", "date": date, "source": f"Wire {i}",
                                          "text": "Uruguay accused Paraguay of smuggling cattle."}) + "\n"
                              for i, date in enumerate(["2024-06-01", "2024-06-04"])))
    counts = {}
    for name, rule in (("default", None), ("wide", DedupConfig(5, ("source", "target", "base")))):
        code_distributed([str(corpus)], tmp_path / name, client=client, progress=None, dedup=rule)
        with Dataset(tmp_path / name) as ds:
            counts[name] = ds.count(Filters(code="112"))
    assert counts == {"default": 2, "wide": 1}
    assert json.loads((tmp_path / "wide" / "run.json").read_text())["dedup"] == {
        "window_days": 5, "keys": ["source", "target", "base"]}


def test_workers_code_with_the_users_actor_file_and_resolved_only(client, tmp_path):
    own = tmp_path / "mine.tsv"
    own.write_text("name\tcode\nIlse Marwick\tCHLGOV\n", encoding="utf-8")
    corpus = tmp_path / "one.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"m{i}", "date": "2024-06-01", "text": text}) + "\n" for i, text in
                              enumerate(["Ilse Marwick criticised Peru.", "Oskar Veltman criticised Peru."])))
    code_distributed([str(corpus)], tmp_path / "plain", client=client, progress=None)
    code_distributed([str(corpus)], tmp_path / "mine", client=client, progress=None, actors=(str(own),),
                     resolved_only=True)
    plain = set(dataset_rows(tmp_path / "plain", "SELECT article_id, source_code FROM MENTIONS"))
    mine = set(dataset_rows(tmp_path / "mine", "SELECT article_id, source_code FROM MENTIONS"))
    assert plain == {("m0", "---"), ("m1", "---")}
    assert mine == {("m0", "CHLGOV")}  # the user's entry on the workers; the unresolved event dropped
