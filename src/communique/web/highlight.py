"""Article text with coded spans highlighted: every piece of the text escaped, the marks built around it."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A highlighted span: role (trigger, source, target), mention it belongs to, quad class, tooltip."""

    start: int
    end: int
    role: str
    mention_id: str
    quad: int
    title: str


def highlight(text: str, spans: list[Span]) -> Markup:
    """HTML for text with spans wrapped in <mark>; all text is escaped, overlapping spans are split."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *[s.start for s in spans], *[s.end for s in spans]})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[a:b])
        cover = [s for s in spans if s.start <= a and b <= s.end]
        if not cover:
            out.append(str(piece))
            continue
        top = min(cover, key=lambda s: ("trigger", "source", "target").index(s.role))
        mentions = " ".join(sorted({s.mention_id for s in cover}))
        title = " | ".join(dict.fromkeys(s.title for s in cover))
        out.append(f'<mark class="hl {escape(top.role)} q{int(top.quad)}" data-mentions="{escape(mentions)}" '
                   f'data-start="{a}" data-end="{b}" title="{escape(title)}">{piece}</mark>')
    return Markup("".join(out))
