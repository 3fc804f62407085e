"""Learn people that a corpus introduces with a title and a country ("Polish Foreign Minister Anna Kowal") and
write them as an actor dictionary for a person to review and pass back to the coder with --actors."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .actor_files import slug
from .actors import Gazetteer
from .errors import ModelNotFoundError, OutputError
from .models import Article, DocStatus

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .knowledge import Knowledge, RoleWord, Term

COLUMNS = ("id", "kind", "name", "aliases", "code", "from", "to", "office", "source", "first_seen", "last_seen",
           "mentions", "evidence")
EVIDENCE_CHARS = 300  # the longest evidence text written
BATCH_SIZE = 64  # texts per nlp.pipe batch
PIECE_CHARS = 1000  # a rough sentence longer than this is cut into pieces of about this size before parsing
MAX_PREFIX = 10  # the most tokens a title phrase before a name may have
MAX_APPOSITIVE = 14  # the most tokens an appositive after a name may have
MAX_TERM_TOKENS = 6  # the most tokens a gazetteer term or role phrase is looked up with
MAX_NAME_WORDS = 5  # a longer run of capitalised words is more likely an organisation than a person
DETERMINERS = frozenset({"the", "a", "an"})
CONNECTIVES = frozenset({"of", "and", "for", "the", "his", "her", "to", "&"})  # never the first or last office word
NOT_CURRENT = frozenset({"former", "ex", "late", "ousted", "deposed", "exiled", "then", "retired", "disgraced",
                         "erstwhile", "onetime", "one-time", "would-be", "slain", "jailed"})
NAME_PARTICLES = frozenset({"al", "el", "bin", "bint", "ibn", "abu", "de", "del", "della", "da", "di", "dos", "das",
                            "do", "du", "la", "le", "van", "von", "der", "den", "ter", "y", "zu"})
NAME_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
CLOSERS = frozenset({",", ".", ";", ":", ")", "(", "—", "–", "!", "?", '"', "”"})
TAIL_PREPS = frozenset({"to", "in", "at", "for", "on"})
COUNTRY_KINDS = frozenset({"country", "demonym"})
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "sen", "rep", "gov",
                           "prof", "st", "jr", "sr", "rev", "adm", "brig", "cmdr", "hon", "no", "vs", "mt", "ft",
                           "u.s", "u.k", "u.n", "e.u"})
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")
_INITIAL = re.compile(r"[A-Z]\.")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class LearnedActor:
    """A person the corpus introduces with a title and a country, with the evidence for it."""

    name: str  # "Anna Kowal"
    code: str  # country code + sector of the title: "POLGOV"
    office: str  # the title as written, lower-case: "foreign minister"
    country: str  # "POL"
    mentions: int  # introductions seen
    documents: int  # distinct article ids among them
    first_seen: str | None  # earliest article date among the introductions
    last_seen: str | None  # latest article date among them
    evidence: str  # the sentence of the first introduction, whitespace collapsed, at most EVIDENCE_CHARS
    origin: str  # the article id (and where it was read) of that evidence


@dataclass
class LearnResult:
    """What learn_actors found: the people, sorted by name, and how many documents it read and skipped."""

    actors: list[LearnedActor]
    articles: int
    skipped: int  # documents that could not be read


@dataclass
class _Phrase:
    """A title phrase next to a name: its office words, the country it names and the title role in it."""

    start: int
    end: int
    office: str
    country: str | None
    title: RoleWord | None
    sector: str | None
    not_current: bool = False


@dataclass
class _Intro:
    """One introduction: the name, the country and sector of its title, the office, where its words start."""

    name: str
    country: str
    sector: str
    office: str
    start_char: int


@dataclass(frozen=True)
class _Source:
    """What an introduction keeps of its article: id, date (YYYY-MM-DD or None) and where it was read."""

    id: str
    date: str | None
    origin: str

    @classmethod
    def of(cls, article: Article) -> _Source:
        """The id, day and origin ('id (file)') of an article."""
        day = (article.date or "")[:10]
        origin = f"{article.id} ({article.origin})" if article.origin and article.origin != article.id \
            else str(article.id)
        return cls(str(article.id), day if _DAY.fullmatch(day) else None, origin)


@dataclass
class _Tally:
    """The introductions of one (name, code) collected so far."""

    actor: LearnedActor
    ids: set[str] = field(default_factory=set)


class _Lexicon:
    """The knowledge a sentence is read with: title and role phrases, countries, title words and known names."""

    def __init__(self, knowledge: Knowledge, tokenizer: Any) -> None:
        """Index the role words and gazetteer terms of the knowledge."""
        self.terms: dict[str, Term] = knowledge.terms
        self.gazetteer = Gazetteer(knowledge, tokenizer)  # the coder's own longest-match lookup of names
        self.roles: dict[str, RoleWord] = dict(knowledge.roles)
        self.title_words = frozenset(w.lower() for w in knowledge.words.title_words)
        self.people = frozenset(_fold(s) for s, t in self.terms.items() if t.kind == "person")
        self.role_tokens = frozenset(w for key in self.roles for w in re.split(r"[\s-]+", key) if w)
        titles = sorted((k for k, r in self.roles.items() if r.kind == "title"), key=len, reverse=True)
        self.title_hint = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in titles) + r")\b", re.IGNORECASE) \
            if titles else None

    def role_at(self, doc: Doc, i: int, end: int) -> tuple[int, str, RoleWord] | None:
        """The longest role phrase starting at token i (before end): (end token, phrase, role)."""
        for j in range(min(end, i + MAX_TERM_TOKENS), i, -1):
            key = _SPACE.sub(" ", doc[i:j].text.lower())
            role = self.roles.get(key) or (self.roles.get(doc[i].lemma_.lower()) if j == i + 1 else None)
            if role is not None:
                return j, key, role
        return None

class _Sentence:
    """One parsed sentence with its gazetteer and role matches, read for introductions."""

    def __init__(self, lex: _Lexicon, sent: Span) -> None:
        """Match gazetteer terms and role phrases over the sentence (longest first, left to right)."""
        self.lex = lex
        self.doc = sent.doc
        self.start = sent.start
        self.end = sent.end
        self.term: dict[int, tuple[int, int, Term]] = {}  # token -> (start, end, term) of the term covering it
        self.role: dict[int, tuple[int, int, str, RoleWord]] = {}
        for s, e, term in lex.gazetteer.find([t.text for t in sent]):
            if term.kind not in ("person", "non-actor"):
                for t in range(sent.start + s, sent.start + e):
                    self.term[t] = (sent.start + s, sent.start + e, term)
        for i, end, rest in self._cover(lex.role_at):
            for t in range(i, end):
                self.role[t] = (i, end, *rest)

    def _cover(self, find) -> Iterator[tuple[int, int, tuple]]:
        """(start, end, the rest of the hit) of the longest matches of `find`, left to right, not overlapping."""
        i = self.start
        while i < self.end:
            hit = find(self.doc, i, self.end)
            if hit is None:
                i += 1
                continue
            yield i, hit[0], tuple(hit[1:])
            i = hit[0]

    # ---- names ------------------------------------------------------------------------------------------------

    def _name_word(self, t: Token) -> bool:
        """A capitalised proper noun that is no title, role word or gazetteer term."""
        text = t.text
        if not text[:1].isupper() or t.pos_ != "PROPN" or t.i in self.term or t.i in self.role:
            return False
        if t.lower_ in self.lex.title_words or t.lower_ in self.lex.role_tokens:
            return False
        if _INITIAL.fullmatch(text):
            return True
        return bool(re.fullmatch(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)) and not (len(text) > 1 and text.isupper())

    def _joined(self, j: int) -> bool:
        """True when token j is a hyphen written between two words ("Min-jun", "al-Sisi")."""
        doc = self.doc
        return doc[j].text in ("-", "‐") and j + 1 < self.end and not doc[j - 1].whitespace_ \
            and not doc[j].whitespace_ and doc[j + 1].is_alpha and doc[j + 1].i not in self.role

    def names(self) -> Iterator[tuple[int, int]]:
        """(start, end) of each run of 2 to MAX_NAME_WORDS capitalised name words (particles, hyphens, Jr. too)."""
        doc = self.doc
        i = self.start
        while i < self.end:
            if not self._name_word(doc[i]) or _INITIAL.fullmatch(doc[i].text):
                i += 1
                continue
            j = i + 1
            while j < self.end:
                t = doc[j]
                if self._name_word(t):
                    j += 1
                elif self._joined(j):
                    j += 2
                elif t.lower_ in NAME_PARTICLES and j + 1 < self.end and (
                        self._name_word(doc[j + 1]) or (self._joined(j + 1) and self._name_word(doc[j + 2]))):
                    j += 1
                else:
                    break
            while j > i and (doc[j - 1].lower_ in NAME_PARTICLES or _INITIAL.fullmatch(doc[j - 1].text)):
                j -= 1
            if j < self.end and doc[j].text in NAME_SUFFIXES:
                j += 1
            words = [w for w in doc[i:j].text.split() if w[:1].isupper() and not _INITIAL.fullmatch(w)
                     and w not in NAME_SUFFIXES]
            if 2 <= len(words) <= MAX_NAME_WORDS:
                yield i, j
            i = max(j, i + 1)

    # ---- title phrases ----------------------------------------------------------------------------------------

    def _country_at(self, i: int, kinds: frozenset[str]) -> tuple[int, str] | None:
        """(end, country code) of a country term (of the given kinds) that starts at token i."""
        hit = self.term.get(i)
        if hit is None or hit[0] != i or hit[2].kind not in kinds or not hit[2].country:
            return None
        return hit[1], hit[2].country

    def _office_word(self, t: Token) -> bool:
        """A word that can be part of an office: title word, role word or lower-case modifier."""
        if t.i in self.term and self.term[t.i][2].kind in COUNTRY_KINDS:
            return False
        if t.i in self.role or t.lower_ in self.lex.title_words:
            return True
        if t.is_alpha and t.text[:1].isupper() and t.pos_ == "PROPN" and t.dep_ == "compound":
            return t.i not in self.term  # "Climate Minister"
        return t.is_alpha and t.is_lower and t.pos_ in ("NOUN", "ADJ") and t.dep_ in ("compound", "amod", "nmod")

    def _office_head(self, t: Token) -> bool:
        """True for a word that can end an office: a role word or a title word."""
        return t.i in self.role or t.lower_ in self.lex.title_words

    def phrase(self, s: int, e: int, allow_tail: bool = False) -> _Phrase | None:
        """Tokens [s, e) as one title phrase: [the] [country('s) | demonym] office [of country] [to ... place]."""
        doc = self.doc
        i = s
        country = None
        hit = self._country_at(i, COUNTRY_KINDS)  # a term may hold its article: "the Netherlands"
        if hit is None and i < e and doc[i].lower_ in DETERMINERS:
            i += 1
            hit = self._country_at(i, COUNTRY_KINDS) if i < e else None
        if hit is not None:
            i, country = hit
            if i < e and doc[i].text in ("'s", "’s", "'", "’") and self.term[i - 1][2].kind == "country":
                i += 1
        o = i
        while i < e and self._office_word(doc[i]):
            i += 1
        k = i
        while k > o and doc[k - 1].lower_ in CONNECTIVES:
            k -= 1
        if k == o or doc[o].lower_ in CONNECTIVES or not self._office_head(doc[k - 1]):
            return None
        i = k
        if i + 1 < e and doc[i].lower_ == "of":
            of = self._country_at(i + 1, frozenset({"country"}))
            if of is None and doc[i + 1].lower_ == "the":
                of = self._country_at(i + 2, frozenset({"country"}))
            if of is not None:
                if country is not None and of[1] != country:
                    return None
                i, country = of
        if allow_tail and i < e and doc[i].lower_ in TAIL_PREPS and \
                all(t.lower_ in ("the", "of", "and") or t.text[:1].isupper() for t in doc[i + 1:e]) and e - i <= 6:
            i = e
        if i != e:
            return None
        return self._office(s, e, o, k, country)

    def _office(self, s: int, e: int, o: int, k: int, country: str | None) -> _Phrase | None:
        """The phrase with office words [o, k), its title and sector; None without a role word or title noun."""
        # the sector is that of the highest-priority role word in the office (the later one on a tie), as the coder
        # does: "opposition leader" is OPP, "defence minister" GOV
        doc = self.doc
        matches = []
        t = o
        while t < k:
            hit = self.role.get(t)
            if hit is not None and hit[0] >= o and hit[1] <= k:
                matches.append(hit[3])
                t = hit[1]
            else:
                t += 1
        title = next((m for m in reversed(matches) if m.kind == "title"), None)
        if not matches and not any(doc[t].pos_ in ("NOUN", "PROPN") and doc[t].lower_ in self.lex.title_words
                                   and doc[t].lower_ not in CONNECTIVES for t in range(o, k)):
            return None
        sector = None
        if matches:
            best = max(range(len(matches)), key=lambda n: (matches[n].priority, n))
            sector = matches[best].sector
        words = {doc[t].lower_ for t in range(o, k)}
        before = doc[s - 1] if s > self.start else None
        not_current = bool(words & NOT_CURRENT) or any(doc[t].lower_ in NOT_CURRENT for t in range(s, o)) or (
            before is not None and (before.lower_ in NOT_CURRENT or (before.text == "-" and s - 2 >= self.start
                                                                    and doc[s - 2].lower_ in NOT_CURRENT)))
        office = _SPACE.sub(" ", doc[o:k].text.lower()).strip()
        return _Phrase(s, e, office, country, title, sector, not_current)

    def prefix(self, end: int, allow_tail: bool = False) -> _Phrase | None:
        """The longest title phrase that ends just before token `end`."""
        best = None
        for s in range(end - 1, max(self.start, end - MAX_PREFIX) - 1, -1):
            best = self.phrase(s, end, allow_tail) or best
        return best

    def appositive(self, b: int) -> _Phrase | None:
        """The title phrase between a comma after a name (token b) and the next closing mark or sentence end."""
        doc = self.doc
        if b >= self.end or doc[b].text != ",":
            return None
        for e in range(b + 2, min(self.end, b + 2 + MAX_APPOSITIVE) + 1):
            if e == self.end or doc[e].text in CLOSERS:
                return self.phrase(b + 1, e, allow_tail=True)
        return None

    def _closed(self, b: int) -> bool:
        """True when token b ends the phrase: a closing mark or the end of the sentence."""
        return b >= self.end or self.doc[b].text in CLOSERS

    def introductions(self) -> Iterator[_Intro]:
        """Every person introduced with a title (a role of kind title) and a country from the same noun phrase."""
        doc = self.doc
        for a, b in self.names():
            name = _SPACE.sub(" ", doc[a:b].text).strip()
            if name in self.lex.terms or _fold(name) in self.lex.people:
                continue  # known already (a person of the shipped data, also spelt without accents) or a gazetteer name
            before = self.prefix(a)
            comma = None
            if before is None and a - 1 > self.start and doc[a - 1].text == "," and self._closed(b):
                comma = self.prefix(a - 1, allow_tail=True)  # "Poland's defence minister, Jan Nowicki,"
            of = None
            if b + 1 < self.end and doc[b].lower_ == "of" and doc[b].head.i in range(a, b):
                of = self._country_at(b + 1, frozenset({"country"})) or (
                    self._country_at(b + 2, frozenset({"country"})) if doc[b + 1].lower_ == "the" else None)
                if of is not None and of[0] < self.end and (doc[of[0]].text in ("'s", "’s", "'", "’")
                                                           or self._name_word(doc[of[0]])):
                    of = None
            after_at = of[0] if of is not None else b
            after = self.appositive(after_at)
            phrases = [p for p in (before, comma, after) if p is not None]
            if not phrases or any(p.not_current for p in phrases):
                continue
            titled = [p for p in (after, before, comma) if p is not None and p.title is not None]
            if not titled:
                continue
            countries = {p.country for p in phrases if p.country} | ({of[1]} if of is not None else set())
            if len(countries) != 1:
                continue
            chosen = titled[0]
            start = min([p.start for p in phrases] + [a])
            yield _Intro(name, countries.pop(), chosen.sector or chosen.title.sector, chosen.office,
                         doc[start].idx)


def _fold(name: str) -> str:
    """A name compared loosely: without accents, case, hyphens and repeated spaces."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().replace("-", " ").split())


def learn_actors(items: Iterable[Article | DocStatus], nlp: Any, knowledge: Knowledge) -> LearnResult:
    """The people introduced with a title and a country in the articles, one per (name, code); DocStatus: skipped."""
    if not any(name in getattr(nlp, "pipe_names", ()) for name in ("parser", "senter")):
        raise ModelNotFoundError("the spaCy model given to learn_actors has no parser; load it with load_model()")
    lex = _Lexicon(knowledge, nlp.tokenizer)
    counts = {"articles": 0, "skipped": 0}
    waiting: dict[int, _Source] = {}  # the articles whose pieces are being parsed, by their number
    tallies: dict[tuple[str, str], _Tally] = {}

    def texts() -> Iterator[tuple[str, int]]:
        """The pieces of each article that hold a title word, with the article's number."""
        for item in items:
            if isinstance(item, DocStatus):
                counts["skipped"] += 1
                continue
            counts["articles"] += 1
            number = counts["articles"]
            for n, piece in enumerate(_pieces(item.text or "", lex)):
                if n == 0:
                    waiting[number] = _Source.of(item)
                yield piece, number

    last = 0
    for doc, number in nlp.pipe(texts(), as_tuples=True, batch_size=BATCH_SIZE):
        if number != last:  # pieces come back in order: the articles before this one are done
            for done in [n for n in waiting if n < number]:
                del waiting[done]
            last = number
        article = waiting[number]
        for sent in doc.sents:
            if lex.title_hint is None or not lex.title_hint.search(sent.text):
                continue
            reader = _Sentence(lex, sent)
            for intro in reader.introductions():
                _count(tallies, article, intro, _evidence(sent, intro.start_char))
    actors = sorted((t.actor for t in tallies.values()), key=lambda x: (x.name.casefold(), x.name, x.code))
    return LearnResult(actors, counts["articles"], counts["skipped"])


def _count(tallies: dict[tuple[str, str], _Tally], article: _Source, intro: _Intro, evidence: str) -> None:
    """Add one introduction to the tally of its (name, code)."""
    name, country, code = intro.name, intro.country, intro.country + intro.sector
    tally = tallies.get((name, code))
    if tally is None:
        actor = LearnedActor(name, code, intro.office, country, 0, 0, None, None, evidence, article.origin)
        tally = tallies[(name, code)] = _Tally(actor)
    actor = tally.actor
    actor.mentions += 1
    tally.ids.add(article.id)
    actor.documents = len(tally.ids)
    day = article.date
    if day:
        actor.first_seen = day if actor.first_seen is None else min(actor.first_seen, day)
        actor.last_seen = day if actor.last_seen is None else max(actor.last_seen, day)


def _pieces(text: str, lex: _Lexicon) -> Iterator[str]:
    """The runs of neighbouring rough sentences of a text that hold a title word: only these are parsed."""
    if lex.title_hint is None:
        return
    kept: list[str] = []
    for sentence in _rough_sentences(text):
        if lex.title_hint.search(sentence):
            kept.append(sentence)
        elif kept:
            yield " ".join(kept)
            kept = []
    if kept:
        yield " ".join(kept)


def _rough_sentences(text: str) -> Iterator[str]:
    """A text cut at paragraph breaks and sentence ends (not after initials and abbreviations), in short pieces."""
    for paragraph in re.split(r"\n\s*\n|\r\n\s*\r\n", text):
        start = 0
        for m in _SENTENCE_END.finditer(paragraph):
            word = paragraph[:m.start()].rsplit(None, 1)[-1] if paragraph[:m.start()].strip() else ""
            word = word.lstrip("(\"'“‘").lower()
            if m.group()[0] == "." and (len(word) == 1 or word in ABBREVIATIONS):
                continue
            yield from _cut(paragraph[start:m.end()])
            start = m.end()
        yield from _cut(paragraph[start:])


def _cut(sentence: str) -> Iterator[str]:
    """A sentence whitespace-collapsed, in pieces of at most about PIECE_CHARS cut at spaces."""
    sentence = _SPACE.sub(" ", sentence).strip()
    while len(sentence) > PIECE_CHARS:
        cut = sentence.rfind(" ", PIECE_CHARS // 2, PIECE_CHARS)
        cut = cut if cut > 0 else PIECE_CHARS
        yield sentence[:cut]
        sentence = sentence[cut:].strip()
    if sentence:
        yield sentence


def _evidence(sent: Span, start: int) -> str:
    """The sentence, whitespace collapsed; a long one cut to EVIDENCE_CHARS from a little before character start."""
    text = _SPACE.sub(" ", sent.text).strip()
    if len(text) <= EVIDENCE_CHARS:
        return text
    head = _SPACE.sub(" ", sent.doc.text[sent.start_char:max(start, sent.start_char)]).lstrip()
    lo = max(0, len(head) - EVIDENCE_CHARS // 3)
    if lo:
        lo = text.find(" ", lo - 1) + 1 or lo
    window = text[lo:lo + EVIDENCE_CHARS - 2]
    if lo + len(window) < len(text):
        window = window.rsplit(" ", 1)[0] + "…"
    return ("…" if lo else "") + window


# ---- the dictionary file ------------------------------------------------------------------------------------------

def _field(value: object) -> str:
    """A value as one TSV field: no tabs or line breaks."""
    return _SPACE.sub(" ", "" if value is None else str(value)).strip()


def actor_rows(actors: list[LearnedActor], knowledge: Knowledge | None = None) -> list[dict[str, str]]:
    """The dictionary rows (column -> text) of learned people, one per entry, with ids and surname aliases."""
    # entries of one name share an id (one person, a role per code); another name whose slug is taken gets -2, -3 ...;
    # the surname is an alias unless another name shares it or (with knowledge) it is a known term ("Jordan")
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for actor in actors:
        if actor.name in ids:
            continue
        base = slug(actor.name)
        key, n = base, 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        taken.add(key)
        ids[actor.name] = key
    names = set(ids)
    surnames: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) >= 2:
            surnames.setdefault(words[-1], set()).add(name)
    order = {name: n for n, name in enumerate(ids)}
    # rows of one name together, the most recently seen code first: undated, the coder takes the first as current
    ordered = sorted(sorted(actors, key=lambda x: x.last_seen or "", reverse=True), key=lambda x: order[x.name])
    rows = []
    for actor in ordered:
        words = actor.name.split()
        surname = words[-1] if len(words) >= 2 else ""
        if not surname or len(surnames.get(surname, ())) > 1 or surname in names or len(surname) < 3 or (
                knowledge is not None and surname in knowledge.terms):
            surname = ""
        values = {"id": ids[actor.name], "kind": "person", "name": actor.name, "aliases": surname,
                  "code": actor.code, "from": "", "to": "", "office": actor.office,
                  "source": f"learned from {actor.origin}", "first_seen": actor.first_seen or "",
                  "last_seen": actor.last_seen or "", "mentions": str(actor.mentions), "evidence": actor.evidence}
        rows.append({c: _field(values[c]) for c in COLUMNS})
    return rows


def write_actor_file(actors: list[LearnedActor], path: Path, *, articles: int | None = None,
                     knowledge: Knowledge | None = None, today: dt.date | None = None) -> None:
    """Write learned people as a tab-separated actor dictionary (UTF-8, atomically); OutputError when it cannot."""
    path = Path(path)
    day = (today or dt.date.today()).isoformat()
    count = f" from {articles} article{'s' if articles != 1 else ''}" if articles is not None else ""
    lines = [
        f"# People introduced with a title and a country, learned by communique{count} on {day}. Review before use:",
        "# delete wrong rows, correct names, codes and offices, then pass the file to the coder with --actors FILE.",
        "# id: slug of the name (rows of one name share it); kind: person; name: as the text wrote it; aliases: the "
        "surname alone",
        "# (left out where another entry or a known name uses it); code: country code + sector of the title; office: "
        "the title as written;",
        "# source: the article of the evidence; from, to: left empty for the reviewer to fill with the dates of the "
        "office (empty: undated);",
        "# first_seen, last_seen: the earliest and latest article dates the title was seen with the name (not the "
        "dates of the office);",
        "# mentions: introductions seen; evidence: the sentence of the first introduction.",
        "\t".join(COLUMNS),
    ]
    lines += ["\t".join(row[c] for c in COLUMNS) for row in actor_rows(actors, knowledge)]
    text = "\n".join(lines) + "\n"
    folder = path.parent if str(path.parent) else Path(".")
    tmp = None
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="\n", dir=folder, prefix=f".{path.name}.",
                                         suffix=".tmp", delete=False) as handle:
            tmp = handle.name
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(f"cannot write the actor file {path}: {exc.strerror or exc}") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
