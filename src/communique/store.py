"""The event database: one DuckDB file with articles, mentions (coded events) and deduplicated events."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from .dates import parse_date
from .defaults import DEDUP_KEYS, DEDUP_WINDOW_DAYS
from .errors import CommuniqueError
from .models import CodedArticle, DocStatus, Event

SCHEMA_VERSION = "2"
UPGRADABLE = ("1",)  # older schemas a write-open upgrades in place (new columns added, empty for old rows)
DUCKDB_MAGIC = b"DUCK"

ARTICLE_COLUMNS: list[tuple[str, str]] = [
    ("article_id", "VARCHAR"), ("origin", "VARCHAR"), ("url", "VARCHAR"), ("source", "VARCHAR"),
    ("title", "VARCHAR"), ("date", "DATE"), ("text", "VARCHAR"), ("status", "VARCHAR"), ("reason", "VARCHAR"),
    ("detail", "VARCHAR"), ("events", "INTEGER"), ("coded_at", "TIMESTAMP"),
    ("figures", "VARCHAR"),  # the article's stated money and trade figures, a JSON list (see the figures view)
]

ACTOR_FIELDS = ("code", "country", "sector", "name", "text", "start", "end")
# the event place beyond name, country, lat, lon and GeoNames id
LOCATION_EXTRA: list[tuple[str, str]] = [
    ("location_kind", "VARCHAR"), ("location_full_name", "VARCHAR"), ("location_region", "VARCHAR"),
    ("location_adm1", "VARCHAR"), ("location_fips", "VARCHAR"), ("location_type", "INTEGER"),
    ("location_feature_id", "VARCHAR"),
]
GEO_FIELDS: list[tuple[str, str]] = [
    ("type", "INTEGER"), ("full_name", "VARCHAR"), ("country", "VARCHAR"), ("fips", "VARCHAR"), ("adm1", "VARCHAR"),
    ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("feature_id", "VARCHAR"),
]
# where each actor is (GDELT's Actor1Geo and Actor2Geo)
GEO_COLUMNS: list[tuple[str, str]] = [(f"{side}_geo_{f}", t) for side in ("source", "target") for f, t in GEO_FIELDS]
COUNT_KINDS = ("killed", "wounded", "arrested")
COUNT_COLUMNS: list[tuple[str, str]] = [(k, "BIGINT") for k in COUNT_KINDS]  # stated counts on the event
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
    ("trigger_end", "INTEGER"), ("pattern", "VARCHAR"), ("source_how", "VARCHAR"), ("target_how", "VARCHAR"),
    ("provenance", "VARCHAR"), ("dedup_key", "VARCHAR"),
    *LOCATION_EXTRA, *GEO_COLUMNS, *COUNT_COLUMNS,
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
    *LOCATION_EXTRA, *GEO_COLUMNS, *COUNT_COLUMNS,
]

FIGURE_FIELDS = {"kind": "VARCHAR", "value": "DOUBLE", "unit": "VARCHAR", "currency": "VARCHAR",
                 "scale_text": "VARCHAR", "quantity": "VARCHAR", "period": "VARCHAR", "text": "VARCHAR",
                 "start": "INTEGER", "end": "INTEGER"}
# one row per stated figure of an article (kept as JSON on the article, so it travels with it everywhere)
FIGURES_VIEW = f"""CREATE OR REPLACE VIEW figures AS
    SELECT article_id, date, source, unnest(from_json(figures, '{json.dumps([FIGURE_FIELDS])}'), recursive := true)
    FROM articles WHERE figures IS NOT NULL AND figures <> '[]'"""


def _side_key(side: str, column: str) -> str:
    """SQL of one actor side of the dedup key: an unresolved actor ('---') is told apart by its text, so that two
    unknown people are not one actor."""
    return (f"CASE WHEN m.{side}_country = '---' THEN concat(m.{side}_{column}, ':', lower(m.{side}_text)) "
            f"ELSE coalesce(m.{side}_{column}, '') END")


KEY_PARTS = {
    "source": _side_key("source", "code"), "source_country": _side_key("source", "country"),
    "target": _side_key("target", "code"), "target_country": _side_key("target", "country"),
    "base": "m.cameo_base", "root": "m.cameo_root", "code": "m.cameo_code",
}


class StoreError(CommuniqueError):
    """The database file cannot be used (corrupt, foreign, wrong schema version)."""


class StoreLockedError(StoreError):
    """Another process holds the database file locked; read_only says whether this side wanted to read it."""

    def __init__(self, message: str, *, path: Path | None = None, read_only: bool = True, wait: float = 0.0) -> None:
        super().__init__(message)
        self.path = path
        self.read_only = read_only
        self.wait = wait

    def __reduce__(self) -> tuple:
        """Pickle with the typed fields (for errors raised in worker processes)."""
        return _locked_error, (str(self), self.path, self.read_only, self.wait)


def _locked_error(message: str, path: Path | None, read_only: bool, wait: float) -> StoreLockedError:
    """Rebuild a pickled StoreLockedError."""
    return StoreLockedError(message, path=path, read_only=read_only, wait=wait)


def lock_message(path: Path, read_only: bool, wait: float) -> str:
    """What to tell a reader (queries, export, serve: they can wait longer) or a writer (a coding run) of a locked
    file."""
    if read_only:
        return (f"{path} is being written by another communique process (a coding run holds the lock); "
                f"waited {wait:g} s. Try again when that run ends, or pass --wait with more seconds.")
    return (f"{path} is in use by another communique run (a coding run writing it, or a query, export or server "
            f"reading it); waited {wait:g} s. Wait for that run to end and start this one again, or write to "
            "another database file.")


@dataclass(frozen=True)
class DedupConfig:
    """How mentions of one real-world event are grouped: same key parts, dates within the window."""

    window_days: int = DEDUP_WINDOW_DAYS
    keys: tuple[str, ...] = DEDUP_KEYS

    def __post_init__(self) -> None:
        bad = [k for k in self.keys if k not in KEY_PARTS]
        if bad or not self.keys:
            raise StoreError(f"unknown dedup key(s) {', '.join(bad) or '(none)'}; choose from {', '.join(KEY_PARTS)}")
        if self.window_days < 0:
            raise StoreError("the dedup window must be 0 days or more")

    @classmethod
    def parse(cls, window: int | None, keys: str | None) -> DedupConfig:
        """Build from command-line values (keys as 'source,target,base')."""
        return cls(window if window is not None else DEDUP_WINDOW_DAYS,
                   tuple(k.strip() for k in keys.split(",")) if keys else DEDUP_KEYS)

    def key_sql(self) -> str:
        """SQL expression of the grouping key over a mentions row aliased m."""
        return "concat_ws('|', " + ", ".join(KEY_PARTS[k] for k in self.keys) + ")"


def _ddl(name: str, columns: list[tuple[str, str]], temp: bool = False) -> str:
    cols = ", ".join(f'"{c}" {t}' for c, t in columns)
    return f"CREATE {'TEMP ' if temp else ''}TABLE IF NOT EXISTS {name} ({cols})"


def group_sql(config: DedupConfig, source: str = "cand") -> str:
    """SELECT one row per group of mentions in `source` (mention_id, article_id, date, sentence, confidence,
    location_name, dedup_key): the event id, its first mention (rep), first mention with a place (loc_rep),
    dates, counts and the member mention ids.

    Dated mentions with the same key whose dates are within the window of the previous one form a group; mentions
    without a date form one group per key and article. Keys with a single mention (most of them) take a direct
    path. Event ids are unique: a key's dated groups start on distinct dates (a new group starts only after a gap
    longer than the window), and its undated groups are one per article, so md5(key | article | first date) never
    repeats within a rebuild."""
    order = ("coalesce(CAST(m.date AS VARCHAR), '~') || '|' || m.article_id || '|' || "
             "lpad(CAST(m.sentence AS VARCHAR), 6, '0') || '|' || m.mention_id")
    event_id = "md5({k} || '|' || {undated} || '|' || coalesce(CAST({date} AS VARCHAR), ''))"
    window = int(config.window_days)
    return f"""
    WITH kc AS (
        SELECT dedup_key AS k, count(*) AS n FROM {source} GROUP BY 1
    ), m AS (
        SELECT m.*, coalesce(a.source, m.article_id) AS news_source, {order} AS ord,
               CASE WHEN m.date IS NULL THEN m.article_id ELSE '' END AS undated, m.date IS NULL AS no_date
        FROM {source} m SEMI JOIN kc ON kc.k = m.dedup_key AND kc.n > 1
        LEFT JOIN articles a ON a.article_id = m.article_id
    ), o AS (
        SELECT *, lag(date) OVER (PARTITION BY dedup_key, no_date, undated ORDER BY ord) AS prev FROM m
    ), g AS (
        SELECT *, sum(CASE WHEN no_date THEN 0 WHEN prev IS NULL OR date - prev > {window} THEN 1 ELSE 0 END)
                  OVER (PARTITION BY dedup_key, no_date, undated ORDER BY ord ROWS UNBOUNDED PRECEDING) AS grp
        FROM o
    ), c AS (
        SELECT dedup_key, undated, min(date) AS date, max(date) AS last_date,
               split_part(min(ord), '|', 4) AS rep,
               split_part(min(ord) FILTER (WHERE location_name IS NOT NULL), '|', 4) AS loc_rep,
               count(*)::INTEGER AS num_mentions, count(DISTINCT news_source)::INTEGER AS num_sources,
               count(DISTINCT article_id)::INTEGER AS num_articles, avg(confidence) AS confidence,
               bool_or(sentence = 0) AS is_root, list(mention_id) AS mention_ids
        FROM g GROUP BY dedup_key, no_date, undated, grp
    )
    SELECT {event_id.format(k='dedup_key', undated='undated', date='date')} AS event_id, dedup_key, date,
           last_date, rep, loc_rep, num_mentions, num_sources, num_articles, confidence, is_root, mention_ids
    FROM c
    UNION ALL
    SELECT {event_id.format(k='s.dedup_key', undated="CASE WHEN s.date IS NULL THEN s.article_id ELSE '' END",
                            date='s.date')},
           s.dedup_key, s.date, s.date, s.mention_id, CASE WHEN s.location_name IS NULL THEN NULL
           ELSE s.mention_id END, 1, 1, 1, s.confidence, s.sentence = 0, [s.mention_id]
    FROM {source} s SEMI JOIN kc ON kc.k = s.dedup_key AND kc.n = 1
    """


EVENT_SELECT = f"""
    SELECT g.event_id, ('0x' || substr(g.event_id, 1, 13))::BIGINT AS global_id, g.dedup_key, g.date, g.last_date,
           r.source_code, r.source_country, r.source_sector, r.source_name,
           r.target_code, r.target_country, r.target_sector, r.target_name,
           r.cameo_code, r.cameo_base, r.cameo_root, r.cameo_name, r.quad_class, r.goldstein,
           r.plover_type, r.plover_mode, r.plover_context,
           l.location_name, l.location_country, l.lat, l.lon, l.geonames_id,
           g.num_mentions, g.num_sources, g.num_articles, g.confidence, g.is_root,
           a.url AS source_url, r.article_id AS first_article_id,
           coalesce(a.coded_at, current_timestamp::TIMESTAMP) AS date_added,
           {", ".join("l." + c for c, _ in LOCATION_EXTRA)},
           {", ".join(f"CASE WHEN l.mention_id IS NULL THEN r.{c} ELSE l.{c} END" for c, _ in GEO_COLUMNS)},
           {", ".join(f"(SELECT max(c.{k}) FROM mentions c WHERE c.event_id = g.event_id)" for k in COUNT_KINDS)}
    FROM groups g JOIN mentions r ON r.mention_id = g.rep
    LEFT JOIN mentions l ON l.mention_id = g.loc_rep
    LEFT JOIN articles a ON a.article_id = r.article_id
"""
THIN = "mention_id, article_id, date, sentence, confidence, location_name"


def rebuild_events(con: duckdb.DuckDBPyConnection, config: DedupConfig, keys_table: str | None,
                   batch: str | None = None) -> None:
    """Regroup mentions into events: those whose key is in keys_table (every mention when None), plus the
    mentions of an incoming batch relation, which are inserted here with their keys and event ids."""
    key = config.key_sql()
    existing = "TRUE" if keys_table is None else f"m.dedup_key IN (SELECT k FROM {keys_table})"
    parts = [f"SELECT {THIN}, {key} AS dedup_key, false AS is_new FROM mentions m WHERE {existing}"]
    if batch is not None:
        parts.append(f"SELECT {THIN}, {key} AS dedup_key, true AS is_new FROM {batch} m")
    con.execute(f"CREATE OR REPLACE TEMP TABLE cand AS {' UNION ALL '.join(parts)}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE groups AS {group_sql(config, 'cand')}")
    con.execute("CREATE OR REPLACE TEMP TABLE assign AS "
                "SELECT event_id, dedup_key, unnest(mention_ids) AS mention_id FROM groups")
    if batch is not None:
        con.execute(f"INSERT INTO mentions SELECT m.* REPLACE (a.event_id AS event_id, a.dedup_key AS dedup_key) "
                    f"FROM {batch} m JOIN assign a ON a.mention_id = m.mention_id")
    con.execute("""UPDATE mentions SET event_id = a.event_id, dedup_key = a.dedup_key
                   FROM assign a JOIN cand c ON c.mention_id = a.mention_id AND NOT c.is_new
                   WHERE mentions.mention_id = a.mention_id
                     AND (mentions.event_id IS DISTINCT FROM a.event_id
                          OR mentions.dedup_key IS DISTINCT FROM a.dedup_key)""")
    if keys_table is None:
        con.execute("DELETE FROM events")
    else:
        con.execute(f"DELETE FROM events WHERE dedup_key IN (SELECT k FROM {keys_table})")
    cols = ", ".join(f'"{c}"' for c, _ in EVENT_COLUMNS)
    con.execute(f"INSERT INTO events ({cols}) {EVENT_SELECT}")
    for t in ("cand", "groups", "assign"):
        con.execute(f"DROP TABLE {t}")


def is_duckdb_file(path: Path) -> bool:
    """True when the file starts with DuckDB's header (an empty file counts as new)."""
    with path.open("rb") as f:
        head = f.read(16)
    return not head or head[8:12] == DUCKDB_MAGIC


def _connect(path: Path, read_only: bool, wait: float, *, reader: bool | None = None) -> duckdb.DuckDBPyConnection:
    """Open the file, retrying for `wait` seconds while another process holds its lock; `reader` (default:
    read_only) says which lock message applies when the wait runs out."""
    reader = read_only if reader is None else reader
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
                raise StoreLockedError(lock_message(path, reader, wait), path=path, read_only=reader,
                                       wait=wait) from exc
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
            probe = _connect(self.path, True, wait, reader=read_only)
            try:
                self._check_ours(probe)
            finally:
                probe.close()
        self.con = _connect(self.path, read_only, wait)
        if not read_only:
            # Checkpoint when the run closes rather than after every batch: committed batches sit in the
            # write-ahead log, which DuckDB replays if the process dies, so nothing committed is lost.
            self.con.execute("SET checkpoint_threshold = '1GB'")
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
        if version and version[0] in UPGRADABLE and self.read_only:
            raise StoreError(f"{self.path} was written by an earlier communique (schema version {version[0]}); "
                             f"open it for writing once to upgrade it in place: 'communique dedup {self.path}' "
                             f"does (or any 'communique code ... --db {self.path}').")
        if not version or version[0] not in (SCHEMA_VERSION, *UPGRADABLE):
            raise StoreError(f"{self.path} has communique schema version {version[0] if version else '?'}; "
                             f"this version reads {SCHEMA_VERSION}. Recode into a new file.")

    def _create(self) -> None:
        self.con.execute("BEGIN")
        self.con.execute("CREATE TABLE IF NOT EXISTS communique_meta (key VARCHAR, value VARCHAR)")
        self.con.execute(_ddl("articles", ARTICLE_COLUMNS))
        self.con.execute(_ddl("mentions", MENTION_COLUMNS))
        self.con.execute(_ddl("events", EVENT_COLUMNS))
        self._upgrade()
        self.con.execute(FIGURES_VIEW)
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

    def _upgrade(self) -> None:
        """Bring an older schema up to this one: add the columns it lacks (empty for its rows)."""
        added = False
        for table, columns in (("articles", ARTICLE_COLUMNS), ("mentions", MENTION_COLUMNS),
                               ("events", EVENT_COLUMNS)):
            have = {r[0] for r in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
            for name, sql_type in columns:
                if name not in have:
                    self.con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql_type}')
                    added = True
        if added:
            # the earlier schema knew a place's name, country and point: a city when it had a point, else a country
            for table in ("mentions", "events"):
                self.con.execute(f"""UPDATE {table} SET location_kind = CASE WHEN lat IS NULL THEN 'country'
                                         ELSE 'city' END,
                                     location_type = CASE WHEN lat IS NULL THEN 1 ELSE 4 END,
                                     location_full_name = location_name,
                                     location_feature_id = CAST(geonames_id AS VARCHAR)
                                     WHERE location_name IS NOT NULL AND location_kind IS NULL""")
        self.con.execute("UPDATE communique_meta SET value = ? WHERE key = 'schema_version'", [SCHEMA_VERSION])

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
        """Which of these article ids are already stored as coded (a skipped document is read again next run)."""
        ids = [i for i in ids if i]
        if not ids:
            return set()
        rows = self.con.execute("SELECT article_id FROM articles WHERE status = 'coded' AND "
                                "list_contains(?, article_id)", [ids]).fetchall()
        return {r[0] for r in rows}

    def write(self, items: list[CodedArticle | DocStatus], recode: bool = False) -> int:
        """Store a batch of coded articles and skipped documents in one transaction; return mentions added."""
        articles, mentions = to_arrow(items)
        if not articles.num_rows:
            return 0
        self.write_arrow(articles, mentions, replace=recode)
        return mentions.num_rows

    def write_arrow(self, articles, mentions, replace: bool = False) -> None:
        """Bulk-insert Arrow tables of articles and mentions (columns as ARTICLE_COLUMNS and MENTION_COLUMNS)
        and regroup the events they touch, in one transaction; with replace, their articles' old rows go first.
        Stored rows of documents that were skipped give way to the batch's rows with the same article id or origin,
        so a document read again (coded now, or skipped again) keeps one row."""
        con = self.con
        con.execute("BEGIN")
        try:
            con.register("batch_articles", articles)
            con.register("batch_mentions", mentions)
            key = self.dedup.key_sql()
            con.execute(f"CREATE OR REPLACE TEMP TABLE touched_keys AS SELECT DISTINCT {key} AS k "
                        "FROM batch_mentions m")
            if replace:
                con.execute("INSERT INTO touched_keys SELECT DISTINCT dedup_key FROM mentions m "
                            "WHERE m.article_id IN (SELECT article_id FROM batch_articles)")
                con.execute("DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM batch_articles)")
                con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM batch_articles)")
            con.execute("""DELETE FROM articles WHERE status IS DISTINCT FROM 'coded'
                           AND (article_id IN (SELECT article_id FROM batch_articles)
                                OR origin IN (SELECT origin FROM batch_articles WHERE origin IS NOT NULL))""")
            con.execute("INSERT INTO articles SELECT * FROM batch_articles")
            rebuild_events(con, self.dedup, "touched_keys", batch="batch_mentions")
            con.execute("DROP TABLE touched_keys")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.unregister("batch_articles")
            con.unregister("batch_mentions")

    def _rebuild_events(self, keys_table: str | None) -> None:
        """Recompute the events of the keys in keys_table (all when None), inside the caller's transaction."""
        rebuild_events(self.con, self.dedup, keys_table)

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


def to_arrow(items: list[CodedArticle | DocStatus], seen: set[str] | None = None):
    """Arrow tables (articles, mentions) for coded articles and skipped documents, one row per article id
    (ids already in `seen`, when given, are left out and new ones added to it)."""
    import pyarrow as pa

    articles: dict[str, list[Any]] = {c: [] for c, _ in ARTICLE_COLUMNS}
    mentions: dict[str, list[Any]] = {c: [] for c, _ in MENTION_COLUMNS}
    now = _now()
    seen = set() if seen is None else seen
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
    return (pa.table({c: pa.array(articles[c], type=_arrow_type(t)) for c, t in ARTICLE_COLUMNS}),
            pa.table({c: pa.array(mentions[c], type=_arrow_type(t)) for c, t in MENTION_COLUMNS}))


def skipped_id(status: DocStatus) -> str:
    """A stable id for a document that could not be read (from where it came from)."""
    return status.article_id or "skip-" + hashlib.sha1((status.origin or "").encode()).hexdigest()[:16]


def article_row(item: CodedArticle | DocStatus, now) -> dict[str, Any]:
    """One articles row."""
    if isinstance(item, DocStatus):
        return {"article_id": skipped_id(item), "origin": item.origin, "url": None, "source": None, "title": None,
                "date": None, "text": None, "status": item.status, "reason": item.reason, "detail": item.detail,
                "events": 0, "coded_at": now, "figures": None}
    a, s = item.article, item.status
    figures = json.dumps([f.to_dict() for f in item.figures], ensure_ascii=False) if item.figures else None
    return {"article_id": a.id, "origin": a.origin, "url": a.url, "source": a.source, "title": a.title,
            "date": parse_date(a.date), "text": a.text, "status": s.status, "reason": s.reason, "detail": s.detail,
            "events": s.events, "coded_at": now, "figures": figures}


def mention_row(ev: Event) -> dict[str, Any]:
    """One mentions row: the flat form of an Event record."""
    row: dict[str, Any] = {
        "mention_id": ev.event_id, "event_id": None, "article_id": ev.article_id, "sentence": ev.sentence,
        "date": parse_date(ev.date), "cameo_code": ev.cameo.code, "cameo_base": ev.cameo.code[:3],
        "cameo_root": ev.cameo.root, "cameo_name": ev.cameo.name, "quad_class": ev.cameo.quad_class,
        "goldstein": ev.cameo.goldstein, "plover_type": ev.plover.type, "plover_mode": ev.plover.mode,
        "plover_context": ",".join(ev.plover.context) or None, "modality": ev.modality,
        "confidence": ev.confidence, "sentence_text": ev.evidence.sentence_text,
        "sentence_start": ev.evidence.sentence_start, "sentence_end": ev.evidence.sentence_end,
        "trigger_text": ev.evidence.trigger.text, "trigger_start": ev.evidence.trigger.start,
        "trigger_end": ev.evidence.trigger.end, "pattern": ev.provenance.pattern,
        "source_how": ev.source.how, "target_how": ev.target.how if ev.target else None,
        "provenance": json.dumps(asdict(ev.provenance), ensure_ascii=False), "dedup_key": None,
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
    for column, _t in LOCATION_EXTRA:
        row[column] = getattr(loc, column[len("location_"):].replace("type", "geo_type"), None) if loc else None
    for side, place in (("source", ev.source_location), ("target", ev.target_location)):
        for f, _t in GEO_FIELDS:
            row[f"{side}_geo_{f}"] = getattr(place, "geo_type" if f == "type" else f, None) if place else None
    for kind in COUNT_KINDS:
        row[kind] = next((c.value for c in ev.counts if c.kind == kind), None)
    return row


def load_dataset(dataset: str | Path, store, progress: Any = None) -> int:
    """Load a Parquet dataset written by a scaled-out run into an EventStore; return mentions loaded.
    Articles already in the database are replaced, so loading twice adds nothing twice."""
    import pyarrow.parquet as pq

    root = Path(dataset)
    parts = sorted((root / "articles").glob("part-*.parquet"))
    if not parts:
        raise StoreError(f"{root}: no articles/part-*.parquet files; is it a dataset written by --engine dask?")
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
