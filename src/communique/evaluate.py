"""Score the coder against gold JSONL: precision, recall and F1 at four levels (root+dyad, full+dyad, root, dyad)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .coder import Coder
from .errors import GoldFileError
from .models import Article

LEVELS = ("root+dyad", "full+dyad", "root", "dyad")


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Scores of one evaluation run."""

    levels: dict[str, Counts] = field(default_factory=lambda: {lv: Counts() for lv in LEVELS})
    by_root: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    records: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    misses: list[dict] = field(default_factory=list)
    predictions: list[dict] = field(default_factory=list)

    def table(self) -> list[str]:
        """The scores as printable lines."""
        out = [f"records: {self.records}  gold events: {self.gold_events}  predicted events: {self.predicted_events}",
               f"{'level':<11} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for lv in LEVELS:
            c = self.levels[lv]
            out.append(f"{lv:<11} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:5d} {c.fp:5d} {c.fn:5d}")
        out.append("")
        out.append(f"{'root':<5} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}   (root+dyad)")
        for root in sorted(self.by_root):
            c = self.by_root[root]
            out.append(f"{root:<5} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:4d} {c.fp:4d} {c.fn:4d}")
        return out

    def to_dict(self) -> dict:
        """The scores as a JSON-ready dict."""
        def d(c: Counts) -> dict:
            return {"precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4),
                    "tp": c.tp, "fp": c.fp, "fn": c.fn}
        return {"records": self.records, "gold_events": self.gold_events,
                "predicted_events": self.predicted_events,
                "levels": {lv: d(c) for lv, c in self.levels.items()},
                "by_root": {r: d(c) for r, c in sorted(self.by_root.items())}}


def _side_ok(gold: str, pred: str | None) -> bool:
    """One actor side: '' is not scored; else the countries (first three letters: '---' for unknown, which only
    matches '---') must agree; a missing predicted side is ''."""
    if gold == "":
        return True
    return (pred or "").strip()[:3].upper() == gold.strip()[:3].upper()


def _match(gold: dict, pred: dict, level: str) -> bool:
    dyad = _side_ok(gold["source"], pred["source"]) and _side_ok(gold["target"], pred["target"])
    if level == "dyad":
        return dyad
    if level == "root":
        return gold["code"][:2] == pred["code"][:2]
    if level == "root+dyad":
        return dyad and gold["code"][:2] == pred["code"][:2]
    return dyad and gold["code"] == pred["code"]


def _greedy(golds: list[dict], preds: list[dict], level: str) -> tuple[int, list[int], list[int]]:
    """Match each gold event to the first unused prediction; gold events with both sides scored go first."""
    used: set[int] = set()
    matched_gold = []
    order = sorted(range(len(golds)), key=lambda i: level != "root" and "" in (golds[i]["source"], golds[i]["target"]))
    for gi in order:
        g = golds[gi]
        for pi, p in enumerate(preds):
            if pi not in used and _match(g, p, level):
                used.add(pi)
                matched_gold.append(gi)
                break
    return len(matched_gold), matched_gold, sorted(used)


def load_gold(path: str | Path) -> list[dict]:
    """Read a gold JSONL file; raise GoldFileError with the line number on a malformed record."""
    records = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldFileError(f"cannot read gold file {path}: {exc.strerror}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFileError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        if not isinstance(rec, dict) or "text" not in rec:
            raise GoldFileError(f"{path}:{n}: a gold record needs at least 'text' (and 'events')")
        rec.setdefault("id", f"line-{n}")
        rec.setdefault("events", [])
        for ev in rec["events"]:
            if "code" not in ev:
                raise GoldFileError(f"{path}:{n}: every gold event needs a 'code'")
            ev.setdefault("source", "")
            ev.setdefault("target", "")
        records.append(rec)
    return records


def evaluate_records(coder: Coder, records: list[dict]) -> Scores:
    """Code each gold record's text (after its `context`, if any: events triggered in the context are not scored)
    and score the predictions."""
    scores = Scores()
    skip = {str(r["id"]): len(_context(r)) + 1 if _context(r) else 0 for r in records}
    articles = [Article(id=str(r["id"]), text=f"{_context(r)} {r['text']}" if _context(r) else r["text"],
                        date=r.get("date")) for r in records]
    for rec, coded in zip(records, coder.pipe(articles), strict=True):
        golds = [] if rec.get("no_events") else [
            {"source": e["source"] or "", "target": e["target"] or "", "code": str(e["code"])} for e in rec["events"]]
        preds = [{"source": ev.source.code, "target": ev.target.code if ev.target else None, "code": ev.cameo.code,
                  "pattern": ev.provenance.pattern} for ev in coded.events
                 if ev.evidence.trigger.start >= skip[str(rec["id"])]]
        scores.records += 1
        scores.gold_events += len(golds)
        scores.predicted_events += len(preds)
        for lv in LEVELS:
            tp, _, _ = _greedy(golds, preds, lv)
            c = scores.levels[lv]
            c.tp += tp
            c.fp += len(preds) - tp
            c.fn += len(golds) - tp
        _, mg, mp = _greedy(golds, preds, "root+dyad")
        for gi, g in enumerate(golds):
            scores.by_root[g["code"][:2]].tp += gi in mg
            scores.by_root[g["code"][:2]].fn += gi not in mg
        for pi, p in enumerate(preds):
            if pi not in mp:
                scores.by_root[p["code"][:2]].fp += 1
        scores.predictions.append({"id": rec["id"], "text": rec["text"], "predicted": preds, "gold": golds})
        if len(mg) < len(golds) or len(mp) < len(preds):
            scores.misses.append({"id": rec["id"], "text": rec["text"],
                                  "missed": [g for gi, g in enumerate(golds) if gi not in mg],
                                  "extra": [p for pi, p in enumerate(preds) if pi not in mp]})
    return scores


def _context(record: dict) -> str:
    """The sentences a gold record gives before its text (to resolve references), stripped."""
    return str(record.get("context") or "").strip()


def evaluate_file(coder: Coder, path: str | Path) -> Scores:
    """Evaluate the coder on a gold JSONL file."""
    return evaluate_records(coder, load_gold(path))
