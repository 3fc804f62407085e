"""Actor-pair scoring in the Zero-Shot-PLOVER layout, on pair files written for these tests."""

from __future__ import annotations

import json

import pytest

from communique import GoldFileError
from communique.models import Article
from communique.pairs import _macro_f1, _spans, evaluate_pairs, load_pairs

HEADER = "\tsentence_id\tsentence\tmarked_sentence\tsource\ttarget\tgold_penta\tgold_root\n"


def plv_row(i: int, marked: str, root: str, quad: int) -> str:
    plain = marked.replace("<s>", "").replace("</s>", "").replace("<t>", "").replace("</t>", "")
    return f"{i}\t{i}\t{plain}\t{marked}\t\t\t{quad}\t{root}\n"


def test_spans_are_found_in_the_unmarked_sentence():
    text, spans = _spans("<s>Chile</s> criticised <t>Peru</t> on Monday.")
    assert text == "Chile criticised Peru on Monday."
    assert text[slice(*spans["s"])] == "Chile" and text[slice(*spans["t"])] == "Peru"


def test_macro_f1_averages_over_the_gold_labels():
    assert _macro_f1(["A", "A", "B"], ["A", "A", "B"], ["A", "B"]) == 1.0
    assert _macro_f1(["A", "B"], ["A", "(no event)"], ["A", "B"]) == pytest.approx(0.5)


def test_plv_pairs_scored_by_the_event_on_the_marked_actors(coder, tmp_path):
    path = tmp_path / "plv.tsv"
    path.write_text(HEADER
                    + plv_row(0, "<s>Chile</s> criticised <t>Peru</t> over the border closure.", "ACCUSE", 3)
                    + plv_row(1, "<s>Norway</s> sent food aid to <t>Sudan</t> on Monday.", "AID", 2)
                    + plv_row(2, "The weather in <s>Lima</s> was mild for <t>the visitors</t>.", "CONSULT", 1),
                    encoding="utf-8")
    scores = evaluate_pairs(coder, load_pairs(path))
    assert scores.pairs == 3 and scores.no_event == 1
    assert [p["predicted_root"] for p in scores.predictions] == ["ACCUSE", "AID", None]
    assert scores.accuracy["root"] == pytest.approx(2 / 3)
    assert set(scores.macro_f1) == {"root", "quad"}


def test_a_pronoun_actor_answers_for_the_mention_it_stands_for(coder, tmp_path):
    path = tmp_path / "plv.tsv"
    path.write_text(HEADER + plv_row(0, "<s>The Chilean dock workers</s> said they will not end the strike.",
                                     "REJECT", 3), encoding="utf-8")
    scores = evaluate_pairs(coder, load_pairs(path))
    assert scores.no_event == 0 and scores.predictions[0]["predicted_root"] == "REJECT"
    [event] = coder.code(Article(id="a", text="The Chilean dock workers said they will not end the strike.")).events
    assert event.source.text == "they" and event.source.basis == "pronoun"
    assert event.source.antecedent == [0, len("The Chilean dock workers")]


def test_aw_binary_and_the_cli(run_cli, tmp_path):
    path = tmp_path / "aw.tsv"
    rows = [("<s>Chile</s> criticised <t>Peru</t> over the border closure.", 1),
            ("<s>A toymaker</s> put the <t>old pram</t> back on the market.", 0)]
    path.write_text("uid\tsentence\tmarked_sentence\tgold_binary\n" + "".join(
        f"{i}\t{m.replace('<s>', '').replace('</s>', '').replace('<t>', '').replace('</t>', '')}\t{m}\t{b}\n"
        for i, (m, b) in enumerate(rows)), encoding="utf-8")
    result = run_cli("evaluate", path, "--json")
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["pairs"] == 2 and got["macro_f1"]["binary"] == 1.0


def test_a_pair_file_without_marks_is_refused(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text(HEADER + "0\t0\tChile met Peru.\tChile met Peru.\t\t\t1\tCONSULT\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match="record 1"):
        load_pairs(path)
