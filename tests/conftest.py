"""Shared fixtures: one real spaCy model and coder for the whole test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique import Coder
from communique.models import Article

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


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


def countries(triples) -> set[tuple[str, str, str | None]]:
    """Reduce (source, code, target) triples to (source country, root, target country)."""
    return {(s[:3], c[:2], t[:3] if t else None) for s, c, t in triples}
