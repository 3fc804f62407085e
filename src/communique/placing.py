"""Where each event happened and where its actors are: the trigger's own place phrase first, then the sentence's
places, then the article's setting (a visit's destination, else the dateline); ambiguous names settled by the
actors' countries and the article's other places."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .events.common import Found
from .geo import REGION_WORDS, UPPER, Choice, GeoPlace, PlaceMention, Places, Scene
from .models import NON_STATE, Actor, Location

# prepositions that put an event somewhere; "to" only for a visit or journey, "on"/"over"/"against" only for force
EVENT_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "around", "into", "within"})
SCENE_PREPS = frozenset({"to"})
FORCE_PREPS = frozenset({"on", "over", "against"})
# a place reached through these is what the event is about, not where it is ("a statement on the war in Lebanon")
TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning", "for", "toward",
                         "towards"})
FORCE_ROOTS = ("15", "17", "18", "19", "20")
BLOCS = NON_STATE | {"---", ""}
LEVELS = ("phrase", "clause", "sentence")  # the basis of a place found at each attachment level
ACTOR_TOWN_SIZE = 150_000  # a city gives an actor its country from this many people (capitals always)
# a name after which a place name is still the place ("Gaza City", "the Kharkiv Oblast", "Kabul Airport")
PLACE_HEADS = REGION_WORDS | {"city", "airport", "port", "square", "street", "valley", "river", "border", "strip"}
# "BEIJING —", "KYIV, Ukraine (AP) -", "Belgrade, 12 March (Tanjug) -": a name in capitals, or any name with the
# dash of a dateline close after it ("Greece, like most members, ..." is a sentence)
DATELINE_RE = re.compile(rf"^\s*(?:([{UPPER}][{UPPER}.'’\- ]{{1,40}}?)\s*(?:,|\(|[-—–:])"
                         rf"|([{UPPER}][\w.'’\- ]{{1,40}}?)\s*(?:,[^.\n—–]{{1,40}}?)?\s*(?:\([^)\n]{{1,40}}\))?"
                         r"\s*(?:—|–|--?\s))")


DATELINE_DASH_RE = re.compile(r"[^—–\n]{0,60}?(?:\s[-—–]+\s|—|–|:\s)")
# directions before a place name ("in Eastern Ukraine", "northern Syria"): not part of another name
DIRECTIONS = frozenset({"eastern", "western", "northern", "southern", "central", "north", "south", "east", "west",
                        "northeastern", "northwestern", "southeastern", "southwestern", "upper", "lower", "greater"})


@dataclass
class SentencePlaces:
    """The place names of one parsed sentence, with their tokens."""

    mentions: list[tuple[PlaceMention, Span]]
    text: str
    offset: int  # character offset of the sentence's doc in the article


def location(place: GeoPlace, start: int | None, end: int | None, how: str, basis: str) -> Location:
    """The output record of a chosen place."""
    return Location(place.name, place.country, place.lat, place.lon,
                    place.geonames_id if place.kind == "city" else None, start, end, how, place.kind,
                    place.full_name, place.region, place.adm1, place.fips, place.geo_type, place.feature_id, basis)


class Placer:
    """Places events and actors (built once per coder, used for every article)."""

    def __init__(self, places: Places, event_words: frozenset[str] = frozenset()) -> None:
        self.places = places
        self.event_words = event_words  # lemmas that name events ("talks", "negotiations", "attack")

    def article(self, text: str) -> tuple[list[PlaceMention], Scene]:
        """An article's place names (read once for all its sentences) and the countries they point to."""
        mentions = self.places.mentions(text)
        return mentions, self.places.scene(mentions)

    def _dateline_match(self, text: str) -> tuple[re.Match, int, str, list[GeoPlace]] | None:
        """(match, group, name, cities) of a dateline opening the text: a city's name, never a country's
        ("Jordan, a key ally — ..." is a sentence)."""
        m = DATELINE_RE.match(text)
        if not m:
            return None
        group = 1 if m.group(1) else 2
        name = m.group(group).strip()
        found = self.places.lookup(name)
        if not found or any(p.kind == "country" for p in found):
            return None
        return m, group, name, found

    def dateline(self, text: str, start: int, scene: Scene) -> tuple[Location | None, int]:
        """The dateline's place ("KYIV, Ukraine (AP) —") and where the dateline ends (0 when there is none)."""
        hit = self._dateline_match(text)
        if hit is None:
            return None, 0
        m, group, name, found = hit
        mention = PlaceMention(start + m.start(group), start + m.start(group) + len(name), name, tuple(found))
        rest = text[m.start(group) + len(name):]
        choice = self.places.choose(mention, set(), scene, rest)
        end = _dateline_end(text, m.end())
        return location(choice.place, mention.start, mention.end, f"dateline; {choice.why}", "dateline"), start + end

    def dateline_length(self, text: str) -> int:
        """How many characters of a paragraph are the dateline it opens with (0 when it opens with none)."""
        hit = self._dateline_match(text)
        return 0 if hit is None else _dateline_end(text, hit[0].end())

    def sentence(self, sent: Span, offset: int, mentions: list[PlaceMention]) -> SentencePlaces:
        """The place names of a parsed sentence, from the article's (mentions, in text order)."""
        start, end = offset + sent.start_char, offset + sent.end_char
        first = bisect.bisect_left(mentions, start, key=lambda m: m.start)
        out = []
        for m in mentions[first:]:
            if m.end > end:
                break
            span = sent.doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
            # a lone capitalised word the parser reads as a common noun is no place ("Police in Atlanta ...")
            if span is None or len(span) == 1 and span[0].pos_ not in ("PROPN", "X") and span[0].i == sent.start \
                    and all(p.kind == "city" and p.population < 100_000 for p in m.candidates):
                continue
            if len(span) == 1 and span[0].pos_ == "ADJ":
                continue  # a name read as an adjective ("the Balkan region", "Arab states") names no place
            if not _inside_name(span):
                out.append((m, span))
        return SentencePlaces(out, sent.doc.text, offset)

    def known_places(self, sp: SentencePlaces, scene: Scene,
                     named: list[tuple[int, int, str]] = ()) -> list[tuple[int, int, GeoPlace | None]]:
        """(start token, end token, place) of the sentence's cities and regions, each settled by the countries the
        sentence names elsewhere (named: their token spans and codes) and the article's other places (for the
        actors: "gunmen in Tripoli" take its country); None for a name nothing settles."""
        out: list[tuple[int, int, GeoPlace | None]] = []
        for mention, span in sp.mentions:
            countries = {c for s, e, c in named if (s, e) != (span.start, span.end)}
            choice = self._choose(mention, span, sp, countries, scene)
            p = choice.place
            if choice.ambiguous:
                # nothing in the story settles it: no actor takes a country from a guess, and a small capital's
                # name ("Victoria") is no government; a large capital keeps its meaning ("Tripoli said")
                out.append((span.start, span.end, p if p.capital and p.population >= 500_000 else None))
                continue
            # small towns are too often other things for an actor's country ("the Bush administration")
            if p.kind == "region" or p.kind == "city" and (p.capital or p.population >= ACTOR_TOWN_SIZE):
                out.append((span.start, span.end, p))
        return out

    def event_place(self, sp: SentencePlaces, f: Found, scene: Scene,
                    setting: Location | None) -> tuple[Location | None, str]:
        """The event's place and a line saying how it was chosen (or why the sentence gave none)."""
        # countries the actors have of their own (a role's country may come from this very place: "police in X")
        actor_countries = {a.country for a in (f.source, f.target) if a is not None and a.country not in BLOCS
                           and a.basis not in ("role", "context", "unresolved", "place")}
        involved = {a.country for a in (f.source, f.target) if a is not None and a.country not in BLOCS}
        best = None
        rejected = []
        for mention, span in sp.mentions:
            level, why = self._attachment(span, mention, f)
            if level is None:
                if why:
                    rejected.append(f"'{mention.text}' {why}")
                continue
            head = _place_head(span)
            if level > 0 and head is not None and head.pos_ not in ("VERB", "AUX") \
                    and head.lemma_.lower() not in self.event_words \
                    and f.code[:2] not in FORCE_ROOTS and not f.sets_scene \
                    and not any(p.country in involved or scene.without(mention.text, p.country) > 0
                                for p in mention.candidates):
                # a place describing a thing (no event) named in passing, far from everyone in the story ("a
                # reliable partner in the Balkan region"; but "negotiations in Brussels" are where they were held)
                rejected.append(f"'{mention.text}' describes '{head.text}' and lies in none of the story's countries")
                continue
            distance = abs(span.root.i - f.trigger.i)
            if best is None or (level, distance) < best[0]:
                best = ((level, distance), mention, span, why)
        if best is not None:
            _key, mention, span, why = best
            choice = self._choose(mention, span, sp, actor_countries, scene)
            how = f"{why}; {choice.why}"
            return location(choice.place, mention.start, mention.end, how, LEVELS[best[0][0]]), _line(choice, how)
        unknown = self._unknown_places(f.trigger.sent)
        reasons = "; ".join(rejected + unknown)
        if setting is not None:
            if setting.basis != "dateline":
                setting = Location(**{**setting.__dict__, "basis": "setting"})
            return setting, (f"place: the article's setting {setting.full_name or setting.name} ({setting.how})"
                             + (f"; in the sentence: {reasons}" if reasons else ""))
        return None, "place: none" + (f" ({reasons})" if reasons else
                                      " (the sentence names no place; no dateline or earlier scene)")

    def actor_place(self, actor: Actor | None, sp: SentencePlaces, event_loc: Location | None,
                    scene: Scene) -> Location | None:
        """Where an actor is: a place in its own phrase, else the event's place in its country, else its country."""
        if actor is None:
            return None
        if actor.text:
            for mention, span in sp.mentions:
                if actor.start <= mention.start and mention.end <= actor.end:
                    countries = {actor.country} if actor.country not in BLOCS else set()
                    choice = self._choose(mention, span, sp, countries, scene)
                    return location(choice.place, mention.start, mention.end,
                                    f"'{mention.text}' in the actor's phrase; {choice.why}", "actor-phrase")
        if actor.country in BLOCS:
            return None
        if event_loc is not None and event_loc.country == actor.country:
            return Location(**{**event_loc.__dict__, "how": "the event's place, in the actor's country",
                               "basis": "event"})
        country = self.places.country_place.get(actor.country)
        if country is None:
            return None
        return location(country, None, None, "the actor's country", "actor-country")

    # ---- helpers -----------------------------------------------------------------------------------------
    def _choose(self, mention: PlaceMention, span: Span, sp: SentencePlaces, countries: set[str],
                scene: Scene) -> Choice:
        following = sp.text[span.end_char:span.end_char + 60]
        return self.places.choose(mention, countries, scene, following)

    def _attachment(self, span: Span, mention: PlaceMention, f: Found) -> tuple[int | None, str]:
        """How closely a place hangs on the event's trigger: 0 its own phrase, 1 its clause, 2 the sentence; None
        (with the reason) when it is not where the event happened."""
        root = _phrase_root(span)
        trigger = f.trigger
        is_country = all(p.kind == "country" for p in mention.candidates)
        force = f.code[:2] in FORCE_ROOTS
        if root.dep_ in ("dobj", "nsubjpass", "obj") and root.head.i == trigger.i:
            if (force and not is_country) or f.sets_scene:
                return 0, f"'{trigger.text} {span.text}'"  # "shelled Kharkiv", "visited Kyiv"
            return None, "is the event's object, not its place"
        while root.dep_ in ("compound", "appos", "conj") and root.head.i != root.i and root.head.pos_ == "PROPN":
            root = root.head
        if root.dep_ != "pobj":
            return None, ""  # an actor or a name in passing: not worth a line
        prep = root.head
        word = prep.lower_
        if word in SCENE_PREPS:
            if not f.sets_scene:
                return None, f"'{word} {span.text}' is a direction, and the event is no visit or journey"
        elif word in FORCE_PREPS:
            if not force or is_country:
                return None, f"'{word} {span.text}' is what the event is about"
        elif word not in EVENT_PREPS:
            return None, f"'{word} {span.text}' is not a place phrase"
        head = prep.head
        if head.i == trigger.i:
            return 0, f"'{trigger.text} … {word} {span.text}'"
        path = _path_to(head, trigger)
        if path is not None and any(t.dep_ == "pobj" and t.head.lower_ in TOPIC_PREPS for t in path):
            return None, f"is what the event is about ('{word} {span.text}' in a phrase on its topic)"
        on_noun = head.pos_ not in ("VERB", "AUX")
        # a country after a noun is mostly a topic ("the war in Ukraine"), except where force is used on the
        # thing it places ("struck positions in northern Iraq") or a visit goes
        if is_country and on_noun and not (path is not None and len(path) == 1 and (force or f.sets_scene)):
            return None, f"'{word} {span.text}' describes '{head.text}', not where the event happened"
        if path is not None:
            return 1, f"'{word} {span.text}' in the event's clause"
        return 2, f"'{word} {span.text}' elsewhere in the sentence"

    def _unknown_places(self, sent: Span) -> list[str]:
        """Names after 'in'/'at' that look like places but are not in the gazetteer."""
        out = []
        for tok in sent:
            if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at") and tok.pos_ == "PROPN" \
                    and tok.ent_iob_ != "I" and not self.places.lookup(tok.text):
                name = " ".join(t.text for t in tok.subtree if t.pos_ == "PROPN")
                if name and not self.places.lookup(name):
                    out.append(f"'{tok.head.text} {name}': not in the gazetteer")
        return out


def _phrase_root(span: Span) -> Token:
    """The token a place name's phrase hangs from: the name's root, or the region word after it ("the Kharkiv
    region")."""
    root = span.root
    if root.i + 1 < len(root.doc) and root.head.i == root.i + 1 and root.head.lower_ in REGION_WORDS:
        root = root.head
    return root


def _place_head(span: Span) -> Token | None:
    """The word a place phrase hangs on ("talks" in "talks in Geneva"), or None when it is no prepositional phrase."""
    root = _phrase_root(span)
    if root.dep_ != "pobj":
        return None
    return root.head.head


def _inside_name(span: Span) -> bool:
    """Whether a place name is part of a longer name: a person's ("Judge Alejandro Rivera", "Ben Bella") or a
    thing's ("the Washington Post")."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.pos_ == "PROPN" and before.is_title and span.start <= before.head.i < span.end \
            and before.lower_ not in DIRECTIONS:
        return True
    root = span.root
    after = doc[span.end] if span.end < len(doc) else None
    return (after is not None and after.pos_ == "PROPN" and root.dep_ == "compound" and root.head.i == after.i
            and after.lower_ not in PLACE_HEADS)


def _path_to(tok: Token, target: Token) -> list[Token] | None:
    """The tokens from tok up to (not including) target through heads, or None when target is not above tok."""
    path = []
    seen = 0
    while tok.i != target.i:
        path.append(tok)
        if tok.head.i == tok.i or seen > 40:
            return None
        tok = tok.head
        seen += 1
    return path


def _line(choice: Choice, how: str) -> str:
    p = choice.place
    where = f"{p.lat:.4f}, {p.lon:.4f}" if p.lat is not None and p.lon is not None else "no coordinates"
    flag = "  (ambiguous: check it)" if choice.ambiguous else ""
    return f"place: {p.full_name} ({p.kind}, {where}) <- {how}{flag}"


def _dateline_end(text: str, after_name: int) -> int:
    """Where a dateline ends: after its dash, else after the closing bracket or comma group."""
    m = DATELINE_DASH_RE.match(text, after_name - 1)
    end = m.end() if m else after_name
    return end + len(text[end:]) - len(text[end:].lstrip())
