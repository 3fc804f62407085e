"""Scoring rules of evaluate, on gold records written for these tests."""

from __future__ import annotations

import json

import pytest

from communique import GoldFileError
from communique.evaluate import _match, evaluate_records, load_gold


def test_side_rules():
    pred = {"source": "KAZGOV", "target": None, "code": "0311"}
    assert _match({"source": "KAZ", "target": "", "code": "030"}, pred, "root+dyad")  # "" is not scored
    assert not _match({"source": "KAZ", "target": "---", "code": "030"}, pred, "dyad")  # '---' needs '---'
    assert _match({"source": "KAZ", "target": "---", "code": "030"}, {**pred, "target": "---GOV"}, "dyad")
    assert not _match({"source": "KAZ", "target": "SRB", "code": "030"}, pred, "dyad")
    assert not _match({"source": "KAZ", "target": "", "code": "030"}, pred, "full+dyad")
    assert _match({"source": "", "target": "", "code": "03"}, pred, "root")


def test_counts_no_events_and_per_root(coder):
    records = [
        {"id": "a", "text": "Chile and Peru signed a trade agreement.",
         "events": [{"source": "CHL", "target": "PER", "code": "057"},
                    {"source": "PER", "target": "CHL", "code": "057"}]},
        {"id": "b", "text": "Bolivia criticised Chile over the border closure.", "events": [], "no_events": True},
        {"id": "c", "text": "The weather in Quito was mild.",
         "events": [{"source": "ECU", "target": "COL", "code": "190"}]},
    ]
    scores = evaluate_records(coder, records)
    rd = scores.levels["root+dyad"]
    assert (rd.tp, rd.fp, rd.fn) == (2, 1, 1)  # the no_events prediction is a false positive
    assert scores.by_root["05"].tp == 2 and scores.by_root["19"].fn == 1 and scores.by_root["11"].fp == 1
    assert rd.precision == pytest.approx(2 / 3) and rd.recall == pytest.approx(2 / 3)
    assert [m["id"] for m in scores.misses] == ["b", "c"]
    assert "root+dyad" in "\n".join(scores.table())


def test_greedy_one_to_one(coder):
    records = [{"id": "a", "text": "Chile criticised Peru.",
                "events": [{"source": "CHL", "target": "PER", "code": "111"},
                           {"source": "CHL", "target": "PER", "code": "111"}]}]
    rd = evaluate_records(coder, records).levels["root+dyad"]
    assert (rd.tp, rd.fp, rd.fn) == (1, 0, 1)


def test_malformed_gold(tmp_path):
    f = tmp_path / "g.jsonl"
    f.write_text(json.dumps({"id": "a", "events": []}) + "\n")
    with pytest.raises(GoldFileError, match="needs at least 'text'"):
        load_gold(f)
    f.write_text(json.dumps({"id": "a", "text": "x", "events": [{"source": "A"}]}) + "\n")
    with pytest.raises(GoldFileError, match="needs a 'code'"):
        load_gold(f)
