"""The web view: HTML pages and the JSON API behind them, over a read-only database or a Parquet dataset."""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..defaults import PERIODS, SERVE_WAIT_S
from ..query import Dataset, Filters, QueryError, check_count
from ..store import StoreError, StoreLockedError
from ..tables import plain as _plain
from . import charts
from .guard import Guard, http_url
from .highlight import Span, highlight

FILTER_KEYS = tuple(f.name for f in fields(Filters))
PER_PAGE = 50
STATIC = {"style.css": "text/css; charset=utf-8", "charts.js": "text/javascript; charset=utf-8"}
RETRY_AFTER = "5"
log = logging.getLogger(__name__)


def _rows(cols: list[str], rows: list[tuple]) -> list[dict[str, Any]]:
    return [{c: _plain(v) for c, v in zip(cols, r, strict=True)} for r in rows]


def filters_from(params: Mapping[str, str]) -> Filters:
    """Filters from query parameters, validated by Filters itself (QueryError on a bad value)."""
    return Filters(**{k: (params.get(k) or "").strip() or None for k in FILTER_KEYS})


def page_of(params: Mapping[str, str]) -> tuple[int, int]:
    """The page number (1 when absent) and the offset of its first row, or QueryError."""
    page = check_count("page", params.get("page") or "1", minimum=1)
    try:
        offset = check_count("offset", (page - 1) * PER_PAGE)
    except QueryError as exc:
        raise QueryError(f"page {page} is past the last page any database can have") from exc
    return page, offset


def by_of(params: Mapping[str, str]) -> str:
    """The period of a timeline (month when absent), or QueryError."""
    by = params.get("by") or "month"
    if by not in PERIODS:
        raise QueryError(f"by must be one of {', '.join(PERIODS)} (got {by!r})")
    return by


def id_path(value: object) -> str:
    """An id quoted as one URL path segment (a / in it included), for links to /events/ and /articles/."""
    return quote(str(value), safe="")


class Views:
    """Request handlers bound to one database path."""

    def __init__(self, path: str | Path, wait: float = SERVE_WAIT_S) -> None:
        self.path = Path(path)
        self.wait = wait
        self.env = Environment(loader=PackageLoader("communique.web", "templates"),
                               autoescape=select_autoescape(["html"]))
        self.env.globals.update(urlencode=urlencode, http_url=http_url)
        self.env.filters["id_path"] = id_path
        self._parquet: Dataset | None = None
        self._parquet_lock = threading.Lock()
        self._opening = threading.Lock()  # one open of the DuckDB file at a time
        self._waiting = threading.Lock()  # held by the one request that waits for a locked database
        self._busy = False  # the last wait for the database ended with it still locked
        self.static_text = {name: (resources.files("communique.web") / "static" / name).read_text(encoding="utf-8")
                            for name in STATIC}

    def _open(self) -> Dataset:
        """The DuckDB file read-only; locked, it raises at once unless this request is the one allowed to wait."""
        waiter = False
        deadline = time.monotonic() + self.wait
        delay = 0.05
        try:
            while True:
                with self._opening:  # DuckDB is very slow at failing many opens of a locked file at once
                    try:
                        ds = Dataset(self.path, wait=0.0)
                    except StoreLockedError:
                        if not waiter:
                            if self.wait <= 0 or self._busy or not self._waiting.acquire(blocking=False):
                                raise
                            waiter = True
                        if time.monotonic() >= deadline:
                            self._busy = True
                            raise
                    else:
                        self._busy = False
                        return ds
                time.sleep(max(0.0, min(delay, deadline - time.monotonic())))
                delay = min(delay * 2, 0.5)
        finally:
            if waiter:
                self._waiting.release()

    @contextmanager
    def dataset(self) -> Iterator[Dataset]:
        """Open the data read-only for one request (a DuckDB file is released after each request)."""
        if self.path.is_dir():
            with self._parquet_lock:
                if self._parquet is None:
                    self._parquet = Dataset(self.path, wait=self.wait)
            own = copy.copy(self._parquet)
            own.con = self._parquet.con.cursor()  # a connection of its own to the shared in-memory tables
            try:
                yield own
            finally:
                own.con.close()
            return
        ds = self._open()
        try:
            yield ds
        finally:
            ds.close()

    # ---- rendering helpers ------------------------------------------------------------------------------
    def page(self, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        """A rendered template."""
        ctx.setdefault("db_name", self.path.name)
        return HTMLResponse(self.env.get_template(name).render(**ctx), status_code=status)

    def guarded(self, handler: Callable[[Request], Any], api: bool) -> Callable[[Request], Any]:
        """An endpoint running handler off the event loop (unless it is async) and turning errors into pages."""
        async def run(request: Request) -> Response:
            try:
                if inspect.iscoroutinefunction(handler):
                    return await handler(request)
                return await run_in_threadpool(handler, request)
            except QueryError as exc:
                return self.error(str(exc), 400, api)
            except StoreLockedError:
                message = (f"{self.path.name} is being written by another process (a coding run holds the "
                           "lock). Try again when that run ends.")
                response = self.error(message, 503, api, "The database is busy")
                response.headers["retry-after"] = RETRY_AFTER
                return response
            except StoreError as exc:
                return self.error(str(exc), 503, api, "The database cannot be opened")
            except LookupError as exc:
                return self.error(str(exc), 404, api, "Not found")
            except Exception:
                log.exception("error answering %s", request.url.path)
                return self.error("Something went wrong while answering this request; the server log has the "
                                  "details.", 500, api, "Internal error")
        return run

    def error(self, message: str, status: int, api: bool, title: str = "Bad request") -> Response:
        """An error as JSON for the API or as a page."""
        if api:
            return JSONResponse({"error": title, "detail": message}, status_code=status)
        return self.page("error.html", status=status, title=title, message=message)

    # ---- data ----------------------------------------------------------------------------------------------
    def overview_data(self) -> dict[str, Any]:
        """Counts, top actors and dyads, and events per month by quad class."""
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
        """One page of the filtered events."""
        f = filters_from(request.query_params)
        page, offset = page_of(request.query_params)
        with self.dataset() as ds:
            cols, rows = ds.events(f, limit=PER_PAGE, offset=offset)
            total = ds.count(f)
        return {"total": total, "page": page, "per_page": PER_PAGE, "events": _rows(cols, rows),
                "filters": {k: v for k, v in f.__dict__.items() if v is not None}}

    def event_data(self, event_id: str) -> dict[str, Any]:
        """One event and its mentions."""
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
        """One article and its coded mentions."""
        with self.dataset() as ds:
            cols, rows = ds.select("SELECT article_id, origin, url, source, title, date, text, status, reason, "
                                  "events, figures FROM articles WHERE article_id = ?", [article_id])
            if not rows:
                raise LookupError(f"no article {article_id!r}")
            mcols, mrows = ds.select("""SELECT mention_id, event_id, sentence, source_code, source_start,
                source_end, target_code, target_start, target_end, trigger_text, trigger_start, trigger_end,
                cameo_code, cameo_name, quad_class, goldstein, plover_type, plover_mode, modality, pattern,
                location_name, location_full_name, lat, lon, killed, wounded, arrested
                FROM mentions WHERE article_id = ? ORDER BY trigger_start""", [article_id])
        article = _rows(cols, rows)[0]
        article["figures"] = json.loads(article["figures"]) if article.get("figures") else []
        return {"article": article, "mentions": _rows(mcols, mrows)}

    def dyad_data(self, dyad: str, by: str) -> dict[str, Any]:
        """A dyad's timeline."""
        f = filters_from({"dyad": dyad})
        with self.dataset() as ds:
            rows = _rows(*ds.timeline(f, by=by))
        for r in rows:
            r["period_end"] = _period_end(dt.date.fromisoformat(r["period"]), by)
        return {"dyad": dyad.upper(), "by": by, "periods": rows}

    def network_data(self) -> dict[str, Any]:
        """Country-to-country edges."""
        with self.dataset() as ds:
            rows = _rows(*ds.dyads(Filters(), top=300))
        edges = [{"source": r["source_country"], "target": r["target_country"], "events": r["events"],
                  "goldstein_mean": r["goldstein_mean"]} for r in rows
                 if r["target_country"] not in ("-", None) and r["target_country"] != r["source_country"]]
        return {"edges": edges}

    # ---- pages ------------------------------------------------------------------------------------------
    def overview_page(self, request: Request) -> Response:
        """The overview page."""
        return self.page("overview.html", **self.overview_data())

    def events_page(self, request: Request) -> Response:
        """The filterable events table."""
        data = self.events_data(request)
        args = {k: v for k, v in request.query_params.items() if k in FILTER_KEYS and v}
        return self.page("events.html", args=args, **data)

    def event_page(self, request: Request) -> Response:
        """One event with all its mentions."""
        return self.page("event.html", **self.event_data(request.path_params["event_id"]))

    def article_page(self, request: Request) -> Response:
        """An article's text with every trigger, source and target highlighted."""
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

    def dyad_page(self, request: Request) -> Response:
        """A dyad's cooperation and conflict over time."""
        return self.page("dyad.html", **self.dyad_data(request.path_params["dyad"], by_of(request.query_params)))

    def network_page(self, request: Request) -> Response:
        """The network of countries."""
        return self.page("network.html", **self.network_data())

    def chart(self, request: Request) -> Response:
        """A chart's Bokeh JSON item."""
        name = request.path_params["name"]
        if name == "overview":
            item = charts.periods_chart(self.overview_data()["periods"])
        elif name == "network":
            item = charts.network_chart(self.network_data()["edges"])
        elif name == "dyad":
            d = self.dyad_data(request.query_params.get("dyad", ""), by_of(request.query_params))
            item = charts.dyad_chart(d["dyad"], d["periods"])
        else:
            raise LookupError(f"no chart {name!r}")
        return JSONResponse(item)

    async def bokeh_js(self, request: Request) -> Response:
        """BokehJS, served from the installed bokeh package."""
        name = request.path_params["name"]
        if name not in ("bokeh.min.js",):
            raise LookupError(f"no file {name!r}")
        import bokeh

        return FileResponse(Path(bokeh.__file__).parent / "server" / "static" / "js" / name,
                            media_type="text/javascript; charset=utf-8")

    async def static(self, request: Request) -> Response:
        """The view's own style sheet and script."""
        name = request.path_params["name"]
        if name not in STATIC:
            raise LookupError(f"no file {name!r}")
        return Response(self.static_text[name], media_type=STATIC[name])

    # ---- routes ------------------------------------------------------------------------------------------
    def routes(self) -> list[Route]:
        """The pages, the static files and the JSON API."""
        def api(fn):
            def handler(request):
                return JSONResponse(json.loads(json.dumps(fn(request), default=_plain)))
            return handler

        pages = [("/", self.overview_page), ("/events", self.events_page), ("/events/{event_id:path}", self.event_page),
                 ("/articles/{article_id:path}", self.article_page), ("/dyads/{dyad}", self.dyad_page),
                 ("/network", self.network_page), ("/static/bokeh/{name}", self.bokeh_js),
                 ("/static/{name}", self.static)]
        apis = [("/api/overview", api(lambda r: self.overview_data())),
                ("/api/events", api(self.events_data)),
                ("/api/events/{event_id:path}", api(lambda r: self.event_data(r.path_params["event_id"]))),
                ("/api/articles/{article_id:path}",
                 api(lambda r: self.article_data(r.path_params["article_id"]))),
                ("/api/dyads/{dyad}", api(lambda r: self.dyad_data(r.path_params["dyad"], by_of(r.query_params)))),
                ("/api/network", api(lambda r: self.network_data())),
                ("/api/charts/{name}", self.chart)]
        return ([Route(p, self.guarded(h, api=False)) for p, h in pages]
                + [Route(p, self.guarded(h, api=True)) for p, h in apis])


PERIOD_DAYS = {"day": 1, "week": 7}  # the other periods are counted in months
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def _period_end(start: dt.date, by: str) -> str:
    if by in PERIOD_DAYS:
        return (start + dt.timedelta(days=PERIOD_DAYS[by] - 1)).isoformat()
    y, m = divmod(start.month - 1 + PERIOD_MONTHS[by], 12)
    return (dt.date(start.year + y, m + 1, 1) - dt.timedelta(days=1)).isoformat()


def create_app(db: str | Path, wait: float = SERVE_WAIT_S, allowed_hosts: Iterable[str] | None = None) -> Starlette:
    """The ASGI app over one database file or Parquet directory, read-only (docs/web.md: wait, allowed hosts)."""
    return Starlette(routes=Views(db, wait).routes(), middleware=[Middleware(Guard, allowed_hosts=allowed_hosts)])
