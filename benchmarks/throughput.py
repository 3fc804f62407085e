"""Throughput: end-to-end coding vs spaCy's full small pipeline over the same texts, in one run.

Usage: python benchmarks/throughput.py [PATH ...] [--articles N] [--model NAME] [--rounds N]
Without a path it codes a synthetic corpus (benchmarks/corpus.py). The two alternate for N rounds; prints
words/s of both in the median round, their ratio (and every round's), articles/s and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import spacy  # noqa: E402
from corpus import synthetic_articles  # noqa: E402

from communique import Coder, ReadOptions, read_inputs  # noqa: E402
from communique.knowledge import load_knowledge  # noqa: E402
from communique.models import Article  # noqa: E402
from communique.nlp import MODEL_CANDIDATES  # noqa: E402


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="corpus files or directories (default: synthetic corpus)")
    ap.add_argument("--articles", type=int, default=300, help="synthetic articles to generate (default 300)")
    ap.add_argument("--model", help="spaCy model name")
    ap.add_argument("--rounds", type=int, default=5, help="alternating timed rounds of each (default 5)")
    args = ap.parse_args()

    if args.paths:
        arts = [a for a in read_inputs(args.paths, ReadOptions()) if isinstance(a, Article)]
    else:
        arts = [Article(id=str(i), text=t) for i, t in enumerate(synthetic_articles(args.articles))]
    texts = [a.text for a in arts]
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(arts)} articles, {words:,} words, python {sys.version.split()[0]}")

    names = [args.model] if args.model else list(MODEL_CANDIDATES)
    full = None
    for name in names:
        try:
            full = spacy.load(name)
            break
        except OSError:
            continue
    if full is None:
        raise SystemExit("no spaCy English model installed")
    full("warm up")
    t0 = time.perf_counter()
    knowledge = load_knowledge()
    t_knowledge = time.perf_counter() - t0
    t0 = time.perf_counter()
    coder = Coder(model=args.model, knowledge=knowledge)
    t_coder = time.perf_counter() - t0
    coder.code(Article(id="warm", text="France criticised Germany on Monday."))

    # The machine's speed drifts from minute to minute: the two phases alternate, round by round, and the
    # figures are the median round's, so a slow spell meets both alike.
    rounds = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _ in full.pipe(texts, batch_size=64):
            pass
        t_full = time.perf_counter() - t0
        coder.timings = dict.fromkeys(coder.timings, 0.0)
        t0 = time.perf_counter()
        n_events = 0
        parsed = total = 0
        for coded in coder.pipe(arts):
            n_events += len(coded.events)
            parsed += sum(s.parsed for s in coded.sentences)
            total += len(coded.sentences)
        t_code = time.perf_counter() - t0
        rounds.append((t_full / t_code, t_full, t_code, dict(coder.timings)))
    ratios = sorted(r[0] for r in rounds)
    _ratio, t_full, t_code, timings = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
    mem_code = peak_mb()

    wps_full = words / t_full
    wps_code = words / t_code
    print(f"spaCy full pipeline ({', '.join(full.pipe_names)}): {t_full:7.2f} s  {wps_full:10,.0f} words/s")
    print(f"communique code (end to end):  {t_code:7.2f} s  {wps_code:10,.0f} words/s  "
          f"{len(arts) / t_code:8.1f} articles/s  {n_events} events, {parsed}/{total} sentences parsed")
    print(f"ratio communique/spaCy-full: {wps_code / wps_full:.2f} (median of {len(rounds)} rounds; "
          f"all: {', '.join(f'{r:.2f}' for r in ratios)})")
    shares = ", ".join(f"{stage} {seconds:.2f} s ({100 * seconds / t_code:.1f}%)"
                       for stage, seconds in timings.items())
    print(f"share of coding time: {shares} (geocoding and stated figures; aim under 10% together)")
    print(f"knowledge load: {t_knowledge:.2f} s ({len(knowledge.terms):,} names, {len(knowledge.roles):,} role words); "
          f"model and gazetteer build: {t_coder:.2f} s (once per process)")
    print(f"peak memory: {mem_code:.0f} MiB (both pipelines loaded)")


if __name__ == "__main__":
    main()
