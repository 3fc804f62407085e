"""Parquet datasets written by scaled-out runs: what --out may replace, and the leftovers of killed runs."""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from .errors import InputError

DATASET_MARK = "communique"  # run.json's "written_by": a directory that a scaled-out run may replace


def is_dataset(path: str | Path) -> bool:
    """True for a directory that is a Parquet dataset written by a scaled-out run (its run record present)."""
    record = Path(path) / "run.json"
    try:
        if not record.is_file():
            return False
        meta = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and (meta.get("written_by") == DATASET_MARK or {"shards", "summary"} <= set(meta))


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


def new_partial(out: Path) -> Path:
    """A new hidden directory beside out for a run to write into, recording which host and process own it."""
    partial = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    partial.mkdir(parents=True)
    (partial / OWNER).write_text(json.dumps({"host": socket.gethostname(), "pid": os.getpid()}))
    return partial


def finish_dataset(partial: Path, out: Path, record: dict, still_ours: Callable[[], None]) -> None:
    """Write the run record into partial and put partial in out's place; still_ours() checks, just before, that
    out is still a directory the run may replace."""
    (partial / "articles").mkdir(parents=True, exist_ok=True)
    (partial / "mentions").mkdir(parents=True, exist_ok=True)
    (partial / OWNER).unlink(missing_ok=True)
    (partial / "run.json").write_text(json.dumps({"written_by": DATASET_MARK, **record}, indent=1))
    old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
    if out.exists():
        still_ours()
        os.replace(out, old)
    os.replace(partial, out)
    shutil.rmtree(old, ignore_errors=True)


def dataset_dedup(path: Path) -> tuple[int, list[str]] | None:
    """The dedup rule (window in days, keys) a dataset was written with, or None when it records none."""
    try:
        meta = json.loads((path / "run.json").read_text(encoding="utf-8"))
        rule = meta["dedup"]
        return int(rule["window_days"]), [str(k) for k in rule["keys"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None

