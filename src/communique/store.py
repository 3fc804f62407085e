"""The event database: one DuckDB file with articles, mentions (coded events) and deduplicated events."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .errors import CommuniqueError
from .models import CodedArticle, DocStatus, Event

SCHEMA_VERSION = "1"
DUCKDB_MAGIC = b"DUCK"

ARTICLE_COLUMNS: list[tuple[str, str]] = [
    ("article_id", "VARCHAR"), ("origin", "VARCHAR"), ("url", "VARCHAR"), ("source", "VARCHAR"),
    ("title", "VARCHAR"), ("date", "DATE"), ("text", "VARCHAR"), ("status", "VARCHAR"), ("reason", "VARCHAR"),
    ("detail", "VARCHAR"), ("events", "INTEGER"), ("coded_at", "TIMESTAMP"),
]

ACTOR_FIELDS = ("code", "country", "sector", "name", "text", "start", "end")
MENTION_COLUMNS: list[tuple[str, str]] = [
    ("mention_id", "VARCHAR"), ("event_id", "VARCHAR"), ("article_id", "VARCHAR"), ("sentence", "INTEGER"),
    ("date", "DATE"),
    *[(f"source_{f}", "INTEGER" if f in ("start", "end") else "VARCHAR") for f in ACTOR_FIELDS],
    *[(f"target_{f}", "INTEGER" if f in ("start", "end") else "VARCHAR") for f in ACTOR_FIELDS],
    ("cameo_code", "VARCHAR"), ("cameo_base", "VARCHAR"), ("cameo_root", "VARCHAR"), ("cameo_name", "VARCHAR"),
    ("quad_class", "INTEGER"), ("goldstein", "DOUBLE"), ("plover_type", "VARCHAR"), ("plover_mode", "VARCHAR"),
    ("plover_context", "VARCHAR"), ("location_name", "VARCHAR"), ("location_country", "VARCHAR"),
    ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("geonames_id", "BIGINT"), ("modality", "VARCHAR"),
    ("confidence", "DOUBLE"), ("sentence_text", "VARCHAR"), ("sentence_start", "INTEGER"),
    ("sentence_end", "INTEGER"), ("trigger_text", "VARCHAR"), ("trigger_start", "INTEGER"),
    ("trigger_end", "INTEGER"), ("pattern", "VARCHAR"), ("record", "VARCHAR"),
]

EVENT_COLUMNS: list[tuple[str, str]] = [
    ("event_id", "VARCHAR"), ("global_id", "BIGINT"), ("dedup_key", "VARCHAR"), ("date", "DATE"),
    ("last_date", "DATE"),
    *[(f"source_{f}", "VARCHAR") for f in ("code", "country", "sector", "name")],
    *[(f"target_{f}", "VARCHAR") for f in ("code", "country", "sector", "name")],
    ("cameo_code", "VARCHAR"), ("cameo_base", "VARCHAR"), ("cameo_root", "VARCHAR"), ("cameo_name", "VARCHAR"),
    ("quad_class", "INTEGER"), ("goldstein", "DOUBLE"), ("plover_type", "VARCHAR"), ("plover_mode", "VARCHAR"),
    ("plover_context", "VARCHAR"), ("location_name", "VARCHAR"), ("location_country", "VARCHAR"),
    ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("geonames_id", "BIGINT"), ("num_mentions", "INTEGER"),
    ("num_sources", "INTEGER"), ("num_articles", "INTEGER"), ("confidence", "DOUBLE"), ("is_root", "BOOLEAN"),
    ("source_url", "VARCHAR"), ("first_article_id", "VARCHAR"), ("date_added", "TIMESTAMP"),
]

KEY_PARTS = {
    "source": "coalesce(m.source_code, '')", "source_country": "coalesce(m.source_country, '')",
    "target": "coalesce(m.target_code, '')", "target_country": "coalesce(m.target_country, '')",
    "base": "m.cameo_base", "root": "m.cameo_root", "code": "m.cameo_code",
}


class StoreError(CommuniqueError):
    """The database file cannot be used (corrupt, foreign, wrong schema version)."""


class StoreLockedError(StoreError):
    """Another process holds the database for writing."""


@dataclass(frozen=True)
class DedupConfig:
    """How mentions of one real-world event are grouped: same key parts, dates within the window."""

    window_days: int = 1
    keys: tuple[str, ...] = ("source", "target", "base")

    def __post_init__(self) -> None:
        bad = [k for k in self.keys if k not in KEY_PARTS]
        if bad or not self.keys:
            raise StoreError(f"unknown dedup key(s) {', '.join(bad) or '(none)'}; choose from {', '.join(KEY_PARTS)}")
        if self.window_days < 0:
            raise StoreError("the dedup window must be 0 days or more")

    @classmethod
    def parse(cls, window: int | None, keys: str | None) -> DedupConfig:
        """Build from command-line values (keys as 'source,target,base')."""
        return cls(window if window is not None else 1,
                   tuple(k.strip() for k in keys.split(",")) if keys else ("source", "target", "base"))

    def key_sql(self) -> str:
        """SQL expression of the grouping key over a mentions row aliased m."""
        return "concat_ws('|', " + ", ".join(KEY_PARTS[k] for k in self.keys) + ")"


def _ddl(name: str, columns: list[tuple[str, str]], temp: bool = False) -> str:
    cols = ", ".join(f'"{c}" {t}' for c, t in columns)
    return f"CREATE {'TEMP ' if temp else ''}TABLE IF NOT EXISTS {name} ({cols})"


def dedup_sql(config: DedupConfig, where: str = "TRUE") -> str:
    """SELECT producing one events row per cluster of mentions (and nothing else), for mentions matching where."""
    key = config.key_sql()
    return f"""
    WITH m AS (
        SELECT m.*, {key} AS k, a.source AS article_source, a.url AS article_url,
               CASE WHEN m.date IS NULL THEN m.article_id ELSE '' END AS undated
        FROM mentions m LEFT JOIN articles a ON a.article_id = m.article_id
        WHERE {where}
    ), o AS (
        SELECT *, lag(date) OVER (PARTITION BY k, undated ORDER BY date, mention_id) AS prev FROM m
    ), g AS (
        SELECT *, sum(CASE WHEN prev IS NULL OR date - prev > {int(config.window_days)} THEN 1 ELSE 0 END)
                  OVER (PARTITION BY k, undated ORDER BY date, mention_id ROWS UNBOUNDED PRECEDING) AS grp
        FROM o
    ), c AS (
        SELECT k, undated, grp, md5(k || '|' || undated || '|' || coalesce(CAST(min(date) AS VARCHAR), ''))
               AS event_id, mode(cameo_code) AS top_code
        FROM g GROUP BY k, undated, grp
    )
    SELECT c.event_id, ('0x' || substr(c.event_id, 1, 13))::BIGINT AS global_id, any_value(g.k) AS dedup_key,
           min(g.date) AS date, max(g.date) AS last_date,
           mode(g.source_code) AS source_code, mode(g.source_country) AS source_country,
           mode(g.source_sector) AS source_sector, mode(g.source_name) AS source_name,
           mode(g.target_code) AS target_code, mode(g.target_country) AS target_country,
           mode(g.target_sector) AS target_sector, mode(g.target_name) AS target_name,
           any_value(c.top_code) AS cameo_code,
           arg_min(g.cameo_base, g.cameo_code <> c.top_code) AS cameo_base,
           arg_min(g.cameo_root, g.cameo_code <> c.top_code) AS cameo_root,
           arg_min(g.cameo_name, g.cameo_code <> c.top_code) AS cameo_name,
           arg_min(g.quad_class, g.cameo_code <> c.top_code) AS quad_class,
           arg_min(g.goldstein, g.cameo_code <> c.top_code) AS goldstein,
           arg_min(g.plover_type, g.cameo_code <> c.top_code) AS plover_type,
           arg_min(g.plover_mode, g.cameo_code <> c.top_code) AS plover_mode,
           arg_min(g.plover_context, g.cameo_code <> c.top_code) AS plover_context,
           arg_min(g.location_name, (g.location_name IS NULL, g.date, g.mention_id)) AS location_name,
           arg_min(g.location_country, (g.location_name IS NULL, g.date, g.mention_id)) AS location_country,
           arg_min(g.lat, (g.location_name IS NULL, g.date, g.mention_id)) AS lat,
           arg_min(g.lon, (g.location_name IS NULL, g.date, g.mention_id)) AS lon,
           arg_min(g.geonames_id, (g.location_name IS NULL, g.date, g.mention_id)) AS geonames_id,
           count(*)::INTEGER AS num_mentions,
           count(DISTINCT coalesce(g.article_source, g.article_id))::INTEGER AS num_sources,
           count(DISTINCT g.article_id)::INTEGER AS num_articles,
           avg(g.confidence) AS confidence, bool_or(g.sentence = 0) AS is_root,
           arg_min(g.article_url, (g.date, g.article_id, g.sentence)) AS source_url,
           arg_min(g.article_id, (g.date, g.article_id, g.sentence)) AS first_article_id,
           current_timestamp::TIMESTAMP AS date_added,
           list(g.mention_id) AS mention_ids
    FROM g JOIN c ON g.k = c.k AND g.undated = c.undated AND g.grp = c.grp
    GROUP BY c.event_id
    """


def rebuild_events(con: duckdb.DuckDBPyConnection, config: DedupConfig, keys: list[str] | None) -> None:
    """Regroup the mentions of the given dedup keys (all when None) into the events table."""
    key = config.key_sql()
    if keys is None:
        con.execute("DELETE FROM events")
        where = "TRUE"
        params: list[Any] = []
    else:
        if not keys:
            return
        con.execute("DELETE FROM events WHERE list_contains(?, dedup_key)", [keys])
        where = f"list_contains(?, {key})"
        params = [keys]
    cols = ", ".join(f'"{c}"' for c, _ in EVENT_COLUMNS)
    con.execute(f"CREATE OR REPLACE TEMP TABLE new_events AS {dedup_sql(config, where)}", params)
    con.execute(f"INSERT INTO events SELECT {cols} FROM new_events")
    con.execute("""UPDATE mentions SET event_id = x.event_id
                   FROM (SELECT event_id, unnest(mention_ids) AS mention_id FROM new_events) x
                   WHERE mentions.mention_id = x.mention_id""")
    con.execute("DROP TABLE new_events")


def is_duckdb_file(path: Path) -> bool:
    """True when the file starts with DuckDB's header (an empty file counts as new)."""
    with path.open("rb") as f:
        head = f.read(16)
    return not head or head[8:12] == DUCKDB_MAGIC


def _connect(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + max(wait, 0.0)
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" not in msg.lower() and "conflicting" not in msg.lower():
                raise StoreError(f"{path}: cannot open the database: {msg.splitlines()[0]}") from exc
            if time.monotonic() >= deadline:
                raise StoreLockedError(
                    f"{path} is being written by another communique process (a coding run holds the lock); "
                    f"waited {wait:g} s. Try again when that run ends, or pass --wait with more seconds.") from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
        except duckdb.Error as exc:
            raise StoreError(f"{path}: not a usable DuckDB database ({str(exc).splitlines()[0]})") from exc


class EventStore:
    """A communique database in one DuckDB file. Open it for writing (one process) or reading (waits for locks)."""

    def __init__(self, path: str | Path, *, read_only: bool = False, wait: float = 5.0,
                 dedup: DedupConfig | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        exists = self.path.exists() and self.path.stat().st_size > 0
        if self.path.exists() and self.path.is_dir():
            raise StoreError(f"{self.path} is a directory; give a .duckdb file (or read a Parquet dataset)")
        if read_only and not exists:
            raise StoreError(f"{self.path}: no such database; create it with 'communique code ... --db {self.path}'")
        if exists and not is_duckdb_file(self.path):
            raise StoreError(f"{self.path} is not a DuckDB database file; nothing was written to it. "
                             "Give a new file name or an existing communique database.")
        if exists:
            # Check it is ours before opening it for writing, so a foreign database is never touched.
            probe = _connect(self.path, True, wait)
            try:
                self._check_ours(probe)
            finally:
                probe.close()
        self.con = _connect(self.path, read_only, wait)
        if not read_only:
            self._create()
        self.dedup = dedup or self.stored_dedup()
        if not read_only and dedup is not None:
            self._save_dedup(dedup)

    # ---- schema ----------------------------------------------------------------------------------
    def _check_ours(self, con: duckdb.DuckDBPyConnection) -> None:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not tables:
            return
        if "communique_meta" not in tables:
            raise StoreError(f"{self.path} is a DuckDB database but not a communique one (tables: "
                             f"{', '.join(sorted(tables)[:5])}); nothing was written to it. Use a new file.")
        version = _one(con.execute("SELECT value FROM communique_meta WHERE key = 'schema_version'"))
        if not version or version[0] != SCHEMA_VERSION:
            raise StoreError(f"{self.path} has communique schema version {version[0] if version else '?'}; "
                             f"this version reads {SCHEMA_VERSION}. Recode into a new file.")

    def _create(self) -> None:
        self.con.execute("BEGIN")
        self.con.execute("CREATE TABLE IF NOT EXISTS communique_meta (key VARCHAR, value VARCHAR)")
        self.con.execute(_ddl("articles", ARTICLE_COLUMNS))
        self.con.execute(_ddl("mentions", MENTION_COLUMNS))
        self.con.execute(_ddl("events", EVENT_COLUMNS))
        self.con.execute("""CREATE OR REPLACE VIEW actors AS
            SELECT code, any_value(country) AS country, any_value(sector) AS sector, mode(name) AS name,
                   count(*) FILTER (WHERE side = 'source') AS as_source,
                   count(*) FILTER (WHERE side = 'target') AS as_target, count(*) AS mentions
            FROM (SELECT source_code AS code, source_country AS country, source_sector AS sector,
                         source_name AS name, 'source' AS side FROM mentions
                  UNION ALL
                  SELECT target_code, target_country, target_sector, target_name, 'target' FROM mentions
                  WHERE target_code IS NOT NULL)
            GROUP BY code""")
        if not _one(self.con.execute("SELECT 1 FROM communique_meta WHERE key = 'schema_version'")):
            self.con.execute("INSERT INTO communique_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        self.con.execute("COMMIT")

    def stored_dedup(self) -> DedupConfig:
        """The dedup rule this database was built with (default when none is stored)."""
        rows = dict(self.con.execute("SELECT key, value FROM communique_meta").fetchall())
        if "dedup_window" in rows:
            return DedupConfig(int(rows["dedup_window"]), tuple(rows["dedup_keys"].split(",")))
        return DedupConfig()

    def _save_dedup(self, config: DedupConfig) -> None:
        if config == self.stored_dedup() and _one(self.con.execute(
                "SELECT 1 FROM communique_meta WHERE key = 'dedup_window'")):
            return
        self.con.execute("BEGIN")
        self.con.execute("DELETE FROM communique_meta WHERE key IN ('dedup_window', 'dedup_keys')")
        self.con.execute("INSERT INTO communique_meta VALUES ('dedup_window', ?), ('dedup_keys', ?)",
                         [str(config.window_days), ",".join(config.keys)])
        self._rebuild_events(None)
        self.con.execute("COMMIT")

    # ---- writing -----------------------------------------------------------------------------------
    def known_articles(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are already stored."""
        ids = [i for i in ids if i]
        if not ids:
            return set()
        rows = self.con.execute("SELECT article_id FROM articles WHERE list_contains(?, article_id)",
                                [ids]).fetchall()
        return {r[0] for r in rows}

    def write(self, items: list[CodedArticle | DocStatus], recode: bool = False) -> int:
        """Store a batch of coded articles and skipped documents in one transaction; return mentions added."""
        import pyarrow as pa

        articles: dict[str, list[Any]] = {c: [] for c, _ in ARTICLE_COLUMNS}
        mentions: dict[str, list[Any]] = {c: [] for c, _ in MENTION_COLUMNS}
        now = _now()
        seen: set[str] = set()
        for item in items:
            row = article_row(item, now)
            if row["article_id"] in seen:
                continue
            seen.add(row["article_id"])
            for c, _ in ARTICLE_COLUMNS:
                articles[c].append(row[c])
            if isinstance(item, CodedArticle):
                for ev in item.events:
                    mrow = mention_row(ev)
                    for c, _ in MENTION_COLUMNS:
                        mentions[c].append(mrow[c])
        if not seen:
            return 0
        a_tab = pa.table({c: pa.array(articles[c], type=_arrow_type(t)) for c, t in ARTICLE_COLUMNS})
        m_tab = pa.table({c: pa.array(mentions[c], type=_arrow_type(t)) for c, t in MENTION_COLUMNS})
        con = self.con
        con.execute("BEGIN")
        try:
            con.register("batch_articles", a_tab)
            con.register("batch_mentions", m_tab)
            ids = list(seen)
            old_keys = []
            if recode:
                old_keys = [r[0] for r in con.execute(
                    f"SELECT DISTINCT {self.dedup.key_sql()} FROM mentions m WHERE list_contains(?, m.article_id)",
                    [ids]).fetchall()]
                con.execute("DELETE FROM mentions WHERE list_contains(?, article_id)", [ids])
                con.execute("DELETE FROM articles WHERE list_contains(?, article_id)", [ids])
            con.execute("INSERT INTO articles SELECT * FROM batch_articles")
            con.execute("INSERT INTO mentions SELECT * FROM batch_mentions")
            keys = [r[0] for r in con.execute(
                f"SELECT DISTINCT {self.dedup.key_sql()} FROM batch_mentions m").fetchall()]
            self._rebuild_events(sorted(set(keys) | set(old_keys)))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.unregister("batch_articles")
            con.unregister("batch_mentions")
        return len(mentions["mention_id"])

    def _rebuild_events(self, keys: list[str] | None) -> None:
        """Recompute the events of the given dedup keys (all when None), inside the caller's transaction."""
        rebuild_events(self.con, self.dedup, keys)

    def rededup(self, config: DedupConfig) -> None:
        """Regroup every mention under a new dedup rule (stored for later runs)."""
        self.dedup = config
        self._save_dedup(config)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {t: _one(self.con.execute(f"SELECT count(*) FROM {t}"))[0]
                for t in ("articles", "mentions", "events")}

    def close(self) -> None:
        """Checkpoint and close."""
        if not self.read_only:
            self.con.execute("CHECKPOINT")
        self.con.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _one(result) -> tuple | None:
    """The first row of a result, fetching it completely (DuckDB wants every result finished)."""
    rows = result.fetchall()
    return rows[0] if rows else None


def _now():
    import datetime as dt

    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _arrow_type(sql_type: str):
    import pyarrow as pa

    return {"VARCHAR": pa.string(), "DATE": pa.date32(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
            "DOUBLE": pa.float64(), "TIMESTAMP": pa.timestamp("s"), "BOOLEAN": pa.bool_()}[sql_type]


def _date(value: str | None):
    import datetime as dt

    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def skipped_id(status: DocStatus) -> str:
    """A stable id for a document that could not be read (from where it came from)."""
    return status.article_id or "skip-" + hashlib.sha1((status.origin or "").encode()).hexdigest()[:16]


def article_row(item: CodedArticle | DocStatus, now) -> dict[str, Any]:
    """One articles row."""
    if isinstance(item, DocStatus):
        return {"article_id": skipped_id(item), "origin": item.origin, "url": None, "source": None, "title": None,
                "date": None, "text": None, "status": item.status, "reason": item.reason, "detail": item.detail,
                "events": 0, "coded_at": now}
    a, s = item.article, item.status
    return {"article_id": a.id, "origin": a.origin, "url": a.url, "source": a.source, "title": a.title,
            "date": _date(a.date), "text": a.text, "status": s.status, "reason": s.reason, "detail": s.detail,
            "events": s.events, "coded_at": now}


def mention_row(ev: Event) -> dict[str, Any]:
    """One mentions row: the flat form of an Event record."""
    row: dict[str, Any] = {
        "mention_id": ev.event_id, "event_id": None, "article_id": ev.article_id, "sentence": ev.sentence,
        "date": _date(ev.date), "cameo_code": ev.cameo.code, "cameo_base": ev.cameo.code[:3],
        "cameo_root": ev.cameo.root, "cameo_name": ev.cameo.name, "quad_class": ev.cameo.quad_class,
        "goldstein": ev.cameo.goldstein, "plover_type": ev.plover.type, "plover_mode": ev.plover.mode,
        "plover_context": ",".join(ev.plover.context) or None, "modality": ev.modality,
        "confidence": ev.confidence, "sentence_text": ev.evidence["sentence_text"],
        "sentence_start": ev.evidence["sentence_start"], "sentence_end": ev.evidence["sentence_end"],
        "trigger_text": ev.evidence["trigger"]["text"], "trigger_start": ev.evidence["trigger"]["start"],
        "trigger_end": ev.evidence["trigger"]["end"], "pattern": ev.provenance["pattern"],
        "record": json.dumps(ev.to_dict(), ensure_ascii=False),
    }
    for side, actor in (("source", ev.source), ("target", ev.target)):
        for f in ACTOR_FIELDS:
            row[f"{side}_{f}"] = getattr(actor, f) if actor is not None else None
        if actor is not None and not actor.text:
            row[f"{side}_start"] = row[f"{side}_end"] = None
    loc = ev.location
    row.update({"location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
                "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
                "geonames_id": loc.geonames_id if loc else None})
    return row
