"""The coder's output on a fixed corpus of our own (the samples, the press release of our tests, and
tests/fixtures/regression/corpus.jsonl) equals the stored expectation: refactoring changes no event.

The expectation records what the coder produces, right or wrong; it is not a gold standard. When a change is
meant to alter the output, rerun with COMMUNIQUE_UPDATE_EXPECTED=1 and review the diff of expected.jsonl."""

from __future__ import annotations

import json
import os

from communique import read_inputs
from communique.models import Article


def current(coder, inputs) -> list[dict]:
    """One row per event, in a stable order."""
    articles = [a for a in read_inputs([str(p) for p in inputs]) if isinstance(a, Article)]
    rows = []
    for coded in coder.pipe(articles):
        for e in coded.events:
            rows.append({"article": coded.article.id, "sentence": e.sentence, "trigger": e.evidence.trigger.start,
                         "source": e.source.code, "code": e.cameo.code, "target": e.target.code if e.target else None,
                         "modality": e.modality, "location": e.location.name if e.location else None,
                         "date": e.date})
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


def test_events_on_the_fixed_corpus_are_unchanged(coder, repo_root, fixtures_dir):
    expected_file = fixtures_dir / "regression" / "expected.jsonl"
    rows = current(coder, [repo_root / "samples", fixtures_dir / "regression" / "corpus.jsonl",
                           fixtures_dir / "press-release.txt"])
    if os.environ.get("COMMUNIQUE_UPDATE_EXPECTED"):
        expected_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    expected = [json.loads(line) for line in expected_file.read_text(encoding="utf-8").splitlines()]
    missing = [r for r in expected if r not in rows]
    extra = [r for r in rows if r not in expected]
    assert not missing and not extra, f"lost {missing[:5]}; new {extra[:5]} (see the module docstring)"
    assert len(rows) > 80
