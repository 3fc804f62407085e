"""Scoring on actor-pair benchmarks in the Zero-Shot-PLOVER layout (PLV and AW TSV files): each sentence comes with a
gold source and target marked <s>...</s> and <t>...</t> and a PLOVER root label with its quad class (PLV), or a
binary label saying whether the pair takes part in a political event at all (AW). The coded event whose actors best
overlap the gold spans answers for the pair; a PLV pair that no coded event touches counts wrong, an AW pair that
none touches is predicted 0. Figures: macro-F1 over the roots, over the quad classes, and over the binary labels, as
in Hu et al. (ACL 2024)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .coder import Coder
from .errors import GoldFileError
from .models import Actor, Article, Event

# PLOVER roots of the benchmark and their quad ("penta") class; our CONCEDE and RETREAT are its older YIELD.
ROOT_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "COOPERATE": 2, "AID": 2, "YIELD": 2, "INVESTIGATE": 3,
             "ACCUSE": 3, "REQUEST": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4, "MOBILIZE": 4, "SANCTION": 4,
             "COERCE": 4, "ASSAULT": 4, "FIGHT": 4}
OUR_ROOT = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
NO_EVENT = "(no event)"
TAG = re.compile(r"</?[st]>")


@dataclass
class Pair:
    """One gold pair: the sentence, the character spans of its source and target, and its labels."""

    id: str
    text: str
    source: tuple[int, int] | None  # None: the benchmark marks no span for it (an implicit actor)
    target: tuple[int, int] | None
    root: str | None  # PLV: the PLOVER root
    quad: int | None  # PLV: its quad class (1-4)
    binary: int | None  # AW: 1 the pair takes part in a political event, 0 not


@dataclass
class PairScores:
    """Macro-F1 per level, and how many pairs no coded event answered."""

    pairs: int = 0
    no_event: int = 0
    macro_f1: dict[str, float] = field(default_factory=dict)
    accuracy: dict[str, float] = field(default_factory=dict)
    predictions: list[dict] = field(default_factory=list)

    def table(self) -> list[str]:
        """The figures as text lines."""
        share = self.no_event / self.pairs if self.pairs else 0.0
        out = [f"pairs: {self.pairs}  given no event: {self.no_event} ({share:.1%})",
               f"{'level':<8} {'macro-F1':>8} {'accuracy':>8}"]
        for level in self.macro_f1:
            out.append(f"{level:<8} {self.macro_f1[level]:8.3f} {self.accuracy[level]:8.3f}")
        return out

    def to_dict(self) -> dict:
        """The figures as a JSON-ready dict."""
        return {"pairs": self.pairs, "no_event": self.no_event,
                "macro_f1": {k: round(v, 4) for k, v in self.macro_f1.items()},
                "accuracy": {k: round(v, 4) for k, v in self.accuracy.items()}}


def is_pair_file(path: str | Path) -> bool:
    """True for a tab-separated pair benchmark (by its name: .tsv)."""
    return str(path).lower().endswith(".tsv")


def _spans(marked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The sentence without its <s>/<t> tags, and the character span of each tagged part."""
    out, spans, opened = [], {}, {}
    pos = 0
    length = 0
    for m in TAG.finditer(marked):
        out.append(marked[pos:m.start()])
        length += m.start() - pos
        tag = m.group()
        if tag.startswith("</"):
            spans[tag[2]] = (opened.get(tag[2], length), length)
        else:
            opened[tag[1]] = length
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def load_pairs(path: str | Path) -> list[Pair]:
    """Read a PLV or AW TSV file; GoldFileError naming the line for a record without both marked actors."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise GoldFileError(f"cannot read gold file {path}: {exc.strerror}") from exc
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    if not rows or "marked_sentence" not in rows[0]:
        raise GoldFileError(f"{path}: a pair file needs a header with marked_sentence and gold_root or gold_binary")
    pairs = []
    for n, row in enumerate(rows, 2):
        sentence, spans = _spans(row["marked_sentence"] or "")
        if "s" not in spans and "t" not in spans:
            raise GoldFileError(f"{path}, record {n - 1}: the marked sentence marks neither <s>...</s> nor <t>...</t>")
        root = (row.get("gold_root") or "").strip().upper() or None
        quad = int(row["gold_penta"]) if (row.get("gold_penta") or "").strip().isdigit() else None
        binary = int(row["gold_binary"]) if (row.get("gold_binary") or "").strip().isdigit() else None
        pid = row.get("sentence_id") or row.get("uid") or str(n - 1)
        pairs.append(Pair(str(pid), sentence, spans.get("s"), spans.get("t"), root, quad, binary))
    return pairs


def _overlap(span: tuple[int, int] | None, start: int, end: int) -> float:
    """Share of a gold span that the actor's text covers (0 for a span the benchmark does not mark)."""
    if span is None:
        return 0.0
    width = span[1] - span[0]
    return max(0, min(span[1], end) - max(span[0], start)) / width if width > 0 else 0.0


def _actor_overlap(span: tuple[int, int] | None, actor: Actor) -> float:
    """Overlap of a gold span with an actor's mention, or with the earlier mention it stands for ("they" said ...)."""
    here = _overlap(span, actor.start, actor.end)
    if actor.antecedent is None:
        return here
    return max(here, _overlap(span, actor.antecedent[0], actor.antecedent[1]))


def best_event(pair: Pair, events: list[Event]) -> Event | None:
    """The event whose source and target best overlap the pair's spans (None when none touches either)."""
    best, score = None, 0.0
    for ev in events:
        s = _actor_overlap(pair.source, ev.source)
        t = _actor_overlap(pair.target, ev.target) if ev.target and ev.target.text else 0.0
        if s + t > score:
            best, score = ev, s + t
    return best


def _macro_f1(gold: list, pred: list, labels: list) -> float:
    """Mean over the labels of per-label F1 (a prediction outside the labels only costs recall)."""
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fn[g] += 1
            fp[p] += 1
    scores = []
    for lab in labels:
        prec = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        rec = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        scores.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def evaluate_pairs(coder: Coder, pairs: list[Pair]) -> PairScores:
    """Code each pair's sentence and score the root, quad and binary labels of the event that answers for it."""
    out = PairScores(pairs=len(pairs))
    golds: dict[str, list] = {"root": [], "quad": [], "binary": []}
    preds: dict[str, list] = {"root": [], "quad": [], "binary": []}
    articles = [Article(id=f"pair-{i}", text=p.text) for i, p in enumerate(pairs)]
    for pair, coded in zip(pairs, coder.pipe(articles), strict=True):
        ev = best_event(pair, coded.events)
        root = OUR_ROOT.get(ev.plover.type, ev.plover.type) if ev is not None and ev.plover.type else None
        out.no_event += ev is None
        quad = ROOT_QUAD.get(root) if root else None
        values = {"root": root or NO_EVENT, "quad": quad if quad is not None else NO_EVENT,
                  "binary": int(ev is not None)}
        for level, gold in (("root", pair.root), ("quad", pair.quad), ("binary", pair.binary)):
            if gold is not None:
                golds[level].append(gold)
                preds[level].append(values[level])
        out.predictions.append({"id": pair.id, "text": pair.text, "gold_root": pair.root, "gold_binary": pair.binary,
                                "predicted_root": root, "event": None if ev is None else {
                                    "source": ev.source.code, "target": ev.target.code if ev.target else None,
                                    "code": ev.cameo.code}})
    for level in ("root", "quad", "binary"):
        if golds[level]:
            labels = sorted(set(golds[level]), key=str)
            out.macro_f1[level] = _macro_f1(golds[level], preds[level], labels)
            out.accuracy[level] = sum(g == p for g, p in zip(golds[level], preds[level], strict=True)) / len(
                golds[level])
    return out
