"""Finding an event's arguments: subjects, objects, prepositional and deeper targets."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors import ActorResolver
from ..knowledge import Pattern
from ..models import Actor
from .common import NOUN_POS, PATIENT_DEPS, VERB_POS, first_resolved, phrase_tokens

# prepositions of time before a gerund: its agent is the subject of the verb it hangs on ("arrested him after beating
# his guards"), not that verb's object
TIME_PREPS = frozenset({"after", "before", "while", "since", "during", "upon", "on", "without"})


class ArgumentFinder:
    """Finding an event's arguments (a part of EventFinder)."""

    def subjects(self, v: Token, res: ActorResolver, depth: int = 0) -> list[Actor]:
        """Source actors of a verb: its subject, the passive agent, or the controller of a complement."""
        if depth > 4:
            return []
        out: list[Actor] = []
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                # "planes from Japan delivered aid": a subject that is no actor acts for the party it comes from
                out.extend(res.actors(c) or self._from_party(c, res) or self._meeting_parties(c, res))
            elif c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.extend(res.actors(p))
        if not out:  # "Egypt and Qatar are mediating": the parser may hang the subject on the auxiliary
            out = [a for aux in v.children if aux.dep_ == "aux" for c in aux.children if c.dep_ == "nsubj"
                   for a in res.actors(c)]
        if out:
            return out
        fronted = self._fronted_subject(v, res)
        if fronted:
            return fronted
        if not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in v.children):
            # an acronym the parser took for an adverb ("USAID provided aid", tagged ADV): a name before the verb
            misread = [c for c in v.children if c.i < v.i and c.dep_ in ("advmod", "npadvmod", "dep")
                       and c.i in res.match_at and c.text.isupper() and len(c.text) > 1
                       and c.nbor().text != "-"]  # ("the NATO-backed overthrow": a backer, no subject)
            if misread:
                return res.actors(misread[0])
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
        if v.dep_ == "acomp" and head.lemma_.lower() == "be":
            return self.subjects(head, res, depth + 1)  # "Malta would be prepared to ...": the copula's subject
        if v.dep_ == "conj" and head.pos_ in VERB_POS:
            if self.is_passive(head) and not self.is_passive(v):
                return [a for c in head.children if c.dep_ == "nsubjpass" for a in res.actors(c)]
            return self.subjects(head, res, depth + 1)
        if v.dep_ in ("relcl", "acl") and head.pos_ in NOUN_POS and v.tag_ != "VBN":
            app = head  # (the parser may hang the clause on a noun inside the appositive: "a shift after years
            while app.dep_ == "pobj" and app.head.dep_ == "prep" and app.head.head.pos_ in NOUN_POS:  # of policy
                app = app.head.head  # that drew ...")
            relative = v.dep_ == "relcl" and not res.actors(app) and all(
                c.lower_ in ("that", "which") for c in v.children if c.dep_ == "nsubj")
            if relative and app.dep_ == "appos" and app.head.dep_ in ("dobj", "nsubjpass") \
                    and app.head.head.pos_ in VERB_POS:
                # "A seized a tanker, a move that drew condemnation": the appositive is the act, done by its subject
                return self.subjects(app.head.head, res, depth + 1)
            if relative and app.dep_ == "dobj" and app.head.pos_ in VERB_POS and app.i > 0 \
                    and app.doc[app.left_edge.i - 1].text == "," and any(
                        c.dep_ == "dobj" and c.i < app.i for c in app.head.children):
                return self.subjects(app.head, res, depth + 1)  # (the appositive parsed as a second object)
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
                return []
            own = res.actors(head)
            if own or v.dep_ == "relcl":
                return own
            # "a statement criticizing B", published by A; "A's approval of a resolution urging B": who issued it
            return self._issuer(head, res, depth)
        if v.dep_ == "pcomp" and head.dep_ == "prep":
            owner = head.head
            if owner.pos_ in VERB_POS and head.lower_ not in TIME_PREPS:
                # "accused X of supporting", "barred X from running": X acts ("arrested him after beating
                # lawyers": the arrester beat them)
                for c in owner.children:
                    if c.dep_ in ("dobj", "nsubjpass"):
                        return res.actors(c)
            if owner.pos_ == "ADJ" and owner.head.pos_ in VERB_POS:
                return self.subjects(owner.head, res, depth + 1)
            if owner.pos_ in VERB_POS:
                return self.subjects(owner, res, depth + 1)
        if v.dep_ == "advcl" and v.tag_ == "VBG" and head.pos_ in VERB_POS:
            return self.subjects(head, res, depth + 1)
        if v.dep_ == "advcl" and v.tag_ == "VB" and head.pos_ in VERB_POS \
                and head.lemma_.lower() in self.w.sending_verbs \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            return self.subjects(head, res, depth + 1)  # "A sent experts to B to investigate": A's inquiry
        return []

    def _meeting_parties(self, subj: Token, res: ActorResolver) -> list[Actor]:
        """The parties of a meeting that is a clause's subject ("talks between A and B failed to reach a deal": A and
        B failed), named in its "between" phrase."""
        meeting = any(p.code.startswith("04") for p in self.noun_patterns(subj, self.by_noun))
        if subj.pos_ not in NOUN_POS or not meeting:
            return []
        parties = self.prep_targets(subj, ("between",), res)
        return parties if len({a.code for a in parties}) >= 2 else []

    def _from_party(self, subj: Token, res: ActorResolver) -> list[Actor]:
        """The party a subject comes from ("flights from Australia"), or the examples that party is given by
        ("planes from other countries, such as New Zealand and Japan")."""
        out = self.prep_targets(subj, ("from",), res)
        if out:
            return out
        froms = [p for c in subj.children if c.dep_ == "prep" and c.lower_ == "from"
                 for p in c.children if p.dep_ == "pobj"]
        return [a for p in froms for c in p.children
                if c.dep_ == "prep" and (c.lower_ == "including" or c.lower_ == "as" and c.i > 0
                                         and c.doc[c.i - 1].lower_ == "such")
                for pp in c.children if pp.dep_ == "pobj" for a in res.actors(pp)]

    def _issuer(self, noun: Token, res: ActorResolver, depth: int) -> list[Actor]:
        """Who issued a text or decision that acts ("a statement criticizing B"): its owner ("A's statement", "the
        approval by A of a resolution ..."), else the subject of the verb that issued it ("A published a
        statement ...")."""
        for _ in range(3):
            owner = [a for c in noun.children if c.dep_ == "poss" for a in res.actors(c)] or [
                a for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" and c.i < noun.i + 4
                for p in c.children if p.dep_ == "pobj" for a in res.actors(p)]  # "the decision by A to ..."
            if owner:
                return owner
            if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in NOUN_POS:
                noun = noun.head.head
                continue
            break
        if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in VERB_POS:
            return self.subjects(noun.head, res, depth + 1)
        return []

    def _fronted_subject(self, v: Token, res: ActorResolver) -> list[Actor]:
        """The subject the parser swallowed into a fronted time phrase ("On Thursday South Africa accused ..."):
        actors after the day or month word of a phrase that opens the clause before the verb."""
        for c in v.children:
            if c.dep_ != "prep" or c.i > v.i or c.lower_ not in ("on", "in", "at", "during", "by", "since", "after"):
                continue
            toks = list(c.subtree)
            day = next((t.i for t in toks if t.lower_ in self.w.not_actor_names), None)
            if day is None or toks[-1].i + 1 != v.i and not any(t.dep_ == "advmod" for t in v.lefts):
                continue
            after = {t.i for t in toks if t.i > day}
            found = res.actors_in(after)
            if found:
                return found
        return []

    def prep_targets(self, tok: Token, preps, res: ActorResolver) -> list[Actor]:
        """Actors in the objects of the given prepositions of a token."""
        out: list[Actor] = []
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:  # "lent $1 billion to B": "to" as a dative
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.extend(res.actors(p))
                    elif p.dep_ == "pcomp" and p.tag_ == "VBG":  # "fired at protesters marching on ...": the
                        out.extend(a for s in p.children if s.dep_ == "nsubj" for a in res.actors(s))  # marchers
        return out

    def verb_targets(self, v: Token, p: Pattern, res: ActorResolver, deep: bool = True) -> list[Actor]:
        """Target actors of a verb pattern: object, passive subject, then the pattern's prepositions, then deeper;
        a place where only unresolved actors are found yields them only when no later place codes a known one."""
        objs: list[Actor] = []
        if p.object_target:
            for c in self._patients(v):
                objs.extend(res.actors(c))
        preps = self.prep_targets(v, p.preps, res) if p.preps else []
        if p.preps and (p.objects or not p.object_target) and not preps:
            # the object that chose the code carries the counterpart ("signed an agreement with B",
            # "established ties with B")
            preps = [a for c in self._patients(v) if c.dep_ != "oprd"
                     and (not p.objects or c.lemma_.lower() in p.objects)
                     for a in self.prep_targets(c, p.preps, res)]  # (or a topic's: "agreed a deal with B")
        found = preps + objs if p.prep_first else objs + preps
        if not deep or not (p.object_target or p.own_object) or any(a.resolved for a in found):
            return found  # (an object of the source's own, its troops, says nothing of the target: look deeper)
        alleged = self.alleged_offsets(v, p.claims, res)
        return first_resolved([lambda: found, *(lambda stage=stage: [a for a in stage(v, res) if a.start not in alleged]
                                                for stage in (self._xcomp_targets, self._target_prep_targets,
                                                              self._inner_targets, self._purpose_targets,
                                                              self._clause_subject_targets))])

    @staticmethod
    def alleged_offsets(v: Token, claims, res: ActorResolver) -> set[int]:
        """Article offsets of the tokens in the phrases that hold what an accusation alleges ("accused him of
        attacking B"): none of their parties is the accusation's target."""
        return {res.offset + x.idx for c in v.children if c.dep_ == "prep" and c.lower_ in claims for x in c.subtree}

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

    def _clause_subject_targets(self, v: Token, res: ActorResolver) -> list[Actor]:
        """The subject of the verb's that-clause: whom a charge, warning or demand is about ("warned that the
        United States would face consequences", "charged that Berlin was destroying ties"); when that subject is
        the speaker's own side ("warned that his government will answer B's attacks", "we will ..."), the parties
        in the clause's object."""
        out: list[Actor] = []
        for c in v.children:
            if c.dep_ != "ccomp":
                continue
            for s in c.children:
                if s.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                if s.lower_ in self.w.pronouns_speaker or s.lower_ == "i" or any(
                        x.dep_ == "poss" and x.lower_ in self.w.pronouns_singular | self.w.pronouns_plural
                        | self.w.pronouns_speaker for x in s.children):
                    inner = {x for cc in c.children if cc.dep_ in PATIENT_DEPS for x in phrase_tokens(cc)}
                    inner |= {x.i for cc in c.children if cc.dep_ == "prep" for x in cc.subtree}
                    out.extend(res.actors_in(inner))
                else:
                    out.extend(res.actors(s))
        return out

    @staticmethod
    def _purpose_targets(v: Token, res: ActorResolver) -> list[Actor]:
        """An actor in a purpose clause ("blocked a road to protest against B's policy")."""
        clauses = [c for c in v.children if c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children)]
        clauses += [cc for c in v.children if c.dep_ == "prep" and c.lower_ == "in" for o in c.children
                    if o.dep_ == "pobj" and o.lower_ == "order" for cc in o.children if cc.dep_ == "acl"]  # "in order
        purpose = {x for c in clauses for x in phrase_tokens(c, into_root=True)}  # to ..."
        return res.actors_in(purpose)
