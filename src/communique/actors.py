"""Actor recognition and coding: gazetteer matches, role words, people, and within-article coreference."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span, Token

from .geo import fold
from .knowledge import Knowledge, Term
from .models import NON_STATE, Actor

# Dependency labels that open a new clause or a side phrase: an actor phrase stops there (grammar, not vocabulary:
# the word lists of actor resolution are in data/words.yaml).
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "punct", "cc", "conj", "parataxis",
                         "csubj", "mark", "dep", "advmod"})



@dataclass
class Match:
    """A gazetteer match inside a sentence (token indices relative to the parsed doc)."""

    start: int
    end: int
    term: Term


@dataclass
class ArticleContext:
    """What an article has introduced so far: people, participants, the last subject and location."""

    people: dict[str, Actor] = field(default_factory=dict)
    participants: list[Actor] = field(default_factory=list)
    last_subject: Actor | None = None
    last_location: object | None = None
    date: str | None = None  # the article's date: it chooses a person's role
    sector_country: dict[str, str] = field(default_factory=dict)  # role -> country of its last coded actor
    last_person: Actor | None = None  # the person named last ("he" and "she" refer to a person)
    story_country: str | None = None  # the country most of the article's place names point to

    def add_participant(self, actor: Actor) -> None:
        """Record a state actor as a party of the article's interaction."""
        if actor.country in NON_STATE or not actor.text or not actor.resolved:
            return
        if actor.sector:
            self.sector_country[actor.sector] = actor.country
        for i, p in enumerate(self.participants):
            if p.country == actor.country:
                if p.sector is None and actor.sector is not None:
                    self.participants[i] = actor  # "the Kazakh minister" says more than "Kazakhstan"
                return
        self.participants.append(actor)

    def register_person(self, name: str, actor: Actor) -> None:
        """Remember a person's full name and surname for later mentions."""
        parts = name.split()
        self.last_person = actor
        self.people[name] = actor
        if len(parts) > 1:
            self.people[parts[-1]] = actor
            self.people[fold(parts[-1])] = actor
        self.people[fold(name)] = actor


class _Trie:
    """Token-sequence trie: one walk from each position finds the longest entry that starts there."""

    __slots__ = ("root",)
    END = object()  # key of a node's value

    def __init__(self) -> None:
        self.root: dict = {}

    def add(self, key: tuple[str, ...], value: object) -> None:
        """Add (or replace) the value of a token sequence."""
        node = self.root
        for word in key:
            node = node.setdefault(word, {})
        node[self.END] = value

    def longest(self, words: list[str], i: int) -> tuple[int, object] | None:
        """(end, value) of the longest entry starting at words[i], or None."""
        node = self.root
        hit = None
        for j in range(i, len(words)):
            node = node.get(words[j])
            if node is None:
                break
            value = node.get(self.END)
            if value is not None:
                hit = (j + 1, value)
        return hit


class Gazetteer:
    """Longest-match lookup of gazetteer terms and places over token sequences (built once per coder)."""

    def __init__(self, knowledge: Knowledge, tokenizer) -> None:
        self.knowledge = knowledge
        self.index = _Trie()
        self.places = _Trie()
        for surface, term in knowledge.terms.items():
            key = tuple(t.text for t in tokenizer(surface))
            if key:
                self.index.add(key, term)
        for name, place in knowledge.places.items():
            key = tuple(t.text for t in tokenizer(name))
            if key:
                self.places.add(key, place)
        self.roles: dict[tuple[str, ...], tuple[str, object]] = {}
        for term, role in knowledge.roles.items():
            self.roles[tuple(term.split())] = (term, role)

    @staticmethod
    def _longest(words: list[str], table: _Trie, accept) -> list[tuple[int, int, object]]:
        """Longest non-overlapping matches of table keys in words, kept when accept(words, value) holds."""
        out = []
        i = 0
        n = len(words)
        while i < n:
            hit = table.longest(words, i)
            if hit and accept(words[i:hit[0]], hit[1]):
                out.append((i, hit[0], hit[1]))
                i = hit[0]
            else:
                i += 1
        return out

    def find(self, words: list[str]) -> list[tuple[int, int, Term]]:
        """Return (start, end, term) for the longest non-overlapping gazetteer matches."""
        # A short all-caps word is an acronym, not a demonym ("US" yes, but not "ISR" read as "Israeli").
        return self._longest(words, self.index, lambda ws, term: not (
            len(ws) == 1 and ws[0].isupper() and len(ws[0]) <= 3 and term.kind == "demonym"))

    def find_places(self, words: list[str]) -> list[tuple[int, int, object]]:
        """Return (start, end, place) matches of known places (capitalised names only)."""
        return self._longest(words, self.places, lambda ws, place: ws[0][:1].isupper())


class ActorResolver:
    """Codes the actor phrases of one parsed sentence."""

    def __init__(self, gazetteer: Gazetteer, sent: Span, offset: int, context: ArticleContext,
                 speaker: Actor | None = None,
                 settle_places: Callable[[list[tuple[int, int, str]]], list] | None = None) -> None:
        self.gaz = gazetteer
        self.k = gazetteer.knowledge
        self.w = self.k.words
        self.sent = sent
        self.doc = sent.doc
        self.offset = offset  # character offset of the doc in the article
        self.context = context
        self.speaker = speaker
        words = [t.text for t in sent]
        base = sent.start
        # a surname alone (a partial name, or a one-word alias) with another first name beside it is someone else
        # ("Simon Harris" is not the Harris of the dictionary)
        self.matches = [Match(base + s, base + e, term) for s, e, term in self.gaz.find(words)
                        if term.kind != "non-actor" and not ((term.partial or (term.kind == "person" and e - s == 1))
                                                             and not self._lone_surname(base + s))]
        # the sentence's places, settled (when the coder gives a way to) by the countries the sentence names and the
        # article's other places, else by size alone
        unsettled: set[tuple[int, int]] = set()
        places = None
        if settle_places is not None:
            settled = settle_places([(m.start, m.end, m.term.country) for m in self.matches
                                     if m.term.kind in ("country", "demonym")])
            unsettled = {(s, e) for s, e, p in settled if p is None}
            places = [x for x in settled if x[2] is not None]
        self.places = places if places is not None else [(base + s, base + e, p)
                                                         for s, e, p in self.gaz.find_places(words)]
        if places is not None:
            # a capital's name stands for its government only where the place meant is that capital
            # ("Tripoli" in a Lebanese story is no seat of the Libyan government)
            meant = {(s, e): p for s, e, p in places}

            def elsewhere(m: Match) -> bool:
                p = meant.get((m.start, m.end))
                return (m.start, m.end) in unsettled or (p is not None and not (
                    p.kind == "city" and p.capital and p.country == m.term.country))

            self.matches = [m for m in self.matches if not (m.term.kind == "capital" and elsewhere(m))]
            # a country's name that the story shows to be a region of another country ("Savannah, Georgia")
            # stands for that country
            regions = {(s, e): p for s, e, p in places if p.kind == "region"}
            for i, m in enumerate(self.matches):
                p = regions.get((m.start, m.end))
                if m.term.kind == "country" and p is not None and p.country != m.term.country:
                    c = self.k.countries.get(p.country)
                    self.matches[i] = Match(m.start, m.end, Term(p.country, p.country, None, "place",
                                                                 c.name if c else p.country))
        self.match_at: dict[int, Match] = {}
        for m in self.matches:
            for i in range(m.start, m.end):
                self.match_at[i] = m
        self.cache: dict[int, list[Actor]] = {}

    def _lone_surname(self, i: int) -> bool:
        """A surname alone counts where the parser reads a name and no other name word stands next to it ("David
        Otieno" is someone else than the Otieno of the dictionary; "Miro Tavenko" is not a Miro)."""
        tok = self.doc[i]
        if tok.pos_ != "PROPN" or tok.lower_ in self.w.title_words:
            return False  # "Prime" in "Prime Minister" is a title word, no one's surname
        before = self.doc[i - 1] if i > self.sent.start else None
        after = self.doc[i + 1] if i + 1 < self.sent.end else None
        if (before is not None and before.text in ("-", "‐", "–") and not before.whitespace_) \
                or (after is not None and after.text in ("-", "‐", "–") and not tok.whitespace_):
            return False  # part of a hyphenated name ("Al-Daraja"), no surname alone
        return not any(t is not None and t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha
                       and t.lower_ not in self.w.title_words and t.lower_ not in self.k.roles
                       and t.lower_ not in self.w.calendar_words for t in (before, after))

    # ---- phrase and sector -------------------------------------------------------------
    def phrase(self, head: Token) -> list[Token]:
        """Tokens of the actor phrase headed by `head` (no clauses, conjuncts or most preps)."""
        out = [head]
        stack = [head]
        while stack:
            tok = stack.pop()
            for child in tok.children:
                if child.dep_ in CLAUSE_DEPS and not (child.dep_ in ("conj", "cc") and tok is not head):
                    continue
                if child.dep_ == "prep" and child.lower_ not in self.w.phrase_preps:
                    continue
                if child.dep_ == "appos" and child.i < head.i:
                    continue
                out.append(child)
                stack.append(child)
        return sorted(out, key=lambda t: t.i)

    def sector_of(self, tokens: list[Token], head: Token) -> tuple[str | None, str | None]:
        """Best role word in the phrase: (sector, the word)."""
        best = None
        toks = [t for t in tokens if t.i not in self.match_at or self.match_at[t.i].term.kind == "demonym"]
        idx = {t.i for t in toks}
        for t in toks:
            for length in (3, 2, 1):
                seq = [self.doc[j] for j in range(t.i, t.i + length) if j < len(self.doc)]
                if len(seq) < length or any(s.i not in idx for s in seq):
                    continue
                key_lemma = tuple(s.lemma_.lower() for s in seq)
                key_text = tuple(s.lower_ for s in seq)
                hit = self.gaz.roles.get(key_lemma) or self.gaz.roles.get(key_text)
                if hit and t.i >= 2 and self.doc[t.i - 1].text == "-" and self.doc[t.i - 2].lower_ in ("anti", "pro"):
                    hit = None  # "anti-government protesters" are no government
                if hit:
                    term, role = hit
                    score = (role.priority, -abs(head.i - t.i))
                    if best is None or score > best[0]:
                        best = (score, role.sector, " ".join(key_text))
        if best is None:
            return None, None
        return best[1], best[2]

    def person_name(self, tokens: list[Token]) -> list[Token]:
        """The run of name tokens (capitalised proper nouns that are not title words) in a phrase."""
        run: list[Token] = []
        best: list[Token] = []
        for t in tokens:
            is_name = (t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in self.w.title_words
                       and t.i not in self.match_at and t.lower_ not in self.k.roles and t.is_alpha)
            if is_name and (not run or run[-1].i == t.i - 1):
                run.append(t)
            elif is_name:
                run = [t]
            else:
                run = []
            if len(run) >= len(best):
                best = list(run)
        return best

    def _make(self, term: Term, sector: str | None, tokens: list[Token], how: str, name: str | None = None,
              entry: str | None = None, basis: str = "gazetteer") -> Actor:
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t.text) for t in tokens)
        if term.kind == "organisation" or term.country in ("IGO", "NGO", "IMG"):
            code = term.code
            sector = term.sector
        else:
            sector = sector or term.sector
            code = term.country + (sector or "")
        text = self.doc.text[start:end]
        return Actor(code=code, country=term.country, sector=sector, name=name or term.name, text=text,
                     start=self.offset + start, end=self.offset + end, how=how, entry=entry, basis=basis)

    def _unresolved(self, tokens: list[Token], sector: str | None, why: str) -> Actor:
        """An actor no knowledge codes: '---' plus the role the phrase names, kept with its text."""
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t.text) for t in tokens)
        text = self.doc.text[start:end]
        return Actor(code="---" + (sector or ""), country="---", sector=sector, name=text, text=text,
                     start=self.offset + start, end=self.offset + end, how=f"unresolved: {why}", resolved=False,
                     basis="unresolved")

    # ---- resolution ---------------------------------------------------------------------
    def members(self, head: Token) -> list[Token]:
        """The head and its coordinated conjuncts ("A and B")."""
        out = [head]
        for t in head.children:
            if t.dep_ == "conj":
                out.extend(self.members(t))
        return out

    def actors(self, head: Token, allow_group: bool = True) -> list[Actor]:
        """Code every actor of the phrase headed by `head`, its conjuncts included."""
        out: list[Actor] = []
        for member in self.members(head):
            for actor in self.actors_of(member, allow_group):
                if all((a.code, a.start) != (actor.code, actor.start) for a in out):
                    out.append(actor)
        return out

    def actors_of(self, head: Token, allow_group: bool = True) -> list[Actor]:
        """Code the actor(s) of one phrase (several when it coordinates countries: "Hungarian and Romanian")."""
        key = head.i * 2 + int(allow_group)
        if key in self.cache:
            return self.cache[key]
        result = self._resolve(head, allow_group)
        self.cache[key] = result
        return result

    def _depth(self, tok: Token, head: Token) -> int:
        d = 0
        while tok.i != head.i and d < 30:
            if tok.head.i == tok.i:
                return 99
            tok = tok.head
            d += 1
        return d

    def _resolve(self, head: Token, allow_group: bool) -> list[Actor]:
        lower = head.lower_
        if lower in self.w.pronouns_speaker and self.speaker is not None:
            if lower in ("we", "us", "our"):  # "Ireland, Norway and Spain are announcing that we ...": the group
                group = self._speakers_group(head)
                if group:
                    return group
            return [self._copy(self.speaker, head, "speaker of the quote", basis="speaker")]
        if (lower in self.w.pronouns_singular or lower in self.w.pronouns_plural) and head.pos_ == "PRON":
            return self._pronoun(head)
        if lower in ("whom", "which", "who", "that") and head.head.dep_ == "relcl" \
                and head.head.head.pos_ in ("NOUN", "PROPN"):
            return [self._copy(a, head, f"relative pronoun '{head.text}' -> '{a.text}'", basis="pronoun")
                    for a in self.actors(head.head.head, allow_group)]
        if lower in ("themselves", "himself", "herself", "itself"):
            return []
        if lower in self.w.partitive_words or head.lemma_.lower() in self.w.partitive_words:
            group = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj"]
            if group:  # "dozens of them": the group's actor
                return self.actors(group[0], allow_group)
        tokens = self.phrase(head)
        in_phrase = {t.i for t in tokens}
        found = [m for m in self.matches if any(i in in_phrase for i in range(m.start, m.end))]
        if len(found) > 1:  # a bare surname gives way to a fuller name in the phrase ("U.S. ... Harris")
            found = [m for m in found if not m.term.partial] or found
        # "the UN-backed government": a name hyphened to a backer word is the backer, not the actor
        found = [m for m in found if m.start <= head.i < m.end or not (
            m.end + 1 < len(self.doc) and self.doc[m.end].text == "-"
            and self.doc[m.end + 1].lower_ in self.w.backer_words)]
        sector, role_word = self.sector_of(tokens, head)
        if found and sector is None and head.pos_ in ("PROPN", "NOUN") and head.i not in self.match_at:
            # A name's "in Nairobi" says where, not who: "X in Nairobi" is X, not the Kenyan government; "the talks
            # in Kuala Lumpur" are no Malaysian actor.
            where = {x.i for c in head.children if c.dep_ == "prep" and c.lower_ in self.w.location_preps
                     for x in c.subtree}
            found = [m for m in found if not all(i in where for i in range(m.start, m.end))]
        if len(found) == 1 and found[0].term.kind == "person" and found[0].end - found[0].start == 1:
            # a surname alone is the person of that surname the article introduced, before the dictionary's
            surname = self.doc[found[0].start].text
            known = self._introduced(surname)
            if known is not None and known.name != found[0].term.name:
                return [self._copy(known, head, f"coreference: '{surname}' introduced earlier", tokens)]
        if found:
            chosen = self._chosen_matches(found, head)
            return [self._match_actor(m, head, tokens, sector, role_word, alone=len(chosen) == 1) for m in chosen]
        return self._without_term(head, tokens, sector, role_word, allow_group)

    def _chosen_matches(self, found: list[Match], head: Token) -> list[Match]:
        """The gazetteer matches of a phrase that name its actors: the one nearest the head, and those
        conjoined with it ("Sierra Leonean and Liberian refugees")."""
        roots = []
        for m in found:
            root = self.doc[m.start]
            for j in range(m.start, m.end):
                if not (m.start <= self.doc[j].head.i < m.end):
                    root = self.doc[j]
            roots.append((self._depth(root, head), m.start, m, root))
        roots.sort(key=lambda r: (r[0], r[1]))
        chosen = [roots[0]]
        first_root = roots[0][3]
        first_noun = first_root
        while first_noun.dep_ in ("amod", "compound", "nmod") and first_noun.head.pos_ in ("NOUN", "PROPN"):
            first_noun = first_noun.head
        for r in roots[1:]:
            tok = r[3]
            linked = False
            while tok.dep_ in ("amod", "compound", "nmod") and tok.head.pos_ in ("NOUN", "PROPN") \
                    and tok.head.i != first_noun.i:
                tok = tok.head  # "Sierra Leonean and Liberian refugees": the conjunct is the noun
            while tok.dep_ == "conj":
                tok = tok.head
                if tok.i in (first_root.i, first_noun.i):
                    linked = True
                    break
            first = roots[0][2]
            if r[3].dep_ in ("compound", "nmod") and r[3].head.i == first_noun.i and any(
                    c.dep_ == "conj" and first.start <= c.i < first.end for c in r[3].children):
                linked = True  # "the U.S. and rights groups", parsed as one group: two actors
            if linked or (r[3].dep_ in ("amod", "compound", "nmod") and r[3].head.i == first_root.head.i
                          and r[0] == roots[0][0] and r[2].term.country != roots[0][2].term.country
                          and any(c.dep_ == "cc" for x in (r[3].head, first_root, r[3]) for c in x.children)):
                chosen.append(r)
        return [r[2] for r in chosen]

    def _match_actor(self, m: Match, head: Token, tokens: list[Token], sector: str | None, role_word: str | None,
                     alone: bool) -> Actor:
        """The actor one gazetteer match codes, with the phrase's sector and person name."""
        term = m.term
        if term.roles:
            return self._dated_actor(m, tokens, alone)
        if term.kind == "demonym" and m.start > 0 and self.doc[m.start - 1].lower_ == "ethnic":
            where = self.context_country()
            if where is not None:
                term = Term(where[0], where[0], None, "ethnic", where[1])
        # A capital inside "in <capital>" is a place, not the government.
        sec = sector
        if term.kind == "capital" and m.start != head.i and self.doc[m.start].head.dep_ == "prep" \
                and self.doc[m.start].head.head.i != m.start:
            sec = sector
        elif term.kind in ("capital", "seat") and sector is None:
            sec = term.sector
        name_toks = self.person_name(tokens)
        how = f"{term.kind} '{self.doc[m.start:m.end].text}'"
        if role_word:
            how += f" + role '{role_word}'"
        name = " ".join(t.text for t in name_toks) if name_toks else None
        actor = self._make(term, sec, tokens, how, name=name)
        if name_toks and alone:
            self.context.register_person(name, actor)
        return actor

    def _dated_actor(self, m: Match, tokens: list[Token], alone: bool) -> Actor:
        """The actor of a dictionary entry (person or group): the role its article's date falls in; a person
        outside every role keeps only the country of the first."""
        term = m.term
        surface = self.doc[m.start:m.end].text
        on = self.context.date or "no date"
        role = term.role_span(self.context.date)
        if role is None:
            country = term.roles[0][0][:3]
            dated = Term(country, country, None, term.kind, term.name)
            how = f"{term.kind} '{surface}' ({term.name}: no role on {on}, country only)"
        else:
            code, start, end = role
            dated = Term(code, code[:3], code[3:] or None, term.kind, term.name)
            span = f"{start or '…'} to {end or '…'}" if start or end else "undated role"
            how = f"{term.kind} '{surface}' ({term.name}: {code} on {on}, role {span})"
        actor = self._make(dated, dated.sector, tokens, how, name=term.name, entry=term.entry,
                           basis="person" if term.kind == "person" else "group")
        if alone and term.kind == "person":
            self.context.register_person(term.name, actor)
        return actor

    def _without_term(self, head: Token, tokens: list[Token], sector: str | None, role_word: str | None,
                      allow_group: bool) -> list[Actor]:
        """A phrase with no gazetteer term: a person introduced earlier, a group word, a role in the sentence's
        country, or a title that refers to the last actor."""
        name_toks = self.person_name(tokens)
        if sector and role_word and head.pos_ != "PROPN" and not self._is_role(head) \
                and head.lemma_.lower() not in self.w.act_nouns and any(
                t.lower_ == role_word.split()[-1] and t.dep_ in ("amod", "compound") and t.head.i == head.i
                for t in tokens):
            sector = None  # a role word modifying a thing is no actor ("military support"); an act is its actor's
        if name_toks:
            name = " ".join(t.text for t in name_toks)
            for key in (name, name_toks[-1].text):
                known = self._introduced(key)
                if known is not None:
                    return [self._copy(known, head, f"coreference: '{key}' introduced earlier", tokens)]
        # "his country", "their government" as a subject: the country of whom the owning pronoun refers to (as an
        # object, "its troops" are the source's own, no party to its act).
        owner = next((c for c in head.children if c.dep_ == "poss"
                      and c.lower_ in ("his", "her", "its", "their", "whose")), None)
        if owner is not None and allow_group and head.dep_ in ("nsubj", "nsubjpass") \
                and head.lemma_.lower() in self.w.organ_nouns and owner.lower_ in ("its", "their", "whose"):
            refs = self._pronoun(owner)
            if refs and refs[0].resolved and refs[0].country in NON_STATE:  # "its board approved ...": the body
                return [self._copy(refs[0], head, f"'{owner.text} {head.text}': the organ of '{refs[0].text}'",
                                   tokens)]
        if owner is not None and allow_group and head.dep_ in ("nsubj", "nsubjpass") \
                and (sector or head.lemma_.lower() in self.w.country_nouns):
            refs = self._pronoun(owner)
            if refs and refs[0].resolved and refs[0].country not in NON_STATE:
                c = self.k.countries.get(refs[0].country)
                term = Term(refs[0].country, refs[0].country, None, "context", c.name if c else refs[0].country)
                return [self._make(term, sector, tokens, f"'{owner.text} {head.text}': of '{refs[0].text}'",
                                   basis="coreference")]
        # A group word ("the parties", "both sides", "the two ministers"): two countries the sentence named
        # before it ("ties between India and Canada ... after both nations ..."), else the article's parties.
        own_role = role_word is not None and role_word.split()[-1] not in (head.lower_, head.lemma_.lower())
        if allow_group and head.lemma_.lower() in self.w.group_words and self._is_plural_group(head) \
                and not own_role:  # "the military leaders" are the military's, no reference to the parties
            earlier: list[Actor] = []
            for m in self.matches:
                if m.end <= head.i and m.term.kind in ("country", "capital", "demonym", "organisation") \
                        and all(a.country != m.term.country for a in earlier):
                    earlier.extend(self.actors_of(self.doc[m.end - 1], allow_group=False)[:1])
            if len({a.country for a in earlier}) > 2:  # "A, who chaired talks between B and C, praised both sides"
                own = {a.country for i in self._clause_subjects(head) if self.doc[i].dep_ == "nsubj"
                       for a in self.actors_of(self.doc[i], allow_group=False)}
                earlier = [a for a in earlier if a.country not in own]
            parties = earlier if len({a.country for a in earlier}) == 2 else self.context.participants[:2]
            if len(parties) >= 2:
                return [self._copy(p, head, f"group reference '{head.text}' to the parties named before", tokens)
                        for p in parties]
        # A role with no country of its own ("opposition leaders", "President X") takes the country of a place in
        # its own phrase ("the Kharkiv governor") or where the sentence happens ("in Kharkiv").
        name = " ".join(t.text for t in name_toks) if name_toks else None
        if sector and any(t.lower_ in self.w.world_words for t in tokens):
            # "leaders around the world": of no one country
            return [self._unresolved(tokens, sector, f"role '{role_word}' of the world, no one country")]
        if sector and allow_group and head.pos_ in ("NOUN", "PROPN"):
            where = self._own_place(tokens) or self.context_country() or self._home_country(sector)
            if where is not None:
                term = Term(where[0], where[0], None, "context", where[1])
                actor = self._make(term, sector, tokens, f"role '{role_word}' + country from the sentence "
                                   f"({where[2]})", name=name, basis="role")
                if name:
                    self.context.register_person(name, actor)
                return [actor]
        # A title alone ("the minister") refers to the last person with that kind of office.
        if sector and head.lemma_.lower() in self.k.roles and self.context.last_subject is not None \
                and head.tag_ in ("NN", "NNP") and sector == (self.context.last_subject.sector or sector):
            return [self._copy(self.context.last_subject, head, f"title '{head.text}' refers to the last actor",
                               tokens)]
        # Else the article gives a role its country: the same role coded earlier ("police" after "Kenyan police"),
        # its setting (dateline, or where a visit went), or, when this sentence names no country, the one country
        # the article's actors have come from so far.
        where = self._article_country(sector) if sector and allow_group and head.pos_ in ("NOUN", "PROPN") else None
        if where is not None:
            term = Term(where[0], where[0], None, "context", where[1])
            return [self._make(term, sector, tokens, f"role '{role_word}' + {where[2]}", name=name, basis="role")]
        # No knowledge codes it: a role or a name is kept as an unresolved actor (code '---').
        if allow_group and head.pos_ in ("NOUN", "PROPN") and (
                sector or (name_toks and head.pos_ == "PROPN" and head in name_toks
                           and not any(t.lower_ in self.w.not_actor_names for t in name_toks))):
            place = None if sector else self._named_place(name_toks)
            if place is not None:
                # a city or region named as an actor stands for its country ("shelled Kharkiv", "Lagos said")
                c = self.k.countries.get(place.country)
                term = Term(place.country, place.country, None, "place", c.name if c else place.country)
                kind = getattr(place, "kind", "city")
                return [self._make(term, None, tokens, f"place '{name}' ({kind} of {term.name})", basis="place")]
            why = f"role '{role_word}', no country" if sector else f"no entry for '{name}'"
            actor = self._unresolved(tokens, sector, why)
            if name and not sector:
                self.context.register_person(name, actor)
            return [actor]
        return []

    def _named_place(self, name_toks: list[Token]) -> Any:
        """The settled place (city or region) a name is, when its words are exactly one of the sentence's places."""
        idx = sorted(t.i for t in name_toks)
        for s, e, place in self.places:
            if idx == list(range(s, e)):
                return place
        return None

    def _is_role(self, tok: Token) -> bool:
        """Whether a token is itself a role word (alone or ending a role phrase: "security forces")."""
        if tok.lemma_.lower() in self.k.roles or tok.lower_ in self.k.roles:
            return True
        left = [t for t in tok.lefts if t.dep_ in ("compound", "amod")]
        return any(" ".join(x.lower_ for x in self.doc[t.i:tok.i + 1]) in self.k.roles for t in left)

    def _article_country(self, sector: str) -> tuple[str, str, str] | None:
        """(country, name, how) for a role the sentence does not place, from what the article has coded."""
        ctx = self.context
        if sector in ctx.sector_country:
            code = ctx.sector_country[sector]
            return code, self._country_name(code), f"the country of the article's earlier '{sector}' actor"
        setting = ctx.last_location
        if setting is not None and getattr(setting, "country", None):
            return setting.country, setting.name, f"the country of the article's setting ({setting.name})"
        named = {m.term.country for m in self.matches} | {p.country for _s, _e, p in self.places}
        countries = {p.country for p in ctx.participants}
        if not named and len(countries) == 1:
            code = next(iter(countries))
            return code, self._country_name(code), "the one country of the article's actors so far"
        story = ctx.story_country
        if story and not named and countries <= {story}:
            return story, self._country_name(story), "the country the article's places point to"
        return None

    def _country_name(self, code: str) -> str:
        c = self.k.countries.get(code)
        return c.name if c else code

    def _home_country(self, sector: str) -> tuple[str, str, str] | None:
        """For a role that acts at home (police, opposition: words.yaml), the one country the sentence names; for
        "the government", the one country the sentence names only through its domestic groups ("ELN rebels killed
        two drivers after the government suspended the talks": Colombia's)."""
        if sector not in self.w.domestic_sectors:
            if sector != "GOV":  # an army may be the other side's ("Hamas fighters attacked soldiers")
                return None
            domestic = [m for m in self.matches if m.term.kind == "organisation" and m.term.sector
                        and m.term.sector in self.w.domestic_sectors and m.term.country
                        and m.term.country not in NON_STATE]
            if not domestic or len(self.matches) != len(domestic) or self.places \
                    or len({m.term.country for m in domestic}) != 1:
                return None
            code = domestic[0].term.country
            return code, self._country_name(code), "the one country the sentence's domestic groups belong to"
        named = {m.term.country for m in self.matches if m.term.country not in NON_STATE | {""}}
        named |= {p.country for _s, _e, p in self.places}
        if len(named) != 1:
            return None
        code = next(iter(named))
        return code, self._country_name(code), "a role at home in the one country the sentence names"

    def _own_place(self, tokens: list[Token]) -> tuple[str, str, str] | None:
        """(country, name, how) of a known place inside an actor's own phrase."""
        idx = {t.i for t in tokens}
        for s, e, place in self.places:
            if all(i in idx for i in range(s, e)):
                c = self.k.countries.get(place.country)
                return place.country, c.name if c else place.country, f"'{place.name}' in the phrase"
        return None

    def context_country(self) -> tuple[str, str, str] | None:
        """(country, name, how) of the place the sentence happens in ('in X', 'at X'), if it names one."""
        where = self.context_place()
        return None if where is None else where[0]

    def context_place(self) -> tuple[tuple[str, str, str], tuple[int, int, str]] | None:
        """((country, name, how), (start, end, text)) of the place the sentence happens in, with the place's mention
        (character offsets in the article)."""
        attribution = {x.i for t in self.sent if t.lemma_.lower() in self.w.attribution_verbs
                       for c in t.children if c.dep_ == "nsubj" for x in c.subtree}
        for s, e, place in self.places:
            tok = self.doc[e - 1]
            if tok.dep_ == "pobj" and tok.head.lower_ in self.w.location_preps and tok.i not in attribution:
                c = self.k.countries.get(place.country)
                return ((place.country, c.name if c else place.country, f"'{tok.head.lower_} {place.name}'"),
                        self._span(s, e))
        for m in self.matches:
            tok = self.doc[m.end - 1]
            if m.term.kind in ("country", "capital", "seat") and tok.dep_ == "pobj" \
                    and tok.head.lower_ in self.w.location_preps:
                return ((m.term.country, m.term.name, f"'{tok.head.lower_} {self.doc[m.start:m.end].text}'"),
                        self._span(m.start, m.end))
        return None

    def _span(self, start: int, end: int) -> tuple[int, int, str]:
        """Article character offsets and text of the tokens start..end."""
        span = self.doc[start:end]
        return self.offset + span.start_char, self.offset + span.end_char, span.text

    def implied_actor(self, sector: str, near: list[Actor], at: Token,
                      lacking: str = "a passive without one") -> Actor | None:
        """The agent a passive without one implies ("224 people were detained": the police): the sentence's own
        actor of that sector, else one in the country where it happened, of those it happened to, of who reports it,
        or of the article; None if none is known."""
        same = next(((a.country, a.name, f"the country of '{a.text}' in the sentence") for a in self.all_mentions()
                     if a.sector == sector and a.resolved and a.country not in NON_STATE), None)
        patient = next(((a.country, a.name, f"the country of '{a.text}'") for a in near
                        if a.resolved and a.country not in NON_STATE), None)
        where = same or self.context_country() or patient or self.reporter_country() or self._article_country(sector)
        if where is None:
            return None
        c = self.k.countries.get(where[0])
        return Actor(code=where[0] + sector, country=where[0], sector=sector, name=c.name if c else where[1],
                     text="", start=self.offset + at.idx, end=self.offset + at.idx,
                     how=f"implied agent '{sector}' of {lacking}, in {where[2]}", basis="context")

    def unknown_agent(self, at: Token) -> Actor:
        """The assailant no one names of an act the sentence reports ("the president was shot"): code '---'."""
        pos = self.offset + at.idx
        return Actor(code="---", country="---", sector=None, name="", text="", start=pos, end=pos,
                     how="unresolved: an assailant the text does not name", resolved=False, basis="unresolved")

    def reporter_country(self) -> tuple[str, str, str] | None:
        """(country, name, how) of a state actor the sentence attributes itself to ("..., the ministry said")."""
        for t in self.sent:
            if t.lemma_.lower() not in self.w.attribution_verbs:
                continue
            for c in t.children:
                if c.dep_ == "nsubj":
                    for a in self.actors_of(c, allow_group=False):
                        if a.resolved and a.country not in NON_STATE:
                            return a.country, a.name, f"the country of who reports it ('{a.text}')"
        return None

    def _is_plural_group(self, head: Token) -> bool:
        if head.tag_ in ("NNS", "NNPS"):
            return True
        return any(c.lower_ in ("both", "two") for c in head.children)

    def _pronoun(self, head: Token) -> list[Actor]:
        """Nearest actor earlier in the same sentence that heads a subject, else the article's last subject; "he"
        and "she" (and their forms) skip actors that are no person for the last person named."""
        if head.lower_ == "whose":  # "the government, whose council vowed ...": the noun the clause describes
            verb = head
            while verb.dep_ != "relcl" and verb.head.i != verb.i:
                verb = verb.head
            if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                return [self._copy(a, head, f"'whose' -> '{a.text}'", basis="pronoun")
                        for a in self.actors_of(verb.head)[:1]]
            return []
        personal = head.lower_ in ("he", "she", "him", "his", "her")
        people = {id(a) for a in self.context.people.values()}
        # an object pronoun is never its own clause's subject ("police fired at protesters and arrested many of
        # them": the protesters), and may take up an earlier object
        own = self._clause_subjects(head) if head.dep_ in ("dobj", "pobj", "dative") else set()
        deps = ("nsubj", "nsubjpass", "ROOT", "dobj", "pobj") if own else ("nsubj", "nsubjpass", "ROOT")
        above = {t.i for t in head.ancestors}  # "many of them": not the phrase the pronoun stands in
        own_codes = {a.code for i in own if self.doc[i].dep_ in ("nsubj", "nsubjpass")
                     for a in self.actors_of(self.doc[i])}
        coordinated = False
        for tok in reversed(list(self.sent)):
            if tok.i >= head.i or tok.i in own or tok.i in above:
                continue
            if tok.dep_ in deps and tok.pos_ != "PRON":
                if personal and any(c.dep_ == "conj" for c in tok.children):
                    coordinated = True  # "A and B held talks with C after he threatened ...": not A and B
                    continue
                found = [a for a in self.actors_of(tok) if a.code not in own_codes]
                if found and (not personal or self._is_person(found[0], tok, people)):
                    if (head.lower_ in self.w.pronouns_plural or head.lower_ in self.w.pronouns_speaker) \
                            and any(c.dep_ == "conj" for c in tok.children):
                        # "India and Pakistan said they had agreed": a plural pronoun stands for all the parties
                        return [self._copy(a, head, f"pronoun '{head.text}' -> '{a.text}'", basis="pronoun")
                                for a in self.actors(tok)]
                    return [self._copy(found[0], head, f"pronoun '{head.text}' -> '{found[0].text}'", basis="pronoun")]
        if coordinated:  # ... but the one person named as their object or partner (C)
            for tok in reversed([t for t in self.sent if t.i < head.i and t.dep_ in ("dobj", "pobj")
                                 and t.pos_ == "PROPN" and t.i not in above]):
                found = [a for a in self.actors_of(tok) if a.code not in own_codes]
                if found and self._is_person(found[0], tok, people):
                    return [self._copy(found[0], head, f"pronoun '{head.text}' -> '{found[0].text}'",
                                       basis="pronoun")]
        last = self.context.last_subject
        if personal and last is not None and not self._is_person(last, None, people) \
                and self.context.last_person is not None:
            last = self.context.last_person
            return [self._copy(last, head, f"pronoun '{head.text}' -> last person named '{last.text}'",
                               basis="pronoun")]
        if last is not None and head.lower_ in self.w.pronouns_plural and self._is_person(last, None, people):
            # "X met Y in Paris. They talked over ...": a plural pronoun after one person is that person and the
            # other person the article named last
            other = next((p for p in reversed(list(self.context.people.values()))
                          if p.resolved and p.country != last.country and p.country not in NON_STATE), None)
            if other is not None:
                return [self._copy(a, head, f"pronoun '{head.text}' -> '{a.text}' and the other party",
                                   basis="pronoun") for a in (last, other)]
        if last is not None:
            return [self._copy(last, head, f"pronoun '{head.text}' -> last subject '{last.text}'", basis="pronoun")]
        return []

    def _introduced(self, name: str) -> Actor | None:
        """The person the article introduced under this name or surname (accents folded), if any."""
        return self.context.people.get(name) or self.context.people.get(fold(name))

    def _speakers_group(self, head: Token) -> list[Actor]:
        """The coordinated subject before a plural speaker pronoun that names the speaker's country among others."""
        speaker = self.speaker
        for tok in reversed([t for t in self.sent if t.i < head.i]):
            if tok.dep_ == "nsubj" and tok.pos_ != "PRON" and any(c.dep_ == "conj" for c in tok.children):
                group = self.actors(tok)
                if len(group) >= 2 and speaker is not None and any(a.country == speaker.country for a in group):
                    return [self._copy(a, head, f"'{head.text}': the group '{tok.text} ...' the speaker belongs to",
                                       basis="speaker") for a in group]
        return []

    @staticmethod
    def _clause_subjects(tok: Token) -> set[int]:
        """Tokens of the subject of the clause a word stands in (a conjoined verb shares its first verb's)."""
        verb = tok
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        out: set[int] = set()
        while True:
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            for c in subj:
                out.update(x.i for x in c.subtree)
            if subj or verb.dep_ != "conj":
                return out
            verb = verb.head

    def _is_person(self, actor: Actor, tok: Token | None, people: set[int]) -> bool:
        """Whether an actor is a person: a dictionary person, a name registered in the article, or a title."""
        if actor.basis == "person" or id(actor) in people or actor.name in self.context.people:
            return True
        return tok is not None and self.k.roles.get(tok.lemma_.lower(), None) is not None \
            and self.k.roles[tok.lemma_.lower()].kind == "title"

    def _copy(self, actor: Actor, head: Token, how: str, tokens: list[Token] | None = None,
              basis: str = "coreference") -> Actor:
        tokens = tokens or [head]
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t.text) for t in tokens)
        earlier = actor.antecedent or ([actor.start, actor.end] if actor.text else None)
        return Actor(code=actor.code, country=actor.country, sector=actor.sector, name=actor.name,
                     text=self.doc.text[start:end], start=self.offset + start, end=self.offset + end, how=how,
                     resolved=actor.resolved, entry=actor.entry, basis=basis, antecedent=earlier)

    def actors_in(self, indices: set[int]) -> list[Actor]:
        """Actors of the gazetteer terms inside a set of tokens, in text order (for targets found deeper)."""
        out: list[Actor] = []
        for m in self.matches:
            if not any(i in indices for i in range(m.start, m.end)):
                continue
            root = self.doc[m.start]
            for j in range(m.start, m.end):
                if not (m.start <= self.doc[j].head.i < m.end):
                    root = self.doc[j]
            head = root
            while head.dep_ in ("compound", "amod", "nmod", "npadvmod") and head.head.i in indices \
                    and head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head
            if root.dep_ == "pobj" and root.head.lower_ in self.w.location_preps and m.term.kind != "organisation":
                continue  # "in Hong Kong" is where, not whom
            for a in self.actors_of(head, allow_group=False):
                if all(a.code != b.code for b in out):
                    out.append(a)
        return out

    def all_mentions(self) -> list[Actor]:
        """Every actor phrase in the sentence (for explain and for registering people)."""
        seen: set[int] = set()
        out = []
        for m in self.matches:
            tok = self.doc[m.start]
            for j in range(m.start, m.end):
                if not (m.start <= self.doc[j].head.i < m.end):
                    tok = self.doc[j]
            head = tok
            while head.dep_ in ("compound", "amod", "nmod", "poss") and head.head.i != head.i \
                    and head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head
            while head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "PROPN") \
                    and (head.head.head.lemma_.lower() in self.k.roles or head.head.head.lower_ in self.w.title_words):
                head = head.head.head  # up the title: "Minister of Foreign Affairs of the Republic of X"
            if head.i in seen:
                continue
            seen.add(head.i)
            out.extend(self.actors_of(head, allow_group=False))
        return out


@dataclass
class Lookup:
    """How a name codes on a date: the actors the coder makes of it, and the dictionary terms it contains."""

    name: str
    date: str | None
    actors: list[Actor]
    terms: list[tuple[str, Term]]  # (surface as matched, term)


def lookup(gazetteer: Gazetteer, nlp, name: str, date: str | None = None) -> Lookup:
    """Code `name` as the subject of a plain sentence ("NAME said.") and list the knowledge it matched."""
    doc = nlp(f"{name.strip()} said.")
    sent = doc[:]
    res = ActorResolver(gazetteer, sent, 0, ArticleContext(date=date))
    verb = next((t for t in sent if t.lemma_ == "say"), None)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] if verb is not None else []
    actors = [a for s in subjects for a in res.actors(s)]
    terms = [(doc[m.start:m.end].text, m.term) for m in res.matches]
    return Lookup(name.strip(), date, actors, terms)
