"""The README, docs and --help tell the truth about the command and the output."""

from __future__ import annotations

import re

from communique.cli import build_parser


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one(repo_root):
    lines = (repo_root / "README.md").read_text().splitlines()
    head = "\n".join(lines[:6])
    assert "./setup.sh && .venv/bin/communique code samples/" in head
    test_cmd = "./setup.sh --dev && .venv/bin/python -m pytest"
    assert test_cmd in head
    assert test_cmd in (repo_root / ".ci" / "run").read_text()
    assert (repo_root / "samples").is_dir() and any((repo_root / "samples").iterdir())


def test_every_subcommand_and_option_is_documented(repo_root):
    docs = (repo_root / "README.md").read_text() + "".join(p.read_text() for p in (repo_root / "docs").glob("*.md"))
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        assert f"communique {name}" in docs, name
        for action in p._actions:
            for opt in action.option_strings:
                if opt.startswith("--") and opt not in ("--help", "--quiet", "--model"):
                    assert opt in docs, f"{name} {opt} is not documented"


def test_every_output_field_is_documented(code_text, repo_root):
    _, coded = code_text("Chile and Peru signed a trade agreement in Lima on Monday.")
    record = coded.events[0].to_dict()
    doc = (repo_root / "docs" / "output.md").read_text()
    documented = set(re.findall(r"`([a-z_][a-z_0-9]*)`", doc))
    for key, value in record.items():
        assert key in documented, key
        if isinstance(value, dict):
            for sub in value:
                assert sub in documented, f"{key}.{sub}"
