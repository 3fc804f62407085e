"""The model loader: its faster lemmatizer gives exactly the lemmas of the model as shipped."""

from __future__ import annotations

import spacy

from communique.nlp import MODEL_CANDIDATES, load_model

TEXT = ("The ministers were meeting again on Tuesday after the rebels had seized two border towns, "
        "and the envoys said the talks were going better than feared. Troops fired shells; the "
        "villagers fled, leaving their houses, cattle and crops. She is the best-known of the mediators.")


def _stock():
    for name in MODEL_CANDIDATES:
        try:
            return spacy.load(name, exclude=["ner"])
        except OSError:
            continue
    raise AssertionError("no English model installed")


def test_lemmas_unchanged_by_the_faster_lemmatizer():
    stock, ours = _stock(), load_model()
    for _ in range(2):  # the second pass answers from the cache
        got = [(t.text, t.lemma_) for t in ours(TEXT)]
        assert got == [(t.text, t.lemma_) for t in stock(TEXT)]
    assert ("seized", "seize") in got and ("fled", "flee") in got and ("houses", "house") in got


def test_lemma_index_is_a_set_after_loading():
    index = load_model().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(index[pos], frozenset) for pos in index)
