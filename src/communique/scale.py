"""The same pipeline on a Dask cluster: each shard coded in a worker into Parquet parts, and the driver."""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datasets import check_target, clean_stale, finish_dataset, new_partial
from .errors import InputError, brief
from .ingest import WARC_SUFFIXES, ReadOptions, walk_inputs
from .run import Progress, RunSummary, status_of
from .shards import NO_STDIN, TASKS_PER_THREAD, Shard, plan_shards, read_shard, shard_size

ROWS_PER_GROUP = 500  # a worker writes a shard's Parquet parts this many articles at a time
# Dask workers sample every thread's stack every 10 ms for their profiler; on the coder's deep, CPU-bound spaCy
# calls that halved throughput here (benchmarks/scale.py). Workers started by communique turn it off; start your
# own workers with DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False for the same.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


# ---- the task that runs in a worker ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CoderSpec:
    """What a worker's coder is built from (one object: Dask would read a bare tuple of paths as a task)."""

    model: str | None = None
    patterns: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    resolved_only: bool = False


def worker_coder(spec: CoderSpec):
    """The coder of this Dask worker: loaded by its first task and kept on the worker for the next ones (outside
    a worker, a new one)."""
    from distributed import get_worker

    from .coder import Coder
    from .knowledge import load_knowledge

    try:
        worker = get_worker()
    except ValueError:  # not inside a Dask worker
        worker = None
    cache = getattr(worker, "communique_coders", None) or {}
    if worker is not None:
        worker.communique_coders = cache
    if spec not in cache:
        knowledge = load_knowledge([Path(p) for p in spec.patterns], actor_files=[Path(p) for p in spec.actors])
        cache[spec] = Coder(knowledge=knowledge, model=spec.model, resolved_only=spec.resolved_only)
    return cache[spec]


class ShardParts:
    """A shard's articles and mentions Parquet parts, written a row group at a time under temporary names and
    renamed when the shard is done (a retried task overwrites the same parts: every article exactly once)."""

    def __init__(self, out_dir: Path, index: int) -> None:
        self.paths = {}
        for name in ("articles", "mentions"):
            folder = out_dir / name
            folder.mkdir(parents=True, exist_ok=True)
            self.paths[name] = (folder / f".part-{index:06d}.{uuid.uuid4().hex}.tmp",
                                folder / f"part-{index:06d}.parquet")
        self.writers: dict[str, Any] = {}
        self.seen: set[str] = set()

    def write(self, items: list) -> None:
        """Write coded articles and skipped documents as one row group of each part."""
        import pyarrow.parquet as pq

        from .store import to_arrow

        for name, table in zip(("articles", "mentions"), to_arrow(items, self.seen), strict=True):
            if name not in self.writers:
                self.writers[name] = pq.ParquetWriter(self.paths[name][0], table.schema)
            self.writers[name].write_table(table)

    def __enter__(self) -> ShardParts:
        return self

    def __exit__(self, kind, *exc: object) -> None:
        try:
            if kind is None:
                if not self.writers:
                    self.write([])
                for writer in self.writers.values():
                    writer.close()
                for tmp, final in self.paths.values():
                    os.replace(tmp, final)
        finally:
            for writer in self.writers.values():
                if writer.is_open:
                    writer.close()
            for tmp, _ in self.paths.values():
                tmp.unlink(missing_ok=True)


def code_shard(shard: Shard, out_dir: str, opts: ReadOptions, spec: CoderSpec | None = None,
               rows_per_group: int = ROWS_PER_GROUP) -> dict[str, Any]:
    """Code one shard into its Parquet parts, holding at most rows_per_group articles; return its counts."""
    coder = worker_coder(spec or CoderSpec())
    summary = RunSummary()
    with ShardParts(Path(out_dir), shard.index) as parts:
        items: list = []
        for result in coder.pipe(read_shard(shard, opts)):
            summary.add(status_of(result))
            items.append(result)
            if len(items) >= rows_per_group:
                parts.write(items)
                items = []
        if items:
            parts.write(items)
    return {"shard": shard.index, "pid": os.getpid(), **summary.to_dict()}


# ---- the driver -----------------------------------------------------------------------------------------------
def local_cluster(workers: int):
    """A LocalCluster of worker processes (one thread each) set up for the coder."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(WORKER_CONFIG):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=None)


def code_distributed(inputs: list[str], out: str | Path, opts: ReadOptions | None = None, *,
                     scheduler: str | None = None, workers: int | None = None, model: str | None = None,
                     patterns: tuple[str, ...] = (), shard_bytes: int | None = None,
                     progress: Any = sys.stderr, client: Any = None,
                     on_result: Callable[[dict], None] | None = None, dedup: Any = None,
                     actors: tuple[str, ...] = (), resolved_only: bool = False) -> RunSummary:
    """Code inputs on a Dask cluster into a Parquet dataset at out, replacing it whole when the run succeeds (and
    only when it is a dataset of ours). Without shard_bytes, input is cut so each worker thread gets several
    shards; dedup (a DedupConfig) is recorded with the dataset for the readers that group its events. Pattern and
    actor files are read by the workers: on a cluster of other machines, give paths they can all read."""
    from distributed import Client

    opts = opts or ReadOptions()
    out = Path(out)
    files, problems = walk_inputs(inputs)  # a missing input fails here, before a cluster starts
    if "-" in files:
        raise InputError(NO_STDIN)
    check_target(out, inputs, files)
    clean_stale(out)
    partial = new_partial(out)
    summary = RunSummary()
    for status in problems:
        summary.add(status)
    own = None
    try:
        if client is None:
            own = client = Client(scheduler) if scheduler else Client(local_cluster(workers or 1))
        shards = _plan(files, opts, sum(client.nthreads().values()), shard_bytes)
        spec = CoderSpec(model, tuple(patterns), tuple(actors), resolved_only)
        _run(client, shards, partial, opts, spec, summary, Progress(sum(s.docs for s in shards), progress),
             on_result)
        record = {"inputs": inputs, "shards": len(shards), "failed_shards": summary.failed_shards,
                  "skipped_inputs": [p.__dict__ for p in problems], "summary": summary.to_dict(),
                  **({"dedup": {"window_days": dedup.window_days, "keys": list(dedup.keys)}} if dedup else {})}
        finish_dataset(partial, out, record, lambda: check_target(out, inputs, files))
    finally:
        if partial.exists():
            shutil.rmtree(partial, ignore_errors=True)
        if own is not None:
            cluster = getattr(own, "cluster", None)
            own.close()
            if cluster is not None:
                cluster.close()
    return summary


def _plan(files: list[str], opts: ReadOptions, threads: int, shard_bytes: int | None) -> list[Shard]:
    """Shards for the cluster's threads. Cutting a WARC file at its records means reading it through once here;
    with enough files for every worker thread to have several, whole files are shards and none is read."""
    if shard_bytes is None:
        shard_bytes = shard_size(files, threads, opts.fmt)
    warcs = sum(p.endswith(WARC_SUFFIXES) for p in files)
    return plan_shards(files, shard_bytes, opts.fmt, split_warc=warcs < max(threads, 1) * TASKS_PER_THREAD)


def _run(client: Any, shards: list[Shard], partial: Path, opts: ReadOptions, spec: CoderSpec,
         summary: RunSummary, bar: Progress, on_result: Callable[[dict], None] | None) -> None:
    """Run every shard, adding its counts to the summary; a shard that fails every retry is reported in it."""
    from distributed import as_completed

    futures = client.map(code_shard, shards, out_dir=str(partial), opts=opts, spec=spec, pure=False, retries=3)
    shard_of = {fut.key: shard for fut, shard in zip(futures, shards, strict=True)}
    for fut in as_completed(futures):
        try:
            part = fut.result()
        except Exception as exc:  # noqa: BLE001  (a shard that failed every retry is reported, not fatal)
            shard = shard_of[fut.key]
            summary.failed_shards.append({"shard": shard.index, "pieces": [p.__dict__ for p in shard.pieces],
                                          "documents": shard.docs, "reason": f"shard failed: {brief(exc)}"})
            summary.skipped["shard failed"] += shard.docs
            bar.update(shard.docs)
            continue
        summary.merge(part)
        bar.update(part["documents"])
        if on_result is not None:
            on_result(part)
    bar.close()
