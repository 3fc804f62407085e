"""The coder: articles in, events with evidence out. Parses only the sentences that can hold an event."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.pipeline import Sentencizer

from . import __version__
from .actors import ActorResolver, ArticleContext, Gazetteer
from .dates import event_date
from .events import SPEECH_VERBS, EventFinder, Found
from .ingest import parse_header
from .knowledge import Knowledge, load_knowledge
from .models import Actor, Article, Cameo, CodedArticle, DocStatus, Event, Location, Plover, SentenceTrace
from .nlp import load_model, model_label

PARAGRAPH_RE = re.compile(r"[^\n]+")
QUOTE_RE = re.compile(r"[\"“«„]([^\"”»“]{2,2000})[\"”»]")
DATELINE_RE = re.compile(r"^\s*([A-Z][A-Za-z.'\- ]{1,40}?)\s*(?:,|\(|\s[-—–])")
IRREGULAR = {
    "meet": "met", "hold": "held", "pay": "paid", "make": "made", "give": "gave given", "send": "sent",
    "seek": "sought", "strike": "struck", "fight": "fought", "shoot": "shot", "take": "took taken",
    "break": "broke broken", "begin": "began begun", "withdraw": "withdrew withdrawn", "freeze": "froze frozen",
    "lead": "led", "tell": "told", "say": "said", "bring": "brought", "go": "went gone", "come": "came",
    "fly": "flew flown", "beat": "beaten", "blow": "blew blown", "drive": "drove driven", "ring": "rang rung",
    "forgive": "forgave forgiven", "slay": "slew slain", "deal": "dealt", "lay": "laid", "swear": "swore sworn",
    "undertake": "undertook undertaken", "forbid": "forbade forbidden", "win": "won", "lose": "lost",
    "keep": "kept", "sell": "sold", "buy": "bought", "think": "thought", "leave": "left", "put": "put",
    "cut": "cut", "hit": "hit", "let": "let", "set": "set", "quit": "quit", "burn": "burnt", "spread": "spread",
    "fire": "fired", "person": "people", "be": "is was were are been",
}


def inflections(lemma: str) -> set[str]:
    """Surface forms a lemma may take (for the cheap pre-filter; over-generation is harmless)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    out |= set(IRREGULAR.get(lemma, "").split())
    return out


@dataclass
class Unit:
    """A sentence of an article: its character span and whether it will be parsed."""

    start: int
    end: int
    text: str
    candidate: bool
    triggers: list[str] = field(default_factory=list)
    doc: Any = None


class Coder:
    """Codes articles into events. Load once, then call code() or pipe()."""

    def __init__(self, nlp: Any = None, knowledge: Knowledge | None = None, *, model: str | None = None,
                 parse_all: bool = False, batch_size: int = 64) -> None:
        self.nlp = nlp if nlp is not None else load_model(model)
        self.k = knowledge if knowledge is not None else load_knowledge()
        self.gaz = Gazetteer(self.k, self.nlp.tokenizer)
        self.finder = EventFinder(self.k)
        self.parse_all = parse_all
        self.batch_size = batch_size
        forms: set[str] = set()
        for lemma in self.finder.trigger_words() | SPEECH_VERBS:
            forms |= inflections(lemma)
        self.trigger_forms = frozenset(forms)
        self.sentencizer = Sentencizer()
        self.model = model_label(self.nlp)

    # ---- segmentation ------------------------------------------------------------------------
    def segment(self, text: str, skip: int = 0) -> list[Unit]:
        """Split text into sentences (one paragraph per line) and mark those worth parsing."""
        units: list[Unit] = []
        for para in PARAGRAPH_RE.finditer(text, skip):
            if not para.group().strip():
                continue
            doc = self.sentencizer(self.nlp.tokenizer(para.group()))
            quote_open = False
            for sent in doc.sents:
                stext = sent.text.strip()
                if not stext:
                    continue
                start = para.start() + sent.start_char
                lowers = [t.lower_ for t in sent]
                hits = sorted({w for w in lowers if w in self.trigger_forms})
                has_quote = any(ch in sent.text for ch in "\"“”«»")
                cand = self.parse_all or bool(hits) or has_quote or quote_open
                units.append(Unit(start, start + len(sent.text), sent.text, cand, hits))
                if sent.text.count('"') % 2 == 1 or ("“" in sent.text) != ("”" in sent.text):
                    quote_open = not quote_open
        return units

    # ---- public API ----------------------------------------------------------------------------
    def code(self, article: Article) -> CodedArticle:
        """Code one article."""
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code a stream of articles, parsing their candidate sentences in batches."""
        stream = iter(articles)
        limit = self.batch_size * 4  # sentences to parse, or articles, per batch
        more = True
        while more:
            # Each batch runs in a spaCy memory zone: the strings its texts add to the vocabulary are
            # dropped afterwards, so a long run's memory does not grow with every new name and number.
            with self.nlp.memory_zone():
                batch: list[tuple[Article, list[Unit]]] = []
                size = 0
                more = False
                for art in stream:
                    units = self.segment(art.text, parse_header(art.text)[3])
                    batch.append((art, units))
                    size += sum(u.candidate for u in units)
                    if size >= limit or len(batch) >= limit:
                        more = True
                        break
                coded = list(self._code_batch(batch))
            yield from coded

    def _code_batch(self, batch: list[tuple[Article, list[Unit]]]) -> Iterator[CodedArticle]:
        todo = [u for _, units in batch for u in units if u.candidate]
        for unit, doc in zip(todo, self.nlp.pipe((u.text for u in todo), batch_size=self.batch_size),
                             strict=True):
            unit.doc = doc
        for art, units in batch:
            yield self._code_units(art, units)

    # ---- one article --------------------------------------------------------------------------
    def _code_units(self, art: Article, units: list[Unit]) -> CodedArticle:
        ctx = ArticleContext()
        events: list[Event] = []
        traces: list[SentenceTrace] = []
        quotes = [(m.start(), m.end()) for m in QUOTE_RE.finditer(art.text)]
        dateline = self._dateline(art, units)
        ctx.last_location = dateline
        speakers: dict[tuple[int, int], Actor | None] = {}
        for idx, unit in enumerate(units):
            trace = SentenceTrace(idx, unit.text, unit.start, unit.doc is not None, triggers=unit.triggers)
            traces.append(trace)
            if unit.doc is None:
                continue
            quote = next((q for q in quotes if q[0] < unit.end and q[1] > unit.start), None)
            speaker = None
            if quote is not None:
                if quote not in speakers:
                    speakers[quote] = self._speaker(quote, units, idx, ctx)
                speaker = speakers[quote]
            sent = unit.doc[:]
            res = ActorResolver(self.gaz, sent, unit.start, ctx, speaker)
            mentions = res.all_mentions()
            trace.actors = mentions
            found, decisions = self.finder.find(sent, res, speaker, ctx.last_subject)
            trace.decisions = decisions
            location = self._location(res, found) or ctx.last_location
            for f in found:
                events.append(self._event(art, idx, unit, f, location))
            for m in mentions:
                ctx.add_participant(m)
            for f in found:
                ctx.add_participant(f.source)
                if f.target is not None and f.target.text:
                    ctx.add_participant(f.target)
            subject = next((f.source for f in found), None) or self._root_subject(sent, res)
            if subject is not None:
                ctx.last_subject = subject
            # The article's setting carries forward: its dateline, or where a visit went.
            if location is not None and any(f.sets_scene for f in found):
                ctx.last_location = location
        status = DocStatus(art.id, art.origin, "coded", None if events else "no events",
                           len(events), None if events else self._why_empty(traces))
        return CodedArticle(art, events, status, traces)

    @staticmethod
    def _why_empty(traces: list[SentenceTrace]) -> str:
        parsed = sum(t.parsed for t in traces)
        if not parsed:
            return "no sentence holds an event trigger"
        rejected = [d for t in traces for d in t.decisions if d.outcome != "coded"]
        if rejected:
            return f"{len(rejected)} candidate event(s) rejected (see explain); e.g. {rejected[0].reason}"
        return f"{parsed} sentence(s) parsed; no pattern matched with actors"

    def _root_subject(self, sent, res: ActorResolver) -> Actor | None:
        for t in sent:
            if t.dep_ == "ROOT":
                for c in t.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        found = res.actors_of(c, allow_group=False)
                        if found:
                            return found[0]
        return None

    def _speaker(self, quote: tuple[int, int], units: list[Unit], idx: int, ctx: ArticleContext) -> Actor | None:
        """The actor a quotation is attributed to ('..., said X' or 'X said: ...')."""
        for j in range(idx, min(idx + 6, len(units))):
            unit = units[j]
            if unit.doc is None or unit.start > quote[1] + 400:
                continue
            sent = unit.doc[:]
            for tok in sent:
                if tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ not in ("VERB", "AUX"):
                    continue
                char = unit.start + tok.idx
                if quote[0] <= char < quote[1]:
                    continue
                res = ActorResolver(self.gaz, sent, unit.start, ctx)
                for c in tok.children:
                    if c.dep_ == "nsubj":
                        start = unit.start + c.idx
                        if quote[0] <= start < quote[1]:
                            continue
                        found = res.actors(c, allow_group=False)
                        if found:
                            return found[0]
        return None

    def _dateline(self, art: Article, units: list[Unit]) -> Location | None:
        if not units:
            return None
        m = DATELINE_RE.match(units[0].text)
        if not m:
            return None
        name = m.group(1).strip()
        place = self.k.places.get(name) or self.k.places.get(name.title())
        if place is None:
            return None
        return Location(place.name, place.country, place.lat, place.lon, place.geonames_id,
                        units[0].start + m.start(1), units[0].start + m.end(1), "dateline")

    def _location(self, res: ActorResolver, found: list[Found]) -> Location | None:
        doc = res.doc
        for s, e, place in res.places:
            tok = doc[s]
            root = tok
            for j in range(s, e):
                if not (s <= doc[j].head.i < e):
                    root = doc[j]
            if root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "to"):
                return Location(place.name, place.country, place.lat, place.lon, place.geonames_id,
                                res.offset + doc[s].idx, res.offset + doc[e - 1].idx + len(doc[e - 1].text),
                                f"'{root.head.text} {doc[s:e].text}' in the sentence")
        for m in res.matches:
            if m.term.kind != "country":
                continue
            tok = doc[m.start]
            root = doc[m.end - 1]
            if root.dep_ == "pobj" and root.head.lower_ == "in":
                c = self.k.countries.get(m.term.country)
                return Location(c.name if c else m.term.name, m.term.country, None, None, None,
                                res.offset + tok.idx, res.offset + root.idx + len(root.text),
                                f"'in {doc[m.start:m.end].text}' in the sentence")
        return None

    def _event(self, art: Article, idx: int, unit: Unit, f: Found, location: Location | None) -> Event:
        entry = self.k.cameo_entry(f.code)
        pl = self.k.plover.get(f.code)
        trig_start = unit.start + f.trigger.idx
        trig_end = trig_start + len(f.trigger.text)
        date, date_how = event_date(art.date, unit.text, f.modality == "future" or f.code.startswith("03"))
        key = f"{art.id}|{idx}|{trig_start}|{f.source.code}|{f.target.code if f.target else ''}|{f.code}"
        return Event(
            event_id=hashlib.sha1(key.encode()).hexdigest()[:16],
            article_id=art.id,
            sentence=idx,
            date=date,
            source=f.source,
            target=f.target,
            cameo=Cameo(entry.code, entry.name, entry.root, entry.quad_class, entry.goldstein),
            plover=Plover(pl.type if pl else None, pl.mode if pl else None, list(pl.context) if pl else []),
            location=location,
            modality=f.modality,
            confidence=f.confidence,
            evidence={"sentence_text": unit.text, "sentence_start": unit.start, "sentence_end": unit.end,
                      "trigger": {"text": f.trigger.text, "start": trig_start, "end": trig_end},
                      "date_from": date_how},
            provenance={"pattern": f.pattern, "frame": f.frame, "notes": f.notes,
                        "patterns_version": self.k.versions.get("patterns"),
                        "crosswalk_version": self.k.versions.get("crosswalk"),
                        "cameo_version": self.k.versions.get("cameo"), "model": self.model,
                        "communique": __version__},
        )
