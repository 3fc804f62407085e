"""The same pipeline on a Dask cluster: shard the input, code each shard in a worker, write a Parquet dataset."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .ingest import (
    DATASET_MARK,
    WARC_SUFFIXES,
    DocStatus,
    ReadOptions,
    expand,
    format_of,
    guarded,
    is_dataset,
    read_file_data,
    read_warc,
    walk_inputs,
)
from .models import Article

SHARD_BYTES = 4 * 2**20  # JSONL, CSV and WARC files are cut into shards of at most about this size, between records
MIN_SHARD_BYTES = 32 * 2**10  # ... and at least this size (per-task overhead)
ROWS_PER_GROUP = 500  # a worker writes a shard's Parquet parts this many articles at a time
TASKS_PER_THREAD = 8  # small inputs are cut finer, so no worker idles while the last big shard finishes
FILES_PER_SHARD = 50  # small files are coded this many to a task
NO_STDIN = "stdin cannot be sharded; write it to a file first, or code it without --engine dask"


@dataclass(frozen=True)
class Piece:
    """Part of one input file: a byte range of a JSONL or CSV file, or a whole file."""

    path: str
    fmt: str
    start: int = 0
    end: int = -1
    docs: int = 1  # documents expected (for progress)
    header: int = 0  # bytes of a CSV header read before the range


@dataclass(frozen=True)
class Shard:
    """One task's worth of input."""

    index: int
    pieces: tuple[Piece, ...]

    @property
    def docs(self) -> int:
        """Documents expected in the shard."""
        return sum(p.docs for p in self.pieces)


def plan_shards(inputs: list[str], shard_bytes: int = SHARD_BYTES, fmt: str | None = None,
                split_warc: bool = True) -> list[Shard]:
    """Cut the inputs into shards without reading them into memory (WARC files at their records when
    split_warc, else whole)."""
    if "-" in inputs:
        raise InputError(NO_STDIN)
    pieces: list[Piece] = []
    for path in expand(inputs):
        kind = "warc" if path.endswith(WARC_SUFFIXES) else format_of(path, fmt)
        size = os.path.getsize(path)
        if kind == "jsonl":
            pieces.extend(_jsonl_pieces(path, size, shard_bytes))
        elif kind == "csv":
            pieces.extend(_csv_pieces(path, shard_bytes))
        elif kind == "warc" and split_warc:
            pieces.extend(_warc_pieces(path, size, shard_bytes))
        else:
            pieces.append(Piece(path, kind))
    shards: list[Shard] = []
    small: list[Piece] = []
    for p in pieces:
        if p.fmt in ("jsonl", "csv", "warc"):
            shards.append(Shard(len(shards), (p,)))
            continue
        small.append(p)
        if len(small) >= FILES_PER_SHARD:
            shards.append(Shard(len(shards), tuple(small)))
            small = []
    if small:
        shards.append(Shard(len(shards), tuple(small)))
    return shards


def shard_size(inputs: list[str], threads: int, fmt: str | None = None) -> int:
    """Shard size that gives every worker thread several tasks: the last shards then end close together."""
    total = 0
    for path in expand(inputs):
        if path.endswith(WARC_SUFFIXES) or format_of(path, fmt) in ("jsonl", "csv"):
            total += os.path.getsize(path)
    if threads < 1 or total == 0:
        return SHARD_BYTES
    return max(MIN_SHARD_BYTES, min(SHARD_BYTES, total // (threads * TASKS_PER_THREAD)))


def _jsonl_pieces(path: str, size: int, shard_bytes: int) -> list[Piece]:
    if size == 0:
        return [Piece(path, "jsonl", 0, 0, 1)]  # read, so that its emptiness is reported
    out = []
    with open(path, "rb") as f:
        start = 0
        while start < size:
            f.seek(min(start + shard_bytes, size))
            if f.tell() < size:
                f.readline()  # finish the line the cut fell into
            end = f.tell()
            f.seek(start)
            lines = f.read(end - start).count(b"\n")
            out.append(Piece(path, "jsonl", start, end, lines))
            start = end
    return out


def _csv_pieces(path: str, shard_bytes: int) -> list[Piece]:
    """Cut a CSV file into ranges of whole rows: a line ends a row only outside quotes (RFC 4180, where a quote
    inside a field is doubled, so an odd count of quote characters opens or closes a quoted field)."""
    out = []
    header = start = pos = rows = 0
    quoted = False
    with open(path, "rb") as f:
        for line in f:
            pos += len(line)
            if line.count(b'"') % 2:
                quoted = not quoted
            if quoted:
                continue
            if not header:
                header = start = pos
                continue
            rows += bool(line.strip())
            if pos - start >= shard_bytes:
                out.append(Piece(path, "csv", start, pos, rows, header))
                start, rows = pos, 0
    if not out or pos > start:
        out.append(Piece(path, "csv", start if out else 0, pos, rows, header if out else 0))
    return out


def _warc_pieces(path: str, size: int, shard_bytes: int) -> list[Piece]:
    """Cut a WARC file at record boundaries (in a .warc.gz every record is its own gzip member, so a reader can
    start at any record's offset); a file that cannot be read is one piece, reported when it is read."""
    from warcio.archiveiterator import ArchiveIterator

    out: list[Piece] = []
    start = responses = 0
    try:
        with open(path, "rb") as f:
            records = ArchiveIterator(f)
            for record in records:
                offset = records.get_record_offset()
                if offset - start >= shard_bytes:
                    out.append(Piece(path, "warc", start, offset, responses))
                    start, responses = offset, 0
                responses += record.rec_type == "response"
    except Exception:  # noqa: BLE001  (a damaged archive: read_warc reports what it can and why it stopped)
        return [Piece(path, "warc", 0, -1, max(responses + sum(p.docs for p in out), 1))]
    out.append(Piece(path, "warc", start, size, responses))
    return out


def read_shard(shard: Shard, opts: ReadOptions) -> Iterator[Article | DocStatus]:
    """Yield the documents of a shard (streamed: one piece in memory at a time)."""
    for piece in shard.pieces:
        if piece.fmt == "warc":
            yield from guarded(read_warc(piece.path, opts, piece.start, piece.end), piece.path)
            continue
        try:
            with open(piece.path, "rb") as f:
                head = f.read(piece.header) if piece.header and piece.start > 0 else b""
                f.seek(piece.start)
                data = head + (f.read() if piece.end < 0 else f.read(piece.end - piece.start))
        except OSError as exc:
            yield DocStatus(None, piece.path, "skipped", f"unreadable: {exc.strerror}")
            continue
        origin = piece.path if piece.start == 0 else f"{piece.path}@{piece.start}"
        yield from read_file_data(data, origin, piece.fmt, opts)


# ---- the task that runs in a worker ---------------------------------------------------------------------------
_CODERS: dict[tuple, Any] = {}  # one coder per worker process, loaded by its first task


def _coder(model: str | None, patterns: tuple[str, ...]):
    key = (model, patterns)
    if key not in _CODERS:
        from .coder import Coder
        from .knowledge import load_knowledge

        _CODERS[key] = Coder(knowledge=load_knowledge([Path(p) for p in patterns]), model=model)
    return _CODERS[key]


def code_shard(shard: Shard, out_dir: str, opts: ReadOptions, model: str | None = None,
               patterns: tuple[str, ...] = (), rows_per_group: int = ROWS_PER_GROUP) -> dict[str, Any]:
    """Code one shard and write its articles and mentions as Parquet parts, a row group at a time; return its
    counts."""
    import pyarrow.parquet as pq

    from .run import RunSummary, code_items
    from .store import to_arrow

    coder = _coder(model, patterns)
    summary = RunSummary()
    paths = {}
    for name in ("articles", "mentions"):
        folder = Path(out_dir) / name
        folder.mkdir(parents=True, exist_ok=True)
        paths[name] = (folder / f".part-{shard.index:06d}.{uuid.uuid4().hex}.tmp",
                       folder / f"part-{shard.index:06d}.parquet")
    writers: dict[str, Any] = {}
    seen: set[str] = set()

    def flush(items: list) -> None:
        for name, table in zip(("articles", "mentions"), to_arrow(items, seen), strict=True):
            if name not in writers:
                writers[name] = pq.ParquetWriter(paths[name][0], table.schema)
            writers[name].write_table(table)

    try:
        items: list = []
        for result in code_items(coder, read_shard(shard, opts)):
            summary.add(result if isinstance(result, DocStatus) else result.status)
            items.append(result)
            if len(items) >= rows_per_group:  # memory stays bounded whatever the shard's size
                flush(items)
                items = []
        if items or not writers:
            flush(items)
        for writer in writers.values():
            writer.close()
        for tmp, final in paths.values():
            os.replace(tmp, final)  # a retried task overwrites the same part: every article exactly once
    finally:
        for writer in writers.values():
            if writer.is_open:
                writer.close()
        for tmp, _ in paths.values():
            tmp.unlink(missing_ok=True)
    return {"shard": shard.index, "pid": os.getpid(), **summary.to_dict()}


# ---- the driver -----------------------------------------------------------------------------------------------
# Dask workers sample every thread's stack every 10 ms for their profiler; on the coder's deep, CPU-bound spaCy
# calls that halved throughput here (benchmarks/scale.py). Workers started by communique turn it off; start your
# own workers with DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False for the same.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def local_cluster(workers: int):
    """A LocalCluster of worker processes (one thread each) set up for the coder."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(WORKER_CONFIG):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=None)


@dataclass
class Progress:
    """A progress bar on stderr: documents done of total, rate, time left."""

    total: int
    stream: Any = None
    done: int = 0
    started: float = field(default_factory=time.monotonic)
    width: int = 30

    def update(self, n: int) -> None:
        """Count n more documents done and redraw."""
        self.done += n
        if self.stream is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        frac = min(self.done / self.total, 1.0) if self.total else 1.0
        left = (self.total - self.done) / rate if rate > 0 and self.total > self.done else 0.0
        bar = "#" * int(frac * self.width)
        self.stream.write(f"\r[{bar:<{self.width}}] {self.done}/{self.total} documents  {rate:6.1f}/s  "
                          f"{left:5.0f} s left ")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.stream is not None:
            self.stream.write("\n")


def merge(summary, part: dict[str, Any]) -> None:
    """Add a shard's counts to a RunSummary."""
    summary.read += part["read"]
    summary.coded += part["coded"]
    summary.with_events += part["with_events"]
    summary.events += part["events"]
    summary.skipped.update(Counter(part["skipped"]))


def code_distributed(inputs: list[str], out: str | Path, opts: ReadOptions | None = None, *,
                     scheduler: str | None = None, workers: int | None = None, model: str | None = None,
                     patterns: tuple[str, ...] = (), shard_bytes: int | None = None,
                     progress: Any = sys.stderr, client: Any = None,
                     on_result: Callable[[dict], None] | None = None):
    """Code inputs on a Dask cluster into a Parquet dataset at out, replacing it whole when the run succeeds.
    Without shard_bytes, JSONL, CSV and WARC input is cut so that each worker thread gets several shards."""
    from distributed import Client, as_completed

    from .run import RunSummary

    opts = opts or ReadOptions()
    out = Path(out)
    files, problems = walk_inputs(inputs)  # a missing input fails here, before a cluster starts
    if "-" in files:
        raise InputError(NO_STDIN)
    check_target(out, inputs, files)
    clean_stale(out)
    partial = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    partial.mkdir(parents=True)
    (partial / OWNER).write_text(json.dumps({"host": socket.gethostname(), "pid": os.getpid()}))
    summary = RunSummary()
    for status in problems:
        summary.add(status)
    failed: list[dict[str, Any]] = []
    own = None
    try:
        if client is None:
            own = client = Client(scheduler) if scheduler else Client(local_cluster(workers or 1))
        threads = sum(client.nthreads().values())
        if shard_bytes is None:
            shard_bytes = shard_size(files, threads, opts.fmt)
        # Cutting a WARC file at its records means reading it through once here; with enough files for every
        # worker thread to have several, whole files are shards and the driver reads none of them.
        warcs = sum(p.endswith(WARC_SUFFIXES) for p in files)
        shards = plan_shards(files, shard_bytes, opts.fmt,
                             split_warc=warcs < max(threads, 1) * TASKS_PER_THREAD)
        bar = Progress(sum(s.docs for s in shards), progress)
        futures = client.map(code_shard, shards, out_dir=str(partial), opts=opts, model=model, patterns=patterns,
                             pure=False, retries=3)
        shard_of = {fut.key: shard for fut, shard in zip(futures, shards, strict=True)}
        for fut in as_completed(futures):
            try:
                part = fut.result()
            except Exception as exc:  # noqa: BLE001  (a shard that failed every retry is reported, not fatal)
                shard = shard_of[fut.key]
                reason = f"shard failed: {type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0][:200]}"
                failed.append({"shard": shard.index, "pieces": [p.__dict__ for p in shard.pieces],
                               "documents": shard.docs, "reason": reason})
                summary.skipped["shard failed"] += shard.docs
                bar.update(shard.docs)
                continue
            merge(summary, part)
            bar.update(part["documents"])
            if on_result is not None:
                on_result(part)
        bar.close()
        (partial / "articles").mkdir(parents=True, exist_ok=True)
        (partial / "mentions").mkdir(parents=True, exist_ok=True)
        (partial / OWNER).unlink(missing_ok=True)
        (partial / "run.json").write_text(json.dumps({"written_by": DATASET_MARK, "inputs": inputs,
                                                      "shards": len(shards), "failed_shards": failed,
                                                      "skipped_inputs": [p.__dict__ for p in problems],
                                                      "summary": summary.to_dict()}, indent=1))
        old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
        if out.exists():
            check_target(out, inputs, files)  # still a dataset of ours (nothing else appeared there meanwhile)
            os.replace(out, old)
        os.replace(partial, out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if partial.exists():
            shutil.rmtree(partial, ignore_errors=True)
        if own is not None:
            cluster = getattr(own, "cluster", None)
            own.close()
            if cluster is not None:
                cluster.close()
    summary.failed_shards = failed
    return summary


OWNER = ".owner"  # in a run's partial directory: the host and process writing it


def check_target(out: Path, inputs: list[str], files: list[str]) -> None:
    """Refuse an --out directory that this program must not replace: one that is not a dataset it wrote (and not
    empty), a file, or one that holds an input."""
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file, not a dataset directory; nothing was changed. Give a new "
                         "directory name.")
    target = out.resolve()
    for item in [*files, *(i for i in inputs if i != "-" and not any(ch in i for ch in "*?["))]:
        where = Path(item).resolve()
        if where == target or target in where.parents:
            raise InputError(f"--out {out} holds the input {item}; it would be replaced by the dataset. Nothing "
                             "was changed: give a new directory for --out.")
    if out.is_dir() and any(out.iterdir()) and not is_dataset(out):
        raise InputError(f"--out {out} exists and is not a dataset written by communique (it has no run.json); "
                         "nothing was changed. Give a new directory, or remove it yourself.")


def clean_stale(out: Path, max_age_s: float = 86_400.0) -> list[Path]:
    """Remove the partial and old directories that killed runs left beside out (their writer no longer alive on
    this host, or unowned and older than max_age_s); return what was removed."""
    removed = []
    host = socket.gethostname()
    for d in [*out.parent.glob(f".{out.name}.partial-*"), *out.parent.glob(f".{out.name}.old-*")]:
        if not d.is_dir():
            continue
        try:
            owner = json.loads((d / OWNER).read_text())
        except (OSError, ValueError):
            owner = None
        if isinstance(owner, dict) and owner.get("host") == host:
            stale = not _alive(int(owner.get("pid", 0)))
        elif isinstance(owner, dict):
            stale = False  # written from another host: it may still be running
        else:
            stale = time.time() - d.stat().st_mtime > max_age_s or ".old-" in d.name
        if stale:
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
    return removed


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def load_dataset(dataset: str | Path, store, progress: Any = None) -> int:
    """Load a Parquet dataset written by a scaled-out run into an EventStore; return mentions loaded.
    Articles already in the database are replaced, so loading twice adds nothing twice."""
    import pyarrow.parquet as pq

    from .store import ARTICLE_COLUMNS, MENTION_COLUMNS

    root = Path(dataset)
    parts = sorted((root / "articles").glob("part-*.parquet"))
    if not parts:
        raise InputError(f"{root}: no articles/part-*.parquet files; is it a dataset written by --engine dask?")
    n = 0
    for i, apart in enumerate(parts, 1):
        mpart = root / "mentions" / apart.name
        articles = pq.read_table(apart).select([c for c, _ in ARTICLE_COLUMNS])
        mentions = pq.read_table(mpart).select([c for c, _ in MENTION_COLUMNS])
        store.write_arrow(articles, mentions, replace=True)
        n += mentions.num_rows
        if progress is not None:
            progress.write(f"\rloaded {i}/{len(parts)} parts, {n} mentions ")
    if progress is not None:
        progress.write("\n")
    return n
