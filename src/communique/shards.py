"""Cutting inputs into shards (one task each) without reading them into memory, and reading a shard back."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import InputError
from .ingest import WARC_SUFFIXES, ReadOptions, expand, format_of, guarded, read_file_data, read_warc
from .models import Article, DocStatus

SHARD_BYTES = 4 * 2**20  # JSONL, CSV and WARC files are cut into shards of at most about this size, between records
MIN_SHARD_BYTES = 32 * 2**10  # ... and at least this size (per-task overhead)
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
