"""Read inputs (text, JSONL, CSV, HTML files, directories, globs, stdin) into Articles, reporting bad documents."""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datasets import is_dataset
from .defaults import MAX_CHARS
from .errors import InputError, brief
from .models import Article, DocStatus

HEADER_RE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*(.*)$")
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
WARC_SUFFIXES = (".warc", ".warc.gz")
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES
DEFAULT_MAX_CHARS = MAX_CHARS
CSV_FIELD_LIMIT = 2**31 - 1  # the largest the csv module accepts on every platform
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
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


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


FIELDS = ("id", "date", "source", "url", "title")


SURROGATES = re.compile("[\ud800-\udfff]")  # unpaired halves of a UTF-16 pair ("\\ud83d" alone in JSON)


def _field_problem(values: dict[str, object]) -> str | None:
    """Why a record's text or metadata cannot be used (a title that is a list, half a character), or None."""
    for name, value in values.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int | float)):
            return f"bad field: '{name}' must be text or a number (got {type(value).__name__})"
        if isinstance(value, str) and SURROGATES.search(value):
            return f"bad field: '{name}' holds an unpaired UTF-16 surrogate, which is not a character"
    return None


def _text_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def _make(text: str, opts: ReadOptions, origin: str, *, id: object = None, date: object = None,
          source: object = None, url: object = None, title: object = None) -> Item:
    if not isinstance(text, str):
        return DocStatus(_text_or_none(id) if isinstance(id, str | int) else None, origin, "skipped",
                         "no text: the text field is missing or not a string")
    problem = _field_problem({"text": text, "id": id, "date": date, "source": source, "url": url, "title": title})
    _, hdate, hsource, _ = parse_header(text)
    usable = (isinstance(id, int) and not isinstance(id, bool)) or (isinstance(id, str) and not SURROGATES.search(id))
    aid = _text_or_none(id) if usable else None
    aid = aid or (article_id(text) if text else None)
    if problem:
        return DocStatus(aid, origin, "skipped", problem)
    reason = check_text(text, opts.max_chars)
    if reason:
        return DocStatus(aid, origin, "skipped", reason)
    return Article(id=aid, text=text, date=_text_or_none(date) or hdate or opts.date,
                   source=_text_or_none(source) or hsource or opts.source, url=_text_or_none(url),
                   title=_text_or_none(title), origin=origin)


PART_RE = re.compile(r"@\d+$")  # an origin "path@offset" is a part of a file (a shard of a scaled-out run)


def _is_part(origin: str) -> bool:
    return bool(PART_RE.search(origin))


BAD_BYTES = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, kept by surrogateescape


BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"))


def _decode(data: bytes, origin: str, records: bool = False) -> tuple[str | None, str | None]:
    """Decode a file (UTF-8, or UTF-16/32 with a byte-order mark); for a file of records, invalid UTF-8 is kept
    as escapes (BAD_BYTES) so that only the records holding it are lost."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), None
            except UnicodeDecodeError as exc:
                return None, f"invalid {codec.upper()} at byte {exc.start}"
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
    records = 0
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        records += 1
        where = f"{origin}:{n}"
        if BAD_BYTES.search(line):
            yield DocStatus(None, where, "skipped", "invalid UTF-8 in this line")
            continue
        yield _record(line, where, opts)
    if not records and not _is_part(origin):
        yield DocStatus(None, origin, "skipped", "empty: no records in the file")


def _record(line: str, where: str, opts: ReadOptions) -> Item:
    """The article of one JSON record (a line of JSONL, or an element of a JSON array)."""
    try:
        rec = json.loads(line) if isinstance(line, str) else line
    except json.JSONDecodeError as exc:
        return DocStatus(None, where, "skipped", f"not JSON: {_json_message(exc)}")
    except RecursionError:
        return DocStatus(None, where, "skipped", "not usable JSON: nested too deeply to read")
    return _from_record(rec, where, opts)


def _json_message(exc: json.JSONDecodeError) -> str:
    msg = exc.msg.removesuffix(" starting at")  # "Unterminated string starting at" names its own position
    return f"{msg} (line {exc.lineno}, column {exc.colno})"


def _from_record(rec: object, where: str, opts: ReadOptions) -> Item:
    if not isinstance(rec, dict):
        return DocStatus(None, where, "skipped", "not a JSON object")
    if "text" not in rec:
        rid = rec.get("id")
        return DocStatus(str(rid) if isinstance(rid, str | int) else None, where, "skipped",
                         "no text: the record has no 'text' field")
    return _make(rec.get("text"), opts, where, **{k: rec.get(k) for k in FIELDS})


def read_json(data: bytes, origin: str, opts: ReadOptions) -> Iterator[Item]:
    """A JSON file: one record object, or an array of record objects (id, text, date, source, url, title)."""
    text, reason = _decode(data, origin)
    if text is None:
        yield DocStatus(None, origin, "skipped", reason)
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if "\n" in text.strip():  # JSON Lines under a .json name
            yield from read_jsonl(data, origin, opts)
            return
        yield DocStatus(None, origin, "skipped", f"not JSON: {_json_message(exc)}")
        return
    except RecursionError:
        yield DocStatus(None, origin, "skipped", "not usable JSON: nested too deeply to read")
        return
    if isinstance(doc, dict):
        yield _from_record(doc, origin, opts)
    elif isinstance(doc, list):
        if not doc:
            yield DocStatus(None, origin, "skipped", "empty: no records in the file")
        for i, rec in enumerate(doc):
            yield _from_record(rec, f"{origin}#{i}", opts)
    else:
        yield DocStatus(None, origin, "skipped", "not a JSON object or array of objects")


def read_csv(data: bytes, origin: str, opts: ReadOptions) -> Iterator[Item]:
    """One article per CSV row; a 'text' column is required."""
    text, reason = _decode(data, origin, records=True)
    if text is None:
        yield DocStatus(None, origin, "skipped", reason)
        return
    delimiter = "\t" if PART_RE.sub("", origin).endswith(".tsv") else ","
    # No field is too large to read: an oversized text is reported by check_text (--max-chars) like any other.
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    except csv.Error as exc:
        yield DocStatus(None, origin, "skipped", f"not CSV: the header cannot be read ({exc})")
        return
    if "text" not in fields:
        yield DocStatus(None, origin, "skipped",
                        f"no text column: CSV header has {', '.join(fields) or 'no columns'}; expected 'text'")
        return
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # the csv module cannot go on after a broken row: report where it stopped
            yield DocStatus(None, f"{origin}:{rows + 2}", "skipped",
                            f"not CSV from line {reader.line_num} on: {exc}; the rows before it were read")
            return
        rows += 1
        where = f"{origin}:{rows + 1}"  # rows are numbered as in a spreadsheet: the header is row 1
        rec = {(k or "").strip().lower(): v for k, v in row.items()}
        if any(isinstance(v, str) and BAD_BYTES.search(v) for v in rec.values()):
            yield DocStatus(rec.get("id") or None, where, "skipped", "invalid UTF-8 in this row")
            continue
        yield _make(rec.get("text") or "", opts, where, **{k: rec.get(k) or None for k in FIELDS})
    if not rows and not _is_part(origin):
        yield DocStatus(None, origin, "skipped", "empty: a CSV header and no rows")


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


def read_warc(path: str, opts: ReadOptions, start: int = 0, end: int = -1) -> Iterator[Article | DocStatus]:
    """HTML responses of a WARC file (Common Crawl News style), or of its records from byte start to end, as
    articles: text, title and date by trafilatura; each one's origin is the file and the record's byte offset."""
    for origin, ctype, uri, wdate, body in _warc_responses(path, start, end):
        if body is None:  # the file could not be read, or is damaged from here on
            yield DocStatus(None, origin, "skipped", ctype)
        elif "html" not in ctype.lower():
            yield DocStatus(None, origin, "skipped", f"not HTML: {ctype or 'no content type'}")
        else:
            for item in read_html(body, origin, ReadOptions(date=opts.date or wdate, source=opts.source,
                                                            max_chars=opts.max_chars)):
                if isinstance(item, Article):
                    item.url = item.url or uri
                    item.date = item.date or wdate
                yield item


WarcItem = tuple[str, str, str | None, str | None, Any]  # origin, content type or reason, URI, date, body or None


def _damaged(origin: str, why: str) -> WarcItem:
    return origin, f"damaged WARC: {why}", None, None, None


def _warc_responses(path: str, start: int, end: int) -> Iterator[WarcItem]:
    """(origin, content type, URI, date, body) of each response record; body None with a reason instead of the
    content type when the file cannot be read, a record is damaged, or damage stops the reading."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.limitreader import LimitReader

    try:
        stream = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        yield path, f"unreadable: {exc.strerror}", None, None, None
        return
    with stream:
        stop = os.fstat(stream.fileno()).st_size if end < 0 else min(end, os.fstat(stream.fileno()).st_size)
        stream.seek(start)
        records = ArchiveIterator(LimitReader(stream, end - start) if end >= 0 else stream)
        state = {"last": None, "covered": 0}  # offset of the last record read; bytes up to the end of it
        try:
            yield from _warc_records(path, start, records, state)
        except Exception as exc:  # noqa: BLE001  (warcio raises several kinds on a damaged archive)
            last = state["last"]
            where = "at its start" if last is None else f"after the record at byte {start + last}"
            yield _damaged(f"{path}@{start}", f"reading stopped {where} ({type(exc).__name__}: "
                                              f"{str(exc).strip()[:120]})")
            return
        yield from _warc_tail(path, start, stop, stream, state)


def _warc_records(path: str, start: int, records: Any, state: dict) -> Iterator[WarcItem]:
    """The response records of an archive iterator; stops at a record whose headers were cut short."""
    for record in records:
        if record.length is None:  # Content-Length is mandatory: the headers were cut short
            last = state["last"]
            where = "at its start" if last is None else f"after the record at byte {start + last}"
            yield _damaged(f"{path}@{start + state['covered']}",
                           f"a record {where} has incomplete headers (the file is truncated or damaged there)")
            state["stopped"] = True
            return
        ctype = ""
        if record.rec_type == "response" and record.http_headers:
            ctype = record.http_headers.get_header("Content-Type") or ""
        body = record.content_stream().read() if "html" in ctype.lower() else record.raw_stream.read()
        short = getattr(record.raw_stream, "limit", 0) or 0  # bytes the record declares but lacks
        state["last"] = records.get_record_offset()  # after the read: asking first skips the content
        state["covered"] = state["last"] + records.get_record_length()
        if record.rec_type != "response":
            continue
        origin = f"{path}@{start + state['last']}"
        if short:
            yield _damaged(origin, f"the record is truncated ({short:,} of its {record.length:,} bytes missing); "
                                   "not coded")
            continue
        yield (origin, ctype, record.rec_headers.get_header("WARC-Target-URI"),
               (record.rec_headers.get_header("WARC-Date") or "")[:10] or None, body)


def _warc_tail(path: str, start: int, stop: int, stream: Any, state: dict) -> Iterator[WarcItem]:
    """Records that end the file unreadably (a truncated gzip member) are not reported by warcio: what remains
    after the last whole record must be padding; a file without records is reported as empty."""
    if state.get("stopped"):
        return
    last, covered = state["last"], state["covered"]
    stream.seek(start + covered)
    rest = stream.read(min(stop - start - covered, 1 << 16)) if stop > start + covered else b""
    if last is None and start == 0 and not rest.strip(b"\r\n\x00 "):
        yield path, "empty: no records in the WARC file", None, None, None
    elif rest.strip(b"\r\n\x00 "):
        where = "at its start" if last is None else f"after the record at byte {start + last}"
        yield _damaged(f"{path}@{start + covered}", f"{stop - start - covered:,} bytes {where} could not be read "
                                                    "as a record (the file is truncated or damaged there)")


READERS = {"text": read_text_file, "jsonl": read_jsonl, "json": read_json, "csv": read_csv, "html": read_html}


def format_of(path: str, forced: str | None = None) -> str:
    """The reader to use for a path."""
    if forced:
        if forced not in READERS:
            raise InputError(f"unknown input format {forced!r}; use one of {', '.join(READERS)}")
        return forced
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def _walk(root: Path, problems: list[DocStatus]) -> list[str]:
    """Input files below a directory (hidden ones and datasets written by communique left out); a directory
    that cannot be listed is reported in problems."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        problems.append(DocStatus(None, printable(str(exc.filename or root)), "skipped",
                                  f"unreadable directory: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and not is_dataset(here / d)]
        for name in filenames:
            f = here / name
            if name.startswith(".") or not (f.suffix.lower() in KNOWN_SUFFIXES
                                            or name.lower().endswith(WARC_SUFFIXES)):
                continue
            if f.is_file():
                found.append(f)
    return [str(f) for f in sorted(found)]


def walk_inputs(inputs: list[str]) -> tuple[list[str], list[DocStatus]]:
    """Paths, directories and globs as a sorted list of files ('-' stays as stdin), and a skipped status for
    each directory that could not be listed."""
    files: list[str] = []
    problems: list[DocStatus] = []
    for item in inputs:
        if item == "-":
            files.append("-")
            continue
        p = Path(item)
        if p.is_dir():
            if not os.access(p, os.R_OK | os.X_OK):
                problems.append(DocStatus(None, str(p), "skipped", "unreadable directory: Permission denied"))
                continue
            files.extend(_walk(p, problems))
        elif p.exists():
            files.append(str(p))
        elif any(ch in item for ch in "*?["):
            hits = sorted(glob.glob(item, recursive=True))
            if not hits:
                raise InputError(f"no file matches {item!r}")
            files.extend(h for h in hits if Path(h).is_file())
        else:
            raise InputError(f"input not found: {item}")
    return files, problems


def expand(inputs: list[str]) -> list[str]:
    """Turn paths, directories and globs into a sorted list of files ('-' stays as stdin)."""
    return walk_inputs(inputs)[0]


def check_outputs(files: list[str], outputs: dict[str, str | None]) -> None:
    """Refuse an output (option name -> path) that names one of the input files (as expand() lists them), before
    anything is opened."""
    files = [f for f in files if f != "-"]
    for option, path in outputs.items():
        if not path or path == "-":
            continue
        target = Path(path)
        if target.is_dir() and option != "--out":
            raise InputError(f"{option} {path} is a directory; give a file name")
        for f in files:
            if _same(target, Path(f)):
                raise InputError(f"{option} {path} is one of the inputs; writing it would destroy what is being "
                                 "read. Nothing was written: give another file name.")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def read_inputs(inputs: list[str], opts: ReadOptions | None = None, stdin=None) -> Iterator[Item]:
    """Yield an Article for every readable document and a skipped DocStatus for every bad one."""
    opts = opts or ReadOptions()
    files, problems = walk_inputs(inputs)
    yield from problems
    for path in files:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            if isinstance(data, str):
                data = data.encode("utf-8")
            yield from read_file_data(data, "<stdin>", opts.fmt or "text", opts)
            continue
        if path.lower().endswith(WARC_SUFFIXES):
            yield from guarded(read_warc(path, opts), path)
            continue
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            yield DocStatus(None, path, "skipped", f"unreadable: {exc.strerror}")
            continue
        yield from read_file_data(data, path, format_of(path, opts.fmt), opts)


def read_file_data(data: bytes, origin: str, fmt: str, opts: ReadOptions) -> Iterator[Item]:
    """The documents of one file's bytes, read with the reader of fmt; a reader's failure is reported."""
    yield from guarded(READERS[fmt](data, origin, opts), origin)


def printable(name: str) -> str:
    """A file name as valid text: bytes that were not UTF-8 (kept by the file system's decoding) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def guarded(items: Iterator[Item], origin: str) -> Iterator[Item]:
    """Pass a reader's documents on; if the reader itself fails, report the rest of that file as skipped."""
    try:
        for item in items:
            if item.origin and SURROGATES.search(item.origin):
                item.origin = printable(item.origin)
            yield item
    except Exception as exc:  # noqa: BLE001  (one file's failure must not stop the run)
        yield DocStatus(None, printable(origin), "skipped", f"unreadable: the reader failed ({brief(exc)}); "
                        "documents after this point in the file were not read")
