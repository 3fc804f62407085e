"""A coding run over inputs: per-document status, an end summary, JSONL output."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from .coder import Coder
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

    def lines(self) -> list[str]:
        """The summary as human-readable lines."""
        out = [f"documents: {self.total}  read: {self.read}  coded: {self.coded}  "
               f"with events: {self.with_events}  events: {self.events}  skipped: {sum(self.skipped.values())}"]
        for reason, n in self.skipped.most_common():
            out.append(f"  skipped ({reason}): {n}")
        return out

    def to_dict(self) -> dict:
        """The summary as a JSON-ready dict."""
        return {"documents": self.total, "read": self.read, "coded": self.coded, "with_events": self.with_events,
                "events": self.events, "skipped": dict(self.skipped)}


def _reason_kind(reason: str | None) -> str:
    return (reason or "unknown").split(":")[0]


def code_inputs(coder: Coder, inputs: list[str], opts: ReadOptions | None = None, stdin=None,
                on_status: Callable[[DocStatus], None] | None = None) -> Iterator[CodedArticle | DocStatus]:
    """Read and code inputs; yield a CodedArticle per readable document and a DocStatus per skipped one."""
    pending: list[Article] = []

    def flush() -> Iterator[CodedArticle]:
        yield from coder.pipe(pending)
        pending.clear()

    for item in read_inputs(inputs, opts, stdin=stdin):
        if isinstance(item, DocStatus):
            yield from flush()
            if on_status:
                on_status(item)
            yield item
            continue
        pending.append(item)
        if len(pending) >= 32:
            for coded in flush():
                if on_status:
                    on_status(coded.status)
                yield coded
    for coded in flush():
        if on_status:
            on_status(coded.status)
        yield coded


def write_events(results: Iterable[CodedArticle | DocStatus], out: IO[str], summary: RunSummary,
                 status_out: IO[str] | None = None) -> None:
    """Write events as JSONL and optional per-document status lines; fill the summary."""
    for item in results:
        status = item if isinstance(item, DocStatus) else item.status
        summary.add(status)
        if isinstance(item, CodedArticle):
            for ev in item.events:
                out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
        if status_out is not None:
            status_out.write(json.dumps(status.__dict__, ensure_ascii=False) + "\n")
