"""The event finder: applies the pattern lexicon to one parsed sentence, composed of its parts."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from ..actors import ActorResolver
from ..knowledge import Knowledge, Pattern
from ..models import Actor, Decision
from .arguments import ArgumentFinder
from .common import NOUN_POS, PATIENT_DEPS, VERB_POS, Found, first_resolved, lemmas_of, phrase_tokens, word_in
from .frames import FrameCoder
from .modality import Modality
from .pairing import Pairing
from .triggers import FORCE_ROOTS, TriggerLookup


def _by_lemma(items: list) -> tuple[dict[str, list], dict[str, list], dict[str, list]]:
    """Patterns (or frames) indexed by the lemmas of their verbs, nouns and adjectives."""
    index: tuple[dict[str, list], dict[str, list], dict[str, list]] = ({}, {}, {})
    for item in items:
        for table, lemmas in zip(index, (item.verbs, item.nouns, item.adjectives), strict=True):
            for lemma in lemmas:
                table.setdefault(lemma, []).append(item)
    return index


class EventFinder(TriggerLookup, Modality, ArgumentFinder, FrameCoder, Pairing):
    """Applies the pattern lexicon to one parsed sentence."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.k = knowledge
        standalone = [p for p in knowledge.patterns if not p.complement_only]
        self.by_verb, self.by_noun, self.by_adj = _by_lemma(standalone)
        asked = _by_lemma([p for p in knowledge.patterns if p.complement_only])
        self.asked_verbs, self.asked_nouns = asked[0], asked[1]
        self.frame_verbs, self.frame_nouns, self.frame_adjs = _by_lemma(list(knowledge.frames.values()))
        self.visit_pattern = next((p for p in knowledge.patterns if p.id == "visit"), None)  # a stay is a visit
        self.claims_of = {p.id: p.claims for p in knowledge.patterns if p.claims}
        self.w = knowledge.words

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
                            consumed.update(x.i for x in c.subtree if word_in(x, hit[0].objects))
            elif t.lemma_.lower() == "be":
                if not self._responsible(t, res, found, decisions, consumed):
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
                head = t.head
                if hit and t.dep_ == "compound" and head.pos_ in NOUN_POS and (
                        (head.i not in consumed and self.noun_action(head))
                        or head.lemma_.lower() in self.k.roles or head.lower_ in self.k.roles):
                    # "a protest demonstration", "a security assistance package": one event, the head's;
                    # "aid workers", "protest leaders": the noun says who they are, not what happened
                    hit = None
                if hit:
                    self._emit_noun(t, hit, res, found, decisions, focus)
                    consumed.add(t.i)
            elif t.pos_ == "ADJ" and t.lemma_.lower() in self.by_adj and t.dep_ in ("acomp", "amod"):
                p = self.by_adj[t.lemma_.lower()][0]
                head = t.head if t.dep_ == "acomp" else t.head.head
                srcs = self.subjects(head, res) if head.pos_ in VERB_POS else []
                tgts = self.prep_targets(t, p.preps, res) if p.preps else []  # "grateful to B"
                self._emit(p, p.code, t, srcs, tgts, self.modality(head), res, found, decisions, None)
        found = self._mediated_parties(self._drop_elaborations(found, decisions), res)
        found = self._implied_targets(found, res, decisions)
        return self._drop_repeats(self._drop_doubles(found, decisions), decisions), decisions

    @staticmethod
    def _drop_repeats(found: list[Found], decisions: list[Decision]) -> list[Found]:
        """"carried out a prisoner exchange ... in a swap brokered by C": one sentence naming the same event
        twice (same source, code and target), once by a noun, codes it once (two verbs are two acts: "praised B
        and thanked B's rescuers")."""
        seen: dict[tuple[str, str, str | None], bool] = {}  # triple -> whether a verb coded it
        keep = []
        for f in found:
            key = (f.source.code, f.code, f.target.code if f.target is not None else None)
            verbal = f.trigger.pos_ in VERB_POS
            if key in seen and not (verbal and seen[key]):
                decisions.append(Decision(f"{f.pattern}@'{f.trigger.text}'", f.code, "rejected",
                                          "the sentence names this event twice: coded once"))
                continue
            seen[key] = seen.get(key, False) or verbal
            keep.append(f)
        return keep

    @staticmethod
    def _mediated_parties(found: list[Found], res: ActorResolver) -> list[Found]:
        """"A and B swapped prisoners in a deal brokered by C", "talks mediated by C": a mediation with no target
        named is between the parties of the sentence's other events, else the article's two parties so far."""
        out: list[Found] = []
        for f in found:
            if not f.code.startswith("045") or f.target is not None:
                out.append(f)
                continue
            parties: list[Actor] = []
            for g in found:
                for a in (g.source, g.target):
                    if g is not f and a is not None and a.resolved and a.country != f.source.country \
                            and all(a.code != b.code for b in parties):
                        parties.append(a)
            how = "a party of the mediated event"
            if len(parties) < 2:  # "... said the ceasefire between A and B would hold": the sentence's two others
                others: list[Actor] = []
                for a in res.all_mentions():
                    if a.resolved and a.country != f.source.country and all(a.country != b.country for b in others):
                        others.append(a)
                if len(others) == 2:
                    parties, how = others, "one of the two other parties the sentence names"
            if len(parties) < 2:
                parties = [a for a in res.context.participants if a.country != f.source.country][:2]
                how = "a party the article named before"
            if len(parties) < 2:
                out.append(f)
                continue
            out.extend(replace(f, target=a, notes=[*f.notes, how]) for a in parties[:4])
        return out

    def _implied_targets(self, found: list[Found], res: ActorResolver, decisions: list[Decision]) -> list[Found]:
        """An act with no target named is aimed at the other party the sentence names, else the one the article
        named last ("condemned the verdict": the court that gave it; "rejected the results" after "B won"), as a
        human coder reads it; the target is marked as implied in the event's notes."""
        out: list[Found] = []
        mentions: list[Actor] | None = None
        for f in found:
            if f.target is not None or f.code[:2] in FORCE_ROOTS:
                out.append(f)  # force is aimed at whom it hits: an act of force names its target or has none
                continue
            if mentions is None:
                mentions = res.all_mentions()
            domestic = self.is_domestic(f.code)
            at = res.offset + f.trigger.idx
            # who acts with the source ("provided by A and B") is no target of the act
            partners = [g.source for g in found if g.trigger.i == f.trigger.i and g.source is not f.source]
            # nor is a party of what an accusation alleges ("accused him of attacking B")
            alleged = self.alleged_offsets(f.trigger, self.claims_of.get(f.pattern, ()), res)

            def other(a: Actor, f: Found = f, domestic: bool = domestic, partners: list[Actor] = partners,
                      alleged: set[int] = alleged) -> bool:
                s = f.source
                if not a.resolved or a.code == s.code or (s.start <= a.start < s.end) or (a.start <= s.start < a.end):
                    return False
                if a.start in alleged:
                    return False
                if any(a.code == p.code or p.start <= a.start < p.end or a.start <= p.start < a.end for p in partners):
                    return False
                return domestic or a.country != s.country or bool(a.sector and s.sector and a.sector != s.sector)

            here = sorted((a for a in mentions if other(a)), key=lambda a: abs(a.start - at))
            before = [a for a in res.context.participants if other(a) and a.end <= at]
            if here:
                target, why = here[0], f"the other party the sentence names ('{here[0].text}')"
            elif before:
                target, why = before[-1], f"the party the article named last ('{before[-1].text}')"
            else:
                out.append(f)
                continue
            decisions.append(Decision(f"{f.pattern}@'{f.trigger.text}'", f.code, "implied",
                                      f"no target named: {why}", f.source.code, target.code))
            out.append(replace(f, target=target, notes=[*f.notes, f"target implied: {why}"]))
        return out

    def _drop_doubles(self, found: list[Found], decisions: list[Decision]) -> list[Found]:
        """'A Russian strike on Kharkiv killed four': the strike (with its target) is the event; the verb whose
        subject it is adds only the toll, so its own event is not coded a second time."""
        carriers = set()
        for f in found:
            if f.trigger.pos_ in NOUN_POS and f.target is not None:
                gov, kind = self.noun_governor(f.trigger)
                if kind in ("subject", "by") and gov is not None and f.trigger.dep_ == "nsubj":
                    carriers.add(gov.i)
        keep = []
        for f in found:
            if f.trigger.i in carriers and f.trigger.pos_ in VERB_POS:
                decisions.append(Decision(f"{f.pattern}@'{f.trigger.text}'", f.code, "rejected",
                                          "the event is its subject's (coded from the noun)"))
                continue
            keep.append(f)
        return keep

    def _drop_elaborations(self, found: list[Found], decisions: list[Decision]) -> list[Found]:
        """'A shelled B, killing 20': the participle adds detail to the event it hangs on; code that one once."""
        anchors: dict[int, set[int]] = {}  # token -> quad classes of the events anchored there (1-4)
        for f in found:
            quad = self._quad(f.code)
            anchors.setdefault(f.trigger.i, set()).add(quad)
            if f.trigger.pos_ in NOUN_POS:
                gov, _kind = self.noun_governor(f.trigger)
                if gov is not None:
                    anchors.setdefault(gov.i, set()).add(quad)
        keep = []
        replaced: set[int] = set()  # ids of head events a participle with a target stands in for
        for f in found:
            t = f.trigger
            # words said while acting are an act of their own ("declared martial law, accusing the opposition of
            # ..."): a verbal event hung on material ones is kept
            held = anchors.get(t.head.i, set())
            spoken = self._quad(f.code) in (1, 3) and held and held <= {2, 4}
            if t.dep_ == "advcl" and t.tag_ == "VBG" and t.head.i != t.i and held and not spoken:
                # "expressed disappointment at the vote, calling B's launches a threat": when the event it hangs
                # on has no target, the participle's, which names one, is coded instead
                heads = [g for g in found if g.code[:2] == f.code[:2] and t.head.i in (
                    g.trigger.i, getattr(self.noun_governor(g.trigger)[0], "i", None)
                    if g.trigger.pos_ in NOUN_POS else None)]
                if f.target is not None and heads and all(g.target is None for g in heads):
                    replaced.update(id(g) for g in heads)
                    # (the head's code, when the participle's is only its root's: "shelled ..., killing nine
                    # fighters" is shelling, 194, not 190)
                    general = len(f.code) == 3 and f.code.endswith("0")
                    keep.append(replace(f, code=heads[0].code) if general else f)
                    continue
                decisions.append(Decision(f"{f.pattern}@'{t.text}'", f.code, "rejected",
                                          f"elaborates the event of '{t.head.text}'"))
                continue
            keep.append(f)
        for g in keep:
            if id(g) in replaced:
                decisions.append(Decision(f"{g.pattern}@'{g.trigger.text}'", g.code, "rejected",
                                          "a participle on it names the target: coded from there"))
        return [g for g in keep if id(g) not in replaced]

    def _quad(self, code: str) -> int:
        """The CAMEO quad class of a code (0 when the table lacks it)."""
        entry = self.k.cameo.get(code) or self.k.cameo.get(code[:2] + "0") or self.k.cameo.get(code[:2])
        return entry.quad_class if entry is not None else 0

    def _refusal(self, v: Token | None, modality: str) -> bool:
        """"will not end the strike", "won't begin talks", reported "said they would not end the strike": a negated
        future is a refusal (coded with the reject frame)."""
        if v is None or modality != "negated" or "reject" not in self.k.frames \
                or not any(c.dep_ == "neg" for c in v.children):
            return False
        reported = v.dep_ == "ccomp" and v.head.lemma_.lower() in self.w.speech_verbs
        return any(c.dep_ == "aux" and (c.lower_ in self.w.future_aux or (reported and c.lower_ == "would"))
                   for c in v.children)

    def _failed_to_agree(self, v: Token | None, code: str) -> bool:
        """"failed to reach agreement", "failed to sign a deal": parties that did not agree rejected each other's
        terms (120), as coders read it; other failed acts did not happen."""
        if v is None or not (code[:2] == "03" or code.startswith("057")):
            return False
        tok = v
        while tok.dep_ in ("xcomp", "conj") and tok.head.i != tok.i:
            if tok.dep_ == "xcomp" and tok.head.lemma_.lower() == "fail" and not any(
                    c.dep_ == "neg" for c in tok.head.children):
                return True
            tok = tok.head
        return False

    def _emit_verb(self, v: Token, p: Pattern, code: str, res, found, decisions, speaker) -> None:
        passive = self.is_passive(v)
        srcs = self.subjects(v, res)
        if passive and not any(c.dep_ == "agent" for c in v.children):
            # "Chad's ambassador to Sudan was recalled": the envoy's own state recalled it
            srcs = [a for c in v.children if c.dep_ == "nsubjpass" for a in res.actors(c)] if p.own_object else []
        tgts = self.verb_targets(v, p, res)
        if passive and p.symmetric and not srcs and v.dep_ == "relcl" and v.head.pos_ in NOUN_POS and any(
                c.dep_ == "nsubjpass" and c.lower_ in ("that", "which") for c in v.children):
            # "an agreement between A and B that was signed in May": the parties of the noun the clause is on
            tgts = tgts or self.prep_targets(v.head, ("between",), res)
        modality = self.modality(v)
        if self._refusal(v, modality):
            code = self.k.frame_code(self.k.frames["reject"], code)
            modality = "asserted"
            p = Pattern(id=f"reject+{p.id}", code=code, same_target=True)
        elif modality == "negated" and self._failed_to_agree(v, code):
            code, modality = "120", "asserted"
            p = Pattern(id=f"failed+{p.id}", code=code, symmetric=p.symmetric, preps=p.preps)
        if modality == "future" and "threaten" in self.k.frames and any(
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
                for c in v.children):
            # "will withdraw its force unless B holds elections": a conditional threat
            code = self.k.frame_code(self.k.frames["threaten"], code)
            p = Pattern(id=f"threaten+{p.id}", code=code, preps=p.preps)
        elif modality == "future" and code[:2] not in self.w.intent_roots:
            intent = self.k.frames.get("intent")
            if intent is not None:
                code = self.k.frame_code(intent, code)
        self._emit(p, code, v, srcs, tgts, modality, res, found, decisions, None, speaker=speaker)

    def _reaction_targets(self, gov: Token, res) -> list[Actor]:
        """Whom a reaction the verb's subject drew is aimed at: the subject, or, when the subject is an act ("the
        decision by Mali's junta to expel ... drew criticism"), who did it."""
        for c in gov.children:
            if c.dep_ == "nsubj" and c.pos_ in NOUN_POS and (c.lemma_.lower() in self.frame_nouns
                                                             or self.noun_patterns(c, self.by_noun)):
                owner = self._issuer(c, res, 1)
                if owner:
                    return owner
        return self.subjects(gov, res)

    def _emit_noun(self, n: Token, hit, res, found, decisions, focus) -> None:
        p, code, gov, kind = hit
        srcs: list[Actor] = []
        frm = self.received_from(n, gov)
        if frm is not None:  # "Iran faced criticism from the UN": the UN criticised Iran
            froms = [c for x in (*self.holders(n), gov) for c in x.children if c.dep_ == "prep" and c.lower_ == "from"]
            froms += [cc for c in froms for cc in c.children if cc.dep_ == "conj" and cc.lower_ == "from"]
            srcs = [a for f in froms for c in f.children if c.dep_ == "pobj" for a in res.actors(c)]
            self._emit(p, code, n, srcs, self._reaction_targets(gov, res), self.modality(gov), res, found,
                       decisions, None, notes=[f"source from '{frm.text} ...', target the subject of '{gov.text}'"])
            return
        owners = [n]
        while owners[-1].dep_ == "compound" and owners[-1].head.pos_ in NOUN_POS and len(owners) < 4:
            owners.append(owners[-1].head)  # "Canada's aid package to Haiti": the possessor of the phrase's head
        for x in owners:
            for c in x.children:
                if c.dep_ == "poss" and not srcs:
                    srcs = res.actors(c)
        if srcs and self.received_by_owner(n, gov):
            # "the move drew Israel's anger": the possessor acts towards who drew it
            self._emit(p, code, n, srcs, self.subjects(gov, res), self.modality(gov), res, found, decisions, None,
                       notes=[f"source the possessor, target the subject of '{gov.text}'"])
            return
        lit = gov is not None and bool(set(lemmas_of(gov)) & ((p.light or frozenset()) | self.k.light_verbs))
        own = self.own_from(n) if "from" not in (p.preps or ()) and not lit else None
        if own is not None:  # "condemnation from B of the raid": B acts ("sought aid from B" is no act of B's)
            srcs = [a for c in own.children if c.dep_ == "pobj" for a in res.actors(c)]
        received = gov is not None and kind == "light" and bool(p.implied_source) and p.light is not None \
            and gov.lemma_.lower() in self.w.receiving_verbs and gov.lemma_.lower() in p.light
        if received and not srcs:
            # "protesters faced tear gas": what the subject received was done to it, by the implied agent
            self._emit(p, code, n, [], self.subjects(gov, res), self.modality(gov), res, found, decisions, None,
                       notes=[f"target the subject of '{gov.text}', which received it"])
            return
        if not srcs and gov is not None and kind == "light":
            srcs = self.subjects(gov, res)
        if not srcs and kind in ("by", "instrument"):
            srcs = self.prep_targets(n, ("by",), res)
        if not srcs and gov is not None and kind == "passive":
            for c in gov.children:
                if c.dep_ == "agent":
                    srcs = [a for pp in c.children if pp.dep_ == "pobj" for a in res.actors(pp)]
        nouns = [n]
        while nouns[-1].dep_ == "compound" and nouns[-1].head.pos_ in NOUN_POS:
            nouns.append(nouns[-1].head)  # "mediation mission between A and B"
        preps = p.preps or self.w.target_preps
        victims = [  # "were killed in Israeli strikes": the strike's target is who suffered the verb
            lambda: [a for c in gov.children if c.dep_ == "nsubjpass" for a in res.actors(c)]
            if kind == "instrument" and gov is not None else [],
            # "five villagers died in a Russian strike", "soldiers lost their lives in an attack by B"
            lambda: [a for c in gov.children if c.dep_ == "nsubj" for a in res.actors(c)]
            if kind == "instrument" and gov is not None and set(lemmas_of(gov)) & self.w.casualty_verbs else [],
        ]
        stages = [
            *victims,  # (before the noun's own place: "killed in an attack by B in Borno")
            lambda: [a for x in nouns for a in self.prep_targets(x, preps, res)],
            lambda: [a for c in gov.children if c.dep_ == "dobj" for a in res.actors(c)]  # "held X as shields"
            if kind == "light" and gov is not None and n.dep_ == "pobj" else [],
            # (a place phrase says where, not with whom: "their meeting in Istanbul, Turkey")
            # (nor does a "by" phrase, which names the agent: "attacks by B")
            lambda: res.actors_in({x for y in nouns for c in y.children if c.dep_ == "prep"
                                   and c.lower_ not in self.w.location_preps and c.lower_ != "by"
                                   for x in phrase_tokens(c)}),
            lambda: self.prep_targets(gov, preps, res) if gov is not None else [],
            lambda: [a for c in gov.children if c.dep_ == "dative" for a in res.actors(c)]
            if kind == "light" and gov is not None else [],
            # "a Russian strike killed four soldiers"
            lambda: [a for c in gov.children if c.dep_ == "dobj" for a in res.actors(c)]
            if kind in ("subject", "by") and gov is not None and n.dep_ == "nsubj" else [],
            # "voiced disappointment that Iran had turned down ...": whom the that-clause is about
            lambda: [a for x in (n, gov) if x is not None for c in x.children if c.dep_ in ("ccomp", "acl")
                     and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                     for sub in c.children if sub.dep_ in ("nsubj", "nsubjpass") for a in res.actors(sub)]
            if kind == "light" else [],
        ]
        # a mention holding the trigger noun is its agent, never its target ("any part in the M23 attacks")
        at = res.offset + n.idx
        tgts = [t for t in first_resolved(stages) if not t.start <= at < t.end]
        # Amod demonyms on the trigger itself ("Palestinian riots", "Kazakh-Serbian talks").
        if not srcs:
            mods = {t.i for c in n.children if c.dep_ in ("amod", "compound", "nmod") for t in c.subtree}
            seen_c: set[str] = set()
            for m in res.matches:
                if m.start in mods and m.term.country not in seen_c:
                    seen_c.add(m.term.country)
                    srcs.extend(res.actors_of(res.doc[m.start], allow_group=False))
        modality = self.modality(gov) if gov is not None else "asserted"
        if any(c.dep_ in ("det", "neg") and c.lower_ in self.w.negators for c in n.children):
            modality = "negated"  # "reached no agreement"
        if self._refusal(gov, modality):
            code = self.k.frame_code(self.k.frames["reject"], code)
            modality = "asserted"
            p = Pattern(id=f"reject+{p.id}", code=code, same_target=True, preps=p.preps)
        elif modality == "negated" and self._failed_to_agree(gov, code):
            code, modality = "120", "asserted"
            p = Pattern(id=f"failed+{p.id}", code=code, symmetric=p.symmetric, preps=p.preps)
        if modality == "future" and code[:2] not in self.w.intent_roots:
            code = self.k.frame_code(self.k.frames["intent"], code)
        notes = []
        focused = False
        if not srcs and focus is not None and (tgts or p.symmetric) and kind in ("passive", "occur"):
            srcs = [focus]
            focused = True
            notes.append(f"source from discourse focus '{focus.text}'")
        self._emit(p, code, n, srcs, tgts, modality, res, found, decisions, None, notes=notes, focused=focused)

    def _stay(self, v: Token, res, found, decisions) -> None:
        """'President X was in Pyongyang from 28 to 31 October': a state official's stay in another country's capital
        is a visit (042, the host's 043), as coders read it."""
        visit = self.visit_pattern
        if visit is None or v.tag_ != "VBD" or self.modality(v) != "asserted":
            return
        places = [p for c in v.children if c.dep_ == "prep" and c.lower_ == "in"
                  for p in c.children if p.dep_ == "pobj"]
        srcs = [a for a in self.subjects(v, res) if a.resolved and a.sector in ("GOV", "ELI")]
        hosts = [a for p in places for a in res.actors(p) if a.resolved and a.sector == "GOV"
                 and all(a.country != s.country for s in srcs)]
        if srcs and hosts:
            self._emit(visit, visit.code, v, srcs, hosts[:1], "asserted", res, found, decisions, None,
                       notes=["a stay in the other's capital: a visit"])

    def _responsible(self, v: Token, res, found, decisions, consumed: set[int]) -> bool:
        """"A said B was responsible for the attack" (or "behind the attack"): A accuses B (112); "X said it was
        responsible for the attack": X claims it (015), against whom the attack hit."""
        if v.dep_ != "ccomp" or v.head.lemma_.lower() not in self.w.speech_verbs:
            return False
        phrases = [c for a in v.children if a.dep_ == "acomp" and a.lemma_.lower() in self.w.blame_adjectives
                   for c in a.children if c.dep_ == "prep" and c.lower_ == "for"]
        phrases += [c for c in v.children if c.dep_ == "prep" and c.lower_ == "behind"]
        acts = [p for c in phrases for p in c.children if p.dep_ == "pobj"
                and (p.lemma_.lower() in self.by_noun or p.lemma_.lower() == "death")]
        subj = [c for c in v.children if c.dep_ == "nsubj"]
        if not acts or not subj:
            return False
        srcs = self.subjects(v.head, res)
        who = res.actors(subj[0])
        if not srcs or not who:
            return False
        own = {s.code for s in srcs} & {a.code for a in who} if subj[0].pos_ == "PRON" else set()
        inner = {i for p in acts for i in phrase_tokens(p)}  # (a clause on the act, "which killed 12", is its own)
        if own:
            p = Pattern(id="responsible-claim", code="015")
            tgts = [a for a in res.actors_in(inner) if a.code not in own]
            note = "the speaker said it was responsible: a claim"
        else:
            p = Pattern(id="responsible-accuse", code="112")
            tgts = who
            note = "the speaker said another was responsible: an accusation"
        self._emit(p, p.code, v.head, srcs, tgts, self.modality(v.head), res, found, decisions, None, notes=[note])
        consumed.update(inner | {v.i, v.head.i})
        return True

    def _copula(self, v: Token, res, found, decisions, speaker) -> None:
        """Praise by description: '<X> is a reliable partner' said by a speaker codes 051 speaker -> X; a leader who
        was in another country's capital visited it."""
        attr = [c for c in v.children if c.dep_ == "attr"]
        if not attr:
            self._stay(v, res, found, decisions)
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
