"""The web view: HTML pages and the JSON API behind them, over a read-only database or a Parquet dataset."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..query import Dataset, Filters, QueryError
from ..store import StoreError, StoreLockedError
from ..tables import plain as _plain
from . import charts
from .highlight import Span, highlight

FILTER_KEYS = ("since", "until", "actor", "country", "dyad", "code", "root", "plover", "quad", "source", "text")
PER_PAGE = 50


class BadRequest(Exception):
    """A request parameter is invalid."""


def _rows(cols: list[str], rows: list[tuple]) -> list[dict[str, Any]]:
    return [{c: _plain(v) for c, v in zip(cols, r, strict=True)} for r in rows]


def filters_from(params) -> Filters:
    """Filters from query parameters, validated."""
    values: dict[str, Any] = {k: (params.get(k) or "").strip() or None for k in FILTER_KEYS}
    for k in ("since", "until"):
        if values[k]:
            try:
                dt.date.fromisoformat(values[k])
            except ValueError as exc:
                raise BadRequest(f"{k} must be a date like 2024-05-31") from exc
    if values["quad"]:
        if values["quad"] not in ("1", "2", "3", "4"):
            raise BadRequest("quad must be 1, 2, 3 or 4")
        values["quad"] = int(values["quad"])
    return Filters(**values)


class Views:
    """Request handlers bound to one database path."""

    def __init__(self, path: str | Path, wait: float = 2.0) -> None:
        self.path = Path(path)
        self.wait = wait
        self.env = Environment(loader=PackageLoader("communique.web", "templates"),
                               autoescape=select_autoescape(["html"]))
        self.env.globals["urlencode"] = urlencode
        self._parquet: Dataset | None = None

    @contextmanager
    def dataset(self):
        """Open the data read-only for one request (a DuckDB file is released after each request)."""
        if self.path.is_dir():
            if self._parquet is None:
                self._parquet = Dataset(self.path, wait=self.wait)
            yield self._parquet
            return
        ds = Dataset(self.path, wait=self.wait)
        try:
            yield ds
        finally:
            ds.close()

    # ---- rendering helpers ------------------------------------------------------------------------------
    def page(self, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("db_name", self.path.name)
        return HTMLResponse(self.env.get_template(name).render(**ctx), status_code=status)

    def guarded(self, handler, api: bool):
        async def run(request: Request) -> Response:
            try:
                return handler(request)
            except BadRequest as exc:
                return self.error(str(exc), 400, api)
            except QueryError as exc:
                return self.error(str(exc), 400, api)
            except StoreLockedError as exc:
                return self.error(str(exc), 503, api, "The database is busy")
            except StoreError as exc:
                return self.error(str(exc), 503, api, "The database cannot be opened")
            except LookupError as exc:
                return self.error(str(exc), 404, api, "Not found")
        return run

    def error(self, message: str, status: int, api: bool, title: str = "Bad request") -> Response:
        if api:
            return JSONResponse({"error": title, "detail": message}, status_code=status)
        return self.page("error.html", status=status, title=title, message=message)

    # ---- data ----------------------------------------------------------------------------------------------
    def overview_data(self) -> dict[str, Any]:
        with self.dataset() as ds:
            con = ds.con
            counts = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), "
                                 "(SELECT count(*) FROM events), (SELECT min(date) FROM events), "
                                 "(SELECT max(date) FROM events)").fetchall()[0]
            actors = _rows(*ds.actors(Filters(), top=10))
            dyads = _rows(*ds.dyads(Filters(), top=10))
            periods = _rows(*ds.select("""SELECT CAST(date_trunc('month', date) AS DATE) AS period,
                count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,
                count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4
                FROM events WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1""", []))
        return {"articles": counts[0], "mentions": counts[1], "events": counts[2],
                "first_date": _plain(counts[3]), "last_date": _plain(counts[4]), "top_actors": actors,
                "top_dyads": dyads, "periods": periods}

    def events_data(self, request: Request) -> dict[str, Any]:
        f = filters_from(request.query_params)
        try:
            page = max(1, int(request.query_params.get("page", "1")))
        except ValueError as exc:
            raise BadRequest("page must be a whole number") from exc
        with self.dataset() as ds:
            cols, rows = ds.events(f, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
            total = ds.count(f)
        return {"total": total, "page": page, "per_page": PER_PAGE, "events": _rows(cols, rows),
                "filters": {k: v for k, v in f.__dict__.items() if v is not None}}

    def event_data(self, event_id: str) -> dict[str, Any]:
        with self.dataset() as ds:
            cols, rows = ds.select("SELECT * FROM events WHERE event_id = ?", [event_id])
            if not rows:
                raise LookupError(f"no event {event_id!r}")
            mcols, mrows = ds.select("""SELECT m.mention_id, m.article_id, m.sentence, m.date, m.source_code,
                m.cameo_code, m.target_code, m.modality, m.trigger_text, m.sentence_text, m.pattern,
                a.title, a.source AS news_source, a.url FROM mentions m LEFT JOIN articles a USING (article_id)
                WHERE m.event_id = ? ORDER BY m.date, m.article_id, m.sentence""", [event_id])
        return {"event": _rows(cols, rows)[0], "mentions": _rows(mcols, mrows)}

    def article_data(self, article_id: str) -> dict[str, Any]:
        with self.dataset() as ds:
            cols, rows = ds.select("SELECT article_id, origin, url, source, title, date, text, status, reason, "
                                  "events FROM articles WHERE article_id = ?", [article_id])
            if not rows:
                raise LookupError(f"no article {article_id!r}")
            mcols, mrows = ds.select("""SELECT mention_id, event_id, sentence, source_code, source_start,
                source_end, target_code, target_start, target_end, trigger_text, trigger_start, trigger_end,
                cameo_code, cameo_name, quad_class, goldstein, plover_type, plover_mode, modality, pattern
                FROM mentions WHERE article_id = ? ORDER BY trigger_start""", [article_id])
        return {"article": _rows(cols, rows)[0], "mentions": _rows(mcols, mrows)}

    def dyad_data(self, dyad: str, by: str) -> dict[str, Any]:
        f = filters_from({"dyad": dyad})
        with self.dataset() as ds:
            rows = _rows(*ds.timeline(f, by=by))
        step = {"day": "1 day", "week": "7 days", "month": "1 month", "quarter": "3 months", "year": "1 year"}[by]
        for r in rows:
            start = dt.date.fromisoformat(r["period"])
            r["period_end"] = _period_end(start, step)
        return {"dyad": dyad.upper(), "by": by, "periods": rows}

    def network_data(self) -> dict[str, Any]:
        with self.dataset() as ds:
            rows = _rows(*ds.dyads(Filters(), top=300))
        edges = [{"source": r["source_country"], "target": r["target_country"], "events": r["events"],
                  "goldstein_mean": r["goldstein_mean"]} for r in rows
                 if r["target_country"] not in ("-", None) and r["target_country"] != r["source_country"]]
        return {"edges": edges}

    # ---- routes ------------------------------------------------------------------------------------------
    def routes(self) -> list[Route]:
        def by_of(request: Request) -> str:
            by = request.query_params.get("by", "month")
            if by not in ("day", "week", "month", "quarter", "year"):
                raise BadRequest("by must be day, week, month, quarter or year")
            return by

        def overview(request):
            return self.page("overview.html", **self.overview_data())

        def events(request):
            data = self.events_data(request)
            args = {k: v for k, v in request.query_params.items() if k in FILTER_KEYS and v}
            return self.page("events.html", args=args, **data)

        def event(request):
            return self.page("event.html", **self.event_data(request.path_params["event_id"]))

        def article(request):
            data = self.article_data(request.path_params["article_id"])
            spans = []
            for m in data["mentions"]:
                title = (f"{m['source_code']} {m['cameo_code']} {m['target_code'] or '-'}: {m['cameo_name']}; "
                         f"PLOVER {m['plover_type'] or '-'} {m['plover_mode'] or ''}; Goldstein {m['goldstein']}; "
                         f"{m['modality']}; pattern {m['pattern']}")
                for role in ("trigger", "source", "target"):
                    if m[f"{role}_start"] is not None and m[f"{role}_end"] is not None:
                        spans.append(Span(m[f"{role}_start"], m[f"{role}_end"], role, m["mention_id"],
                                          m["quad_class"], title))
            text = data["article"]["text"] or ""
            return self.page("article.html", marked=highlight(text, spans), **data)

        def dyad(request):
            by = by_of(request)
            return self.page("dyad.html", **self.dyad_data(request.path_params["dyad"], by))

        def network(request):
            return self.page("network.html", **self.network_data())

        def api(fn):
            def handler(request):
                return JSONResponse(json.loads(json.dumps(fn(request), default=_plain)))
            return handler

        def chart(request):
            name = request.path_params["name"]
            if name == "overview":
                item = charts.periods_chart(self.overview_data()["periods"])
            elif name == "network":
                item = charts.network_chart(self.network_data()["edges"])
            elif name == "dyad":
                d = self.dyad_data(request.query_params.get("dyad", ""), by_of(request))
                item = charts.dyad_chart(d["dyad"], d["periods"])
            else:
                raise LookupError(f"no chart {name!r}")
            return JSONResponse(item)

        def bokeh_js(request):
            name = request.path_params["name"]
            if name not in ("bokeh.min.js",):
                raise LookupError(name)
            import bokeh

            return FileResponse(Path(bokeh.__file__).parent / "server" / "static" / "js" / name,
                                media_type="application/javascript")

        def static(request):
            name = request.path_params["name"]
            if name not in ("style.css",):
                raise LookupError(name)
            return Response((resources.files("communique.web") / "static" / name).read_text(encoding="utf-8"),
                            media_type="text/css")

        pages = [("/", overview), ("/events", events), ("/events/{event_id}", event),
                 ("/articles/{article_id}", article), ("/dyads/{dyad}", dyad), ("/network", network),
                 ("/static/bokeh/{name}", bokeh_js), ("/static/{name}", static)]
        apis = [("/api/overview", api(lambda r: self.overview_data())),
                ("/api/events", api(self.events_data)),
                ("/api/events/{event_id}", api(lambda r: self.event_data(r.path_params["event_id"]))),
                ("/api/articles/{article_id}", api(lambda r: self.article_data(r.path_params["article_id"]))),
                ("/api/dyads/{dyad}", api(lambda r: self.dyad_data(r.path_params["dyad"], by_of(r)))),
                ("/api/network", api(lambda r: self.network_data())),
                ("/api/charts/{name}", chart)]
        return ([Route(p, self.guarded(h, api=False)) for p, h in pages]
                + [Route(p, self.guarded(h, api=True)) for p, h in apis])


def _period_end(start: dt.date, step: str) -> str:
    if step.endswith("days") or step.endswith("day"):
        days = int(step.split()[0])
        return (start + dt.timedelta(days=days - 1)).isoformat()
    months = {"1 month": 1, "3 months": 3, "1 year": 12}[step]
    y, m = divmod(start.month - 1 + months, 12)
    return (dt.date(start.year + y, m + 1, 1) - dt.timedelta(days=1)).isoformat()


def create_app(db: str | Path, wait: float = 2.0) -> Starlette:
    """The ASGI application for one database file or Parquet dataset directory (opened read-only)."""
    return Starlette(routes=Views(db, wait).routes())
