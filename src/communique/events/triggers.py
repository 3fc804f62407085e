"""Finding triggers: the patterns a verb, noun or adjective starts, with their objects and scope."""

from __future__ import annotations

from spacy.tokens import Token

from ..knowledge import Pattern
from ..models import Decision
from .common import NOUN_POS, PATIENT_DEPS, VERB_POS, hyphen_forms, lemmas_of

# CAMEO roots of acts of force: their nouns name events without a light verb ("a Russian strike killed ...")
FORCE_ROOTS = ("15", "17", "18", "19", "20")


class TriggerLookup:
    """Finding triggers (a part of EventFinder)."""

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
        tokens = list(tokens)
        split = False
        for t in tokens:
            out.add(t.lemma_.lower())
            out.add(t.lower_)
            split = split or t.text == "-"
        if split:  # the whole of a word the tokenizer split at a hyphen ("cease-fire")
            for t in tokens:
                out.update(hyphen_forms(t))
        return out

    def _patients(self, v: Token) -> list[Token]:
        """Direct objects, passive subjects, and "up to 16 advisers" (parsed as a preposition)."""
        out = [c for c in v.children if c.dep_ in PATIENT_DEPS]
        ups = [c for c in v.children if c.dep_ == "prt" and c.lower_ == "up"]
        if not out and ups:
            preps = [c for c in [*v.children, *ups[0].children] if c.dep_ == "prep" and c.lower_ == "to"]
            out = [p for c in preps for p in c.children if p.dep_ == "pobj"]
        if not out and v.tag_ == "VBN" and v.dep_ in ("acl", "relcl") and v.head.pos_ in NOUN_POS \
                and any(c.dep_ == "agent" for c in v.children):
            out = [v.head]  # "troops, backed by Syrian rebels, ...": the participle's noun undergoes it
        if not out and v.dep_ == "relcl" and v.head.pos_ in NOUN_POS and not any(
                c.dep_ in ("prep", "xcomp", "ccomp") for c in v.children) and any(
                c.dep_ == "nsubj" and c.lower_ not in ("who", "which", "that") for c in v.children):
            out = [v.head]  # "people the authorities had arrested": the noun the clause describes is its object
        if not out:
            out = self._object_parsed_as_subject(v)
        return out

    @staticmethod
    def _object_parsed_as_subject(v: Token) -> list[Token]:
        """The parser makes the object the subject of a clause right after the verb: "accept refugees fleeing
        the war", "used water cannons against the crowd gathered outside" (that noun is the verb's object), or
        "slapped asset freezes on B", "calling B's missile launches a threat" (a plural noun read as a verb,
        with the noun before it as subject: that 'verb' heads the object)."""
        if any(c.dep_ in ("dobj", "dative") for c in v.children):
            return []
        for c in v.children:
            if c.dep_ != "ccomp" or c.i <= v.i or any(x.dep_ in ("mark", "aux", "auxpass") for x in c.children):
                continue
            for s in c.children:
                if s.dep_ != "nsubj" or s.left_edge.i != v.i + 1:
                    continue
                if c.tag_ == "VBG" and s.pos_ in NOUN_POS or c.tag_ in ("VBD", "VBN") and s.pos_ == "NOUN":
                    return [s]
                if c.tag_ == "VBZ" and s.tag_ == "NN" and c.i == s.i + 1 and not any(
                        x.dep_ == "det" for x in s.children):
                    return [c]
        return []

    def _object_lemmas(self, v: Token) -> set[str]:
        toks = []
        for c in v.children:
            if c.dep_ in PATIENT_DEPS or c.dep_ in ("attr", "prt") or c.dep_ == "prep" and c.lower_ != "by":
                toks.extend(c.subtree)
        for s in self._object_parsed_as_subject(v):
            toks.extend(t for t in s.subtree)
        if v.tag_ == "VBN" and v.dep_ in ("acl", "relcl") and v.head.pos_ in NOUN_POS \
                and any(c.dep_ == "agent" for c in v.children):
            toks.append(v.head)  # "a case brought against B by C": the participle's noun is its object
        if v.dep_ == "relcl" and v.head.pos_ in NOUN_POS and any(
                c.dep_ in ("nsubjpass", "dobj") and c.lower_ in ("that", "which") for c in v.children):
            toks.append(v.head)  # "an agreement that was signed": the relative pronoun's noun is the object
        return self._lemmas(toks)

    def _subject_tokens(self, v: Token, depth: int = 0) -> list[Token]:
        """A verb's subject; for an open complement without one, the subject it shares ("troops have begun
        leaving"; "urged the troops to leave": the object of a verb of asking), and so for a verb conjoined close
        to its first ("police showed a warrant, raided the offices"; a far one is more often a misparse)."""
        own = [c for c in v.children if c.dep_ in ("nsubj", "csubj")]
        if own or depth >= 3 or v.head.i == v.i or not (
                v.dep_ == "xcomp" or (v.dep_ == "conj" and v.head.pos_ in VERB_POS and v.i - v.head.i <= 8)):
            return own
        head = v.head
        if v.dep_ == "xcomp" and head.lemma_.lower() in self.w.object_control:
            objs = [c for c in head.children if c.dep_ == "dobj"]
            if objs:
                return objs
        return self._subject_tokens(head, depth + 1)

    def is_passive(self, v: Token) -> bool:
        """True for a passive verb ("was signed")."""
        return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)

    def has_party_prep(self, tok: Token, preps) -> bool:
        """Whether a token has one of these prepositions with an object that is no day or month ("called X on
        Wednesday" is no "call on")."""
        return any(c.dep_ == "prep" and c.lower_ in preps and not any(
            x.dep_ == "pobj" and x.lower_ in self.w.not_actor_names for x in c.children) for c in tok.children)

    def pattern_ok(self, p: Pattern, v: Token, scope_lemmas: set[str], obj_lemmas: set[str],
                   subj_lemmas: set[str], light: Token | None = None) -> bool:
        """Check a pattern's constraints against a trigger's clause."""
        if p.objects and not (p.objects & obj_lemmas) and not (p.object_roles and any(
                c.dep_ in PATIENT_DEPS and (c.lemma_.lower() in self.k.roles or self._full_name(c)
                                            or self._counted_people(c))
                for c in v.children)):
            return False
        if p.objects_absent and (p.objects_absent & obj_lemmas):
            return False
        if p.words and not (p.words & scope_lemmas):
            return False
        if p.words_absent and (p.words_absent & scope_lemmas):
            return False
        if p.subjects and not (p.subjects & subj_lemmas):
            return False
        if p.requires_prep and not self.has_party_prep(v, p.preps):
            return False
        if p.objects_or_passive and not self._patients(v):
            return False
        return not (light is not None and p.light is not None and light.lemma_.lower() not in p.light)

    @staticmethod
    def _full_name(tok: Token) -> bool:
        """Whether a patient is a person's full name ("freed Ana Ruiz"): two or more capitalised proper nouns."""
        if tok.pos_ != "PROPN":
            return False
        parts = [t for t in tok.subtree if t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha
                 and (t.i == tok.i or (t.dep_ == "compound" and t.head.i == tok.i))]
        return len(parts) >= 2

    def _of_person(self, n: Token) -> bool:
        """Whether a noun's "of" phrase is a person or a group of people ("the release of former President X")."""
        return any(c.dep_ == "prep" and c.lower_ == "of" and any(
            p.dep_ == "pobj" and (p.lemma_.lower() in self.k.roles or self._full_name(p) or self._counted_people(p))
            for p in c.children) for c in n.children)

    @staticmethod
    def _counted_people(tok: Token) -> bool:
        """Whether a patient is a counted group ("released 19 Christians", "freed two homeguards"): a plural noun
        with a number, not a measure of something ("five tons of aid")."""
        return tok.tag_ in ("NNS", "NNPS") and any(c.dep_ == "nummod" for c in tok.children) \
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)

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
    def verb_action(self, v: Token, index: dict[str, list] | None = None) -> tuple[Pattern, str] | None:
        """The best pattern for a verb and the code it gives, or None (from the standalone verb patterns, or from
        another index of them)."""
        index = self.by_verb if index is None else index
        pats = next((index[w] for w in lemmas_of(v) if w in index), None)
        if not pats or v.pos_ not in VERB_POS:
            return None
        objs = self._object_lemmas(v)
        # (the object words rule most patterns out before the clause's words are gathered: "took place")
        pats = [p for p in pats if not p.objects or p.object_roles or p.objects & objs]
        if not pats:
            return None
        scope = self._lemmas(v.subtree)
        subj = self._lemmas(t for s in self._subject_tokens(v) for t in s.subtree)
        ok = [p for p in pats if self.pattern_ok(p, v, scope, objs, subj)]
        if not ok:
            return None
        # among equally specific patterns, one whose object word heads the direct object beats one whose word
        # is deeper ("halted aid ... to end the fighting" is about aid)
        heads = {c.lemma_.lower() for c in self._patients(v)}
        best = max(ok, key=lambda p: (p.specificity, bool(p.objects & heads), len(p.code)))
        return best, self.refine(best, best.code, scope)

    def noun_governor(self, n: Token, depth: int = 0) -> tuple[Token | None, str]:
        """How a nominal trigger is anchored: (governing verb, kind) with kind light/passive/occur/poss/subject/by/
        instrument/between/none."""
        head = n.head
        # fighting "between A and B" names both parties, wherever the noun stands ("after days of clashes between ...")
        if depth == 0 and any(c.dep_ == "prep" and c.lower_ == "between" and any(p.dep_ == "pobj" and any(
                x.dep_ == "conj" for x in p.children) for p in c.children) for c in n.children) \
                and not (n.dep_ in ("dobj", "nsubjpass") and head.pos_ in VERB_POS) and not self._occurs(n):
            return None, "between"
        if depth < 3 and n.dep_ == "compound" and head.pos_ in NOUN_POS:
            return self.noun_governor(head, depth + 1)  # "mediation mission", "peace talks"
        if depth < 3 and n.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in NOUN_POS \
                and not any(c.dep_ == "poss" for c in n.children):
            return self.noun_governor(head.head, depth + 1)  # "ten days of war games", "a series of petitions"
        # "a protest led by students", "talks mediated by Qatar": the participle's agent acts
        led = next((c for c in n.children if c.dep_ == "acl" and c.tag_ == "VBN"
                    and any(a.dep_ == "agent" for a in c.children)), None)
        if led is not None and (n.dep_ not in ("dobj", "nsubjpass") or not set(lemmas_of(head)) & self.k.light_verbs):
            return led, "passive"  # (but "signed an agreement mediated by C": the light verb governs)
        if n.dep_ in ("dobj", "attr") and head.pos_ in VERB_POS:
            if head.dep_ == "pcomp" and head.head.lower_ in ("to", "on", "of", "about", "regarding") \
                    and not (head.head.head.pos_ == "ADJ" or set(lemmas_of(head.head.head)) & self.k.light_verbs):
                return None, "none"  # a topic: "importance to strengthening cooperation"
            return head, "light"
        if n.dep_ == "pobj" and head.lower_ == "in":  # "took part in the strike", "taking part in protests"
            if head.head.lemma_.lower() == "part" and head.head.head.pos_ in VERB_POS:
                return head.head.head, "light"
            if head.head.pos_ in VERB_POS and any(c.dep_ == "dobj" and c.lemma_.lower() == "part"
                                                  for c in head.head.children):
                return head.head, "light"
        agent_mod = any(c.dep_ in ("amod", "compound", "nmod") and c.pos_ in ("ADJ", "PROPN") for c in n.children)
        by_agent = any(c.dep_ == "prep" and c.lower_ == "by" and any(p.dep_ == "pobj" for p in c.children)
                       for c in n.children)
        if (agent_mod or by_agent) and n.dep_ == "pobj" and head.lower_ in ("in", "by", "during", "under") \
                and head.head.pos_ in VERB_POS and (any(c.dep_ == "auxpass" for c in head.head.children)
                                                    or not set(lemmas_of(head.head)) & self.k.light_verbs):
            # "were killed in Israeli air strikes", "died in an attack by rebels"
            return head.head, "instrument"
        if n.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in VERB_POS \
                and (head.lower_ in ("on", "in", "to", "as", "into")
                     or (head.lower_ == "under" and n.lemma_.lower() in self.w.custody_nouns)):
            return head.head, "light"
        if n.dep_ == "nsubjpass" and set(lemmas_of(head)) & self.k.passive_verbs:
            return head, "passive"
        if self._occurs(n):
            return head, "occur"  # "talks began", "protests broke out"
        if n.dep_ == "conj":
            gov, kind = self.noun_governor(head) if head.pos_ in NOUN_POS else (None, "none")
            return gov, kind
        if any(c.dep_ == "poss" for c in n.children):
            return None, "poss"
        # a noun with an adjectival agent ("a Russian missile strike") names its own event as a verb's subject
        if agent_mod and n.dep_ == "nsubj" and head.pos_ in VERB_POS:
            return head, "subject"
        # ... and so does one whose agent follows with "by" ("attacks by Russian forces killed five")
        if by_agent:
            return (head, "by") if head.pos_ in VERB_POS else (None, "by")
        if agent_mod and n.dep_ == "pobj" and head.lower_ in ("in", "by", "during", "under") \
                and head.head.pos_ in VERB_POS:
            return head.head, "instrument"
        return None, "none"

    def _occurs(self, n: Token) -> bool:
        """Whether a noun is the subject of a verb saying that it happened ("talks began", "protests broke out")."""
        head = n.head
        return n.dep_ == "nsubj" and bool(set(lemmas_of(head)) & self.k.occur_verbs or (
            head.lemma_ == "break" and any(c.dep_ == "prt" and c.lower_ == "out" for c in head.children)))

    def received_from(self, n: Token, gov: Token | None) -> Token | None:
        """The "from" phrase of a noun that the governing verb's subject receives ("faced criticism from B", "won
        praise from B"), or None."""
        holders = self.holders(n)  # "prompted statements of concern from B"
        if gov is None or gov.lemma_.lower() not in self.w.receiving_verbs or holders[-1].dep_ != "dobj":
            return None
        return next((c for x in (*holders, gov) for c in x.children if c.dep_ == "prep" and c.lower_ == "from"), None)

    def received_by_owner(self, n: Token, gov: Token | None) -> bool:
        """Whether a possessed noun is what the governing verb's subject receives or brings about ("the move drew
        Israel's anger": Israel's, towards the subject)."""
        return gov is not None and n.dep_ == "dobj" and gov.lemma_.lower() in self.w.receiving_verbs \
            and any(c.dep_ == "poss" for c in n.children)

    @staticmethod
    def holders(n: Token) -> list[Token]:
        """A nominal trigger and, when it is the "of" object of another noun, that noun ("statements of concern")."""
        if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.pos_ in NOUN_POS:
            return [n, n.head.head]
        return [n]

    @staticmethod
    def own_from(n: Token) -> Token | None:
        """A nominal event's own "from" phrase, which names who acts ("condemnation from B", "statements of
        concern from B"), or None."""
        holders = TriggerLookup.holders(n)
        if holders[-1].dep_ == "dobj":
            return None  # "sought aid from B", "rejected the criticism from B": the verb's subject acts
        return next((c for x in holders for c in x.children if c.dep_ == "prep" and c.lower_ == "from"
                     and any(p.dep_ == "pobj" and p.pos_ in NOUN_POS for p in c.children)), None)

    @staticmethod
    def noun_patterns(n: Token, *indexes: dict[str, list]) -> list[Pattern]:
        """The nominal patterns of a noun, under the whole word when the tokenizer split it at a hyphen, else its
        lemma or form; from each index given (standalone, complement_only), in order."""
        for key in (*hyphen_forms(n), n.lemma_.lower(), n.lower_):
            found = [index[key] for index in indexes if key in index]
            if found:
                return found[0] if len(found) == 1 else [p for pats in found for p in pats]
        return []

    def noun_pattern_fits(self, p: Pattern, n: Token, scope: set[str]) -> bool:
        """A nominal pattern's word, absent-word and preposition constraints, checked on the noun's clause."""
        if p.words and not (p.words & scope) and not (p.object_roles and self._of_person(n)):
            return False
        if p.words_absent and (p.words_absent & scope):
            return False
        # "the arrest of X", not "X's arrest" (whose possessor undergoes it)
        return not (p.requires_prep and not self.has_party_prep(n, p.preps))

    def noun_action(self, n: Token) -> tuple[Pattern, str, Token | None, str] | None:
        """The best nominal pattern for a noun: (pattern, code, governing verb, anchor kind)."""
        pats = self.noun_patterns(n, self.by_noun)
        if not pats or n.pos_ not in NOUN_POS:
            return None
        gov, kind = self.noun_governor(n)
        if kind == "none":
            return None
        scope = self._lemmas(list(n.subtree) + ([gov] + list(self._object_scope(gov)) if gov is not None else []))
        ok = []
        gov_forms = set(lemmas_of(gov)) if gov is not None else set()
        received = self.received_from(n, gov) is not None or self.received_by_owner(n, gov)
        own_from = self.own_from(n) is not None
        for p in pats:
            if kind in ("subject", "instrument", "by", "between"):
                if p.code[:2] not in FORCE_ROOTS:
                    continue  # only acts of force are named that way without a light verb
            # (an event that can begin can also break out: "protests erupted", not a lodged "protest")
            elif p.light is not None and gov is not None and not (gov_forms & p.light) and not received \
                    and not (kind == "occur" and p.light & self.k.occur_verbs) \
                    and not (own_from and "from" not in p.preps):
                continue  # no light verb, unless the noun's own "from" names who acts
            if kind == "light" and p.light is None and not (gov_forms & self.k.light_verbs):
                continue
            if self.noun_pattern_fits(p, n, scope):
                ok.append(p)
        if not ok:
            return None
        best = max(ok, key=lambda p: (p.specificity, len(p.code)))
        return best, self.refine(best, best.code, scope), gov, kind

    @staticmethod
    def _object_scope(gov: Token) -> list[Token]:
        return [t for c in gov.children if c.dep_ in ("dobj", "prep", "nsubjpass", "nsubj", "prt") for t in c.subtree]

    # ---- modality ----------------------------------------------------------------------------
