"""Event patterns over dependency parses: triggers, frames, source and target, modality."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .actors import ActorResolver
from .knowledge import Frame, Knowledge, Pattern
from .models import Actor, Decision

# Part-of-speech tags and dependency labels (grammar, not vocabulary: the word lists are in data/words.yaml).
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


def distinct(a: Actor, b: Actor) -> bool:
    """Two parties of a reciprocal event: other countries, or two named sectors of one country (army, rebels)."""
    return a.country != b.country or (bool(a.sector) and bool(b.sector) and a.code != b.code)


def _first_resolved(stages: list) -> list[Actor]:
    """The actors of the first stage that codes a known one; else those of the first that found any (unresolved
    actors are the last resort)."""
    fallback: list[Actor] = []
    for stage in stages:
        found = stage()
        if any(a.resolved for a in found):
            return found
        fallback = fallback or found
    return fallback


class EventFinder:
    """Applies the pattern lexicon to one parsed sentence."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.k = knowledge
        self.by_verb: dict[str, list[Pattern]] = {}
        self.by_noun: dict[str, list[Pattern]] = {}
        self.by_adj: dict[str, list[Pattern]] = {}
        for p in knowledge.patterns:
            for lemma in p.verbs:
                self.by_verb.setdefault(lemma, []).append(p)
            for lemma in p.nouns:
                self.by_noun.setdefault(lemma, []).append(p)
            for lemma in p.adjectives:
                self.by_adj.setdefault(lemma, []).append(p)
        self.frame_verbs: dict[str, list[Frame]] = {}
        self.frame_nouns: dict[str, list[Frame]] = {}
        self.frame_adjs: dict[str, list[Frame]] = {}
        for f in knowledge.frames.values():
            for lemma in f.verbs:
                self.frame_verbs.setdefault(lemma, []).append(f)
            for lemma in f.nouns:
                self.frame_nouns.setdefault(lemma, []).append(f)
            for lemma in f.adjectives:
                self.frame_adjs.setdefault(lemma, []).append(f)
        self.w = knowledge.words

    def trigger_words(self) -> frozenset[str]:
        """Every lemma that can start an event (for the cheap sentence pre-filter)."""
        words = set(self.by_verb) | set(self.by_noun) | set(self.by_adj)
        for f in self.k.frames.values():
            words |= f.verbs | f.nouns | f.adjectives
        return frozenset(words | self.w.copula_nouns)

    # ---- helpers ------------------------------------------------------------------------
    @staticmethod
    def _lemmas(tokens) -> set[str]:
        out = set()
        for t in tokens:
            out.add(t.lemma_.lower())
            out.add(t.lower_)
        return out

    def _patients(self, v: Token) -> list[Token]:
        """Direct objects, passive subjects, and "up to 16 advisers" (parsed as a preposition)."""
        out = [c for c in v.children if c.dep_ in PATIENT_DEPS]
        ups = [c for c in v.children if c.dep_ == "prt" and c.lower_ == "up"]
        if not out and ups:
            preps = [c for c in [*v.children, *ups[0].children] if c.dep_ == "prep" and c.lower_ == "to"]
            out = [p for c in preps for p in c.children if p.dep_ == "pobj"]
        return out

    def _object_lemmas(self, v: Token) -> set[str]:
        toks = []
        for c in v.children:
            if c.dep_ in PATIENT_DEPS or c.dep_ in ("attr", "prt") or c.dep_ == "prep" and c.lower_ != "by":
                toks.extend(c.subtree)
        return self._lemmas(toks)

    def _subject_tokens(self, v: Token) -> list[Token]:
        return [c for c in v.children if c.dep_ in ("nsubj", "csubj")]

    def is_passive(self, v: Token) -> bool:
        """True for a passive verb ("was signed")."""
        return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)

    def pattern_ok(self, p: Pattern, v: Token, scope_lemmas: set[str], obj_lemmas: set[str],
                   subj_lemmas: set[str], light: Token | None = None) -> bool:
        """Check a pattern's constraints against a trigger's clause."""
        if p.objects and not (p.objects & obj_lemmas):
            return False
        if p.words and not (p.words & scope_lemmas):
            return False
        if p.words_absent and (p.words_absent & scope_lemmas):
            return False
        if p.subjects and not (p.subjects & subj_lemmas):
            return False
        if p.requires_prep and not any(c.dep_ == "prep" and c.lower_ in p.preps for c in v.children):
            return False
        if p.objects_or_passive and not self._patients(v):
            return False
        return not (light is not None and p.light is not None and light.lemma_.lower() not in p.light)

    def near_miss(self, v: Token, pats: list[Pattern]) -> Decision:
        """Why the patterns of a trigger word did not fire (for explain)."""
        scope = self._lemmas(v.subtree)
        objs = self._object_lemmas(v)
        subj = self._lemmas(t for s in self._subject_tokens(v) for t in s.subtree)
        reasons = []
        for p in pats[:4]:
            if p.objects and not (p.objects & objs):
                why = "object is not one of " + ", ".join(sorted(p.objects)[:5])
            elif p.words and not (p.words & scope):
                why = "clause lacks " + ", ".join(sorted(p.words)[:5])
            elif p.words_absent and (p.words_absent & scope):
                why = "clause has " + ", ".join(sorted(p.words_absent & scope))
            elif p.subjects and not (p.subjects & subj):
                why = "subject is not one of " + ", ".join(sorted(p.subjects)[:5])
            else:
                why = "a required preposition or object is missing"
            reasons.append(f"{p.id} ({p.code}): {why}")
        return Decision(f"'{v.text}'", pats[0].code, "near-miss", "; ".join(reasons))

    def refine(self, p: Pattern, code: str, scope_lemmas: set[str]) -> str:
        """Specialise a code from words in the clause (refinement lists of patterns.yaml)."""
        if not p.refine:
            return code
        for r in self.k.refinements.get(p.refine, []):
            if code.startswith(r.code_prefix) and (r.words & scope_lemmas):
                new = code + r.code[1:] if r.code.startswith("+") else r.code
                if new in self.k.cameo:
                    return new
        return code

    # ---- triggers ------------------------------------------------------------------------
    def verb_action(self, v: Token) -> tuple[Pattern, str] | None:
        """The best pattern for a verb and the code it gives, or None."""
        pats = next((self.by_verb[w] for w in lemmas_of(v) if w in self.by_verb), None)
        if not pats or v.pos_ not in VERB_POS:
            return None
        scope = self._lemmas(v.subtree)
        objs = self._object_lemmas(v)
        subj = self._lemmas(t for s in self._subject_tokens(v) for t in s.subtree)
        ok = [p for p in pats if self.pattern_ok(p, v, scope, objs, subj)]
        if not ok:
            return None
        best = max(ok, key=lambda p: (p.specificity, len(p.code)))
        return best, self.refine(best, best.code, scope)

    def noun_governor(self, n: Token, depth: int = 0) -> tuple[Token | None, str]:
        """How a nominal trigger is anchored: (governing verb, kind) with kind light/passive/occur/poss/none."""
        head = n.head
        if depth < 3 and n.dep_ == "compound" and head.pos_ in NOUN_POS:
            return self.noun_governor(head, depth + 1)  # "mediation mission", "peace talks"
        if depth < 3 and n.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in NOUN_POS \
                and not any(c.dep_ == "poss" for c in n.children):
            return self.noun_governor(head.head, depth + 1)  # "ten days of war games", "a series of petitions"
        if n.dep_ in ("dobj", "attr") and head.pos_ in VERB_POS:
            if head.dep_ == "pcomp" and head.head.lower_ in ("to", "on", "of", "about", "regarding") \
                    and not (head.head.head.pos_ == "ADJ" or set(lemmas_of(head.head.head)) & self.k.light_verbs):
                return None, "none"  # a topic: "importance to strengthening cooperation"
            return head, "light"
        if n.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in VERB_POS \
                and head.lower_ in ("on", "in", "to", "as", "into"):
            return head.head, "light"
        if n.dep_ == "nsubjpass" and set(lemmas_of(head)) & self.k.passive_verbs:
            return head, "passive"
        if n.dep_ == "nsubj" and set(lemmas_of(head)) & self.k.occur_verbs:
            return head, "occur"
        if n.dep_ == "conj":
            gov, kind = self.noun_governor(head) if head.pos_ in NOUN_POS else (None, "none")
            return gov, kind
        if any(c.dep_ == "poss" for c in n.children):
            return None, "poss"
        return None, "none"

    def noun_action(self, n: Token) -> tuple[Pattern, str, Token | None, str] | None:
        """The best nominal pattern for a noun: (pattern, code, governing verb, anchor kind)."""
        pats = self.by_noun.get(n.lemma_.lower()) or self.by_noun.get(n.lower_)
        if not pats or n.pos_ not in NOUN_POS:
            return None
        gov, kind = self.noun_governor(n)
        if kind == "none":
            return None
        scope = self._lemmas(list(n.subtree) + ([gov] + list(self._object_scope(gov)) if gov is not None else []))
        ok = []
        for p in pats:
            gov_forms = set(lemmas_of(gov)) if gov is not None else set()
            if p.light is not None and gov is not None and not (gov_forms & p.light):
                continue
            if kind == "light" and p.light is None and not (gov_forms & self.k.light_verbs):
                continue
            if p.words and not (p.words & scope):
                continue
            if p.words_absent and (p.words_absent & scope):
                continue
            ok.append(p)
        if not ok:
            return None
        best = max(ok, key=lambda p: (p.specificity, len(p.code)))
        return best, self.refine(best, best.code, scope), gov, kind

    @staticmethod
    def _object_scope(gov: Token) -> list[Token]:
        return [t for c in gov.children if c.dep_ in ("dobj", "prep", "nsubjpass", "nsubj", "prt") for t in c.subtree]

    # ---- modality ----------------------------------------------------------------------------
    def modality(self, v: Token) -> str:
        """asserted, negated, future, conditional or reported, from the verb and what governs it."""
        chain = [v]
        tok = v
        while tok.dep_ in ("xcomp", "conj") and tok.head.i != tok.i:
            tok = tok.head
            chain.append(tok)
        for t in chain:
            if any(c.dep_ == "neg" or (c.lower_ in self.w.negators and c.dep_ in ("advmod", "det"))
                   for c in t.children):
                return "negated"
            if t is not v and t.lemma_.lower() in self.w.fail_verbs:
                return "negated"
        if any(c.dep_ == "aux" and c.lower_ in self.w.future_aux for c in v.children):
            return "future"
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
    def subjects(self, v: Token, res: ActorResolver, depth: int = 0) -> list[Actor]:
        """Source actors of a verb: its subject, the passive agent, or the controller of a complement."""
        if depth > 4:
            return []
        out: list[Actor] = []
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                out.extend(res.actors(c))
            elif c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.extend(res.actors(p))
        if out:
            return out
        head = v.head
        if v.tag_ == "VBN" and v.dep_ in ("acl", "relcl", "amod"):
            return []  # "detainees held after ...": a passive participle has no inherited agent
        if v.dep_ == "xcomp" and head.pos_ in VERB_POS:
            if head.lemma_.lower() in self.w.object_control:
                for c in head.children:
                    if c.dep_ in ("dobj", "dative"):
                        return res.actors(c)
                    if c.dep_ == "prep" and c.lower_ in ("on", "upon"):
                        for p in c.children:
                            if p.dep_ == "pobj":
                                return res.actors(p)
            return self.subjects(head, res, depth + 1)
        if v.dep_ == "xcomp" and head.pos_ == "ADJ":
            return self.subjects(head.head, res, depth + 1)
        if v.dep_ == "conj" and head.pos_ in VERB_POS:
            if self.is_passive(head) and not self.is_passive(v):
                return [a for c in head.children if c.dep_ == "nsubjpass" for a in res.actors(c)]
            return self.subjects(head, res, depth + 1)
        if v.dep_ in ("relcl", "acl") and head.pos_ in NOUN_POS and v.tag_ != "VBN":
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
                return []
            return res.actors(head)
        if v.dep_ == "pcomp" and head.dep_ == "prep":
            owner = head.head
            if owner.pos_ in VERB_POS:  # "accused X of supporting", "barred X from running": X acts
                for c in owner.children:
                    if c.dep_ in ("dobj", "nsubjpass"):
                        return res.actors(c)
            if owner.pos_ == "ADJ" and owner.head.pos_ in VERB_POS:
                return self.subjects(owner.head, res, depth + 1)
            if owner.pos_ in VERB_POS:
                return self.subjects(owner, res, depth + 1)
        if v.dep_ == "advcl" and v.tag_ == "VBG" and head.pos_ in VERB_POS:
            return self.subjects(head, res, depth + 1)
        if v.dep_ == "acl" and head.pos_ in NOUN_POS:
            for c in head.children:
                if c.dep_ == "poss":
                    return res.actors(c)
            if head.head.pos_ in VERB_POS and head.dep_ in ("dobj", "attr"):
                return self.subjects(head.head, res, depth + 1)
        return []

    def prep_targets(self, tok: Token, preps, res: ActorResolver) -> list[Actor]:
        """Actors in the objects of the given prepositions of a token."""
        out: list[Actor] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.extend(res.actors(p))
        return out

    def verb_targets(self, v: Token, p: Pattern, res: ActorResolver, deep: bool = True) -> list[Actor]:
        """Target actors of a verb pattern: object, passive subject, then the pattern's prepositions, then deeper;
        a place where only unresolved actors are found yields them only when no later place codes a known one."""
        objs: list[Actor] = []
        if p.object_target:
            for c in self._patients(v):
                objs.extend(res.actors(c))
        preps = self.prep_targets(v, p.preps, res) if p.preps else []
        found = preps + objs if p.prep_first else objs + preps
        if not deep or not p.object_target or any(a.resolved for a in found):
            return found
        return _first_resolved([lambda: found, *(lambda stage=stage: stage(v, res) for stage in (
            self._xcomp_targets, self._target_prep_targets, self._inner_targets, self._purpose_targets,
            self._clause_subject_targets))])

    @staticmethod
    def _xcomp_targets(v: Token, res: ActorResolver) -> list[Actor]:
        """Objects of the verb's open complement ("agreed to send troops to B")."""
        return [a for c in v.children if c.dep_ == "xcomp" for cc in c.children if cc.dep_ in PATIENT_DEPS
                for a in res.actors(cc)]

    def _target_prep_targets(self, v: Token, res: ActorResolver) -> list[Actor]:
        """Objects of the verb's target prepositions (to, with, against ...)."""
        return self.prep_targets(v, self.w.target_preps, res)

    @staticmethod
    def _inner_targets(v: Token, res: ActorResolver) -> list[Actor]:
        """An actor inside the object phrase ("a blockade on Palestinian lorries", "calls by the UN")."""
        inner = {x for c in v.children if c.dep_ in PATIENT_DEPS or c.dep_ in ("xcomp", "prep")
                 for x in phrase_tokens(c)}
        return res.actors_in(inner)

    @staticmethod
    def _clause_subject_targets(v: Token, res: ActorResolver) -> list[Actor]:
        """The subject of the verb's that-clause: whom a charge, warning or demand is about ("warned that the
        United States would face consequences", "charged that Berlin was destroying ties")."""
        return [a for c in v.children if c.dep_ == "ccomp" for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
                for a in res.actors(s)]

    @staticmethod
    def _purpose_targets(v: Token, res: ActorResolver) -> list[Actor]:
        """An actor in a purpose clause ("blocked a road to protest against B's policy")."""
        purpose = {x for c in v.children if c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children)
                   for x in phrase_tokens(c, into_root=True)}
        return res.actors_in(purpose)

    # ---- the sentence ------------------------------------------------------------------------
    def find(self, sent: Span, res: ActorResolver, speaker: Actor | None,
             focus: Actor | None) -> tuple[list[Found], list[Decision]]:
        """Find the events of one sentence, and the trace of every decision."""
        found: list[Found] = []
        decisions: list[Decision] = []
        consumed: set[int] = set()
        tokens = list(sent)
        # Reported obligations first ("X said Y must ..."): the clause is coded once, as a demand or appeal.
        for t in tokens:
            if t.pos_ in VERB_POS and t.lemma_.lower() in self.w.speech_verbs:
                self._must(t, res, found, decisions, consumed)
        # Frames next, so their complements are not coded twice.
        for t in tokens:
            if t.i not in consumed:
                self._frame(t, res, found, decisions, consumed, speaker)
        for t in tokens:
            if t.i in consumed or t.pos_ not in VERB_POS:
                continue
            hit = self.verb_action(t)
            if hit and not hit[0].objects and set(lemmas_of(t)) & self.k.light_verbs and any(
                    c.dep_ in ("dobj", "nsubjpass") and self.noun_action(c) for c in t.children):
                hit = None  # "held exercises", "launched an attack": the noun names the event
            if hit:
                self._emit_verb(t, hit[0], hit[1], res, found, decisions, speaker)
                consumed.add(t.i)
                for c in t.children:  # the alleged act of an accusation is not itself an event
                    if c.dep_ == "prep" and c.lower_ in hit[0].claims:
                        consumed.update(x.i for x in c.subtree)
                if hit[0].objects:
                    for c in t.children:
                        if c.dep_ in PATIENT_DEPS or c.dep_ == "prep":
                            consumed.update(x.i for x in c.subtree if x.lemma_.lower() in hit[0].objects)
            elif t.lemma_.lower() == "be":
                self._copula(t, res, found, decisions, speaker)
            else:
                pats = next((self.by_verb[w] for w in lemmas_of(t) if w in self.by_verb), None)
                if pats:
                    decisions.append(self.near_miss(t, pats))
        for t in tokens:
            if t.i in consumed:
                continue
            if t.pos_ in NOUN_POS:
                hit = self.noun_action(t)
                if hit:
                    self._emit_noun(t, hit, res, found, decisions, focus)
                    consumed.add(t.i)
            elif t.pos_ == "ADJ" and t.lemma_.lower() in self.by_adj and t.dep_ in ("acomp", "amod"):
                p = self.by_adj[t.lemma_.lower()][0]
                head = t.head if t.dep_ == "acomp" else t.head.head
                srcs = self.subjects(head, res) if head.pos_ in VERB_POS else []
                self._emit(p, p.code, t, srcs, [], self.modality(head), res, found, decisions, None)
        return self._drop_elaborations(found, decisions), decisions

    def _drop_elaborations(self, found: list[Found], decisions: list[Decision]) -> list[Found]:
        """'A shelled B, killing 20': the participle adds detail to the event it hangs on; code that one once."""
        anchors: set[int] = set()
        for f in found:
            anchors.add(f.trigger.i)
            if f.trigger.pos_ in NOUN_POS:
                gov, _kind = self.noun_governor(f.trigger)
                if gov is not None:
                    anchors.add(gov.i)
        keep = []
        for f in found:
            t = f.trigger
            if t.dep_ == "advcl" and t.tag_ == "VBG" and t.head.i in anchors and t.head.i != t.i:
                decisions.append(Decision(f"{f.pattern}@'{t.text}'", f.code, "rejected",
                                          f"elaborates the event of '{t.head.text}'"))
                continue
            keep.append(f)
        return keep

    def _complement(self, t: Token, allow_ccomp: bool = False) -> Token | None:
        for c in t.children:
            if (c.dep_ == "xcomp" or (allow_ccomp and c.dep_ == "ccomp")) and c.pos_ in VERB_POS:
                return c
            if c.dep_ == "acl" and c.pos_ in VERB_POS and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                return c
        for c in t.children:  # "call on X to do", "appeal to X to do"
            if c.dep_ == "prep":
                for p in c.children:
                    if p.dep_ == "pobj":
                        for cc in p.children:
                            if cc.dep_ in ("acl", "relcl", "xcomp") and cc.pos_ in VERB_POS:
                                return cc
        return None

    def _frame(self, t: Token, res, found, decisions, consumed, speaker) -> None:
        if t.pos_ in VERB_POS:
            table = self.frame_verbs
        elif t.pos_ in NOUN_POS:
            table = self.frame_nouns
        elif t.pos_ == "ADJ":
            table = self.frame_adjs
        else:
            return
        frames = next((table[w] for w in lemmas_of(t) if w in table), [])
        if not frames:
            return
        first = self._complement(t, allow_ccomp=frames[0].target_from_object)
        if first is None:
            return
        comps = [first] + [c for c in first.children if c.dep_ == "conj" and c.pos_ in VERB_POS]
        for comp in comps:
            self._frame_one(t, comp, frames, res, found, decisions, consumed, speaker)

    def _frame_action(self, comp: Token) -> tuple[tuple | None, Token | None]:
        """The action under a frame's complement (pattern, code), and the noun that carries it when it is nominal
        ("X's intention to expand cooperation")."""
        action = self.verb_action(comp)
        if action is not None:
            return action, None
        for c in comp.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                nh = self.by_noun.get(c.lemma_.lower())
                if nh:
                    best = max(nh, key=lambda p: (p.specificity, len(p.code)))
                    return (best, self.refine(best, best.code, self._lemmas(comp.subtree))), c
        return None, None

    def _frame_sources(self, t: Token, anchor: Token, res) -> list[Actor]:
        """The frame's subject (or the possessor of a frame noun)."""
        if t.pos_ in NOUN_POS:
            srcs = []
            for c in t.children:
                if c.dep_ == "poss":
                    srcs = res.actors(c)
            if not srcs and anchor is not t:
                srcs = self.subjects(anchor, res)
            return srcs
        if t.pos_ == "ADJ":
            return self.subjects(t.head, res) if t.head.pos_ in VERB_POS else []
        return self.subjects(t, res)

    def _frame_targets(self, t: Token, comp: Token, frame, action_pattern: Pattern | None,
                       action_noun: Token | None, res) -> list[Actor]:
        """For appeals and demands, whom the appeal is addressed to; else the complement's target."""
        tgts: list[Actor] = []
        if frame.target_from_object and t.pos_ in VERB_POS:
            for c in t.children:
                if c.dep_ in ("dobj", "dative"):
                    tgts.extend(res.actors(c))
            if not tgts:
                tgts = self.prep_targets(t, ("on", "upon", "to", "from"), res)
            if not tgts and comp.dep_ == "ccomp":
                tgts = [a for s in self._subject_tokens(comp) for a in res.actors(s)]
        if not tgts and action_noun is not None:
            tgts = self.prep_targets(action_noun, action_pattern.preps or self.w.target_preps, res) or \
                res.actors_in({x.i for x in action_noun.subtree})
        if not tgts:
            if action_pattern is not None:
                tgts = self.verb_targets(comp, action_pattern, res)
            else:
                tgts = self.prep_targets(comp, self.w.target_preps, res) or [
                    a for c in comp.children if c.dep_ in PATIENT_DEPS for a in res.actors(c)] or \
                    res.actors_in({x.i for x in comp.subtree if x.i != comp.i})
        return tgts

    def _frame_one(self, t: Token, comp: Token, frames, res, found, decisions, consumed, speaker) -> None:
        lemma = t.lemma_.lower()
        if t.pos_ in NOUN_POS and not any(c.dep_ == "poss" for c in t.children):
            gov = t.head
            if gov.pos_ not in VERB_POS or (gov.lemma_.lower() not in self.k.light_verbs
                                             and gov.lemma_.lower() not in self.w.reaffirm_verbs):
                return
        action, action_noun = self._frame_action(comp)
        action_pattern = action[0] if action else None
        if action is None and not any(p.verbs & {lemma} or p.nouns & {lemma} for p in self.k.patterns):
            return
        frame = frames[0]
        code = self.k.frame_code(frame, action[1] if action else None)
        if t.pos_ in VERB_POS:
            anchor = t
        else:
            anchor = t.head if t.head.pos_ in VERB_POS else t
        srcs = self._frame_sources(t, anchor, res)
        tgts = self._frame_targets(t, comp, frame, action_pattern, action_noun, res)
        modality = self.modality(anchor if t.pos_ not in VERB_POS else t)
        if modality == "future":
            modality = "asserted"
        pattern = action_pattern or Pattern(id=f"frame-{frame.name}", code=frame.default)
        sym = (lemma == "agree" and (action_pattern is None or action_pattern.symmetric)) or (
            action_pattern is not None and action_pattern.symmetric and len({s.country for s in srcs}) >= 2)
        if sym and len({s.country for s in srcs}) >= 2 and not any(
                c.dep_ == "prep" and c.lower_ == "with" for c in t.children):
            tgts = []  # "the parties agreed to ...": the parties are both sides
        if frame.name == "intent":
            code = self.refine(Pattern(id="", code=code, refine="cooperation"), code, self._lemmas(comp.subtree))
        shim = Pattern(id=f"{frame.name}+{pattern.id}", code=code, symmetric=sym,
                       same_target=bool(action_pattern and action_pattern.same_target) or frame.same_target)
        self._emit(shim, code, t, srcs, tgts, modality, res, found, decisions, frame.name, speaker=speaker)
        consumed.add(t.i)
        consumed.add(comp.i)
        if action_noun is not None:
            consumed.add(action_noun.i)

    def _emit_verb(self, v: Token, p: Pattern, code: str, res, found, decisions, speaker) -> None:
        passive = self.is_passive(v)
        srcs = self.subjects(v, res)
        if passive and not any(c.dep_ == "agent" for c in v.children):
            srcs = []
        tgts = self.verb_targets(v, p, res)
        modality = self.modality(v)
        if modality == "negated" and any(c.dep_ == "aux" and c.lower_ in self.w.future_aux for c in v.children) \
                and any(c.dep_ == "neg" for c in v.children):
            # "will not end the strike" is a refusal
            code = self.k.frame_code(self.k.frames["reject"], code)
            modality = "asserted"
            p = Pattern(id=f"reject+{p.id}", code=code, same_target=True)
        if modality == "future" and code[:2] not in self.w.intent_roots:
            intent = self.k.frames.get("intent")
            if intent is not None:
                code = self.k.frame_code(intent, code)
        self._emit(p, code, v, srcs, tgts, modality, res, found, decisions, None, speaker=speaker)

    def _emit_noun(self, n: Token, hit, res, found, decisions, focus) -> None:
        p, code, gov, kind = hit
        srcs: list[Actor] = []
        for c in n.children:
            if c.dep_ == "poss":
                srcs = res.actors(c)
        if not srcs and gov is not None and kind == "light":
            srcs = self.subjects(gov, res)
        if not srcs and gov is not None and kind == "passive":
            for c in gov.children:
                if c.dep_ == "agent":
                    srcs = [a for pp in c.children if pp.dep_ == "pobj" for a in res.actors(pp)]
        nouns = [n]
        while nouns[-1].dep_ == "compound" and nouns[-1].head.pos_ in NOUN_POS:
            nouns.append(nouns[-1].head)  # "mediation mission between A and B"
        preps = p.preps or self.w.target_preps
        stages = [
            lambda: [a for x in nouns for a in self.prep_targets(x, preps, res)],
            lambda: [a for c in gov.children if c.dep_ == "dobj" for a in res.actors(c)]  # "held X as shields"
            if kind == "light" and gov is not None and n.dep_ == "pobj" else [],
            lambda: res.actors_in({x for y in nouns for c in y.children if c.dep_ == "prep" for x in phrase_tokens(c)}),
            lambda: self.prep_targets(gov, preps, res) if gov is not None else [],
            lambda: [a for c in gov.children if c.dep_ == "dative" for a in res.actors(c)]
            if kind == "light" and gov is not None else [],
        ]
        tgts = _first_resolved(stages)
        # Amod demonyms on the trigger itself ("Palestinian riots", "Kazakh-Serbian talks").
        if not srcs:
            mods = {t.i for c in n.children if c.dep_ in ("amod", "compound", "nmod") for t in c.subtree}
            seen_c: set[str] = set()
            for m in res.matches:
                if m.start in mods and m.term.country not in seen_c:
                    seen_c.add(m.term.country)
                    srcs.extend(res.actors_of(res.doc[m.start], allow_group=False))
        modality = self.modality(gov) if gov is not None else "asserted"
        if modality == "future" and code[:2] not in self.w.intent_roots:
            code = self.k.frame_code(self.k.frames["intent"], code)
        notes = []
        if not srcs and focus is not None and (tgts or p.symmetric) and kind in ("passive", "occur"):
            srcs = [focus]
            notes.append(f"source from discourse focus '{focus.text}'")
        self._emit(p, code, n, srcs, tgts, modality, res, found, decisions, None, notes=notes)

    def _copula(self, v: Token, res, found, decisions, speaker) -> None:
        """Praise by description: '<X> is a reliable partner' said by a speaker codes 051 speaker -> X."""
        attr = [c for c in v.children if c.dep_ == "attr"]
        if not attr:
            return
        a = attr[0]
        words = self._lemmas([a] + [c for c in a.children if c.dep_ in ("amod", "compound")]
                             + [cc for c in a.children if c.dep_ == "conj" for cc in [c, *c.children]])
        if not (words & self.w.copula_nouns and words & self.w.copula_adjectives):
            return
        subj = [c for c in v.children if c.dep_ == "nsubj"]
        if subj and subj[0].pos_ == "PRON" and v.dep_ == "relcl":
            tgts = res.actors(v.head)
        else:
            tgts = [x for s in subj for x in res.actors(s)]
        src = None
        if v.dep_ == "ccomp" and v.head.lemma_.lower() in self.w.speech_verbs:
            srcs = self.subjects(v.head, res)
            src = srcs[0] if srcs else None
        src = src or speaker
        if src is None:
            decisions.append(Decision("praise-copula", "051", "rejected", "no speaker for the description"))
            return
        p = Pattern(id="praise-copula", code="051")
        self._emit(p, "051", a, [src], tgts, "asserted", res, found, decisions, None)

    def _must(self, v: Token, res, found, decisions, consumed: set[int]) -> None:
        """Reported obligation: 'X said Y must ...' codes a demand (10) from X to Y; 'should' an appeal (02)."""
        for c in v.children:
            if c.dep_ != "ccomp" or c.pos_ not in VERB_POS:
                continue
            aux = {a.lower_ for a in c.children if a.dep_ == "aux"}
            frame = "demand" if "must" in aux else "appeal" if "should" in aux else None
            if frame is None:
                continue
            action = self.verb_action(c)
            code = self.k.frame_code(self.k.frames[frame], action[1] if action else None)
            srcs = self.subjects(v, res)
            tgts = [a for s in self._subject_tokens(c) for a in res.actors(s)]
            p = Pattern(id=f"reported-{frame}", code=code, same_target=True)
            self._emit(p, code, c, srcs, tgts, "reported", res, found, decisions, frame)
            consumed.update(x.i for x in c.subtree)

    @staticmethod
    def _symmetric_pairs(srcs: list[Actor], tgts: list[Actor], code: str) -> list[tuple[Actor, Actor | None, str]]:
        """(source, target, code) of a reciprocal event: both ways between the parties."""
        pairs: list[tuple[Actor, Actor | None, str]] = []
        if tgts:
            for s in srcs:
                for t in tgts:
                    if distinct(s, t):
                        pairs.append((s, t, code))
                        pairs.append((t, s, code))
        elif len({s.code for s in srcs}) >= 2:
            for s in srcs:
                for t in srcs:
                    if distinct(s, t):
                        pairs.append((s, t, code))
        else:
            pairs.extend((s, None, code) for s in srcs)
        return pairs

    def _directed_pairs(self, p: Pattern, code: str, srcs: list[Actor], tgts: list[Actor],
                        res: ActorResolver) -> list[tuple[Actor, Actor | None, str]]:
        """(source, target, code) of a directed event, with the reverse event (a host's 043) where the pattern
        has one; an attack or a domestic event without a named target gets the country where it happened."""
        pairs: list[tuple[Actor, Actor | None, str]] = []
        domestic = self.is_domestic(code)
        for s in srcs:
            real = [t for t in tgts if t.code != s.code or t.start != s.start]
            if not real and s.resolved and (code[:2] in ("18", "19", "20")
                                            or (p.same_target and s.country not in ("IGO", "NGO", "IMG", "MNC"))):
                where = res.context_country()
                if where is not None and where[0] != s.country:
                    real = [Actor(code=where[0], country=where[0], sector=None, name=where[1], text="",
                                  start=s.start, end=s.start, how=f"country where it happened ({where[2]})",
                                  basis="context")]
                elif p.same_target and domestic and s.country not in ("IGO", "NGO", "IMG", "MNC"):
                    real = [Actor(code=s.country, country=s.country, sector=None, name=s.name, text="",
                                  start=s.start, end=s.start, how="same country: domestic event", basis="context")]
            for t in real or [None]:
                if t is not None and not self._dyad_ok(s, t, domestic):
                    continue
                pairs.append((s, t, code))
                if p.reverse and t is not None and t.country != s.country:
                    rev = p.reverse
                    if code != p.code and code.startswith("03"):
                        rev = code  # an intended visit is an intended meeting both ways
                    pairs.append((t, s, rev))
        return pairs

    def is_domestic(self, code: str) -> bool:
        """True for an event domestic by nature (protest, arrest, repression, fighting: words.yaml)."""
        return any(code.startswith(prefix) for prefix in self.k.words.domestic_codes)

    @staticmethod
    def _dyad_ok(s: Actor, t: Actor, domestic: bool) -> bool:
        """Two actors of one country make an event only when it is domestic by nature or they are two different
        actors of it (the government and the opposition, a state and its prisoners), never one code on both sides
        (ARE -> ARE); unresolved actors are of no known country."""
        if not (s.resolved and t.resolved) or s.country != t.country or domestic:
            return True
        return s.code != t.code

    def _emit(self, p: Pattern, code: str, trigger: Token, srcs: list[Actor], tgts: list[Actor], modality: str,
              res: ActorResolver, found: list[Found], decisions: list[Decision], frame: str | None,
              speaker: Actor | None = None, notes: list[str] | None = None) -> None:
        notes = list(notes or [])
        label = f"{p.id}@'{trigger.text}'"
        if modality == "negated":
            decisions.append(Decision(label, code, "rejected", "negated: the event did not happen"))
            return
        if modality == "conditional":
            decisions.append(Decision(label, code, "rejected", "conditional: the event depends on an if/unless clause"))
            return
        if not srcs and p.symmetric and len({t.country for t in tgts}) >= 2:
            srcs, tgts = tgts, []  # "an agreement was signed between A and B"
            notes.append("parties from the 'between' phrase")
        if not srcs:
            decisions.append(Decision(label, code, "rejected", "no source actor could be coded"))
            return
        tgts = [t for t in tgts if not any((t.start == s.start and t.end == s.end)
                                           or (t.basis == "pronoun" and t.code == s.code) for s in srcs)]
        if p.symmetric and not tgts and len({s.code for s in srcs}) < 2:
            decisions.append(Decision(label, code, "rejected",
                                      "no counterpart: a meeting or agreement needs two parties"))
            return
        pairs = self._symmetric_pairs(srcs, tgts, code) if p.symmetric else self._directed_pairs(p, code, srcs, tgts,
                                                                                                 res)
        if not pairs:
            why = "source and target are the same actor"
            if any(s.country == t.country for s in srcs for t in tgts):
                why += ", or one country on both sides in an event not domestic by nature"
            decisions.append(Decision(label, code, "rejected", why))
            return
        seen = set()
        for s, t, c in pairs:
            key = (s.code, t.code if t else None, c)
            if key in seen:
                continue
            seen.add(key)
            conf = 0.9 if t is not None else 0.6
            if s.basis == "coreference" or "focus" in " ".join(notes):
                conf -= 0.15
            if not s.resolved or (t is not None and not t.resolved):
                conf -= 0.2
            found.append(Found(p.id, c, trigger, s, t, modality, frame, p.sets_scene, round(conf, 2), notes))
            decisions.append(Decision(label, c, "coded", "; ".join([f"frame {frame}" if frame else "pattern",
                                                                     *notes]),
                                      s.code, t.code if t else None))
