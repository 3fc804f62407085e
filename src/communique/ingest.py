"""Read inputs (text, JSONL, CSV, HTML files, directories, globs, stdin) into Articles, reporting bad documents."""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .models import Article, DocStatus

HEADER_RE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*(.*)$")
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES
DEFAULT_MAX_CHARS = 2_000_000
ENGLISH_STOPWORDS = frozenset("""
the of and to in a is that for on was with as by at from are it has have be this said were which an
not their its or will but been after had would who they he his more also over about than into when
there two can all other new some could into our we us between during
""".split())  # noqa: SIM905

Item = Article | DocStatus


@dataclass
class ReadOptions:
    """How to read inputs."""

    date: str | None = None
    source: str | None = None
    max_chars: int = DEFAULT_MAX_CHARS
    fmt: str | None = None  # force text, jsonl, csv or html


def article_id(text: str) -> str:
    """Stable id for a document without one: a hash of its content."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def parse_header(text: str) -> tuple[str, str | None, str | None, int]:
    """Split off a crawl header line (' date YYYY-MM-DD SOURCE'); return text, date, source, header length."""
    first, sep, rest = text.partition("\n")
    m = HEADER_RE.match(first)
    if not m:
        return text, None, None, 0
    return text, m.group(1), (m.group(2).strip() or None), len(first) + len(sep)


def check_text(text: str, max_chars: int) -> str | None:
    """Return a skip reason for text that cannot be coded, or None."""
    if not text.strip():
        return "empty"
    if len(text) > max_chars:
        return f"too large: {len(text):,} characters (limit {max_chars:,}; see --max-chars)"
    sample = text[:20000]
    if "\x00" in sample or sum(1 for c in sample if ord(c) < 32 and c not in "\r\n\t\f") > len(sample) * 0.01:
        return "binary: not a text document"
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) >= 12:
        ratio = sum(1 for w in words if w in ENGLISH_STOPWORDS) / len(words)
        if ratio < 0.08:
            return "not English: too few English function words"
    return None


def _make(text: str, opts: ReadOptions, origin: str, *, id: str | None = None, date: str | None = None,
          source: str | None = None, url: str | None = None, title: str | None = None) -> Item:
    if not isinstance(text, str):
        return DocStatus(id, origin, "skipped", "no text: the text field is missing or not a string")
    _, hdate, hsource, _ = parse_header(text)
    reason = check_text(text, opts.max_chars)
    aid = str(id) if id not in (None, "") else article_id(text) if text else None
    if reason:
        return DocStatus(aid, origin, "skipped", reason)
    return Article(id=aid, text=text, date=date or hdate or opts.date, source=source or hsource or opts.source,
                   url=url, title=title, origin=origin)


BAD_BYTES = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, kept by surrogateescape


def _decode(data: bytes, origin: str, records: bool = False) -> tuple[str | None, str | None]:
    """Decode a file; for a file of records, invalid UTF-8 is kept as escapes (BAD_BYTES) so that only the
    records holding it are lost."""
    if b"\x00" in data[:8192]:
        return None, "binary: not a text document"
    if records:
        return data.decode("utf-8-sig", errors="surrogateescape"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, f"invalid UTF-8 at byte {exc.start}"


def read_text_file(data: bytes, origin: str, opts: ReadOptions) -> Iterator[Item]:
    """One plain-text article."""
    text, reason = _decode(data, origin)
    if text is None:
        yield DocStatus(None, origin, "skipped", reason)
        return
    yield _make(text, opts, origin)


def read_jsonl(data: bytes, origin: str, opts: ReadOptions) -> Iterator[Item]:
    """One article per JSON line with id, text and optional date, source, url, title."""
    text, reason = _decode(data, origin, records=True)
    if text is None:
        yield DocStatus(None, origin, "skipped", reason)
        return
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        if BAD_BYTES.search(line):
            yield DocStatus(None, where, "skipped", "invalid UTF-8 in this line")
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield DocStatus(None, where, "skipped", f"not JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(rec, dict):
            yield DocStatus(None, where, "skipped", "not a JSON object")
            continue
        if "text" not in rec:
            yield DocStatus(rec.get("id"), where, "skipped", "no text: the record has no 'text' field")
            continue
        yield _make(rec.get("text"), opts, where, id=rec.get("id"), date=rec.get("date"),
                    source=rec.get("source"), url=rec.get("url"), title=rec.get("title"))


def read_csv(data: bytes, origin: str, opts: ReadOptions) -> Iterator[Item]:
    """One article per CSV row; a 'text' column is required."""
    text, reason = _decode(data, origin, records=True)
    if text is None:
        yield DocStatus(None, origin, "skipped", reason)
        return
    delimiter = "\t" if re.sub(r"@\d+$", "", origin).endswith(".tsv") else ","  # "path@offset": part of a file
    csv.field_size_limit(max(opts.max_chars * 2, 1 << 20))
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "text" not in fields:
        yield DocStatus(None, origin, "skipped",
                        f"no text column: CSV header has {', '.join(fields) or 'no columns'}; expected 'text'")
        return
    for n, row in enumerate(reader, 2):
        rec = {(k or "").strip().lower(): v for k, v in row.items()}
        if any(isinstance(v, str) and BAD_BYTES.search(v) for v in rec.values()):
            yield DocStatus(rec.get("id") or None, f"{origin}:{n}", "skipped", "invalid UTF-8 in this row")
            continue
        yield _make(rec.get("text") or "", opts, f"{origin}:{n}", id=rec.get("id"), date=rec.get("date") or None,
                    source=rec.get("source") or None, url=rec.get("url") or None, title=rec.get("title") or None)


def read_html(data: bytes, origin: str, opts: ReadOptions) -> Iterator[Item]:
    """Main text, title and date of an HTML page, extracted with trafilatura."""
    import trafilatura

    raw, reason = _decode(data, origin)
    if raw is None:
        raw = data.decode("latin-1")
    out = trafilatura.extract(raw, output_format="json", with_metadata=True, include_comments=False)
    if not out:
        yield DocStatus(None, origin, "skipped", "no main text found in the HTML page")
        return
    rec = json.loads(out)
    text = rec.get("text") or ""
    title = rec.get("title")
    yield _make(text, opts, origin, date=rec.get("date"), source=rec.get("sitename") or rec.get("hostname"),
                url=rec.get("source") or rec.get("url"), title=title)


READERS = {"text": read_text_file, "jsonl": read_jsonl, "csv": read_csv, "html": read_html}


def format_of(path: str, forced: str | None = None) -> str:
    """The reader to use for a path."""
    if forced:
        if forced not in READERS:
            raise InputError(f"unknown input format {forced!r}; use one of {', '.join(READERS)}")
        return forced
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def expand(inputs: list[str]) -> list[str]:
    """Turn paths, directories and globs into a sorted list of files ('-' stays as stdin)."""
    files: list[str] = []
    for item in inputs:
        if item == "-":
            files.append("-")
            continue
        p = Path(item)
        if p.is_dir():
            files.extend(str(f) for f in sorted(p.rglob("*"))
                         if f.is_file() and not f.name.startswith(".")
                         and (f.suffix.lower() in KNOWN_SUFFIXES or f.name.lower().endswith((".warc", ".warc.gz"))))
        elif p.exists():
            files.append(str(p))
        elif any(ch in item for ch in "*?["):
            hits = sorted(glob.glob(item, recursive=True))
            if not hits:
                raise InputError(f"no file matches {item!r}")
            files.extend(h for h in hits if Path(h).is_file())
        else:
            raise InputError(f"input not found: {item}")
    return files


def read_inputs(inputs: list[str], opts: ReadOptions | None = None, stdin=None) -> Iterator[Item]:
    """Yield an Article for every readable document and a skipped DocStatus for every bad one."""
    opts = opts or ReadOptions()
    for path in expand(inputs):
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            if isinstance(data, str):
                data = data.encode("utf-8")
            yield from READERS[opts.fmt or "text"](data, "<stdin>", opts)
            continue
        if path.lower().endswith((".warc", ".warc.gz")):
            from .scale import read_warc

            yield from read_warc(path, opts)
            continue
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            yield DocStatus(None, path, "skipped", f"unreadable: {exc.strerror}")
            continue
        yield from READERS[format_of(path, opts.fmt)](data, path, opts)
