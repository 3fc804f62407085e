"""How often the coder finds the actors of gold events: the share of gold events (both sides scored) whose source
and target countries are both among the countries of the actors the coder codes in the record's text.

Usage: ``python scripts/dyad_found.py GOLD.jsonl [GOLD.jsonl ...]``. A record's ``context`` is coded before its
text (as ``communique evaluate`` does); only actors inside the text count. This measures actor knowledge apart from
event patterns: an event can only be right when both of its countries are found.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from communique import Article, Coder


def countries_found(coder: Coder, records: list[dict]) -> list[set[str]]:
    """Per record, the countries (first three letters of the codes) of every actor coded inside its text."""
    articles, skips = [], []
    for r in records:
        ctx = str(r.get("context") or "").strip()
        skips.append(len(ctx) + 1 if ctx else 0)
        articles.append(Article(id=str(r["id"]), text=f"{ctx} {r['text']}" if ctx else r["text"], date=r.get("date")))
    out = []
    for coded, skip in zip(coder.pipe(articles), skips, strict=True):
        actors = [a for t in coded.sentences for a in t.actors]
        actors += [a for e in coded.events for a in (e.source, e.target) if a is not None]
        out.append({a.code[:3] for a in actors if a.start >= skip and a.resolved})
    return out


def main() -> int:
    """Print, per gold file, how many gold events have both countries found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+", type=Path)
    args = parser.parse_args()
    coder = Coder()
    for path in args.gold:
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        found = countries_found(coder, records)
        both = one = total = 0
        for rec, have in zip(records, found, strict=True):
            for e in [] if rec.get("no_events") else rec.get("events") or []:
                src, tgt = (e.get("source") or "")[:3], (e.get("target") or "")[:3]
                if not src or not tgt:
                    continue
                total += 1
                hits = (src in have) + (tgt in have)
                both += hits == 2
                one += hits == 1
        share = both / total if total else 0.0
        print(f"{path.name}: {total} gold events with both sides; both countries found {both} ({share:.1%}), "
              f"one {one}, none {total - both - one}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
