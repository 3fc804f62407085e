"""Exports in the formats users already load: GDELT 2.0 (events + mentions), POLECAT TSV, PLOVER JSONL,
Parquet and CSV."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from .about import __version__
from .datafiles import read_table
from .errors import CommuniqueError
from .models import NON_STATE
from .query import Dataset, Filters
from .store import FIGURE_FIELDS

FORMATS = ("gdelt", "polecat", "plover", "parquet", "csv")

GDELT_EVENT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{n}{f}" for n in (1, 2) for f in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                               "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                                               "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *[f"{p}Geo_{f}" for p in ("Actor1", "Actor2", "Action") for f in ("Type", "FullName", "CountryCode",
                                                                      "ADM1Code", "ADM2Code", "Lat", "Long",
                                                                      "FeatureID")],
    "DATEADDED", "SOURCEURL",
]
GDELT_MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName", "MentionIdentifier",
    "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset", "InRawText", "Confidence",
    "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
]
POLECAT_COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
    "Story Locations", "Language", "Version",
]


class ExportError(CommuniqueError):
    """An export cannot be written."""


# Tab, CR, LF and every other control character (C0, DEL, C1) plus the Unicode line and paragraph separators:
# the tab-separated exports replace each with a space, as GDELT's own files never hold one inside a field.
CONTROL_CHARS = r"[\x00-\x1f\x7f-\x9f\x{2028}\x{2029}]"


def clean_sql(expr: str) -> str:
    """SQL expression of a text value with its control characters replaced by spaces (NULL stays NULL)."""
    return f"regexp_replace({expr}, '{CONTROL_CHARS}', ' ', 'g')"


FIGURE_JSON = json.dumps([FIGURE_FIELDS])
QUAD_LABELS = {1: "VERBAL COOPERATION", 2: "MATERIAL COOPERATION", 3: "VERBAL CONFLICT", 4: "MATERIAL CONFLICT"}
# GeoNames feature codes POLECAT's Feature Type holds, by our kind of place
FEATURE_CODES = {"city": "PPL", "region": "ADM1", "country": "PCLI"}


def _reference_tables(con) -> None:
    """Register the Correlates of War country codes (data/cow_codes.tsv) for the POLECAT export."""
    import pyarrow as pa  # only the exports need it

    path = resources.files("communique").joinpath("data", "cow_codes.tsv")
    cow = read_table(path, "cow_codes.tsv", ("code", "cow", "cow_abb", "name"), ()).rows
    con.register("cow_ref", pa.table({"code": [r["code"] for r in cow], "cow": [int(r["cow"]) for r in cow]}))


def _actor_sql(n: int, side: str) -> str:
    blocks = "(" + ", ".join(f"'{b}'" for b in sorted(NON_STATE)) + ")"
    code, name = clean_sql(f"e.{side}_code"), clean_sql(f"e.{side}_name")
    country, sector = clean_sql(f"e.{side}_country"), clean_sql(f"e.{side}_sector")
    return f"""coalesce({code}, '') AS Actor{n}Code,
        upper(coalesce({name}, '')) AS Actor{n}Name,
        CASE WHEN e.{side}_country IN {blocks} OR e.{side}_country = '---' THEN '' ELSE coalesce({country}, '') END
            AS Actor{n}CountryCode,
        CASE WHEN e.{side}_country IN {blocks} THEN substr({code}, 4) ELSE '' END AS Actor{n}KnownGroupCode,
        '' AS Actor{n}EthnicCode, '' AS Actor{n}Religion1Code, '' AS Actor{n}Religion2Code,
        CASE WHEN e.{side}_country IN {blocks} THEN {country} ELSE coalesce({sector}, '') END
            AS Actor{n}Type1Code,
        '' AS Actor{n}Type2Code, '' AS Actor{n}Type3Code"""


def _geo_sql(prefix: str, col: str) -> str:
    """The 8 GDELT geo fields of one place: the event's (col 'location') or an actor's (col 'source_geo' ...)."""
    if col == "location":
        t, full, fips, adm1 = "e.location_type", "e.location_full_name", "e.location_fips", "e.location_adm1"
        lat, lon, feature = "e.lat", "e.lon", "e.location_feature_id"
    else:
        t, full, fips, adm1 = (f"e.{col}_{f}" for f in ("type", "full_name", "fips", "adm1"))
        lat, lon, feature = f"e.{col}_lat", f"e.{col}_lon", f"e.{col}_feature_id"
    return f"""coalesce({t}, 0) AS {prefix}Geo_Type,
        coalesce({clean_sql(full)}, '') AS {prefix}Geo_FullName,
        coalesce({clean_sql(fips)}, '') AS {prefix}Geo_CountryCode,
        coalesce({clean_sql(adm1)}, '') AS {prefix}Geo_ADM1Code, '' AS {prefix}Geo_ADM2Code,
        coalesce(CAST(round({lat}, 4) AS VARCHAR), '') AS {prefix}Geo_Lat,
        coalesce(CAST(round({lon}, 4) AS VARCHAR), '') AS {prefix}Geo_Long,
        coalesce({clean_sql(feature)}, '') AS {prefix}Geo_FeatureID"""


def gdelt_events_sql(where: str) -> str:
    """SELECT of the 61 GDELT 2.0 event columns, in GDELT's order and formats (text without control characters)."""
    return f"""SELECT e.global_id AS GLOBALEVENTID,
        CAST(strftime(e.date, '%Y%m%d') AS INTEGER) AS SQLDATE,
        CAST(strftime(e.date, '%Y%m') AS INTEGER) AS MonthYear, year(e.date) AS Year,
        printf('%.4f', year(e.date) + (month(e.date) * 30 + day(e.date)) / 365.0) AS FractionDate,
        {_actor_sql(1, 'source')}, {_actor_sql(2, 'target')},
        CASE WHEN e.is_root THEN 1 ELSE 0 END AS IsRootEvent,
        {clean_sql("e.cameo_code")} AS EventCode, {clean_sql("e.cameo_base")} AS EventBaseCode,
        {clean_sql("e.cameo_root")} AS EventRootCode,
        e.quad_class AS QuadClass, e.goldstein AS GoldsteinScale, e.num_mentions AS NumMentions,
        e.num_sources AS NumSources, e.num_articles AS NumArticles, 0.0 AS AvgTone,
        {_geo_sql('Actor1', 'source_geo')}, {_geo_sql('Actor2', 'target_geo')}, {_geo_sql('Action', 'location')},
        strftime(e.date_added, '%Y%m%d%H%M%S') AS DATEADDED,
        {clean_sql("coalesce(e.source_url, e.first_article_id)")} AS SOURCEURL
      FROM events e
      WHERE {where} AND e.date IS NOT NULL
      ORDER BY e.global_id"""


def gdelt_mentions_sql(where: str) -> str:
    """SELECT of the 16 GDELT 2.0 mentions columns (text without control characters)."""
    return f"""SELECT e.global_id AS GLOBALEVENTID,
        CAST(strftime(e.date_added, '%Y%m%d%H%M%S') AS BIGINT) AS EventTimeDate,
        CAST(strftime(coalesce(a.coded_at, e.date_added), '%Y%m%d%H%M%S') AS BIGINT) AS MentionTimeDate,
        1 AS MentionType, coalesce({clean_sql("a.source")}, '') AS MentionSourceName,
        {clean_sql("coalesce(a.url, m.article_id)")} AS MentionIdentifier, m.sentence + 1 AS SentenceID,
        coalesce(m.source_start, -1) AS Actor1CharOffset, coalesce(m.target_start, -1) AS Actor2CharOffset,
        m.trigger_start AS ActionCharOffset, 1 AS InRawText, CAST(round(m.confidence * 100) AS INTEGER) AS Confidence,
        coalesce(length(a.text), 0) AS MentionDocLen, 0.0 AS MentionDocTone, '' AS MentionDocTranslationInfo,
        '' AS Extras
      FROM mentions m JOIN events e ON e.event_id = m.event_id LEFT JOIN articles a ON a.article_id = m.article_id
      WHERE {where} AND e.date IS NOT NULL
      ORDER BY e.global_id, m.article_id, m.sentence"""


def polecat_sql(where: str) -> str:
    """SELECT of the 40 POLECAT columns as the published files write them: text labels for Quad Code, numeric
    COW codes, multi-valued fields joined with '; ', and the literal None for every missing value."""
    def text(expr: str) -> str:
        """A text column: control characters cleaned, empty or missing as None."""
        return f"coalesce(nullif({clean_sql(expr)}, ''), 'None')"

    def number(expr: str) -> str:
        """A number column: missing as None."""
        return f"coalesce(CAST({expr} AS VARCHAR), 'None')"

    def side(prefix: str, s: str, cow: str) -> str:
        """The eight columns of one side (Actor or Recipient)."""
        return f"""{text(f'e.{s}_name')} AS "{prefix} Name", {text(f'e.{s}_country')} AS "{prefix} Country",
            {number(f'{cow}.cow')} AS "{prefix} COW", {text(f'e.{s}_sector')} AS "Primary {prefix} Sector",
            {text(f'e.{s}_sector')} AS "{prefix} Sectors", 'None' AS "{prefix} Title",
            {text(f'e.{s}_name')} AS "{prefix} Name Raw", 'None' AS "Wikipedia {prefix} ID\""""
    place = text("e.location_name")
    quad = " ".join(f"WHEN {n} THEN '{label}'" for n, label in QUAD_LABELS.items())
    feature = " ".join(f"WHEN '{kind}' THEN '{code}'" for kind, code in FEATURE_CODES.items())
    return f"""SELECT {text('e.event_id')} AS "Event ID", {number('e.date')} AS "Event Date",
        {text('upper(e.plover_type)')} AS "Event Type", {text('e.plover_mode')} AS "Event Mode",
        {number('e.goldstein')} AS "Event Intensity", CASE e.quad_class {quad} ELSE 'None' END AS "Quad Code",
        {text("replace(e.plover_context, ',', '; ')")} AS "Contexts",
        {side('Actor', 'source', 'ca')}, {side('Recipient', 'target', 'cr')},
        {place} AS "Placename",
        CASE WHEN e.location_kind = 'city' THEN {place} ELSE 'None' END AS "City", 'None' AS "District",
        CASE WHEN e.location_kind = 'region' THEN {place} WHEN e.location_kind = 'city'
             THEN {text('e.location_region')} ELSE 'None' END AS "Province",
        {text('e.location_country')} AS "Country", {number('round(e.lat, 4)')} AS "Latitude",
        {number('round(e.lon, 4)')} AS "Longitude", {number('e.geonames_id')} AS "GeoNames ID",
        {place} AS "Raw Placename", CASE e.location_kind {feature} ELSE 'None' END AS "Feature Type",
        {text('a.source')} AS "Source", {number('a.date')} AS "Publication Date",
        'None' AS "Story People", 'None' AS "Story Organizations", {place} AS "Story Locations",
        'en' AS "Language", 'communique-{__version__}' AS "Version"
      FROM events e LEFT JOIN articles a ON a.article_id = e.first_article_id
      LEFT JOIN cow_ref ca ON ca.code = e.source_country LEFT JOIN cow_ref cr ON cr.code = e.target_country
      WHERE {where} ORDER BY e.date, e.event_id"""


def plover_sql(where: str) -> str:
    """SELECT of PLOVER JSONL records."""
    return f"""SELECT e.event_id AS id, CAST(e.date AS VARCHAR) AS date,
        [{{'code': e.source_code, 'country': e.source_country, 'sector': e.source_sector,
           'name': e.source_name, 'resolved': coalesce(e.source_country, '') <> '---'}}] AS actor,
        CASE WHEN e.target_code IS NULL THEN [] ELSE [{{'code': e.target_code, 'country': e.target_country,
           'sector': e.target_sector, 'name': e.target_name,
           'resolved': coalesce(e.target_country, '') <> '---'}}] END AS recipient,
        e.plover_type AS event, e.plover_mode AS mode,
        CASE WHEN e.plover_context IS NULL THEN [] ELSE string_split(e.plover_context, ',') END AS context,
        {{'name': e.location_name, 'country': e.location_country, 'lat': e.lat, 'lon': e.lon,
          'geonames_id': e.geonames_id, 'kind': e.location_kind, 'full_name': e.location_full_name,
          'region': e.location_region, 'adm1': e.location_adm1, 'geo_type': e.location_type}} AS event_loc,
        e.killed AS fatalities, e.wounded AS injuries, e.arrested AS arrests,
        (SELECT first(m.sentence_text ORDER BY m.date, m.mention_id) FROM mentions m
          WHERE m.event_id = e.event_id) AS text,
        {{'source': a.source, 'publication_date': CAST(a.date AS VARCHAR), 'url': e.source_url,
          'article_id': e.first_article_id, 'num_mentions': e.num_mentions, 'num_sources': e.num_sources,
          'num_articles': e.num_articles,
          'figures': CASE WHEN a.figures IS NULL THEN [] ELSE from_json(a.figures, '{FIGURE_JSON}') END}}
          AS text_info,
        {{'code': e.cameo_code, 'root': e.cameo_root, 'goldstein': e.goldstein,
          'quad_class': e.quad_class}} AS cameo
      FROM events e LEFT JOIN articles a ON a.article_id = e.first_article_id
      WHERE {where} ORDER BY e.date, e.event_id"""


def mentions_path(out: Path) -> Path:
    """Where the GDELT mentions table goes next to the events table."""
    name = out.name
    if ".export." in name:
        return out.with_name(name.replace(".export.", ".mentions."))
    return out.with_name(out.stem + ".mentions" + (out.suffix or ".csv"))


def export(ds: Dataset, fmt: str, out: str | Path, filters: Filters | None = None) -> list[Path]:
    """Write an export; return the files written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    out = Path(out)
    filters = filters or Filters()
    where, params = filters.where("e")
    con = ds.con
    written: list[Path] = []

    def copy(sql: str, target: Path, options: str) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY ({sql}) TO '{_quote(target)}' ({options})", params)
        written.append(target)

    if fmt == "gdelt":
        copy(gdelt_events_sql(where), out, "FORMAT csv, DELIMITER '\t', HEADER false, QUOTE ''")
        copy(gdelt_mentions_sql(where), mentions_path(out), "FORMAT csv, DELIMITER '\t', HEADER false, QUOTE ''")
    elif fmt == "polecat":
        _reference_tables(con)
        copy(polecat_sql(where), out, "FORMAT csv, DELIMITER '\t', HEADER true")
    elif fmt == "plover":
        copy(plover_sql(where), out, "FORMAT json")
    elif fmt == "csv":
        copy(f"SELECT * FROM events e WHERE {where} ORDER BY e.date, e.event_id", out, "FORMAT csv, HEADER true")
    else:  # parquet dataset: one file per table, readable back by every query and export
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out} exists and is not a directory; Parquet export writes a directory")
        copy(f"SELECT * FROM events e WHERE {where}", out / "events.parquet", "FORMAT parquet")
        copy(f"SELECT m.* FROM mentions m WHERE m.event_id IN (SELECT e.event_id FROM events e WHERE {where})",
             out / "mentions.parquet", "FORMAT parquet")
        copy(f"SELECT a.* FROM articles a WHERE a.article_id IN (SELECT m.article_id FROM mentions m JOIN events e "
             f"ON e.event_id = m.event_id WHERE {where}) OR ({'TRUE' if filters.is_empty() else 'FALSE'})",
             out / "articles.parquet", "FORMAT parquet")
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
