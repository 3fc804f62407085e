"""Scaling on one machine: the single-process coder against Dask with 1 and 2 local workers, in one run.

Usage: python benchmarks/scale.py [--articles N]   (default 600)
Prints articles/s of each, the scaling efficiency of 2 workers against the single-process coder
(rate with 2 workers / (2 x single-process rate)), spaCy's own multiprocessing (nlp.pipe n_process=2) on the
same texts for comparison, and each worker's peak memory after coding the corpus once and then twice as much.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import synthetic_articles  # noqa: E402

from communique import Coder, read_inputs  # noqa: E402
from communique.models import Article  # noqa: E402
from communique.scale import code_distributed, local_cluster  # noqa: E402


def write_jsonl(path: Path, texts: list[str], offset: int = 0) -> Path:
    """Write texts as a JSONL corpus."""
    with path.open("w", encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": f"s{offset + i:06d}", "text": t}) + "\n")
    return path


def worker_peaks(client) -> list[float]:
    """Peak resident memory of each worker process, MiB."""
    peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return sorted(peaks.values())


def big_file_memory(client, tmp: Path, texts: list[str], mib: int) -> None:
    """Plan a large JSONL corpus and code its first shards: the reader streams, so memory stays flat."""
    from communique.ingest import ReadOptions
    from communique.scale import code_shard, plan_shards

    big = tmp / "big.jsonl"
    t0 = time.perf_counter()
    with big.open("w", encoding="utf-8") as f:
        i = 0
        while f.tell() < mib * 2**20:
            f.write(json.dumps({"id": f"b{i:08d}", "text": texts[i % len(texts)]}) + "\n")
            i += 1
    t_plan = time.perf_counter()
    shards = plan_shards([str(big)], shard_bytes=256 * 1024)
    t_plan = time.perf_counter() - t_plan
    before = worker_peaks(client)
    futures = client.map(code_shard, shards[:4], out_dir=str(tmp / "big-out"), opts=ReadOptions(), pure=False)
    docs = sum(f.result()["documents"] for f in futures)
    after = worker_peaks(client)
    size = big.stat().st_size / 2**20
    print(f"{size:,.0f} MiB JSONL ({i:,} articles, whole step {time.perf_counter() - t0:.0f} s): planned into "
          f"{len(shards):,} shards in {t_plan:.1f} s; coded the first 4 shards ({docs} articles); worker peak "
          "memory " + ", ".join(f"{m:.0f}" for m in before) + " MiB before, "
          + ", ".join(f"{m:.0f}" for m in after) + " MiB after")
    big.unlink()


def main() -> None:
    """Run the benchmark and print its figures."""
    from distributed import Client

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--big-mb", type=int, default=0,
                    help="also plan a JSONL file of this many MiB (e.g. 1024), code its first shards on 2 workers "
                         "and print each worker's peak memory (coding all of it would take hours on 2 cores)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    texts = synthetic_articles(args.articles)
    corpus = write_jsonl(tmp / "corpus.jsonl", texts)
    double = write_jsonl(tmp / "double.jsonl", synthetic_articles(2 * args.articles, seed=11), offset=10**5)
    warm = write_jsonl(tmp / "warm.jsonl", texts[:8])
    shard = max(corpus.stat().st_size // 6, 4096)
    print(f"corpus: {args.articles} articles ({corpus.stat().st_size / 2**20:.1f} MiB), python "
          f"{sys.version.split()[0]}, shards of ~{shard / 1024:.0f} KiB")

    coder = Coder()
    arts = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article)]
    coder.code(arts[0])
    t0 = time.perf_counter()
    n_single = sum(len(c.events) for c in coder.pipe(arts))
    t_single = time.perf_counter() - t0
    r_single = len(arts) / t_single
    print(f"single process:            {t_single:6.2f} s  {r_single:6.1f} articles/s  ({n_single} events)")

    rates = {}
    for n in (1, 2):
        cluster = local_cluster(n)
        client = Client(cluster)
        code_distributed([str(warm)], tmp / f"warm{n}", client=client, shard_bytes=512, progress=None)
        t0 = time.perf_counter()
        code_distributed([str(corpus)], tmp / f"out{n}", client=client, shard_bytes=shard, progress=None)
        t = time.perf_counter() - t0
        rates[n] = len(arts) / t
        print(f"dask, {n} worker{'s' if n > 1 else ' '}:           {t:6.2f} s  {rates[n]:6.1f} articles/s")
        if n == 2 and args.big_mb:
            big_file_memory(client, tmp, texts, args.big_mb)
        if n == 2:
            once = worker_peaks(client)
            code_distributed([str(double)], tmp / "out2x", client=client, shard_bytes=shard, progress=None)
            twice = worker_peaks(client)
            print("worker peak memory (MiB): after the corpus " + ", ".join(f"{m:.0f}" for m in once)
                  + "; after twice as much more " + ", ".join(f"{m:.0f}" for m in twice))
        client.close()
        cluster.close()
    print(f"scaling efficiency, 2 dask workers vs single process: {rates[2] / (2 * r_single):.2f} "
          f"(vs 1 dask worker: {rates[2] / (2 * rates[1]):.2f})")

    import spacy

    nlp = coder.nlp
    sents = [s for t in texts for s in t.split("\n")[1:]]
    for n_process in (1, 2):
        t0 = time.perf_counter()
        for _ in nlp.pipe(sents, batch_size=64, n_process=n_process):
            pass
        t = time.perf_counter() - t0
        if n_process == 1:
            base = t
        print(f"spaCy nlp.pipe n_process={n_process}: {t:6.2f} s  (parsing every sentence"
              + (f"; efficiency {base / (2 * t):.2f})" if n_process == 2 else ")"))
    del spacy


if __name__ == "__main__":
    main()
