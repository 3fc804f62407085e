"""The faults a hostile tester found, one test each, with inputs of our own: nothing deleted, nothing lost,
no record stops a run, bad parameters get a clear message."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from communique.ingest import article_id, read_inputs
from communique.models import Article, DocStatus


def corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text("Chile and Peru signed a fisheries agreement in Lima.")
    (folder / "b.jsonl").write_text(json.dumps({"id": "b1", "text": "Bolivia accused Chile of spying."}) + "\n")
    return folder


# ---- 1. nothing deleted ------------------------------------------------------------------------------------
def test_dask_out_naming_the_input_directory_is_refused_and_kept(tmp_path, run_cli):
    inputs = corpus(tmp_path / "corpus")
    before = sorted(p.name for p in inputs.iterdir())
    p = run_cli("code", inputs, "--engine", "dask", "--out", inputs, "-q")
    assert p.returncode == 2
    assert "holds the input" in p.stderr
    assert sorted(p.name for p in inputs.iterdir()) == before


def test_dask_out_refuses_a_directory_it_did_not_write(tmp_path, run_cli):
    inputs = corpus(tmp_path / "corpus")
    theirs = tmp_path / "my-notes"
    theirs.mkdir()
    (theirs / "thesis.tex").write_text("chapter one")
    p = run_cli("code", inputs, "--engine", "dask", "--out", theirs, "-q")
    assert p.returncode == 2
    assert "not a dataset written by communique" in p.stderr
    assert (theirs / "thesis.tex").read_text() == "chapter one"
    parent = tmp_path / "outer"
    (parent / "inner").mkdir(parents=True)
    corpus(parent / "inner")
    assert run_cli("code", parent / "inner", "--engine", "dask", "--out", parent, "-q").returncode == 2
    assert (parent / "inner" / "a.txt").exists()
    afile = tmp_path / "file.txt"
    afile.write_text("keep me")
    assert run_cli("code", inputs, "--engine", "dask", "--out", afile, "-q").returncode == 2
    assert afile.read_text() == "keep me"


@pytest.mark.parametrize("option", ["-o", "--status", "--db"])
def test_an_output_naming_an_input_file_is_refused(tmp_path, run_cli, option):
    inputs = corpus(tmp_path / "corpus")
    target = inputs / "b.jsonl"
    before = target.read_bytes()
    p = run_cli("code", inputs, option, target, "-q")
    assert p.returncode == 2
    assert "is one of the inputs" in p.stderr
    assert target.read_bytes() == before


def test_stale_partial_directories_of_killed_runs_are_removed(tmp_path):
    from communique.datasets import OWNER, clean_stale

    out = tmp_path / "ds"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket

    stale = tmp_path / ".ds.partial-dead0001"
    (stale / "articles").mkdir(parents=True)
    (stale / OWNER).write_text(json.dumps({"host": socket.gethostname(), "pid": dead.pid}))
    live = tmp_path / ".ds.partial-live0001"
    live.mkdir()
    (live / OWNER).write_text(json.dumps({"host": socket.gethostname(), "pid": os.getpid()}))
    elsewhere = tmp_path / ".ds.partial-other001"
    elsewhere.mkdir()
    (elsewhere / OWNER).write_text(json.dumps({"host": "another-host.invalid", "pid": 1}))
    old = tmp_path / ".ds.old-00000001"
    old.mkdir()
    removed = clean_stale(out)
    assert sorted(p.name for p in removed) == [".ds.old-00000001", ".ds.partial-dead0001"]
    assert live.exists() and elsewhere.exists() and not stale.exists() and not old.exists()


# ---- 2. one bad record never stops a run (the hostile suite runs them all) ------------------------------------
def test_a_bad_record_costs_only_itself(tmp_path, coder):
    from communique.run import code_inputs

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([
        json.dumps({"id": "ok-1", "text": "Chile and Peru signed a fisheries agreement."}),
        "{" * 50_000,
        json.dumps({"id": "bad-title", "text": "Peru praised Chile.", "title": {"nested": True}}),
        json.dumps({"id": "ok-2", "text": "Bolivia accused Chile of spying."}),
    ]) + "\n")
    results = list(code_inputs(coder, [str(feed)]))
    status = {(r.article_id if isinstance(r, DocStatus) else r.article.id): (r if isinstance(r, DocStatus)
                                                                           else r.status) for r in results}
    assert status["ok-1"].status == status["ok-2"].status == "coded"
    assert status["bad-title"].reason.startswith("bad field: 'title'")
    assert sum(1 for r in results if isinstance(r, DocStatus)) == 2


# ---- 4. bounded work per sentence ---------------------------------------------------------------------------
@pytest.mark.slow
def test_a_sentence_of_100k_words_codes_in_linear_time(coder):
    phrase = ("the farmers of the northern valley talked about grain prices and the weather with traders from "
              "the coast who said little about Chile or Peru")
    words = phrase.split(" ")

    def run(n: int) -> tuple[float, object]:
        text = " ".join(words[i % len(words)] for i in range(n))
        started = time.perf_counter()
        coded = coder.code(Article(id=f"long-{n}", text=text, date="2024-01-01"))
        return time.perf_counter() - started, coded

    small, _ = run(5_000)
    big, coded = run(100_000)
    assert coded.status.status == "coded"
    assert big < 120 and big < 40 * max(small, 0.05)  # twenty times the words: linear is 20x, quadratic 400x
    notes = {t.note.split(":")[1].strip() for t in coded.sentences if t.note}
    assert notes == {"a sentence of 100,000 tokens is cut into parts of at most 150 tokens"}


def test_explain_shows_why_a_long_sentence_was_cut(coder):
    from communique.explain import explain_lines

    text = "Chile accused Peru of " + "slow dry roads and " * 200 + "spying."
    lines = explain_lines(coder.code(Article(id="x", text=text)))
    assert any("note: part 1 of" in line for line in lines)


# ---- 8. damaged WARC files ----------------------------------------------------------------------------------
def _warc(gzip: bool) -> tuple[bytes, list[int]]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    ends = []
    for i in range(4):
        html = (f"<html><body><article><p>Paraguay and Uruguay signed accord number {i} on river traffic.</p>"
                f"<p>{'The text of the accord was not published by either side. ' * 10}</p></article></body>"
                "</html>")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://river.example/{i}", "response",
                                                      payload=io.BytesIO(html.encode()), http_headers=headers))
        ends.append(buf.tell())
    return buf.getvalue(), ends


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("fraction", [0.3, 0.7, 0.99])
def test_every_damaged_warc_record_is_reported(tmp_path, gzip, fraction):
    data, ends = _warc(gzip)
    cut = int(len(data) * fraction)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[:cut])
    items = list(read_inputs([str(path)]))
    whole = sum(1 for e in ends if e <= cut)
    articles = [i for i in items if isinstance(i, Article)]
    damaged = [i for i in items if isinstance(i, DocStatus) and i.reason.startswith("damaged WARC")]
    assert len(articles) == whole
    assert all(a.text.rstrip().endswith("either side.") for a in articles)
    assert len(damaged) == 1 and len(articles) + len(damaged) == whole + 1


def test_a_whole_warc_file_reports_no_damage(tmp_path):
    data, ends = _warc(True)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(data)
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Article"] * 4


# ---- 9. bad parameters and a full disk ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_db(tmp_path_factory, coder):
    from communique.run import code_to_store
    from communique.store import EventStore

    folder = corpus(tmp_path_factory.mktemp("faults-db") / "c")
    db = folder.parent / "events.duckdb"
    with EventStore(db) as store:
        code_to_store(coder, [str(folder)], store)
    return db


@pytest.mark.parametrize("args, word", [
    (["--since", "foo"], "since"), (["--until", "2024-02-30"], "until"), (["--since", "20240101"], "since"),
    (["--since", "2024-W01-1"], "since"), (["--limit", "99999999999999999999"], "limit"),
    (["--offset", "-5"], "offset"), (["--dyad", "KAZ"], "dyad"),
    (["--root", "33"], "root"), (["--since", "2024-05-01", "--until", "2024-01-01"], "after"),
])
def test_bad_query_parameters_get_one_clear_message(small_db, run_cli, args, word):
    p = run_cli("events", small_db, *args)
    assert p.returncode == 2
    err = p.stderr
    assert err.startswith("communique: error: ") and word in err and len(err.strip().splitlines()) == 1


def test_dyads_and_actors_check_top(small_db, run_cli):
    p = run_cli("dyads", small_db, "--top", "-1")
    assert p.returncode == 2
    assert "top must be between 0" in p.stderr


def test_a_full_disk_ends_in_one_message_and_whole_lines(tmp_path):
    """The output file meets a real size limit (RLIMIT_FSIZE): the run stops with one line, the file ends on
    a whole line."""
    folder = tmp_path / "many"
    folder.mkdir()
    with (folder / "news.jsonl").open("w") as f:
        for i in range(150):
            f.write(json.dumps({"id": f"n{i}", "text": f"Chile and Peru signed fisheries agreement number {i}. "
                                                       f"Bolivia accused Chile of spying on day {i}."}) + "\n")
    out = tmp_path / "events.jsonl"
    limit = 150_000
    code = (f"import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
            "from communique.cli import main; sys.exit(main(sys.argv[1:]))")
    p = subprocess.run([sys.executable, "-c", code, "code", str(folder), "-o", str(out), "-q"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    assert p.stderr.startswith(f"communique: error: cannot write {out}") and len(p.stderr.splitlines()) == 1
    data = out.read_bytes()
    assert 0 < len(data) <= limit and data.endswith(b"\n")
    lines = data.decode().splitlines()
    assert all(json.loads(line)["event_id"] for line in lines)
    assert f"the first {len(lines):,} lines" in p.stderr


def test_writing_to_a_full_device_is_one_message(run_cli, repo_root):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    p = run_cli("code", repo_root / "samples", "-o", "/dev/full", "-q")
    assert p.returncode == 2 and "No space left on device" in p.stderr and "Traceback" not in p.stderr


# ---- 10. smaller ones ---------------------------------------------------------------------------------------
def test_utf16_with_a_bom_is_read(tmp_path):
    text = "Argentina and Chile signed a mining agreement."
    for codec in ("utf-16", "utf-16-be", "utf-32"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(("\ufeff" + text).encode(codec))
        (item,) = read_inputs([str(path)])
        assert isinstance(item, Article) and item.text.strip("\ufeff") == text


def test_empty_files_and_json_files(tmp_path):
    (tmp_path / "empty.jsonl").write_text("\n\n")
    (tmp_path / "one.json").write_text(json.dumps({"id": "j1", "text": "Peru praised Ecuador."}))
    (tmp_path / "many.json").write_text(json.dumps([{"id": "j2", "text": "Peru praised Chile."}, 7]))
    (tmp_path / "lines.json").write_text(json.dumps({"id": "j3", "text": "Chile praised Peru."}) + "\n"
                                         + json.dumps({"id": "j4", "text": "Peru thanked Chile."}) + "\n")
    got = {(i.origin.rsplit("/", 1)[1], getattr(i, "id", None) or getattr(i, "reason", None))
           for i in read_inputs([str(tmp_path)])}
    assert got == {("empty.jsonl", "empty: no records in the file"), ("one.json", "j1"), ("many.json#0", "j2"),
                   ("many.json#1", "not a JSON object"), ("lines.json:1", "j3"), ("lines.json:2", "j4")}


def test_json_error_messages_read_well(tmp_path):
    (tmp_path / "x.jsonl").write_text('{"text": "unterminated\n')
    (item,) = read_inputs([str(tmp_path / "x.jsonl")])
    assert item.reason == "not JSON: Unterminated string (line 1, column 10)"
    assert "at at" not in item.reason


def test_an_unreadable_directory_is_reported(tmp_path):
    folder = corpus(tmp_path / "corpus")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text("Peru praised Chile.")
    locked.chmod(0)
    prefix: list[str] = []
    if os.geteuid() == 0:  # root reads everything: drop the capabilities that let it
        if not shutil.which("setpriv"):
            locked.chmod(0o755)
            pytest.skip("running as root without setpriv")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    status = tmp_path / "status.jsonl"
    try:
        p = subprocess.run([*prefix, sys.executable, "-m", "communique.cli", "code", str(folder), "--status",
                            str(status), "-o", str(tmp_path / "events.jsonl")], capture_output=True, text=True,
                           timeout=300)
    finally:
        locked.chmod(0o755)
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in status.read_text().splitlines()]
    assert {(r["origin"], r["reason"]) for r in rows if r["status"] == "skipped"} == {
        (str(locked), "unreadable directory: Permission denied")}
    assert {r["article_id"] for r in rows if r["status"] == "coded"} == {
        "b1", article_id((folder / "a.txt").read_text())}
    assert f"skipped {locked}: unreadable directory" in p.stderr
