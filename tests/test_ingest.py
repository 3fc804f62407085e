"""Reading inputs, and bad input reported with a reason without stopping the run."""

from __future__ import annotations

import json

from communique import ReadOptions, read_inputs
from communique.ingest import article_id, parse_header
from communique.models import Article, DocStatus

GOOD = "The Peruvian president will visit Ecuador next week to discuss border trade.\n"


def statuses(items):
    return [(i.origin, i.reason) for i in items if isinstance(i, DocStatus)]


def test_header_line_gives_date_and_source(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(" date 2023-05-06 Foreign Ministry | Press\n\n" + GOOD, encoding="utf-8")
    (art,) = read_inputs([str(f)])
    assert art.date == "2023-05-06" and art.source == "Foreign Ministry | Press"
    assert parse_header(GOOD)[1] is None


def test_date_option_when_no_header_and_stable_ids(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(GOOD, encoding="utf-8")
    (art,) = read_inputs([str(f)], ReadOptions(date="2024-01-02"))
    assert art.date == "2024-01-02"
    assert art.id == article_id(GOOD) == next(iter(read_inputs([str(f)]))).id


def test_directory_glob_and_stdin(tmp_path):
    (tmp_path / "d").mkdir()
    for n in range(3):
        (tmp_path / "d" / f"{n}.txt").write_text(GOOD.replace("next", f"{n} days from"), encoding="utf-8")
    assert len(list(read_inputs([str(tmp_path / "d")]))) == 3
    assert len(list(read_inputs([str(tmp_path / "d" / "*.txt")]))) == 3
    import io

    (art,) = read_inputs(["-"], stdin=io.BytesIO(GOOD.encode()))
    assert isinstance(art, Article) and art.origin == "<stdin>"


def test_jsonl_csv_and_html(tmp_path):
    j = tmp_path / "a.jsonl"
    j.write_text(json.dumps({"id": "x1", "text": GOOD, "date": "2024-02-03", "url": "http://e/1"}) + "\n"
                 + "{not json\n" + json.dumps({"id": "x2", "title": "no text"}) + "\n", encoding="utf-8")
    items = list(read_inputs([str(j)]))
    assert items[0].id == "x1" and items[0].date == "2024-02-03" and items[0].url == "http://e/1"
    assert "not JSON" in items[1].reason and items[1].origin.endswith(":2")
    assert "no text" in items[2].reason
    c = tmp_path / "a.csv"
    c.write_text('id,date,text\nc1,2024-03-04,"' + GOOD.strip() + '"\n', encoding="utf-8")
    (row,) = read_inputs([str(c)])
    assert row.id == "c1" and row.date == "2024-03-04"
    h = tmp_path / "a.html"
    body = " ".join([GOOD.strip()] * 4)
    h.write_text(f"<html><head><title>Border visit</title></head><body><nav>Home | About</nav>"
                 f"<article><h1>Border visit</h1><p>{body}</p><p>{body}</p></article></body></html>",
                 encoding="utf-8")
    (page,) = read_inputs([str(h)])
    assert isinstance(page, Article) and "Ecuador" in page.text and page.title == "Border visit"


def test_bad_inputs_each_get_a_reason(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "latin1.txt").write_bytes("Peru critic\xf3 a Chile".encode("latin-1") + b"\xff\xfe")
    (tmp_path / "huge.txt").write_text(GOOD * 300_000, encoding="utf-8")  # about 23 MB
    (tmp_path / "spanish.txt").write_text(
        "El gobierno de Perú anunció hoy nuevas medidas económicas para los agricultores de la sierra "
        "y prometió mejorar las carreteras rurales durante los próximos meses.", encoding="utf-8")
    (tmp_path / "nocol.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    reasons = {origin.rsplit("/", 1)[-1]: reason for origin, reason in statuses(items)}
    assert reasons["empty.txt"] == "empty"
    assert reasons["binary.txt"].startswith("binary")
    assert reasons["latin1.txt"].startswith("invalid UTF-8")
    assert reasons["huge.txt"].startswith("too large")
    assert reasons["spanish.txt"].startswith("not English")
    assert reasons["nocol.csv"].startswith("no text column")
    assert [i.origin.rsplit("/", 1)[-1] for i in items if isinstance(i, Article)] == ["good.txt"]


def test_a_bad_byte_loses_only_its_own_record(tmp_path):
    """Invalid UTF-8 in one JSONL line or CSV row skips that record, with a reason, and keeps the rest."""
    good = GOOD.encode("utf-8")
    lines = [json.dumps({"id": f"j{i}", "text": GOOD + f" Case {i}."}).encode("utf-8") for i in range(3)]
    lines[1] = lines[1].replace(b"Case", b"Ca\xe7e")  # Latin-1 byte in the middle of a record
    (tmp_path / "wire.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (tmp_path / "wire.csv").write_bytes(b'id,text\nc0,"' + good + b'"\nc1,"Caf\xe9 ' + good + b'"\nc2,"'
                                        + good + b' Again."\n')
    items = list(read_inputs([str(tmp_path)]))
    assert sorted(i.id for i in items if isinstance(i, Article)) == ["c0", "c2", "j0", "j2"]
    bad = {origin.rsplit("/", 1)[-1]: reason for origin, reason in statuses(items)}
    assert bad == {"wire.csv:3": "invalid UTF-8 in this row", "wire.jsonl:2": "invalid UTF-8 in this line"}


def test_a_line_separator_inside_a_json_string_does_not_split_the_record(tmp_path):
    (tmp_path / "wire.jsonl").write_text(json.dumps({"id": "x", "text": GOOD + "\u2028" + GOOD},
                                                    ensure_ascii=False) + "\n", encoding="utf-8")
    (art,) = read_inputs([str(tmp_path / "wire.jsonl")])
    assert isinstance(art, Article) and art.id == "x"
