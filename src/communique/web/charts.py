"""Charts as Bokeh JSON items, drawn in the browser by BokehJS served from the installed bokeh package."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
QUAD_COLORS = {1: "#2b8cbe", 2: "#31a354", 3: "#fd8d3c", 4: "#de2d26"}


def _figure(**kw):
    from bokeh.plotting import figure

    return figure(sizing_mode="stretch_width", height=300, toolbar_location="right", **kw)


def periods_chart(rows: list[dict[str, Any]]) -> dict:
    """Events per period stacked by quad class."""
    from bokeh.embed import json_item
    from bokeh.models import ColumnDataSource, HoverTool

    periods = [str(r["period"]) for r in rows]
    data: dict[str, list] = {"period": periods}
    for q in (1, 2, 3, 4):
        data[f"q{q}"] = [r[f"q{q}"] for r in rows]
    p = _figure(x_range=periods, title="Events per period by quad class")
    keys = [f"q{q}" for q in (1, 2, 3, 4)]
    p.vbar_stack(keys, x="period", width=0.8, source=ColumnDataSource(data),
                 color=[QUAD_COLORS[q] for q in (1, 2, 3, 4)], legend_label=[QUAD_NAMES[q] for q in (1, 2, 3, 4)])
    p.add_tools(HoverTool(tooltips=[("period", "@period")] + [(QUAD_NAMES[q], f"@q{q}") for q in (1, 2, 3, 4)]))
    p.legend.location = "top_left"
    p.xaxis.major_label_orientation = 0.8
    return json_item(p)


def dyad_chart(dyad: str, rows: list[dict[str, Any]]) -> dict:
    """Cooperation and conflict counts and the Goldstein sum per period; clicking a point lists its events."""
    from bokeh.embed import json_item
    from bokeh.models import ColumnDataSource, HoverTool, LinearAxis, OpenURL, Range1d, TapTool

    periods = [str(r["period"]) for r in rows]
    urls = ["/events?" + urlencode({"dyad": dyad, "since": r["period"], "until": r["period_end"]}) for r in rows]
    src = ColumnDataSource({"period": periods, "cooperation": [r["cooperation"] for r in rows],
                            "conflict": [r["conflict"] for r in rows],
                            "goldstein": [r["goldstein_sum"] or 0 for r in rows], "url": urls})
    p = _figure(x_range=periods, title=f"{dyad}: cooperation and conflict", tools="pan,wheel_zoom,reset,tap")
    p.line("period", "cooperation", source=src, color=QUAD_COLORS[2], line_width=2, legend_label="cooperation")
    p.scatter("period", "cooperation", source=src, color=QUAD_COLORS[2], size=9, name="points")
    p.line("period", "conflict", source=src, color=QUAD_COLORS[4], line_width=2, legend_label="conflict")
    p.scatter("period", "conflict", source=src, color=QUAD_COLORS[4], size=9, name="points")
    gmax = max([abs(g) for g in src.data["goldstein"]] + [1.0])
    p.extra_y_ranges = {"g": Range1d(-gmax * 1.1, gmax * 1.1)}
    p.add_layout(LinearAxis(y_range_name="g", axis_label="Goldstein sum"), "right")
    p.line("period", "goldstein", source=src, y_range_name="g", color="#555555", line_dash="dashed",
           legend_label="Goldstein sum")
    p.add_tools(HoverTool(tooltips=[("period", "@period"), ("cooperation", "@cooperation"),
                                    ("conflict", "@conflict"), ("Goldstein sum", "@goldstein")]))
    p.select(type=TapTool).callback = OpenURL(url="@url", same_tab=True)
    p.yaxis[0].axis_label = "events"
    p.legend.location = "top_left"
    return json_item(p)


def network_chart(edges: list[dict[str, Any]]) -> dict:
    """Countries on a circle; edges weighted by interactions and coloured by mean Goldstein."""
    from bokeh.embed import json_item
    from bokeh.models import ColumnDataSource, HoverTool, LabelSet

    nodes = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    pos = {n: (math.cos(2 * math.pi * i / max(len(nodes), 1)), math.sin(2 * math.pi * i / max(len(nodes), 1)))
           for i, n in enumerate(nodes)}
    top = max([e["events"] for e in edges] + [1])

    def colour(g: float) -> str:
        g = max(-10.0, min(10.0, g or 0.0)) / 10.0
        red, green = (222, int(45 + 180 * (1 + g))) if g < 0 else (int(222 * (1 - g)), 163)
        return f"#{red:02x}{min(green, 220):02x}40"

    esrc = ColumnDataSource({
        "x0": [pos[e["source"]][0] for e in edges], "y0": [pos[e["source"]][1] for e in edges],
        "x1": [pos[e["target"]][0] for e in edges], "y1": [pos[e["target"]][1] for e in edges],
        "w": [1 + 7 * e["events"] / top for e in edges], "c": [colour(e["goldstein_mean"]) for e in edges],
        "label": [f"{e['source']} → {e['target']}" for e in edges], "events": [e["events"] for e in edges],
        "g": [e["goldstein_mean"] for e in edges]})
    nsrc = ColumnDataSource({"x": [pos[n][0] for n in nodes], "y": [pos[n][1] for n in nodes], "name": nodes})
    p = _figure(title="Interactions between countries (width: events, colour: mean Goldstein)",
                x_range=(-1.4, 1.4), y_range=(-1.3, 1.3), match_aspect=True)
    p.height = 520
    seg = p.segment("x0", "y0", "x1", "y1", source=esrc, line_width="w", line_color="c", line_alpha=0.8)
    p.add_tools(HoverTool(renderers=[seg], tooltips=[("dyad", "@label"), ("events", "@events"),
                                                     ("mean Goldstein", "@g")]))
    p.scatter("x", "y", source=nsrc, size=16, color="#444444")
    p.add_layout(LabelSet(x="x", y="y", text="name", source=nsrc, x_offset=8, y_offset=6))
    p.axis.visible = False
    p.grid.visible = False
    return json_item(p)
