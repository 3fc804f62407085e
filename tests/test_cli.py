"""The command as a user runs it, on real files: through its entry function in this process (with the session's
model), and once as the installed program in a process of its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def installed_command() -> list[str]:
    """The `communique` program of this environment (or the module, where the program is not installed)."""
    program = Path(sys.executable).parent / "communique"
    return [str(program)] if program.exists() else [sys.executable, "-m", "communique.cli"]


def test_the_installed_program_exits_with_the_commands_status(tmp_path, repo_root):
    def program(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*installed_command(), *args], capture_output=True, text=True, cwd=repo_root,
                              timeout=300)

    p = program("--help")
    assert p.returncode == 0 and "usage: communique" in p.stdout
    for name in ("code", "explain", "evaluate", "events", "export", "serve", "dedup"):
        assert name in p.stdout, name
    p = program("events", str(tmp_path / "missing.duckdb"))
    assert p.returncode == 2 and p.stderr.startswith("communique: error: ") and "Traceback" not in p.stderr


def test_a_usage_error_is_status_2_with_the_usage(run_cli):
    p = run_cli("code")
    assert p.returncode == 2 and "usage: communique code" in p.stderr
    assert "the following arguments are required: inputs" in p.stderr
    p = run_cli("events", "x.duckdb", "--format", "xml")
    assert p.returncode == 2 and "invalid choice: 'xml'" in p.stderr


def test_explain_reads_stdin(run_cli):
    p = run_cli("explain", "-", "--date", "2024-04-05", stdin="Chile criticised Peru over the fishing dispute.")
    assert p.returncode == 0, p.stderr
    assert "actor CHL" in p.stdout and "actor PER" in p.stdout and "coded    111" in p.stdout


def test_explain_takes_text_longer_than_a_file_name(run_cli):
    text = ("Chile criticised Peru over the long-running dispute about fishing rights in the waters off "
            "their shared coast, which both governments have argued over in courts and in public for many "
            "years, and which neither side expects to settle soon, officials in both capitals said.")
    assert len(text) > 255
    p = run_cli("explain", text, "--date", "2024-04-05")
    assert p.returncode == 0, p.stderr
    assert "actor CHL" in p.stdout and "coded    111" in p.stdout


def test_code_directory_to_file_with_summary(run_cli, tmp_path):
    out = tmp_path / "events.jsonl"
    status = tmp_path / "status.jsonl"
    p = run_cli("code", "samples/", "-o", str(out), "--status", str(status))
    assert p.returncode == 0, p.stderr
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(events) > 10
    for key in ("event_id", "article_id", "sentence", "date", "source", "target", "cameo", "plover", "location",
                "modality", "confidence", "evidence", "provenance"):
        assert key in events[0]
    assert "documents: 5" in p.stderr and "with events: 5" in p.stderr
    assert len(status.read_text().splitlines()) == 5


def test_code_stdin_to_stdout(run_cli):
    p = run_cli("code", "-", "--date", "2024-04-05", stdin="Chile and Peru signed a water-sharing agreement.")
    assert p.returncode == 0, p.stderr
    events = [json.loads(line) for line in p.stdout.splitlines()]
    assert {(e["source"]["code"], e["target"]["code"]) for e in events} == {("CHL", "PER"), ("PER", "CHL")}
    assert all(e["cameo"]["code"] == "057" and e["date"] == "2024-04-05" for e in events)


def test_exit_code_nonzero_only_when_nothing_read(run_cli, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    p = run_cli("code", str(tmp_path / "empty.txt"))
    assert p.returncode == 1 and "skipped (empty): 1" in p.stderr
    (tmp_path / "good.txt").write_text("Chile criticised Peru over the fishing dispute.")
    p = run_cli("code", str(tmp_path), "-q")
    assert p.returncode == 0 and len(p.stdout.splitlines()) == 1
    p = run_cli("code", str(tmp_path / "missing.txt"))
    assert p.returncode == 2 and "input not found" in p.stderr and "Traceback" not in p.stderr


def test_explain_shows_actors_patterns_and_rejections(run_cli):
    p = run_cli("explain", "Serbia and Kazakhstan signed an agreement on military cooperation. "
            "Peru did not sign the treaty. Chile signed the guestbook.")
    assert p.returncode == 0, p.stderr
    assert "actor SRB" in p.stdout and "actor KAZ" in p.stdout
    assert "coded    057" in p.stdout and "sign@'signed'" in p.stdout
    assert "rejected" in p.stdout and "negated" in p.stdout
    assert "near     'signed'" in p.stdout and "object is not one of" in p.stdout


def test_evaluate_prints_levels_and_writes_misses(run_cli, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in [
        {"id": "g1", "text": "Chile and Peru signed a trade agreement.",
         "events": [{"source": "CHL", "target": "PER", "code": "057"},
                    {"source": "PER", "target": "CHL", "code": "057"}]},
        {"id": "g2", "text": "The weather in Lima was mild.", "events": [], "no_events": True},
        {"id": "g3", "text": "Bolivia accused Chile of spying.",
         "events": [{"source": "", "target": "", "code": "1125"}]},
    ]) + "\n")
    misses = tmp_path / "misses.jsonl"
    p = run_cli("evaluate", str(gold), "--misses", str(misses), "--json")
    assert p.returncode == 0, p.stderr
    scores = json.loads(p.stdout)
    assert scores["levels"]["root+dyad"]["tp"] == 3 and scores["levels"]["root+dyad"]["fp"] == 0
    assert scores["levels"]["full+dyad"]["tp"] == 3
    p = run_cli("evaluate", str(gold))
    assert "root+dyad" in p.stdout and "full+dyad" in p.stdout and "dyad" in p.stdout


def test_bad_gold_file_is_a_clear_error(run_cli, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "text": "x", "events": []}\nnot json\n')
    p = run_cli("evaluate", str(gold))
    assert p.returncode == 2 and ":2: not JSON" in p.stderr
