"""Shared fixtures: one real spaCy model and coder for the whole test session, the command run in this process
with that coder, and the corpora and databases several test modules build from their own articles."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import NamedTuple
from unittest import mock

import pytest

from communique import Coder, cli
from communique.models import Article

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"

Row = tuple[str, str, str, str]  # (id, date, source, text)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout: README, docs, samples."""
    return ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures: inputs and stored expectations of our own."""
    return FIXTURES


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The folder beside the checkout that holds material shared between checkouts (it may be missing)."""
    return SHARED


@pytest.fixture(scope="session")
def coder() -> Coder:
    """The real coder with the installed small English model."""
    return Coder()


@pytest.fixture(scope="session")
def code_text(coder):
    """Code a text and return its events as (source, code, target) triples plus the coded article."""

    def run(text: str, date: str | None = "2024-06-12"):
        coded = coder.code(Article(id="t", text=text, date=date))
        triples = {(e.source.code, e.cameo.code, e.target.code if e.target else None) for e in coded.events}
        return triples, coded

    return run


def _countries(triples) -> set[tuple[str, str, str | None]]:
    """Reduce (source, code, target) triples to (source country, root, target country)."""
    return {(s[:3], c[:2], t[:3] if t else None) for s, c, t in triples}


@pytest.fixture(scope="session")
def countries():
    """(source, code, target) triples -> (source country, CAMEO root, target country)."""
    return _countries


# ---- the command, in this process -----------------------------------------------------------------------------

class CliResult(NamedTuple):
    """What a run of the command gives back: its exit status and everything it wrote."""

    returncode: int
    stdout: str
    stderr: str


def _builds_its_own_coder(argv: Sequence[str]) -> bool:
    """Whether the arguments choose a model, extra patterns or actors, or unresolved events dropped, so the
    session's coder is not the one asked for."""
    own = ("--model", "--patterns", "--actors", "--resolved-only")
    return any(a in own or a.startswith(tuple(o + "=" for o in own)) for a in argv)


def call_cli(argv: Iterable[object], coder: Coder | None = None, stdin: str | bytes | None = None,
             cwd: Path = ROOT) -> CliResult:
    """Run `communique ARGV` through communique.cli.main in this process, from cwd (relative paths such as
    samples/ mean the same as for the command run in the checkout). stdout and stderr are captured; stdin, when
    given, is what the command reads for `-` (as text through sys.stdin and as bytes through sys.stdin.buffer).
    With a coder, the command uses it instead of loading the model again, unless the arguments ask for another
    model or more patterns."""
    args = [str(a) for a in argv]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.chdir(cwd))
        if coder is not None and not _builds_its_own_coder(args):
            stack.enter_context(mock.patch.object(cli, "_coder", lambda _args: coder))
        if stdin is not None:
            data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
            stack.enter_context(mock.patch.object(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        try:
            code = cli.main(args)
        except SystemExit as exc:  # argparse: --help, --version, a usage error
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
                code = 1
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def run_cli(coder):
    """run_cli(*args, stdin=None) -> CliResult: the command in this process with the session's real coder."""

    def run(*argv: object, stdin: str | bytes | None = None) -> CliResult:
        return call_cli(argv, coder=coder, stdin=stdin)

    return run


# ---- corpora and databases ------------------------------------------------------------------------------------

def write_corpus(path: Path, rows: Iterable[Row]) -> Path:
    """Write (id, date, source, text) rows as a JSON-lines corpus with a URL per article."""
    with path.open("w", encoding="utf-8") as f:
        for aid, date, source, text in rows:
            f.write(json.dumps({"id": aid, "date": date, "source": source, "text": text,
                                "url": f"https://news.example/{aid}"}) + "\n")
    return path


def big_corpus(path: Path, n: int) -> Path:
    """n articles of South American disputes and agreements, with dates, sources and several events each."""
    names = ["Chile", "Peru", "Bolivia", "Ecuador", "Colombia", "Brazil", "Uruguay", "Paraguay"]
    verbs = ["criticised", "praised", "accused", "urged", "threatened"]
    rows = []
    for i in range(n):
        a, b = names[i % 8], names[(i * 3 + 1) % 8]
        if a == b:
            b = names[(i + 1) % 8]
        text = (f"{a} {verbs[i % 5]} {b} over the dispute number {i}. Officials in {a} said talks would "
                f"continue. {b} and {a} signed a trade agreement in case {i}.")
        rows.append((f"doc{i:04d}", f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}", f"Wire {i % 7}", text))
    return write_corpus(path, rows)


@pytest.fixture(name="write_corpus", scope="session")
def write_corpus_fixture():
    """write_corpus(path, rows) -> path: (id, date, source, text) rows as JSON lines."""
    return write_corpus


@pytest.fixture(name="big_corpus", scope="session")
def big_corpus_fixture():
    """big_corpus(path, n) -> path: n generated articles with several events each."""
    return big_corpus


@pytest.fixture(scope="session")
def build_db(run_cli):
    """build_db(folder, rows, name="events.duckdb") -> path: code the rows into a new database with
    `communique code --db`."""

    def build(folder: Path, rows: Iterable[Row], name: str = "events.duckdb") -> Path:
        corpus = write_corpus(folder / "news.jsonl", rows)
        path = folder / name
        p = run_cli("code", corpus, "--db", path)
        assert p.returncode == 0, p.stderr
        return path

    return build


@contextlib.contextmanager
def script_module(path: Path) -> Iterator[ModuleType]:
    """A script of scripts/ loaded as a module (registered under its name while in use, as its imports expect)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[path.stem]
