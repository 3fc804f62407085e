"""Every bad input we know of, mixed with good documents, through `code`, `code --db` and `code --engine dask`:
each run finishes, every bad document has its reason and every good one is coded."""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from communique.ingest import article_id

GOOD_TEXT = "Chile and Peru signed a fisheries agreement in Lima on Monday."
MAX_CHARS = 1_500_000


def _warc(path: Path) -> None:
    """Two whole HTML responses, then a third cut off in the middle."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    ends = []
    for i, sentence in enumerate(["Bolivia accused Chile of spying on its border posts.",
                                  "Argentina and Uruguay signed a river transport agreement.",
                                  "Peru condemned the Ecuadorian raid on its embassy."]):
        html = (f"<html><head><title>Story {i}</title></head><body><article><p>{sentence}</p>"
                f"<p>{'Officials gave few details of what was agreed or said. ' * 8}</p></article></body></html>")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://wire.example/{i}", "response",
                                                      payload=io.BytesIO(html.encode()), http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": "2024-03-02T08:00:00Z"}))
        ends.append(buf.tell())
    data = buf.getvalue()
    path.write_bytes(data[:ends[1] + (ends[2] - ends[1]) // 2])


def hostile_corpus(root: Path) -> tuple[set[str], list[str]]:
    """Write the corpus; return the ids of the good documents and the reasons (prefixes) of the bad ones."""
    root.mkdir()
    good: set[str] = set()
    bad: list[str] = []

    def text_file(name: str, data: bytes, reason: str | None, text: str | None = None) -> None:
        (root / name).write_bytes(data)
        if reason:
            bad.append(reason)
        else:
            good.add(article_id(text))

    text_file("good.txt", GOOD_TEXT.encode(), None, GOOD_TEXT)
    utf16 = "Bolivia and Paraguay signed a trade agreement in Asuncion."
    text_file("utf16.txt", utf16.encode("utf-16"), None, utf16)
    text_file("empty.txt", b"", "empty")
    odd_name = "Ecuador and Peru signed a border agreement in Quito."
    text_file(os.fsdecode(b"name-\xff-not-utf8.txt"), odd_name.encode(), None, odd_name)
    text_file("binary.txt", bytes(range(256)) * 4, "binary")
    text_file("latin1.txt", "Chile critic\xf3 a Per\xfa por el cierre de la frontera.".encode("latin-1"),
              "invalid UTF-8")
    text_file("other-language.txt", ("Der Minister sprach lange mit den Bauern über die Preise und das Wetter "
                                     "im Norden des Landes, aber nicht über den Handel. " * 3).encode(), "not English")
    (root / "huge.txt").write_text((GOOD_TEXT + " ") * (MAX_CHARS // len(GOOD_TEXT) + 10))
    bad.append("too large")
    # One sentence of 1.1 million characters, under the size limit: spaCy would refuse to parse it whole.
    long_sentence = "Chile accused Peru of " + "quiet green fields and long dry roads " * 29_000 + "spying."
    text_file("one-long-sentence.txt", long_sentence.encode(), None, long_sentence)
    text_file("empty.jsonl", b"", "empty")

    lines = [
        json.dumps({"id": "j-good-1", "text": "Uruguay and Paraguay signed a customs agreement.",
                    "date": "2024-02-01"}),
        "[" * 100_000 + "]" * 100_000,
        '{"id": "j-broken", "text": "Peru and Chile',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "j-no-text", "title": "A headline alone"}),
        json.dumps({"id": "j-title-list", "text": GOOD_TEXT + " Again.", "title": ["a", "list"]}),
        json.dumps({"id": "j-source-object", "text": GOOD_TEXT + " Once more.", "source": {"name": "x"}}),
        '{"id": "j-surrogate", "text": "Chile praised Peru \\ud83d for its help."}',
        json.dumps({"id": "j-empty-text", "text": "   "}),
        json.dumps({"id": 17, "text": "Ecuador and Colombia signed a border agreement.", "date": "2024-02-03",
                    "source": 42}),
        json.dumps({"id": "j-good-2", "text": "Argentina condemned the Chilean air strike near the border."}),
    ]
    raw = "\n".join(lines).encode() + b"\n" + b'{"id": "j-bad-byte", "text": "Peru \xff praised Chile."}\n'
    (root / "feed.jsonl").write_bytes(raw)
    good |= {"j-good-1", "17", "j-good-2"}
    bad += ["not usable JSON", "not JSON", "not a JSON object", "no text", "bad field", "bad field", "bad field",
            "empty", "invalid UTF-8"]

    (root / "array.json").write_text(json.dumps([
        {"id": "a-good", "text": "Colombia and Venezuela signed an agreement on electricity."},
        {"id": "a-no-text"},
    ]))
    good.add("a-good")
    bad.append("no text")

    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["id", "date", "text"])
    w.writerow(["c-good-1", "2024-01-09", "Brazil and Argentina signed a nuclear safety agreement."])
    w.writerow(["c-huge-field", "2024-01-09", "Brazil praised Argentina. " * 200_000])  # 5.2 M characters
    w.writerow(["c-good-2", "2024-01-10", "Paraguay accused Bolivia of smuggling weapons."])
    (root / "table.csv").write_text(out.getvalue())
    good |= {"c-good-1", "c-good-2"}
    bad.append("too large")
    (root / "no-text-column.csv").write_text("id,body\n1,Chile and Peru signed an agreement.\n")
    bad.append("no text column")

    (root / "page.html").write_text("<html><head><title>x</title></head><body><script>var a;</script></body></html>")
    bad.append("no main text")
    _warc(root / "crawl.warc.gz")
    bad.append("damaged WARC")
    return good, bad


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    good, bad = hostile_corpus(root)
    return root, good, bad


def check(rows: list[tuple[str | None, str | None, str, str | None]], good: set[str], bad: list[str],
          warc_good: int = 2) -> None:
    """rows: (article_id, origin, status, reason) for every document of a run."""
    coded = [r for r in rows if r[2] == "coded"]
    skipped = [r for r in rows if r[2] == "skipped"]
    coded_ids = {r[0] for r in coded}
    assert good <= coded_ids, f"good documents not coded: {good - coded_ids}; skipped: {skipped}"
    assert sum("crawl.warc.gz" in (r[1] or "") for r in coded) == warc_good
    assert len(coded) == len(good) + warc_good, coded
    reasons = Counter()
    for expected in sorted(bad, key=len, reverse=True):  # "no text column" before "no text"
        hit = next((r for r in skipped if (r[3] or "").startswith(expected) and r not in reasons), None)
        assert hit is not None, f"no skipped document with reason {expected!r}: {skipped}"
        reasons[hit] += 1
    assert len(skipped) == len(bad), [r for r in skipped if r not in reasons]
    assert all(r[3] for r in skipped)
    assert any("name-\ufffd-not-utf8.txt" in (r[1] or "") for r in coded)


def test_code_to_jsonl_keeps_going(corpus, run_cli, tmp_path):
    root, good, bad = corpus
    status = tmp_path / "status.jsonl"
    out = tmp_path / "events.jsonl"
    p = run_cli("code", root, "-o", out, "--status", status, "--max-chars", MAX_CHARS, "-q")
    assert p.returncode == 0, p.stderr
    rows = [(s["article_id"], s["origin"], s["status"], s["reason"])
            for s in map(json.loads, status.read_text().splitlines())]
    check(rows, good, bad)
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert {e["article_id"] for e in events} >= {"j-good-1", "c-good-1", "a-good", "17"}
    long_id = article_id((root / "one-long-sentence.txt").read_text())
    assert any(e["article_id"] == long_id and e["cameo"]["root"] == "11" for e in events)


def test_code_to_database_keeps_going(corpus, run_cli, tmp_path):
    root, good, bad = corpus
    db = tmp_path / "events.duckdb"
    p = run_cli("code", root, "--db", db, "--max-chars", MAX_CHARS, "-q")
    assert p.returncode == 0, p.stderr
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT article_id, origin, status, reason FROM articles").fetchall()
    titles = dict(con.execute("SELECT article_id, source FROM articles WHERE article_id = '17'").fetchall())
    con.close()
    check(rows, good, bad)
    assert titles == {"17": "42"}  # a number where text belongs is kept as text


@pytest.mark.slow
def test_code_on_dask_keeps_going(corpus, tmp_path):
    from communique.scale import code_distributed, local_cluster

    root, good, bad = corpus
    from distributed import Client

    from communique.ingest import ReadOptions

    cluster = local_cluster(1)
    client = Client(cluster)
    try:
        summary = code_distributed([str(root)], tmp_path / "ds", ReadOptions(max_chars=MAX_CHARS), client=client,
                                   progress=None)
    finally:
        client.close()
        cluster.close()
    assert summary.failed_shards == []
    con = duckdb.connect()
    rows = con.execute(f"SELECT article_id, origin, status, reason FROM "
                       f"read_parquet('{tmp_path / 'ds'}/articles/*.parquet')").fetchall()
    con.close()
    check(rows, good, bad)
    assert summary.read == len(good) + 2 and sum(summary.skipped.values()) == len(bad)
