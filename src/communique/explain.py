"""Human-readable account of why each sentence was or was not coded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import CodedArticle

if TYPE_CHECKING:
    from .actor_files import ActorFile
    from .actors import Lookup


def explain_lines(coded: CodedArticle) -> list[str]:
    """Per sentence: actors and how each was coded, triggers seen, events coded or rejected with the reason."""
    out: list[str] = []
    by_sentence: dict[int, list] = {}
    for ev in coded.events:
        by_sentence.setdefault(ev.sentence, []).append(ev)
    for tr in coded.sentences:
        out.append(f"[{tr.index}] {tr.text.strip()}")
        if tr.note:
            out.append(f"    note: {tr.note}")
        if not tr.parsed:
            if not (tr.note or "").startswith("not parsed"):
                out.append("    not parsed: no event trigger word in the sentence")
            continue
        if tr.triggers:
            out.append(f"    trigger words: {', '.join(tr.triggers)}")
        for a in tr.actors:
            out.append(f"    actor {a.code:<10} '{a.text}'  <- {a.how}" + (f"  [{a.entry}]" if a.entry else ""))
        shown = {(a.start, a.end) for a in tr.actors}
        for ev in by_sentence.get(tr.index, []):
            for a in (ev.source, ev.target):
                if a is not None and not a.resolved and (a.start, a.end) not in shown:
                    shown.add((a.start, a.end))
                    out.append(f"    actor {a.code:<10} '{a.text}'  <- {a.how} (no entry codes it: resolved false)")
        if not tr.actors:
            out.append("    actors: none recognised")
        for d in tr.decisions:
            if d.outcome == "coded":
                out.append(f"    coded    {d.code:<5} {d.source or '-':>10} -> {d.target or '-':<10} "
                           f"{d.pattern}  ({d.reason})")
            elif d.outcome == "implied":
                out.append(f"    implied  {d.code:<5} {d.source or '-':>10} -> {d.target or '-':<10} {d.pattern}  "
                           f"({d.reason})")
            elif d.outcome == "near-miss":
                out.append(f"    near     {d.pattern}: {d.reason}")
            else:
                out.append(f"    rejected {d.code:<5} {d.pattern}: {d.reason}")
        if not tr.decisions:
            out.append("    no pattern fired with its arguments")
        for line in dict.fromkeys(tr.places):  # the sentence's events often share one place
            out.append(f"    {line}")
        for ev in by_sentence.get(tr.index, []):
            loc = f" at {ev.location.name}" if ev.location else ""
            out.append(f"    => {ev.source.code} {ev.cameo.code} {ev.target.code if ev.target else '-'} "
                       f"({ev.cameo.name}; PLOVER {ev.plover.type or '-'}; {ev.modality}; {ev.date}{loc})")
    out.append(f"status: {coded.status.status}, {coded.status.events} event(s)"
               + (f"; {coded.status.detail}" if coded.status.detail else ""))
    return out


def lookup_lines(found: Lookup) -> list[str]:
    """How a name codes on a date, and the dictionary entries and roles behind it."""
    on = found.date or "no date (the current role)"
    out = [f"'{found.name}' on {on}:"]
    for a in found.actors:
        state = "" if a.resolved else "  (unresolved: kept with resolved false; --resolved-only drops it)"
        out.append(f"  codes as {a.code}{state}")
        out.append(f"    because: {a.how}")
    if not found.actors:
        out.append("  codes as nothing: not a name or role the coder reads as an actor")
    for surface, term in found.terms:
        where = f" [{term.entry}]" if term.entry else ""
        out.append(f"  '{surface}': {term.kind} {term.name} ({term.code}){where}")
        for code, start, end in term.roles:
            span = f"{start or '…'} to {end or '…'}" if start or end else "undated"
            out.append(f"    role {code:<10} {span}")
    return out


def check_lines(checked: ActorFile) -> list[str]:
    """The problems of an actor dictionary, one per line, then a summary line."""
    out = [str(p) + ("" if p.fatal else "  (warning)") for p in checked.problems]
    errors = sum(p.fatal for p in checked.problems)
    roles = sum(len(e.roles) for e in checked.entries)
    out.append(f"{checked.label}: {checked.rows} row(s), {len(checked.entries)} actor(s), {roles} role(s); "
               + (f"{errors} error(s)" if errors else "no errors")
               + (f", {len(checked.problems) - errors} warning(s)" if len(checked.problems) > errors else ""))
    return out
