"""The coder: articles in, events with evidence out. Parses only the sentences that can hold an event."""

from __future__ import annotations

import bisect
import hashlib
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.pipeline import Sentencizer

from .about import __version__
from .actors import ActorResolver, ArticleContext, Gazetteer
from .dates import event_date
from .errors import brief
from .events import EventFinder, Found
from .figures import FigureReader
from .geo import Places
from .ingest import parse_header
from .knowledge import Knowledge, load_knowledge
from .models import (
    Actor,
    Article,
    Cameo,
    CodedArticle,
    DocStatus,
    Event,
    Evidence,
    Location,
    Plover,
    Provenance,
    SentenceTrace,
    TextSpan,
)
from .nlp import load_model, model_label
from .placing import Placer

PARAGRAPH_RE = re.compile(r"[^\n]+")
# the CAMEO roots that carry a stated count, most fitting first
COUNT_ROOTS = {"killed": ("19", "18", "20", "14", "17", "15"), "wounded": ("19", "18", "20", "14", "17", "15"),
               "arrested": ("17", "14", "15", "18")}
COUNTING_ROOTS = frozenset(r for roots in COUNT_ROOTS.values() for r in roots)
# Quotations: double quotes, or British-style single quotes (an apostrophe inside a word, "don't", is no quote mark).
QUOTE_RE = re.compile(r"[\"“«„]([^\"”»“]{2,2000})[\"”»]"
                      r"|(?<![\w'‘’])['‘]((?:[^'‘’\n]|(?<=\w)['’](?=\w)){2,2000}?)['’](?!\w)")


def inflections(lemma: str, irregular: Iterable[str] = ()) -> set[str]:
    """Surface forms of a lemma, its irregular ones included (for the cheap pre-filter; over-generation is harmless)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    out |= set(irregular)
    return out


def _model_irregular_forms(nlp: Any) -> dict[str, set[str]]:
    """Irregular verb and noun forms by lemma, from the model's own lemmatizer exceptions ("lent" -> lend), so the
    pre-filter knows every form the parser will lemmatise to a trigger; empty for a model without the table."""
    out: dict[str, set[str]] = {}
    try:
        exc = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    except (KeyError, AttributeError, ValueError):
        return out
    for pos in ("verb", "noun"):
        for form, lemmas in (exc.get(pos) or {}).items():
            for lemma in lemmas:
                out.setdefault(lemma, set()).add(form)
    return out


# Work per sentence is bounded: a sentence longer than this many tokens (news sentences rarely pass 80) is cut
# into parts, preferably after a comma, semicolon or conjunction, so coding time stays linear in the text.
MAX_SENTENCE_TOKENS = 150
# A part still longer than this many characters (a "word" of thousands of letters) is not parsed at all.
MAX_SENTENCE_CHARS = 20_000


@dataclass
class Unit:
    """A sentence of an article: its character span and whether it will be parsed."""

    start: int
    end: int
    text: str
    candidate: bool
    triggers: list[str] = field(default_factory=list)
    doc: Any = None
    note: str | None = None  # why the sentence was cut or left unparsed
    dateline: int = 0  # characters of dateline ("KYIV, Ukraine (AP) —") cut off before this, the first sentence


def sentence_parts(sent: Any, cut_after: frozenset[str], limit: int = MAX_SENTENCE_TOKENS) -> list[Any]:
    """A sentence span, or its parts of at most `limit` tokens when it is longer (cut after the last token of
    cut_after, such as a comma or conjunction, in the second half of each window, else at the limit)."""
    if len(sent) <= limit:
        return [sent]
    parts = []
    start = sent.start
    end = sent.end
    doc = sent.doc
    while end - start > limit:
        cut = start + limit
        for i in range(start + limit - 1, start + limit // 2, -1):
            if doc[i].lower_ in cut_after:
                cut = i + 1
                break
        parts.append(doc[start:cut])
        start = cut
    parts.append(doc[start:end])
    return parts


class Coder:
    """Codes articles into events. Load once, then call code() or pipe()."""

    def __init__(self, nlp: Any = None, knowledge: Knowledge | None = None, *, model: str | None = None,
                 parse_all: bool = False, batch_size: int = 64, sentences_per_batch: int = 256,
                 articles_per_batch: int = 256, resolved_only: bool = False) -> None:
        self.nlp = nlp if nlp is not None else load_model(model)
        self.k = knowledge if knowledge is not None else load_knowledge()
        self.gaz = Gazetteer(self.k, self.nlp.tokenizer)
        self.finder = EventFinder(self.k)
        country_terms = {surface: t.country for surface, t in self.k.terms.items() if t.kind == "country"}
        actor_names = frozenset(surface for surface, t in self.k.terms.items()
                                if t.kind not in ("country", "capital", "seat", "non-actor"))
        not_regions = frozenset(surface for surface, t in self.k.terms.items() if t.kind == "non-actor")
        self.placer = Placer(Places(self.k.countries, country_terms, self.k.data_dir, self.k.words.not_places,
                                    actor_names, not_regions), frozenset(self.finder.trigger_words()))
        self.figure_reader = FigureReader()
        # seconds spent placing events and reading stated figures, for the throughput benchmark's shares
        self.timings: dict[str, float] = {"places": 0.0, "figures": 0.0}
        self.parse_all = parse_all
        self.resolved_only = resolved_only  # drop events with an actor no knowledge codes ('---')
        self.batch_size = batch_size  # sentences per spaCy nlp.pipe batch
        self.sentences_per_batch = sentences_per_batch  # a coding batch ends after this many to parse ...
        self.articles_per_batch = articles_per_batch  # ... or this many articles (one memory zone each)
        forms: set[str] = set()
        irregular = _model_irregular_forms(self.nlp)
        for lemma, extra in self.k.words.irregular_forms.items():
            irregular.setdefault(lemma, set()).update(extra)
        for lemma in self.finder.trigger_words() | self.k.words.speech_verbs:
            forms |= inflections(lemma, irregular.get(lemma, ()))
        self.trigger_forms = frozenset(forms)
        self.sentencizer = Sentencizer()
        self.model = model_label(self.nlp)

    # ---- segmentation ------------------------------------------------------------------------
    def segment(self, text: str, skip: int = 0) -> list[Unit]:
        """Split text into sentences (one paragraph per line) and mark those worth parsing."""
        units: list[Unit] = []
        paragraphs = 0
        pending = None  # where a dateline began, until the sentence it stands before
        for para in PARAGRAPH_RE.finditer(text, skip):
            if not para.group().strip():
                continue
            body, base = para.group(), para.start()
            paragraphs += 1
            if paragraphs <= 2 and pending is None:  # after a headline at most, the dateline says where it was filed
                cut = self.placer.dateline_length(body)
                if cut:
                    pending = base
                    body, base = body[cut:], base + cut
                    if not body.strip():
                        continue  # a dateline on a line of its own: it stands before the next sentence
            doc = self.sentencizer(self.nlp.tokenizer(body))
            quote_open = False
            for whole in doc.sents:
                parts = sentence_parts(whole, self.k.words.cut_after)
                for part_no, sent in enumerate(parts, 1):
                    stext = sent.text.strip()
                    if not stext:
                        continue
                    start = base + sent.start_char
                    note = None
                    if len(parts) > 1:
                        note = (f"part {part_no} of {len(parts)}: a sentence of {len(whole):,} tokens is cut into "
                                f"parts of at most {MAX_SENTENCE_TOKENS} tokens")
                    text = sent.text
                    hits = sorted({t.lower_ for t in sent if t.lower_ in self.trigger_forms})
                    has_quote = any(ch in text for ch in "\"“”«»")
                    cand = self.parse_all or bool(hits) or has_quote or quote_open
                    if cand and len(text) > MAX_SENTENCE_CHARS:
                        cand = False
                        note = (f"not parsed: {len(text):,} characters in {len(sent)} tokens (limit "
                                f"{MAX_SENTENCE_CHARS:,}); not running text")
                    units.append(Unit(start, start + len(text), text, cand, hits, note=note,
                                      dateline=start - pending if pending is not None and pending >= 0 else 0))
                    if pending is not None:
                        pending = -1  # given to its sentence
                    if text.count('"') % 2 == 1 or ("“" in text) != ("”" in text):
                        quote_open = not quote_open
        return units

    # ---- public API ----------------------------------------------------------------------------
    def code(self, article: Article) -> CodedArticle:
        """Code one article."""
        coded = next(iter(self.pipe([article])))
        assert isinstance(coded, CodedArticle)
        return coded

    def pipe(self, items: Iterable[Article | DocStatus]) -> Iterator[CodedArticle | DocStatus]:
        """Code a stream of articles in batches, in order; a DocStatus in the stream (a document that could not
        be read) comes out in its place. A batch ends after sentences_per_batch sentences to parse or
        articles_per_batch articles, whichever comes first."""
        stream = iter(items)
        more = True
        while more:
            # Each batch runs in a spaCy memory zone: the strings its texts add to the vocabulary are
            # dropped afterwards, so a long run's memory does not grow with every new name and number.
            with self.nlp.memory_zone():
                batch: list[tuple[Article | DocStatus, list[Unit] | str]] = []
                size = 0
                more = False
                for item in stream:
                    units = [] if isinstance(item, DocStatus) else self._segment_or_reason(item)
                    batch.append((item, units))
                    size += sum(u.candidate for u in units) if isinstance(units, list) else 0
                    if size >= self.sentences_per_batch or len(batch) >= self.articles_per_batch:
                        more = True
                        break
                coded = list(self._code_batch(batch))
            yield from coded

    def _segment_or_reason(self, art: Article) -> list[Unit] | str:
        try:
            return self.segment(art.text, parse_header(art.text)[3])
        except Exception as exc:  # noqa: BLE001  (recorded with its reason; the run goes on)
            return f"coding failed: the text could not be split into sentences ({brief(exc)})"

    def _code_batch(self, batch: list[tuple[Article | DocStatus, list[Unit] | str]]
                    ) -> Iterator[CodedArticle | DocStatus]:
        todo = [u for _, units in batch if isinstance(units, list) for u in units if u.candidate]
        try:
            for unit, doc in zip(todo, self.nlp.pipe((u.text for u in todo), batch_size=self.batch_size),
                                 strict=True):
                unit.doc = doc
        except Exception:  # noqa: BLE001  (one bad text must not cost the batch: parse one by one below)
            for unit in todo:
                unit.doc = None
        for item, units in batch:
            if isinstance(item, DocStatus):
                yield item
            elif isinstance(units, str):
                yield self._failed(item, units)
            else:
                yield self._code_one(item, units)

    def _code_one(self, art: Article, units: list[Unit]) -> CodedArticle:
        for unit in units:
            if unit.candidate and unit.doc is None:
                try:
                    unit.doc = self.nlp(unit.text)
                except Exception as exc:  # noqa: BLE001
                    return self._failed(art, f"coding failed: the parser rejected a sentence ({brief(exc)})")
        try:
            return self._code_units(art, units)
        except Exception as exc:  # noqa: BLE001  (recorded with its reason; the run goes on)
            return self._failed(art, f"coding failed: {brief(exc)}")

    @staticmethod
    def _failed(art: Article, reason: str) -> CodedArticle:
        """An article the coder could not code: no events, a skipped status with the reason."""
        return CodedArticle(art, [], DocStatus(art.id, art.origin, "skipped", reason))

    # ---- one article --------------------------------------------------------------------------
    def _code_units(self, art: Article, units: list[Unit]) -> CodedArticle:
        ctx = ArticleContext(date=art.date)
        events: list[Event] = []
        traces: list[SentenceTrace] = []
        quotes = [(m.start(), m.end()) for m in QUOTE_RE.finditer(art.text)]
        quote_ends = [q[1] for q in quotes]
        clock = time.perf_counter()
        place_names, scene = self.placer.article(art.text)
        dateline, _end = self._dateline(art, units, scene)  # cut off before parsing: never read for actors
        self.timings["places"] += time.perf_counter() - clock
        ctx.last_location = dateline
        ctx.story_country = scene.dominant()
        speakers: dict[tuple[int, int], Actor | None] = {}
        previous: list[Event] = []  # the events of the sentence before (a count may come a sentence later)
        for idx, unit in enumerate(units):
            trace = SentenceTrace(idx, unit.text, unit.start, unit.doc is not None, triggers=unit.triggers,
                                  note=unit.note)
            traces.append(trace)
            if unit.dateline:
                where = f"{dateline.full_name} ({dateline.how})" if dateline is not None else "no known place"
                trace.places.append(f"dateline {art.text[unit.start - unit.dateline:unit.start].strip()!r} cut off: "
                                    f"where the story was filed, {where}; not read for actors")
            if unit.doc is None:
                previous = self._attach_counts(unit, [], previous)
                continue
            # Quotations do not overlap: the first one ending after the sentence starts is the only candidate.
            q = bisect.bisect_right(quote_ends, unit.start)
            quote = quotes[q] if q < len(quotes) and quotes[q][0] < unit.end else None
            speaker = None
            if quote is not None:
                if quote not in speakers:
                    speakers[quote] = self._speaker(quote, units, idx, ctx, speakers)
                speaker = speakers[quote]
            sent = unit.doc[:]
            clock = time.perf_counter()
            here = self.placer.sentence(sent, unit.start, place_names)
            self.timings["places"] += time.perf_counter() - clock

            def known(named: list[tuple[int, int, str]], here=here, scene=scene) -> list:
                """The sentence's places settled with the countries it names (called by the resolver)."""
                return self.placer.known_places(here, scene, named)

            res = ActorResolver(self.gaz, sent, unit.start, ctx, speaker, known)
            mentions = res.all_mentions()
            trace.actors = mentions
            found, decisions = self.finder.find(sent, res, speaker, ctx.last_subject)
            trace.decisions = decisions
            coded: list[Event] = []
            clock = time.perf_counter()
            for f in found:
                location, line = self.placer.event_place(here, f, scene, ctx.last_location)
                trace.places.append(line)
                event = self._event(art, idx, unit, f, location)
                event.source_location = self.placer.actor_place(f.source, here, location, scene)
                event.target_location = self.placer.actor_place(f.target, here, location, scene)
                coded.append(event)
                # The article's setting carries forward: its dateline, or where a visit went.
                if location is not None and f.sets_scene:
                    ctx.last_location = location
            self.timings["places"] += time.perf_counter() - clock
            events.extend(coded)
            previous = self._attach_counts(unit, coded, previous)
            for m in mentions:
                ctx.add_participant(m)
            for f in found:
                ctx.add_participant(f.source)
                if f.target is not None and f.target.text:
                    ctx.add_participant(f.target)
            subject = next((f.source for f in found), None) or self._root_subject(sent, res)
            if subject is not None:
                ctx.last_subject = subject
        if self.resolved_only:
            events = [e for e in events if e.source.resolved and (e.target is None or e.target.resolved)]
        status = DocStatus(art.id, art.origin, "coded", None if events else "no events",
                           len(events), None if events else self._why_empty(traces))
        clock = time.perf_counter()
        figures = self.figure_reader.figures(art.text)
        self.timings["figures"] += time.perf_counter() - clock
        return CodedArticle(art, events, status, traces, figures)

    @staticmethod
    def _why_empty(traces: list[SentenceTrace]) -> str:
        parsed = sum(t.parsed for t in traces)
        if not parsed:
            return "no sentence holds an event trigger"
        rejected = [d for t in traces for d in t.decisions if d.outcome in ("rejected", "near-miss")]
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

    def _speaker(self, quote: tuple[int, int], units: list[Unit], idx: int, ctx: ArticleContext,
                 speakers: dict[tuple[int, int], Actor | None] | None = None) -> Actor | None:
        """The actor a quotation is attributed to: '..., said X' or 'X said: ...' in or right after it, else, for
        a quotation that carries on with no attribution of its own ("'...,' X said. '...'"), the speaker of the
        sentence just before it, else an attribution a few sentences on."""
        last = idx
        while last + 1 < len(units) and units[last + 1].start < quote[1]:
            last += 1
        found = self._speaker_after(quote, units, idx, last + 1, ctx)
        if found is not None:
            return found
        found = self._speaker_before(quote, units, idx, ctx, speakers or {})
        if found is not None:
            return found
        return self._speaker_after(quote, units, last + 2, idx + 5, ctx)

    def _speaker_after(self, quote: tuple[int, int], units: list[Unit], first: int, last: int,
                       ctx: ArticleContext) -> Actor | None:
        """The subject of a speech verb outside the quotation, in units first..last (near enough to it)."""
        for j in range(first, min(last + 1, len(units))):
            unit = units[j]
            if unit.doc is None or unit.start > quote[1] + 400:
                continue
            found = self._attribution(unit, quote, ctx)
            if found is not None:
                return found
        return None

    def _speaker_before(self, quote: tuple[int, int], units: list[Unit], idx: int, ctx: ArticleContext,
                        speakers: dict[tuple[int, int], Actor | None]) -> Actor | None:
        """The speaker of the sentence right before a quotation: its own attribution, or the speaker of the
        quotation it is."""
        if idx == 0 or not quote[0] - 3 <= units[idx].start:
            return None  # the quotation does not open its sentence
        prev = units[idx - 1]
        if quote[0] - prev.end > 3:
            return None  # not the sentence just before (a paragraph or more between them)
        for q, actor in speakers.items():
            if actor is not None and q[0] <= prev.start + 2 and q[1] >= prev.end - 2:
                return actor
        return self._attribution(prev, quote, ctx) if prev.doc is not None else None

    def _attribution(self, unit: Unit, quote: tuple[int, int], ctx: ArticleContext) -> Actor | None:
        """The subject of a speech verb of a sentence, where both lie outside the quotation."""
        sent = unit.doc[:]
        for tok in sent:
            if tok.lemma_.lower() not in self.k.words.speech_verbs or tok.pos_ not in ("VERB", "AUX"):
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

    def _dateline(self, art: Article, units: list[Unit], scene) -> tuple[Location | None, int]:
        """The dateline's place and where the dateline ends in the article (0 without one)."""
        first = next((u for u in units if u.dateline), None)
        if first is None:
            return None, 0
        start = first.start - first.dateline
        return self.placer.dateline(art.text[start:first.start], start, scene)

    def _attach_counts(self, unit: Unit, coded: list[Event], previous: list[Event]) -> list[Event]:
        """Give the sentence's stated counts (killed, wounded, arrested) to the event that carries them: one of
        its own of the fitting kind, else one of the sentence before ("... shelled the town. Two people died.");
        return the events a later sentence may give counts to."""
        if not any(e.cameo.root in COUNTING_ROOTS for e in coded + previous):
            return coded  # nothing here or just before could carry a count: do not read for one
        clock = time.perf_counter()
        counts = self.figure_reader.counts(unit.text, unit.start)
        self.timings["figures"] += time.perf_counter() - clock
        for count in counts:
            for pool in (coded, previous):
                carrier = _carrier(pool, count.kind)
                if carrier is not None:
                    if all(c.kind != count.kind for c in carrier.counts):
                        carrier.counts.append(count)
                    break
        return coded

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
            evidence=Evidence(unit.text, unit.start, unit.end, TextSpan(f.trigger.text, trig_start, trig_end),
                              date_how),
            provenance=Provenance(f.pattern, f.frame, f.notes, self.k.versions.get("patterns"),
                                  self.k.versions.get("crosswalk"), self.k.versions.get("cameo"), self.model,
                                  __version__),
        )


def _carrier(events: list[Event], kind: str) -> Event | None:
    """The event of a list that a count of this kind belongs to (the most fitting root, the first of those)."""
    roots = COUNT_ROOTS.get(kind, ())
    fitting = [e for e in events if e.cameo.root in roots and e.modality in ("asserted", "reported")]
    if not fitting:
        return None
    return min(fitting, key=lambda e: roots.index(e.cameo.root))
