"""Frames: a modal verb, noun or adjective composed with its complement's action (intend, appeal, demand ...)."""

from __future__ import annotations

from spacy.tokens import Token

from ..knowledge import Pattern
from ..models import Actor
from .common import NOUN_POS, PATIENT_DEPS, VERB_POS, hyphen_forms, lemmas_of, word_in


class FrameCoder:
    """Frames (a part of EventFinder)."""

    def _complement(self, t: Token, allow_ccomp: bool = False) -> Token | None:
        misparsed = {x.i for o in self._object_parsed_as_subject(t) for x in (o, o.head)}
        for c in t.children:
            if (c.dep_ == "xcomp" or (allow_ccomp and c.dep_ == "ccomp" and c.i not in misparsed)) \
                    and c.pos_ in VERB_POS:
                return c
            if c.dep_ == "acl" and c.pos_ in VERB_POS and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                return c
        if t.pos_ in VERB_POS and not any(c.dep_ in ("dobj", "dative") for c in t.children):
            for c in t.children:  # "vowed on Monday to launch ...", parsed as a purpose clause
                if c.dep_ == "advcl" and c.pos_ in VERB_POS and c.tag_ == "VB" and c.i > t.i \
                        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                    return c
        for c in t.children:  # "called for X to be released": a for-to clause
            if c.dep_ == "advcl" and c.pos_ in VERB_POS and c.i > t.i \
                    and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children) \
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
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
        if self._is_command(t, frames) and self._ordered_done(t, res, found, decisions, consumed, speaker):
            return
        first = self._complement(t, allow_ccomp=frames[0].target_from_object)
        if frames[0].name == "appeal" and t.pos_ in VERB_POS:
            purpose = first or next((c for c in t.children if c.dep_ == "advcl" and c.pos_ in VERB_POS and (
                c.tag_ == "VBG" or any(a.lower_ == "to" for a in c.children))), None)
            if self._phoned(t, purpose, res, found, decisions, consumed, speaker):
                return
        if first is None:
            if self._is_command(t, frames):
                self._ordered_act(t, res, found, decisions, consumed, speaker)
            elif t.pos_ in VERB_POS and frames[0].name in ("appeal", "demand"):
                self._asked_for(t, frames[0], res, found, decisions, consumed, speaker)
            return
        comps = [first] + [c for c in first.children if c.dep_ == "conj" and c.pos_ in VERB_POS]
        for comp in comps:
            self._frame_one(t, comp, frames, res, found, decisions, consumed, speaker)

    @staticmethod
    def small_clause(t: Token) -> tuple[Token, Token] | None:
        """(participle, patient) of "ordered X jailed", "ordered the envoy recalled", "ordered the journalist
        released": a verb whose object is what a bare participle does to it, in the three ways the parser hangs it
        (the participle on the object, a clause with the object as subject, or a clause beside the object)."""
        def bare(v: Token) -> bool:
            return v.pos_ in VERB_POS and v.tag_ in ("VBN", "VBD") and v.i > t.i and not any(
                c.dep_ in ("aux", "auxpass", "mark", "nsubjpass", "dobj") for c in v.children)

        objs = [c for c in t.children if c.dep_ == "dobj"]
        for x in objs:
            for v in x.children:
                if v.dep_ == "acl" and bare(v) and not any(c.dep_ == "agent" for c in v.children):
                    return v, x
        for v in t.children:
            if v.dep_ != "ccomp" or not bare(v):
                continue
            subj = [c for c in v.children if c.dep_ == "nsubj"]
            if len(subj) == 1 and not objs and subj[0].pos_ in NOUN_POS and subj[0].left_edge.i == t.i + 1:
                return v, subj[0]
            if not subj and len(objs) == 1 and objs[0].i < v.i:
                return v, objs[0]
        return None

    def _ordered_done(self, t: Token, res, found, decisions, consumed, speaker) -> bool:
        """"The judge ordered nine ministers jailed", "Algeria ordered its ambassador recalled": what an order has
        done to its object is the commander's own act (an order to act is a demand: see _frame_one)."""
        clause = self.small_clause(t)
        if clause is None:
            return False
        v, x = clause
        pats = next((self.by_verb[w] for w in lemmas_of(v) if w in self.by_verb), None)
        if not pats:
            return False
        objs = self._lemmas(x.subtree)
        scope = objs | self._lemmas(v.subtree)
        person = x.lemma_.lower() in self.k.roles or self._full_name(x) or self._counted_people(x)
        ok = [p for p in pats if (not p.objects or p.objects & objs or (p.object_roles and person))
              and not (p.objects_absent and p.objects_absent & objs) and not p.requires_prep
              and not (p.words and not p.words & scope) and not (p.words_absent and p.words_absent & scope)]
        if not ok:
            return False
        p = max(ok, key=lambda q: (q.specificity, len(q.code)))
        srcs = self.subjects(t, res)
        tgts = res.actors(x)
        if p.own_object:  # "ordered its ambassador to France recalled": whom the envoy was sent to
            tgts = self.prep_targets(x, p.preps or ("to",), res)
        code = self.refine(p, p.code, scope)
        shim = Pattern(id=f"command+{p.id}", code=code, preps=p.preps, same_target=p.same_target)
        self._emit(shim, code, t, srcs, tgts, self.modality(t), res, found, decisions, None,
                   notes=[f"'{t.text} ... {v.text}': what the order did, the commander's act"], speaker=speaker)
        consumed.update({t.i, v.i})
        return True

    def _frame_action(self, comp: Token) -> tuple[tuple | None, Token | None]:
        """The action under a frame's complement (pattern, code), and the noun that carries it when it is nominal
        ("X's intention to expand cooperation")."""
        # (a complement_only verb names an act only here: "vowed to answer in kind")
        action = self.verb_action(comp) or self.verb_action(comp, self.asked_verbs)
        if action is not None:
            return action, None
        for c in comp.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                nh = self.by_noun.get(c.lemma_.lower())
                if nh:
                    best = max(nh, key=lambda p: (p.specificity, len(p.code)))
                    return (best, self.refine(best, best.code, self._lemmas(comp.subtree))), c
        return None, None

    def nominal_action(self, n: Token) -> tuple[Pattern, str] | None:
        """The act a noun names when a frame asks for it ("sanctions against B", "the release of X"): its nominal
        pattern, whatever verb governs it, or a noun that names an act only so (complement_only)."""
        pats = self.noun_patterns(n, self.by_noun, self.asked_nouns)
        if not pats or n.pos_ not in NOUN_POS:
            return None
        scope = self._lemmas(n.subtree)
        ok = [p for p in pats if self.noun_pattern_fits(p, n, scope)]
        if not ok:
            return None
        best = max(ok, key=lambda p: (p.specificity, len(p.code)))
        return best, self.refine(best, best.code, scope)

    def _act_noun_targets(self, n: Token, action: Pattern, res) -> list[Actor]:
        """Whom the act a noun names is done to: its pattern's prepositions, else an actor inside its phrase."""
        return self.prep_targets(n, action.preps or self.w.target_preps, res) \
            or res.actors_in({x.i for x in n.subtree if x.i != n.i})

    def _is_command(self, t: Token, frames) -> bool:
        """Whether a frame verb is a verb of command ("ordered"), a demand to the commander's own agents or not."""
        return frames[0].name == "demand" and t.pos_ in VERB_POS and t.lemma_.lower() in self.w.command_verbs

    def _ordered_act(self, t: Token, res, found, decisions, consumed, speaker) -> None:
        """"The court ordered the release of the tanker", "ordered the arrest of X": an order whose object names an
        act is the commander's own act."""
        n = next((c for c in t.children if c.dep_ == "dobj" and c.pos_ in NOUN_POS), None)
        hit = self.nominal_action(n) if n is not None else None
        if hit is None:
            return
        action, code = hit
        tgts = self._act_noun_targets(n, action, res)
        shim = Pattern(id=f"command+{action.id}", code=code, preps=action.preps, same_target=action.same_target)
        self._emit(shim, code, t, self.subjects(t, res), tgts, self.modality(t), res, found, decisions, None,
                   notes=[f"'{t.text} the {n.text}': what the order names, the commander's act"], speaker=speaker)
        consumed.update({t.i, n.i})

    def _asked_for(self, t: Token, frame, res, found, decisions, consumed, speaker) -> None:
        """"Called for sanctions against B", "appealed for restraint", "pressed for the release of X": an appeal or
        demand whose "for" phrase names the act; asking for sanctions is a threat of them (PETRARCH's convention)."""
        n = next((p for c in t.children if c.dep_ == "prep" and c.lower_ == "for" for p in c.children
                  if p.dep_ == "pobj" and p.pos_ in NOUN_POS), None)
        hit = self.nominal_action(n) if n is not None else None
        if hit is None:
            return
        action, code = hit
        code = self.k.frame_code(self.k.frames["threaten"] if code.startswith("16") and "threaten" in self.k.frames
                                 else frame, code)
        srcs = self.subjects(t, res)
        tgts = self.prep_targets(t, ("on", "upon", "to", "from"), res) or self._act_noun_targets(n, action, res)
        shim = Pattern(id=f"{frame.name}+{action.id}", code=code, same_target=action.same_target)
        self._emit(shim, code, t, srcs, tgts, self.modality(t), res, found, decisions, frame.name, speaker=speaker)
        consumed.update({t.i, n.i})

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
            if not tgts and comp.dep_ == "ccomp" and self.is_passive(comp):
                # "demanded that soldiers captured by B be released": whom it is asked of is who holds them
                tgts = [a for s in comp.children if s.dep_ == "nsubjpass" for c in s.children
                        if c.dep_ in ("acl", "relcl") for ag in c.children if ag.dep_ == "agent"
                        for p in ag.children if p.dep_ == "pobj" for a in res.actors(p)] or [
                    a for s in comp.children if s.dep_ == "nsubjpass" for a in res.actors(s)]
        if not tgts and t.pos_ in VERB_POS and t.lemma_.lower() in self.w.agreement_words:
            # "agreed with his Ugandan counterpart to exchange ..." (a "with" phrase before what was agreed)
            tgts = [a for c in t.children if c.dep_ == "prep" and c.lower_ == "with" and c.i < comp.i
                    for p in c.children if p.dep_ == "pobj" for a in res.actors(p)]
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

    def _role_head(self, tok: Token) -> bool:
        """Whether a noun is a role word, or a hyphened title whose first part is one ("the president-elect")."""
        return tok.lemma_.lower() in self.k.roles or bool(hyphen_forms(tok)) and (
            tok.doc[tok.i - 2].lemma_.lower() in self.k.roles)

    def _bare_call(self, t: Token) -> bool:
        """Whether "called X" with no purpose is a phone call: X is named as a party ("called the president",
        "called him back"), not what the call does ("called up reservists", "called its envoy back": a pattern of
        the verb says so) nor what something is called ("which he called a hub")."""
        children = list(t.children)
        party = any(c.dep_ in ("dobj", "oprd") and (c.pos_ in ("PROPN", "PRON") or self._role_head(c)
                                                     or c.lower_ in self.w.group_words) for c in children)
        clause = any(c.dep_ in ("ccomp", "xcomp", "acl", "relcl") for c in children)
        objects = [c for c in children if c.dep_ == "dobj"]
        return party and not clause and len(objects) <= 1 and self.verb_action(t) is None \
            and not any(c.dep_ == "prt" and c.lower_ != "back" for c in children) \
            and not any(c.tag_ in ("WDT", "WP") for c in objects)

    def _own_agents(self, srcs: list[Actor], addressees: list[Actor]) -> bool:
        """Whether whom a command is given to are the commander's own agents: its country's (or no known country's)
        soldiers, police or spies, or, commanded by its government, its officials."""
        if not srcs or not addressees:
            return False
        countries = {s.country for s in srcs if s.resolved}
        governs = all((s.sector or "").lower() == "gov" for s in srcs)
        return all((a.sector or "").lower() in self.w.agent_sectors
                   and ((a.sector or "").lower() != "gov" or governs)
                   and (not a.resolved or a.country in countries) for a in addressees)

    @staticmethod
    def _own_envoy(t: Token, action: Pattern) -> bool:
        """Whether a command is given to the commander's own envoy ("ordered its ambassador to return"): the object
        of the order is the kind of envoy the pattern's act is about."""
        words = (action.subjects or frozenset()) | (action.objects or frozenset())
        return action.own_object and any(c.dep_ == "dobj" and c.lemma_.lower() in words for c in t.children)

    def _phoned(self, t: Token, comp: Token | None, res, found, decisions, consumed, speaker) -> bool:
        """"called B to congratulate him", "called B, discussing ...": a call to a party (no "on" or "for") is no
        appeal; the complement's act is coded from caller to callee, or else the call (041) itself."""
        if t.lemma_.lower() != "call" or t.pos_ not in VERB_POS or self.has_party_prep(t, ("on", "upon", "for")) \
                or any(c.dep_ == "prt" and c.lower_ in ("on", "upon", "out", "off") for c in t.children):
            return False  # "called on B to ...", "called for ...": an appeal ("on Wednesday" is a day)
        callee = [a for c in t.children if c.dep_ == "dobj" for a in res.actors(c)]
        named = [c for c in t.children if c.dep_ in ("oprd", "attr")]
        if not callee and not any(c.dep_ == "dobj" for c in t.children) and len(named) == 1 \
                and (named[0].pos_ == "PROPN" or self._role_head(named[0])):
            # "Macron called Scholz on Monday to ...", "... and called the Kenyan president", parsed as if Scholz or
            # the president were what Macron was called
            callee = [a for a in res.actors(named[0]) if a.resolved]
            named = []
        if not callee or named or any(c.dep_ == "xcomp" and c.pos_ in NOUN_POS + ("ADJ",) for c in t.children):
            return False  # "called the move a threat", "called B a stupid guy": naming, not phoning
        if comp is None and not self._bare_call(t):
            return False
        action, _noun = self._frame_action(comp) if comp is not None else (None, None)
        srcs = self.subjects(t, res)
        modality = self.modality(t)
        if action is not None:
            pattern, code = action
            shim = Pattern(id=f"call+{pattern.id}", code=code, same_target=pattern.same_target)
        else:
            code = "041"
            shim = Pattern(id="phone-call", code=code, symmetric=True)
        self._emit(shim, code, t, srcs, callee, modality, res, found, decisions, None, speaker=speaker,
                   notes=[f"'{t.text}' a party: a call, coded by its purpose"])
        consumed.update({t.i} | ({comp.i} if comp is not None else set()))
        return True

    def _frame_one(self, t: Token, comp: Token, frames, res, found, decisions, consumed, speaker) -> None:
        lemma = t.lemma_.lower()
        if t.pos_ in NOUN_POS and not any(c.dep_ == "poss" for c in t.children):
            gov = t.head
            if gov.pos_ not in VERB_POS or (gov.lemma_.lower() not in self.k.light_verbs
                                             and gov.lemma_.lower() not in self.w.reaffirm_verbs):
                return
        action, action_noun = self._frame_action(comp)
        action_pattern = action[0] if action else None
        command = self._is_command(t, frames)
        if action is None and not command and not any(p.verbs & {lemma} or p.nouns & {lemma}
                                                      for p in self.k.patterns):
            return
        if action is None and comp.lemma_.lower() == "be" and comp.dep_ == "ccomp" and comp.tag_ != "VB":
            return  # "insisted that the talks were premature": a claim about how things are, no demand
        frame = frames[0]
        code = self.k.frame_code(frame, action[1] if action else None)
        if t.pos_ in VERB_POS:
            anchor = t
        else:
            anchor = t.head if t.head.pos_ in VERB_POS else t
        srcs = self._frame_sources(t, anchor, res)
        tgts = self._frame_targets(t, comp, frame, action_pattern, action_noun, res)
        modality = self.modality(anchor if t.pos_ not in VERB_POS else t)
        if frame.name == "demand" and action is not None and action_noun is None and lemma in self.w.command_verbs \
                and (self._own_agents(srcs, tgts) or self._own_envoy(t, action[0])):
            # "ordered troops to shell B", "ordered that its ambassador be recalled": the commander's own act
            acts = [a for a in self.verb_targets(comp, action_pattern, res)
                    if not any(a.start == x.start for x in tgts)]
            if action_pattern.own_object and self.is_passive(comp):
                acts = self.verb_targets(comp, action_pattern, res)
            elif action_pattern.own_object:  # "ordered its envoys in Dublin to return": where they were posted
                acts = [a for c in t.children if c.dep_ == "dobj"
                        for a in self.prep_targets(c, action_pattern.preps or ("to", "in"), res)]
            shim = Pattern(id=f"command+{action_pattern.id}", code=action[1], preps=action_pattern.preps,
                           same_target=action_pattern.same_target)
            self._emit(shim, action[1], t, srcs, acts, "asserted" if modality == "future" else modality, res, found,
                       decisions, None, notes=["an order to its own agents: the commander's act"], speaker=speaker)
            consumed.update({t.i, comp.i})
            return
        if command and action is None:
            addressees = [a for c in t.children if c.dep_ == "dobj" for a in res.actors(c)]
            if not addressees or self._own_agents(srcs, addressees):
                return  # "ordered troops to stand by": an order to its own agents to do what no pattern codes
        if modality == "future":
            modality = "asserted"
        pattern = action_pattern or Pattern(id=f"frame-{frame.name}", code=frame.default)
        sym = (lemma in self.w.agreement_words and (action_pattern is None or action_pattern.symmetric)) or (
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
        if action_pattern is not None and action_pattern.objects:
            # the complement's object word chose its code ("pledged to send aid"): no event of its own
            consumed.update(x.i for c in comp.children if c.dep_ in PATIENT_DEPS or c.dep_ == "prep"
                            for x in c.subtree if word_in(x, action_pattern.objects))

    def _must(self, v: Token, res, found, decisions, consumed: set[int]) -> None:
        """Reported obligation: 'X said Y must ...' codes a demand (10) from X to Y; 'should' an appeal (02)."""
        for c in v.children:
            if c.dep_ != "ccomp" or c.pos_ not in VERB_POS:
                continue
            aux = {a.lower_ for a in c.children if a.dep_ == "aux"}
            frame = "demand" if "must" in aux else "appeal" if "should" in aux else None
            if frame is None or "have" in aux:
                continue  # "it should not have happened" looks back: a regret, no call
            action = self.verb_action(c)
            code = self.k.frame_code(self.k.frames[frame], action[1] if action else None)
            srcs = self.subjects(v, res)
            tgts = [a for s in self._subject_tokens(c) for a in res.actors(s)]
            p = Pattern(id=f"reported-{frame}", code=code, same_target=True)
            self._emit(p, code, c, srcs, tgts, "reported", res, found, decisions, frame)
            consumed.update(x.i for x in c.subtree)
            consumed.add(v.i)  # the speech verb carries no second frame ("insists it should ...")
