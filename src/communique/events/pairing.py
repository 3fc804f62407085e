"""Pairing actors into events: reciprocal and directed pairs, domestic events, the emitted event and its decision."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from ..actors import ActorResolver
from ..knowledge import Pattern
from ..models import NON_STATE, Actor, Decision
from .common import NOUN_POS, Found, distinct

# Roots whose event, with no target named, is done to the country where it happens ("aid in Iraq", "investigate
# attacks in Syria", "troops deployed in Libya", "air strikes in Yemen").
PLACE_TARGET_ROOTS = ("07", "09", "15", "18", "19", "20")
# Roots of acts done at home (force posture such as patrols, coercion such as arrest and repression): a role with no
# country of its own that does them to one state's leaders, political actors or capital acts in that state.
HOME_ROOTS = ("15", "17")
FORCE_REPORTED = ("19",)  # force with no target named or place given: done in the reporter's country
HOME_TARGETS = ("GOV", "ELI", "OPP", "LEG", "PTY", "JUD")  # a state's leaders and its political life
LEADER_SECTORS = ("GOV", "ELI", "OPP", "LEG", "JUD")  # one of them killed is assassinated


class Pairing:
    """Pairing actors into events (a part of EventFinder)."""

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
                        res: ActorResolver, trigger: Token | None = None) -> list[tuple[Actor, Actor | None, str]]:
        """(source, target, code) of a directed event, with the reverse event (a host's 043) where the pattern
        has one; an attack or a domestic event without a named target gets the country where it happened."""
        pairs: list[tuple[Actor, Actor | None, str]] = []
        domestic = self.is_domestic(code)
        if code[:2] in HOME_ROOTS:
            srcs = [self._at_home(s, tgts) for s in srcs]
        for s in srcs:
            real = [t for t in tgts if t.code != s.code or t.start != s.start]
            if not real and s.resolved and (code[:2] in PLACE_TARGET_ROOTS
                                            or (p.same_target and s.country not in NON_STATE)):
                placed = res.context_place()
                where = placed[0] if placed is not None else None
                reported = res.reporter_country() if where is None and code[:2] in FORCE_REPORTED \
                    and trigger is not None and self._reported(trigger) else None
                if reported is not None and reported[0] != s.country:
                    # "the Chadian army said Sudanese soldiers had occupied the town": force done where its
                    # reporter is, when the sentence names no other place
                    real = [_country_target(reported, s)]
                elif placed is not None and where[0] != s.country:
                    real = [_country_target(where, s, placed[1])]
                elif (p.same_target and domestic or self._violence_at_home(s, code, where)) \
                        and s.country not in NON_STATE:
                    start, end, text = placed[1] if placed is not None and where[0] == s.country \
                        else (s.start, s.start, "")  # (with the mention of the place it happened in, if any)
                    real = [Actor(code=s.country, country=s.country, sector=None, name=s.name, text=text,
                                  start=start, end=end, how="same country: domestic event", basis="context")]
            for t in real or [None]:
                if t is not None and not self._dyad_ok(s, t, domestic):
                    continue
                pairs.append((s, t, code))
                if p.reverse and t is not None and t.country != s.country \
                        and (t.sector or "").lower() not in self.w.civil_sectors:  # (civilians host no visit)
                    rev = p.reverse
                    if code != p.code and code.startswith("03"):
                        rev = code  # an intended visit is an intended meeting both ways
                    pairs.append((t, s, rev))
        return pairs

    def _object_place(self, trigger: Token, res: ActorResolver) -> tuple[str, str, str] | None:
        """(country, name, how) of the one country that an agreement's object is "in" ("agreed to a ceasefire in
        eastern Ukraine", "agreed to extend the mission in Afghanistan"), or None."""
        inner = {x.i for c in trigger.children if c.dep_ in ("dobj", "xcomp", "prep") for x in c.subtree}
        found = {(m.term.country, m.term.name) for m in res.matches
                 if m.term.kind == "country" and m.end - 1 in inner and res.doc[m.end - 1].dep_ == "pobj"
                 and res.doc[m.end - 1].head.lower_ == "in"}
        if len(found) != 1:
            return None
        code, name = next(iter(found))
        return code, name, f"'in {name}' in its object"

    def _reported(self, trigger: Token) -> bool:
        """Whether a trigger lies in what an attribution verb reports ("the army said [troops had occupied ...]")."""
        tok = trigger
        while tok.head.i != tok.i:
            if tok.dep_ in ("ccomp", "parataxis") and tok.head.lemma_.lower() in self.w.attribution_verbs:
                return True
            tok = tok.head
        return False

    @staticmethod
    def _at_home(s: Actor, tgts: list[Actor]) -> Actor:
        """"Mutinous soldiers detained President X", "police dispersed Y's supporters": a role the sentence gives no
        country, arresting or repressing a state's own people or leaders, acts in that state (one country among the
        political targets: coercion is done at home)."""
        if s.resolved or not s.sector or any(w[:1].isupper() for w in s.text.split()[1:]):
            return s  # (a named person, "dictator Idi Amin", is of no country the act implies)
        countries = {t.country for t in tgts if t.resolved and t.country not in NON_STATE
                     and (t.sector in HOME_TARGETS or (t.basis == "person" and not t.sector))}
        if len(countries) != 1:
            return s
        c = next(iter(countries))
        return replace(s, code=c + s.sector, country=c, resolved=True, basis="context",
                       how=f"role '{s.sector}' acting at home: the country of its target ({c})")

    def _civil_pairs(self, pairs: list[tuple[Actor, Actor | None, str]], code: str, symmetric: bool = True
                     ) -> list[tuple[Actor, Actor | None, str]]:
        """"Protesters battled police": with civilians on one side only, the event is theirs, with this code (of a
        directed act, only civilians acting take it: "protesters stormed the army's headquarters")."""
        def civil(a: Actor) -> bool:
            return (a.sector or "").lower() in self.w.civil_sectors  # word lists are read in lower case

        out = []
        for s, t, c in pairs:
            if t is not None and civil(s) != civil(t):
                if civil(s):
                    out.append((s, t, code))
                elif not symmetric:
                    out.append((s, t, c))
                continue  # the armed side's half of a clash: coded from the civilians' side
            out.append((s, t, c))
        return out

    def _violence_at_home(self, s: Actor, code: str, where: tuple[str, str, str] | None) -> bool:
        """"Rebels killed two drivers", "the army shelled towns in Syria": violence by a part of a country (not the
        country itself), with no target named, in its own country (or, for a domestic group such as rebels or
        police, where no country is named) is done to that country."""
        if code[:2] not in ("18", "19", "20") or not s.sector or s.code == s.country:
            return False
        if where is not None:
            return where[0] == s.country
        return s.sector in self.w.domestic_sectors

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
              speaker: Actor | None = None, notes: list[str] | None = None, focused: bool = False) -> None:
        """Pair the sources and targets into events (or record why none) for one trigger; focused: the source came
        from the discourse focus, not the sentence."""
        notes = list(notes or [])
        label = f"{p.id}@'{trigger.text}'"
        if modality == "negated":
            decisions.append(Decision(label, code, "rejected", "negated: the event did not happen"))
            return
        if modality == "conditional":
            decisions.append(Decision(label, code, "rejected", "conditional: the event depends on an if/unless clause"))
            return
        if modality == "possible":
            decisions.append(Decision(label, code, "rejected", "possible: 'may' or 'might' do it, not an event"))
            return
        if not srcs and p.symmetric and len({t.code for t in tgts}) >= 2:
            srcs, tgts = tgts, []  # "an agreement was signed between A and B"
            notes.append("parties from the 'between' phrase")
        nominal = trigger.pos_ in NOUN_POS  # "protests broke out in X": a nominal event that names no agent
        if not srcs and p.implied_source and (nominal or self.is_passive(trigger)) \
                and not any(c.dep_ == "agent" for c in trigger.children):
            implied = res.implied_actor(p.implied_source, tgts, trigger,
                                        "a nominal event without one" if nominal else "a passive without one")
            if implied is not None:
                srcs = [implied]
                notes.append(implied.how)
        leader = _leader_patient_of(trigger, tgts, res.offset)
        if p.code == "180" and code[:2] in ("18", "19") and leader is not None:
            code = "186"  # the killing of a leader or a named person: an assassination
            notes.append(f"'{leader.text}' killed: an assassination")
        if not srcs and leader is not None and code[:2] in ("18", "19") and self.is_passive(trigger) \
                and not any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in trigger.children):
            # "the president was shot": an attack on a leader whose assailant no one names is still an event
            srcs = [res.unknown_agent(trigger)]
            notes.append(f"an attack on '{leader.text}' by an assailant not named")
        if not srcs:
            decisions.append(Decision(label, code, "rejected", "no source actor could be coded"))
            return
        tgts = [t for t in tgts if not any((t.start == s.start and t.end == s.end)
                                           or (t.basis == "pronoun" and t.code == s.code) for s in srcs)]
        place_party = None
        if p.symmetric and not tgts and len({s.code for s in srcs}) < 2:
            place_party = self._object_place(trigger, res)
            if place_party is None or place_party[0] in {s.country for s in srcs}:
                decisions.append(Decision(label, code, "rejected",
                                          "no counterpart: a meeting or agreement needs two parties"))
                return
            tgts = [_country_target(place_party, srcs[0])]
            notes.append(f"the other party: the country the agreement is about ({place_party[2]})")
        if place_party is not None:  # "agreed to a ceasefire in eastern Ukraine": towards that country only
            pairs = [(s, t, code) for s in srcs for t in tgts]
        elif len({s.country for s in srcs}) >= 2 and _reciprocal(trigger):
            # "India and Pakistan accused each other": every party does it to every other one
            pairs = [(s, t, code) for s in srcs for t in srcs if s.country != t.country]
            notes.append("'each other': both ways between the parties")
        elif p.symmetric:
            pairs = self._symmetric_pairs(srcs, tgts, code)
        else:
            pairs = self._directed_pairs(p, code, srcs, tgts, res, trigger)
        if p.civil_code and p.civil_code in self.k.cameo:
            pairs = self._civil_pairs(pairs, p.civil_code, p.symmetric)
            if any(c == p.civil_code for _s, _t, c in pairs):
                notes.append("civilians against the police or the army: their violent protest")
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
            if s.basis in ("coreference", "context") or focused:
                conf -= 0.15
            if not s.resolved or (t is not None and not t.resolved):
                conf -= 0.2
            found.append(Found(p.id, c, trigger, s, t, modality, frame, p.sets_scene, round(conf, 2), notes))
            decisions.append(Decision(label, c, "coded", "; ".join([f"frame {frame}" if frame else "pattern",
                                                                     *notes]),
                                      s.code, t.code if t else None))


def _leader_patient_of(trigger: Token, tgts: list[Actor], offset: int) -> Actor | None:
    """The one leader or named person an act of force is done to ("the president was killed", "shot the governor"):
    the target actor holding the trigger's singular passive subject or object, a person or of a state's leadership."""
    if trigger.pos_ in NOUN_POS:
        return None
    patients = [c for c in trigger.children if c.dep_ in ("nsubjpass", "dobj")]
    if len(patients) != 1 or patients[0].tag_ not in ("NN", "NNP") or any(
            c.dep_ == "conj" for c in patients[0].children):
        return None
    at = offset + patients[0].idx
    for t in tgts:
        if t.start <= at < t.end and t.resolved and (t.basis == "person" or (t.sector or "") in LEADER_SECTORS):
            return t
    return None


def _country_target(where: tuple[str, str, str], s: Actor, span: tuple[int, int, str] | None = None) -> Actor:
    """The country an event with no target named is done to: (code, name, how it was found), with the mention of
    the place it was found from, else placed at its source."""
    start, end, text = span if span is not None else (s.start, s.start, "")
    return Actor(code=where[0], country=where[0], sector=None, name=where[1], text=text, start=start, end=end,
                 how=f"country where it happened ({where[2]})", basis="context")


def _reciprocal(trigger: Token) -> bool:
    """Whether the trigger's object is 'each other' or 'one another' (directly or in a phrase of its own)."""
    stack = [c for c in trigger.children if c.dep_ in ("dobj", "dative", "prep", "pobj", "obj")]
    while stack:
        tok = stack.pop()
        if tok.lower_ in ("other", "another") and (
                any(c.lower_ in ("each", "one") for c in tok.children)
                or (tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("each", "one"))):
            return True
        if tok.dep_ == "prep":
            stack.extend(c for c in tok.children if c.dep_ == "pobj")
        elif tok.dep_ in ("dobj", "obj", "dative"):
            stack.extend(c for c in tok.children if c.dep_ == "poss")  # "expelled each other's diplomats"
    return False
