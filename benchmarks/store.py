"""Event database: bulk insert rate and query times on a million synthetic events, in one run.

Usage: python benchmarks/store.py [--events N] [--batch N] [--path FILE]
Loads N synthetic mentions (default 1,000,000) into a fresh database through EventStore.write_arrow, the path
every coding run uses (insert and regroup into deduplicated events, one transaction per batch), and, as a
baseline measured in the same run, plain bulk INSERTs of the same Arrow batches into a bare table. Prints the
rates, their ratio, and the times of the dyad and monthly-timeline queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from communique.query import Dataset, Filters
from communique.store import ARTICLE_COLUMNS, MENTION_COLUMNS, EventStore, _arrow_type

COUNTRIES = ["USA", "RUS", "CHN", "GBR", "FRA", "DEU", "KAZ", "SRB", "TUR", "IRN", "ISR", "PSE", "UKR", "IND", "PAK",
             "BRA", "MEX", "NGA", "EGY", "JPN", "KOR", "PRK", "SYR", "IRQ", "AFG", "ZAF", "KEN", "ETH", "COL", "VEN"]
SECTORS = ["", "GOV", "MIL", "COP", "REB", "OPP", "CVL"]
CODES = [("042", "04", 1, 1.9, "CONSULT"), ("040", "04", 1, 1.0, "CONSULT"), ("057", "05", 1, 8.0, "AGREE"),
         ("0311", "03", 1, 5.2, "AGREE"), ("111", "11", 3, -2.0, "ACCUSE"), ("112", "11", 3, -2.0, "ACCUSE"),
         ("130", "13", 3, -4.4, "THREATEN"), ("163", "16", 4, -8.0, "SANCTION"), ("173", "17", 4, -5.0, "COERCE"),
         ("190", "19", 4, -10.0, "ASSAULT"), ("071", "07", 2, 7.4, "AID"), ("141", "14", 4, -6.5, "PROTEST")]


def batch(rng: np.random.Generator, start: int, n: int, articles_per: int = 4):
    """n synthetic mentions (and their articles) in Arrow form."""
    ids = np.arange(start, start + n)
    src = rng.integers(0, len(COUNTRIES), n)
    tgt = (src + rng.integers(1, len(COUNTRIES), n)) % len(COUNTRIES)
    ssec = rng.integers(0, len(SECTORS), n)
    tsec = rng.integers(0, len(SECTORS), n)
    code = rng.integers(0, len(CODES), n)
    day0 = dt.date(2022, 1, 1)
    days = rng.integers(0, 730, n)
    art = ids // articles_per
    m = {c: [None] * n for c, _ in MENTION_COLUMNS}
    m["mention_id"] = [f"m{i:09d}" for i in ids]
    m["article_id"] = [f"a{i:08d}" for i in art]
    m["sentence"] = (ids % articles_per).tolist()
    m["date"] = [day0 + dt.timedelta(days=int(d)) for d in days]
    m["source_code"] = [COUNTRIES[s] + SECTORS[x] for s, x in zip(src, ssec, strict=True)]
    m["source_country"] = [COUNTRIES[s] for s in src]
    m["source_sector"] = [SECTORS[x] or None for x in ssec]
    m["target_code"] = [COUNTRIES[t] + SECTORS[x] for t, x in zip(tgt, tsec, strict=True)]
    m["target_country"] = [COUNTRIES[t] for t in tgt]
    m["target_sector"] = [SECTORS[x] or None for x in tsec]
    m["source_name"] = m["source_country"]
    m["target_name"] = m["target_country"]
    m["cameo_code"] = [CODES[c][0] for c in code]
    m["cameo_base"] = [CODES[c][0][:3] for c in code]
    m["cameo_root"] = [CODES[c][1] for c in code]
    m["cameo_name"] = [CODES[c][4].title() for c in code]
    m["quad_class"] = [CODES[c][2] for c in code]
    m["goldstein"] = [CODES[c][3] for c in code]
    m["plover_type"] = [CODES[c][4] for c in code]
    m["modality"] = ["asserted"] * n
    m["confidence"] = [0.9] * n
    m["sentence_text"] = [f"Synthetic sentence {i} about {s} and {t}." for i, s, t in
                          zip(ids, m["source_country"], m["target_country"], strict=True)]
    m["sentence_start"] = [0] * n
    m["trigger_text"] = ["met"] * n
    m["trigger_start"] = [10] * n
    m["pattern"] = ["synthetic"] * n
    prov = json.dumps({"pattern": "synthetic", "patterns_version": "bench"})
    m["provenance"] = [prov] * n
    mentions = pa.table({c: pa.array(m[c], type=_arrow_type(t)) for c, t in MENTION_COLUMNS})
    arts = sorted(set(m["article_id"]))
    a = {c: [None] * len(arts) for c, _ in ARTICLE_COLUMNS}
    a["article_id"] = arts
    a["source"] = [f"Source {int(x[1:]) % 50}" for x in arts]
    a["status"] = ["coded"] * len(arts)
    a["events"] = [articles_per] * len(arts)
    articles = pa.table({c: pa.array(a[c], type=_arrow_type(t)) for c, t in ARTICLE_COLUMNS})
    return articles, mentions


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=250_000)
    ap.add_argument("--path", help="database file (default: a temporary one)")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = Path(args.path) if args.path else Path(tmp.name) / "bench.duckdb"
    base_path = Path(tmp.name) / "baseline.duckdb"
    rng = np.random.default_rng(7)
    t0 = time.perf_counter()
    batches = [batch(rng, i, min(args.batch, args.events - i)) for i in range(0, args.events, args.batch)]
    t_gen = time.perf_counter() - t0
    print(f"{args.events:,} synthetic mentions in {len(batches)} batches (generated in {t_gen:.1f} s), "
          f"python {sys.version.split()[0]}, duckdb {duckdb.__version__}")

    con = duckdb.connect(str(base_path))
    cols = ", ".join(f'"{c}" {t}' for c, t in MENTION_COLUMNS)
    con.execute(f"CREATE TABLE m ({cols})")
    t0 = time.perf_counter()
    for _, mentions in batches:
        con.register("b", mentions)
        con.execute("INSERT INTO m SELECT * FROM b")
        con.unregister("b")
    con.execute("CHECKPOINT")
    t_base = time.perf_counter() - t0
    con.close()

    store = EventStore(path)
    t0 = time.perf_counter()
    for articles, mentions in batches:
        store.write_arrow(articles, mentions)
    t_batches = time.perf_counter() - t0
    counts = store.counts()
    t1 = time.perf_counter()
    store.close()  # the final checkpoint writes everything into the database file
    t_store = t_batches + time.perf_counter() - t1

    rate_base = args.events / t_base
    rate_store = args.events / t_store
    print(f"baseline bulk INSERT (no dedup):   {t_base:7.2f} s  {rate_base:12,.0f} rows/s")
    print(f"EventStore.write_arrow (+ dedup):  {t_store:7.2f} s  {rate_store:12,.0f} events/s  "
          f"-> {counts['mentions']:,} mentions, {counts['events']:,} deduplicated events, "
          f"{counts['articles']:,} articles")
    print(f"  of which batches (insert, dedup, commit) {t_batches:.2f} s, final checkpoint {t_store - t_batches:.2f} s")
    print(f"ratio store/baseline: {rate_store / rate_base:.2f}")
    with Dataset(path) as ds:
        for label, fn in (("dyads (top 20)", lambda: ds.dyads(Filters(), top=20)),
                          ("timeline USA-RUS by month", lambda: ds.timeline(Filters(dyad="USA-RUS"), by="month")),
                          ("timeline all by month", lambda: ds.timeline(Filters(), by="month"))):
            fn()  # warm
            t0 = time.perf_counter()
            _, rows = fn()
            print(f"query {label:<28} {time.perf_counter() - t0:6.3f} s  ({len(rows)} rows)")
    print(f"database size: {path.stat().st_size / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
