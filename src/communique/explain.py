"""Human-readable account of why each sentence was or was not coded."""

from __future__ import annotations

from .models import CodedArticle


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
            out.append(f"    actor {a.code:<10} '{a.text}'  <- {a.how}")
        if not tr.actors:
            out.append("    actors: none recognised")
        for d in tr.decisions:
            if d.outcome == "coded":
                out.append(f"    coded    {d.code:<5} {d.source or '-':>10} -> {d.target or '-':<10} "
                           f"{d.pattern}  ({d.reason})")
            elif d.outcome == "near-miss":
                out.append(f"    near     {d.pattern}: {d.reason}")
            else:
                out.append(f"    rejected {d.code:<5} {d.pattern}: {d.reason}")
        if not tr.decisions:
            out.append("    no pattern fired with its arguments")
        for ev in by_sentence.get(tr.index, []):
            loc = f" at {ev.location.name}" if ev.location else ""
            out.append(f"    => {ev.source.code} {ev.cameo.code} {ev.target.code if ev.target else '-'} "
                       f"({ev.cameo.name}; PLOVER {ev.plover.type or '-'}; {ev.modality}; {ev.date}{loc})")
    out.append(f"status: {coded.status.status}, {coded.status.events} event(s)"
               + (f"; {coded.status.detail}" if coded.status.detail else ""))
    return out
