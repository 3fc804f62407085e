"""Scaling on one machine: the single-process coder against Dask with 1 and 2 local workers, in one run.

Usage: python benchmarks/scale.py [--articles N] [--rounds R] [--big-mb MIB [--big-shards K]]

Throughput: the same JSONL corpus is coded in R interleaved rounds (so a slow spell of a shared machine hits every
configuration alike) by
  - the coder alone in one process (articles already in memory, nothing written),
  - the whole pipeline in one process without Dask (read the same shards, code, write the Parquet parts),
  - Dask with 1 local worker and with 2 local workers (same shards, same task).
It prints every round and the median rates; scaling efficiency = 2-worker rate / (2 x single-process rate), against
both single-process figures. Then spaCy's own multiprocessing (nlp.pipe n_process=2) on the same sentences.
Memory: each worker's peak after the corpus and after twice as much more text with new names in every article.
--big-mb writes a JSONL file of that many MiB of such text, plans it, and codes it on 2 fresh workers (all of it,
or K shards spread over the whole file with --big-shards K), printing each worker's peak memory as it goes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import synthetic_articles, varied_articles  # noqa: E402

from communique import Coder, read_inputs  # noqa: E402
from communique.ingest import ReadOptions  # noqa: E402
from communique.models import Article  # noqa: E402
from communique.scale import code_distributed, code_shard, local_cluster  # noqa: E402
from communique.shards import plan_shards, shard_size  # noqa: E402


def write_jsonl(path: Path, texts, offset: int = 0, limit_bytes: int = 0) -> Path:
    """Write texts as a JSONL corpus (stopping after limit_bytes when it is set)."""
    with path.open("w", encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": f"s{offset + i:09d}", "text": t}) + "\n")
            if limit_bytes and f.tell() >= limit_bytes:
                break
    return path


def worker_peaks(client) -> list[float]:
    """Peak resident memory of each worker process, MiB."""
    peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return sorted(peaks.values())


def mib(values: list[float]) -> str:
    """Format a list of MiB figures."""
    return ", ".join(f"{m:.0f}" for m in values) + " MiB"


def throughput(args, tmp: Path) -> None:
    """Interleaved rounds of the four configurations; print rates and scaling efficiency."""
    from distributed import Client

    texts = synthetic_articles(args.articles)
    corpus = write_jsonl(tmp / "corpus.jsonl", texts)
    warm = write_jsonl(tmp / "warm.jsonl", texts[:8])
    size = shard_size([str(corpus)], threads=2)
    shards = plan_shards([str(corpus)], size)
    print(f"corpus: {args.articles} articles ({corpus.stat().st_size / 2**20:.2f} MiB), python "
          f"{sys.version.split()[0]}, {len(shards)} shards of ~{size / 1024:.0f} KiB (the size a 2-worker run picks)")
    n = args.articles

    coder = Coder()
    arts = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article)]
    coder.code(arts[0])
    code_shard(plan_shards([str(warm)])[0], str(tmp / "warm-single"), ReadOptions())  # loads the in-process coder
    clients = {}
    for workers in (1, 2):
        clients[workers] = Client(local_cluster(workers))
        code_distributed([str(warm)], tmp / f"warm{workers}", client=clients[workers], shard_bytes=512, progress=None)

    def coder_alone() -> None:
        sum(len(c.events) for c in coder.pipe(arts))

    def pipeline() -> None:
        for shard in shards:
            code_shard(shard, str(tmp / "single"), ReadOptions())

    def dask(workers: int):
        return lambda: code_distributed([str(corpus)], tmp / f"out{workers}", client=clients[workers],
                                        shard_bytes=size, progress=None)

    configs = {"coder alone, 1 process": coder_alone, "pipeline, 1 process": pipeline,
               "dask, 1 worker": dask(1), "dask, 2 workers": dask(2)}
    rates: dict[str, list[float]] = {name: [] for name in configs}
    for r in range(args.rounds):
        line = []
        for name, run in configs.items():
            t0 = time.perf_counter()
            run()
            rates[name].append(n / (time.perf_counter() - t0))
            line.append(f"{name} {rates[name][-1]:5.1f}")
        print(f"round {r + 1}: " + " | ".join(line) + "  articles/s", flush=True)
    med = {name: statistics.median(v) for name, v in rates.items()}
    for name, v in med.items():
        print(f"  {name:<24} median {v:6.1f} articles/s  (range {min(rates[name]):.1f}-{max(rates[name]):.1f})")
    two = med["dask, 2 workers"]
    print(f"scaling efficiency of 2 dask workers: {two / (2 * med['pipeline, 1 process']):.2f} vs the pipeline in "
          f"one process, {two / (2 * med['coder alone, 1 process']):.2f} vs the coder alone, "
          f"{two / (2 * med['dask, 1 worker']):.2f} vs 1 dask worker")

    client = clients[2]
    once = worker_peaks(client)
    double = write_jsonl(tmp / "double.jsonl", itertools.islice(varied_articles(11), 2 * n), offset=10**6)
    code_distributed([str(double)], tmp / "out2x", client=client, progress=None)
    print(f"worker peak memory: after the corpus {mib(once)}; after twice as much more (new names in every "
          f"article) {mib(worker_peaks(client))}")
    for c in clients.values():
        cluster = c.cluster
        c.close()
        cluster.close()

    nlp = coder.nlp
    sents = [s for t in texts for s in t.split("\n")[1:]]
    base = 0.0
    for n_process in (1, 2):
        t0 = time.perf_counter()
        for _ in nlp.pipe(sents, batch_size=64, n_process=n_process):
            pass
        t = time.perf_counter() - t0
        base = base or t
        print(f"spaCy nlp.pipe n_process={n_process}: {t:6.2f} s  (parsing every sentence"
              + (f"; efficiency {base / (2 * t):.2f})" if n_process == 2 else ")"))


def big_file(args, tmp: Path) -> None:
    """Write a large JSONL corpus of varied articles and code it on 2 fresh workers, printing worker peaks."""
    from distributed import Client, as_completed

    big = tmp / "big.jsonl"
    t0 = time.perf_counter()
    write_jsonl(big, varied_articles(23), limit_bytes=args.big_mb * 2**20)
    t_write = time.perf_counter() - t0
    t0 = time.perf_counter()
    shards = plan_shards([str(big)])  # the default shard size a user's run gets for a large file
    t_plan = time.perf_counter() - t0
    total = sum(s.docs for s in shards)
    print(f"big file: {big.stat().st_size / 2**20:,.0f} MiB JSONL, {total:,} articles (written in {t_write:.0f} s), "
          f"planned into {len(shards)} shards in {t_plan:.1f} s")
    if args.big_shards and args.big_shards < len(shards):
        step = len(shards) / args.big_shards
        shards = [shards[int(i * step)] for i in range(args.big_shards)]
        print(f"coding {len(shards)} shards spread over the whole file (shards {shards[0].index} .. "
              f"{shards[-1].index})")
    client = Client(local_cluster(2))
    warm = write_jsonl(tmp / "warm-big.jsonl", synthetic_articles(8))
    code_distributed([str(warm)], tmp / "warm-big", client=client, shard_bytes=512, progress=None)
    print(f"  after loading the model: worker peaks {mib(worker_peaks(client))}")
    futures = client.map(code_shard, shards, out_dir=str(tmp / "big-out"), opts=ReadOptions(), pure=False)
    docs = 0
    every = max(len(shards) // 20, 1)
    t0 = time.perf_counter()
    for done, fut in enumerate(as_completed(futures), 1):
        docs += fut.result()["documents"]
        if done % every == 0 or done == len(futures):
            elapsed = time.perf_counter() - t0
            print(f"  {done:4d}/{len(futures)} shards, {docs:,} articles, {elapsed:6.0f} s, "
                  f"{docs / elapsed:5.1f} articles/s: worker peaks {mib(worker_peaks(client))}", flush=True)
    cluster = client.cluster
    client.close()
    cluster.close()
    big.unlink()


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds of every configuration")
    ap.add_argument("--big-mb", type=int, default=0,
                    help="also write a JSONL file of this many MiB (e.g. 1024) and code it on 2 workers, printing "
                         "each worker's peak memory as it goes")
    ap.add_argument("--big-shards", type=int, default=0,
                    help="code only this many shards of the big file, spread over all of it (0: all of it)")
    ap.add_argument("--skip-throughput", action="store_true", help="only the big-file part")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_throughput:
            throughput(args, Path(tmp))
        if args.big_mb:
            big_file(args, Path(tmp))


if __name__ == "__main__":
    main()
