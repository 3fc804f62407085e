"""Convert PETRARCH2's Phoenix actor and agent dictionaries into src/communique/data/actors_phoenix.tsv and
agents_phoenix.tsv.

Usage: ``python scripts/convert_phoenix.py PATH [-o src/communique/data] [--commit SHA] [--date YYYY-MM-DD]``,
where PATH is a checkout or an extracted copy of https://github.com/openeventdata/petrarch2 (MIT licence).
Only the data (names, codes, dates) carries over; the parser is written from the dictionary format.

Dictionary format, as read here (and by PETRARCH2's actor reader where it is stated):

* A line starting with ``#`` is a comment; on any other line everything from the first ``#`` on is a comment
  (the reader's code cuts at any ``#``, though its notes ask for a space before it). ``<!-- ... -->`` comments
  (one line or several) are removed. Blank lines are skipped.
* A line that starts with neither ``+`` nor ``[`` (after leading white space) heads an actor: its name, then
  optionally role codes in brackets on the same line. ``+NAME`` lines are alternate names of the actor above;
  ``[CODE ...]`` lines (usually indented) are further roles of it.
* ``_`` and spaces both separate the words of a name; a trailing ``_`` only marks the end of the phrase.
* A role is ``[CODE]`` (always), ``[CODE >DATE]`` (from DATE on), ``[CODE <DATE]`` (before DATE),
  ``[CODE DATE-DATE]`` (from the first date up to the second) or ``[CODE DATE]`` (read as ``>DATE``, which is
  what PETRARCH's matcher does with it). White space inside the date part is ignored. PETRARCH applies a role
  on the days ``from <= day < to`` and uses the first role of an actor that fits the story's date, so an
  undated role after dated ones is the fallback. A few mistyped dates are fixed (ROLE_FIXES).
* A date of at most 7 characters is YYMMDD (its first 6 characters); YY from 00 to 30 is 20YY, otherwise 19YY.
  A longer date is YYYYMMDD (its first 8 characters).
* A head line without codes directly below another head line of an actor that has no roles yet (no blank or
  comment line between) names the same actor when it shares a word with the actor's first name (e.g.
  ``IVO_JOSIPOVIC_`` / ``PRESIDENT_JOSIPOVIC_`` / ``JOSIPOVIC_`` then the roles); a run of such lines that do not
  all share a word with the first is a list of different actors that take the same roles. (PETRARCH2's reader
  gives the roles to the last of such lines only and leaves the others without codes.)
* The role code ``---`` (PETRARCH's "do not code") is dropped; an actor left without roles is dropped.

Agents file: ``PHRASE {PLURAL} [CODE]`` lines; ``!MARKER! = A, B, C`` defines a substitution set and a phrase
containing ``!MARKER!`` stands for one phrase per member (no plurals made). Without braces a regular plural is
made from the last word (``-y`` after a consonant to ``-ies``; ``-ss``, ``-x``, ``-z``, ``-ch``, ``-sh`` take
``-es``; a word ending in another ``-s`` is taken as plural already; otherwise ``-s``); ``{}`` means no plural
and ``{FORM}`` gives it. A term defined twice keeps its later code, as in PETRARCH.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

DICT_DIR = Path("petrarch2") / "data" / "dictionaries"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
REPOSITORY = "https://github.com/openeventdata/petrarch2"
ACTOR_COLUMNS = ("id", "kind", "name", "aliases", "code", "from", "to", "source")
AGENT_COLUMNS = ("term", "code", "source")
NULL_CODE = "---"

# Roles whose dates the source mistyped (a date of odd length, or a range that ends before it starts), each fixed
# for the stated reason; any other date is read by the general rule.
ROLE_FIXES: tuple[tuple[str, str, str], ...] = (
    ("IRQOCC 1920030320-20060520", "IRQOCC 20030320-20060520", "stray '19'; the role before it ends on 20030320"),
    ("KORGOVBUS 2004017-20061201", "KORGOVBUS 20040117-20061201", "digit missing; Ban Ki-moon's term began 20040117"),
    ("ARMUNR 9008223-911221", "ARMUNR 900823-911221", "extra digit; the role before it ends on 900823"),
    ("GBRGOV >201005011", "GBRGOV >20100511", "extra digit; David Cameron took office on 20100511"),
    ("EGYGOV 20121207-20120802", "EGYGOV 20111207-20120802", "wrong year; Kamal Ganzouri's second term began 20111207"),
)


def word_set(text: str) -> frozenset[str]:
    """The white-space separated words of `text` as a set."""
    return frozenset(text.split())


# Words that make a name an institution, place or group rather than a person (compared upper-case, whole words).
ORGANISATION_WORDS = word_set("""
ACADEMY ADMINISTRATION AGENCY AIRLINES AIRWAYS ALLIANCE ARMY ASSEMBLY ASSOCIATION AUTHORITY BANCORP BANK BATTALION
BOARD BRIGADE BUREAU CABINET CATHOLIC CENTER CENTRE CHAMBER CHURCH CITIZEN CLUB COALITION COLLEGE COMMAND COMMANDO
COMMISSION COMMITTEE COMMUNITY COMPANY CONFEDERATION CONFERENCE CONGRESS CORP CORPORATION CORPS COUNCIL COURT
DEPARTMENT DIRECTORATE DIVISION EMBASSY ENTERPRISES FACTION FEDERATION FELLOWSHIP FORCE FOUNDATION FRONT FUND
GOVERNMENT GROUP GUARD HOLDINGS INC INCORPORATED INDUSTRIES INSTITUTE INSTITUTION INTERNATIONAL INTERNET ISLAND
KINGDOM LEAGUE LIMITED LTD MILITIA MINISTRY MISSION MOVEMENT NETWORK OFFICE ORGANISATION ORGANIZATION PARLIAMENT
PARTNER PARTY PLC POLICE PROGRAM PROGRAMME RELIEF REPUBLIC RIGHTS SERVICE SOCIETY SOLIDARITY SYSTEM TANK
TECHNOLOGIES TRIBUNAL TRUST UNION UNIVERSITY
""")

# Words that mark an office rather than its holder when a name has no given name before them.
OFFICE_WORDS = word_set("""
AMBASSADOR CHANCELLOR CHIEF COMMANDER DIRECTOR GENERAL GOVERNOR KING MINISTER PREMIER PRESIDENT QUEEN SECRETARY
SPEAKER
""")

# Minor words written in lower case inside a display name.
MINOR_WORDS = word_set("a an and at by de del der des du for in la le of on or the to van von")

# Name particles that also begin names of groups (Abu Sayyaf, Al Qaeda), so they never count as given names.
PARTICLES = word_set("ABD ABU AL BEN BIN EL IBN UMM")

# Upper-case words kept as they are in every name; abbreviations written with a capital only.
ACRONYMS = word_set("EU UK UN US USA USSR")
ABBREVIATIONS = word_set("DR JR MR MRS MS SR ST")
ROMAN = re.compile(r"(?:II|III|IV|VI|VII|VIII|IX|XI|XII)")

# Mis-encoded text in the source, repaired for the stated reason.
TEXT_FIXES: tuple[tuple[str, str, str], ...] = (
    ("PÃŠBLICAS", "PÚBLICAS", "UTF-8 of 'ú' read as cp1252 and upper-cased"),
)

# Bare three-letter codes that are not a country or region.
NON_STATE_BLOCKS = word_set("IGO IMG MNC MOS NGO")

MIN_GIVEN_NAME_USES = 3


@dataclass(frozen=True)
class Role:
    """One coded role: an actor code with optional ISO start and end dates."""

    code: str
    start: str = ""
    end: str = ""


@dataclass
class Entry:
    """One actor read from a dictionary: its first name, alternate names and roles, in source order."""

    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    line: int = 0


@dataclass
class _Head:
    """A head line's name with the alias lines that follow it."""

    name: str
    line: int
    aliases: list[str] = field(default_factory=list)


@dataclass
class _Group:
    """Head lines that share the roles below them."""

    heads: list[_Head]
    roles: list[Role] = field(default_factory=list)


@dataclass(frozen=True)
class ActorRow:
    """One row of actors_phoenix.tsv."""

    id: str
    kind: str
    name: str
    aliases: str
    code: str
    start: str
    end: str
    source: str

    def cells(self) -> tuple[str, ...]:
        """The row's cells in column order."""
        return (self.id, self.kind, self.name, self.aliases, self.code, self.start, self.end, self.source)


def clean_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, content) with comments removed; content is '' for blank and comment-only lines."""
    in_xml_comment = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_xml_comment:
            if "-->" not in line:
                yield number, ""
                continue
            line = line[line.index("-->") + 3:]
            in_xml_comment = False
        if line.startswith("#"):
            yield number, ""
            continue
        while "<!--" in line:
            before, _, after = line.partition("<!--")
            if "-->" in after:
                line = before + after[after.index("-->") + 3:]
            else:
                line, in_xml_comment = before, True
        yield number, line.split("#", 1)[0].strip()


def parse_date(raw: str) -> str:
    """Read a dictionary date (YYMMDD or YYYYMMDD) as an ISO date; raise ValueError if it is not a date."""
    if not raw.isdigit() or len(raw) < 6:
        raise ValueError(f"not a date: {raw!r}")
    if len(raw) <= 7:
        yy = int(raw[:2])
        year, month, day = (2000 + yy if yy <= 30 else 1900 + yy), int(raw[2:4]), int(raw[4:6])
    else:
        year, month, day = int(raw[:4]), int(raw[4:6]), int(raw[6:8])
    return dt.date(year, month, day).isoformat()


def parse_role(text: str) -> Role:
    """Read the inside of one bracketed role, e.g. 'USAGOV 090120-170120' or 'AFGGOV >011222'."""
    parts = text.split()
    if not parts:
        raise ValueError("empty role brackets")
    for wrong, right, _reason in ROLE_FIXES:
        if " ".join(parts) == wrong:
            parts = right.split()
    code, spec = parts[0], "".join(parts[1:])
    if not spec:
        return Role(code)
    if spec.startswith("<"):
        return Role(code, end=parse_date(spec[1:]))
    if spec.startswith(">"):
        return Role(code, start=parse_date(spec[1:]))
    if "-" in spec:
        first, _, second = spec.partition("-")
        return Role(code, parse_date(first) if first else "", parse_date(second) if second else "")
    return Role(code, start=parse_date(spec))


def split_roles(text: str) -> tuple[str, list[str]]:
    """Split a line into the text before its first '[' and the contents of its bracketed roles."""
    head, bracket, rest = text.partition("[")
    if not bracket:
        return text.strip(), []
    return head.strip(), [inner for inner in re.findall(r"\[([^\]\[]*)\]?", bracket + rest) if inner.strip()]


def phrase_words(phrase: str) -> list[str]:
    """The words of a dictionary phrase ('_' and spaces separate words; stray brackets are dropped)."""
    return phrase.replace("[", " ").replace("]", " ").replace("_", " ").split()


def _shares_words(first: str, other: str) -> bool:
    """Whether two names have a word in common."""
    return bool({w.upper() for w in phrase_words(first)} & {w.upper() for w in phrase_words(other)})


def _group_entries(group: _Group) -> list[Entry]:
    """Turn a group of head lines into entries (one actor with several names, or several actors)."""
    roles = [r for r in group.roles if r.code != NULL_CODE]
    first = group.heads[0]
    if all(_shares_words(first.name, h.name) for h in group.heads[1:]):
        aliases = [a for h in group.heads for a in ([h.name] if h is not first else []) + h.aliases]
        return [Entry(first.name, aliases, list(roles), first.line)]
    return [Entry(h.name, list(h.aliases), list(roles), h.line) for h in group.heads]


def parse_actor_dictionary(text: str) -> list[Entry]:
    """Parse the text of a PETRARCH actor dictionary into entries (those without roles included)."""
    groups: list[_Group] = []
    open_run = False  # the previous content line belongs to the last group and nothing separated them
    for number, content in clean_lines(text):
        if not content:
            open_run = False
            continue
        if content.startswith("["):
            if groups:
                groups[-1].roles.extend(parse_role(r) for r in split_roles(content)[1])
            open_run = bool(groups)
            continue
        if content.startswith("+"):
            name, roles = split_roles(content[1:])
            if groups and phrase_words(name):
                groups[-1].heads[-1].aliases.append(name)
                groups[-1].roles.extend(parse_role(r) for r in roles)
            open_run = bool(groups)
            continue
        name, roles = split_roles(content)
        if not phrase_words(name):
            continue
        head = _Head(name, number)
        if open_run and not roles and groups and not groups[-1].roles:
            groups[-1].heads.append(head)
        else:
            groups.append(_Group([head], [parse_role(r) for r in roles]))
        open_run = True
    return [entry for group in groups for entry in _group_entries(group)]


def _capitalise(part: str) -> str:
    """'MCCLOY' -> 'McCloy', 'PUTIN' -> 'Putin'."""
    if len(part) > 3 and part.startswith("MC"):
        return "Mc" + part[2:3] + part[3:].lower()
    return part[:1].upper() + part[1:].lower()


def _title_word(word: str, acronyms: bool) -> str:
    """Title-case one upper-case word, keeping acronyms, initialisms, numerals and mixed-case source words."""
    bare = word.strip(".,()")
    letters = [c for c in word if c.isalpha()]
    if word != word.upper() or any(c.isdigit() for c in word) or bare in ACRONYMS or ROMAN.fullmatch(bare):
        return word
    if re.fullmatch(r"\(?([A-Z]\.)+[A-Z]?\)?", word):
        return word
    if bare in ABBREVIATIONS:
        return _capitalise(word)
    if len(letters) > 1 and not any(c in "AEIOUY" for c in letters):
        return word
    if acronyms and len(bare) == 2 and bare.lower() not in MINOR_WORDS and bare not in PARTICLES:
        return word
    parts = re.split(r"([-'’/(])", word)
    out = []
    for i, part in enumerate(parts):
        after_apostrophe = i > 1 and parts[i - 1] in "'’" and len(parts[i - 2]) > 1
        out.append(part if i % 2 else part.lower() if after_apostrophe else _capitalise(part))
    return "".join(out)


def display_name(phrase: str, acronyms: bool = False) -> str:
    """The display form of a dictionary phrase: words joined by spaces, in title case.

    With `acronyms` (names of organisations and groups) two-letter words and a single word of up to five letters
    stay upper-case (UN, EU, NATO, OPEC).
    """
    raw = phrase_words(phrase)
    if acronyms and len(raw) == 1 and len(raw[0]) <= 5 and raw[0].isalpha() and raw[0] == raw[0].upper():
        return raw[0]
    words = [_title_word(w, acronyms) for w in raw]
    return " ".join(w.lower() if i and w.lower() in MINOR_WORDS else w for i, w in enumerate(words))


def slug(name: str) -> str:
    """A lower-case ASCII slug of a name, words joined by '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "actor"


def is_dated(entry: Entry) -> bool:
    """Whether any role of the entry has a start or end date."""
    return any(r.start or r.end for r in entry.roles)


def _upper_words(phrase: str) -> list[str]:
    """The words of a phrase in upper case, punctuation at the edges removed."""
    return [w.strip(".,()'\"").upper() for w in phrase_words(phrase)]


def is_organisation_name(entry: Entry) -> bool:
    """Whether the entry's name contains an organisation word (ORGANISATION_WORDS, or one of them plus 's')."""
    return any(w in ORGANISATION_WORDS or (w.endswith("S") and w[:-1] in ORGANISATION_WORDS)
               for w in _upper_words(entry.name))


def given_names(entries: Iterable[Entry]) -> frozenset[str]:
    """First words of dated, person-like names used by at least MIN_GIVEN_NAME_USES entries (e.g. MOHAMMAD)."""
    counts: Counter[str] = Counter()
    for entry in entries:
        words = _upper_words(entry.name)
        if is_dated(entry) and not is_organisation_name(entry) and len(words) >= 2 and words[0] not in OFFICE_WORDS:
            counts[words[0]] += 1
    return frozenset(w for w, n in counts.items() if n >= MIN_GIVEN_NAME_USES and len(w) > 2 and w not in PARTICLES)


def names_state(entry: Entry) -> bool:
    """Whether every role is a bare three-letter country or region code (the entry names a state or place)."""
    return all(len(r.code) == 3 and r.code not in NON_STATE_BLOCKS for r in entry.roles)


def classify(entry: Entry, source: str, given: frozenset[str]) -> str:
    """The entry's kind: 'person', 'organisation' or 'group' (see the rule in the output's header)."""
    words = _upper_words(entry.name)
    person_length = 2 <= len(words) <= 6
    if names_state(entry) or all(r.code.startswith("MNC") for r in entry.roles):
        person = False
    elif is_organisation_name(entry):
        person = is_dated(entry) and person_length and words[0] in given
    else:
        elite = any(r.code[3:6] == "ELI" for r in entry.roles)
        person = is_dated(entry) or (person_length and (words[0] in given or elite))
    if person:
        return "person"
    return "group" if source == ACTOR_FILES[2] else "organisation"


def unique_forms(forms: Iterable[str], exclude: str) -> list[str]:
    """Distinct forms in first-seen order, without `exclude` and empty forms."""
    seen = {exclude}
    out = []
    for form in forms:
        if form and form not in seen:
            seen.add(form)
            out.append(form)
    return out


def distinct_entries(entries: Iterable[Entry]) -> list[Entry]:
    """The entries without repeats of an earlier one (same name, aliases and roles), in order."""
    seen: set[tuple[str, tuple[str, ...], tuple[Role, ...]]] = set()
    out = []
    for entry in entries:
        key = (entry.name, tuple(entry.aliases), tuple(entry.roles))
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def actor_rows(files: Sequence[tuple[str, str]]) -> list[ActorRow]:
    """Rows for the actor dictionaries given as (file name, text) pairs, in file and source order."""
    parsed = [(name, distinct_entries(e for e in parse_actor_dictionary(text) if e.roles)) for name, text in files]
    given = given_names(e for _, entries in parsed for e in entries)
    actors = []
    for source, entries in parsed:
        for entry in entries:
            kind = classify(entry, source, given)
            acronyms = kind != "person" and not names_state(entry)
            name = display_name(entry.name, acronyms)
            aliases = unique_forms((display_name(a, acronyms) for a in entry.aliases), name)
            actors.append((source, name, aliases, list(dict.fromkeys(entry.roles)), kind))
    base_counts = Counter(slug(a[1]) for a in actors)
    taken: set[str] = set()
    rows = []
    for source, name, aliases, roles, kind in actors:
        base = slug(name)
        if base_counts[base] > 1:
            base = f"{base}-{slug(roles[0].code)}"
        ident, n = base, 1
        while ident in taken:
            n += 1
            ident = f"{base}-{n}"
        taken.add(ident)
        rows.extend(ActorRow(ident, kind, name, " | ".join(aliases), r.code, r.start, r.end, source) for r in roles)
    return rows


def _plural(word: str) -> str:
    """A regular English plural of an upper-case word ('' for a word ending in a single 's', taken as plural)."""
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("SS", "X", "Z", "CH", "SH")):
        return word + "ES"
    if word.endswith("S"):
        return ""
    return word + "S"


def _agent_term(phrase: str) -> str:
    """An agent phrase as a lower-case term with words joined by spaces."""
    return " ".join(phrase_words(phrase)).lower()


def parse_agent_dictionary(text: str) -> list[tuple[str, str]]:
    """Parse the text of a PETRARCH agents dictionary into (term, code) pairs, plurals and substitutions made.

    A term defined twice keeps the later code, as in PETRARCH, at the place of its first definition.
    """
    markers: dict[str, list[str]] = {}
    codes: dict[str, str] = {}
    for _number, content in clean_lines(text):
        for wrong, right, _reason in TEXT_FIXES:
            content = content.replace(wrong, right)
        if "!" in content and "=" in content and "[" not in content:
            name, _, members = content.partition("=")
            markers[name.strip().strip("!")] = [m.strip() for m in members.split(",") if m.strip()]
            continue
        phrase, bracket, rest = content.partition("[")
        code = rest.partition("]")[0].strip()
        if not bracket or not code:
            continue
        plural = None
        if "{" in phrase:
            phrase, _, braces = phrase.partition("{")
            plural = braces.partition("}")[0].strip()
        marker = re.search(r"!([^!]+)!", phrase)
        if marker:
            before, after = phrase[:marker.start()], phrase[marker.end():]
            terms = [_agent_term(before + member + after) for member in markers.get(marker[1], [])]
        else:
            words = phrase_words(phrase)
            if plural is None and words and _plural(words[-1].upper()):
                plural = "_".join(words[:-1] + [_plural(words[-1].upper())])
            terms = [_agent_term(phrase), _agent_term(plural or "")]
        for term in terms:
            if term:
                codes[term] = code
    return list(codes.items())


def licence_lines(licence: str) -> list[str]:
    """The licence text as '# '-prefixed comment lines ('#' alone for blank lines)."""
    return [f"# {line}".rstrip() if line.strip() else "#" for line in licence.rstrip("\n").splitlines()]


def actor_header(commit: str, date: str, licence: str) -> list[str]:
    """The comment lines at the top of actors_phoenix.tsv."""
    return [
        "# Actor registry: people, organisations and armed groups with their CAMEO/Phoenix actor codes and dated",
        "# roles, converted from PETRARCH2's Phoenix actor dictionaries",
        *(f"# petrarch2/data/dictionaries/{f}," for f in ACTOR_FILES[:-1]),
        f"# petrarch2/data/dictionaries/{ACTOR_FILES[-1]} of {REPOSITORY}",
        f"# at commit {commit}, by scripts/convert_phoenix.py on {date}.",
        "# Names, codes and dates are the source's (reading rules in the script), except these mistyped roles:",
        *(line for wrong, right, reason in ROLE_FIXES
          for line in (f"#   [{wrong}] read as [{right}]:", f"#     {reason}.")),
        "# Entries with no role (or only PETRARCH's null code ---) are left out; an entry repeated identically",
        "# within one file appears once.",
        "# Licence of the source data (MIT), copied verbatim:",
        *licence_lines(licence),
        "# Columns: id: identifier of the actor (slug of its name; when names collide, the first role code is",
        "#   appended, then -2, -3 in source order); the rows of one actor share it.",
        "# kind: person, organisation or group, by this rule: (1) an entry whose roles are all bare three-letter",
        "#   country or region codes (a state, territory or place) or all MNC codes (a company) is not a person;",
        "#   (2) an entry whose name has an organisation word (army, party, ministry, council, front, bank, inc,",
        "#   ...) is a person only if it has a dated role and its first word is a given name; (3) any other entry",
        "#   is a person if it has a dated role, or has 2-6 words and its first word is a given name or one of its",
        "#   codes has the elite sector (ELI after the three-letter block). A given name is the first word of at",
        "#   least 3 dated person-like names in the three files (e.g. Mohammad; not Abu, Al, Bin, El, Ibn). The",
        "#   others are group in Phoenix.MilNonState.actors.txt (armed non-state groups) and organisation",
        "#   elsewhere (states, territories, institutions, offices, companies, IGOs and NGOs).",
        "# name: display name (the entry's first line; words joined by spaces, title case; acronyms kept).",
        "# aliases: the entry's other surface forms, ' | '-separated, in source order (the source's spelling",
        "#   variants kept, exact duplicates dropped). PETRARCH matches them case-insensitively.",
        "# code: CAMEO/Phoenix actor code exactly as in the source.",
        "# from, to: ISO dates of the role (empty: open-ended); the source applies a role on days from <= day < to.",
        "#   An undated role of an actor that also has dated roles is the source's fallback for other dates.",
        "# source: the dictionary file the row comes from.",
    ]


def agent_header(commit: str, date: str, licence: str) -> list[str]:
    """The comment lines at the top of agents_phoenix.tsv."""
    return [
        "# Agent terms: role words and the agent (sector) codes they add to an actor code, converted from",
        f"# PETRARCH2's petrarch2/data/dictionaries/{AGENT_FILE} of {REPOSITORY}",
        f"# at commit {commit}, by scripts/convert_phoenix.py on {date}.",
        "# Terms and codes are the source's (reading rules in the script), except this mis-encoded text:",
        *(f"#   {wrong} read as {right}: {reason}." for wrong, right, reason in TEXT_FIXES),
        "# Licence of the source data (MIT), copied verbatim:",
        *licence_lines(licence),
        "# Columns: term: a surface form of a role word (lower case, words joined by spaces); plurals and",
        "#   substitution sets of the source written out; one row per term (a term the source defines twice",
        "#   keeps its later code, as PETRARCH does).",
        "# code: the agent code exactly as in the source: ~XXX is appended after the actor's code (USA + ~GOV:",
        "#   USAGOV); XXX~ goes before it (NGO~).",
        "# source: the dictionary file the row comes from.",
    ]


def render(header: Sequence[str], columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """The text of a TSV file: comment lines, header row, rows."""
    for row in rows:
        if any("\t" in cell or "\n" in cell for cell in row):
            raise ValueError(f"tab or newline inside a cell: {row!r}")
    lines = [*header, "\t".join(columns), *("\t".join(row) for row in rows)]
    return "\n".join(lines) + "\n"


def render_file(header: Callable[[str, str, str], list[str]], columns: Sequence[str],
                cells: Sequence[Sequence[str]], commit: str, licence: str, date: str) -> str:
    """The text of one output file converted on `date`."""
    return render(header(commit, date, licence), columns, cells)


def source_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    """The source's commit (--commit, else read from the checkout), with --date checked; a parser error if not."""
    commit = args.commit or source_commit(args.checkout)
    if not re.fullmatch(r"[0-9a-f]{40}", commit or ""):
        parser.error("cannot tell the source's commit: pass --commit with its 40-character hash")
    if args.date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
        parser.error(f"--date {args.date!r} is not YYYY-MM-DD")
    return commit


def source_commit(checkout: Path) -> str:
    """The commit hash of `checkout` when it is the top of a git work tree, else ''."""
    def git(*args: str) -> str:
        """The output of a git command run in the checkout ('' on failure)."""
        try:
            done = subprocess.run(["git", "-C", str(checkout), *args], capture_output=True, text=True, check=True)
        except (OSError, subprocess.CalledProcessError):
            return ""
        return done.stdout.strip()

    top = git("rev-parse", "--show-toplevel")
    if not top or Path(top).resolve() != checkout.resolve():
        return ""
    return git("rev-parse", "HEAD")


def stamp_date(path: Path, make_text: Callable[[str], str], today: str) -> str:
    """The date to write: the one already in `path` when its text would not otherwise change, else today."""
    old = path.read_bytes().decode("utf-8") if path.exists() else ""
    match = re.search(r"by scripts/convert_phoenix\.py on (\d{4}-\d{2}-\d{2})", old)
    if match and make_text(match.group(1)) == old:
        return match.group(1)
    return today


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds exactly that; return whether it was written."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def convert(checkout: Path, out_dir: Path, commit: str, date: str | None) -> list[Path]:
    """Convert the dictionaries of `checkout` into `out_dir`; return the files written."""
    dictionaries = checkout / DICT_DIR
    licence_bytes = (checkout / "LICENSE").read_bytes()
    licence = licence_bytes.decode("utf-8")
    actors = actor_rows([(f, (dictionaries / f).read_text(encoding="utf-8")) for f in ACTOR_FILES])
    agent_cells = [(t, c, AGENT_FILE) for t, c in parse_agent_dictionary(
        (dictionaries / AGENT_FILE).read_text(encoding="utf-8"))]
    actor_cells = [r.cells() for r in actors]
    today = dt.date.today().isoformat()
    outputs = (
        (out_dir / "actors_phoenix.tsv", actor_header, ACTOR_COLUMNS, actor_cells),
        (out_dir / "agents_phoenix.tsv", agent_header, AGENT_COLUMNS, agent_cells),
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path, header, columns, cells in outputs:
        make_text = partial(render_file, header, columns, cells, commit, licence)
        if write_if_changed(path, make_text(date or stamp_date(path, make_text, today)).encode("utf-8")):
            written.append(path)
    licence_path = out_dir / "LICENSE.petrarch2.txt"
    if write_if_changed(licence_path, licence_bytes):
        written.append(licence_path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the conversion."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout", type=Path, help="checkout or extracted copy of openeventdata/petrarch2")
    parser.add_argument("-o", "--out", type=Path, default=Path(__file__).resolve().parents[1] / "src" / "communique"
                        / "data", help="output directory (default: src/communique/data)")
    parser.add_argument("--commit", help="commit hash of the source (default: read with git from the checkout)")
    parser.add_argument("--date", help="conversion date to write (default: kept when the output is unchanged, "
                        "else today)")
    args = parser.parse_args(argv)
    commit = source_args(parser, args)
    if not (args.checkout / DICT_DIR / ACTOR_FILES[0]).is_file():
        parser.error(f"{args.checkout / DICT_DIR} does not hold the Phoenix dictionaries")
    for path in convert(args.checkout, args.out, commit, args.date):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
