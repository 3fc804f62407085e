"""What the parts of event finding share: part-of-speech and dependency groups, the found event, token helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..models import Actor

VERB_POS = ("VERB", "AUX")
NOUN_POS = ("NOUN", "PROPN")
PATIENT_DEPS = ("dobj", "dative", "nsubjpass", "oprd")


@dataclass
class Found:
    """An event candidate found in a sentence, before it becomes an Event record."""

    pattern: str
    code: str
    trigger: Token
    source: Actor
    target: Actor | None
    modality: str
    frame: str | None = None
    sets_scene: bool = False
    confidence: float = 0.8
    notes: list[str] = field(default_factory=list)


CLAUSES = ("acl", "relcl", "advcl", "ccomp", "xcomp", "csubj", "parataxis")


def phrase_tokens(tok: Token, into_root: bool = False) -> set[int]:
    """Indices of a phrase without the clauses nested in it (a clause's own head may be kept)."""
    out = {tok.i}
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in CLAUSES and not (into_root and t is tok):
                continue
            out.add(c.i)
            stack.append(c)
    return out


def lemmas_of(tok: Token) -> tuple[str, ...]:
    """The lemma and a few regular de-inflections of a word (the lemmatizer errs: "staged" -> "stag")."""
    low = tok.lower_
    out = [tok.lemma_.lower(), low]
    if low.endswith("ed"):
        out += [low[:-1], low[:-2]]
    elif low.endswith("ing"):
        out += [low[:-3], low[:-3] + "e"]
    elif low.endswith("s"):
        out.append(low[:-1])
    return tuple(out)


def hyphen_forms(tok: Token) -> tuple[str, ...]:
    """The whole word a token ends when the tokenizer split it at a hyphen ("cease-fire" -> "cease-fire",
    "ceasefire"), else nothing."""
    i = tok.i
    doc = tok.doc
    if i < 2 or doc[i - 1].text != "-" or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
        return ()
    left, right = doc[i - 2].lower_, tok.lemma_.lower()
    return f"{left}-{right}", f"{left}{right}"


def word_in(tok: Token, words: frozenset[str]) -> bool:
    """Whether a token is one of these words: by lemma, by form, or as the whole of a word split at a hyphen."""
    return tok.lemma_.lower() in words or tok.lower_ in words or any(w in words for w in hyphen_forms(tok))


def distinct(a: Actor, b: Actor) -> bool:
    """Two parties of a reciprocal event: other countries, or two named sectors of one country (army, rebels)."""
    return a.country != b.country or (bool(a.sector) and bool(b.sector) and a.code != b.code)


def first_resolved(stages: list) -> list[Actor]:
    """The actors of the first stage that codes a known one; else those of the first that found any (unresolved
    actors are the last resort)."""
    fallback: list[Actor] = []
    for stage in stages:
        found = stage()
        if any(a.resolved for a in found):
            return found
        fallback = fallback or found
    return fallback
