"""The web view in a real Chromium against a real server over a database of our own articles."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a real Chromium against real servers

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOSTILE = ('Chile criticised Peru over the border closure. <script>window.__xss = 1</script> '
           '<img src="x" onerror="window.__xss = 2"> <b onmouseover="window.__xss = 3">bold claim</b> '
           'and a <a href="javascript:window.__xss=4">link</a>.')
ROWS = [
    ("w1", "2024-02-05", "Andes Daily", "Chile and Peru signed a fisheries agreement in Lima."),
    ("w2", "2024-02-05", "Pacific Wire", "Peru and Chile signed a new fisheries agreement."),
    ("w3", "2024-03-20", "Andes Daily", "Bolivian troops attacked Chilean border posts on Wednesday."),
    ("w4", "2024-04-11", "Sierra News", "Chile accused Peru of blocking the talks."),
    ("w5", "2024-04-12", "Sierra News", "The Ecuadorian foreign minister visited Bogota."),
    ("xss", "2024-04-15", "Hostile Feed", HOSTILE),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real uvicorn server in a thread."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from communique.web import create_app

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(create_app(db, wait=1.0), host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        for _ in range(100):
            if self.server.started:
                break
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@pytest.fixture(scope="module")
def db(tmp_path_factory, build_db):
    return build_db(tmp_path_factory.mktemp("web"), ROWS, "web.duckdb")


@pytest.fixture(scope="module")
def server(db):
    s = Server(db)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def page():
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        yield pg
        browser.close()


def api(server, path: str):
    status, body = get(server.url + path)
    assert status == 200, body
    return json.loads(body)


def test_every_view_loads(server, page):
    ev = api(server, "/api/events?dyad=CHL-PER")["events"][0]
    article = api(server, f"/api/events/{ev['event_id']}")["mentions"][0]["article_id"]
    views = {"overview": "/", "events": "/events", "event": f"/events/{ev['event_id']}",
             "article": f"/articles/{article}", "dyad": "/dyads/CHL-PER", "network": "/network"}
    for name, path in views.items():
        response = page.goto(server.url + path)
        assert response.status == 200, name
        assert "communique" in page.title()
        if page.locator(".chart").count():
            page.wait_for_selector(".chart[data-drawn='1']", timeout=20000)
        page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)
    page.goto(server.url + "/")
    assert page.inner_text("#n-events") == str(api(server, "/api/overview")["events"])


def test_filter_narrows_the_table(server, page):
    page.goto(server.url + "/events")
    before = page.locator("tr.event").count()
    page.fill("input[name=dyad]", "BOL-CHL")
    page.click("button[type=submit]")
    page.wait_for_url("**/events?*dyad=BOL-CHL*")
    rows = page.locator("tr.event")
    assert 0 < rows.count() < before
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert cells.nth(1).inner_text().startswith("BOL") and cells.nth(3).inner_text().startswith("CHL")


def test_article_highlights_the_right_characters(server, page):
    ev = api(server, "/api/events?dyad=BOL-CHL")["events"][0]
    article_id = api(server, f"/api/events/{ev['event_id']}")["mentions"][0]["article_id"]
    data = api(server, f"/api/articles/{article_id}")
    text = data["article"]["text"]
    page.goto(server.url + f"/articles/{article_id}")
    marks = page.locator("#article-text mark.hl")
    assert marks.count() >= 3
    roles = set()
    for i in range(marks.count()):
        m = marks.nth(i)
        start, end = int(m.get_attribute("data-start")), int(m.get_attribute("data-end"))
        assert m.inner_text() == text[start:end]
        roles.update(c for c in m.get_attribute("class").split() if c in ("trigger", "source", "target"))
        assert "q4" in m.get_attribute("class")  # an attack is material conflict
        assert "190" in m.get_attribute("title") and "ASSAULT" in m.get_attribute("title")
    assert roles == {"trigger", "source", "target"}
    assert page.inner_text("#article-text") == text
    page.screenshot(path=str(ARTIFACTS / "web-article-highlights.png"), full_page=True)


def test_charts_draw(server, page):
    for path, chart in (("/dyads/CHL-PER", "#chart-dyad"), ("/", "#chart-overview"), ("/network", "#chart-network")):
        page.goto(server.url + path)
        page.wait_for_selector(f"{chart}[data-drawn='1']", timeout=20000)
        assert page.locator(f"{chart} canvas").count() >= 1
    page.goto(server.url + "/dyads/CHL-PER")
    page.wait_for_selector("#chart-dyad[data-drawn='1']", timeout=20000)
    page.screenshot(path=str(ARTIFACTS / "web-dyad-chart.png"), full_page=True)
    link = page.locator("#periods a").first.get_attribute("href")
    assert "dyad=CHL-PER" in link and "since=2024-02-01" in link


def test_untrusted_article_text_never_runs(server, page):
    data = api(server, "/api/articles/xss")
    assert data["mentions"], "the hostile article still has its event coded"
    page.goto(server.url + "/articles/xss")
    page.hover("#article-text")
    assert page.evaluate("window.__xss") is None
    assert "<script>window.__xss = 1</script>" in page.inner_text("#article-text")
    assert page.locator("#article-text script, #article-text img, #article-text a, #article-text b").count() == 0
    ev = data["mentions"][0]["event_id"]
    page.goto(server.url + f"/events/{ev}")
    assert page.evaluate("window.__xss") is None
    page.goto(server.url + "/events?" + urllib.parse.urlencode({"text": "<script>window.__xss=5</script>"}))
    assert page.evaluate("window.__xss") is None


INJECTIONS = ["' OR 1=1 --", "x'); DROP TABLE events; --", "%' UNION SELECT * FROM articles --", "\\' OR ''='"]


def test_filters_are_parameterised(server, db):
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    total = api(server, "/api/events")["total"]
    for key in ("since", "until", "actor", "country", "dyad", "code", "root", "plover", "quad", "source", "text"):
        for bad in INJECTIONS:
            status, body = get(server.url + "/api/events?" + urllib.parse.urlencode({key: bad}))
            if key in ("since", "until", "quad", "root") or (key == "dyad" and bad.count("-") != 1):
                assert status == 400, (key, bad, body)
                continue
            assert status == 200, (key, bad, body)
            assert json.loads(body)["total"] == 0, (key, bad)
            status, _ = get(server.url + "/events?" + urllib.parse.urlencode({key: bad}))
            assert status == 200
    assert api(server, "/api/events")["total"] == total
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_missing_or_locked_database_gives_a_clear_page(db, tmp_path):
    s = Server(tmp_path / "nothing.duckdb")
    try:
        status, body = get(s.url + "/")
        assert status == 503 and "cannot be opened" in body and "no such database" in body
        assert "Traceback" not in body
    finally:
        s.stop()
    s = Server(db)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from communique.store import EventStore; s = EventStore(sys.argv[1]); "
        "print('open', flush=True); time.sleep(30)"), str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        status, body = get(s.url + "/events")
        assert status == 503 and "busy" in body and "coding run" in body
        status, body = get(s.url + "/api/events")
        assert status == 503 and json.loads(body)["error"] == "The database is busy"
    finally:
        holder.kill()
        holder.wait()
        s.stop()


def test_serve_binds_to_localhost_by_default():
    from communique.cli import build_parser

    args = build_parser().parse_args(["serve", "x.duckdb"])
    assert args.host == "127.0.0.1" and args.port == 8000
