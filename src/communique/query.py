"""Queries over a communique database or a Parquet dataset: events, dyads, timelines, actors."""

from __future__ import annotations

import datetime as dt
import glob
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .defaults import PERIODS, QUERY_WAIT_S
from .errors import CommuniqueError
from .store import ARTICLE_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS, DedupConfig, EventStore, StoreError, _ddl

EVENT_LIST_COLUMNS = ["event_id", "date", "source_code", "cameo_code", "target_code", "cameo_name", "plover_type",
                      "quad_class", "goldstein", "num_mentions", "num_sources", "num_articles", "location_name"]
MENTION_LIST_COLUMNS = ["mention_id", "event_id", "article_id", "sentence", "date", "source_code", "cameo_code",
                        "target_code", "modality", "confidence", "trigger_text", "sentence_text"]


MAX_ROWS = 2**62  # the largest limit, offset or page arithmetic DuckDB's BIGINT holds comfortably
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


class QueryError(CommuniqueError):
    """A query's arguments are invalid."""


def check_date(name: str, value: str | None) -> str | None:
    """A YYYY-MM-DD date that exists, or QueryError naming the parameter (None passes)."""
    if value is None:
        return None
    value = str(value).strip()
    if not DATE_RE.fullmatch(value):
        raise QueryError(f"{name} must be a date written YYYY-MM-DD, e.g. 2024-05-31 (got {value!r})")
    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        raise QueryError(f"{name} {value!r} is not a calendar date ({exc})") from exc
    return value


def check_count(name: str, value: Any, minimum: int = 0) -> int:
    """A whole number from minimum up to MAX_ROWS, or QueryError naming the parameter."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise QueryError(f"{name} must be a whole number (got {value!r})") from exc
    if n < minimum or n > MAX_ROWS:
        raise QueryError(f"{name} must be between {minimum} and {MAX_ROWS:,} (got {n})")
    return n


@dataclass
class Filters:
    """Filters shared by events, dyads, timeline and the exports."""

    since: str | None = None
    until: str | None = None
    actor: str | None = None
    country: str | None = None
    dyad: str | None = None
    code: str | None = None
    root: str | None = None
    plover: str | None = None
    quad: int | None = None
    source: str | None = None
    text: str | None = None
    resolved_only: bool | str | None = None  # only events whose actors are all coded (no '---')

    def __post_init__(self) -> None:
        """Validate once, for the CLI, the library and the web view alike."""
        if isinstance(self.resolved_only, str):
            flag = self.resolved_only.strip().lower()
            if flag not in ("", "0", "1", "true", "false", "yes", "no", "on", "off"):
                raise QueryError(f"resolved_only takes true or false (got {self.resolved_only!r})")
            self.resolved_only = flag in ("1", "true", "yes", "on")
        self.resolved_only = bool(self.resolved_only)
        self.since = check_date("since", self.since)
        self.until = check_date("until", self.until)
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"since ({self.since}) is after until ({self.until})")
        if self.quad is not None:
            if str(self.quad).strip() not in ("1", "2", "3", "4"):
                raise QueryError(f"quad must be 1, 2, 3 or 4 (got {self.quad!r})")
            self.quad = int(self.quad)
        if self.dyad is not None:
            parts = self.dyad.split("-")
            if len(parts) != 2 or not all(p.strip() for p in parts):
                raise QueryError(f"dyad takes SOURCE-TARGET, e.g. KAZ-SRB (got {self.dyad!r})")
        if self.root is not None and not (re.fullmatch(r"[0-9]{1,2}", self.root) and 1 <= int(self.root) <= 20):
            raise QueryError(f"root must be a CAMEO root code 01 to 20 (got {self.root!r})")

    def is_empty(self) -> bool:
        """Whether no filter is set (every event passes)."""
        return self.where()[0] == "TRUE"

    def where(self, table: str = "e") -> tuple[str, list[Any]]:
        """SQL condition and parameters over an events (or mentions) table aliased `table`."""
        conds: list[str] = []
        params: list[Any] = []
        t = table
        if self.since:
            conds.append(f"{t}.date >= CAST(? AS DATE)")
            params.append(self.since)
        if self.until:
            conds.append(f"{t}.date <= CAST(? AS DATE)")
            params.append(self.until)
        if self.actor:
            conds.append(f"(starts_with({t}.source_code, ?) OR starts_with({t}.target_code, ?))")
            params += [self.actor.upper(), self.actor.upper()]
        if self.country:
            conds.append(f"({t}.source_country = ? OR {t}.target_country = ?)")
            params += [self.country.upper(), self.country.upper()]
        if self.dyad:
            parts = [p.strip() for p in self.dyad.upper().split("-")]
            conds.append(f"starts_with({t}.source_code, ?) AND starts_with(coalesce({t}.target_code, ''), ?)")
            params += parts
        if self.code:
            conds.append(f"starts_with({t}.cameo_code, ?)")
            params.append(self.code)
        if self.root:
            conds.append(f"{t}.cameo_root = ?")
            params.append(self.root.zfill(2))
        if self.plover:
            conds.append(f"{t}.plover_type = ?")
            params.append(self.plover.upper())
        if self.quad is not None:
            conds.append(f"{t}.quad_class = ?")
            params.append(int(self.quad))
        if self.resolved_only:
            conds.append(f"coalesce({t}.source_country, '') <> '---' AND coalesce({t}.target_country, '') <> '---'")
        link = f"{t}.event_id" if table == "e" else None
        if self.source:
            if link:
                conds.append("EXISTS (SELECT 1 FROM mentions mm JOIN articles a ON a.article_id = mm.article_id "
                             f"WHERE mm.event_id = {link} AND a.source ILIKE ?)")
            else:
                conds.append(f"EXISTS (SELECT 1 FROM articles a WHERE a.article_id = {t}.article_id "
                             "AND a.source ILIKE ?)")
            params.append(f"%{self.source}%")
        if self.text:
            if link:
                conds.append(f"EXISTS (SELECT 1 FROM mentions mm WHERE mm.event_id = {link} "
                             "AND mm.sentence_text ILIKE ?)")
            else:
                conds.append(f"{t}.sentence_text ILIKE ?")
            params.append(f"%{self.text}%")
        return (" AND ".join(conds) or "TRUE"), params


class Dataset:
    """Read access to events wherever they live: a DuckDB file or a Parquet dataset directory."""

    def __init__(self, path: str | Path, wait: float = QUERY_WAIT_S) -> None:
        self.path = Path(path)
        self._store: EventStore | None = None
        if not self.path.exists():
            raise StoreError(f"{self.path}: no such database or Parquet dataset")
        if self.path.is_dir() or self.path.suffix == ".parquet":
            self.con = duckdb.connect()
            self._attach_parquet()
        else:
            self._store = EventStore(self.path, read_only=True, wait=wait)
            self.con = self._store.con

    def _files(self, name: str) -> list[str]:
        base = self.path if self.path.is_dir() else self.path.parent
        found: list[str] = []
        for pattern in (f"{name}.parquet", f"{name}/*.parquet", f"{name}/**/*.parquet", f"{name}-*.parquet"):
            found += glob.glob(str(base / pattern), recursive=True)
        return sorted(set(found))

    def _attach_parquet(self) -> None:
        con = self.con
        for name, cols in (("articles", ARTICLE_COLUMNS), ("mentions", MENTION_COLUMNS), ("events", EVENT_COLUMNS)):
            files = self._files(name)
            if not files and name == "events":
                continue
            con.execute(_ddl(name, cols))
            if files:
                con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM read_parquet(?, union_by_name = true)",
                            [files])
        from .store import FIGURES_VIEW

        con.execute(FIGURES_VIEW)
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "events" not in tables:
            from .datasets import dataset_dedup
            from .store import rebuild_events

            rule = dataset_dedup(self.path) if self.path.is_dir() else None
            con.execute(_ddl("events", EVENT_COLUMNS))
            con.execute("BEGIN")
            rebuild_events(con, DedupConfig(rule[0], tuple(rule[1])) if rule else DedupConfig(), None)
            con.execute("COMMIT")
        if not self._files("mentions") and not self._files("events"):
            raise StoreError(f"{self.path}: no mentions or events Parquet files found (expected mentions.parquet "
                             "or mentions/*.parquet)")

    def close(self) -> None:
        """Release the database."""
        if self._store is not None:
            self._store.close()
        else:
            self.con.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def select(self, sql: str, params: list[Any]) -> tuple[list[str], list[tuple]]:
        """Run a parameterised read query over articles, mentions and events: (column names, rows)."""
        cur = self.con.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return cols, cur.fetchall()

    # ---- queries ------------------------------------------------------------------------------------
    def events(self, f: Filters, *, mentions: bool = False, limit: int | None = 50, offset: int = 0,
               all_columns: bool = False) -> tuple[list[str], list[tuple]]:
        """Deduplicated events (or their mentions) matching the filters, newest first."""
        table, alias = ("mentions", "m") if mentions else ("events", "e")
        where, params = f.where(alias)
        cols = "*" if all_columns else ", ".join(MENTION_LIST_COLUMNS if mentions else EVENT_LIST_COLUMNS)
        sql = f"SELECT {cols} FROM {table} {alias} WHERE {where} ORDER BY {alias}.date DESC NULLS LAST, 1"
        offset = check_count("offset", offset)
        if limit is not None:
            sql += f" LIMIT {check_count('limit', limit)} OFFSET {offset}"
        elif offset:
            sql += f" OFFSET {offset}"
        return self.select(sql, params)

    def count(self, f: Filters, mentions: bool = False) -> int:
        """How many events (or mentions) match."""
        table, alias = ("mentions", "m") if mentions else ("events", "e")
        where, params = f.where(alias)
        return self.con.execute(f"SELECT count(*) FROM {table} {alias} WHERE {where}", params).fetchall()[0][0]

    def dyads(self, f: Filters, top: int = 20) -> tuple[list[str], list[tuple]]:
        """Top country dyads with counts per quad class and Goldstein mean and sum."""
        where, params = f.where("e")
        sql = f"""SELECT source_country, coalesce(target_country, '-') AS target_country, count(*) AS events,
                   count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
                   count(*) FILTER (WHERE quad_class = 2) AS material_coop,
                   count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
                   count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
                   round(avg(goldstein), 2) AS goldstein_mean, round(sum(goldstein), 1) AS goldstein_sum,
                   sum(num_mentions)::BIGINT AS mentions
                  FROM events e WHERE {where}
                  GROUP BY 1, 2 ORDER BY events DESC, 1, 2 LIMIT {check_count('top', top)}"""
        return self.select(sql, params)

    def timeline(self, f: Filters, by: str = "month") -> tuple[list[str], list[tuple]]:
        """Cooperation vs conflict per period (counts and Goldstein) for the filtered events."""
        if by not in PERIODS:
            raise QueryError(f"--by must be one of {', '.join(PERIODS)}")
        where, params = f.where("e")
        sql = f"""SELECT CAST(date_trunc('{by}', date) AS DATE) AS period, count(*) AS events,
                   count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
                   count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
                   round(sum(goldstein), 1) AS goldstein_sum, round(avg(goldstein), 2) AS goldstein_mean
                  FROM events e WHERE {where} AND date IS NOT NULL
                  GROUP BY 1 ORDER BY 1"""
        return self.select(sql, params)

    def actors(self, f: Filters, top: int = 50) -> tuple[list[str], list[tuple]]:
        """Actor codes with how often each appears as source and as target (over mentions)."""
        where, params = f.where("m")
        sql = f"""SELECT code, any_value(country) AS country, any_value(sector) AS sector, mode(name) AS name,
                   count(*) FILTER (WHERE side = 'source') AS as_source,
                   count(*) FILTER (WHERE side = 'target') AS as_target, count(*) AS mentions
                  FROM (SELECT source_code AS code, source_country AS country, source_sector AS sector,
                               source_name AS name, 'source' AS side FROM mentions m WHERE {where}
                        UNION ALL
                        SELECT target_code, target_country, target_sector, target_name, 'target'
                        FROM mentions m WHERE {where} AND target_code IS NOT NULL)
                  GROUP BY code ORDER BY mentions DESC, code LIMIT {check_count('top', top)}"""
        return self.select(sql, params + params)
