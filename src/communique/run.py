"""A coding run over inputs: per-document status, an end summary, JSONL output."""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from .coder import Coder
from .defaults import COMMIT_EVERY
from .errors import OutputError
from .ingest import ReadOptions, read_inputs
from .models import Article, CodedArticle, DocStatus


@dataclass
class RunSummary:
    """Counts for the end of a run: read, coded, with events, skipped by reason."""

    read: int = 0
    coded: int = 0
    with_events: int = 0
    events: int = 0
    skipped: Counter = field(default_factory=Counter)
    already_stored: int = 0
    failed_shards: list[dict] = field(default_factory=list)  # scaled-out runs: shards that failed every retry

    def add(self, status: DocStatus) -> None:
        """Count one document's status."""
        if status.status == "skipped":
            self.skipped[_reason_kind(status.reason)] += 1
            return
        self.read += 1
        self.coded += 1
        self.events += status.events
        self.with_events += bool(status.events)

    @property
    def total(self) -> int:
        """Documents seen, skipped ones included."""
        return self.read + sum(self.skipped.values())

    def merge(self, part: dict) -> None:
        """Add the counts of a part of the run (a shard's to_dict()) to this summary."""
        self.read += part["read"]
        self.coded += part["coded"]
        self.with_events += part["with_events"]
        self.events += part["events"]
        self.skipped.update(Counter(part["skipped"]))

    def lines(self) -> list[str]:
        """The summary as human-readable lines."""
        out = [f"documents: {self.total}  read: {self.read}  coded: {self.coded}  "
               f"with events: {self.with_events}  events: {self.events}  skipped: {sum(self.skipped.values())}"]
        for reason, n in self.skipped.most_common():
            out.append(f"  skipped ({reason}): {n}")
        if self.already_stored:
            out.append(f"  already in the database (not coded again; --recode to redo): {self.already_stored}")
        for f in self.failed_shards:
            out.append(f"  shard {f['shard']} ({f['documents']} documents) not coded: {f['reason']}")
        return out

    def to_dict(self) -> dict:
        """The summary as a JSON-ready dict."""
        return {"documents": self.total, "read": self.read, "coded": self.coded, "with_events": self.with_events,
                "events": self.events, "skipped": dict(self.skipped), "already_stored": self.already_stored}


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


def _reason_kind(reason: str | None) -> str:
    return (reason or "unknown").split(":")[0]


def code_inputs(coder: Coder, inputs: list[str], opts: ReadOptions | None = None, stdin=None,
                on_status: Callable[[DocStatus], None] | None = None) -> Iterator[CodedArticle | DocStatus]:
    """Read and code inputs; yield a CodedArticle per readable document and a DocStatus per skipped one."""
    return code_items(coder, read_inputs(inputs, opts, stdin=stdin), on_status)


def status_of(item: CodedArticle | DocStatus) -> DocStatus:
    """The status of a coded article, or the skipped document's own."""
    return item if isinstance(item, DocStatus) else item.status


def code_items(coder: Coder, items: Iterable[Article | DocStatus],
               on_status: Callable[[DocStatus], None] | None = None) -> Iterator[CodedArticle | DocStatus]:
    """Code a stream of read documents in order (Coder.pipe batches them); on_status sees each one's status."""
    for result in coder.pipe(items):
        if on_status:
            on_status(status_of(result))
        yield result


class LineFile:
    """Whole JSON lines to a file (or a text stream): on a write error the file is cut back to its last whole
    line and an OutputError says how many lines it holds."""

    def __init__(self, path: str | None = None, stream: IO[str] | None = None, chunk: int = 1 << 16) -> None:
        self.path = path
        self.stream = stream
        self.raw = open(path, "wb", buffering=0) if path else None  # noqa: SIM115
        self.chunk = chunk
        self.buf: list[bytes] = []
        self.size = 0
        self.good = 0  # bytes on disk that end with a whole line
        self.lines = 0  # whole lines on disk (or written to the stream)
        self.pending = 0

    def write(self, record: dict) -> None:
        """Write one record as a JSON line."""
        line = json.dumps(record, ensure_ascii=False) + "\n"
        if self.raw is None:
            try:
                self.stream.write(line)
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None
            self.lines += 1
            return
        data = line.encode("utf-8", "backslashreplace")  # a lone surrogate stays a JSON escape, never bad UTF-8
        self.buf.append(data)
        self.size += len(data)
        self.pending += 1
        if self.size >= self.chunk:
            self.flush()

    def flush(self) -> None:
        """Put the buffered lines on disk."""
        if self.raw is None:
            if self.stream is not None:
                self.stream.flush()
            return
        if not self.buf:
            return
        data = memoryview(b"".join(self.buf))
        try:
            done = 0
            while done < len(data):
                done += self.raw.write(data[done:])
        except OSError as exc:
            self.buf, self.size, self.pending = [], 0, 0
            with contextlib.suppress(OSError):
                os.ftruncate(self.raw.fileno(), self.good)
            raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}; it holds the first "
                              f"{self.lines:,} lines, each whole") from None
        self.good += len(data)
        self.lines += self.pending
        self.buf, self.size, self.pending = [], 0, 0

    def close(self) -> None:
        """Flush and close the file (a stream is flushed and left open)."""
        try:
            self.flush()
        finally:
            if self.raw is not None and not self.raw.closed:
                self.raw.close()


def write_figures(coded: CodedArticle, out: LineFile) -> None:
    """Write an article's stated figures, one JSON line each with the article's id."""
    for figure in coded.figures:
        out.write({"article_id": coded.article.id, **figure.to_dict()})


def write_events(results: Iterable[CodedArticle | DocStatus], out: IO[str] | LineFile, summary: RunSummary,
                 status_out: IO[str] | LineFile | None = None, figures_out: LineFile | None = None) -> None:
    """Write events as JSONL, and optional per-document status lines and figure lines; fill the summary."""
    out = out if isinstance(out, LineFile) else LineFile(stream=out)
    if status_out is not None and not isinstance(status_out, LineFile):
        status_out = LineFile(stream=status_out)
    for item in results:
        status = status_of(item)
        summary.add(status)
        if isinstance(item, CodedArticle):
            for ev in item.events:
                out.write(ev.to_dict())
            if figures_out is not None:
                write_figures(item, figures_out)
        if status_out is not None:
            status_out.write(status.__dict__)


def code_to_store(coder: Coder, inputs: list[str], store, opts: ReadOptions | None = None, *, recode: bool = False,
                  commit_every: int = COMMIT_EVERY, stdin=None, summary: RunSummary | None = None,
                  on_status: Callable[[DocStatus], None] | None = None,
                  on_coded: Callable[[CodedArticle], None] | None = None) -> RunSummary:
    """Code inputs into an EventStore, one transaction per commit_every documents; articles already stored are
    skipped. on_coded sees each coded article after its transaction is committed (to also write JSONL, say)."""
    from .store import skipped_id

    summary = summary if summary is not None else RunSummary()
    seen: set[str] = set()

    def fresh() -> Iterator[Article | DocStatus]:
        chunk: list[Article | DocStatus] = []

        def flush() -> Iterator[Article | DocStatus]:
            ids = [i.id if isinstance(i, Article) else skipped_id(i) for i in chunk]
            known = set() if recode else store.known_articles(ids)
            for item, aid in zip(chunk, ids, strict=True):
                if aid in known or aid in seen:
                    summary.already_stored += 1
                    continue
                seen.add(aid)
                yield item
            chunk.clear()

        for item in read_inputs(inputs, opts, stdin=stdin):
            chunk.append(item)
            if len(chunk) >= commit_every:
                yield from flush()
        yield from flush()

    batch: list[CodedArticle | DocStatus] = []
    for result in code_items(coder, fresh(), on_status):
        summary.add(status_of(result))
        batch.append(result)
        if len(batch) >= commit_every:
            _commit(store, batch, recode, on_coded)
            batch = []
    if batch:
        _commit(store, batch, recode, on_coded)
    return summary


def _commit(store, batch: list[CodedArticle | DocStatus], recode: bool,
            on_coded: Callable[[CodedArticle], None] | None) -> None:
    store.write(batch, recode=recode)
    if on_coded is not None:
        for item in batch:
            if isinstance(item, CodedArticle):
                on_coded(item)
