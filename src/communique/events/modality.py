"""Whether an event happened: asserted, future, negated, conditional ..."""

from __future__ import annotations

from spacy.tokens import Token


class Modality:
    """Whether an event happened (a part of EventFinder)."""

    def modality(self, v: Token) -> str:
        """asserted, negated, future, conditional, possible or reported, from the verb and what governs it."""
        chain = [v]
        tok = v
        controlled = set()  # verbs whose open complement the chain passes through ("failed to reach")
        while tok.dep_ in ("xcomp", "conj") and tok.head.i != tok.i:
            if tok.dep_ == "xcomp":
                controlled.add(tok.head.i)
            tok = tok.head
            chain.append(tok)
        for t in chain:
            if any(c.dep_ == "neg" or (c.lower_ in self.w.negators and c.dep_ in ("advmod", "det"))
                   for c in t.children):
                return "negated"
            # "failed to reach a deal" did not happen; "stopped the advance and detained ..." did
            if t is not v and t.i in controlled and t.lemma_.lower() in self.w.fail_verbs:
                return "negated"
        if any(c.dep_ == "aux" and c.lower_ in self.w.future_aux for c in v.children):
            return "future"
        if any(c.dep_ == "aux" and c.lower_ in self.w.possible_aux for t in chain for c in t.children):
            return "possible"  # "the government may prohibit gatherings": a power or a chance, no act
        if v.dep_ == "xcomp" and v.head.lower_ == "going":
            return "future"
        if any(c.dep_ == "aux" and c.lower_ == "would" for c in v.children) and v.dep_ == "ccomp":
            return "future"
        if v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in v.children):
            return "conditional"
        if v.dep_ == "ccomp" and v.head.lemma_.lower() in self.w.speech_verbs:
            return "reported"
        return "asserted"

    # ---- arguments ---------------------------------------------------------------------------
