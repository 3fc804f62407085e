"""Stated figures: casualty and detention counts, money and percentage amounts, read from text with regular expressions.

No parser is involved: the word lists of data/figures.yaml are turned into a handful of patterns once, when a
FigureReader is made, and each call only runs them over the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

import yaml

from .errors import DataFileError

COUNT_KINDS = ("killed", "wounded", "arrested")
_LABEL = "figures.yaml"
_YEAR = r"(?:1[89]|20)\d\d"
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
_DECIMAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NO_NUMBER_BEFORE = r"(?<![\w$€£¥₹₽₸₺₴₩₦₼₾.,/-])"
_CLAUSE_END = re.compile(r"[.;:!?](?:\s|$)|[()\[\]\"“”]")
_WORD_RE = re.compile(r"[a-z]+")
MAX_COUNT = 10_000_000  # a larger "count" of people killed or arrested is a misreading, not a figure


@dataclass(frozen=True)
class StatedCount:
    """A number of people killed, wounded or arrested, as a sentence states it."""

    kind: str
    value: int
    at_least: bool
    approximate: bool
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """The count as a plain dict."""
        return asdict(self)


@dataclass(frozen=True)
class Figure:
    """A money amount or a percentage change of a named quantity, as a sentence states it."""

    kind: str
    value: float
    unit: str
    currency: str | None
    scale_text: str | None
    quantity: str | None
    period: str | None
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """The figure as a plain dict."""
        return asdict(self)


@dataclass(frozen=True)
class _Vague:
    """What a vague quantity word stands for."""

    value: int
    at_least: bool
    approximate: bool


# ---- reading the data file ----------------------------------------------------------------------------------------

def _fail(key: str, what: str) -> DataFileError:
    """The error for a key of the data file that has the wrong shape."""
    return DataFileError(f"{_LABEL}: {key!r} {what}")


def _words(data: Mapping[str, Any], key: str, where: str = "") -> list[str]:
    """A required list of non-empty strings, stripped."""
    name = f"{where}{key}"
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise _fail(name, "must be a non-empty list of words")
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _fail(name, f"holds {item!r}, which is not a word (quote words such as 'no' or 'on')")
        out.append(" ".join(item.split()))
    return out


def _mapping(data: Mapping[str, Any], key: str, where: str = "") -> dict[str, Any]:
    """A required non-empty mapping."""
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise _fail(f"{where}{key}", "must be a non-empty mapping")
    return value


def _numbers(data: Mapping[str, Any], key: str) -> dict[str, int]:
    """A required mapping of words to positive whole numbers, the words lower-cased."""
    table = _mapping(data, key)
    out = {}
    for word, value in table.items():
        if not isinstance(word, str) or isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise _fail(key, f"maps {word!r} to {value!r}; each entry must be a word and a positive whole number")
        out[word.lower()] = value
    return out


def _alt(words: Iterable[str]) -> str:
    """An alternation of phrases, longest first; a space matches any white space, an upper-case code its case."""
    parts = []
    for w in sorted(set(words), key=lambda s: (-len(s), s)):
        p = re.escape(w).replace(r"\ ", r"\s+")
        parts.append(f"(?-i:{p})" if w.isupper() and " " not in w else p)
    return "(?:" + "|".join(parts) + ")"


def _bounded(words: Iterable[str]) -> str:
    """_alt with word boundaries where a phrase starts or ends with a letter or digit."""
    parts = []
    for w in sorted(set(words), key=lambda s: (-len(s), s)):
        p = _alt([w])
        if w[0].isalnum():
            p = r"\b" + p
        if w[-1].isalnum():
            p += r"\b"
        parts.append(p)
    return "(?:" + "|".join(parts) + ")"


def _key(text: str) -> str:
    """A phrase lower-cased with its white space made single spaces."""
    return " ".join(text.lower().split())


class _Tables:
    """The checked contents of figures.yaml."""

    def __init__(self, data: Any) -> None:
        if not isinstance(data, dict):
            raise DataFileError(f"{_LABEL}: the file must be a mapping of named sections (such as units:)")
        self.units = _numbers(data, "units")
        self.tens = _numbers(data, "tens")
        self.multipliers = _numbers(data, "multipliers")
        self.vague: dict[str, _Vague] = {}
        for word, entry in _mapping(data, "vague").items():
            ok = (isinstance(entry, dict) and isinstance(entry.get("value"), int)
                  and not isinstance(entry.get("value"), bool)
                  and isinstance(entry.get("at_least"), bool) and isinstance(entry.get("approximate"), bool))
            if not isinstance(word, str) or not ok:
                raise _fail("vague", f"entry {word!r} must be a word mapped to value (a whole number), "
                                     "at_least and approximate (true or false)")
            self.vague[_key(word)] = _Vague(entry["value"], entry["at_least"], entry["approximate"])
        qualifiers = _mapping(data, "qualifiers")
        self.at_least = _words(qualifiers, "at_least", "qualifiers.")
        self.approximate = _words(qualifiers, "approximate", "qualifiers.")
        counts = _mapping(data, "counts")
        if set(counts) != set(COUNT_KINDS):
            raise _fail("counts", f"must name exactly the kinds {', '.join(COUNT_KINDS)}")
        self.counts: dict[str, dict[str, list[str]]] = {}
        for kind in COUNT_KINDS:
            entry = _mapping(counts, kind, "counts.")
            self.counts[kind] = {part: _words(entry, part, f"counts.{kind}.")
                                 for part in ("verbs", "participles", "nouns", "tolls")}
        self.lists = {key: _words(data, key) for key in (
            "toll_verbs", "toll_raising", "auxiliaries", "people", "not_people", "stop_words", "not_before",
            "change_up", "change_down", "change_nouns_up", "change_nouns_down", "percent_signs", "quantities",
            "quantity_modifiers", "period_prepositions", "period_skip", "months", "year_parts")}
        self.before: dict[str, str] = {}
        self.after: dict[str, str] = {}
        for code, entry in _mapping(data, "currencies").items():
            if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code) and isinstance(entry, dict)):
                raise _fail("currencies", f"entry {code!r} must be an ISO 4217 code mapped to before: and after:")
            for form in _words(entry, "before", f"currencies.{code}."):
                self.before.setdefault(form, code)
            for form in _words(entry, "after", f"currencies.{code}."):
                self.after.setdefault(form, code)


def _load(text: str | None) -> _Tables:
    """The checked tables of the given YAML text, or of the shipped figures.yaml."""
    if text is None:
        try:
            text = (resources.files("communique") / "data" / "figures.yaml").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(f"cannot read {_LABEL}: {exc}") from exc
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise DataFileError(f"{_LABEL}{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from exc
    return _Tables(data)


# ---- the reader ---------------------------------------------------------------------------------------------------

class FigureReader:
    """Reads stated counts and figures from text; the word lists are parsed and the patterns compiled once."""

    def __init__(self, yaml_text: str | None = None) -> None:
        """A reader over the shipped figures.yaml, or over the given text of a file of the same shape."""
        t = self._t = _load(yaml_text)
        flags = re.IGNORECASE
        units = _alt(t.units)
        small = _alt(w for w, v in t.units.items() if v < 10)
        tens = _alt(t.tens)
        below100 = rf"(?:{tens}(?:[-\s]{small})?|{units})"
        hundreds = rf"(?:(?:a|{small})\s+hundred(?:\s+(?:and\s+)?{below100})?|{below100})"
        words = rf"(?:(?:a|{hundreds})\s+thousand(?:,?\s+(?:and\s+)?{hundreds})?|{hundreds})"
        vague = _alt(t.vague)
        number = rf"(?:\b(?:{vague})(?:\s+of\b)?|\b{words}\b|{_NO_NUMBER_BEFORE}(?:{_DIGITS})(?![\d,]\d))"
        lists = t.lists
        months = _bounded(lists["months"])
        blocked = _bounded(lists["not_people"] + list(t.multipliers) + list(t.after) + lists["percent_signs"])
        # What a count's number may not be followed by: a hyphen (ages: "17-year-old"), a decimal, a percent sign,
        # a time, a month (a date) or a noun that is no person.
        tail = rf"(?![-–%:\w]|\.\d|\s*%|\s+{blocked}|\s+{months})"
        qual = rf"(?P<qual>{_bounded(t.at_least + t.approximate)})\s+"
        stop = _bounded(lists["stop_words"] + list(t.units) + list(t.tens) + ["hundred", "thousand", "dozen"])
        person_words = _bounded(lists["people"])
        plural = rf"(?!{blocked}|{stop})[A-Za-z][\w'’-]*s\b"
        mod = rf"(?!{stop}|{blocked})[A-Za-z][\w'’-]*"
        noun = rf"(?:{mod}\s+){{0,2}}(?:{person_words}|{plural})"
        after_number = rf"(?:\s+more\b)?(?P<who>\s+(?:{noun})|\s+of\s+(?:them|whom|those)\b)?"
        aux = _bounded(lists["auxiliaries"])
        # Patterns that begin with the number are tried only where a number (or a qualifier or a vague word) may
        # begin, which is much faster than letting the engine try every position; the others run over the text.
        # Each form is one pattern for all kinds: a group k_<kind> holds the words that name the kind.
        def by_kind(part: str) -> str:
            return "(?:" + "|".join(rf"(?P<k_{k}>{_bounded(t.counts[k][part])})" for k in COUNT_KINDS) + ")"

        num = rf"\b(?:{qual})?(?P<num>{number}){tail}"  # the leading \b lets the engine skip most positions
        active = rf"\b{by_kind('verbs')}\s+{num}{after_number}"
        passive = rf"{num}{after_number}(?:\s+{aux})?\s+{by_kind('participles')}(?!\s+{person_words}|\s+{plural})"
        nouns = rf"{num}(?:\s+{mod})?\s+{by_kind('nouns')}"
        toll_verb = _bounded(lists["toll_verbs"])
        running = rf"{by_kind('tolls')}(?:\s+[^\s.;:!?]+){{0,6}}?\s+{toll_verb}\s+(?:to\s+)?{num}"
        raising = rf"\b{_bounded(lists['toll_raising'])}\s+the\s+{by_kind('tolls')}\s+to\s+{num}"
        # (priority, pattern, whether it begins with the number); a lower priority wins a number both read
        self._count_res = [(priority, re.compile(pattern, flags), pattern.startswith(num))
                           for priority, pattern in enumerate((active, running, raising, nouns, passive))]
        self._at_least = {_key(w) for w in t.at_least}
        self._starters = frozenset({"a", "an", "half"} | set(t.units) | set(t.tens)
                                   | {w.split()[0].lower() for w in list(t.vague) + t.at_least + t.approximate})
        initials = "".join(sorted({w[0] for w in self._starters} | {w[0].upper() for w in self._starters}))
        self._start_re = re.compile(rf"\b(?=[\d{re.escape(initials)}])(?:\d|{_alt(self._starters)}\b)", flags)
        self._not_before = re.compile(rf"(?:\b(?:{_alt(lists['not_before'])})|{months})\s*$", flags)

        # ---- money and percentages
        scales = _alt(t.multipliers) + r"\b"  # no boundary before: "$2.5bn", "€40m"
        amount = rf"(?P<n>{_NO_NUMBER_BEFORE}(?:{_DECIMAL})(?![\d,]\d)|\b{words}\b|\ba(?=\s+{scales}))"
        scale = rf"(?:\s?(?P<scale>{scales}))?"
        before = _alt(t.before)
        after = _bounded(t.after)
        self._money_before = re.compile(
            rf"(?<![\w$])(?P<cur>{before})\s?(?P<n>{_DECIMAL})(?![\d,]\d){scale}(?![\w%-])", flags)  # not a range
        self._money_after = re.compile(rf"\b{amount}{scale}\s+(?P<cur>{after})", flags)
        signs = _bounded(lists["percent_signs"])
        pct_num = rf"(?P<n>{_NO_NUMBER_BEFORE}(?:{_DECIMAL})(?![\d,]\d)|\b{words}\b)\s?{signs}"
        up, down = _bounded(lists["change_up"]), _bounded(lists["change_down"])
        self._change_verb = re.compile(
            rf"\b(?:(?P<up>{up})|(?P<down>{down}))\s+(?:by\s+)?(?:{qual})?{pct_num}", flags)
        nup, ndown = _bounded(lists["change_nouns_up"]), _bounded(lists["change_nouns_down"])
        self._change_noun = re.compile(rf"\b{pct_num}\s+(?:(?P<up>{nup})|(?P<down>{ndown}))\s+in\s+", flags)
        quantity = (rf"(?:\b(?:the|a|an)\s+)?(?P<q>(?:{_bounded(lists['quantity_modifiers'])}\s+){{0,3}}"
                    rf"{_bounded(lists['quantities'])}(?:\s+{_bounded(lists['quantities'])})?)")
        self._quantity = re.compile(quantity, flags)
        self._quantity_at = re.compile(r"\s*" + quantity, flags)
        self._quantity_after = re.compile(r"\s+(?:in|of)\s+" + quantity, flags)
        year_part = _bounded(lists["year_parts"])
        period = (rf"(?:{year_part}\s+(?:of\s+)?{_YEAR}"
                  rf"|{months}\s*(?:[-–]|\s(?:to|through|and)\s)\s*{months}\s+(?:of\s+)?{_YEAR}"
                  rf"|{months}\s+{_YEAR}|[QH][1-4]\s+{_YEAR}|(?:fiscal|financial)\s+year\s+{_YEAR}(?:[-/]\d\d(?:\d\d)?)?"
                  rf"|{_YEAR}(?:\s*[-–/]\s*(?:{_YEAR}|\d\d))?)(?![\w%$-])")
        self._period_early = re.compile(
            rf"\b{_bounded(lists['period_prepositions'])}\s+(?:the\s+)?(?P<p>{period})", flags)
        self._period = re.compile(
            rf"(?:\s*,?\s+{_bounded(lists['period_skip'])})?"
            rf"\s*,?\s+(?:{_bounded(lists['period_prepositions'])}\s+)?(?:the\s+)?(?P<p>{period})", flags)
        # cheap first looks (set lookups, no pattern): which kinds of figure a text can hold at all
        self._before_forms = tuple(sorted({f.lower() for f in t.before}))
        self._after_words = frozenset(f.split()[0].lower().rstrip(".") for f in t.after)
        self._percent_words = frozenset(w.split()[0].lower() for w in lists["percent_signs"] if w[0].isalpha())
        self._currency_before = {_form_key(f): code for f, code in t.before.items()}
        self._currency_after = {_form_key(f): code for f, code in t.after.items()}

    def _number_starts(self, text: str) -> list[int]:
        """Where a number, or a qualifier or a vague word before one, may begin."""
        return [m.start() for m in self._start_re.finditer(text)]

    # ---- values

    def _int_value(self, text: str) -> tuple[int, bool, bool]:
        """A count's number as (value, at_least, approximate)."""
        key = _key(text)
        if key.endswith(" of"):
            key = key[:-3]
        vague = self._t.vague.get(key)
        if vague is not None:
            return vague.value, vague.at_least, vague.approximate
        if key[0].isdigit():
            return int(key.replace(",", "")), False, False
        return self._word_value(key), False, False

    def _word_value(self, text: str) -> int:
        """The value of a number written in words ("one hundred and twenty")."""
        total = current = 0
        for word in _WORD_RE.findall(text.lower()):
            if word == "a":
                current = 1
            elif word == "hundred":
                current = (current or 1) * 100
            elif word == "thousand":
                total += (current or 1) * 1000
                current = 0
            else:
                current += self._t.units.get(word) or self._t.tens.get(word) or 0
        return total + current

    def _amount(self, text: str) -> float:
        """The value of a figure's number, in digits or words."""
        text = text.strip()
        if text[0].isdigit():
            return float(text.replace(",", ""))
        return float(self._word_value(text))

    # ---- counts

    def counts(self, text: str, offset: int = 0) -> list[StatedCount]:
        """The casualty and detention counts the text states, in text order; offsets are moved by offset."""
        found: list[tuple[int, int, int, StatedCount, tuple[int, int]]] = []
        starts = self._number_starts(text)
        for priority, pattern, at_numbers in self._count_res:
            for m in _matches_at(pattern, text, starts) if at_numbers else pattern.finditer(text):
                kind = next(k for k in COUNT_KINDS if m.group(f"k_{k}") is not None)
                first = m.start("qual") if m.group("qual") else m.start("num")
                if self._not_before.search(text, max(0, first - 40), first):
                    continue
                num_text = m.group("num")
                if re.fullmatch(_YEAR, num_text) and not m.groupdict().get("who"):
                    continue  # a year, unless people follow it ("1990 people were detained")
                value, at_least, approximate = self._int_value(num_text)
                if value <= 0 or value > MAX_COUNT:
                    continue
                qual = m.group("qual")
                if qual:
                    if _key(qual) in self._at_least:
                        at_least = True
                    else:
                        approximate = True
                count = StatedCount(kind, value, at_least, approximate, m.group(0), m.start() + offset,
                                    m.end() + offset)
                found.append((priority, m.start(), -m.end(), count, m.span("num")))
        found.sort(key=lambda f: f[:3])
        kept: list[StatedCount] = []
        numbers: set[tuple[int, int]] = set()
        for _, _, _, count, num_span in found:
            if num_span in numbers:
                continue  # a number counts one kind only ("arrested five injured protesters")
            if any(k.kind == count.kind and k.start < count.end and count.start < k.end for k in kept):
                continue
            numbers.add(num_span)
            kept.append(count)
        return sorted(kept, key=lambda c: (c.start, c.end))

    # ---- figures

    def figures(self, text: str, offset: int = 0) -> list[Figure]:
        """The money amounts and percentage changes the text states, in text order; offsets are moved by offset."""
        low = text.lower()
        words = set(_WORD_RE.findall(low))
        before = any(f in low for f in self._before_forms)
        after = not self._after_words.isdisjoint(words)
        percent = "%" in text or not self._percent_words.isdisjoint(words)
        if not (before or after or percent):
            return []  # no currency and no percent sign or word: most texts, read at once
        found: list[_Found] = []
        starts = self._number_starts(text) if after or percent else []
        for pattern, table in ((self._money_before, self._currency_before), (self._money_after, self._currency_after)):
            if not (before if pattern is self._money_before else after):
                continue
            for m in _matches_at(pattern, text, starts) if pattern is self._money_after else pattern.finditer(text):
                scale_text = m.group("scale")
                value = self._amount(m.group("n"))
                if scale_text:
                    value *= self._t.multipliers[scale_text.lower()]
                found.append(_Found(m.start(), m.end(), "money", value, _lookup(table, m.group("cur")), scale_text))
        for m in self._change_verb.finditer(text) if percent else ():
            value = self._amount(m.group("n"))
            found.append(_Found(m.start(), m.end(), "percent", -value if m.group("down") else value))
        for m in _matches_at(self._change_noun, text, starts) if percent else ():
            q = self._quantity_at.match(text, m.end())
            if q is None:
                continue
            value = self._amount(m.group("n"))
            end = m.end("up") if m.group("up") else m.end("down")
            found.append(_Found(m.start(), end, "percent", -value if m.group("down") else value,
                                quantity=" ".join(q.group("q").split()), after=q.end()))
        found.sort(key=lambda f: (f.start, -f.end))
        out: list[Figure] = []
        last_end = 0
        for f in found:
            if f.start < last_end:
                continue  # overlaps a figure already taken ("$5 million dollars")
            quantity = f.quantity or self._quantity_before(text, last_end, f.start)
            after = f.after
            if quantity is None and f.kind == "money":
                q = self._quantity_after.match(text, f.end)  # "€40m in humanitarian aid"
                if q:
                    quantity, after = " ".join(q.group("q").split()), q.end()
            if f.kind == "percent" and quantity is None:
                continue  # a percentage is taken only as the change of a named quantity
            p = self._period.match(text, max(f.end, after))
            period = " ".join(p.group("p").split()) if p else self._period_before(text, last_end, f.start)
            out.append(Figure(f.kind, f.value, "currency" if f.kind == "money" else "percent", f.currency,
                              f.scale_text, quantity, period, text[f.start:f.end], f.start + offset, f.end + offset))
            last_end = f.end
        return out

    def _quantity_before(self, text: str, lo: int, start: int) -> str | None:
        """The nearest quantity noun phrase in the few words before start, within the same clause."""
        window = text[max(lo, start - 120):start]
        ends = list(_CLAUSE_END.finditer(window))
        if ends:
            window = window[ends[-1].end():]
        words = list(re.finditer(r"\S+", window))
        if len(words) > 10:
            window = window[words[-10].start():]
        last = None
        for m in self._quantity.finditer(window):
            last = m
        if last is None:  # further back in the sentence ("trade turnover was noted, which ... reached $5m")
            sentence = _sentence_before(text, lo, start, 200)
            for m in self._quantity.finditer(sentence):
                last = m
        return " ".join(last.group("q").split()) if last else None

    def _period_before(self, text: str, lo: int, start: int) -> str | None:
        """A period stated earlier in the figure's sentence ("which by the end of 2022 reached $5m")."""
        last = None
        for m in self._period_early.finditer(_sentence_before(text, lo, start, 160)):
            last = m
        return " ".join(last.group("p").split()) if last else None


def _sentence_before(text: str, lo: int, start: int, width: int) -> str:
    """The part of start's sentence before it, at most width characters and not before lo."""
    window = text[max(lo, start - width):start]
    ends = list(re.finditer(r"[.!?;](?:\s|$)", window))
    return window[ends[-1].end():] if ends else window


@dataclass
class _Found:
    """A figure found by one pattern, before overlaps are settled."""

    start: int
    end: int
    kind: str
    value: float
    currency: str | None = None
    scale_text: str | None = None
    quantity: str | None = None
    after: int = 0


def _matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """The matches of pattern that begin at one of starts, without overlaps, as finditer would give them."""
    end = 0
    for start in starts:
        if start >= end:
            m = pattern.match(text, start)
            if m is not None:
                end = max(m.end(), start + 1)
                yield m


def _form_key(form: str) -> str:
    """How a currency form is looked up: as written when matched case-sensitively, lower-cased otherwise."""
    form = " ".join(form.split())
    return form if form.isupper() and " " not in form else form.lower()


def _lookup(table: Mapping[str, str], written: str) -> str | None:
    """The ISO code of a currency form as the text writes it."""
    written = " ".join(written.split())
    return table.get(written) or table.get(written.lower())
